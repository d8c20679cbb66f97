//! Proxies and TLS trust (docs/behaviour.md, "Settings"): an explicit `proxy`, the standard
//! proxy variables (`HTTP_PROXY`, `NO_PROXY`; one test in this binary, since it sets them), and
//! a `ca_bundle` that makes a server signed by a private CA trusted.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_go_through_the_proxy_given_or_the_environments_and_a_ca_bundle_is_trusted() {
    let sandbox = sandbox(None);

    let (proxy, through) = forward_proxy().await;
    let client = builder(&sandbox).proxy(&proxy).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap();
    assert!(through.load(Ordering::SeqCst) >= 1, "the explicit proxy carried the calls");

    let (env_proxy, through_env) = forward_proxy().await;
    std::env::set_var("HTTP_PROXY", &env_proxy);
    std::env::set_var("NO_PROXY", "");
    builder(&sandbox).build().unwrap().customers().list_page(&Default::default()).await.unwrap();
    let seen = through_env.load(Ordering::SeqCst);
    assert!(seen >= 1, "HTTP_PROXY is honoured");
    std::env::set_var("NO_PROXY", "127.0.0.1,localhost");
    builder(&sandbox).build().unwrap().customers().list_page(&Default::default()).await.unwrap();
    assert_eq!(through_env.load(Ordering::SeqCst), seen, "NO_PROXY is honoured");
    std::env::remove_var("HTTP_PROXY");
    std::env::remove_var("NO_PROXY");

    let upstream: std::net::SocketAddr = sandbox.url().trim_start_matches("http://").parse().unwrap();
    let port = tls_proxy(upstream, Duration::ZERO).await;
    let tls_url = format!("https://localhost:{port}");
    let untrusted = builder(&sandbox).base_url(&tls_url).max_retries(0).build().unwrap();
    let refused = untrusted.customers().list_page(&Default::default()).await.unwrap_err();
    assert_eq!(refused.kind(), alternative_payments::ErrorKind::Connection, "{refused}");
    let bundle = std::env::temp_dir().join(format!("ap-ca-{}.pem", std::process::id()));
    std::fs::write(&bundle, TEST_CA).unwrap();
    let trusted = builder(&sandbox).base_url(&tls_url).ca_bundle(&bundle).build().unwrap();
    trusted.customers().list_page(&Default::default()).await.unwrap();
    let missing = builder(&sandbox).ca_bundle("/no/such/bundle.pem").build().unwrap_err();
    assert!(missing.to_string().contains("`ca_bundle`"), "{missing}");
    let _ = std::fs::remove_file(bundle);

    let secret_proxy = builder(&sandbox).proxy("not a url with hunter2").build().unwrap_err();
    assert!(!secret_proxy.to_string().contains("hunter2"), "{secret_proxy}");
}
