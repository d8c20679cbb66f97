//! Checks made before anything is sent (docs/behaviour.md, "Validation"): a refused argument is an
//! [`Error::InvalidArgument`] and no request.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};

/// Everything but unreserved characters (RFC 3986) is percent-encoded in a path segment, so
/// `/`, `?`, `#` and `%` in an id can never re-route a request.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The longest id accepted.
pub const MAX_ID_BYTES: usize = 1024;
/// The longest text argument accepted (names, emails, descriptions, URLs).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// An id, percent-encoded for use as one path segment.
pub fn path_id(argument: &str, id: &str) -> Result<String> {
    if id.trim().is_empty() {
        return Err(Error::invalid(argument, "must not be empty"));
    }
    if id == "." || id == ".." {
        return Err(Error::invalid(argument, "`.` and `..` are not ids"));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(Error::invalid(argument, format!("is {} bytes long; ids are at most {MAX_ID_BYTES}", id.len())));
    }
    Ok(utf8_percent_encode(id, PATH_SEGMENT).to_string())
}

/// A text argument: at most [`MAX_TEXT_BYTES`].
pub fn text(argument: &str, value: &str) -> Result<()> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            argument,
            format!("is {} bytes long; at most {MAX_TEXT_BYTES} are accepted", value.len()),
        ));
    }
    Ok(())
}

/// A required text argument: not empty, not too long.
pub fn required_text(argument: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(argument, "is required and must not be empty"));
    }
    text(argument, value)
}

/// An absolute `https://` URL, as the API asks of webhook endpoints.
pub fn https_url(argument: &str, value: &str) -> Result<()> {
    required_text(argument, value)?;
    match url::Url::parse(value.trim()) {
        Ok(url) if url.scheme() == "https" && url.host().is_some() => Ok(()),
        Ok(_) => Err(Error::invalid(argument, "must be an https:// URL (the API delivers webhooks over HTTPS only)")),
        Err(err) => Err(Error::invalid(argument, format!("is not a URL ({err})"))),
    }
}

/// Which end of a range a time filter bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// `created_at_start`, `due_date_start`, `start_date`.
    Start,
    /// `created_at_end`, `due_date_end`, `end_date`.
    End,
}

/// A time filter, where the reference asks for RFC 3339: a datetime with an offset
/// (`2025-01-31T12:00:00Z`, `2025-01-31T12:00:00+02:00`) is sent as given; a date
/// (`2025-01-31`) is sent as the first instant of that day in UTC for a start
/// (`2025-01-31T00:00:00Z`) and the last for an end (`2025-01-31T23:59:59.999999Z`), so a range
/// of dates includes both days. Anything else is refused before sending
/// (docs/behaviour.md, "Filters").
pub fn time_filter(argument: &str, value: &str, bound: Bound) -> Result<String> {
    let value = value.trim();
    if is_date(value) {
        return Ok(match bound {
            Bound::Start => format!("{value}T00:00:00Z"),
            Bound::End => format!("{value}T23:59:59.999999Z"),
        });
    }
    if is_datetime(value) {
        return Ok(value.to_string());
    }
    Err(Error::invalid(
        argument,
        format!("must be a date (2025-01-31) or an RFC 3339 time with an offset (2025-01-31T12:00:00Z), not {value:?}"),
    ))
}

/// A range whose start (as [`time_filter`] sends it) lies after its end is refused: the answer
/// would be empty, which hides a swapped `--from`/`--to` or start/end. Compared when both are in
/// UTC (`Z`, as every date becomes), to the second; other offsets are left to the server.
pub fn time_range(start_argument: &str, start: &str, end: &str) -> Result<()> {
    let utc_seconds = |t: &str| match (t.ends_with(['Z', 'z']), t.get(..10), t.get(11..19)) {
        (true, Some(date), Some(clock)) => Some((date.to_string(), clock.to_string())),
        _ => None,
    };
    if let (Some(from), Some(to)) = (utc_seconds(start), utc_seconds(end)) {
        if from > to {
            return Err(Error::invalid(start_argument, format!("{start} is after the end of the range, {end}")));
        }
    }
    Ok(())
}

