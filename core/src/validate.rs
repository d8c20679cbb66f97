//! Checks made before anything is sent (SPEC §7): a refused argument is an
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
///
/// ```
/// use alternative_payments::{validate::line_item_amount, Money};
/// assert!(line_item_amount("amount", &Money::from(-2500)).is_ok());
/// assert!(line_item_amount("amount", &"12.75".parse().unwrap()).is_ok());
/// assert!(line_item_amount("amount", &"9007199254740993".parse().unwrap()).is_err());
/// ```
pub fn line_item_amount(argument: &str, amount: &crate::Money) -> Result<()> {
    if amount.fits_json_number() {
        return Ok(());
    }
    Err(Error::invalid(
        argument,
        format!("{amount} cannot be sent exactly: whole amounts go up to ±{MAX_SAFE_INTEGER}, decimals up to 15 significant digits"),
    ))
}

/// An integer that arrived as a floating-point number (JavaScript): it must be finite, whole,
/// and within `±(2^53 - 1)`, where every integer is exact.
///
/// ```
/// use alternative_payments::validate::integer_from_f64;
/// assert_eq!(integer_from_f64("amount", 5000.0).unwrap(), 5000);
/// assert!(integer_from_f64("amount", 12.5).is_err());
/// assert!(integer_from_f64("amount", f64::NAN).is_err());
/// assert!(integer_from_f64("amount", 1e300).is_err());
/// ```
pub fn integer_from_f64(argument: &str, value: f64) -> Result<i64> {
    if !value.is_finite() {
        return Err(Error::invalid(argument, format!("must be a finite integer, not {value}")));
    }
    if value.fract() != 0.0 {
        return Err(Error::invalid(
            argument,
            format!("must be an integer in minor units (150000 for 1,500.00), not {value}"),
        ));
    }
    if value.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(Error::invalid(argument, format!("{value} is out of range (beyond ±{MAX_SAFE_INTEGER})")));
    }
    Ok(value as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(integer_from_f64("amount", -250.0).unwrap(), -250);
        assert_eq!(integer_from_f64("amount", MAX_SAFE_INTEGER as f64).unwrap(), MAX_SAFE_INTEGER);
        assert!(integer_from_f64("amount", f64::INFINITY).is_err());
        assert!(integer_from_f64("amount", 9_007_199_254_740_994.0).is_err());
    }

    #[test]
    fn huge_text_is_refused() {
        assert!(text("name", &"x".repeat(MAX_TEXT_BYTES)).is_ok());
        assert!(text("name", &"x".repeat(MAX_TEXT_BYTES + 1)).is_err());
        assert!(required_text("email", " ").is_err());
    }
}
