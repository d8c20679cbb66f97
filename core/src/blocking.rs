//! The blocking client: the same methods as the async [`crate::Client`], for code that is not
//! async. The Python and uniffi bindings are built on it.
//!
//! Calls run on one runtime shared by the process (recreated in the child after `fork()`),
//! while the calling thread waits. Call it from any thread that is not inside an async
//! runtime; from inside one it returns an error instead of blocking the runtime.
//!
//! ```no_run
//! # fn main() -> alternative_payments::Result<()> {
//! let client = alternative_payments::blocking::Client::from_env()?;
//! for customer in client.customers().list(Default::default()) {
//!     println!("{}", customer?.id);
//! }
//! # Ok(()) }
//! ```

use std::future::Future;
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::operations::ValuePaginator;
use crate::pagination::{Page, Paginator};
use crate::{CallOptions, ClientBuilder, Config};

/// How often a waiting call asks the interrupt check whether to give up.
const INTERRUPT_POLL: Duration = Duration::from_millis(100);

/// Asked while a call waits; returning `true` abandons the call with [`Error::Cancelled`].
pub type InterruptCheck = Arc<dyn Fn() -> bool + Send + Sync>;

/// A runtime for the SDK's calls made from outside any async runtime: the blocking client's
/// (Python, uniffi) and the Node addon's. One worker thread, named `alternative-payments`: the
/// calls are I/O, and with a second worker a call spawned from the caller's thread woke both
/// workers and moved between them, costing CPU and latency on every call (docs/behaviour.md,
/// "Threads"; bench/RESULTS.md section 11).
///
/// ```
/// let runtime = alternative_payments::blocking::new_runtime()?;
/// assert_eq!(runtime.block_on(async { 1 + 1 }), 2);
/// # Ok::<(), alternative_payments::Error>(())
/// ```
pub fn new_runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("alternative-payments")
        .enable_all()
        .build()
        .map_err(|err| Error::config("runtime", format!("could not start the SDK's runtime: {err}")))
}

/// The process's runtime ([`new_runtime`]), made again in a child process after `fork()`
/// (threads do not survive a fork; the parent's runtime is left alone, never dropped in the
/// child).
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: Mutex<Option<(u32, &'static tokio::runtime::Runtime)>> = Mutex::new(None);
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    if let Some((owner, runtime)) = *slot {
        if owner == pid {
            return Ok(runtime);
        }
    }
    let runtime: &'static tokio::runtime::Runtime = Box::leak(Box::new(new_runtime()?));
    *slot = Some((pid, runtime));
    Ok(runtime)
}

struct Inner {
    config: Config,
    /// The async client of the current process: made again after `fork()`, since its
    /// connections belong to the parent's runtime.
    client: Mutex<(u32, crate::Client)>,
    interrupt: Option<InterruptCheck>,
}

/// The blocking client. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client").field("config", &self.inner.config).finish()
    }
}

impl Client {
    /// A client configured from the environment alone.
    pub fn from_env() -> Result<Client> {
        Self::new(&ClientBuilder::new())
    }

    /// A client from a builder (see [`ClientBuilder`]).
    pub fn new(builder: &ClientBuilder) -> Result<Client> {
        Self::from_config(builder.config()?, None)
    }

    /// A client from checked settings, with an optional interrupt check that waiting calls
    /// ask every 100 ms (the Python binding uses it for Ctrl-C).
    pub fn from_config(config: Config, interrupt: Option<InterruptCheck>) -> Result<Client> {
        let client = crate::Client::from_config(config.clone())?;
        let inner = Inner { config, client: Mutex::new((std::process::id(), client)), interrupt };
        Ok(Client { inner: Arc::new(inner) })
    }

    /// The settings in force (the secret is never shown).
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// A view of this client with other per-call settings, sharing its connections, the key's
    /// limiter and token (see [`crate::Client::with_options`]).
    pub fn with_options(&self, options: &CallOptions) -> Result<Client> {
        let config = self.inner.config.with_options(options);
        let client = self.async_client()?.with_options(options);
        let inner =
            Inner { config, client: Mutex::new((std::process::id(), client)), interrupt: self.inner.interrupt.clone() };
        Ok(Client { inner: Arc::new(inner) })
    }

    /// Runs `f` with the async client on the SDK's runtime without waiting: `done` gets its
    /// result on a thread of the runtime. The handle aborts it (the future is dropped, which
    /// frees its rate-limit slot); `done` is then never called. For bindings whose callers
    /// await in their own event loop (Python's asyncio).
    pub fn spawn<T, F, Fut, D>(&self, f: F, done: D) -> Result<tokio::task::AbortHandle>
    where
        T: Send + 'static,
        F: FnOnce(crate::Client) -> Fut,
        Fut: Future<Output = Result<T>> + Send + 'static,
        D: FnOnce(Result<T>) + Send + 'static,
    {
        let future = f(self.async_client()?);
        let task = runtime()?.spawn(async move { done(future.await) });
        Ok(task.abort_handle())
    }

