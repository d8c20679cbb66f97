//! `client.payment_requests()`: one-off payment requests, and waiting until one is settled.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::error::{Error, Result};
use crate::models::PaymentRequest;
use crate::transport::{Call, Transport};
use crate::validate;

/// The body of [`PaymentRequests::create`].
#[derive(Clone, Debug, Default)]
pub struct CreatePaymentRequest {
    /// A positive amount in minor units (`5000` is 50.00).
    pub amount: i64,
    /// Three-letter currency code.
    pub currency: String,
    /// Where the payer returns after checkout.
    pub redirect_url: String,
    /// Your tag, returned unchanged.
    pub reference_id: Option<String>,
}

/// What goes over the wire: the amount as a string, as the API docs show.
#[derive(Serialize)]
struct CreateBody<'a> {
    amount: String,
    currency: &'a str,
    redirect_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id: Option<&'a str>,
}

/// How long [`PaymentRequests::wait`] waits, and how often it looks.
#[derive(Clone, Copy, Debug)]
pub struct WaitOptions {
    /// Give up after this long (default 5 minutes).
    pub timeout: Duration,
    /// Time between two looks (default 2 s).
    pub poll_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions { timeout: Duration::from_secs(300), poll_interval: Duration::from_secs(2) }
    }
}

/// Statuses after which a payment request never changes (compared ignoring case).
pub const SETTLED_STATUSES: &[&str] = &["paid", "expired", "cancelled", "canceled"];

/// Whether `status` is one of the settled statuses (paid, expired, cancelled), in any case.
pub fn is_settled(status: &str) -> bool {
    SETTLED_STATUSES.iter().any(|settled| status.eq_ignore_ascii_case(settled))
}

/// Payment request endpoints. Get one with
/// [`Client::payment_requests`](crate::Client::payment_requests).
#[derive(Clone, Debug)]
pub struct PaymentRequests {
    pub(crate) transport: Arc<Transport>,
}

impl PaymentRequests {
    /// Creates a payment request and returns it with its checkout `url`.
    pub async fn create(&self, params: &CreatePaymentRequest) -> Result<PaymentRequest> {
        validate::positive("amount", params.amount)?;
        validate::currency(&params.currency)?;
        validate::required_text("redirect_url", &params.redirect_url)?;
        validate::text("reference_id", params.reference_id.as_deref().unwrap_or_default())?;
        let body = CreateBody {
            amount: params.amount.to_string(),
            currency: &params.currency,
            redirect_url: &params.redirect_url,
            reference_id: params.reference_id.as_deref(),
        };
        self.transport.json(Call::post("/payments/request", &body)?).await
    }

    /// One payment request by id.
    pub async fn get(&self, id: &str) -> Result<PaymentRequest> {
        let id = validate::path_id("id", id)?;
        self.transport.json(Call::get(format!("/payments/request/{id}"))).await
    }

    /// Polls until the payment request is paid, expired or cancelled (in any case) and returns
    /// it; a [`Error::Timeout`] naming the last status if `options.timeout` passes first.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use std::time::Duration;
    /// use alternative_payments::WaitOptions;
    /// let options = WaitOptions { timeout: Duration::from_secs(60), poll_interval: Duration::from_secs(1) };
    /// let settled = client.payment_requests().wait("preq_123", &options).await?;
    /// println!("{:?}", settled.status);
    /// # Ok(()) }
    /// ```
    pub async fn wait(&self, id: &str, options: &WaitOptions) -> Result<PaymentRequest> {
        if options.poll_interval.is_zero() {
            return Err(Error::invalid("poll_interval", "must be greater than zero"));
        }
        // A timeout too far away for the clock to hold means no deadline at all.
        let deadline = Instant::now().checked_add(options.timeout);
        loop {
            let request = self.get(id).await?;
            let status = request.status.clone().unwrap_or_default();
            if is_settled(&status) {
                return Ok(request);
            }
            let now = Instant::now();
            let left = deadline.map(|deadline| deadline.saturating_duration_since(now));
            if left.is_some_and(|left| left.is_zero()) {
                return Err(Error::Timeout {
                    message: format!(
                        "payment request {id} was still {status:?} after {:.1} s of waiting",
                        options.timeout.as_secs_f64()
                    ),
                    outcome_unknown: false,
                });
            }
            tokio::time::sleep(left.map_or(options.poll_interval, |left| options.poll_interval.min(left))).await;
        }
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;

    crate::blocking::blocking_resource! {
        /// Blocking payment request endpoints (see [`crate::PaymentRequests`]).
        PaymentRequests => payment_requests {
            /// Creates a payment request.
            fn create(params: &CreatePaymentRequest) -> PaymentRequest;
            /// One payment request by id.
            fn get(id: &str) -> PaymentRequest;
            /// Polls until paid, expired or cancelled; a timeout error naming the last status if the
            /// deadline passes first.
            fn wait(id: &str, options: &WaitOptions) -> PaymentRequest;
        }
        lists {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn settled_statuses_ignore_case() {
        for status in ["paid", "PAID", "Expired", "CANCELLED", "canceled"] {
            assert!(super::is_settled(status), "{status}");
        }
        for status in ["pending", "PENDING", "", "processing"] {
            assert!(!super::is_settled(status), "{status}");
        }
    }
}
