//! `ap-bench`: the Rust rows of `make bench`, printed as JSON lines on stdout.
//! Needs `SANDBOX_URL` (a release sandbox on loopback).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alternative_payments::{blocking, Client, ClientBuilder, CreateCustomer, ListCustomersParams};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

const SECRET: &str = "sandbox_client_secret";
const LATENCY_CALLS: usize = 2000;

struct Sandbox {
    url: String,
    http: reqwest::Client,
}

impl Sandbox {
    async fn control(&self, path: &str, body: Value) -> Value {
        let response =
            self.http.post(format!("{}/_sandbox{path}", self.url)).body(body.to_string()).send().await.unwrap();
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null)
    }
    async fn log(&self, client_id: &str) -> Vec<Value> {
        let response = self.http.get(format!("{}/_sandbox/requests", self.url)).send().await.unwrap();
        let log: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        log["requests"].as_array().unwrap().iter().filter(|r| r["client_id"] == client_id).cloned().collect()
    }
    /// An `Authorization` value from the token endpoint, for the raw-reqwest baseline.
    async fn bearer(&self, client_id: &str) -> String {
        let token: Value = self
            .http
            .post(format!("{}/oauth/token", self.url))
            .basic_auth(client_id, Some(SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap()
            .json_value()
            .await;
        format!("Bearer {}", token["access_token"].as_str().unwrap())
    }
    /// Resets the sandbox and makes `client_id` the accepted one.
    async fn fresh(&self, client_id: &str, rate_limit: Option<u32>) {
        self.control("/reset", json!({})).await;
        self.control("/config", json!({"client_id": client_id, "rate_limit": rate_limit})).await;
    }
    fn builder(&self, client_id: &str, rate_limit: Option<f64>) -> ClientBuilder {
        ClientBuilder::new().client_id(client_id).client_secret(SECRET).base_url(&self.url).rate_limit(rate_limit)
    }
}

fn emit(row: Value) {
    println!("{row}");
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e6;
    (at(0.5), at(0.99))
}

async fn latency(sandbox: &Sandbox) {
    sandbox.fresh("bench-latency", None).await;
    let client = sandbox.builder("bench-latency", None).build().unwrap();
    let customer = client
        .customers()
        .create(&CreateCustomer { name: "Acme".into(), email: "a@acme.test".into(), external_id: None })
        .await
        .unwrap();
    let id = customer.id.clone();

    let bearer = sandbox.bearer("bench-latency").await;
    let raw = reqwest::Client::new();
    let url = format!("{}/customers/{id}", sandbox.url);
    let sdk_call = || {
        let (client, id) = (client.clone(), id.clone());
        async move {
            client.customers().get(&id).await.unwrap();
        }
    };
    let raw_call = || {
        let request = raw.get(&url).header("authorization", &bearer);
        async move {
            let body = request.send().await.unwrap().bytes().await.unwrap();
            let _: Value = serde_json::from_slice(&body).unwrap();
        }
    };
    // Interleaved, alternating which goes first, so drift on a shared machine hits both alike.
    let (mut sdk, mut baseline) = (Vec::new(), Vec::new());
    for round in 0..LATENCY_CALLS + 100 {
        for first in [round % 2 == 0, round % 2 == 1] {
            let started = Instant::now();
            if first {
                sdk_call().await;
            } else {
                raw_call().await;
            }
            if round >= 100 {
                if first { &mut sdk } else { &mut baseline }.push(started.elapsed());
            }
        }
    }
    let (median, p99) = percentiles(sdk);
    emit(json!({"lang": "rust", "bench": "latency", "client": "SDK async", "median_us": median, "p99_us": p99}));
    let (median, p99) = percentiles(baseline);
    emit(
        json!({"lang": "rust", "bench": "latency", "client": "reqwest (baseline)", "median_us": median, "p99_us": p99}),
    );

    let builder = sandbox.builder("bench-latency", None);
    let id_for_blocking = id.clone();
    // A thread outside the runtime, as blocking code would be.
    let (median, p99) = std::thread::spawn(move || {
        let client = blocking::Client::new(&builder).unwrap();
        let mut samples = Vec::with_capacity(LATENCY_CALLS);
        for round in 0..LATENCY_CALLS + 100 {
            let started = Instant::now();
            client.customers().get(&id_for_blocking).unwrap();
            if round >= 100 {
                samples.push(started.elapsed());
            }
        }
        percentiles(samples)
    })
    .join()
    .unwrap();
    emit(json!({"lang": "rust", "bench": "latency", "client": "SDK blocking", "median_us": median, "p99_us": p99}));
}

trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}

