//! Sending one API call: a token, a rate-limit slot, the HTTP attempt, the one replay after
//! a 401, and the retries of [`crate::retry`]. Every request of the SDK goes through
//! [`Transport::send`], token requests included.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{AccessToken, TokenCache, TokenGrant};
use crate::config::Config;
use crate::error::{ApiError, Error, Result};
use crate::fleet::{Fleet, FleetLimiter};
use crate::pagination::{decode_page, Page};
use crate::rate_limit::{Permit, RateLimiter};
use crate::retry::{backoff_with_jitter, is_retryable, parse_retry_after, Failure};

/// Answers larger than this are refused (a hostile or broken server cannot exhaust memory).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// One API call, before it is sent.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    method: Method,
    /// Starts with `/`; ids in it are already percent-encoded.
    path: String,
    query: Vec<(String, String)>,
    json: Option<Vec<u8>>,
}

impl Call {
    pub(crate) fn get(path: impl Into<String>) -> Call {
        Call { method: Method::GET, path: path.into(), query: Vec::new(), json: None }
    }
    pub(crate) fn delete(path: impl Into<String>) -> Call {
        Call { method: Method::DELETE, path: path.into(), query: Vec::new(), json: None }
    }
    pub(crate) fn post<B: Serialize>(path: impl Into<String>, body: &B) -> Result<Call> {
        let json = serde_json::to_vec(body).map_err(|err| Error::invalid("body", err.to_string()))?;
        Ok(Call { method: Method::POST, path: path.into(), query: Vec::new(), json: Some(json) })
    }
    pub(crate) fn query(mut self, query: Vec<(String, String)>) -> Call {
        self.query = query;
        self
    }
    /// GET and DELETE may be repeated safely; POST may not.
    fn idempotent(&self) -> bool {
        self.method == Method::GET || self.method == Method::DELETE
    }
}

/// How a request authenticates.
enum Auth<'a> {
    Bearer(&'a AccessToken),
    ClientCredentials,
}

/// A 2xx (or final error) answer.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

/// How one HTTP attempt ended.
enum Attempt {
    Answered(Answer),
    Failed { failure: Failure, message: String },
    Fatal(Error),
}

/// Everything a client shares with its clones.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Config,
    /// When this client last finished opening a connection, in nanoseconds since `origin`:
    /// a request granted before that may only have left then (see [`crate::rate_limit`]).
    last_connect: Arc<AtomicU64>,
    origin: Instant,
    /// The key's token cache and limiter, found in the process's tables at the first call and
    /// kept with the id of the process they belong to: a call takes them without a lookup (no
    /// allocation, no lock), and a child process after `fork()` looks up its own.
    shared: OnceLock<(u32, KeyState)>,
}

/// What the calls of one API key share in a process (src/process.rs).
#[derive(Clone)]
struct KeyState {
    tokens: Arc<TokenCache>,
    limiter: Option<Arc<dyn RateLimiter>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport").field("config", &self.config).finish()
    }
}

