//! `alternative-payments/testing`: the sandbox (`tests/sandbox`) served from inside the addon,
//! started only when `Sandbox.start()` is called. Its control calls run in-process. The server
//! runs on threads of its own that Node does not wait for, so a process that forgets
//! `close()` still exits.

use std::sync::Mutex;

use ap_sandbox::{Config, Sandbox};
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
        config.apply(&settings).map_err(invalid)?;
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
