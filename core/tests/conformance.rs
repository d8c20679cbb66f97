//! The shared conformance scenarios (tests/conformance) through the core's operations, each
//! scenario against a sandbox of its own.

mod common;

use std::collections::BTreeSet;

use alternative_payments::operations;
use common::*;
use serde_json::{json, Value};

fn scenarios() -> Vec<Value> {
    let text = include_str!("../../tests/conformance/scenarios.json");
    let file: Value = serde_json::from_str(text).expect("scenarios.json is JSON");
    file["scenarios"].as_array().expect("a list of scenarios").clone()
}

/// Replaces `$name.field` (a whole string, or inside a path) with saved values.
fn substitute(value: &Value, saved: &serde_json::Map<String, Value>) -> Value {
    match value {
        Value::String(text) => {
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(start) = rest.find('$') {
                out.push_str(&rest[..start]);
                let reference = &rest[start + 1..];
                let end = reference
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == '.'))
                    .unwrap_or(reference.len());
                let (name, field) = reference[..end].split_once('.').expect("$name.field");
                let found = &saved[name][field];
                if start == 0 && end == reference.len() {
                    return found.clone();
                }
                out.push_str(found.as_str().map(String::from).unwrap_or_else(|| found.to_string()).as_str());
                rest = &reference[end..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| substitute(item, saved)).collect()),
        Value::Object(fields) => Value::Object(fields.iter().map(|(k, v)| (k.clone(), substitute(v, saved))).collect()),
        other => other.clone(),
    }
}

fn items_of(result: &Value) -> &Vec<Value> {
    result.get("data").unwrap_or(result).as_array().expect("a list or a page")
}

fn check(step: &Value, expect: &Value, outcome: &Result<Value, alternative_payments::Error>) {
    let where_ = format!("{} {}", step["call"], step["args"]);
    if let Some(class) = expect.get("error") {
        let err = outcome.as_ref().expect_err(&where_);
        assert_eq!(class_of(err), class.as_str().unwrap(), "{where_}: {err}");
        if let Some(status) = expect.get("status") {
            assert_eq!(err.status().map(u64::from), status.as_u64(), "{where_}");
        }
        return;
    }
    let result = outcome.as_ref().unwrap_or_else(|err| panic!("{where_}: {err}"));
    for (key, wanted) in expect.get("fields").and_then(Value::as_object).into_iter().flatten() {
        assert_eq!(&result[key], wanted, "{where_}: {key}");
    }
    if let Some(length) = expect.get("length") {
        assert_eq!(items_of(result).len() as u64, length.as_u64().unwrap(), "{where_}");
    }
    for (key, wanted) in expect.get("first").and_then(Value::as_object).into_iter().flatten() {
        assert_eq!(&items_of(result)[0][key], wanted, "{where_}: first {key}");
    }
    if expect.get("null") == Some(&json!(true)) {
        assert!(result.is_null(), "{where_}: {result}");
    }
    if let Some(prefix) = expect.get("startswith").and_then(Value::as_str) {
        assert!(result.as_str().is_some_and(|s| s.starts_with(prefix)), "{where_}: {result}");
    }
}

async fn run(
    client: &alternative_payments::Client,
    operation: &str,
    args: Value,
) -> Result<Value, alternative_payments::Error> {
    if !operations::LISTS.contains(&operation) {
        return operations::call(client, operation, args).await;
    }
    let mut list = operations::list(client, operation, args)?;
    let mut items = Vec::new();
    while let Some(item) = list.next_item().await? {
        items.push(item);
    }
    Ok(Value::Array(items))
}

#[tokio::test]
async fn every_scenario_passes_and_every_operation_is_exercised() {
    let mut exercised = BTreeSet::new();
    for scenario in scenarios() {
        let sandbox = sandbox(None);
        let client = client(&sandbox);
        let mut saved = serde_json::Map::new();
        for step in scenario["steps"].as_array().unwrap() {
            let result = if let Some(method) = step.get("control").and_then(Value::as_str) {
                let path = substitute(&step["path"], &saved);
                control(&sandbox, method, path.as_str().unwrap(), json!({}))
            } else if let Some(injected) = step.get("fault") {
                fault(&sandbox, injected.clone());
                continue;
            } else if let Some(fact) = step.get("log") {
                let found = count(&sandbox, fact["method"].as_str().unwrap(), fact["path"].as_str().unwrap());
                assert_eq!(found as u64, fact["count"].as_u64().unwrap(), "{}: {fact}", scenario["name"]);
                continue;
            } else {
                let operation = step["call"].as_str().unwrap();
                exercised.insert(operation.to_string());
                let outcome = run(&client, operation, substitute(&step["args"], &saved)).await;
                check(step, &substitute(step.get("expect").unwrap_or(&json!({})), &saved), &outcome);
                outcome.unwrap_or(Value::Null)
            };
            if let Some(name) = step.get("save").and_then(Value::as_str) {
                saved.insert(name.to_string(), result);
            }
        }
    }
    let all: BTreeSet<String> = operations::CALLS.iter().chain(operations::LISTS).map(|s| s.to_string()).collect();
    assert_eq!(exercised, all, "every declared operation appears in the scenarios");
}
