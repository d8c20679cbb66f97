//! Forwards the core's `tracing` events to `logging.getLogger("alternative_payments")`, so
//! Python users configure SDK logs like any other library's. Spans are not forwarded.
//!
//! Events are raised on the SDK's runtime threads, which must never wait for the GIL (a
//! request that has its rate-limit slot would leave late). So events are formatted there and
//! handed to one delivery thread, which alone talks to Python. Each call reads the logger's
//! level as it starts (and that thread once a second), so events nobody would see are not even
//! formatted, let alone handed to Python.
//!
//! Threads do not survive `fork()`: a child process starts its own delivery thread with its
//! first event. Each thread keeps the sender of its process, so the hot path takes no lock.

use std::cell::RefCell;
use std::fmt::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

/// Python's level for everything below its own `DEBUG`.
const TRACE: u8 = 5;
/// Events waiting for delivery beyond this are dropped rather than blocking the SDK.
const QUEUE: usize = 10_000;

/// The lowest Python level the logger currently handles (until first read: everything).
static THRESHOLD: AtomicU8 = AtomicU8::new(TRACE);

type Queue = SyncSender<(u8, String)>;

/// The subscriber installed when the module is imported (unless the process has one).
pub struct PythonLogging {
    /// The delivery queue of the process that last made one, by process id.
    queue: Mutex<Option<(u32, Queue)>>,
}

thread_local! {
    /// This thread's copy of its process's queue.
    static QUEUE_OF_THREAD: RefCell<Option<(u32, Queue)>> = const { RefCell::new(None) };
}

impl PythonLogging {
    pub fn install() {
        let _ = tracing::subscriber::set_global_default(PythonLogging { queue: Mutex::new(None) });
    }

    /// The queue of the current process, starting its delivery thread on first use (in a
    /// child after `fork()` too: the parent's thread does not exist there).
    fn queue(&self) -> Option<Queue> {
        let pid = std::process::id();
        let cached = QUEUE_OF_THREAD
            .with(|cell| cell.borrow().as_ref().filter(|(owner, _)| *owner == pid).map(|(_, q)| q.clone()));
        if cached.is_some() {
            return cached;
        }
        let mut slot = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        let queue = match slot.as_ref().filter(|(owner, _)| *owner == pid) {
            Some((_, queue)) => queue.clone(),
            None => {
                let (queue, deliveries) = sync_channel(QUEUE);
                let started = std::thread::Builder::new().name("ap-logging".into()).spawn(move || deliver(deliveries));
                started.ok()?;
                *slot = Some((pid, queue.clone()));
                queue
            }
        };
        QUEUE_OF_THREAD.with(|cell| *cell.borrow_mut() = Some((pid, queue.clone())));
        Some(queue)
    }
}

/// Reads the logger's level into [`THRESHOLD`]: called by every call as it starts (the GIL is
/// held there already; about a microsecond), so a level set just before a call applies to it.
/// The delivery thread also reads it once a second, for long lists.
pub fn refresh_threshold(py: Python<'_>) {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let logger = LOGGER.get_or_try_init(py, || {
        py.import("logging").and_then(|m| m.call_method1("getLogger", ("alternative_payments",))).map(Bound::unbind)
    });
    if let Ok(level) = logger.and_then(|l| l.bind(py).call_method0("getEffectiveLevel")).and_then(|l| l.extract::<u8>())
    {
        THRESHOLD.store(level.max(1), Ordering::Relaxed);
    }
}

/// Hands queued events to Python's logging, and keeps [`THRESHOLD`] current.
fn deliver(deliveries: Receiver<(u8, String)>) {
    let logger = crate::exit::attach(|py| {
        py.import("logging")
            .and_then(|m| m.call_method1("getLogger", ("alternative_payments",)))
            .map(Bound::unbind)
            .ok()
    })
    .flatten();
    let Some(logger) = logger else { return };
    loop {
        let next = deliveries.recv_timeout(Duration::from_secs(1));
        let delivered = crate::exit::attach(|py| {
            let logger = logger.bind(py);
            if let Ok((level, message)) = &next {
                let _ = logger.call_method1("log", (*level, message.as_str()));
            }
            if let Ok(level) = logger.call_method0("getEffectiveLevel").and_then(|l| l.extract::<u8>()) {
                THRESHOLD.store(level.max(1), Ordering::Relaxed);
            }
        });
        if delivered.is_none() || matches!(next, Err(RecvTimeoutError::Disconnected)) {
            return;
        }
    }
}

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => TRACE,
    }
}

/// Writes `message` first, then `key=value` for every other field.
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let fields = std::mem::take(&mut self.0);
            let _ = write!(self.0, "{value:?}{fields}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.insert_str(0, value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

impl Subscriber for PythonLogging {
    /// `sometimes`, never `always`: the logger's level changes at run time, so `enabled` is
    /// asked at every event. (The default caches the first answer per call site, taken while
    /// the threshold is still unread: every debug event would then be formatted and handed to
    /// Python, a GIL acquisition on another thread per request.)
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if metadata.target().starts_with("alternative_payments") {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("alternative_payments")
            && python_level(metadata.level()) >= THRESHOLD.load(Ordering::Relaxed)
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        if let Some(queue) = self.queue() {
            let _ = queue.try_send((python_level(event.metadata().level()), message.0));
        }
    }
}
