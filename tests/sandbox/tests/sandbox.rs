//! The sandbox itself, over raw HTTP: every suite trusts it, so its rules are tested here.

use std::time::Duration;

use ap_sandbox::{Config, Sandbox};
use serde_json::{json, Value};

struct Http {
    url: String,
    http: reqwest::Client,
}

impl Http {
    fn new(sandbox: &Sandbox) -> Http {
        Http { url: sandbox.url(), http: reqwest::Client::new() }
    }
    async fn token(&self) -> String {
        let response = self
            .http
            .post(format!("{}/oauth/token", self.url))
            .basic_auth("sandbox_client_id", Some("sandbox_client_secret"))
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(body["token_type"], "bearer", "lower case, as the reference says");
        body["access_token"].as_str().unwrap().to_string()
    }
    async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut request = self.http.request(method.parse().unwrap(), format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }
    async fn control(&self, path: &str, body: Value) -> Value {
        self.send("POST", &format!("/_sandbox{path}"), None, Some(&body.to_string())).await.2
    }
}

#[tokio::test]
async fn a_sixth_request_within_a_second_gets_429_with_retry_after() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let http = Http::new(&sandbox);
    let token = http.token().await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(http.send("GET", "/customers", Some(&token), None).await.0);
    }
    assert_eq!(statuses, [200, 200, 200, 200], "with the token request, five in this second");
    let (status, headers, body) = http.send("GET", "/customers", Some(&token), None).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "1");
    assert_eq!(body["code"], "rate_limited");
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(http.send("GET", "/customers", Some(&token), None).await.0, 200);
}

#[tokio::test]
async fn authentication_rules() {
    let sandbox = Sandbox::start(Config { rate_limit: None, token_ttl_secs: 1, ..Config::default() }).unwrap();
    let http = Http::new(&sandbox);
    assert_eq!(http.send("GET", "/customers", None, None).await.0, 401);
    assert_eq!(http.send("GET", "/customers", Some("forged"), None).await.0, 401);
    let wrong = http
        .http
        .post(format!("{}/oauth/token", http.url))
        .basic_auth("sandbox_client_id", Some("wrong"))
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403, "the reference refuses bad credentials with 403");
    let token = http.token().await;
    assert_eq!(http.send("GET", "/customers", Some(&token), None).await.0, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, _, body) = http.send("GET", "/customers", Some(&token), None).await;
    assert_eq!((status, body["message"].as_str()), (401, Some("access token expired")));
}

#[tokio::test]
async fn validations_state_and_request_ids() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    let http = Http::new(&sandbox);
    let token = http.token().await;
    let t = Some(token.as_str());
    let (status, headers, _) = http.send("POST", "/customers", t, Some("{not json")).await;
    assert_eq!(status, 400);
    assert!(headers["x-request-id"].to_str().unwrap().starts_with("req_"));
    let (status, _, refused) = http.send("POST", "/customers", t, Some(r#"{"name":"A"}"#)).await;
    assert_eq!((status, &refused["validation_errors"]["email"]), (400, &Value::from("is required")));
    let (status, _, customer) = http.send("POST", "/customers", t, Some(r#"{"name":"A","email":"a@x.test"}"#)).await;
    assert_eq!(status, 201);
    let id = customer["id"].as_str().unwrap();
    assert_eq!(http.send("GET", "/customers/cus_nope", t, None).await.0, 404);

    let invoice = json!({"customer_id": id, "currency": "XYZ", "due_date": "2025-01-01",
        "line_items": [{"description": "x", "amount": 100, "quantity": 2}]});
    assert_eq!(http.send("POST", "/invoices", t, Some(&invoice.to_string())).await.0, 422);
    let invoice = json!({"customer_id": id, "currency": "usd", "due_date": "2025-01-01",
        "line_items": [{"description": "x", "amount": 100, "quantity": 2}, {"description": "off", "amount": -50, "quantity": 1}]});
    let (status, _, created) = http.send("POST", "/invoices", t, Some(&invoice.to_string())).await;
    assert_eq!((status, created["total"].as_i64()), (201, Some(150)), "the total is the sum of the lines");
    assert_eq!(created["sub_total"], created["total"]);
    let (status, _, body) =
        http.send("DELETE", &format!("/invoices/{}", created["id"].as_str().unwrap()), t, None).await;
    assert_eq!((status, body), (204, Value::Null));

    let request = json!({"amount": "-5", "currency": "USD", "redirect_url": "https://x.test"});
    assert_eq!(http.send("POST", "/payments/request", t, Some(&request.to_string())).await.0, 422);
    let request = json!({"amount": "5000", "currency": "USD", "redirect_url": "https://x.test"});
    let (_, _, request) = http.send("POST", "/payments/request", t, Some(&request.to_string())).await;
    assert_eq!(request["amount"], "5000", "answered as a string, as in the docs");
    let request_id = request["id"].as_str().unwrap();
    let paid = http.control(&format!("/payment-requests/{request_id}/pay"), json!({})).await;
    assert_eq!(
        (&paid["transaction"]["total"], &paid["transaction"]["fees"][0]["amount"]),
        (&json!(5000), &json!(145.3))
    );
    let (_, _, fetched) = http.send("GET", &format!("/payments/request/{request_id}"), t, None).await;
    assert_eq!((fetched["status"].as_str(), fetched["amount"].as_i64()), (Some("PAID"), Some(5000)));
    let payout = http.control("/payouts", json!({})).await;
    assert_eq!(
        (&payout["sub_total"], &payout["total"], &payout["status"]),
        (&json!(5000), &json!(4854.7), &json!("succeeded"))
    );
    let (_, _, listed) =
        http.send("GET", &format!("/payouts/{}/transactions", payout["id"].as_str().unwrap()), t, None).await;
    assert_eq!(listed["transactions"].as_array().unwrap().len(), 1);

    http.send("DELETE", &format!("/customers/{id}"), t, None).await;
    let (_, _, page) = http.send("GET", "/customers", t, None).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 0, "an archived customer leaves the list");
}

#[tokio::test]
async fn faults_apply_to_the_next_matching_requests_only() {
    let sandbox = Sandbox::start(Config { rate_limit: None, ..Config::default() }).unwrap();
    let http = Http::new(&sandbox);
    let token = http.token().await;
    let t = Some(token.as_str());
    http.control(
        "/faults",
        json!({"kind": "status", "status": 503, "retry_after": "2", "path": "/payouts", "count": 2}),
    )
    .await;
    let (status, headers, _) = http.send("GET", "/payouts", t, None).await;
    assert_eq!((status, headers["retry-after"].to_str().unwrap()), (503, "2"));
    assert_eq!(http.send("GET", "/customers", t, None).await.0, 200, "other paths are untouched");
    assert_eq!(http.send("GET", "/payouts", t, None).await.0, 503);
    assert_eq!(http.send("GET", "/payouts", t, None).await.0, 200, "the fault is used up");
    let log = http.send("GET", "/_sandbox/requests", None, None).await.2;
    let statuses: Vec<u64> =
        log["requests"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 503, 200, 503, 200]);
}
