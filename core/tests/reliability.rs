//! Auth, rate limiting, retries and faults (docs/behaviour.md: authentication, rate limit, retries), asserted on the sandbox's request
//! log: what was sent, how often, and when.

mod common;

use std::time::{Duration, Instant};

use alternative_payments::{CreateCustomer, CreateInvoice, Error, ListCustomersParams};
use common::*;
use futures_util::TryStreamExt;
use serde_json::json;

fn acme() -> CreateCustomer {
    CreateCustomer { name: "Acme Inc.".into(), email: "billing@acme.com".into(), external_id: None }
}

fn customers_in(sandbox: &Sandbox) -> usize {
    let client = client(sandbox);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            client.customers().list(Default::default()).try_collect::<Vec<_>>().await.unwrap().len()
        })
    })
    .join()
    .unwrap()
}

// ---- authentication ---------------------------------------------------------------------

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    let calls = (0..40).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customers().list_page(&Default::default()).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    let other_client = client_for_same_key(&sandbox);
    other_client.customers().list_page(&Default::default()).await.unwrap();
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1, "single flight, shared by clients with the same key");
}

fn client_for_same_key(sandbox: &Sandbox) -> alternative_payments::Client {
    client(sandbox)
}

#[tokio::test]
async fn a_refused_token_is_replaced_and_the_call_replayed_once() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).max_retries(0).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap();
    control(&sandbox, "POST", "/tokens/expire", json!({}));
    client.customers().list_page(&Default::default()).await.expect("replayed with a new token, even with no retries");
    let statuses: Vec<_> = calls(&sandbox).into_iter().map(|(m, p, s)| format!("{m} {p} {s}")).collect();
    assert_eq!(
        statuses,
        [
            "POST /oauth/token 200",
            "GET /customers 200",
            "GET /customers 401",
            "POST /oauth/token 200",
            "GET /customers 200"
        ]
    );
}

#[tokio::test]
async fn a_second_401_is_an_authentication_error() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 401, "path": "/customers", "count": 2}));
    let err = client.customers().list_page(&Default::default()).await.unwrap_err();
    assert_eq!(err.kind(), alternative_payments::ErrorKind::Authentication);
    assert_eq!(count(&sandbox, "GET", "/customers"), 3, "one call, one replay, no retries");
}

#[tokio::test]
async fn wrong_credentials_fail_once_without_retry_or_leak() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).client_secret("wrong-secret-value").build().unwrap();
    let err = client.customers().get("cus_1").await.unwrap_err();
    assert!(matches!(&err, Error::Authentication(d) if d.status == 403), "{err:?}");
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1);
    assert_eq!(count(&sandbox, "GET", "/customers/cus_1"), 0);
    for text in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(!text.contains("wrong-secret-value"), "{text}");
    }
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let sandbox =
        Sandbox::start(SandboxConfig { rate_limit: None, token_ttl_secs: 2, ..SandboxConfig::default() }).unwrap();
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.customers().list_page(&Default::default()).await.unwrap();
    let statuses: Vec<u64> = calls(&sandbox).into_iter().map(|(_, _, s)| s).collect();
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 2, "refreshed when less than half the lifetime remained");
    assert!(statuses.iter().all(|s| *s == 200), "never sent an expired token: {statuses:?}");
}

#[tokio::test]
async fn secrets_never_reach_logs_errors_or_debug_output() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    let token_log = log(&sandbox);
    assert!(token_log.iter().all(|r| !r.to_string().contains(CLIENT_SECRET)));
    let shown = format!("{client:?} {:?}", client.config());
    assert!(!shown.contains(CLIENT_SECRET) && !shown.contains("sbx_tok"), "{shown}");
    fault(&sandbox, json!({"kind": "status", "status": 500, "count": 10}));
    let err = client.invoices().create(&CreateInvoice::default()).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

// ---- rate limiting ----------------------------------------------------------------------

