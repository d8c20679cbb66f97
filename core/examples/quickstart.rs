//! The whole flow against the sandbox (or the real API with real credentials):
//!
//! ```text
//! ALTERNATIVE_PAYMENTS_BASE_URL=http://127.0.0.1:8080 \
//! ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
//! ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret \
//! cargo run -p alternative-payments --example quickstart
//! ```

use std::time::Duration;

use alternative_payments::{
    Client, CreateCustomer, CreateCustomerUser, CreateInvoice, CreatePaymentRequest, Error, LineItem,
    ListTransactionsParams, WaitOptions,
};
use futures_util::TryStreamExt;

/// An optional field for printing.
fn show<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(T::to_string).unwrap_or_else(|| "-".into())
}

/// Calls a sandbox control endpoint (only the sandbox has them).
async fn sandbox_control(base_url: &str, path: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let response = reqwest::Client::new().post(format!("{base_url}/_sandbox{path}")).send().await?;
    Ok(serde_json::from_slice(&response.bytes().await?)?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let base_url = client.config().base_url().to_string();
    let sandbox = base_url.starts_with("http://");

    let customer = client
        .customers()
        .create(&CreateCustomer {
            name: "Acme Inc.".into(),
            email: "billing@acme.com".into(),
            external_id: Some("acme-001".into()),
        })
        .await?;
    println!("customer      {} {}", customer.id, customer.name.as_deref().unwrap_or_default());
    let user = client
        .customers()
        .create_user(
            &customer.id,
            &CreateCustomerUser {
                email: "jane@acme.com".into(),
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
            },
        )
        .await?;
    println!("user          {} {}", user.id, user.email.as_deref().unwrap_or_default());
    for method in client.customers().payment_methods(&customer.id).await? {
        println!(
            "payment method {} {} {} ****{}",
            method.id,
            show(&method.kind),
            show(&method.brand),
            show(&method.last4)
        );
    }

    let invoice = client
        .invoices()
        .create(&CreateInvoice {
            customer_id: customer.id.clone(),
            currency: "USD".into(),
            due_date: "2025-09-01".into(),
            line_items: vec![LineItem::new("August MSP Fee", 150_000, 1)],
        })
        .await?;
    // The reference's `total`, or the guides' `amount`: money exactly as the server sent it.
    let total = invoice.total.as_ref().or(invoice.amount.as_ref()).map(|m| m.to_string()).unwrap_or_default();
    println!("invoice       {} {} total {} USD", invoice.id, show(&invoice.status), total);
    println!("payment link  {}", client.invoices().payment_link(&invoice.id).await?);
    println!("pdf link      {}", client.invoices().pdf_link(&invoice.id).await?);

    let request = client
        .payment_requests()
        .create(&CreatePaymentRequest {
            amount: 5000,
            currency: "USD".into(),
            redirect_url: "https://yourapp.com/success".into(),
            reference_id: Some("quote-987".into()),
        })
        .await?;
    println!("payment req   {} {} {}", request.id, show(&request.status), show(&request.url));
    if sandbox {
        sandbox_control(&base_url, &format!("/payment-requests/{}/pay", request.id)).await?;
        let options = WaitOptions { timeout: Duration::from_secs(30), poll_interval: Duration::from_millis(500) };
        let paid = client.payment_requests().wait(&request.id, &options).await?;
        println!("settled       {} {}", paid.id, show(&paid.status));
    }

    let mut transactions = client.transactions().list(ListTransactionsParams { limit: Some(50), ..Default::default() });
    while let Some(transaction) = transactions.try_next().await? {
        println!("transaction   {} {} {}", transaction.id, show(&transaction.status), show(&transaction.total));
    }
    match client.customers().get("cus_does_not_exist").await {
        Err(Error::NotFound(details)) => {
            println!("not found     status={} request_id={}", details.status, show(&details.request_id))
        }
        other => println!("unexpected    {other:?}"),
    }

    if sandbox {
        let payout = sandbox_control(&base_url, "/payouts").await?;
        let id = payout["id"].as_str().unwrap_or_default();
        let payout = client.payouts().get(id).await?;
        println!("payout        {} {} {}", payout.id, show(&payout.status), show(&payout.total));
        for transaction in client.payouts().transactions(id).await? {
            println!("  paid out    {} {}", transaction.id, show(&transaction.total));
        }
    } else {
        let mut payouts = client.payouts().list(Default::default());
        while let Some(payout) = payouts.try_next().await? {
            println!("payout        {} {} {}", payout.id, show(&payout.status), show(&payout.total));
        }
    }
    println!("done");
    Ok(())
}
