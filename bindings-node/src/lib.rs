//! The native addon behind the `alternative-payments` npm package.
//!
//! It only converts: JavaScript values to JSON arguments, JSON results to plain objects, and
//! core errors to JavaScript `Error`s carrying the error's kind and fields as properties
//! (`kind`, `status`, `requestId`, ...), from which `index.js` picks its error class. Every
//! network call runs on the addon's tokio runtime and resolves a Promise, so nothing blocks
//! the event loop.

#[cfg(feature = "testing")]
mod testing;

use std::sync::Arc;

use alternative_payments::operations::{self, Encoded, ValuePaginator};
use alternative_payments::{CallOptions, Client, ClientBuilder, Error, Naming};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use tokio::sync::Mutex;

/// A core error as a JavaScript `Error` with the error's fields as camelCase properties.
fn to_js_error(env: &Env, err: Error) -> napi::Error {
    let build = || -> Result<napi::Error> {
        let mut object = env.create_error(napi::Error::new(Status::GenericFailure, err.to_string()))?;
        for (name, value) in err.fields() {
            if name != "message" {
                object.set_named_property(&camel_case(&name), value)?;
            }
        }
        Ok(napi::Error::from(ToNapiValue::into_unknown(object, env)?))
    };
    build().unwrap_or_else(|failure| failure)
}

/// `request_id` → `requestId`.
fn camel_case(name: &str) -> String {
    let mut words = name.split('_');
    let first = words.next().unwrap_or_default().to_string();
    words.fold(first, |mut out, word| {
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
        out
    })
}

/// Runs `future` on the addon's runtime; its error rejects the Promise as [`to_js_error`]'s.
/// With a cancel token, cancelling drops the future (its HTTP request and its place in the
/// rate limiter with it) and rejects with the `cancelled` kind.
fn promise<'env, T, F>(env: &'env Env, cancel: Option<&CancelToken>, future: F) -> Result<PromiseRaw<'env, T>>
where
    T: ToNapiValue + Send + 'static,
    F: std::future::Future<Output = alternative_payments::Result<T>> + Send + 'static,
{
    use futures_util::FutureExt;

    let cancelled = cancel.map(|token| token.sender.subscribe());
    let (deferred, promise) = env.create_deferred()?;
    // One task per call, settling the promise itself (napi's `spawn_future_with_callback` runs
    // a second task per call to watch for panics: a second worker woken every call; see
    // bench/RESULTS.md section 11). A panic, which the core never raises, still rejects.
    spawn(async move {
        let outcome = std::panic::AssertUnwindSafe(async move {
            let Some(mut cancelled) = cancelled else { return future.await };
            tokio::select! {
                outcome = future => outcome,
                _ = cancelled.wait_for(|cancelled| *cancelled) => Err(Error::Cancelled),
            }
        })
        .catch_unwind()
        .await;
        deferred.resolve(move |env: Env| match outcome {
            Ok(outcome) => outcome.map_err(|err| to_js_error(&env, err)),
            Err(_) => Err(napi::Error::from_reason("internal error in the SDK (a panic); please report it")),
        });
    });
    Ok(PromiseRaw::new(env.raw(), promise.raw()))
}

/// Cancels the calls it is passed to (`index.js` cancels it when an `AbortSignal` aborts).
#[napi]
pub struct CancelToken {
    sender: tokio::sync::watch::Sender<bool>,
}

#[napi]
impl CancelToken {
    #[napi(constructor)]
    pub fn new() -> Self {
        CancelToken { sender: tokio::sync::watch::Sender::new(false) }
    }

    /// Cancels every call given this token, now and later.
    #[napi]
    pub fn cancel(&self) {
        self.sender.send_replace(true);
    }
}

impl Default for CancelToken {
    fn default() -> Self {
        Self::new()
    }
}

