//! Shared by the integration tests: a sandbox per test, clients for it, and its control API.
#![allow(dead_code)]

use std::time::Duration;

use alternative_payments::ClientBuilder;
pub use ap_sandbox::{Config as SandboxConfig, Sandbox};
use serde_json::{json, Value};

pub const CLIENT_ID: &str = "sandbox_client_id";
pub const CLIENT_SECRET: &str = "sandbox_client_secret";

/// A sandbox with the given rate limit (`None`: off).
pub fn sandbox(rate_limit: Option<u32>) -> Sandbox {
    Sandbox::start(SandboxConfig { rate_limit, ..SandboxConfig::default() }).expect("sandbox starts")
}

/// A builder for a client of `sandbox`: no client-side rate limit, fast timeouts.
pub fn builder(sandbox: &Sandbox) -> ClientBuilder {
    ClientBuilder::new()
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .base_url(sandbox.url())
        .rate_limit(None)
        .timeout(Duration::from_secs(5))
}

pub fn client(sandbox: &Sandbox) -> alternative_payments::Client {
    builder(sandbox).build().expect("client builds")
}

/// Calls a control endpoint; works from async and blocking tests alike.
pub fn control(sandbox: &Sandbox, method: &str, path: &str, body: Value) -> Value {
    let url = format!("{}/_sandbox{path}", sandbox.url());
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let body = serde_json::to_vec(&body).unwrap();
            let request = reqwest::Client::new().request(method, url).header("content-type", "application/json");
            let response = request.body(body).send().await.unwrap();
            let status = response.status();
            let text = response.text().await.unwrap();
            assert!(status.is_success(), "control call failed: {status} {text}");
            serde_json::from_str(&text).unwrap_or(Value::Null)
        })
    })
    .join()
    .unwrap()
}

/// The sandbox's request log.
pub fn log(sandbox: &Sandbox) -> Vec<Value> {
    control(sandbox, "GET", "/requests", json!({}))["requests"].as_array().unwrap().clone()
}

/// `(method, path, status)` of every logged request.
pub fn calls(sandbox: &Sandbox) -> Vec<(String, String, u64)> {
    log(sandbox)
        .iter()
        .map(|r| {
            (r["method"].as_str().unwrap().into(), r["path"].as_str().unwrap().into(), r["status"].as_u64().unwrap())
        })
        .collect()
}

/// How many logged requests match `method` and `path`.
pub fn count(sandbox: &Sandbox, method: &str, path: &str) -> usize {
    calls(sandbox).iter().filter(|(m, p, _)| m == method && p == path).count()
}

/// Injects a fault (see the sandbox's control endpoints).
pub fn fault(sandbox: &Sandbox, fault: Value) {
    control(sandbox, "POST", "/faults", fault);
}

/// The most arrivals in any 1 s window, from the log's `at_ms`.
pub fn max_in_any_second(log: &[Value]) -> usize {
    let mut times: Vec<f64> = log.iter().map(|r| r["at_ms"].as_f64().unwrap()).collect();
    times.sort_by(f64::total_cmp);
    (0..times.len()).map(|i| times[i..].iter().take_while(|t| **t - times[i] < 1000.0).count()).max().unwrap_or(0)
}

/// The class the Python and Node packages raise for `err` (as the conformance scenarios and
/// the fault tables name errors).
pub fn class_of(err: &alternative_payments::Error) -> &'static str {
    use alternative_payments::ErrorKind as K;
    match err.kind() {
        K::BadRequest => "BadRequestError",
        K::Authentication => "AuthenticationError",
        K::PermissionDenied => "PermissionDeniedError",
        K::NotFound => "NotFoundError",
        K::Conflict => "ConflictError",
        K::UnprocessableEntity => "UnprocessableEntityError",
        K::RateLimit => "RateLimitError",
        K::InternalServer => "InternalServerError",
        K::Api => "APIError",
        K::Connection => "APIConnectionError",
        K::Timeout => "APITimeoutError",
        K::ResponseDecode => "ResponseDecodeError",
        K::Configuration => "ConfigurationError",
        K::InvalidArgument => "InvalidArgumentError",
        K::WebhookVerification => "WebhookVerificationError",
        _ => "AlternativePaymentsError",
    }
}

/// The test CA (core/tests/fixtures/README.md) and the `localhost` certificate it signed.
pub const TEST_CA: &[u8] = include_bytes!("../fixtures/test-ca.pem");
const LOCALHOST_CERT: &[u8] = include_bytes!("../fixtures/localhost.pem");
const LOCALHOST_KEY: &[u8] = include_bytes!("../fixtures/localhost.key");

/// A loopback TLS terminator for `localhost` in front of `upstream` (the sandbox), waiting
/// `setup` before every handshake as a far or busy host would; returns its port.
pub async fn tls_proxy(upstream: std::net::SocketAddr, setup: Duration) -> u16 {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    use tokio_rustls::rustls;
    let certs = CertificateDer::pem_slice_iter(LOCALHOST_CERT).collect::<Result<Vec<_>, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_slice(LOCALHOST_KEY).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                tokio::time::sleep(setup).await;
                let Ok(mut tls) = acceptor.accept(client).await else { return };
                let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut server).await;
            });
        }
    });
    port
}

/// A loopback HTTP forward proxy: reads each connection's first request (absolute-form, as
/// clients send to a proxy), counts it unless it is for the sandbox's control API, and relays
/// the connection to the host it names. Returns its URL and the count.
pub async fn forward_proxy() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else { return };
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut head = vec![0u8; 8192];
                let Ok(read) = client.read(&mut head).await else { return };
                head.truncate(read);
                let line = String::from_utf8_lossy(&head).lines().next().unwrap_or_default().to_string();
                let Some(target) = line.split(' ').nth(1).and_then(|t| t.strip_prefix("http://")) else { return };
                let (host, path) = target.split_once('/').unwrap_or((target, ""));
                if !path.starts_with("_sandbox") {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                let Ok(mut server) = tokio::net::TcpStream::connect(host).await else { return };
                if server.write_all(&head).await.is_err() {
                    return;
                }
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (url, count)
}