/// Arrival facts from the sandbox's log: requests, share of the allowed rate, 429s.
fn rate_facts(log: &[Value], limit: f64) -> (usize, f64, f64, usize) {
    let mut times: Vec<f64> = log.iter().map(|r| r["at_ms"].as_f64().unwrap()).collect();
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let span = (times[n - 1] - times[0]) / 1000.0;
    // The fastest a strict server allows: the k-th arrival no earlier than floor(k / limit) s.
    let minimum = ((n - 1) as f64 / limit).floor();
    let share = if span > 0.0 { minimum / span } else { 1.0 };
    let rate = if span > 0.0 { (n - 1) as f64 / span } else { f64::INFINITY };
    let limited = log.iter().filter(|r| r["status"] == 429).count();
    (n, rate, share, limited)
}

async fn throughput(sandbox: &Sandbox) {
    for callers in [1usize, 32] {
        let client_id = format!("bench-throughput-{callers}");
        sandbox.fresh(&client_id, Some(5)).await;
        let client = sandbox.builder(&client_id, Some(5.0)).build().unwrap();
        let remaining = Arc::new(AtomicUsize::new(60));
        let workers = (0..callers).map(|_| {
            let (client, remaining) = (client.clone(), remaining.clone());
            tokio::spawn(async move {
                while remaining.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1)).is_ok() {
                    client.customers().list_page(&ListCustomersParams::default()).await.unwrap();
                }
            })
        });
        futures_util::future::join_all(workers).await;
        let (n, rate, share, limited) = rate_facts(&sandbox.log(&client_id).await, 5.0);
        emit(
            json!({"lang": "rust", "bench": "throughput", "callers": callers, "requests": n, "rate": rate, "share": share, "429s": limited}),
        );
    }
}

async fn token_requests(sandbox: &Sandbox) {
    sandbox.fresh("bench-tokens", None).await;
    let client = sandbox.builder("bench-tokens", None).build().unwrap();
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customers().list_page(&ListCustomersParams::default()).await.unwrap() })
    });
    futures_util::future::join_all(calls).await;
    let tokens = sandbox.log("bench-tokens").await.iter().filter(|r| r["path"] == "/oauth/token").count();
    emit(json!({"lang": "rust", "bench": "tokens", "token_requests": tokens}));
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}

