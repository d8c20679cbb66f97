//! Money exactly as the API sent it. The guides show integers in minor units (`150000` is
//! 1,500.00); the vendor's reference types totals, line items and fees as JSON numbers without
//! naming a unit, so a value may be fractional. [`Money`] keeps the decimal the server wrote,
//! never rescaled or rounded, and reads a JSON integer, a decimal number or a numeric string
//! (docs/behaviour.md, "Money").
//!
//! ```
//! use alternative_payments::Money;
//! let whole: Money = serde_json::from_str("150000").unwrap();
//! assert_eq!(whole.as_i64(), Some(150000));
//! let fractional: Money = serde_json::from_str("\"19.99\"").unwrap();
//! assert_eq!((fractional.as_i64(), fractional.to_string()), (None, "19.99".to_string()));
//! ```

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::Error;

/// An exact decimal amount: whole (`150000`) or fractional (`19.99`), in the unit the API uses
/// for the field (see the field's documentation).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Money {
    /// Canonical decimal text: an optional `-`, no leading zeros, no trailing fractional
    /// zeros, no exponent (`"0"`, `"-12.5"`, `"150000"`).
    text: String,
}

impl Money {
    /// The amount as an integer, when it is whole and fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// The nearest `f64` (exact for whole amounts up to 2^53 and for decimals of up to 15
    /// significant digits).
    pub fn to_f64(&self) -> f64 {
        self.text.parse().unwrap_or(f64::NAN)
    }

    /// Whether the amount has no fractional part.
    pub fn is_whole(&self) -> bool {
        !self.text.contains('.')
    }

    /// The canonical decimal text, e.g. `"19.99"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a JSON number carries this amount exactly: a whole amount within ±(2^53 − 1)
    /// or a decimal that an `f64` prints back unchanged. What the SDK sends must pass this, so
    /// that it is never rounded on the way (docs/behaviour.md, "Money").
    pub fn fits_json_number(&self) -> bool {
        let float = self.to_f64();
        if self.is_whole() {
            return self.as_i64().is_some_and(|n| n.unsigned_abs() <= crate::validate::MAX_SAFE_INTEGER as u64);
        }
        float.is_finite() && Money::from_f64(float).is_ok_and(|m| m == *self)
    }

    /// The amount of a finite `f64`, as its shortest decimal form (`0.1` is `"0.1"`).
    pub fn from_f64(value: f64) -> Result<Money, Error> {
        if !value.is_finite() {
            return Err(Error::invalid("amount", format!("must be a finite number, not {value}")));
        }
        value.to_string().parse()
    }
}

impl Money {
    /// Zero.
    pub fn zero() -> Money {
        Money { text: "0".into() }
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.text == "0"
    }

    /// The exact sum, or `None` beyond 36 significant digits.
    ///
    /// ```
    /// use alternative_payments::Money;
    /// let sum = "0.1".parse::<Money>().unwrap().checked_add(&"0.2".parse().unwrap()).unwrap();
    /// assert_eq!(sum.to_string(), "0.3");
    /// ```
    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        let scale = self.scale().max(other.scale());
        let sum = self.scaled(scale)?.checked_add(other.scaled(scale)?)?;
        Some(Money::from_scaled(sum, scale))
    }

    /// The exact difference, or `None` beyond 36 significant digits.
    pub fn checked_sub(&self, other: &Money) -> Option<Money> {
        let scale = self.scale().max(other.scale());
        let difference = self.scaled(scale)?.checked_sub(other.scaled(scale)?)?;
        Some(Money::from_scaled(difference, scale))
    }

    /// Digits after the point.
    fn scale(&self) -> u32 {
        self.text.split_once('.').map_or(0, |(_, fraction)| fraction.len() as u32)
    }

    /// The amount times 10^scale, as an integer.
    fn scaled(&self, scale: u32) -> Option<i128> {
        let (whole, fraction) = self.text.split_once('.').unwrap_or((&self.text, ""));
        let padded = format!("{whole}{fraction}{}", "0".repeat((scale as usize).checked_sub(fraction.len())?));
        padded.parse().ok()
    }

    fn from_scaled(value: i128, scale: u32) -> Money {
        let digits = value.unsigned_abs().to_string();
        let sign = if value < 0 { "-" } else { "" };
        let text = if scale == 0 {
            format!("{sign}{digits}")
        } else {
            let padded = format!("{:0>width$}", digits, width = scale as usize + 1);
            let (whole, fraction) = padded.split_at(padded.len() - scale as usize);
            format!("{sign}{whole}.{fraction}")
        };
        text.parse().unwrap_or_else(|_| Money::zero())
    }
}

impl FromStr for Money {
    type Err = Error;

