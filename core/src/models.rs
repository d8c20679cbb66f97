//! The API's objects, with every field of the vendor's reference (OpenAPI 1.1.0) typed, and
//! the fields only the guides show kept as optional. Every field the server sends that is not
//! documented lands in `extra`, so nothing is lost and the bindings can hand it back.
//!
//! Money is a [`Money`]: the exact decimal the server sent, from an integer, a decimal number
//! or a numeric string. Statuses and enums are kept as the server sent them (any case, unknown
//! values too). A money or list field whose value is not what the docs say reads as `None`
//! instead of failing the object and the page it is on (docs/behaviour.md, "Models").

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::money::Money;

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

/// Optional fields that read as `None` when their value has the wrong shape, so that one odd
/// value never fails a whole page.
mod lenient {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    pub fn option<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Value>::deserialize(d)?.and_then(|value| serde_json::from_value(value).ok()))
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The company's legal name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    /// Employer identification number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ein: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Suite, floor or apartment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_premise: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The customer's id in an integration (e.g. a PSA), when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_integration_id: Option<String>,
    /// Creation time, as sent (the reference declares no format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user (contact) of a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// One line of an invoice. The reference types `amount` as a number without naming its unit;
/// the guides show whole minor units (`150000` is 1,500.00). A negative amount is a discount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineItem {
    /// What is billed.
    #[serde(default)]
    pub description: String,
    /// Unit amount, exactly as given or sent (whole minor units in the guides).
    pub amount: Money,
    /// How many units (a positive integer).
    #[serde(deserialize_with = "flexible_int::required")]
    pub quantity: i64,
}

impl LineItem {
    /// A line of `quantity` units at `amount` each.
    ///
    /// ```
    /// use alternative_payments::{LineItem, Money};
    /// let hours = LineItem::new("Support hours", 15000, 3);
    /// let fractional = LineItem::new("Metered usage", "12.75".parse::<Money>().unwrap(), 1);
    /// assert_eq!(hours.amount.as_i64(), Some(15000));
    /// assert_eq!(fractional.amount.to_string(), "12.75");
    /// ```
    pub fn new(description: impl Into<String>, amount: impl Into<Money>, quantity: i64) -> Self {
        LineItem { description: description.into(), amount: amount.into(), quantity }
    }
}

/// A fee on a transaction or a payout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fee {
    /// The fee's amount (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
    /// Whether the customer pays it rather than you.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub covered_by_customer: Option<bool>,
    /// The fee's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// As sent: `FT_LATE_PAYMENT`, `FT_PRODUCT`, `FT_METHOD`, `FT_INTEREST` on transactions;
    /// `unspecified`, `late_payment`, `product`, `method` on payouts.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Invoice {
    /// E.g. `inv_123`.
    pub id: String,
    /// The billed customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The invoice's number as shown to the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_number: Option<String>,
    /// As sent by the server, e.g. `OPEN`, `PAID`, `OVERDUE` (the reference lists no values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The sum of the lines (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub sub_total: Option<Money>,
    /// What the customer owes (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub total: Option<Money>,
    /// The guides' single total, in whole minor units; absent from the reference.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
    /// Three-letter currency code (`USD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// A note shown on the invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// When the customer was last reminded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_notification_at: Option<String>,
    /// The lines, when the server sends them.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub line_items: Option<Vec<LineItem>>,
    /// Creation time, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A one-off payment request with a hosted checkout link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentRequest {
    /// E.g. `preq_123`.
    pub id: String,
    /// In whole minor units, when the server sends it (the guides do; the reference does not).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Transaction {
    /// E.g. `txn_001`.
    pub id: String,
    /// Before fees (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub sub_total: Option<Money>,
    /// After fees (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub total: Option<Money>,
    /// The fees taken.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub fees: Option<Vec<Fee>>,
    /// The guides' amount, in whole minor units; absent from the reference.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
    /// Three-letter currency code (guides only).
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
    /// The due date of what was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// Creation time, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A payout batch to your bank account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Payout {
    /// E.g. `pout_123`.
    pub id: String,
    /// As sent: `unspecified`, `creating`, `processing`, `analyzing`, `succeeded`,
    /// `scheduled`, `approved`, `canceled`, `pending`, `failed` (or a newer value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The customer whose payments it holds, when the payout is per customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Before fees (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub sub_total: Option<Money>,
    /// What reaches your bank (a number in the reference, unit not stated).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub total: Option<Money>,
    /// The fees taken.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub fees: Option<Vec<Fee>>,
    /// When the money is expected in your bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_date: Option<String>,
    /// The guides' amount, in whole minor units; absent from the reference.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub amount: Option<Money>,
    /// Three-letter currency code (guides only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Creation time, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A webhook subscription: deliveries of one topic to one HTTPS endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookSubscription {
    /// The subscription's id (used to unsubscribe).
    pub id: String,
    /// Where deliveries are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    /// The topic, e.g. `invoice_paid` (see [`WEBHOOK_TOPICS`]; newer values are kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Whether deliveries are being made.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::option")]
    pub is_active: Option<bool>,
    /// Your partner account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The last four characters of the secret key, to tell keys apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_last_4_digits: Option<String>,
    /// Creation time, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last change, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Fields not documented.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A webhook event from `GET /webhooks/events`. The reference does not show the fields of an
