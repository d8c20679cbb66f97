//! The testing kit from Rust: the sandbox crate as a dev-dependency, driven in-process
//! (`Sandbox::settle_payment_request`, `fail_next`, `requests`, `reset`), as the Python and
//! Node kits drive it.

use alternative_payments::{ClientBuilder, CreateCustomer, CreatePaymentRequest, ErrorKind};
use ap_sandbox::{Config, Sandbox};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_is_driven_in_process_from_an_async_test() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let config = Config::default();
    let client = ClientBuilder::new()
        .client_id(config.client_id)
        .client_secret(config.client_secret)
        .base_url(sandbox.url())
        .max_retries(0)
        .build()
        .unwrap();
    let customer = CreateCustomer { name: "Acme".into(), email: "a@acme.com".into(), external_id: None };
    let created = client.customers().create(&customer).await.unwrap();

    sandbox.fail_next(json!({"kind": "status", "status": 500, "method": "GET", "path": "/customers"})).unwrap();
    let failed = client.customers().get(&created.id).await.unwrap_err();
    assert_eq!(failed.kind(), ErrorKind::InternalServer);

    let request = CreatePaymentRequest {
        amount: 5000,
        currency: "USD".into(),
        redirect_url: "https://x".into(),
        reference_id: None,
    };
    let request = client.payment_requests().create(&request).await.unwrap();
    sandbox.settle_payment_request(&request.id, "paid").unwrap();
    assert_eq!(client.payment_requests().get(&request.id).await.unwrap().status.as_deref(), Some("PAID"));
    assert!(sandbox.settle_payment_request(&request.id, "refunded").is_err());

    let log = sandbox.requests().unwrap();
    let statuses: Vec<u64> = log
        .iter()
        .filter(|r| r["path"] == format!("/customers/{}", created.id))
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [500]);
    sandbox.reset().unwrap();
    assert!(sandbox.requests().unwrap().is_empty());
    assert_eq!(client.customers().get(&created.id).await.unwrap_err().kind(), ErrorKind::NotFound);
}
