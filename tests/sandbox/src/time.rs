//! Timestamps in the API's format (RFC 3339, UTC, whole seconds).

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time, e.g. `2024-01-01T12:00:00Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    rfc3339(secs)
}

/// Formats seconds since the Unix epoch (civil-from-days, proleptic Gregorian calendar).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// Seconds since the Unix epoch of a date (`2025-01-31`, midnight UTC) or an RFC 3339 time with
/// an offset; `None` for anything else. Filters compare instants, not strings.
pub fn instant(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if text.get(4..5)? != "-" || text.get(7..8)? != "-" || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let midnight = (days * 86_400) as f64;
    if text.len() == 10 {
        return Some(midnight);
    }
    let (hour, minute) = (number(11..13)?, number(14..16)?);
    let rest = text.get(17..)?;
    let zone_at = rest.find(['Z', 'z', '+', '-'])?;
    let seconds: f64 = rest[..zone_at].parse().ok()?;
    let zone = &rest[zone_at..];
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let hours: i64 = zone.get(1..3)?.parse().ok()?;
            let minutes: i64 = zone.get(4..6)?.parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    Some(midnight + (hour * 3600 + minute * 60 - offset) as f64 + seconds)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_dates_and_times_as_instants() {
        assert_eq!(super::instant("1970-01-01"), Some(0.0));
        assert_eq!(super::instant("2024-01-01T12:00:00Z"), Some(1_704_110_400.0));
        assert_eq!(super::instant("2024-01-01T14:00:00+02:00"), Some(1_704_110_400.0));
        assert_eq!(super::instant("2000-02-29"), Some(951_782_400.0));
        assert_eq!(super::instant("2025-01-31T23:59:59.5Z"), super::instant("2025-02-01").map(|t| t - 0.5));
        assert_eq!(super::instant("soon"), None);
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_704_110_400), "2024-01-01T12:00:00Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
