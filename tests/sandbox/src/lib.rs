//! A stateful, in-memory fake of the Alternative Payments API.
//!
//! Every test suite of the SDK, the demo, and users who want to test their integration
//! offline run against it. Unlike a stateless mock it keeps what you create, enforces the
//! documented validations and the 5 requests/s limit, and can be told to fail on demand
//! through control endpoints under `/_sandbox/`.
//!
//! ```no_run
//! let sandbox = ap_sandbox::Sandbox::start(ap_sandbox::Config::default()).unwrap();
//! println!("sandbox at {}", sandbox.url());
//! // `sandbox` stops when dropped.
//! ```

mod api;
mod control;
mod gate;
mod store;
mod time;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use tokio::sync::oneshot;

pub use store::Store;

/// How a sandbox behaves. Every field can be changed later through `POST /_sandbox/config`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Requests allowed per client id in any 1 s window; `None` turns the limit off.
    pub rate_limit: Option<u32>,
    /// Lifetime of issued access tokens, in seconds.
    pub token_ttl_secs: u64,
    /// The client id the token endpoint accepts.
    pub client_id: String,
    /// The client secret the token endpoint accepts.
    pub client_secret: String,
    /// Whose shapes the answers take: the vendor's reference (the default) or the guides.
    pub shapes: Shapes,
}

/// The two documented dialects of the API. The SDK must decode both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shapes {
    /// The reference (OpenAPI 1.1.0): 403 for bad credentials, `token_type` `bearer`, a
    /// payment request created with 200.
    #[default]
    Reference,
    /// The guides: 401 for bad credentials, `token_type` `Bearer`, 201 on every create.
    Guides,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rate_limit: Some(5),
            token_ttl_secs: 3600,
            client_id: "sandbox_client_id".into(),
            client_secret: "sandbox_client_secret".into(),
            shapes: Shapes::Reference,
        }
    }
}

/// Everything the handlers share: the configuration and the in-memory store.
pub(crate) struct Shared {
    pub config: Mutex<Config>,
    pub store: Mutex<Store>,
    pub started: std::time::Instant,
}

pub(crate) type State = Arc<Shared>;

/// A running sandbox on a loopback port. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox on a free port of 127.0.0.1, on a thread of its own, so it works from
    /// async tests and blocking tests alike.
    pub fn start(config: Config) -> std::io::Result<Sandbox> {
        Self::start_on(config, 0)
    }

    /// Starts a sandbox on the given port of 127.0.0.1 (`0` picks a free one).
    pub fn start_on(config: Config, port: u16) -> std::io::Result<Sandbox> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("ap-sandbox")
            .build()?;
        let thread = std::thread::Builder::new().name("ap-sandbox".into()).spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(err) => return eprintln!("ap-sandbox: {err}"),
                };
                let app = router(config);
                // Stopping drops the server with its connections, rather than waiting for
                // clients that may never read their answers.
                tokio::select! {
                    served = axum::serve(listener, app) => {
                        if let Err(err) = served {
                            eprintln!("ap-sandbox: {err}");
                        }
                    }
                    _ = stopped => {}
                }
            });
            runtime.shutdown_background();
        })?;
        Ok(Sandbox { addr, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:38211`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs the sandbox until the process ends (for the `ap-sandbox` binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The whole application: API routes behind the gate (log, faults, rate limit, auth) and the
/// control routes beside it.
pub fn router(config: Config) -> Router {
    let state: State = Arc::new(Shared {
        config: Mutex::new(config),
        store: Mutex::new(Store::default()),
        started: std::time::Instant::now(),
    });
    let api = api::routes().layer(axum::middleware::from_fn_with_state(state.clone(), gate::gate));
    Router::new().merge(api).nest("/_sandbox", control::routes()).with_state(state)
}
