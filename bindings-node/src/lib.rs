//! The native addon behind the `alternative-payments` npm package.
//!
//! It only converts: JavaScript values to JSON arguments, JSON results to plain objects, and
//! core errors to a JSON description that `index.js` turns into its error classes. Every
//! network call runs on the addon's tokio runtime and resolves a Promise, so nothing blocks
//! the event loop.


use std::sync::Arc;

use alternative_payments::operations::{self, ValuePaginator};
use alternative_payments::{Client, ClientBuilder, Error, Naming};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use tokio::sync::Mutex;

/// A core error as a JS error whose message is the error's JSON description.
fn to_js_error(err: Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, err.to_json().to_string())
}

/// The core's async client.
#[napi]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(options: Value) -> Result<Self> {
        let client =
            ClientBuilder::from_settings(&options, Naming::Camel).and_then(|b| b.build()).map_err(to_js_error)?;
        Ok(NativeClient { client })
    }

    /// Runs one operation by name (`"customers.get"`, ...) with an object of arguments.
    #[napi]
    pub async fn call(&self, operation: String, args: Value) -> Result<Value> {
        operations::call(&self.client, &operation, args).await.map_err(to_js_error)
    }

    /// Starts a lazy list by name; nothing is fetched until it is read.
    #[napi]
    pub fn list(&self, operation: String, args: Value) -> Result<NativePages> {
        let pages = operations::list(&self.client, &operation, args).map_err(to_js_error)?;
        Ok(NativePages { pages: Arc::new(Mutex::new(pages)) })
    }

    /// The settings in force, without the secret.
    #[napi]
    pub fn settings(&self) -> Value {
        let config = self.client.config();
        serde_json::json!({
            "clientId": config.client_id(),
            "baseUrl": config.base_url(),
            "timeoutMs": config.timeout().as_millis() as u64,
            "maxRetries": config.max_retries(),
            "rateLimit": config.rate_limit(),
        })
    }
}

/// A lazy list from `NativeClient.list`.
#[napi]
pub struct NativePages {
    pages: Arc<Mutex<ValuePaginator>>,
}

#[napi]
impl NativePages {
    /// The next item, or `null` after the last.
    #[napi]
    pub async fn next_item(&self) -> Result<Option<Value>> {
        self.pages.lock().await.next_item().await.map_err(to_js_error)
    }

    /// The next page (`data` and cursors), or `null` after the last.
    #[napi]
    pub async fn next_page(&self) -> Result<Option<Value>> {
        let page = self.pages.lock().await.next_page().await.map_err(to_js_error)?;
        Ok(page.map(|page| serde_json::to_value(page).unwrap_or(Value::Null)))
    }
}

/// Checks a webhook delivery's `Authorization` against the secret and reads its body as an
/// event; see `constructWebhookEvent` in `index.js`.
#[napi]
pub fn construct_webhook_event(
    body: Either<Buffer, String>,
    authorization: Option<String>,
    secret_key: String,
) -> Result<Value> {
    let bytes: &[u8] = match &body {
        Either::A(buffer) => buffer.as_ref(),
        Either::B(text) => text.as_bytes(),
    };
    let event = alternative_payments::webhooks::construct_event(bytes, authorization.as_deref(), &secret_key)
        .map_err(to_js_error)?;
    serde_json::to_value(event).map_err(|err| to_js_error(Error::WebhookVerification { message: err.to_string() }))
}

/// Every operation's declaration (name, route, lazy_list, summary, arguments), for the parity
/// check of the test suite.
#[napi]
pub fn operation_specs() -> Value {
    let specs = operations::SPECS.iter().map(|spec| {
        serde_json::json!({"name": spec.name, "route": spec.route, "lazy_list": spec.lazy_list,
            "summary": spec.summary, "arguments": spec.arguments()})
    });
    Value::Array(specs.collect())
}

/// Runs the `alternative-payments` command line with `args` (the program name first) and returns
/// its exit code; for `bin/alternative-payments.js`, a process that does nothing else.
#[napi]
pub fn cli_main(args: Vec<String>) -> i32 {
    ap_cli::run(args)
}

/// The workspace's version (Cargo.toml), which package.json repeats for npm.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every operation name, for the parity check of the test suite.
#[napi]
pub fn operation_names() -> Vec<String> {
    operations::CALLS.iter().chain(operations::LISTS).map(|name| name.to_string()).collect()
}