#[tokio::test]
async fn a_cold_burst_under_concurrency_never_sees_a_429() {
    let sandbox = sandbox(Some(5));
    let client = builder(&sandbox).rate_limit(Some(5.0)).build().unwrap();
    let started = Instant::now();
    let calls = (0..32).map(|n| {
        let client = client.clone();
        tokio::spawn(async move {
            let mut done = 0;
            while done < 1 + usize::from(n < 3) {
                client.customers().list_page(&ListCustomersParams::default()).await.unwrap();
                done += 1;
            }
        })
    });
    futures_util::future::join_all(calls).await;
    let elapsed = started.elapsed();
    let log = log(&sandbox);
    assert_eq!(log.len(), 36, "35 calls and one token request, none retried");
    assert!(log.iter().all(|r| r["status"] == 200), "no 429: {log:?}");
    assert!(max_in_any_second(&log) <= 5);
    // 36 requests at 5 per 1.015 s need 7 windows; far more would mean the limiter wastes slots.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn clients_with_the_same_key_share_the_limit() {
    let sandbox = sandbox(Some(5));
    let a = builder(&sandbox).rate_limit(Some(5.0)).build().unwrap();
    let b = builder(&sandbox).rate_limit(Some(5.0)).build().unwrap();
    let calls = (0..12).map(|n| {
        let client = if n % 2 == 0 { a.clone() } else { b.clone() };
        tokio::spawn(async move { client.customers().get("cus_x").await })
    });
    for call in futures_util::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap_err().kind(), alternative_payments::ErrorKind::NotFound);
    }
    let log = log(&sandbox);
    assert!(log.iter().all(|r| r["status"] != 429), "{log:?}");
    assert!(max_in_any_second(&log) <= 5);
}

#[tokio::test]
async fn a_429_pauses_every_caller_for_retry_after() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).rate_limit(Some(50.0)).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 429, "retry_after": "1", "path": "/customers"}));
    let started = Instant::now();
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.customers().list_page(&Default::default()).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = client.customers().get("cus_x").await;
    assert_eq!(second.unwrap_err().kind(), alternative_payments::ErrorKind::NotFound);
    first.await.unwrap().expect("retried after the pause");
    let log = log(&sandbox);
    let at = |path: &str, status: u64| {
        log.iter().find(|r| r["path"] == path && r["status"] == status).unwrap()["at_ms"].as_f64().unwrap()
    };
    let limited = at("/customers", 429);
    assert!(at("/customers/cus_x", 404) - limited >= 950.0, "the other caller waited out the pause too");
    assert!(started.elapsed() >= Duration::from_millis(950));
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_gives_up_with_rate_limit_error() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).max_retries(1).build().unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 429, "count": 5, "path": "/customers"}));
    let err = client.customers().list_page(&Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::RateLimit(d) if d.status == 429), "{err:?}");
    assert_eq!(count(&sandbox, "GET", "/customers"), 2);
}

// ---- retries and faults -----------------------------------------------------------------

#[tokio::test]
async fn gets_and_deletes_recover_from_5xx_drops_and_timeouts() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).timeout(Duration::from_millis(500)).build().unwrap();
    let customer = client.customers().create(&acme()).await.unwrap();
    let path = format!("/customers/{}", customer.id);
    for injected in [
        json!({"kind": "status", "status": 503, "count": 2}),
        json!({"kind": "status", "status": 502}),
        json!({"kind": "drop"}),
        json!({"kind": "delay", "ms": 1500}),
        json!({"kind": "non_json", "status": 502}),
    ] {
        let mut injected = injected;
        injected["path"] = json!(path);
        injected["method"] = json!("GET");
        fault(&sandbox, injected.clone());
        assert_eq!(client.customers().get(&customer.id).await.unwrap().id, customer.id, "{injected}");
    }
    fault(&sandbox, json!({"kind": "status", "status": 500, "method": "DELETE"}));
    assert!(client.customers().archive(&customer.id).await.unwrap().is_some());
    assert_eq!(count(&sandbox, "DELETE", &path), 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).max_retries(2).build().unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 503, "count": 10, "path": "/customers/c"}));
    let err = client.customers().get("c").await.unwrap_err();
    assert!(matches!(&err, Error::InternalServer(d) if d.status == 503 && !d.outcome_unknown), "{err:?}");
    assert_eq!(count(&sandbox, "GET", "/customers/c"), 3);
}