/// `YYYY-MM-DD` with a month 01–12 and a day 01–31.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month = (bytes[5] - b'0') * 10 + (bytes[6] - b'0');
    let day = (bytes[8] - b'0') * 10 + (bytes[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// An RFC 3339 date-time: a date, `T` (or `t` or a space), `HH:MM:SS`, optional fraction, and
/// `Z` or `±HH:MM`.
fn is_datetime(text: &str) -> bool {
    let (Some(date), Some(rest)) = (text.get(..10), text.get(11..)) else { return false };
    if !is_date(date) || !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        return false;
    }
    let clock = |t: &str| {
        let b = t.as_bytes();
        b.len() == 8 && b[2] == b':' && b[5] == b':' && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit())
    };
    let Some(time) = rest.get(..8) else { return false };
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        zone = &fraction[digits..];
    }
    let offset = |z: &str| {
        let b = z.as_bytes();
        b.len() == 6
            && matches!(b[0], b'+' | b'-')
            && b[3] == b':'
            && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit())
    };
    clock(time) && (zone == "Z" || zone == "z" || offset(zone))
}

/// A three-letter currency code such as `USD`.
pub fn currency(value: &str) -> Result<()> {
    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::invalid("currency", format!("must be a three-letter code such as USD, not {value:?}")));
    }
    Ok(())
}

/// A positive integer (a payment amount, a quantity).
pub fn positive(argument: &str, value: i64) -> Result<()> {
    if value <= 0 {
        return Err(Error::invalid(argument, format!("must be a positive integer, not {value}")));
    }
    Ok(())
}

