//! Every fault the sandbox can inject, crossed with a GET, a DELETE and a POST: the documented
//! outcome (recovered, or the right error class), how many times the request went over the
//! wire, and, from the sandbox's state, that no POST created its object twice.

mod common;

use std::time::Duration;

use alternative_payments::{CallOptions, CreateCustomer, Error};
use common::*;
use serde_json::{json, Value};

/// What a call should come to: recovered after `sent` requests, or failed with `class` after
/// `sent` requests.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    Recovered { sent: usize },
    Failed { class: &'static str, sent: usize, outcome_unknown: bool },
}
use Outcome::*;

fn faults() -> Vec<(&'static str, Value)> {
    vec![
        ("500", json!({"kind": "status", "status": 500})),
        ("502", json!({"kind": "status", "status": 502})),
        ("503", json!({"kind": "status", "status": 503})),
        ("429 + Retry-After", json!({"kind": "status", "status": 429, "retry_after": "0"})),
        ("429 alone", json!({"kind": "status", "status": 429})),
        ("dropped connection", json!({"kind": "drop"})),
        ("delay past the timeout", json!({"kind": "delay", "ms": 1200})),
        ("non-JSON 502", json!({"kind": "non_json", "status": 502})),
        ("fail after write", json!({"kind": "fail_after_write"})),
    ]
}

/// The documented outcome of one fault for one method (docs/behaviour.md, "Retries").
fn expected(fault: &str, method: &str) -> Outcome {
    let idempotent = method != "POST";
    match fault {
        "429 + Retry-After" | "429 alone" => Recovered { sent: 2 },
        _ if idempotent => Recovered { sent: 2 },
        "dropped connection" => Failed { class: "APIConnectionError", sent: 1, outcome_unknown: true },
        "delay past the timeout" => Failed { class: "APITimeoutError", sent: 1, outcome_unknown: true },
        _ => Failed { class: "InternalServerError", sent: 1, outcome_unknown: true },
    }
}

fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Connection { outcome_unknown, .. } | Error::Timeout { outcome_unknown, .. } => *outcome_unknown,
        other => other.api_error().is_some_and(|e| e.outcome_unknown),
    }
}

async fn one_case(name: &'static str, fault_json: Value, method: &'static str) {
    let sandbox = sandbox(None);
    // Only the call under test has the short timeout: the setup and the checks keep the default
    // one, so a loaded machine cannot fail them.
    let setup = builder(&sandbox).build().unwrap();
    let client = setup.with_options(&CallOptions { timeout: Some(Duration::from_millis(600)), ..Default::default() });
    let existing = setup
        .customers()
        .create(&CreateCustomer { name: "Existing".into(), email: "e@x.test".into(), external_id: None })
        .await
        .unwrap();
    let path = match method {
        "POST" => "/customers".to_string(),
        _ => format!("/customers/{}", existing.id),
    };
    let before = count(&sandbox, method, &path);
    let mut injected = fault_json;
    injected["method"] = json!(method);
    injected["path"] = json!(path);
    fault(&sandbox, injected);

    let result: Result<(), Error> = match method {
        "GET" => client.customers().get(&existing.id).await.map(drop),
        "DELETE" => client.customers().archive(&existing.id).await.map(drop),
        _ => client
            .customers()
            .create(&CreateCustomer { name: "New".into(), email: "n@x.test".into(), external_id: None })
            .await
            .map(drop),
    };
    tokio::time::sleep(Duration::from_millis(800)).await; // let a delayed request finish on the server
    let sent = count(&sandbox, method, &path) - before;
    let case = format!("{name} on {method}");
    match expected(name, method) {
        Recovered { sent: expected_sent } => {
            assert!(result.is_ok(), "{case}: {result:?}");
            assert_eq!(sent, expected_sent, "{case}: requests sent");
        }
        Failed { class, sent: expected_sent, outcome_unknown: unknown } => {
            let error = result.expect_err(&case);
            assert_eq!(class_of(&error), class, "{case}: {error}");
            assert_eq!(outcome_unknown(&error), unknown, "{case}: {error}");
            assert_eq!(sent, expected_sent, "{case}: a POST is sent once");
        }
    }
    if method == "POST" {
        let all = setup.customers().list_page(&Default::default()).await.unwrap();
        let created = all.data.iter().filter(|c| c.name.as_deref() == Some("New")).count();
        assert!(created <= 1, "{case}: the customer was created {created} times");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_on_every_method() {
    let mut cases = Vec::new();
    for (name, fault_json) in faults() {
        for method in ["GET", "DELETE", "POST"] {
            cases.push(tokio::spawn(one_case(name, fault_json.clone(), method)));
        }
    }
    for case in futures_util::future::join_all(cases).await {
        case.expect("a case panicked: see its message above");
    }
}
