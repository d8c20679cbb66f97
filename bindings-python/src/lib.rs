//! `alternative_payments._native`: the core's blocking client for Python.
//!
//! This crate only converts: Python values to JSON arguments, JSON results to Python values,
//! and core errors to the exception classes of `alternative_payments._errors`. Every network
//! call and wait runs with the GIL released, and checks for Ctrl-C every 100 ms.

mod asyncio;
mod exit;
mod logging;
#[cfg(feature = "testing")]
mod testing;

use std::sync::{Arc, Mutex};

use alternative_payments::blocking::{self, Iter};
use alternative_payments::operations::{self, ValuePaginator};
use alternative_payments::{CallOptions, ClientBuilder, Error, ErrorKind, Naming};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Number, Value};

/// The core's blocking client, driven by `alternative_payments.Client`.
#[pyclass(frozen, module = "alternative_payments._native")]
struct NativeClient {
    client: blocking::Client,
}

#[pymethods]
impl NativeClient {
    /// `settings`: a dict with the core's snake_case names (`client_id`, `timeout` in seconds...).
    #[new]
    fn new(py: Python<'_>, settings: &Bound<'_, PyAny>) -> PyResult<Self> {
        let built = settings_json(settings)
            .and_then(|settings| ClientBuilder::from_settings(&settings, Naming::Snake))
            .and_then(|builder| builder.config())
            .and_then(|config| blocking::Client::from_config(config, Some(Arc::new(interrupted))));
        built.map(|client| NativeClient { client }).map_err(|err| to_py_err(py, err))
    }

    /// Runs one operation by name (`"customers.get"`, ...) with a dict of arguments.
    fn call(&self, py: Python<'_>, operation: &str, args: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        logging::refresh_threshold(py);
        let args = to_json(args).map_err(|err| to_py_err(py, err))?;
        let result = py.detach(|| self.client.call(operation, args));
        match result {
            Ok(value) => from_json(py, &value),
            Err(err) => Err(to_py_err(py, err)),
        }
    }

    /// Starts a lazy list by name; nothing is fetched until it is read.
    fn list(&self, py: Python<'_>, operation: &str, args: &Bound<'_, PyAny>) -> PyResult<NativePages> {
        logging::refresh_threshold(py);
        let args = to_json(args).map_err(|err| to_py_err(py, err))?;
        Ok(NativePages { pages: Mutex::new(self.client.list(operation, args)) })
    }

    /// `call` for asyncio: an awaitable of the result (from a coroutine only).
    fn call_async(&self, py: Python<'_>, operation: String, args: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        logging::refresh_threshold(py);
        let args = to_json(args).map_err(|err| to_py_err(py, err))?;
        asyncio::awaitable(
            py,
            &self.client,
            move |client| async move { operations::call(&client, &operation, args).await },
        )
    }

    /// `list` for asyncio: pages whose `next_item` and `next_page` are awaitables.
    fn list_async(&self, py: Python<'_>, operation: &str, args: &Bound<'_, PyAny>) -> PyResult<NativeAsyncPages> {
        logging::refresh_threshold(py);
        let args = to_json(args).map_err(|err| to_py_err(py, err))?;
        let pages = self.client.async_client().and_then(|client| operations::list(&client, operation, args));
        Ok(NativeAsyncPages { client: self.client.clone(), pages: pages.map(|p| Arc::new(tokio::sync::Mutex::new(p))) })
    }

    /// A client with other per-call settings (`timeout`, `max_retries`, `deadline`), sharing
    /// this one's connections, limiter and token.
    fn with_options(&self, py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<NativeClient> {
        let options = settings_json(options)
            .and_then(|options| CallOptions::from_settings(&options, Naming::Snake))
            .and_then(|options| self.client.with_options(&options));
        options.map(|client| NativeClient { client }).map_err(|err| to_py_err(py, err))
    }

    /// The settings in force, without the secret.
    fn settings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let config = self.client.config();
        let settings = serde_json::json!({
            "client_id": config.client_id(),
            "base_url": config.base_url(),
            "timeout": config.timeout().as_secs_f64(),
            "max_retries": config.max_retries(),
            "deadline": config.deadline().map(|d| d.as_secs_f64()),
            "rate_limit": config.rate_limit(),
        });
        from_json(py, &settings)
    }
}

/// A lazy list from `NativeClient.list`.
#[pyclass(frozen, module = "alternative_payments._native")]
struct NativePages {
    pages: Mutex<Iter<ValuePaginator>>,
}