async fn pagination(sandbox: &Sandbox) {
    sandbox.fresh("bench-pages", None).await;
    sandbox.control("/seed", json!({"customers": 20000})).await;
    let client: Client = sandbox.builder("bench-pages", None).build().unwrap();
    let before = rss_bytes();
    let mut peak = before;
    let started = Instant::now();
    let mut stream = client.customers().list(ListCustomersParams { limit: Some(100), ..Default::default() });
    let mut items = 0u64;
    while let Some(_customer) = stream.try_next().await.unwrap() {
        items += 1;
        if items % 100 == 0 {
            peak = peak.max(rss_bytes());
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    emit(json!({"lang": "rust", "bench": "pagination", "items": items, "items_per_s": items as f64 / elapsed,
        "memory_growth_mb": (peak.saturating_sub(before)) as f64 / 1e6}));
}

/// The Rust side of the per-call comparison (`bench/per_call.py` drives every face in turn):
/// the floor (raw reqwest, the token fetched once) and the SDK, async and blocking, getting one
/// customer. After 100 warm-up calls each it prints `ready`; then each `run` line on stdin is one
/// batch of `PER_CALL_BATCH` calls per face (floor and async SDK alternating call by call),
/// answered `ok`, and each `list` line one listing of every customer, answered `ok <items/s>`;
/// at `end` it prints each face's samples as JSON lines.
async fn per_call(sandbox: &Sandbox) {
    let batch: usize = std::env::var("PER_CALL_BATCH").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let client = sandbox.builder("bench-per-call", None).build().unwrap();
    let id = client
        .customers()
        .create(&CreateCustomer { name: "Acme".into(), email: "a@acme.test".into(), external_id: None })
        .await
        .unwrap()
        .id;
    let bearer = sandbox.bearer("bench-per-call").await;
    let (raw, url) = (reqwest::Client::new(), format!("{}/customers/{id}", sandbox.url));
    // The blocking client runs on a thread of its own (not inside this runtime), a batch at a time.
    let (runs, run) = std::sync::mpsc::channel::<usize>();
    let (done, batches) = std::sync::mpsc::channel::<Vec<f64>>();
    let builder = sandbox.builder("bench-per-call", None);
    let blocking_id = id.clone();
    std::thread::spawn(move || {
        let client = blocking::Client::new(&builder).unwrap();
        for calls in run {
            let samples = (0..calls)
                .map(|_| {
                    let started = Instant::now();
                    client.customers().get(&blocking_id).unwrap();
                    started.elapsed().as_secs_f64() * 1e6
                })
                .collect();
            done.send(samples).unwrap();
        }
    });
    let get = Get { raw, url, bearer, client, id };
    get.alternating(100).await;
    runs.send(100).unwrap();
    batches.recv().unwrap();
    println!("ready");
    let (mut floor, mut sdk, mut blocking) = (Vec::new(), Vec::new(), Vec::new());
    for line in std::io::stdin().lines() {
        match line.ok().as_deref() {
            Some("run") => {}
            Some("list") => {
                println!("ok {}", get.list_all().await);
                continue;
            }
            _ => break,
        }
        let (floor_batch, sdk_batch) = get.alternating(batch).await;
        floor.extend(floor_batch);
        sdk.extend(sdk_batch);
        runs.send(batch).unwrap();
        blocking.extend(batches.recv().unwrap());
        println!("ok");
    }
    for (face, samples) in [("floor", floor), ("rust", sdk), ("rust blocking", blocking)] {
        emit(json!({"bench": "per_call", "face": face, "samples_us": samples}));
    }
}

/// One customer fetched by the floor (raw reqwest) and by the async SDK.
struct Get {
    raw: reqwest::Client,
    url: String,
    bearer: String,
    client: Client,
    id: String,
}

impl Get {
    /// `calls` gets each, the floor's and the SDK's alternating; their durations in µs.
    async fn alternating(&self, calls: usize) -> (Vec<f64>, Vec<f64>) {
        let (mut floor, mut sdk) = (Vec::with_capacity(calls), Vec::with_capacity(calls));
        for _ in 0..calls {
            let started = Instant::now();
            let request = self.raw.get(&self.url).header("authorization", &self.bearer);
            let body = request.send().await.unwrap().bytes().await.unwrap();
            let _: Value = serde_json::from_slice(&body).unwrap();
            let between = Instant::now();
            self.client.customers().get(&self.id).await.unwrap();
            floor.push((between - started).as_secs_f64() * 1e6);
            sdk.push(between.elapsed().as_secs_f64() * 1e6);
        }
        (floor, sdk)
    }

    /// Every customer through the SDK's lazy list (page size 100); items per second.
    async fn list_all(&self) -> f64 {
        let started = Instant::now();
        let mut stream = self.client.customers().list(ListCustomersParams { limit: Some(100), ..Default::default() });
        let mut items = 0u64;
        while let Some(_customer) = stream.try_next().await.unwrap() {
            items += 1;
        }
        items as f64 / started.elapsed().as_secs_f64()
    }
}

#[tokio::main]
async fn main() {
    let url = std::env::var("SANDBOX_URL").expect("set SANDBOX_URL to a running sandbox");
    let sandbox = Sandbox { url, http: reqwest::Client::new() };
    let which: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    if wanted("latency") {
        latency(&sandbox).await;
    }
    if wanted("throughput") {
        throughput(&sandbox).await;
    }
    if wanted("tokens") {
        token_requests(&sandbox).await;
    }
    if wanted("pagination") {
        pagination(&sandbox).await;
    }
    // Not part of the default run: bench/per_call.py asks for it, round after round.
    if which.iter().any(|w| w == "per_call") {
        per_call(&sandbox).await;
    }
}
