//! What is retried, and how long to wait first (docs/behaviour.md, "Retries").
//!
//! | failure | GET, DELETE (and token requests) | POST |
//! |---|---|---|
//! | 429 | retried | retried (the server did nothing) |
//! | connection failed before the request was sent | retried | retried |
//! | timeout, connection reset, 5xx | retried | **never**: the API has no idempotency keys, so a retry could create a second invoice; the error says the outcome is unknown |
//! | any other status | not retried | not retried |
//!
//! Waits are `0.5 s × 2^n`, capped at 8 s, with jitter; a `Retry-After` header overrides
//! them (capped at 60 s).

use std::time::{Duration, SystemTime};

/// How an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this error status.
    Status(u16),
    /// The connection could not be made: the request never left.
    NotSent,
    /// No answer in time: the request may have been applied.
    Timeout,
    /// The connection broke after the request was sent: it may have been applied.
    Broken,
}

/// Whether a request may be sent again after `failure`. `idempotent` is true for GET and
/// DELETE (and token requests, which create nothing).
pub fn is_retryable(idempotent: bool, failure: Failure) -> bool {
    match failure {
        Failure::Status(429) | Failure::NotSent => true,
        Failure::Status(500..=599) | Failure::Timeout | Failure::Broken => idempotent,
        Failure::Status(_) => false,
    }
}

/// The longest wait a `Retry-After` header can impose.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const BASE: Duration = Duration::from_millis(500);
const CAP: Duration = Duration::from_secs(8);

/// The wait before retry number `retry` (0 for the first retry): `0.5 s × 2^retry`, capped at
/// 8 s, scaled by `jitter` in `[0, 1)` into its upper half.
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let full = BASE.saturating_mul(2u32.saturating_pow(retry.min(16))).min(CAP);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// The wait before retry number `retry`, with random jitter.
pub fn backoff_with_jitter(retry: u32) -> Duration {
    backoff(retry, fastrand::f64())
}

/// Reads a `Retry-After` value: seconds (whole or fractional) or an HTTP date, capped at
/// [`MAX_RETRY_AFTER`]. `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs >= 0.0 => Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64())),
        Ok(_) => return None,
        Err(_) => httpdate::parse_http_date(value).ok()?.duration_since(now).unwrap_or(Duration::ZERO),
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_table() {
        use Failure::*;
        for failure in [Status(429), NotSent] {
            assert!(is_retryable(true, failure) && is_retryable(false, failure), "{failure:?}");
        }
        for failure in [Status(500), Status(502), Status(503), Timeout, Broken] {
            assert!(is_retryable(true, failure), "{failure:?} for GET");
            assert!(!is_retryable(false, failure), "{failure:?} must never repeat a POST");
        }
        for status in [400, 401, 403, 404, 409, 422] {
            assert!(!is_retryable(true, Status(status)));
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(0, 1.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(4, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(40, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(0, 0.0), Duration::from_millis(250));
        let jittered = backoff_with_jitter(2);
        assert!(jittered >= Duration::from_secs(1) && jittered <= Duration::from_secs(2));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 ", now), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("3600", now), Some(MAX_RETRY_AFTER));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("inf", now), None);
    }
}