#[tokio::test]
async fn a_post_is_never_repeated_after_it_may_have_been_applied() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).timeout(Duration::from_millis(500)).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap();
    let cases = [
        (json!({"kind": "status", "status": 500}), "InternalServerError"),
        (json!({"kind": "status", "status": 503}), "InternalServerError"),
        (json!({"kind": "fail_after_write"}), "InternalServerError"),
        (json!({"kind": "drop"}), "APIConnectionError"),
        (json!({"kind": "delay", "ms": 1500}), "APITimeoutError"),
    ];
    let sent = cases.len();
    for (mut injected, class) in cases {
        injected["method"] = json!("POST");
        injected["path"] = json!("/customers");
        fault(&sandbox, injected.clone());
        let err = client.customers().create(&acme()).await.unwrap_err();
        assert_eq!(class_of(&err), class, "{injected}: {err}");
        assert!(err.to_string().contains("not retried") || err.to_string().contains("outcome is unknown"), "{err}");
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(count(&sandbox, "POST", "/customers"), sent, "each create was sent exactly once");
    assert_eq!(customers_in(&sandbox), 2, "fail_after_write and the slow write created one customer each, never two");
}

#[tokio::test]
async fn a_post_is_retried_when_it_never_left_or_was_rate_limited() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 429, "retry_after": "0", "method": "POST"}));
    client.customers().create(&acme()).await.expect("a 429 means nothing was done: retried");
    assert_eq!(customers_in(&sandbox), 1);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let unreachable = builder(&sandbox).base_url(url).max_retries(1).build().unwrap();
    match unreachable.customers().create(&acme()).await {
        Err(Error::Connection { outcome_unknown, message }) => {
            assert!(!outcome_unknown, "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn odd_answers_are_clean_errors() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).max_retries(0).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap();
    fault(&sandbox, json!({"kind": "non_json", "status": 502, "path": "/customers/c"}));
    let err = client.customers().get("c").await.unwrap_err();
    assert!(matches!(&err, Error::InternalServer(d) if d.status == 502 && d.body.contains("nginx")), "{err:?}");

    fault(&sandbox, json!({"kind": "body", "body": "<html>ok</html>", "path": "/customers/c"}));
    assert!(matches!(client.customers().get("c").await, Err(Error::ResponseDecode { status: 200, .. })));

    fault(&sandbox, json!({"kind": "body", "body": "{\"name\": \"no id\"}", "path": "/customers/c"}));
    assert_eq!(client.customers().get("c").await.unwrap_err().kind(), alternative_payments::ErrorKind::ResponseDecode);

    let users = r#"[{"id":"user_001","email":"jane@acme.com","first_name":"Jane"}]"#;
    fault(&sandbox, json!({"kind": "body", "body": users, "path": "/customers/c/users"}));
    let page = client.customers().users_page("c", &Default::default()).await.unwrap();
    assert_eq!(page.data[0].first_name.as_deref(), Some("Jane"), "a bare array is a page");

    let looping = r#"{"data":[{"id":"cus_1"}],"has_next_page":true,"end_cursor":"same"}"#;
    fault(&sandbox, json!({"kind": "body", "body": looping, "path": "/customers", "method": "GET", "count": 2}));
    let mut stream = client.customers().list(Default::default());
    assert!(stream.try_next().await.unwrap().is_some());
    let err = stream.try_next().await.unwrap_err();
    assert!(err.to_string().contains("repeated the cursor"), "{err}");
    assert!(stream.try_next().await.is_err(), "the list reports an error again, never a silent end");

    // A server that hands back the cursor the list started from would loop as well.
    let back_to_start = r#"{"data":[{"id":"cus_1"}],"has_next_page":true,"end_cursor":"start"}"#;
    fault(&sandbox, json!({"kind": "body", "body": back_to_start, "path": "/customers", "method": "GET"}));
    let from_start = ListCustomersParams { after: Some("start".into()), ..Default::default() };
    let err = client.customers().list(from_start).try_next().await.unwrap_err();
    assert!(err.to_string().contains("repeated the cursor \"start\""), "{err}");

    fault(&sandbox, json!({"kind": "body", "body": "x", "repeat": 17 << 20, "path": "/customers/c"}));
    let err = client.customers().get("c").await.unwrap_err();
    assert!(matches!(&err, Error::ResponseDecode { message, .. } if message.contains("16 MiB")), "{err}");
}

#[tokio::test]
async fn a_redirect_is_never_followed_so_the_token_never_leaves() {
    let sandbox = sandbox(None);
    let elsewhere = common::sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    let location = format!("{}/customers", elsewhere.url());
    fault(&sandbox, json!({"kind": "status", "status": 302, "location": location, "path": "/customers"}));
    let err = client.customers().list_page(&Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::Api(d) if d.status == 302), "{err:?}");
    assert!(log(&elsewhere).is_empty(), "nothing, and no Authorization header, went to the other host");
}

/// A deadline bounds the whole call: with 5 retries of a 503 that asks to wait 1 s each time,
/// the call would take 5 s; a 1.5 s deadline ends it with a timeout that names the deadline,
/// after 2 requests at most. A view made by `with_options` shares the key's token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_bounds_every_attempt_and_wait_and_views_share_the_token() {
    use alternative_payments::CallOptions;
    let sandbox = sandbox(None);
    let client = builder(&sandbox).max_retries(5).build().unwrap();
    let customer = client.customers().create(&acme()).await.unwrap();
    let path = format!("/customers/{}", customer.id);
    fault(
        &sandbox,
        json!({"kind": "status", "status": 503, "retry_after": "1", "count": 2, "method": "GET", "path": path}),
    );

    let bounded =
        client.with_options(&CallOptions { deadline: Some(Duration::from_millis(1500)), ..Default::default() });
    assert_eq!(bounded.config().max_retries(), 5, "what the options leave out is the client's");
    let started = Instant::now();
    let err = bounded.customers().get(&customer.id).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), alternative_payments::ErrorKind::Timeout, "{err}");
    assert!(err.to_string().contains("deadline of 1.500 s"), "{err}");
    assert!(took >= Duration::from_millis(1500) && took < Duration::from_secs(4), "{took:?}");
    assert!(count(&sandbox, "GET", &path) <= 2, "no attempt after the deadline");
    assert_eq!(client.config().deadline(), None, "the client itself is unchanged");

    let patient = client.with_options(&CallOptions { timeout: Some(Duration::from_secs(9)), ..Default::default() });
    assert_eq!(patient.customers().get(&customer.id).await.unwrap().id, customer.id);
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1, "one token for the client and its views");
}

#[test]
fn per_call_options_are_read_by_the_settings_parser_and_nothing_else_changes_per_call() {
    use alternative_payments::{CallOptions, Naming};
    let options = CallOptions::from_settings(&json!({"deadlineMs": 2500, "maxRetries": 0}), Naming::Camel).unwrap();
    assert_eq!(options.deadline, Some(Duration::from_millis(2500)));
    assert_eq!(options.max_retries, Some(0));
    let refused = CallOptions::from_settings(&json!({"base_url": "https://x"}), Naming::Snake).unwrap_err();
    assert!(refused.to_string().contains("cannot change per call"), "{refused}");
    let negative = CallOptions::from_settings(&json!({"deadline": -1}), Naming::Snake).unwrap_err();
    assert!(negative.to_string().contains("`deadline`"), "{negative}");
}