/// A line item amount: any finite number, negative allowed (a discount), sent exactly as given.
/// A whole amount must lie within ±(2^53 − 1) and a fractional one must be one a JSON number
/// carries exactly, so that no face can round it on the way (docs/behaviour.md, "Money").
pub fn line_item_amount(argument: &str, amount: &crate::Money) -> Result<()> {
    if amount.fits_json_number() {
        return Ok(());
    }
    Err(Error::invalid(
        argument,
        format!("{amount} cannot be sent exactly: whole amounts go up to ±{MAX_SAFE_INTEGER}, decimals up to 15 significant digits"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_that_ends_before_it_starts_is_refused() {
        let start = |v: &str| time_filter("start_date", v, Bound::Start).unwrap();
        let end = |v: &str| time_filter("end_date", v, Bound::End).unwrap();
        assert!(time_range("start_date", &start("2026-12-01"), &end("2026-12-01")).is_ok(), "one day");
        assert!(time_range("start_date", &start("2026-11-01"), &end("2026-11-30")).is_ok());
        let swapped = time_range("start_date", &start("2026-12-31"), &end("2026-01-01")).unwrap_err();
        assert!(matches!(&swapped, Error::InvalidArgument { argument, .. } if argument == "start_date"), "{swapped:?}");
        assert!(time_range("start_date", "2026-01-01T10:00:01Z", "2026-01-01 10:00:00.5Z").is_err());
        assert!(time_range("start_date", "2026-01-01T10:00:00.9Z", "2026-01-01T10:00:00Z").is_ok(), "same second");
        assert!(
            time_range("start_date", "2026-01-02T00:00:00+05:00", "2026-01-01T23:00:00Z").is_ok(),
            "left to the server"
        );
    }

    #[test]
    fn time_filters_take_dates_and_rfc3339_times() {
        let start = |v: &str| time_filter("created_at_start", v, Bound::Start);
        let end = |v: &str| time_filter("created_at_end", v, Bound::End);
        assert_eq!(start("2025-01-31").unwrap(), "2025-01-31T00:00:00Z");
        assert_eq!(end(" 2025-01-31 ").unwrap(), "2025-01-31T23:59:59.999999Z");
        for given in ["2025-01-31T12:00:00Z", "2025-01-31T12:00:00.5+02:00", "2025-01-31 12:00:00-05:30"] {
            assert_eq!(start(given).unwrap(), given, "a datetime is sent as given");
        }
        for refused in [
            "",
            "yesterday",
            "2025-13-01",
            "2025-1-31",
            "2025-01-31T12:00:00",
            "2025-01-31T12:00Z",
            "31/01/2025",
            "2025-01-31T12:00:00.Z",
            "2025-01-31T12:00:00+2",
        ] {
            match start(refused) {
                Err(Error::InvalidArgument { argument, .. }) => assert_eq!(argument, "created_at_start", "{refused:?}"),
                other => panic!("{refused:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn months_and_days_are_read_digit_by_digit() {
        for date in ["2025-03-15", "2025-12-31", "2025-10-10", "2025-09-30", "2024-02-29", "2025-01-01"] {
            assert!(time_filter("start_date", date, Bound::Start).is_ok(), "{date:?}");
            assert!(time_filter("start_date", &format!("{date}T08:00:00Z"), Bound::Start).is_ok(), "{date:?}");
        }
        for date in
            ["2025-00-10", "2025-01-00", "2025-01-32", "2025-19-01", "2025-13-01T12:00:00Z", "2025-01-00T12:00:00Z"]
        {
            assert!(time_filter("start_date", date, Bound::Start).is_err(), "{date:?}");
        }
    }

    #[test]
    fn dates_need_every_digit_and_dash_in_place() {
        // `:` is the byte after `9`: read as a digit it would make month 10 or day 10.
        for refused in [
            "2025x01-31",
            "2025-01x31",
            "202a-01-31",
            "2025-0a-31",
            "2025-01-3a",
            "2025-01-311",
            "2025-0:-15",
            "2025-01-1:",
        ] {
            assert!(time_filter("start_date", refused, Bound::Start).is_err(), "{refused:?}");
        }
        for refused in [
            "2025-01-31x12:00:00Z",
            "2025-01-31T12x00:00Z",
            "2025-01-31T12:00x00Z",
            "2025-01-31T1a:00:00Z",
            "2025-01-31T12:0a:00Z",
            "2025-01-31T12:00:0aZ",
            "2025-01-31T12:00:00+02x00",
            "2025-01-31T12:00:00+0a:00",
            "2025-01-31T12:00:00*02:00",
            "2025-01-31T12:00:00+02:0a",
            "2025-01-31T12:00:00Zulu",
        ] {
            assert!(time_filter("start_date", refused, Bound::Start).is_err(), "{refused:?}");
        }
    }

    #[test]
    fn lengths_are_checked_at_their_bounds() {
        assert!(path_id("id", &"a".repeat(MAX_ID_BYTES)).is_ok());
        assert!(path_id("id", &"a".repeat(MAX_ID_BYTES + 1)).is_err());
        assert!(text("name", &"a".repeat(65_536)).is_ok());
        assert!(text("name", &"a".repeat(65_537)).is_err());
    }

    #[test]
    fn webhook_endpoints_must_be_https_with_a_host() {
        assert!(https_url("endpoint_url", "https://billing.example.com/hooks").is_ok());
        for refused in [
            "http://billing.example.com/hooks",
            "ftp://example.com",
            "mailto:ops@example.com",
            "https://",
            "not a url",
            " ",
        ] {
            match https_url("endpoint_url", refused) {
                Err(Error::InvalidArgument { argument, .. }) => assert_eq!(argument, "endpoint_url", "{refused:?}"),
                other => panic!("{refused:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn ids_are_encoded_as_one_segment() {
        assert_eq!(path_id("id", "cus_123").unwrap(), "cus_123");
        assert_eq!(path_id("id", "a/b?c#d%e f").unwrap(), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(path_id("id", "..x").unwrap(), "..x");
        for bad in ["", "  ", ".", ".."] {
            assert!(matches!(path_id("id", bad), Err(Error::InvalidArgument { .. })), "{bad:?}");
        }
        assert!(path_id("id", &"x".repeat(MAX_ID_BYTES + 1)).is_err());
    }

    #[test]
    fn currencies_and_amounts() {
        assert!(currency("USD").is_ok() && currency("eur").is_ok());
        for bad in ["US", "USDD", "U$D", "", "ÜSD"] {
            assert!(currency(bad).is_err(), "{bad:?}");
        }
        assert!(positive("amount", 1).is_ok());
        assert!(positive("amount", 0).is_err() && positive("amount", -5).is_err());
    }

    #[test]
    fn line_item_amounts_must_travel_exactly() {
        let money = |text: &str| text.parse::<crate::Money>().unwrap();
        assert!(line_item_amount("amount", &crate::Money::from(-2500)).is_ok());
        assert!(line_item_amount("amount", &money("12.75")).is_ok());
        assert!(line_item_amount("amount", &money("9007199254740993")).is_err());
    }

    #[test]
    fn huge_text_is_refused() {
        assert!(text("name", &"x".repeat(MAX_TEXT_BYTES)).is_ok());
        assert!(text("name", &"x".repeat(MAX_TEXT_BYTES + 1)).is_err());
        assert!(required_text("email", " ").is_err());
    }
}
