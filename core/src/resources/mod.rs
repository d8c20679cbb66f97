//! One module per API resource. Each exposes a handle (`Customers`, `Invoices`, ...) that a
//! [`Client`](crate::Client) hands out, with the parameter structs of its methods.

pub mod customers;
pub mod invoices;
pub mod payment_requests;
pub mod payouts;
pub mod transactions;
pub mod webhooks;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::transport::Answer;

/// An object from a 200 answer, or `None` from a 204 (or an empty body), as `archive` gets.
pub(crate) fn optional_object<T: DeserializeOwned>(answer: Answer) -> Result<Option<T>> {
    if answer.status == 204 || answer.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&answer.body)
        .map(Some)
        .map_err(|err| Error::decode(answer.status, format!("unexpected answer: {err}"), &answer.body))
}