#[pymethods]
impl NativePages {
    /// The items left in the page in hand, as a list of dicts (no request, no wait, the GIL
    /// kept), else `None`: then call `next_item`.
    fn take_buffered(&self, py: Python<'_>) -> PyResult<Option<Py<PyList>>> {
        let Ok(mut pages) = self.pages.try_lock() else { return Ok(None) };
        buffered_items(py, std::iter::from_fn(|| pages.take_buffered()))
    }

    /// The next item as a dict, or `None` after the last.
    fn next_item(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let next = py.detach(|| self.pages.lock().unwrap_or_else(|p| p.into_inner()).next());
        match next {
            None => Ok(None),
            Some(Ok(item)) => from_json(py, &item).map(Some),
            Some(Err(err)) => Err(to_py_err(py, err)),
        }
    }

    /// The next page as a dict (`data`, cursors), or `None` after the last.
    fn next_page(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let next = py.detach(|| self.pages.lock().unwrap_or_else(|p| p.into_inner()).next_page());
        match next {
            Ok(None) => Ok(None),
            Ok(Some(page)) => {
                let page = serde_json::to_value(page).unwrap_or(Value::Null);
                from_json(py, &page).map(Some)
            }
            Err(err) => Err(to_py_err(py, err)),
        }
    }
}

/// A lazy list from `NativeClient.list_async`: one page fetched per awaited step.
#[pyclass(frozen, module = "alternative_payments._native")]
struct NativeAsyncPages {
    client: blocking::Client,
    /// Shared with the step in flight; an argument error is raised at the first step.
    pages: Result<Arc<tokio::sync::Mutex<ValuePaginator>>, Error>,
}

impl NativeAsyncPages {
    fn pages(&self, py: Python<'_>) -> PyResult<Arc<tokio::sync::Mutex<ValuePaginator>>> {
        self.pages.clone().map_err(|err| to_py_err(py, err))
    }
}

#[pymethods]
impl NativeAsyncPages {
    /// The items left in the page in hand, as a list of dicts (no request, nothing to await),
    /// else `None`: then await `next_item`.
    fn take_buffered(&self, py: Python<'_>) -> PyResult<Option<Py<PyList>>> {
        let Ok(pages) = &self.pages else { return Ok(None) };
        let Ok(mut pages) = pages.try_lock() else { return Ok(None) };
        buffered_items(py, std::iter::from_fn(|| pages.take_buffered()))
    }

    /// An awaitable of the next item as a dict, or `None` after the last.
    fn next_item(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let pages = self.pages(py)?;
        asyncio::awaitable(py, &self.client, move |_| async move {
            Ok(pages.lock().await.next_item().await?.unwrap_or(Value::Null))
        })
    }

    /// An awaitable of the next page as a dict (`data`, cursors), or `None` after the last.
    fn next_page(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let pages = self.pages(py)?;
        asyncio::awaitable(py, &self.client, move |_| async move {
            let page = pages.lock().await.next_page().await?;
            Ok(page.map(|page| serde_json::to_value(page).unwrap_or(Value::Null)).unwrap_or(Value::Null))
        })
    }
}

/// The items of `taken` (the rest of a page) as a list of dicts, or `None` when there is none.
fn buffered_items(py: Python<'_>, taken: impl Iterator<Item = Result<Value, Error>>) -> PyResult<Option<Py<PyList>>> {
    let list = PyList::empty(py);
    for item in taken {
        list.append(from_json(py, &item.map_err(|err| to_py_err(py, err))?)?)?;
    }
    Ok((!list.is_empty()).then(|| list.unbind()))
}

/// Asked every 100 ms while a call waits: true (with the exception set) after Ctrl-C.
fn interrupted() -> bool {
    Python::attach(|py| match py.check_signals() {
        Ok(()) => false,
        Err(err) => {
            err.restore(py);
            true
        }
    })
}

/// The class in `alternative_payments._errors` of each kind of core error.
fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::BadRequest => "BadRequestError",
        ErrorKind::Authentication => "AuthenticationError",
        ErrorKind::PermissionDenied => "PermissionDeniedError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Conflict => "ConflictError",
        ErrorKind::UnprocessableEntity => "UnprocessableEntityError",
        ErrorKind::RateLimit => "RateLimitError",
        ErrorKind::InternalServer => "InternalServerError",
        ErrorKind::Api => "APIError",
        ErrorKind::Connection => "APIConnectionError",
        ErrorKind::Timeout => "APITimeoutError",
        ErrorKind::ResponseDecode => "ResponseDecodeError",
        ErrorKind::Configuration => "ConfigurationError",
        ErrorKind::InvalidArgument => "InvalidArgumentError",
        ErrorKind::WebhookVerification => "WebhookVerificationError",
        _ => "AlternativePaymentsError",
    }
}

