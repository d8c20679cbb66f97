//! `alternative_payments.testing`: the sandbox (`tests/sandbox`) served from inside the
//! package, started only when a `Sandbox` is made. Its control calls run in-process.

use std::sync::Mutex;

use ap_sandbox::{Config, Sandbox};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::{from_json, to_json, to_py_err};

/// A running sandbox, driven by `alternative_payments.testing.Sandbox`.
#[pyclass(frozen, module = "alternative_payments._native")]
pub(crate) struct NativeSandbox {
    sandbox: Mutex<Option<Sandbox>>,
    url: String,
}

#[pymethods]
impl NativeSandbox {
    #[new]
    fn new(py: Python<'_>, settings: &Bound<'_, PyAny>) -> PyResult<Self> {
        let settings = to_json(settings).map_err(|err| to_py_err(py, err))?;
        let mut config = Config::default();
        config.apply(&settings).map_err(PyValueError::new_err)?;
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
