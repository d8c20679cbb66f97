//! The native addon behind the `alternative-payments` npm package.
//!
//! It only converts: JavaScript values to JSON arguments, JSON results to plain objects, and
//! core errors to a JSON description that `index.js` turns into its error classes. Every
//! network call runs on the addon's tokio runtime and resolves a Promise, so nothing blocks
//! the event loop.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use alternative_payments::operations::{self, ValuePaginator};
use alternative_payments::{Client, ClientBuilder, Error};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use tokio::sync::Mutex;

/// A core error as a JS error whose message is the error's JSON description.
fn to_js_error(err: Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, err.to_json().to_string())
}

/// Settings from `new Client({...})`, already renamed by `index.js` to the core's names.
fn builder(options: &Value) -> std::result::Result<ClientBuilder, Error> {
    let text = |name: &str| options.get(name).and_then(Value::as_str).map(String::from);
    let number = |name: &str| -> std::result::Result<Option<f64>, Error> {
        match options.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(Error::Configuration { setting: name.into(), message: format!("must be a number, not {other}") }),
        }
    };
    let mut builder = ClientBuilder::new();
    if let Some(id) = text("client_id") {
        builder = builder.client_id(id);
    }
    if let Some(secret) = text("client_secret") {
        builder = builder.client_secret(secret);
    }
    if let Some(url) = text("base_url") {
        builder = builder.base_url(url);
    }
    if let Some(agent) = text("user_agent") {
        builder = builder.user_agent(agent);
    }
    if let Some(ms) = number("timeout_ms")? {
        let timeout = Duration::try_from_secs_f64(ms / 1000.0).ok().filter(|t| !t.is_zero()).ok_or_else(|| {
            Error::Configuration { setting: "timeoutMs".into(), message: format!("must be a positive number of milliseconds, not {ms}") }
        })?;
        builder = builder.timeout(timeout);
    }
    if let Some(retries) = number("max_retries")? {
        if !(retries.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&retries)) {
            return Err(Error::Configuration { setting: "maxRetries".into(), message: format!("must be a whole number from 0, not {retries}") });
        }
        builder = builder.max_retries(retries as u32);
    }
    match options.get("rate_limit") {
        None => {}
        Some(Value::Null) => builder = builder.rate_limit(None),
        Some(_) => builder = builder.rate_limit(number("rate_limit")?),
    }
    Ok(builder)
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
        let client = builder(&options).and_then(|b| b.build()).map_err(to_js_error)?;
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

/// Every operation name, for the parity check of the test suite.
#[napi]
pub fn operation_names() -> Vec<String> {
    operations::CALLS.iter().chain(operations::LISTS).map(|name| name.to_string()).collect()
}
