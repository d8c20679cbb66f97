//! `alternative_payments.testing`: the sandbox (`tests/sandbox`) served from inside the
//! package, started only when a `Sandbox` is made. Its control calls run in-process.

use std::sync::Mutex;

use ap_sandbox::{Config, Sandbox, Shapes};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde_json::Value;

use crate::{from_json, to_json, to_py_err};

/// A running sandbox, driven by `alternative_payments.testing.Sandbox`.
#[pyclass(frozen, module = "alternative_payments._native")]
pub(crate) struct NativeSandbox {
    sandbox: Mutex<Option<Sandbox>>,
    url: String,
}

/// The sandbox's settings from the dict `testing.Sandbox` passes.
fn config(settings: &Value) -> Result<Config, String> {
    let mut config = Config::default();
    if let Some(limit) = settings.get("rate_limit") {
        config.rate_limit = match limit {
            Value::Null => None,
            other => Some(other.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or("rate_limit must be a whole number")?),
        };
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
        Some(other) => return Err(format!("shapes must be \"reference\" or \"guides\", not {other:?}")),
    };
    Ok(config)
}

#[pymethods]
impl NativeSandbox {
    #[new]
    fn new(py: Python<'_>, settings: &Bound<'_, PyAny>) -> PyResult<Self> {
        let settings = to_json(settings).map_err(|err| to_py_err(py, err))?;
        let config = config(&settings).map_err(PyValueError::new_err)?;
        let sandbox = py.detach(|| Sandbox::start(config)).map_err(|err| PyRuntimeError::new_err(err.to_string()))?;
        Ok(NativeSandbox { url: sandbox.url(), sandbox: Mutex::new(Some(sandbox)) })
    }

    /// The base URL of its API.
    fn url(&self) -> String {
        self.url.clone()
    }

    /// Runs a control endpoint (`POST /payment-requests/{id}/pay`, `GET /requests`, ...).
    fn control(&self, py: Python<'_>, method: &str, path: &str, body: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let body = to_json(body).map_err(|err| to_py_err(py, err))?;
        let answer = py.detach(|| {
            let sandbox = self.sandbox.lock().unwrap_or_else(|p| p.into_inner());
            match sandbox.as_ref() {
                Some(sandbox) => sandbox.control(method, path, body),
                None => Err("this sandbox is closed".to_string()),
            }
        });
        match answer {
            Ok(value) => from_json(py, &value),
            Err(message) => Err(PyValueError::new_err(message)),
        }
    }

    /// Stops the server.
    fn close(&self, py: Python<'_>) {
        let sandbox = self.sandbox.lock().unwrap_or_else(|p| p.into_inner()).take();
        py.detach(|| drop(sandbox));
    }
}
