//! The command line against the sandbox, as an operator runs it.

use std::process::Command;

use ap_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

fn control(sandbox: &Sandbox, path: &str, body: Value) -> Value {
    let url = format!("{}/_sandbox{path}", sandbox.url());
    let output = Command::new("curl").args(["-fsS", "-X", "POST", "-d", &body.to_string(), &url]).output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
}

fn cli(sandbox: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_alternative-payments"))
        .args(args)
        .env("ALTERNATIVE_PAYMENTS_CLIENT_ID", "sandbox_client_id")
        .env("ALTERNATIVE_PAYMENTS_CLIENT_SECRET", "sandbox_client_secret")
        .env("ALTERNATIVE_PAYMENTS_BASE_URL", sandbox.url())
        .env_remove("ALTERNATIVE_PAYMENTS_REDIS_URL")
        .output()
        .unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn payouts_export_writes_one_row_per_transaction_with_exact_money() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    for _ in 0..2 {
        control(&sandbox, "/seed", json!({"transactions": 2}));
        control(&sandbox, "/payouts", json!({}));
    }
    let csv = std::env::temp_dir().join(format!("payouts-{}.csv", std::process::id()));
    let (code, _, stderr) = cli(
        &sandbox,
        &["payouts", "export", "--from", "2000-01-01", "--format", "csv", "--output", csv.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "payout_id,payout_created_at,payout_arrival_date,payout_status,payout_total,payout_fees,payout_balanced,transaction_id,transaction_total,transaction_fees,customer_id,invoice_id,status");
    assert_eq!(lines.len(), 5, "a header and one row per payout transaction");
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        (first[4], first[5], first[6], first[8], first[9]),
        ("1941.4", "58.6", "true", "1000", "29.3"),
        "money exactly, never rounded"
    );
    let (code, jsonl, _) = cli(&sandbox, &["payouts", "export", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3]["payout_total"], "1941.4");
    let (code, none, _) = cli(&sandbox, &["payouts", "export", "--from", "2999-01-01"]);
    assert_eq!((code, none.lines().count()), (0, 1), "only the header");
}

#[test]
fn resources_list_and_get_as_json_lines_or_a_table() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    control(&sandbox, "/seed", json!({"customers": 3}));
    let (code, jsonl, _) = cli(&sandbox, &["customers", "list"]);
    assert_eq!(code, 0);
    let customers: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(customers.len(), 3);
    let id = customers[1]["id"].as_str().unwrap();
    let (_, table, _) = cli(&sandbox, &["customers", "list", "--format", "table"]);
    assert!(table.lines().next().unwrap().starts_with("id") && table.lines().count() == 4, "{table}");
    let (_, one, _) = cli(&sandbox, &["customers", "get", id]);
    assert_eq!(serde_json::from_str::<Value>(one.trim()).unwrap()["id"], id);
    let (code, _, stderr) = cli(&sandbox, &["invoices", "get", "inv_missing"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not found") && stderr.contains("404"), "{stderr}");
    let (code, transactions, _) = cli(&sandbox, &["transactions", "list"]);
    assert_eq!((code, transactions.as_str()), (0, ""));
    let (code, _, usage) = cli(&sandbox, &["payouts", "explode"]);
    assert_eq!(code, 2, "a usage error");
    assert!(usage.contains("unrecognized subcommand") && usage.contains("--help"), "{usage}");
}

#[test]
fn a_failed_export_leaves_the_output_file_as_it_was() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    control(&sandbox, "/seed", json!({"transactions": 2}));
    control(&sandbox, "/payouts", json!({}));
    let csv = std::env::temp_dir().join(format!("kept-{}.csv", std::process::id()));
    let path = csv.to_str().unwrap();
    let (code, _, stderr) = cli(&sandbox, &["payouts", "export", "--output", path]);
    assert_eq!(code, 0, "{stderr}");
    let before = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(before.lines().count(), 3);
    let (code, stdout, stderr) = cli(&sandbox, &["payouts", "export", "--from", "2026-13-01", "--output", path]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("invalid --from"), "{stderr}");
    let (code, _, stderr) =
        cli(&sandbox, &["payouts", "export", "--from", "2026-12-31", "--to", "2026-01-01", "--output", path]);
    assert_eq!(code, 1, "a range that ends before it starts");
    assert!(stderr.contains("invalid --from") && stderr.contains("after the end"), "{stderr}");
    control(&sandbox, "/faults", json!({"kind": "status", "status": 500, "path": "/payouts", "count": 5}));
    let (code, _, stderr) = cli(&sandbox, &["payouts", "export", "--output", path]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), before, "the earlier export is intact");
    let partial = csv.with_file_name(format!(".{}.partial", csv.file_name().unwrap().to_str().unwrap()));
    assert!(!partial.exists(), "no partial file left behind");
    let (code, stdout, _) = cli(&sandbox, &["payouts", "export", "--from", "2026-13-01"]);
    assert_eq!((code, stdout.as_str()), (1, ""), "not even the header on standard output");
    std::fs::remove_file(&csv).unwrap();
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    control(&sandbox, "/seed", json!({"customers": 2000}));
    let mut child = Command::new(env!("CARGO_BIN_EXE_alternative-payments"))
        .args(["customers", "list"])
        .env("ALTERNATIVE_PAYMENTS_CLIENT_ID", "sandbox_client_id")
        .env("ALTERNATIVE_PAYMENTS_CLIENT_SECRET", "sandbox_client_secret")
        .env("ALTERNATIVE_PAYMENTS_BASE_URL", sandbox.url())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take()); // as `| head -c 1` does
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn missing_credentials_name_the_variables() {
    let output = Command::new(env!("CARGO_BIN_EXE_alternative-payments"))
        .args(["customers", "list"])
        .env_remove("ALTERNATIVE_PAYMENTS_CLIENT_ID")
        .env_remove("ALTERNATIVE_PAYMENTS_CLIENT_SECRET")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("set ALTERNATIVE_PAYMENTS_CLIENT_ID and ALTERNATIVE_PAYMENTS_CLIENT_SECRET"), "{stderr}");
}

#[test]
fn an_unreachable_redis_is_said_and_the_command_still_runs() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    let (code, stdout, stderr) = cli(&sandbox, &["customers", "list", "--redis-url", "redis://127.0.0.1:1/0"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("warning") && stderr.contains("Redis"), "{stderr}");
}
