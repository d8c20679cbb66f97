//! A rate-limit slot counts from when the request really leaves, also when opening the
//! connection is slow (docs/behaviour.md, "Rate limit"). Between the client and the strict
//! sandbox sits a loopback TLS proxy that waits before every handshake, as a far or busy host
//! would: the first requests of a cold burst leave that much after their slots, and the next
//! ones must wait for a full window after that, or the server sees too many in one second.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

const CA: &[u8] = include_bytes!("fixtures/test-ca.pem");
const CERT: &[u8] = include_bytes!("fixtures/localhost.pem");
const KEY: &[u8] = include_bytes!("fixtures/localhost.key");

/// How long every TLS handshake waits before it starts.
const SLOW_SETUP: Duration = Duration::from_millis(400);

/// Starts the proxy in front of `upstream`; returns its port.
async fn slow_tls_proxy(upstream: std::net::SocketAddr) -> u16 {
    let certs = CertificateDer::pem_slice_iter(CERT).collect::<Result<Vec<_>, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                tokio::time::sleep(SLOW_SETUP).await;
                let Ok(mut tls) = acceptor.accept(client).await else { return };
                let Ok(mut server) = TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut server).await;
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_burst_over_slow_connections_never_sees_a_429() {
    let sandbox = sandbox(Some(5));
    let upstream: std::net::SocketAddr = sandbox.url().trim_start_matches("http://").parse().unwrap();
    let port = slow_tls_proxy(upstream).await;
    let client = builder(&sandbox)
        .base_url(format!("https://localhost:{port}"))
        .add_root_certificate(CA)
        .rate_limit(Some(5.0))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let calls = (0..12).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customers().list_page(&Default::default()).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().expect("no call fails");
    }
    let log = log(&sandbox);
    assert!(log.iter().all(|r| r["status"] != 429), "a slot counted from its grant, not its departure: {log:?}");
    assert!(max_in_any_second(&log) <= 5);
    assert_eq!(count(&sandbox, "GET", "/customers"), 12);
}