    /// Parses `-12.50`, `+3`, `1e3`, `1.5E-2`; refuses anything else (also `NaN`, `inf`, `""`).
    fn from_str(raw: &str) -> Result<Money, Error> {
        let refuse = || Error::invalid("amount", format!("{raw:?} is not a decimal number"));
        let trimmed = raw.trim();
        let (negative, unsigned) = match trimmed.as_bytes().first() {
            Some(b'-') => (true, &trimmed[1..]),
            Some(b'+') => (false, &trimmed[1..]),
            _ => (false, trimmed),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i32>().map_err(|_| refuse())?),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
            return Err(refuse());
        }
        if exponent.unsigned_abs() > 400 {
            return Err(Error::invalid("amount", format!("{raw:?} is out of range")));
        }
        // The digits without a point, and where the point goes after applying the exponent.
        let digits = format!("{whole}{fraction}");
        let point = whole.len() as i64 + i64::from(exponent);
        let (int_part, frac_part) = if point <= 0 {
            (String::new(), format!("{}{digits}", "0".repeat(point.unsigned_abs() as usize)))
        } else if point as usize >= digits.len() {
            (format!("{digits}{}", "0".repeat(point as usize - digits.len())), String::new())
        } else {
            (digits[..point as usize].to_string(), digits[point as usize..].to_string())
        };
        let int_part = int_part.trim_start_matches('0');
        let frac_part = frac_part.trim_end_matches('0');
        let int_part = if int_part.is_empty() { "0" } else { int_part };
        let zero = int_part == "0" && frac_part.is_empty();
        let sign = if negative && !zero { "-" } else { "" };
        let text =
            if frac_part.is_empty() { format!("{sign}{int_part}") } else { format!("{sign}{int_part}.{frac_part}") };
        Ok(Money { text })
    }
}

impl From<i64> for Money {
    fn from(value: i64) -> Money {
        Money { text: value.to_string() }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.text)
    }
}

impl Serialize for Money {
    /// A JSON integer when whole, a JSON number when an `f64` carries it exactly, else the
    /// decimal text (so nothing is ever rounded on the way out).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(whole) = self.as_i64() {
            return serializer.serialize_i64(whole);
        }
        if self.fits_json_number() {
            return serializer.serialize_f64(self.to_f64());
        }
        serializer.serialize_str(&self.text)
    }
}

struct MoneyVisitor;

impl Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an amount: a number, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        Ok(Money::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        Ok(Money { text: v.to_string() })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
        Money::from_f64(v).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        v.parse().map_err(|_| E::custom(format!("{v:?} is not an amount")))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": ["number", "string"], "description": "An exact amount: a number or a decimal string."})
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> String {
        text.parse::<Money>().map(|m| m.to_string()).unwrap_or_else(|_| "error".into())
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("150000", "150000"),
            ("-250", "-250"),
            ("19.990", "19.99"),
            ("+3", "3"),
            ("0.10", "0.1"),
            ("-0", "0"),
            ("-0.00", "0"),
            ("007.50", "7.5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1e3", "1000"),
            ("1.5E-2", "0.015"),
            ("12345e-2", "123.45"),
            (" 42 ", "42"),
        ];
        for (raw, canonical) in cases {
            assert_eq!(parse(raw), canonical, "{raw}");
        }
        for bad in ["", "-", ".", "abc", "1.2.3", "NaN", "inf", "1e", "1e999999", "0x10", "1 000"] {
            assert_eq!(parse(bad), "error", "{bad:?}");
        }
    }

    #[test]
    fn decodes_integers_decimals_and_strings_exactly() {
        let read = |json: &str| serde_json::from_str::<Money>(json).map(|m| m.to_string()).unwrap();
        assert_eq!(read("150000"), "150000");
        assert_eq!(read("19.99"), "19.99");
        assert_eq!(read("0.1"), "0.1");
        assert_eq!(read("\"5000\""), "5000");
        assert_eq!(read("\"1234567890123456789.123456789\""), "1234567890123456789.123456789");
        assert_eq!(read("18446744073709551615"), "18446744073709551615");
        assert!(serde_json::from_str::<Money>("true").is_err());
        assert!(serde_json::from_str::<Money>("\"ten\"").is_err());
    }

    #[test]
    fn encodes_without_rounding() {
        let write = |text: &str| serde_json::to_string(&text.parse::<Money>().unwrap()).unwrap();
        assert_eq!(write("150000"), "150000");
        assert_eq!(write("19.99"), "19.99");
        assert_eq!(write("-0.5"), "-0.5");
        assert_eq!(write("1234567890123456789.123456789"), "\"1234567890123456789.123456789\"");
        assert!("19.99".parse::<Money>().unwrap().fits_json_number());
        assert!(!"9007199254740993".parse::<Money>().unwrap().fits_json_number());
        assert!(!"0.12345678901234567890".parse::<Money>().unwrap().fits_json_number());
        assert_eq!("12.5".parse::<Money>().unwrap().as_i64(), None);
        assert_eq!(Money::from(-7).as_i64(), Some(-7));
    }
}

#[cfg(test)]
mod arithmetic {
    use super::Money;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn sums_and_differences_are_exact() {
        assert_eq!(m("5000").checked_sub(&m("145.3")).unwrap(), m("4854.7"));
        assert_eq!(m("0.1").checked_add(&m("0.2")).unwrap(), m("0.3"));
        assert_eq!(m("-12.5").checked_add(&m("12.5")).unwrap(), Money::zero());
        assert!(m("1").checked_sub(&m("1.000")).unwrap().is_zero());
        assert_eq!(m("0.05").checked_sub(&m("1")).unwrap().to_string(), "-0.95");
        assert_eq!(m("1e30").checked_add(&m("1e30")).unwrap().to_string(), "2000000000000000000000000000000");
        assert_eq!(m("1e40").checked_add(&m("1")), None, "beyond what is exact");
    }
}