    /// The async client behind this one (for this process).
    pub fn async_client(&self) -> Result<crate::Client> {
        let mut slot = self.inner.client.lock().unwrap_or_else(|p| p.into_inner());
        let pid = std::process::id();
        if slot.0 != pid {
            *slot = (pid, crate::Client::from_config(self.inner.config.clone())?);
        }
        Ok(slot.1.clone())
    }

    /// Runs `f` with the async client on the SDK's runtime and waits for it.
    pub fn run<T, F, Fut>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(crate::Client) -> Fut,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        self.run_to_end(f(self.async_client()?))?
    }

    /// Waits for `future` on the SDK's runtime; gives up with [`Error::Cancelled`] when the
    /// interrupt check says so (the future is then cancelled).
    fn run_to_end<T: Send + 'static>(&self, future: impl Future<Output = T> + Send + 'static) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(
                "runtime",
                "the blocking client was called from inside an async runtime; use alternative_payments::Client there",
            ));
        }
        let (sender, receiver) = sync_channel(1);
        let task = runtime()?.spawn(async move {
            let _ = sender.send(future.await);
        });
        loop {
            let waited = match &self.inner.interrupt {
                Some(_) => receiver.recv_timeout(INTERRUPT_POLL),
                None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match waited {
                Ok(value) => return Ok(value),
                Err(RecvTimeoutError::Timeout) => {
                    if self.inner.interrupt.as_ref().is_some_and(|interrupted| interrupted()) {
                        task.abort();
                        return Err(Error::Cancelled);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Connection {
                        message: "the call ended without a result (the SDK's runtime stopped)".into(),
                        outcome_unknown: true,
                    })
                }
            }
        }
    }

    /// Runs an operation by name with JSON arguments (see [`crate::operations::call`]).
    pub fn call(&self, operation: &str, args: Value) -> Result<Value> {
        let operation = operation.to_string();
        self.run(move |c| async move { crate::operations::call(&c, &operation, args).await })
    }

    /// Starts a lazy list by name with JSON arguments (see [`crate::operations::list`]).
    pub fn list(&self, operation: &str, args: Value) -> Iter<ValuePaginator> {
        let pages = self.async_client().and_then(|c| crate::operations::list(&c, operation, args));
        Iter::new(self, pages)
    }

    /// Customers, their payment methods and users.
    pub fn customers(&self) -> Customers<'_> {
        Customers { client: self }
    }
    /// Invoices and their links.
    pub fn invoices(&self) -> Invoices<'_> {
        Invoices { client: self }
    }
    /// One-off payment requests.
    pub fn payment_requests(&self) -> PaymentRequests<'_> {
        PaymentRequests { client: self }
    }
    /// Transactions (payments).
    pub fn transactions(&self) -> Transactions<'_> {
        Transactions { client: self }
    }
    /// Payouts and their transactions.
    pub fn payouts(&self) -> Payouts<'_> {
        Payouts { client: self }
    }
    /// Webhook subscriptions and their events.
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks { client: self }
    }
}

/// What a blocking [`Iter`] walks: a typed [`Paginator`], or the JSON
/// [`ValuePaginator`] of the bindings.
pub trait Pages: Send + 'static {
    /// What the list holds.
    type Item: Send + 'static;
    /// The next page, or `None` after the last.
    fn next_page(&mut self) -> impl Future<Output = Result<Option<Page<Self::Item>>>> + Send;
    /// The next item, or `None` after the last.
    fn next_item(&mut self) -> impl Future<Output = Result<Option<Self::Item>>> + Send;
    /// The next item when the page in hand still has one: no request, no wait, so a caller
    /// outside the runtime takes it without a trip through the runtime. `None` when the next
    /// item needs [`Pages::next_item`] (a page to fetch, or the end to find).
    fn take_buffered(&mut self) -> Option<Result<Self::Item>> {
        None
    }
}

impl<T: DeserializeOwned + Send + 'static> Pages for Paginator<T> {
    type Item = T;
    fn next_page(&mut self) -> impl Future<Output = Result<Option<Page<T>>>> + Send {
        Paginator::next_page(self)
    }
    fn next_item(&mut self) -> impl Future<Output = Result<Option<T>>> + Send {
        Paginator::next_item(self)
    }
    fn take_buffered(&mut self) -> Option<Result<T>> {
        Paginator::take_buffered(self).map(Ok)
    }
}

impl Pages for crate::Reconciler {
    type Item = crate::Reconciliation;
    fn next_page(&mut self) -> impl Future<Output = Result<Option<Page<crate::Reconciliation>>>> + Send {
        crate::Reconciler::next_page(self)
    }
    fn next_item(&mut self) -> impl Future<Output = Result<Option<crate::Reconciliation>>> + Send {
        crate::Reconciler::next_item(self)
    }
}

impl Pages for ValuePaginator {
    type Item = Value;
    fn next_page(&mut self) -> impl Future<Output = Result<Option<Page<Value>>>> + Send {
        ValuePaginator::next_page(self)
    }
    fn next_item(&mut self) -> impl Future<Output = Result<Option<Value>>> + Send {
        ValuePaginator::next_item(self)
    }
    fn take_buffered(&mut self) -> Option<Result<Value>> {
        ValuePaginator::take_buffered(self)
    }
}

