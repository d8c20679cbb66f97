//! `alternative-payments/testing`: the sandbox (`tests/sandbox`) served from inside the addon,
//! started only when `Sandbox.start()` is called. Its control calls run in-process. The server
//! runs on threads of its own that Node does not wait for, so a process that forgets
//! `close()` still exits.

use std::sync::Mutex;

use ap_sandbox::{Config, Sandbox, Shapes};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;

/// A running sandbox, driven by `testing.js`.
#[napi]
pub struct NativeSandbox {
    sandbox: Mutex<Option<Sandbox>>,
    url: String,
}

fn invalid(message: impl Into<String>) -> napi::Error {
    napi::Error::new(Status::InvalidArg, message.into())
}

#[napi]
impl NativeSandbox {
    /// `settings`: `rate_limit` (a whole number or null), `token_ttl_secs`, `shapes`,
    /// `client_id`, `client_secret`.
    #[napi(constructor)]
    pub fn new(settings: Value) -> Result<Self> {
        let mut config = Config::default();
        match settings.get("rate_limit") {
            None => {}
            Some(Value::Null) => config.rate_limit = None,
            Some(limit) => {
                let limit = limit.as_u64().and_then(|n| u32::try_from(n).ok());
                config.rate_limit = Some(limit.ok_or_else(|| invalid("rateLimit must be a whole number or null"))?);
            }
        }
        if let Some(ttl) = settings.get("token_ttl_secs").and_then(Value::as_u64) {
            config.token_ttl_secs = ttl;
        }
        if let Some(id) = settings.get("client_id").and_then(Value::as_str) {
            config.client_id = id.into();
        }
        if let Some(secret) = settings.get("client_secret").and_then(Value::as_str) {
            config.client_secret = secret.into();
        }
        config.shapes = match settings.get("shapes").and_then(Value::as_str) {
            None | Some("reference") => Shapes::Reference,
            Some("guides") => Shapes::Guides,
            Some(other) => return Err(invalid(format!("shapes must be 'reference' or 'guides', not {other:?}"))),
        };
        let sandbox = Sandbox::start(config).map_err(|err| napi::Error::from_reason(err.to_string()))?;
        Ok(NativeSandbox { url: sandbox.url(), sandbox: Mutex::new(Some(sandbox)) })
    }

    /// The base URL of its API.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Runs a control endpoint (`POST /payment-requests/{id}/pay`, `GET /requests`, ...).
    #[napi]
    pub fn control(&self, method: String, path: String, body: Value) -> Result<Value> {
        let sandbox = self.sandbox.lock().unwrap_or_else(|p| p.into_inner());
        let sandbox = sandbox.as_ref().ok_or_else(|| napi::Error::from_reason("this sandbox is closed"))?;
        sandbox.control(&method, &path, body).map_err(napi::Error::from_reason)
    }

    /// Stops the server.
    #[napi]
    pub fn close(&self) {
        drop(self.sandbox.lock().unwrap_or_else(|p| p.into_inner()).take());
    }
}