/// The core's async client.
#[napi]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(env: &Env, options: Value) -> Result<Self> {
        let client = ClientBuilder::from_settings(&options, Naming::Camel)
            .and_then(|b| b.build())
            .map_err(|err| to_js_error(env, Naming::Camel.spell(err)))?;
        Ok(NativeClient { client })
    }

    /// Runs one operation by name (`"customers.get"`, ...) with an object of arguments; the
    /// answer is JSON text, for V8's `JSON.parse` (one conversion, bench/RESULTS.md).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        operation: String,
        args: Value,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        promise(env, cancel, async move { operations::call_as::<String>(&client, &operation, args).await })
    }

    /// A client with other per-call options (`timeoutMs`, `maxRetries`, `deadlineMs`), sharing
    /// this one's connections, limiter and token.
    #[napi]
    pub fn with_options(&self, env: &Env, options: Value) -> Result<NativeClient> {
        let options = CallOptions::from_settings(&options, Naming::Camel).map_err(|err| to_js_error(env, err))?;
        Ok(NativeClient { client: self.client.with_options(&options) })
    }

    /// Starts a lazy list by name; nothing is fetched until it is read.
    #[napi]
    pub fn list(&self, env: &Env, operation: String, args: Value) -> Result<NativePages> {
        let pages = operations::list(&self.client, &operation, args).map_err(|err| to_js_error(env, err))?;
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
            "deadlineMs": config.deadline().map(|d| d.as_millis() as u64),
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
    /// The items left in the page in hand, as the JSON text of an array (no request, no
    /// Promise; one text per page, parsed once), else `null`: then await `nextItem`.
    #[napi]
    pub fn take_buffered(&self, env: &Env) -> Result<Option<String>> {
        let Ok(mut pages) = self.pages.try_lock() else { return Ok(None) };
        pages.take_rest_as_text().transpose().map_err(|err| to_js_error(env, err))
    }

    /// The next item as JSON text, or `null` after the last.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub fn next_item<'env>(
        &self,
        env: &'env Env,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, Option<String>>> {
        let pages = Arc::clone(&self.pages);
        promise(env, cancel, async move {
            let item = pages.lock().await.next_item().await?;
            item.map(|item| String::encode(&item)).transpose()
        })
    }

    /// The next page (`data` and cursors) as JSON text, or `null` after the last.
    #[napi(ts_return_type = "Promise<string | null>")]
    pub fn next_page<'env>(
        &self,
        env: &'env Env,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, Option<String>>> {
        let pages = Arc::clone(&self.pages);
        promise(env, cancel, async move {
            let page = pages.lock().await.next_page().await?;
            page.map(|page| String::encode(&page)).transpose()
        })
    }
}

/// Checks a webhook delivery's `Authorization` against the secret and reads its body as an
/// event; see `constructWebhookEvent` in `index.js`.
#[napi]
pub fn construct_webhook_event(
    env: &Env,
    body: Either<Buffer, String>,
    authorization: Option<String>,
    secret_key: String,
) -> Result<Value> {
    let bytes: &[u8] = match &body {
        Either::A(buffer) => buffer.as_ref(),
        Either::B(text) => text.as_bytes(),
    };
    let event = alternative_payments::webhooks::construct_event(bytes, authorization.as_deref(), &secret_key)
        .map_err(|err| to_js_error(env, err))?;
    serde_json::to_value(event).map_err(|err| to_js_error(env, Error::WebhookVerification { message: err.to_string() }))
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

/// The webhook topics the reference lists (`WEBHOOK_TOPICS` in `index.js`).
#[napi]
pub fn webhook_topics() -> Vec<String> {
    alternative_payments::WEBHOOK_TOPICS.iter().map(|topic| topic.to_string()).collect()
}

/// Every operation name, for the parity check of the test suite.
#[napi]
pub fn operation_names() -> Vec<String> {
    operations::CALLS.iter().chain(operations::LISTS).map(|name| name.to_string()).collect()
}

/// The addon's runtime is the core's (`blocking::new_runtime`: one worker thread), set before
/// the first call; if it cannot start, napi's default runtime is used.
#[napi_derive::module_init]
fn init() {
    if let Ok(runtime) = alternative_payments::blocking::new_runtime() {
        create_custom_tokio_runtime(runtime);
    }
}
