//! One process of a fleet sharing one API key (tests/fleet, bench/fleet_bench.py). Settings
//! come from the ALTERNATIVE_PAYMENTS_* variables (with _REDIS_URL, through Redis).
//!
//! - `fleet_worker get 8`: 8 concurrent GETs;
//! - `fleet_worker create 4 <prefix>`: 4 concurrent customer creations;
//! - `fleet_worker saturate 6`: 8 callers making GETs for 6 seconds;
//! - `fleet_worker latency 300`: 300 GETs one after another, and their median time.
//!
//! `FLEET_MAX_RETRIES` and `FLEET_RATE_LIMIT` set the retries (2) and the rate (5/s).
//!
//! Prints one JSON line: `{"ok": n, "errors": [...]}` (and `p50_us`, `p99_us` for latency).

use std::time::{Duration, Instant};

use alternative_payments::{Client, CreateCustomer};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).cloned().unwrap_or_else(|| "get".into());
    let count: u64 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(8);
    let prefix = args.get(3).cloned().unwrap_or_else(|| "rust".into());
    let retries: u32 = std::env::var("FLEET_MAX_RETRIES").ok().and_then(|n| n.parse().ok()).unwrap_or(2);
    let rate: f64 = std::env::var("FLEET_RATE_LIMIT").ok().and_then(|n| n.parse().ok()).unwrap_or(5.0);
    let client = match Client::builder().max_retries(retries).rate_limit(Some(rate)).build() {
        Ok(client) => client,
        Err(err) => {
            println!("{}", serde_json::json!({"ok": 0, "errors": [err.to_string()]}));
            return;
        }
    };
    if mode == "latency" {
        let mut times = Vec::new();
        for _ in 0..count {
            let started = Instant::now();
            let _ = client.customers().list_page(&Default::default()).await;
            times.push(started.elapsed());
        }
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize].as_micros() as u64;
        println!("{}", serde_json::json!({"ok": times.len(), "errors": [], "p50_us": at(0.5), "p99_us": at(0.99)}));
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(count);
    let callers = if mode == "saturate" { 8 } else { count };
    let tasks = (0..callers).map(|n| {
        let (client, mode, name) = (client.clone(), mode.clone(), format!("{prefix}-{n}"));
        tokio::spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let outcome = if mode == "create" {
                    let params =
                        CreateCustomer { email: format!("{name}@fleet.test"), name: name.clone(), external_id: None };
                    client.customers().create(&params).await.map(|_| ())
                } else {
                    client.customers().list_page(&Default::default()).await.map(|_| ())
                };
                outcomes.push(outcome.map_err(|err| err.to_string()));
                if mode != "saturate" || Instant::now() >= deadline {
                    return outcomes;
                }
            }
        })
    });
    let (mut ok, mut errors) = (0, Vec::new());
    for task in futures_util::future::join_all(tasks).await {
        for outcome in task.unwrap_or_default() {
            match outcome {
                Ok(()) => ok += 1,
                Err(err) => errors.push(err),
            }
        }
    }
    println!("{}", serde_json::json!({"ok": ok, "errors": errors}));
}
