//! The interpreter's exit, for the SDK's threads that call into Python: the log delivery thread
//! and the runtime thread settling asyncio futures. A thread attaching to Python while the
//! interpreter finalizes aborts the process ("PyGILState_Release: thread state ... must be
//! current"), so an `atexit` hook marks the exit and waits for the SDK's attached threads to
//! detach; from then on none attaches (docs/behaviour.md, "Threads").

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::time::{Duration, Instant};

use pyo3::prelude::*;

/// Set by the `atexit` hook: no SDK thread attaches to Python any more.
static EXITING: AtomicBool = AtomicBool::new(false);

/// How many SDK threads are attached (or attaching) to Python, with the id of their process in
/// the high half: a child after `fork()` inherits the count of its parent's threads, not theirs.
static ATTACHED: AtomicU64 = AtomicU64::new(0);

/// The longest the exit waits for an attached SDK thread (one log record or one settled future).
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Runs `f` attached to Python, unless the interpreter is exiting (or gone): then `None`.
pub fn attach<R>(f: impl FnOnce(Python<'_>) -> R) -> Option<R> {
    let pid = u64::from(std::process::id()) << 32;
    let _ =
        ATTACHED.fetch_update(SeqCst, SeqCst, |now| Some(if now & !0xffff_ffff == pid { now + 1 } else { pid | 1 }));
    let result = if EXITING.load(SeqCst) { None } else { Python::try_attach(f) };
    let _ = ATTACHED
        .fetch_update(SeqCst, SeqCst, |now| (now & !0xffff_ffff == pid && now & 0xffff_ffff > 0).then(|| now - 1));
    result
}

/// The number of SDK threads of this process attached to Python.
fn attached_here() -> u64 {
    let now = ATTACHED.load(SeqCst);
    if now >> 32 == u64::from(std::process::id()) {
        now & 0xffff_ffff
    } else {
        0
    }
}

/// The `atexit` hook: marks the exit, then lets an attached SDK thread finish and detach.
#[pyfunction]
fn before_exit(py: Python<'_>) {
    EXITING.store(true, SeqCst);
    py.detach(|| {
        let started = Instant::now();
        while attached_here() > 0 && started.elapsed() < EXIT_WAIT {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Registers [`before_exit`] with `atexit` (at import).
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let hook = wrap_pyfunction!(before_exit, module)?;
    module.py().import("atexit")?.call_method1("register", (hook,))?;
    Ok(())
}
