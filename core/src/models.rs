//! The API's objects. Every documented field is typed; every field the server sends that is
//! not documented lands in `extra`, so nothing is lost and the bindings can hand it back.
//! Money is an `i64` in minor units (`150000` is 1,500.00), read from a number or a numeric
//! string. Statuses are kept as the server sent them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields the server sent that this version of the SDK does not know.
pub type Extra = Map<String, Value>;

/// Integers that the API sends as numbers or as numeric strings (`5000` or `"5000"`).
pub mod flexible_int {
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    struct Flexible;

    impl<'de> Visitor<'de> for Flexible {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer, or a string holding one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(|_| E::custom(format!("{v} is out of range")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(Some(v as i64))
            } else {
                Err(E::custom(format!("{v} is not a whole number of minor units")))
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.trim().parse::<i64>().map(Some).map_err(|_| E::custom(format!("{v:?} is not an integer")))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Flexible)
        }
    }

    /// For `Option<i64>` fields: a number, a numeric string, or null.
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_option(Flexible)
    }

    /// For `i64` fields: a number or a numeric string.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        option(d)?.ok_or_else(|| de::Error::custom("expected an integer, found null"))
    }
}

/// Strings the API sometimes sends as numbers (e.g. `exp_month`).
mod flexible_string {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => Some(other.to_string()),
        })
    }
}

/// A customer: a company you bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// E.g. `cus_123`.
    pub id: String,
    /// Customer or company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Billing contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Your own reference for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The payment method used by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_payment_method_id: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user (contact) of a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerUser {
    /// E.g. `user_001`.
    pub id: String,
    /// The user's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A saved payment method of a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    /// The method's id.
    pub id: String,
    /// E.g. `card`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// E.g. `visa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Last four digits.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_string::option")]
    pub last4: Option<String>,
    /// Expiry month, e.g. `"01"`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_string::option")]
    pub exp_month: Option<String>,
    /// Expiry year, e.g. `"2025"`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_string::option")]
    pub exp_year: Option<String>,
    /// Whether it is the customer's default method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One line of an invoice. Amounts are in minor units; a negative amount is a discount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    /// What is billed.
    #[serde(default)]
    pub description: String,
    /// Unit amount in minor units.
    #[serde(deserialize_with = "flexible_int::required")]
    pub amount: i64,
    /// How many units (a positive integer).
    #[serde(deserialize_with = "flexible_int::required")]
    pub quantity: i64,
}

impl LineItem {
    /// A line of `quantity` units at `amount` minor units each.
    pub fn new(description: impl Into<String>, amount: i64, quantity: i64) -> Self {
        LineItem { description: description.into(), amount, quantity }
    }
}

/// An invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    /// E.g. `inv_123`.
    pub id: String,
    /// The billed customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// As sent by the server, e.g. `OPEN`, `PAID`, `OVERDUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Total in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_int::option")]
    pub amount: Option<i64>,
    /// Three-letter currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// The lines, when the server sends them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_items: Option<Vec<LineItem>>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A one-off payment request with a hosted checkout link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentRequest {
    /// E.g. `preq_123`.
    pub id: String,
    /// In minor units.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_int::option")]
    pub amount: Option<i64>,
    /// Three-letter currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// As sent by the server: `pending`, `paid`, `expired` or `cancelled`, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Your tag, returned unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// Where the payer returns after checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// The hosted checkout link to share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A payment (transaction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// E.g. `txn_001`.
    pub id: String,
    /// In minor units.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_int::option")]
    pub amount: Option<i64>,
    /// Three-letter currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// As sent by the server, e.g. `succeeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// E.g. `payment`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// E.g. `standard_ach`, `card`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// `inbound` or `outbound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The invoice paid, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_id: Option<String>,
    /// The paying customer, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A payout batch to your bank account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payout {
    /// E.g. `pout_123`.
    pub id: String,
    /// As sent by the server, e.g. `succeeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// In minor units.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "flexible_int::option")]
    pub amount: Option<i64>,
    /// Three-letter currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"url": ...}`, the answer of the payment-link and PDF-link endpoints.
#[derive(Deserialize)]
pub(crate) struct Link {
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn money_from_numbers_and_strings() {
        let a: PaymentRequest = serde_json::from_value(json!({"id": "p", "amount": "5000"})).unwrap();
        let b: PaymentRequest = serde_json::from_value(json!({"id": "p", "amount": 5000})).unwrap();
        let c: PaymentRequest = serde_json::from_value(json!({"id": "p", "amount": null})).unwrap();
        assert_eq!((a.amount, b.amount, c.amount), (Some(5000), Some(5000), None));
        assert!(serde_json::from_value::<PaymentRequest>(json!({"id": "p", "amount": "12.5"})).is_err());
        assert!(serde_json::from_value::<PaymentRequest>(json!({"id": "p", "amount": 1e30})).is_err());
    }

    #[test]
    fn unknown_fields_and_statuses_are_kept() {
        let invoice: Invoice = serde_json::from_value(json!({
            "id": "inv_1", "status": "SOMETHING_NEW", "amount": 150000, "currency": "USD",
            "due_date": "2025-09-01", "brand_new_field": {"nested": true}
        }))
        .unwrap();
        assert_eq!(invoice.status.as_deref(), Some("SOMETHING_NEW"));
        assert_eq!(invoice.extra["brand_new_field"], json!({"nested": true}));
        let back = serde_json::to_value(&invoice).unwrap();
        assert_eq!(back["brand_new_field"], json!({"nested": true}));
        assert_eq!(back["amount"], json!(150000));
    }

    #[test]
    fn every_documented_example_decodes() {
        let _: Customer = serde_json::from_value(json!({"created_at": "text", "default_payment_method_id": "text",
            "email": "text", "external_id": "text", "id": "text", "name": "text"})).unwrap();
        let _: PaymentMethod = serde_json::from_value(json!({"brand": "visa", "created_at": "text", "default": true,
            "exp_month": "01", "exp_year": 2025, "id": "text", "last4": "text", "type": "card"})).unwrap();
        let _: CustomerUser = serde_json::from_value(json!({"created_at": "text", "email": "text", "first_name": "text",
            "id": "text", "job_title": "text", "last_name": "text", "phone": "text"})).unwrap();
        let t: Transaction = serde_json::from_value(json!({"id": "txn_001", "status": "succeeded", "amount": 5000,
            "currency": "USD", "type": "payment", "direction": "inbound"})).unwrap();
        assert_eq!(t.kind.as_deref(), Some("payment"));
        let _: Payout = serde_json::from_value(json!({"id": "pout_123", "status": "succeeded", "currency": "USD",
            "amount": 100000, "created_at": "2024-01-10T15:00:00Z"})).unwrap();
        let p: PaymentRequest = serde_json::from_value(json!({"id": "preq_123",
            "url": "https://checkout.alternativepayments.io/pay/preq_123", "status": "PENDING"})).unwrap();
        assert_eq!(p.amount, None);
    }
}