/// The exception for a core error: its kind's class, built from the error's fields. A call
/// cancelled by Ctrl-C raises the `KeyboardInterrupt` that the signal check set.
fn to_py_err(py: Python<'_>, err: Error) -> PyErr {
    if let Error::Cancelled = err {
        return PyErr::take(py).unwrap_or_else(|| PyKeyboardInterrupt::new_err("interrupted"));
    }
    let build = || -> PyResult<PyErr> {
        let errors = py.import("alternative_payments._errors")?;
        let class = errors.getattr(class_name(err.kind()))?;
        let info = from_json(py, &Value::Object(err.fields()))?;
        let instance = class.call_method1("_from_native", (info,))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|failure| failure)
}

/// A Python argument as JSON. Anything JSON cannot hold exactly is an invalid argument, named
/// like the core names it (`timeout`, `line_items[1].amount`; `arguments` for the whole).
fn to_json(value: &Bound<'_, PyAny>) -> Result<Value, Error> {
    to_json_at(value, &Path::Root)
}

/// Settings as JSON: a value JSON cannot hold is a configuration error naming the setting.
fn settings_json(settings: &Bound<'_, PyAny>) -> Result<Value, Error> {
    to_json(settings).map_err(|err| match err {
        Error::InvalidArgument { argument, message } => Error::Configuration { setting: argument, message },
        other => other,
    })
}

/// Where a value sits in what the caller passed; made into a name only for an error.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn name(&self) -> String {
        match self {
            Path::Root => "arguments".into(),
            Path::Key(Path::Root, key) => key.to_string(),
            Path::Key(parent, key) => format!("{}.{key}", parent.name()),
            Path::Index(parent, index) => format!("{}[{index}]", parent.name()),
        }
    }

    fn invalid(&self, message: String) -> Error {
        Error::InvalidArgument { argument: self.name(), message }
    }
}

fn to_json_at(value: &Bound<'_, PyAny>, path: &Path<'_>) -> Result<Value, Error> {
    let invalid = |message: String| path.invalid(message);
    if value.is_none() {
        Ok(Value::Null)
    } else if value.is_instance_of::<PyBool>() {
        Ok(Value::Bool(value.extract::<bool>().unwrap_or(false)))
    } else if value.is_instance_of::<PyInt>() {
        value
            .extract::<i64>()
            .map(|i| Value::Number(i.into()))
            .map_err(|_| invalid(format!("{value} is out of range for a 64-bit integer")))
    } else if value.is_instance_of::<PyFloat>() {
        let number = value.extract::<f64>().unwrap_or(f64::NAN);
        Number::from_f64(number).map(Value::Number).ok_or_else(|| invalid(format!("{number} is not a finite number")))
    } else if value.is_instance_of::<PyString>() {
        value.extract::<String>().map(Value::String).map_err(|err| invalid(err.to_string()))
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items = value.try_iter().map_err(|err| invalid(err.to_string()))?;
        items
            .enumerate()
            .map(|(index, item)| {
                item.map_err(|err| invalid(err.to_string()))
                    .and_then(|item| to_json_at(&item, &Path::Index(path, index)))
            })
            .collect::<Result<_, _>>()
            .map(Value::Array)
    } else if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let key = key.extract::<String>().map_err(|_| invalid(format!("keys must be strings, not {key}")))?;
            let item = to_json_at(&item, &Path::Key(path, &key))?;
            map.insert(key, item);
        }
        Ok(Value::Object(map))
    } else if let Some(text) = date_or_datetime(value, path)? {
        Ok(Value::String(text))
    } else if is_decimal(value) {
        // Exact: the core reads the decimal text, so no digit is lost to a float.
        Ok(Value::String(value.str().map(|s| s.to_string()).map_err(|err| invalid(err.to_string()))?))
    } else if let Ok(to_dict) = value.call_method0("to_dict") {
        to_json_at(&to_dict, path)
    } else {
        let type_name = value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".into());
        Err(invalid(format!("a value of type {type_name} cannot be sent")))
    }
}