impl Transport {
    pub(crate) fn new(config: Config) -> Result<Transport> {
        let origin = Instant::now();
        let last_connect = Arc::new(AtomicU64::new(0));
        let recorder = last_connect.clone();
        let mut http = reqwest::Client::builder();
        for pem in &config.root_certificates {
            let certificate = reqwest::Certificate::from_pem(pem)
                .map_err(|err| Error::config("root_certificate", format!("is not a PEM certificate: {err}")))?;
            http = http.add_root_certificate(certificate);
        }
        if let Some(path) = &config.ca_bundle {
            let shown = path.display();
            let pem = std::fs::read(path)
                .map_err(|err| Error::config("ca_bundle", format!("could not read {shown}: {err}")))?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .ok()
                .filter(|certificates| !certificates.is_empty())
                .ok_or_else(|| Error::config("ca_bundle", format!("{shown} holds no PEM certificate")))?;
            for certificate in certificates {
                http = http.add_root_certificate(certificate);
            }
        }
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy.expose()).map_err(|_| {
                Error::config("proxy", "is not a usable proxy URL (the URL is not shown: it may hold a password)")
            })?;
            http = http.proxy(proxy);
        }
        let user_agent = HeaderValue::try_from(config.user_agent.as_str())
            .map_err(|_| Error::config("user_agent", "must be visible ASCII text (it is sent as a header)"))?;
        let http = http
            .default_headers(HeaderMap::from_iter([
                (USER_AGENT, user_agent),
                (ACCEPT, HeaderValue::from_static("application/json")),
            ]))
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .connector_layer(tower::util::MapResponseLayer::new(move |connection| {
                let nanos = origin.elapsed().as_nanos().min(u64::MAX as u128) as u64;
                recorder.fetch_max(nanos, Ordering::AcqRel);
                connection
            }))
            .build()
            .map_err(|err| Error::config("http", format!("could not build the HTTP client: {err}")))?;
        let transport = Transport { http, config, last_connect, origin, shared: OnceLock::new() };
        transport.limiter(); // the lowest rate of the key's clients wins from now on
        Ok(transport)
    }

    /// The same transport (connection pool, connection clock) with other settings of the same
    /// key: what [`crate::Client::with_options`] makes.
    pub(crate) fn with_config(&self, config: Config) -> Transport {
        Transport {
            http: self.http.clone(),
            config,
            last_connect: self.last_connect.clone(),
            origin: self.origin,
            shared: OnceLock::new(),
        }
    }

    /// The token cache and limiter of this client's key in this process: kept from the first
    /// call, or looked up again in a child process after `fork()`.
    fn key_state(&self) -> KeyState {
        let pid = std::process::id();
        if let Some((owner, state)) = self.shared.get() {
            if *owner == pid {
                return state.clone();
            }
        }
        let state = KeyState { tokens: self.find_tokens(), limiter: self.find_limiter() };
        let _ = self.shared.set((pid, state.clone()));
        state
    }

    /// The token cache of this client's key: the process's (src/process.rs).
    fn tokens(&self) -> Arc<TokenCache> {
        self.key_state().tokens
    }

    /// The rate limiter of this client's key: the process's, shared with every process of the
    /// key through Redis when `redis_url` is set (src/fleet.rs).
    fn limiter(&self) -> Option<Arc<dyn RateLimiter>> {
        self.key_state().limiter
    }

    fn find_tokens(&self) -> Arc<TokenCache> {
        crate::auth::shared(&self.config.base_url, &self.config.client_id, &self.config.client_secret)
    }

    fn find_limiter(&self) -> Option<Arc<dyn RateLimiter>> {
        let config = &self.config;
        let rate = config.rate_limit?;
        let local = crate::rate_limit::shared(&config.base_url, &config.client_id, rate);
        match Fleet::shared(config) {
            Some(fleet) => Some(FleetLimiter::shared(fleet, local, config) as Arc<dyn RateLimiter>),
            None => Some(local as Arc<dyn RateLimiter>),
        }
    }

    /// A token for the token cache: the one shared in Redis, or a new one fetched by this
    /// process (under the fleet's lock when Redis is there, so one process fetches for all).
    async fn obtain_token(&self) -> Result<TokenGrant> {
        let Some(fleet) = Fleet::shared(&self.config) else { return self.fetch_token().await };
        let deadline = Instant::now() + Fleet::token_wait();
        loop {
            match fleet.read_token().await {
                None => return self.fetch_token().await,
                Some(Some(shared)) => {
                    return Ok(TokenGrant::shared(shared.access_token, shared.lifetime, Some(shared.stored)));
                }
                Some(None) => {}
            }
            match fleet.lock_token().await {
                None => return self.fetch_token().await,
                Some(Some(fence)) => {
                    let grant = self.fetch_token().await;
                    let Ok(grant) = grant else {
                        fleet.unlock_token().await;
                        return grant;
                    };
                    let lifetime = grant.lifetime() - crate::auth::refresh_margin(grant.lifetime());
                    let stored = fleet.publish_token(fence, grant.access_token(), lifetime).await;
                    return Ok(TokenGrant::shared(grant.access_token().to_string(), grant.lifetime(), stored));
                }
                Some(None) if Instant::now() < deadline => tokio::time::sleep(Fleet::token_poll()).await,
                Some(None) => return self.fetch_token().await,
            }
        }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Sends `call` and decodes a JSON answer.
    pub(crate) async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let answer = self.send(call).await?;
        serde_json::from_slice(&answer.body)
            .map_err(|err| Error::decode(answer.status, format!("unexpected answer: {err}"), &answer.body))
    }

    /// Sends `call` and decodes a list page of any documented shape.
    pub(crate) async fn page<T: DeserializeOwned>(&self, call: Call) -> Result<Page<T>> {
        let answer = self.send(call).await?;
        decode_page(&answer.body).map_err(|message| Error::decode(answer.status, message, &answer.body))
    }

    /// Sends `call` with a bearer token, replaying it once with a fresh token after a 401,
    /// and retrying what is safe to retry. Returns the 2xx answer.
    /// With a `deadline`, the whole of it (token, rate-limit waits, attempts, backoffs) ends
    /// with a timeout error when the deadline passes (docs/behaviour.md, "Retries").
    pub(crate) async fn send(&self, call: Call) -> Result<Answer> {
        let span = tracing::debug_span!("request", method = %call.method, path = %call.path);
        let idempotent = call.idempotent();
        // The state of a call (token, limiter, attempts, retries) is a few KiB: boxed once here,
        // every future holding a call stays small and is moved, spawned and boxed again by
        // callers and bindings without copying that state (bench/RESULTS.md, section 11).
        let sending = Box::pin(self.send_in_span(call).instrument(span));
        let Some(deadline) = self.config.deadline else { return sending.await };
        match tokio::time::timeout(deadline, sending).await {
            Ok(answer) => answer,
            Err(_) => Err(Error::Timeout {
                message: format!(
                    "the call did not finish within its deadline of {:.3} s (attempts, retries and rate-limit waits included)",
                    deadline.as_secs_f64()
                ),
                outcome_unknown: !idempotent,
            }),
        }
    }

    async fn send_in_span(&self, call: Call) -> Result<Answer> {
        let mut replayed = false;
        let mut retries = 0;
        let tokens = self.tokens();
        loop {
            let token = tokens.get(|| self.obtain_token()).await?;
            let attempt = self.attempt(&call, Auth::Bearer(&token)).await;
            if let Attempt::Answered(answer) = &attempt {
                if answer.status == 401 && !replayed {
                    tracing::debug!("token refused; fetching a new one and replaying once");
                    tokens.invalidate(&token);
                    if let (Some(stored), Some(fleet)) = (token.shared(), Fleet::shared(&self.config)) {
                        fleet.drop_token(stored).await; // only if it is still the one that failed
                    }
                    replayed = true;
                    continue;
                }
            }
            match self.after_attempt(attempt, call.idempotent(), retries).await {
                Ok(Some(answer)) => return Ok(answer),
                Ok(None) => retries += 1,
                Err(err) => return Err(err),
            }
        }
    }

    /// `POST /oauth/token` with the client credentials, retried like a GET.
    async fn fetch_token(&self) -> Result<TokenGrant> {
        let call = Call { method: Method::POST, path: "/oauth/token".into(), query: Vec::new(), json: None };
        let mut retries = 0;
        loop {
            let attempt = self.attempt(&call, Auth::ClientCredentials).await;
            match self.after_attempt(attempt, true, retries).await {
                Ok(Some(answer)) => return TokenGrant::decode(answer.status, &answer.body),
                Ok(None) => retries += 1,
                // The reference answers bad credentials with 403 here (the guides with 401):
                // both are an authentication error, never a permission one.
                Err(Error::PermissionDenied(details)) => return Err(Error::Authentication(details)),
                Err(err) => return Err(err),
            }
        }
    }

    /// Decides what follows an attempt: `Ok(Some)` success, `Ok(None)` retry (after waiting),
    /// `Err` give up.
    async fn after_attempt(&self, attempt: Attempt, idempotent: bool, retries: u32) -> Result<Option<Answer>> {
        let (failure, error, retry_after) = match attempt {
            Attempt::Answered(answer) if (200..300).contains(&answer.status) => return Ok(Some(answer)),
            Attempt::Answered(answer) => {
                let mut details = ApiError::from_response(answer.status, answer.request_id, &answer.body);
                details.retry_after = answer.retry_after;
                (Failure::Status(answer.status), Error::from_api(details), answer.retry_after)
            }
            Attempt::Failed { failure, message } => {
                let outcome_unknown = !idempotent && failure != Failure::NotSent;
                let error = match failure {
                    Failure::Timeout => Error::Timeout { message, outcome_unknown },
                    _ => Error::Connection { message, outcome_unknown },
                };
                (failure, error, None)
            }
            Attempt::Fatal(err) => return Err(err),
        };
        let wait = retry_after.unwrap_or_else(|| backoff_with_jitter(retries));
        let limiter = self.limiter();
        if let (Some(limiter), Failure::Status(429)) = (&limiter, failure) {
            // The whole key waits, so every caller backs off together, also when this call
            // gives up (docs/behaviour.md, "Rate limit").
            limiter.pause_until(Instant::now() + wait);
        }
        if retries >= self.config.max_retries || !is_retryable(idempotent, failure) {
            return Err(mark_outcome_unknown(error, idempotent));
        }
        tracing::debug!(?failure, retry = retries + 1, wait_ms = wait.as_millis() as u64, "retrying");
        if limiter.is_none() || failure != Failure::Status(429) {
            tokio::time::sleep(wait).await;
        }
        Ok(None)
    }

    /// One HTTP exchange: a rate-limit slot, the request, the whole (capped) body.
    async fn attempt(&self, call: &Call, auth: Auth<'_>) -> Attempt {
        let url = format!("{}{}", self.config.base_url, call.path);
        // User-Agent and Accept are the HTTP client's default headers, made once.
        let mut request = self.http.request(call.method.clone(), url).timeout(self.config.timeout);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        request = match auth {
            Auth::Bearer(token) => request.header(reqwest::header::AUTHORIZATION, token.bearer()),
            Auth::ClientCredentials => request
                .basic_auth(&self.config.client_id, Some(self.config.client_secret.expose()))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials"),
        };
        if let Some(json) = &call.json {
            request = request.header(CONTENT_TYPE, "application/json").body(json.clone());
        }

        let permit = match self.limiter() {
            Some(limiter) => limiter.acquire().await,
            None => Permit::untracked(),
        };
        let granted = Instant::now();
        let result = request.send().await;
        self.record_departure(&permit, granted);

        let response = match result {
            Ok(response) => response,
            Err(err) => return Attempt::Failed { failure: classify(&err), message: describe(&err) },
        };
        let status = response.status().as_u16();
        let request_id = header(response.headers(), "x-request-id");
        let retry_after =
            header(response.headers(), "retry-after").and_then(|value| parse_retry_after(&value, SystemTime::now()));
        tracing::debug!(method = %call.method, path = %call.path, status, request_id = request_id.as_deref(), "response");
        match read_capped(response).await {
            Ok(body) => Attempt::Answered(Answer { status, body, request_id, retry_after }),
            Err(BodyError::TooLarge) => Attempt::Fatal(Error::decode(
                status,
                format!("the answer is larger than {} MiB; refusing it", MAX_BODY_BYTES >> 20),
                b"",
            )),
            Err(BodyError::Transport(err)) => Attempt::Failed {
                failure: if err.is_timeout() { Failure::Timeout } else { Failure::Broken },
                message: describe(&err),
            },
        }
    }

    /// A request granted before this client finished opening a connection left no earlier
    /// than that: its slot counts from then.
    fn record_departure(&self, permit: &Permit, granted: Instant) {
        let connected = Duration::from_nanos(self.last_connect.load(Ordering::Acquire));
        let connected_at = self.origin + connected;
        if connected_at > granted {
            permit.departed_at(connected_at);
        }
    }
}

/// A POST that failed after it may have reached the server says so.
fn mark_outcome_unknown(error: Error, idempotent: bool) -> Error {
    match error {
        Error::InternalServer(mut details) if !idempotent => {
            details.outcome_unknown = true;
            Error::InternalServer(details)
        }
        other => other,
    }
}

fn classify(err: &reqwest::Error) -> Failure {
    if err.is_connect() {
        Failure::NotSent
    } else if err.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Broken
    }
}

/// The error and its causes on one line.
fn describe(err: &reqwest::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

async fn read_capped(mut response: reqwest::Response) -> std::result::Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|len| len > MAX_BODY_BYTES as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
