//! One key, one budget (docs/behaviour.md, "Rate limit"): the limiter and the token belong to
//! the process, not to a client, and the window's edge cases hold against the strict sandbox.

mod common;

use std::time::Duration;

use alternative_payments::Error;
use common::*;
use serde_json::json;

fn statuses(log: &[serde_json::Value], status: u64) -> usize {
    log.iter().filter(|r| r["status"] == status).count()
}

#[tokio::test]
async fn short_lived_clients_of_one_key_pace_together_and_share_the_token() {
    let sandbox = sandbox(Some(5));
    for _ in 0..10 {
        // A client per unit of work, gone before the next one is made.
        let client = builder(&sandbox).rate_limit(Some(5.0)).build().unwrap();
        for _ in 0..2 {
            assert_eq!(
                client.customers().get("cus_x").await.unwrap_err().kind(),
                alternative_payments::ErrorKind::NotFound
            );
        }
    }
    let log = log(&sandbox);
    assert_eq!(statuses(&log, 429), 0, "{log:?}");
    assert!(max_in_any_second(&log) <= 5);
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1, "the token outlived its clients");
}

#[tokio::test]
async fn a_fractional_rate_never_exceeds_its_floor_in_any_second() {
    let sandbox = sandbox(Some(4));
    let client = builder(&sandbox).rate_limit(Some(4.5)).build().unwrap();
    client.customers().list_page(&Default::default()).await.unwrap(); // the token, first
    let calls = (0..12).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customers().get("cus_x").await })
    });
    for call in futures_util::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap_err().kind(), alternative_payments::ErrorKind::NotFound);
    }
    let log = log(&sandbox);
    assert_eq!(statuses(&log, 429), 0, "4.5/s must mean at most 4 in any second: {log:?}");
}

#[tokio::test]
async fn a_429_pauses_the_key_also_when_the_call_gives_up() {
    let sandbox = sandbox(None);
    let impatient = builder(&sandbox).rate_limit(Some(50.0)).max_retries(0).build().unwrap();
    impatient.customers().list_page(&Default::default()).await.unwrap();
    fault(&sandbox, json!({"kind": "status", "status": 429, "retry_after": "2", "path": "/customers"}));
    let err = impatient.customers().list_page(&Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::RateLimit(d) if d.retry_after == Some(Duration::from_secs(2))), "{err:?}");
    drop(impatient);
    let next = builder(&sandbox).rate_limit(Some(50.0)).build().unwrap();
    assert_eq!(next.customers().get("cus_x").await.unwrap_err().kind(), alternative_payments::ErrorKind::NotFound);
    let log = log(&sandbox);
    let at = |status: u64| log.iter().find(|r| r["status"] == status).unwrap()["at_ms"].as_f64().unwrap();
    assert!(at(404) - at(429) >= 1950.0, "the next caller of the key waited out Retry-After: {log:?}");
}

#[tokio::test]
async fn a_failed_token_fetch_is_shared_by_every_caller_waiting_on_it() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).client_secret("not-the-secret").build().unwrap();
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customers().get("cus_x").await })
    });
    for call in futures_util::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap_err().kind(), alternative_payments::ErrorKind::Authentication);
    }
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1, "one token request per failure");
    assert_eq!(count(&sandbox, "GET", "/customers/cus_x"), 0);
}

#[test]
fn a_rate_above_what_the_limiter_holds_is_refused_by_name() {
    for rate in [1000.5, f64::INFINITY, 0.0, -1.0] {
        match alternative_payments::Client::builder().client_id("id").client_secret("s").rate_limit(Some(rate)).build()
        {
            Err(Error::Configuration { setting, .. }) => assert_eq!(setting, "rate_limit"),
            other => panic!("{rate}: {other:?}"),
        }
    }
}

#[test]
fn a_redis_url_is_checked_and_never_shown() {
    let builder = || alternative_payments::Client::builder().client_id("id").client_secret("s");
    match builder().redis_url("http://user:hunter2@cache:6379").build() {
        Err(err @ Error::Configuration { .. }) => {
            assert!(matches!(&err, Error::Configuration { setting, .. } if setting == "redis_url"));
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
        other => panic!("{other:?}"),
    }
    let client = builder().redis_url("redis://:hunter2@127.0.0.1:1/0").build().unwrap();
    assert!(client.config().shares_through_redis());
    assert!(!format!("{client:?} {:?}", builder().redis_url("redis://:hunter2@h/0")).contains("hunter2"));
}

#[tokio::test]
async fn an_unreachable_redis_never_fails_a_call() {
    let sandbox = sandbox(Some(5));
    // Nothing listens on port 1: every process paces alone, and calls succeed.
    let client = builder(&sandbox).rate_limit(Some(5.0)).redis_url("redis://127.0.0.1:1/0").build().unwrap();
    for _ in 0..7 {
        assert_eq!(
            client.customers().get("cus_x").await.unwrap_err().kind(),
            alternative_payments::ErrorKind::NotFound
        );
    }
    let log = log(&sandbox);
    assert!(log.iter().all(|r| r["status"] != 429));
    assert_eq!(count(&sandbox, "POST", "/oauth/token"), 1);
}
