//! The bridge from the core's futures to asyncio: a call runs on the core's runtime and
//! settles an `asyncio.Future` of the caller's event loop (through `call_soon_threadsafe`), so
//! the loop is never blocked and no thread waits per call. Cancelling the asyncio future
//! aborts the Rust task: the future is dropped, and with it its place in the rate limiter.

use std::future::Future;

use alternative_payments::{blocking, Client, Result};
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyTuple};
use serde_json::Value;

use crate::{from_json, to_py_err};

/// Runs `work` with the client's async client and returns an awaitable of its JSON result,
/// converted to Python values. Must be called from a coroutine (a running event loop).
pub(crate) fn awaitable<F, Fut>(py: Python<'_>, client: &blocking::Client, work: F) -> PyResult<Py<PyAny>>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<Value>> + Send + 'static,
{
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?;
    let settle = py.import("alternative_payments._base")?.getattr("_settle")?;
    let (target, event_loop, settle) = (future.clone().unbind(), event_loop.unbind(), settle.unbind());
    let done = move |result: Result<Value>| {
        // Not while the interpreter exits: nobody awaits then (src/exit.rs).
        crate::exit::attach(|py| {
            let (ok, value) = match result.map(|value| from_json(py, &value)) {
                Ok(Ok(value)) => (true, value),
                Ok(Err(failure)) => (false, failure.into_value(py).into_any()),
                Err(err) => (false, to_py_err(py, err).into_value(py).into_any()),
            };
            // The loop may be closed by now; there is nobody left to tell.
            let _ = event_loop.call_method1(py, "call_soon_threadsafe", (settle, target, ok, value));
        });
    };
    let task = client.spawn(work, done).map_err(|err| to_py_err(py, err))?;
    let on_done = PyCFunction::new_closure(py, None, None, move |args: &Bound<'_, PyTuple>, _| -> PyResult<()> {
        if args.get_item(0)?.call_method0("cancelled")?.is_truthy()? {
            task.abort();
        }
        Ok(())
    })?;
    future.call_method1("add_done_callback", (on_done,))?;
    Ok(future.unbind())
}
