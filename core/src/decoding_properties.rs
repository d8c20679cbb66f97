//! Property tests: every response decoder and argument parser, fed arbitrary bytes and
//! arbitrary JSON, returns a value or an error and never panics. `tests/fuzz.rs` runs the same
//! properties for as long as it is told to.

use proptest::prelude::*;
use serde_json::Value;

use crate::auth::TokenGrant;
use crate::models::{Customer, CustomerUser, Invoice, PaymentMethod, PaymentRequest, Payout, Transaction};
use crate::pagination::decode_page;

/// Arbitrary JSON, nested a few levels, biased towards the API's field names.
pub fn arbitrary_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id".to_string()),
        Just("amount".to_string()),
        Just("data".to_string()),
        Just("pagination".to_string()),
        Just("has_next_page".to_string()),
        Just("end_cursor".to_string()),
        Just("transactions".to_string()),
        Just("line_items".to_string()),
        Just("quantity".to_string()),
        Just("error".to_string()),
        Just("code".to_string()),
        Just("message".to_string()),
        Just("access_token".to_string()),
        Just("expires_in".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        ".{0,20}".prop_map(Value::String),
        "-?[0-9]{1,25}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Runs every decoder on `body`; only a panic can fail.
pub fn decode_everything(body: &[u8]) {
    let _ = decode_page::<Customer>(body);
    let _ = decode_page::<CustomerUser>(body);
    let _ = decode_page::<PaymentMethod>(body);
    let _ = decode_page::<Invoice>(body);
    let _ = decode_page::<Transaction>(body);
    let _ = decode_page::<Payout>(body);
    let _ = serde_json::from_slice::<Customer>(body);
    let _ = serde_json::from_slice::<Invoice>(body);
    let _ = serde_json::from_slice::<PaymentRequest>(body);
    let _ = serde_json::from_slice::<Payout>(body);
    let _ = crate::error::parse_error_body(body);
    let _ = crate::error::ApiError::from_response(500, None, body);
    let _ = TokenGrant::decode(200, body);
    let _ = decode_page::<crate::WebhookSubscription>(body);
    let _ = decode_page::<crate::WebhookEvent>(body);
    let _ = crate::webhooks::construct_event(body, Some("Bearer k"), "k");
    let _ = serde_json::from_slice::<crate::Reconciliation>(body);
    let text = String::from_utf8_lossy(body);
    let _ = crate::validate::time_filter("created_at_start", &text, crate::validate::Bound::End);
    let _ = text.parse::<crate::Money>().map(|m| m.checked_add(&m).map(|sum| sum.checked_sub(&m)));
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        for operation in crate::operations::CALLS.iter().chain(crate::operations::LISTS) {
            let _ = crate::operations::check_arguments(operation, value.clone());
        }
        if let Ok(payout) = serde_json::from_value::<Payout>(value.clone()) {
            let _ = crate::Reconciliation::new(payout, Vec::new());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        decode_everything(&serde_json::to_vec(&value).unwrap_or_default());
    }

    #[test]
    fn retry_after_never_panics(value in ".{0,40}") {
        let _ = crate::retry::parse_retry_after(&value, std::time::SystemTime::now());
    }
}
