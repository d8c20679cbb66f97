//! The Alternative Payments SDK for Rust: customers, invoices, payment requests,
//! transactions and payouts, over the Alternative Payments REST API.
//!
//! - **Never trips the rate limit**: requests are paced to the API's 5 requests/s per API key,
//!   shared by every client of the process with the same key, and by every process and host
//!   of the key through Redis with [`ClientBuilder::redis_url`].
//! - **Never duplicates a write**: a POST is never repeated after a timeout or a 5xx; the
//!   error says the outcome is unknown ([`ApiError::outcome_unknown`]).
//! - **Never hangs**: every attempt has a timeout, pages are fetched lazily ([`Paginator`]),
//!   and a server that repeats a cursor gets an error instead of an endless loop.
//!
//! The whole behaviour contract is `docs/behaviour.md` in the repository.
//!
//! ```no_run
//! use alternative_payments::{Client, CreateCustomer};
//!
//! # async fn run() -> alternative_payments::Result<()> {
//! // Reads ALTERNATIVE_PAYMENTS_CLIENT_ID, _CLIENT_SECRET and (optionally) _BASE_URL.
//! let client = Client::from_env()?;
//! let customer = client
//!     .customers()
//!     .create(&CreateCustomer { name: "Acme Inc.".into(), email: "billing@acme.com".into(), ..Default::default() })
//!     .await?;
//! println!("{} {:?}", customer.id, customer.name);
//! # Ok(()) }
//! ```
//!
//! Non-async code uses [`blocking::Client`], which has the same methods.

#![warn(missing_docs)]

mod auth;
pub mod blocking;
mod config;
#[cfg(any(test, feature = "fuzzing"))]
pub mod decoding_properties;
mod error;
mod fleet;
pub mod models;
mod money;
#[doc(hidden)] // the JSON entry point of the bindings, not an API for Rust users
pub mod operations;
mod pagination;
mod process;
mod rate_limit;
mod reconcile;
mod resources;
mod retry;
mod transport;
mod validate;

/// Receiving webhooks: check a delivery's secret and read its event.
pub mod webhooks {
    pub use crate::resources::webhooks::{construct_event, verify_authorization};
}

use std::sync::Arc;

pub use config::{
    CallOptions, ClientBuilder, Config, Naming, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_RATE_LIMIT,
    DEFAULT_TIMEOUT, DEMO_BASE_URL, ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_ENVIRONMENT, ENV_REDIS_URL,
};
pub use error::{parse_error_body, ApiError, Error, ErrorKind, Result};
pub use models::{
    Customer, CustomerUser, Fee, Invoice, LineItem, Money, PaymentMethod, PaymentRequest, Payout, Transaction,
    WebhookEvent, WebhookSubscription, WEBHOOK_TOPICS,
};
pub use pagination::{ListStream, Page, Paginator};
pub use reconcile::{Reconciler, Reconciliation};
pub use resources::customers::{CreateCustomer, CreateCustomerUser, Customers, ListCustomersParams, PageParams};
pub use resources::invoices::{CreateInvoice, Invoices, ListInvoicesParams};
pub use resources::payment_requests::{is_settled, CreatePaymentRequest, PaymentRequests, WaitOptions};
pub use resources::payouts::{ListPayoutsParams, Payouts};
pub use resources::transactions::{ListTransactionsParams, Transactions};
pub use resources::webhooks::{ListWebhookEventsParams, ListWebhooksParams, SubscribeWebhook, Webhooks};
pub use transport::MAX_BODY_BYTES;

use transport::Transport;

/// The async client. Cheap to clone; clones share the connection pool, the access token and
/// the rate limiter. `Send + Sync`, for use from any task.
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", self.transport.config()).finish()
    }
}

impl Client {
    /// A builder; settings it is not given come from the environment, then the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment alone.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::new().build()
    }

    /// A client from checked settings (see [`ClientBuilder::config`]).
    pub fn from_config(config: Config) -> Result<Client> {
        Ok(Client { transport: Arc::new(Transport::new(config)?) })
    }

    /// The settings in force (the secret is never shown).
    pub fn config(&self) -> &Config {
        self.transport.config()
    }

    /// A view of this client with other per-call settings: it shares the connection pool, the
    /// key's rate limiter and its token, so it is cheap to make for one call.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use std::time::Duration;
    /// use alternative_payments::CallOptions;
    /// let bounded = client.with_options(&CallOptions { deadline: Some(Duration::from_secs(5)), ..Default::default() });
    /// let customer = bounded.customers().get("cus_123").await?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, options: &CallOptions) -> Client {
        Client { transport: Arc::new(self.transport.with_config(self.config().with_options(options))) }
    }

    /// Customers, their payment methods and users.
    pub fn customers(&self) -> Customers {
        Customers { transport: self.transport.clone() }
    }

    /// Invoices and their payment and PDF links.
    pub fn invoices(&self) -> Invoices {
        Invoices { transport: self.transport.clone() }
    }

    /// One-off payment requests.
    pub fn payment_requests(&self) -> PaymentRequests {
        PaymentRequests { transport: self.transport.clone() }
    }

    /// Transactions (payments).
    pub fn transactions(&self) -> Transactions {
        Transactions { transport: self.transport.clone() }
    }

    /// Payouts and their transactions.
    pub fn payouts(&self) -> Payouts {
        Payouts { transport: self.transport.clone() }
    }

    /// Webhook subscriptions and the events sent to them.
    pub fn webhooks(&self) -> Webhooks {
        Webhooks { transport: self.transport.clone() }
    }
}
