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

impl Config {
    /// Applies the settings of `POST /_sandbox/config` (`rate_limit`: a whole number or null,
    /// `token_ttl_secs`, `client_id`, `client_secret`, `shapes`: "reference" or "guides"); what
    /// is not given stays. The packages' testing kits start their sandbox with the same object.
    pub fn apply(&mut self, settings: &serde_json::Value) -> Result<(), String> {
        use serde_json::Value;
        match settings.get("rate_limit") {
            None => {}
            Some(Value::Null) => self.rate_limit = None,
            Some(given) => {
                let limit = given.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0);
                self.rate_limit = Some(
                    limit.ok_or_else(|| format!("rate_limit must be a whole number from 1 or null, not {given}"))?,
                );
            }
        }
        if let Some(ttl) = settings.get("token_ttl_secs") {
            let ttl = ttl.as_u64().filter(|secs| *secs > 0);
            self.token_ttl_secs = ttl.ok_or("token_ttl_secs must be a whole number of seconds from 1")?;
        }
        if let Some(id) = settings.get("client_id").and_then(Value::as_str) {
            self.client_id = id.to_string();
        }
        if let Some(secret) = settings.get("client_secret").and_then(Value::as_str) {
            self.client_secret = secret.to_string();
        }
        match settings.get("shapes").and_then(Value::as_str) {
            None => {}
            Some("reference") => self.shapes = Shapes::Reference,
            Some("guides") => self.shapes = Shapes::Guides,
            Some(other) => return Err(format!("shapes must be reference or guides, not {other}")),
        }
        Ok(())
    }
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
///
/// ```
/// let sandbox = ap_sandbox::Sandbox::start(ap_sandbox::Config::default()).unwrap();
/// let customer = sandbox.control("POST", "/seed", serde_json::json!({"customers": 2})).unwrap();
/// assert_eq!(customer["customers"], 2);
/// assert!(sandbox.requests().unwrap().is_empty(), "control calls are not logged");
/// ```
pub struct Sandbox {
    addr: SocketAddr,
    /// The control routes over the server's state, answered in-process by [`Sandbox::control`].
    control: Router,
    runtime: tokio::runtime::Handle,
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
        let handle = runtime.handle().clone();
        let state = shared(config);
        let control = control::routes().with_state(state.clone());
        let thread = std::thread::Builder::new().name("ap-sandbox".into()).spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(err) => return eprintln!("ap-sandbox: {err}"),
                };
                let app = app(state);
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
        Ok(Sandbox { addr, control, runtime: handle, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:38211`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs a control endpoint (the table of `control.rs`, without the `/_sandbox` prefix) in
    /// this process, with no HTTP: what the testing kits of the packages call. An answer of
    /// 400 and up is an `Err` with its message. Works from any thread, async tests included.
    pub fn control(&self, method: &str, path: &str, body: serde_json::Value) -> Result<serde_json::Value, String> {
        use tower::ServiceExt;
        let request = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .map_err(|err| err.to_string())?;
        let router = self.control.clone();
        let runtime = self.runtime.clone();
        let answer = std::thread::scope(|scope| {
            scope
                .spawn(move || {
                    runtime.block_on(async move {
                        let response = router.oneshot(request).await.map_err(|err| err.to_string())?;
                        let status = response.status();
                        let bytes =
                            axum::body::to_bytes(response.into_body(), usize::MAX).await.map_err(|e| e.to_string())?;
                        Ok::<_, String>((status, bytes))
                    })
                })
                .join()
                .map_err(|_| "the sandbox's control call failed".to_string())?
        })?;
        let (status, bytes) = answer;
        let value = if bytes.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())?
        };
        if status.as_u16() >= 400 {
            return Err(value["message"].as_str().map(String::from).unwrap_or_else(|| format!("HTTP {status}")));
        }
        Ok(value)
    }

    /// Settles a pending payment request: `paid` (creating its transaction), `expired` or
    /// `cancelled`.
    pub fn settle_payment_request(&self, id: &str, status: &str) -> Result<serde_json::Value, String> {
        let action = match status {
            "paid" => "pay",
            "expired" => "expire",
            "cancelled" => "cancel",
            other => return Err(format!("status must be paid, expired or cancelled, not {other:?}")),
        };
        self.control("POST", &format!("/payment-requests/{id}/{action}"), serde_json::json!({}))
    }

    /// Makes the next matching requests fail (the kinds of `POST /_sandbox/faults`), e.g.
    /// `{"kind": "status", "status": 503, "method": "GET", "path": "/customers", "count": 2}`.
    pub fn fail_next(&self, fault: serde_json::Value) -> Result<(), String> {
        self.control("POST", "/faults", fault).map(drop)
    }

    /// The requests the API answered, oldest first (method, path, query, status, `at_ms`,
    /// client id, request id).
    pub fn requests(&self) -> Result<Vec<serde_json::Value>, String> {
        let log = self.control("GET", "/requests", serde_json::Value::Null)?;
        Ok(log["requests"].as_array().cloned().unwrap_or_default())
    }

    /// Forgets every object, token, fault and logged request.
    pub fn reset(&self) -> Result<(), String> {
        self.control("POST", "/reset", serde_json::json!({})).map(drop)
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
    app(shared(config))
}

fn shared(config: Config) -> State {
    Arc::new(Shared {
        config: Mutex::new(config),
        store: Mutex::new(Store::default()),
        started: std::time::Instant::now(),
    })
}

fn app(state: State) -> Router {
    let api = api::routes().layer(axum::middleware::from_fn_with_state(state.clone(), gate::gate));
    Router::new().merge(api).nest("/_sandbox", control::routes()).with_state(state)
}
