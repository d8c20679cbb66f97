//! A rate-limit slot counts from when the request really leaves, also when opening the
//! connection is slow (docs/behaviour.md, "Rate limit"). Between the client and the strict
//! sandbox sits a loopback TLS proxy that waits before every handshake, as a far or busy host
//! would: the first requests of a cold burst leave that much after their slots, and the next
//! ones must wait for a full window after that, or the server sees too many in one second.

mod common;

use std::time::Duration;

use common::*;

const CA: &[u8] = include_bytes!("fixtures/test-ca.pem");

/// How long every TLS handshake waits before it starts.
const SLOW_SETUP: Duration = Duration::from_millis(400);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_burst_over_slow_connections_never_sees_a_429() {
    let sandbox = sandbox(Some(5));
    let upstream: std::net::SocketAddr = sandbox.url().trim_start_matches("http://").parse().unwrap();
    let port = tls_proxy(upstream, SLOW_SETUP).await;
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