/// A `datetime.date` as `2025-01-31`, an aware `datetime.datetime` as its ISO text with the
/// offset; the core then applies the time-filter rule (docs/behaviour.md, "Filters"). A naive
/// datetime is refused: which zone it means is unknown.
fn date_or_datetime(value: &Bound<'_, PyAny>, path: &Path<'_>) -> Result<Option<String>, Error> {
    let py = value.py();
    let Ok(module) = py.import("datetime") else { return Ok(None) };
    let is = |name: &str| module.getattr(name).and_then(|class| value.is_instance(&class)).unwrap_or(false);
    if !is("date") {
        return Ok(None);
    }
    if is("datetime") && value.getattr("tzinfo").map(|tz| tz.is_none()).unwrap_or(true) {
        return Err(path.invalid(format!("{value} is a naive datetime: give it a timezone (e.g. tzinfo=timezone.utc)")));
    }
    let text = value.call_method0("isoformat").and_then(|text| text.extract::<String>());
    text.map(Some).map_err(|err| path.invalid(err.to_string()))
}

/// Whether `value` is a `decimal.Decimal` (money given exactly).
fn is_decimal(value: &Bound<'_, PyAny>) -> bool {
    let py = value.py();
    py.import("decimal").and_then(|m| m.getattr("Decimal")).and_then(|class| value.is_instance(&class)).unwrap_or(false)
}

/// A JSON result as Python values (dicts, lists, str, int, float, bool, None).
fn from_json(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    match value {
        Value::Null => Ok(py.None()),
        Value::Bool(b) => b.into_py_any(py),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_py_any(py),
            (None, Some(u)) => u.into_py_any(py),
            _ => n.as_f64().unwrap_or(f64::NAN).into_py_any(py),
        },
        Value::String(s) => s.into_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_json(py, item)?)?;
            }
            list.into_py_any(py)
        }
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(key, from_json(py, item)?)?;
            }
            dict.into_py_any(py)
        }
    }
}

/// Checks a webhook delivery's `Authorization` against the secret and reads its body (bytes or
/// text) as an event dict; see `alternative_payments.webhooks.construct_event`.
#[pyfunction]
#[pyo3(signature = (body, authorization, secret_key))]
fn construct_webhook_event(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    authorization: Option<&str>,
    secret_key: &str,
) -> PyResult<Py<PyAny>> {
    let bytes: Vec<u8> = if body.is_instance_of::<PyString>() {
        body.extract::<String>()?.into_bytes()
    } else {
        body.extract::<Vec<u8>>().map_err(|_| {
            to_py_err(py, Error::InvalidArgument { argument: "payload".into(), message: "must be bytes or str".into() })
        })?
    };
    let event = alternative_payments::webhooks::construct_event(&bytes, authorization, secret_key).and_then(|event| {
        serde_json::to_value(event).map_err(|err| Error::WebhookVerification { message: err.to_string() })
    });
    match event {
        Ok(event) => from_json(py, &event),
        Err(err) => Err(to_py_err(py, err)),
    }
}

/// Runs the `alternative-payments` command line with `argv` (the program name first); returns
/// its exit code. The GIL is released while it runs.
#[pyfunction]
fn cli_main(py: Python<'_>, argv: Vec<String>) -> i32 {
    py.detach(|| ap_cli::run(argv))
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::PythonLogging::install();
    exit::register(module)?;
    module.add_class::<NativeClient>()?;
    module.add_class::<NativePages>()?;
    module.add_class::<NativeAsyncPages>()?;
    #[cfg(feature = "testing")]
    module.add_class::<testing::NativeSandbox>()?;
    module.add_function(wrap_pyfunction!(construct_webhook_event, module)?)?;
    module.add_function(wrap_pyfunction!(cli_main, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("DEFAULT_BASE_URL", alternative_payments::DEFAULT_BASE_URL)?;
    module.add("DEFAULT_TIMEOUT", alternative_payments::DEFAULT_TIMEOUT.as_secs_f64())?;
    module.add("DEFAULT_MAX_RETRIES", alternative_payments::DEFAULT_MAX_RETRIES)?;
    module.add("DEFAULT_RATE_LIMIT", alternative_payments::DEFAULT_RATE_LIMIT)?;
    module.add("WEBHOOK_TOPICS", alternative_payments::WEBHOOK_TOPICS.to_vec())?;
    module.add(
        "OPERATIONS",
        alternative_payments::operations::CALLS
            .iter()
            .chain(alternative_payments::operations::LISTS)
            .collect::<Vec<_>>(),
    )?;
    let specs: Vec<serde_json::Value> = alternative_payments::operations::SPECS
        .iter()
        .map(|spec| {
            serde_json::json!({"name": spec.name, "route": spec.route, "lazy_list": spec.lazy_list,
                "summary": spec.summary, "arguments": spec.arguments()})
        })
        .collect();
    module.add("OPERATION_SPECS", from_json(module.py(), &serde_json::Value::Array(specs))?)?;
    Ok(())
}