/// Every item of a typed list.
pub type Items<T> = Iter<Paginator<T>>;

/// Every item of a list, fetching the next page only when this one is used up.
///
/// After an error (a failed page, Ctrl-C) the iterator is not finished: the next call asks
/// for the page that failed again and goes on, so no item is skipped and the list never ends
/// early without saying so.
pub struct Iter<P> {
    client: Client,
    /// Shared with the call in flight, so that an interrupted call leaves the list as it was.
    pages: std::result::Result<Arc<tokio::sync::Mutex<P>>, (String, String)>,
}

impl<P: Pages> Iter<P> {
    pub(crate) fn new(client: &Client, pages: Result<P>) -> Iter<P> {
        let pages = match pages {
            Ok(pages) => Ok(Arc::new(tokio::sync::Mutex::new(pages))),
            Err(Error::InvalidArgument { argument, message }) => Err((argument, message)),
            Err(other) => Err(("arguments".into(), other.to_string())),
        };
        Iter { client: client.clone(), pages }
    }

    /// Runs `step` on the list on the SDK's runtime and waits for it.
    fn step<T, F>(&self, step: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut P) -> std::pin::Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>> + Send + 'static,
    {
        let pages = match &self.pages {
            Ok(pages) => pages.clone(),
            Err((argument, message)) => return Err(Error::invalid(argument, message.clone())),
        };
        self.client.run_to_end(async move {
            let mut pages = pages.lock_owned().await;
            step(&mut pages).await
        })?
    }

    /// The next page rather than the next item (for bindings that hand out pages).
    pub fn next_page(&mut self) -> Result<Option<Page<P::Item>>> {
        self.step(|pages| Box::pin(pages.next_page()))
    }

    /// The next item when the page in hand still has one, taken on the caller's thread: no
    /// request, no wait (a hand-off through the runtime per item cost as much as a request).
    /// `None` when the next item needs [`Iterator::next`]: a page to fetch, or the end to find.
    pub fn take_buffered(&mut self) -> Option<Result<P::Item>> {
        let pages = self.pages.as_ref().ok()?;
        pages.try_lock().ok().and_then(|mut pages| pages.take_buffered())
    }
}

impl<P: Pages> Iterator for Iter<P> {
    type Item = Result<P::Item>;

    fn next(&mut self) -> Option<Result<P::Item>> {
        // Only a page to fetch goes through the runtime.
        if let Some(item) = self.take_buffered() {
            return Some(item);
        }
        self.step(|pages| Box::pin(pages.next_item())).transpose()
    }
}

/// An argument of an async method, carried into the runtime by value: `&str` as a `String`,
/// `&T` as a clone of `T`. The method then gets a reference to it again.
pub(crate) trait Carry {
    type Owned: Send + 'static;
    fn carry(self) -> Self::Owned;
}

impl Carry for &str {
    type Owned = String;
    fn carry(self) -> String {
        self.to_string()
    }
}

impl<T: Clone + Send + 'static> Carry for &T {
    type Owned = T;
    fn carry(self) -> T {
        self.clone()
    }
}

/// Declares a blocking resource (each resource module holds its own, next to the async
/// methods): each `fn` runs the async method of the same name on the
/// process's runtime, each `list` walks the async paginator page by page, so no method of the
/// blocking client is written by hand twice.
macro_rules! blocking_resource {
    (
        $(#[$doc:meta])* $Name:ident => $resource:ident {
            $( $(#[$fdoc:meta])* fn $method:ident($($arg:ident: $ty:ty),*) -> $ret:ty; )*
        }
        lists { $( $(#[$ldoc:meta])* $list:ident($params:ident: $Params:ty) via $paginator:ident -> $Item:ty; )* }
    ) => {
        $(#[$doc])*
        pub struct $Name<'a> {
            pub(crate) client: &'a $crate::blocking::Client,
        }

        impl $Name<'_> {
            $(
                $(#[$fdoc])*
                pub fn $method(&self, $($arg: $ty),*) -> $crate::Result<$ret> {
                    $( let $arg = $crate::blocking::Carry::carry($arg); )*
                    self.client.run(move |c| async move { c.$resource().$method($(&$arg),*).await })
                }
            )*
            $(
                $(#[$ldoc])*
                pub fn $list(&self, $params: $Params) -> $crate::blocking::Items<$Item> {
                    let paginator = self.client.async_client().map(|c| c.$resource().$paginator(&$params));
                    $crate::blocking::Iter::new(self.client, paginator)
                }
            )*
        }
    };
}
pub(crate) use blocking_resource;

pub use crate::resources::customers::blocking::Customers;
pub use crate::resources::invoices::blocking::Invoices;
pub use crate::resources::payment_requests::blocking::PaymentRequests;
pub use crate::resources::payouts::blocking::Payouts;
pub use crate::resources::transactions::blocking::Transactions;
pub use crate::resources::webhooks::blocking::Webhooks;
