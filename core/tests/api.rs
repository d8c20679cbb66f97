//! Every operation of the declaration against the sandbox, asserting on values and on what went over
//! the wire.

mod common;

use std::time::Duration;

use alternative_payments::{
    CreateCustomer, CreateCustomerUser, CreateInvoice, CreatePaymentRequest, Error, LineItem, ListCustomersParams,
    ListInvoicesParams, ListTransactionsParams, ListWebhookEventsParams, ListWebhooksParams, Money, PageParams,
    SubscribeWebhook, WaitOptions,
};
use common::*;
use futures_util::TryStreamExt;
use serde_json::json;

fn acme() -> CreateCustomer {
    CreateCustomer { name: "Acme Inc.".into(), email: "billing@acme.com".into(), external_id: Some("acme-001".into()) }
}

#[tokio::test]
async fn the_whole_flow() {
    let sandbox = sandbox(Some(5));
    let client = builder(&sandbox).rate_limit(Some(5.0)).build().unwrap();

    let customer = client.customers().create(&acme()).await.unwrap();
    assert_eq!(customer.name.as_deref(), Some("Acme Inc."));
    assert_eq!(customer.external_id.as_deref(), Some("acme-001"));
    assert_eq!(client.customers().get(&customer.id).await.unwrap(), customer);

    let user = client
        .customers()
        .create_user(
            &customer.id,
            &CreateCustomerUser { email: "jane@acme.com".into(), first_name: Some("Jane".into()), last_name: None },
        )
        .await
        .unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Jane"));
    let users: Vec<_> = client.customers().users(&customer.id, PageParams::default()).try_collect().await.unwrap();
    assert_eq!(users, vec![user]);

    let methods = client.customers().payment_methods(&customer.id).await.unwrap();
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].kind.as_deref(), Some("card"));

    let invoice = client
        .invoices()
        .create(&CreateInvoice {
            customer_id: customer.id.clone(),
            currency: "USD".into(),
            due_date: "2025-09-01".into(),
            line_items: vec![LineItem::new("August MSP Fee", 150_000, 1), LineItem::new("Discount", -10_000, 2)],
        })
        .await
        .unwrap();
    assert_eq!(invoice.total, Some(Money::from(130_000)), "the reference's total");
    assert_eq!(invoice.sub_total, Some(Money::from(130_000)));
    assert_eq!(invoice.amount, None, "the reference has no invoice amount");
    assert!(invoice.invoice_number.as_deref().unwrap().starts_with("INV-"));
    assert_eq!(invoice.status.as_deref(), Some("OPEN"));
    assert_eq!(client.invoices().get(&invoice.id).await.unwrap().id, invoice.id);
    assert!(client.invoices().payment_link(&invoice.id).await.unwrap().starts_with("https://"));
    assert!(client.invoices().pdf_link(&invoice.id).await.unwrap().contains(".pdf"));

    let request = client
        .payment_requests()
        .create(&CreatePaymentRequest {
            amount: 5000,
            currency: "USD".into(),
            redirect_url: "https://yourapp.com/success".into(),
            reference_id: Some("quote-987".into()),
        })
        .await
        .unwrap();
    assert_eq!(request.amount, Some(Money::from(5000)), "the sandbox answers the amount as a string");
    assert!(request.status.as_deref().unwrap().eq_ignore_ascii_case("pending"));
    control(&sandbox, "POST", &format!("/payment-requests/{}/pay", request.id), json!({}));
    let paid = client
        .payment_requests()
        .wait(&request.id, &WaitOptions { timeout: Duration::from_secs(10), poll_interval: Duration::from_millis(50) })
        .await
        .unwrap();
    assert_eq!(paid.status.as_deref(), Some("PAID"));
    assert_eq!(paid.reference_id.as_deref(), Some("quote-987"));

    let transactions: Vec<_> =
        client.transactions().list(ListTransactionsParams::default()).try_collect().await.unwrap();
    assert_eq!(transactions.len(), 1);
    assert_eq!(transactions[0].total, Some(Money::from(5000)));
    let fees = transactions[0].fees.as_ref().expect("a card payment carries its fee");
    assert_eq!(fees[0].amount.as_ref().map(Money::as_str), Some("145.3"), "a fractional fee, exactly");
    assert_eq!(fees[0].kind.as_deref(), Some("FT_METHOD"));
    let filtered = client
        .transactions()
        .list_page(&ListTransactionsParams { payment_method: Some("standard_ach".into()), ..Default::default() })
        .await
        .unwrap();
    assert!(filtered.data.is_empty());

    let payout_id = control(&sandbox, "POST", "/payouts", json!({}))["id"].as_str().unwrap().to_string();
    let payouts: Vec<_> = client.payouts().list(Default::default()).try_collect().await.unwrap();
    assert_eq!(payouts.len(), 1);
    let payout = client.payouts().get(&payout_id).await.unwrap();
    assert_eq!(payout.sub_total, Some(Money::from(5000)));
    assert_eq!(payout.total.as_ref().map(Money::as_str), Some("4854.7"), "what came in, less the fees");
    assert_eq!(payout.status.as_deref(), Some("succeeded"));
    assert!(payout.arrival_date.is_some());
    let in_payout = client.payouts().transactions(&payout_id).await.unwrap();
    assert_eq!(in_payout[0].id, transactions[0].id);

    assert_eq!(client.invoices().archive(&invoice.id).await.unwrap(), None, "204 gives None");
    let archived = client.customers().archive(&customer.id).await.unwrap().expect("200 gives the customer");
    assert_eq!(archived.id, customer.id);
    assert!(archived.extra.contains_key("archived_at"), "undocumented fields are kept");
    assert!(client.customers().list_page(&ListCustomersParams::default()).await.unwrap().data.is_empty());

    let log = log(&sandbox);
    assert_eq!(log.iter().filter(|r| r["path"] == "/oauth/token").count(), 1, "one token for the whole flow");
    assert!(log.iter().all(|r| r["status"] != 429), "no 429 with the client-side limiter on");
}