/// event, so every one is optional, and every field the server sent is kept besides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookEvent {
    /// The event's id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The topic, e.g. `payment_succeeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The delivery status, as sent (the reference lists no values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Creation time, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The 18 webhook topics of the vendor's reference. Deliveries of a topic not listed here are
/// still accepted and passed on as they are.
pub const WEBHOOK_TOPICS: &[&str] = &[
    "payout_paid",
    "payout_failed",
    "payout_processing",
    "payout_scheduled",
    "customer_created",
    "customer_updated",
    "customer_archived",
    "payment_succeeded",
    "payment_chargeback",
    "payment_refunded",
    "invoice_paid",
    "invoice_archived",
    "invoice_created",
    "invoice_updated",
    "payment_failed",
    "payment_method_added",
    "payment_method_deleted",
    "default_payment_method_changed",
];

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
        let whole = |p: &PaymentRequest| p.amount.as_ref().and_then(Money::as_i64);
        assert_eq!((whole(&a), whole(&b), c.amount), (Some(5000), Some(5000), None));
        let odd: PaymentRequest = serde_json::from_value(json!({"id": "p", "amount": {"value": 1}})).unwrap();
        assert_eq!(odd.amount, None, "an odd value reads as None instead of failing");
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
            "email": "text", "external_id": "text", "id": "text", "name": "text"}))
        .unwrap();
        let _: PaymentMethod = serde_json::from_value(json!({"brand": "visa", "created_at": "text", "default": true,
            "exp_month": "01", "exp_year": 2025, "id": "text", "last4": "text", "type": "card"}))
        .unwrap();
        let _: CustomerUser =
            serde_json::from_value(json!({"created_at": "text", "email": "text", "first_name": "text",
            "id": "text", "job_title": "text", "last_name": "text", "phone": "text"}))
            .unwrap();
        let t: Transaction = serde_json::from_value(json!({"id": "txn_001", "status": "succeeded", "amount": 5000,
            "currency": "USD", "type": "payment", "direction": "inbound"}))
        .unwrap();
        assert_eq!(t.kind.as_deref(), Some("payment"));
        let _: Payout = serde_json::from_value(json!({"id": "pout_123", "status": "succeeded", "currency": "USD",
            "amount": 100000, "created_at": "2024-01-10T15:00:00Z"}))
        .unwrap();
        let _: WebhookSubscription = serde_json::from_value(json!({"created_at": "text", "endpoint_url": "text",
            "id": "text", "is_active": true, "partner_id": "text", "secret_last_4_digits": "text",
            "topic": "payout_paid", "updated_at": "text"}))
        .unwrap();
        let p: PaymentRequest = serde_json::from_value(json!({"id": "preq_123",
            "url": "https://checkout.alternativepayments.io/pay/preq_123", "status": "PENDING"}))
        .unwrap();
        assert_eq!(p.amount, None);
    }

    #[test]
    fn reference_shapes_decode_with_fractional_money_and_every_enum() {
        let invoice: Invoice = serde_json::from_value(json!({"created_at": "text", "currency": "USD",
            "customer_id": "text", "due_date": "text", "id": "text", "invoice_number": "text",
            "last_notification_at": "text", "line_items": [{"amount": 12.5, "description": "text", "quantity": 1}],
            "memo": "text", "status": "text", "sub_total": 12.5, "total": 1}))
        .unwrap();
        assert_eq!(invoice.sub_total.unwrap().to_string(), "12.5");
        assert_eq!(invoice.line_items.unwrap()[0].amount.to_string(), "12.5");
        assert_eq!(invoice.invoice_number.as_deref(), Some("text"));
        for fee_type in ["FT_LATE_PAYMENT", "FT_PRODUCT", "FT_METHOD", "FT_INTEREST"] {
            let payment: Transaction = serde_json::from_value(json!({"created_at": "text", "customer_id": "text",
                "due_date": "text", "fees": [{"amount": 0.3, "covered_by_customer": true, "name": "text", "type": fee_type}],
                "id": "text", "payment_method": "text", "status": "text", "sub_total": 1, "total": 0.7})).unwrap();
            let fees = payment.fees.unwrap();
            assert_eq!(
                (fees[0].kind.as_deref(), fees[0].amount.as_ref().map(Money::to_string)),
                (Some(fee_type), Some("0.3".into()))
            );
            assert_eq!(payment.total.unwrap().to_string(), "0.7");
        }
        for status in [
            "unspecified",
            "creating",
            "processing",
            "analyzing",
            "succeeded",
            "scheduled",
            "approved",
            "canceled",
            "pending",
            "failed",
            "SOMETHING_NEWER",
        ] {
            for fee_type in ["unspecified", "late_payment", "product", "method"] {
                let payout: Payout = serde_json::from_value(json!({"arrival_date": "text", "created_at": "text",
                    "customer_id": "text", "fees": [{"amount": 1, "covered_by_customer": false, "name": "text", "type": fee_type}],
                    "id": "text", "status": status, "sub_total": 1, "total": 1})).unwrap();
                assert_eq!(payout.status.as_deref(), Some(status));
                assert_eq!(payout.fees.unwrap()[0].kind.as_deref(), Some(fee_type));
            }
        }
        for topic in WEBHOOK_TOPICS.iter().chain(&["a_topic_from_the_future"]) {
            let subscription: WebhookSubscription =
                serde_json::from_value(json!({"id": "wh_1", "topic": topic})).unwrap();
            assert_eq!(subscription.topic.as_deref(), Some(*topic));
        }
        assert_eq!(WEBHOOK_TOPICS.len(), 18);
    }
}