#[tokio::test]
async fn lists_page_lazily_in_both_directions() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    for n in 0..25 {
        let params =
            CreateCustomer { name: format!("Customer {n:02}"), email: format!("c{n}@example.com"), external_id: None };
        client.customers().create(&params).await.unwrap();
    }
    let before = count(&sandbox, "GET", "/customers");
    let mut stream = client.customers().list(ListCustomersParams { limit: Some(10), ..Default::default() });
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.name.as_deref(), Some("Customer 00"));
    assert_eq!(count(&sandbox, "GET", "/customers") - before, 1, "one page fetched for the first item");
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 24);
    assert_eq!(count(&sandbox, "GET", "/customers") - before, 3);
    let queries: Vec<String> = log(&sandbox)
        .iter()
        .filter(|r| r["path"] == "/customers" && r["method"] == "GET")
        .map(|r| r["query"].as_str().unwrap().to_string())
        .collect();
    assert!(queries[1].contains("after=cur_"), "{queries:?}");

    let page =
        client.customers().list_page(&ListCustomersParams { limit: Some(10), ..Default::default() }).await.unwrap();
    assert!(page.has_next_page && !page.has_previous_page);
    let second = client
        .customers()
        .list_page(&ListCustomersParams { limit: Some(10), after: page.end_cursor.clone(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(second.data[0].name.as_deref(), Some("Customer 10"));
    assert!(second.has_previous_page);
    let back = client
        .customers()
        .list_page(&ListCustomersParams { limit: Some(10), before: second.start_cursor.clone(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(back.data, page.data);

    let backwards: Vec<_> = client
        .customers()
        .list(ListCustomersParams { limit: Some(10), before: second.start_cursor.clone(), ..Default::default() })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(backwards.len(), 10, "walking backwards stops at the first page");

    let named = client
        .customers()
        .list_page(&ListCustomersParams { company_name: Some("customer 2".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(named.data.len(), 5, "filters are sent");
}

#[tokio::test]
async fn invoice_filters_and_nested_cursors() {
    let sandbox = sandbox(None);
    control(&sandbox, "POST", "/config", json!({"shapes": "guides"}));
    let client = client(&sandbox);
    let customer = client.customers().create(&acme()).await.unwrap();
    for due in ["2025-01-01", "2025-02-01", "2025-03-01"] {
        let params = CreateInvoice {
            customer_id: customer.id.clone(),
            currency: "eur".into(),
            due_date: due.into(),
            line_items: vec![LineItem::new("Fee", 1000, 3)],
        };
        client.invoices().create(&params).await.unwrap();
    }
    let all: Vec<_> = client
        .invoices()
        .list(ListInvoicesParams { limit: Some(2), ..Default::default() })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3, "cursors under \"pagination\" are followed");
    let due_late = ListInvoicesParams {
        due_date_start: Some("2025-02-01".into()),
        customer_id: Some(customer.id.clone()),
        ..Default::default()
    };
    assert_eq!(client.invoices().list_page(&due_late).await.unwrap().data.len(), 2);
    let february = ListInvoicesParams {
        due_date_start: Some("2025-02-01".into()),
        due_date_end: Some("2025-02-01".into()),
        ..Default::default()
    };
    assert_eq!(
        client.invoices().list_page(&february).await.unwrap().data.len(),
        1,
        "a range of dates includes its last day"
    );
    let query = log(&sandbox).last().unwrap()["query"].as_str().unwrap().to_string();
    assert!(
        query.contains("due_date_start=2025-02-01T00%3A00%3A00Z")
            && query.contains("due_date_end=2025-02-01T23%3A59%3A59.999999Z"),
        "{query}"
    );
    let vague = ListInvoicesParams { created_at_start: Some("last week".into()), ..Default::default() };
    match client.invoices().list_page(&vague).await {
        Err(Error::InvalidArgument { argument, .. }) => assert_eq!(argument, "created_at_start"),
        other => panic!("{other:?}"),
    }
    control(&sandbox, "POST", &format!("/invoices/{}/pay", all[0].id), json!({}));
    let paid = client
        .invoices()
        .list_page(&ListInvoicesParams { status: Some("PAID".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(paid.data.len(), 1);
    let txns = client
        .transactions()
        .list_page(&ListTransactionsParams { invoice_id: Some(all[0].id.clone()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(txns.data[0].amount, Some(Money::from(3000)), "the guides' amount");
    assert_eq!(txns.data[0].total, None);
}

#[tokio::test]
async fn http_errors_carry_status_code_message_and_request_id() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    match client.customers().get("cus_missing").await {
        Err(Error::NotFound(details)) => {
            assert_eq!(details.status, 404);
            assert_eq!(details.code.as_deref(), Some("not_found"));
            assert!(details.message.contains("cus_missing"));
            assert!(details.request_id.as_deref().unwrap().starts_with("req_"));
        }
        other => panic!("{other:?}"),
    }
    let customer = client.customers().create(&acme()).await.unwrap();
    let bad_currency = CreateInvoice {
        customer_id: customer.id.clone(),
        currency: "XYZ".into(),
        due_date: "2025-01-01".into(),
        line_items: vec![LineItem::new("Fee", 1, 1)],
    };
    let err = client.invoices().create(&bad_currency).await.unwrap_err();
    assert_eq!(err.kind(), alternative_payments::ErrorKind::UnprocessableEntity, "{err}");
    let no_lines = CreateInvoice { currency: "USD".into(), line_items: vec![], ..bad_currency };
    let err = client.invoices().create(&no_lines).await.unwrap_err();
    assert!(matches!(&err, Error::BadRequest(d) if d.message.contains("line_items")), "{err}");
    let err = client.payment_requests().get("preq_nope").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn bad_arguments_are_refused_before_any_request() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    let before = log(&sandbox).len();
    for id in ["", " ", ".", ".."] {
        assert!(matches!(client.customers().get(id).await, Err(Error::InvalidArgument { .. })), "{id:?}");
        assert!(matches!(client.invoices().archive(id).await, Err(Error::InvalidArgument { .. })), "{id:?}");
    }
    let stream_error = client.customers().users("..", PageParams::default()).try_next().await.unwrap_err();
    assert!(matches!(stream_error, Error::InvalidArgument { .. }));
    let request = |amount, currency: &str| CreatePaymentRequest {
        amount,
        currency: currency.into(),
        redirect_url: "https://x.test".into(),
        reference_id: None,
    };
    for (amount, currency) in [(0, "USD"), (-5, "USD"), (100, "US"), (100, "12$")] {
        let err = client.payment_requests().create(&request(amount, currency)).await.unwrap_err();
        assert_eq!(err.kind(), alternative_payments::ErrorKind::InvalidArgument);
    }
    let zero_quantity = CreateInvoice {
        customer_id: "cus_1".into(),
        currency: "USD".into(),
        due_date: "2025-01-01".into(),
        line_items: vec![LineItem::new("x", 100, 0)],
    };
    let err = client.invoices().create(&zero_quantity).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidArgument { argument, .. } if argument == "line_items[0].quantity"), "{err}");
    let huge = CreateCustomer { name: "x".repeat(1 << 20), email: "a@b.c".into(), external_id: None };
    assert!(matches!(client.customers().create(&huge).await, Err(Error::InvalidArgument { .. })));
    assert_eq!(log(&sandbox).len(), before, "nothing was sent");
}

#[tokio::test]
async fn ids_are_percent_encoded_never_rerouted() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    for id in ["a/b", "x?limit=1", "frag#ment", "../invoices", "100%", "ünï cödé"] {
        let err = client.customers().get(id).await.unwrap_err();
        assert_eq!(err.kind(), alternative_payments::ErrorKind::NotFound, "{id}: {err}");
        assert!(err.to_string().contains(id), "the server saw the whole id {id:?}: {err}");
    }
    let paths: Vec<String> = calls(&sandbox).into_iter().filter(|(m, _, _)| m == "GET").map(|(_, p, _)| p).collect();
    assert_eq!(paths[0], "/customers/a%2Fb");
    assert_eq!(paths[1], "/customers/x%3Flimit%3D1");
    assert_eq!(paths[3], "/customers/..%2Finvoices");
}

#[test]
fn the_blocking_client_has_the_same_methods() {
    let sandbox = sandbox(None);
    let client = alternative_payments::blocking::Client::new(&builder(&sandbox)).unwrap();
    let customer = client.customers().create(&acme()).unwrap();
    assert_eq!(client.customers().get(&customer.id).unwrap().email.as_deref(), Some("billing@acme.com"));
    for n in 0..3 {
        let params = CreateCustomerUser { email: format!("u{n}@acme.com"), ..Default::default() };
        client.customers().create_user(&customer.id, &params).unwrap();
    }
    let users: Vec<_> = client
        .customers()
        .users(&customer.id, PageParams { limit: Some(2), ..Default::default() })
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 3);
    let mut pages = client.customers().users(&customer.id, PageParams { limit: Some(2), ..Default::default() });
    assert_eq!(pages.next_page().unwrap().unwrap().data.len(), 2);
    assert_eq!(pages.next_page().unwrap().unwrap().data.len(), 1);
    assert!(pages.next_page().unwrap().is_none());
    assert!(matches!(client.customers().get("nope"), Err(Error::NotFound(_))));
    let mut bad = client.customers().users("", PageParams::default());
    assert!(matches!(bad.next(), Some(Err(Error::InvalidArgument { .. }))));
    assert!(matches!(bad.next(), Some(Err(Error::InvalidArgument { .. }))), "an error never turns into a silent end");

    let request = client
        .payment_requests()
        .create(&CreatePaymentRequest {
            amount: 100,
            currency: "USD".into(),
            redirect_url: "https://x.test".into(),
            reference_id: None,
        })
        .unwrap();
    let options = WaitOptions { timeout: Duration::from_millis(300), poll_interval: Duration::from_millis(100) };
    match client.payment_requests().wait(&request.id, &options) {
        Err(Error::Timeout { message, .. }) => assert!(message.contains("PENDING"), "{message}"),
        other => panic!("{other:?}"),
    }
    control(&sandbox, "POST", &format!("/payment-requests/{}/expire", request.id), json!({}));
    assert_eq!(client.payment_requests().wait(&request.id, &options).unwrap().status.as_deref(), Some("EXPIRED"));
}

#[tokio::test]
async fn the_blocking_client_refuses_to_block_a_runtime() {
    let sandbox = sandbox(None);
    let client = alternative_payments::blocking::Client::new(&builder(&sandbox)).unwrap();
    match client.customers().get("cus_1") {
        Err(Error::Configuration { setting, message }) => {
            assert_eq!(setting, "runtime");
            assert!(message.contains("async"));
        }
        other => panic!("{other:?}"),
    }
}

fn seed_customers(sandbox: &Sandbox, customers: u64) {
    control(sandbox, "POST", "/seed", json!({ "customers": customers }));
}

#[test]
fn a_blocking_list_goes_on_after_an_error_and_never_ends_early() {
    let sandbox = sandbox(None);
    seed_customers(&sandbox, 25);
    let client = alternative_payments::blocking::Client::new(&builder(&sandbox)).unwrap();
    let mut customers = client.customers().list(ListCustomersParams { limit: Some(10), ..Default::default() });
    let mut seen: Vec<String> = (0..10).map(|_| customers.next().unwrap().unwrap().id).collect();
    fault(&sandbox, json!({"method": "GET", "path": "/customers", "kind": "status", "status": 400}));
    assert!(matches!(customers.next(), Some(Err(Error::BadRequest(_)))), "page 2 fails once");
    for customer in customers {
        seen.push(customer.unwrap().id);
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (25, 25), "every customer once, none lost to the error");
    let pages: Vec<String> = calls(&sandbox)
        .into_iter()
        .filter(|(m, p, _)| m == "GET" && p == "/customers")
        .map(|(_, _, s)| s.to_string())
        .collect();
    assert_eq!(pages, ["200", "400", "200", "200"], "the failed page was asked for again");
}

#[tokio::test]
async fn an_async_list_goes_on_after_an_error() {
    let sandbox = sandbox(None);
    seed_customers(&sandbox, 15);
    let client = client(&sandbox);
    let mut customers = client.customers().list(ListCustomersParams { limit: Some(10), ..Default::default() });
    let mut seen = Vec::new();
    for _ in 0..10 {
        seen.push(customers.try_next().await.unwrap().unwrap().id);
    }
    fault(&sandbox, json!({"method": "GET", "path": "/customers", "kind": "status", "status": 400}));
    assert!(matches!(customers.try_next().await, Err(Error::BadRequest(_))));
    while let Some(customer) = customers.try_next().await.unwrap() {
        seen.push(customer.id);
    }
    assert_eq!(seen.len(), 15);
}

#[tokio::test]
async fn payment_methods_and_payout_transactions_follow_every_page() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    let customer = client
        .customers()
        .create(&CreateCustomer { name: "Acme".into(), email: "billing@acme.com".into(), ..Default::default() })
        .await
        .unwrap();
    control(&sandbox, "POST", "/seed", json!({"payment_methods": {"customer_id": customer.id, "count": 24}}));
    let methods = client.customers().payment_methods(&customer.id).await.unwrap();
    assert_eq!(methods.len(), 25, "the default card and 24 more, over three pages of 10");
    assert_eq!(count(&sandbox, "GET", &format!("/customers/{}/payment-methods", customer.id)), 3);

    control(&sandbox, "POST", "/seed", json!({"transactions": 23}));
    let payout = control(&sandbox, "POST", "/payouts", json!({}));
    let payout_id = payout["id"].as_str().unwrap();
    let transactions = client.payouts().transactions(payout_id).await.unwrap();
    let mut ids: Vec<String> = transactions.into_iter().map(|t| t.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 23);
    assert_eq!(count(&sandbox, "GET", &format!("/payouts/{payout_id}/transactions")), 3);
}

#[tokio::test]
async fn a_zero_limit_is_refused_in_the_typed_api_before_any_request() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    let params = ListCustomersParams { limit: Some(0), ..Default::default() };
    let refused = client.customers().list_page(&params).await.unwrap_err();
    assert!(matches!(&refused, Error::InvalidArgument { argument, .. } if argument == "limit"), "{refused}");
    let mut stream = client.customers().list(params);
    assert!(matches!(stream.try_next().await, Err(Error::InvalidArgument { .. })));
    let users = client.customers().users("cus_1", PageParams { limit: Some(0), ..Default::default() });
    let users: Vec<_> = futures_util::StreamExt::collect(futures_util::StreamExt::take(users, 2)).await;
    assert!(users.iter().all(|r| matches!(r, Err(Error::InvalidArgument { .. }))));
    assert!(calls(&sandbox).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_reference_dialect_bad_credentials_validation_errors_and_filters() {
    let sandbox = sandbox(None);
    for (shapes, status) in [("reference", 403), ("guides", 401)] {
        control(&sandbox, "POST", "/config", json!({ "shapes": shapes }));
        let wrong = builder(&sandbox).client_secret("wrong").build().unwrap();
        match wrong.customers().get("cus_1").await {
            Err(Error::Authentication(details)) => assert_eq!(details.status, status),
            other => panic!("{shapes}: {other:?}"),
        }
    }
    control(&sandbox, "POST", "/config", json!({ "shapes": "reference" }));
    let client = client(&sandbox);
    let customer = client
        .customers()
        .create(&CreateCustomer { name: "Acme".into(), email: "billing@acme.com".into(), ..Default::default() })
        .await
        .unwrap();
    let refused = client
        .invoices()
        .create(&CreateInvoice {
            customer_id: customer.id,
            currency: "XYZ".into(),
            due_date: "2025-09-01".into(),
            line_items: vec![LineItem::new("Fee", 100, 1)],
        })
        .await
        .unwrap_err();
    match &refused {
        Error::UnprocessableEntity(details) => {
            assert_eq!(
                details.validation_errors.get("currency").map(String::as_str),
                Some("is not a supported currency")
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(refused.to_string().contains("currency: is not a supported currency"), "{refused}");
    let params = alternative_payments::ListPayoutsParams {
        status: Some("failed".into()),
        start_date: Some("2025-01-01T00:00:00Z".into()),
        ..Default::default()
    };
    assert!(client.payouts().list_page(&params).await.unwrap().data.is_empty());
    let sent = log(&sandbox)
        .into_iter()
        .filter(|r| r["path"] == "/payouts")
        .map(|r| r["query"].as_str().unwrap().to_string())
        .last();
    assert_eq!(sent.as_deref(), Some("start_date=2025-01-01T00%3A00%3A00Z&status=failed"));
}

#[tokio::test]
async fn webhook_subscriptions_and_events() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    let subscribe = |topic: &str| SubscribeWebhook {
        endpoint_url: "https://billing.example.com/hooks".into(),
        topic: topic.into(),
        secret_key: Some("whsec_sandbox_1234".into()),
    };
    let paid = client.webhooks().subscribe(&subscribe("invoice_paid")).await.unwrap();
    assert_eq!(paid.topic.as_deref(), Some("invoice_paid"));
    assert_eq!(paid.is_active, Some(true));
    assert_eq!(paid.secret_last_4_digits.as_deref(), Some("1234"));
    let created = client.webhooks().subscribe(&subscribe("customer_created")).await.unwrap();

    let all: Vec<_> = client
        .webhooks()
        .list(ListWebhooksParams { limit: Some(1), ..Default::default() })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.iter().map(|w| w.id.clone()).collect::<Vec<_>>(), [paid.id.clone(), created.id.clone()]);
    let only =
        ListWebhooksParams { topic: Some("customer_created".into()), is_active: Some(true), ..Default::default() };
    assert_eq!(client.webhooks().list_page(&only).await.unwrap().data, vec![created.clone()]);

    let customer = client.customers().create(&acme()).await.unwrap();
    let events: Vec<_> = client.webhooks().events(ListWebhookEventsParams::default()).try_collect().await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].topic.as_deref(), Some("customer_created"));
    assert_eq!(events[0].extra["data"]["id"], customer.id.as_str());

    let removed = client.webhooks().unsubscribe(&created.id).await.unwrap();
    assert_eq!(removed.id, created.id);
    assert!(matches!(client.webhooks().unsubscribe(&created.id).await, Err(Error::NotFound(_))));

    let refused = client
        .webhooks()
        .subscribe(&SubscribeWebhook { endpoint_url: "http://plain.example.com".into(), ..subscribe("invoice_paid") })
        .await;
    assert!(
        matches!(refused, Err(Error::InvalidArgument { ref argument, .. }) if argument == "endpoint_url"),
        "{refused:?}"
    );
    match client.webhooks().subscribe(&subscribe("not_a_topic")).await {
        Err(Error::UnprocessableEntity(details)) => {
            assert!(details.validation_errors.contains_key("topic"))
        }
        other => panic!("{other:?}"),
    }
    let log = log(&sandbox);
    let posts = log.iter().filter(|r| r["method"] == "POST" && r["path"] == "/webhooks").count();
    assert_eq!(posts, 3, "the plain-HTTP endpoint was refused before sending");
    assert!(log.iter().any(|r| r["path"] == "/webhooks" && r["query"].as_str().unwrap().contains("is_active=true")));
}

#[tokio::test]
async fn payouts_are_reconciled_page_by_page_and_what_does_not_add_up_is_reported() {
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    let mut payout_ids = Vec::new();
    for _ in 0..3 {
        control(&sandbox, "POST", "/seed", json!({"transactions": 2}));
        payout_ids.push(control(&sandbox, "POST", "/payouts", json!({}))["id"].as_str().unwrap().to_string());
    }
    let by_two = alternative_payments::ListPayoutsParams { limit: Some(2), ..Default::default() };
    let all: Vec<_> = client.payouts().reconcile(by_two.clone()).try_collect().await.unwrap();
    assert_eq!(all.iter().map(|r| r.payout.id.clone()).collect::<Vec<_>>(), payout_ids, "every page, in order");
    for reconciled in &all {
        assert!(reconciled.balanced, "{:?}", reconciled.discrepancies);
        assert_eq!(reconciled.transactions.len(), 2);
        assert_eq!(reconciled.transactions_total.as_ref().map(Money::as_str), Some("2000"));
        assert_eq!(reconciled.fees_total.as_str(), "58.6", "two card fees of 29.3");
    }
    // The API sends a payout whose transactions do not add up: reported, not hidden.
    let body = json!({"transactions": [{"id": "txn_x", "total": 1000}]}).to_string();
    let path = format!("/payouts/{}/transactions", payout_ids[1]);
    fault(&sandbox, json!({"kind": "body", "status": 200, "body": body, "method": "GET", "path": path}));
    let page = client.payouts().reconcile_page(&by_two).await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert!(page.has_next_page);
    assert!(page.data[0].balanced);
    assert!(!page.data[1].balanced);
    assert!(page.data[1].discrepancies[0].contains("add up to 1000"), "{:?}", page.data[1].discrepancies);
}

#[tokio::test]
async fn every_request_names_the_sdk_and_asks_for_json() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).user_agent("billing-app/2.1").build().unwrap();
    client.customers().create(&acme()).await.unwrap();
    client.customers().list_page(&ListCustomersParams::default()).await.unwrap();
    let requests = log(&sandbox);
    assert_eq!(requests.len(), 3, "{requests:?}"); // the token, then the two calls
    for entry in &requests {
        assert_eq!(entry["user_agent"], "billing-app/2.1", "{entry}");
        assert_eq!(entry["accept"], "application/json", "{entry}");
    }
    let default = builder(&sandbox).build().unwrap();
    default.customers().list_page(&ListCustomersParams::default()).await.unwrap();
    let agent = log(&sandbox).last().unwrap()["user_agent"].as_str().unwrap().to_string();
    assert!(agent.starts_with("alternative-payments-rust/"), "{agent}");
}

#[test]
fn a_user_agent_that_cannot_be_a_header_is_refused_when_the_client_is_made() {
    let err = alternative_payments::ClientBuilder::new()
        .client_id("id")
        .client_secret("secret")
        .user_agent("billing\napp")
        .build()
        .unwrap_err();
    assert!(matches!(&err, Error::Configuration { setting, .. } if setting == "user_agent"), "{err:?}");
}

#[tokio::test]
async fn items_of_the_page_in_hand_are_taken_without_a_request() {
    let sandbox = sandbox(None);
    let client = builder(&sandbox).build().unwrap();
    let mut ids = Vec::new();
    for n in 0..3 {
        let customer = CreateCustomer { name: format!("C{n}"), email: format!("c{n}@x.test"), external_id: None };
        ids.push(client.customers().create(&customer).await.unwrap().id);
    }
    let lists = || log(&sandbox).iter().filter(|r| r["method"] == "GET" && r["path"] == "/customers").count();
    let mut pages = alternative_payments::operations::list(&client, "customers.list", json!({"limit": 2})).unwrap();
    assert!(pages.take_buffered().is_none(), "nothing fetched yet");
    assert_eq!(pages.next_item().await.unwrap().unwrap()["id"], ids[0].as_str());
    assert_eq!(pages.take_buffered().unwrap().unwrap()["id"], ids[1].as_str());
    assert!(pages.take_buffered().is_none());
    assert_eq!(lists(), 1);
    assert_eq!(pages.next_item().await.unwrap().unwrap()["id"], ids[2].as_str());
    assert_eq!(lists(), 2);

    // The blocking iterator takes buffered items on the caller's thread: same items, same order.
    let blocking = alternative_payments::blocking::Client::new(&builder(&sandbox)).unwrap();
    let listed = std::thread::spawn(move || {
        let params = ListCustomersParams { limit: Some(2), ..Default::default() };
        blocking.customers().list(params).map(|c| c.unwrap().id).collect::<Vec<_>>()
    })
    .join()
    .unwrap();
    assert_eq!(listed, ids);
}
