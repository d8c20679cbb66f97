//! Every operation of the API by name, with JSON arguments and JSON results: the one entry
//! point the Python and Node bindings (and the conformance runners) call, so that argument
//! checking, decoding and paging live here once and a binding only converts values.
//!
//! Names are `resource.method` as in SPEC §7 (`customers.create`, `invoices.list_page`, ...).
//! Arguments are a JSON object with the API's snake_case names; ids go in `id`. Results are
//! the typed models serialized back to JSON, so amounts are always integers and every field
//! the server sent is kept.
//!
//! ```no_run
//! # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
//! use serde_json::json;
//! let customer = alternative_payments::operations::call(
//!     &client,
//!     "customers.create",
//!     json!({"name": "Acme Inc.", "email": "billing@acme.com"}),
//! )
//! .await?;
//! println!("{}", customer["id"]);
//! # Ok(()) }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::models::{LineItem, Money};
use crate::pagination::{Page, Paginator};
use crate::validate::integer_from_f64;
use crate::{
    Client, CreateCustomer, CreateCustomerUser, CreateInvoice, CreatePaymentRequest, ListCustomersParams,
    ListInvoicesParams, ListPayoutsParams, ListTransactionsParams, ListWebhookEventsParams, ListWebhooksParams,
    PageParams, SubscribeWebhook, WaitOptions,
};

/// Operations answered with one value, by [`call`].
pub const CALLS: &[&str] = &[
    "customers.list_page",
    "customers.create",
    "customers.get",
    "customers.archive",
    "customers.payment_methods",
    "customers.users_page",
    "customers.create_user",
    "invoices.list_page",
    "invoices.create",
    "invoices.get",
    "invoices.archive",
    "invoices.payment_link",
    "invoices.pdf_link",
    "payment_requests.create",
    "payment_requests.get",
    "payment_requests.wait",
    "transactions.list_page",
    "payouts.list_page",
    "payouts.get",
    "payouts.transactions",
    "webhooks.list_page",
    "webhooks.subscribe",
    "webhooks.unsubscribe",
    "webhooks.events_page",
];

/// Operations answered with a lazy list, by [`list`].
pub const LISTS: &[&str] = &[
    "customers.list",
    "customers.users",
    "invoices.list",
    "transactions.list",
    "payouts.list",
    "webhooks.list",
    "webhooks.events",
];

/// Runs the operation `name` with JSON `args` and returns its JSON result. Every argument is
/// checked (types, unknown names) before anything is sent.
pub async fn call(client: &Client, name: &str, args: Value) -> Result<Value> {
    Operation::parse(name, args)?.run(client).await
}

/// Checks the arguments of `name` without sending anything (what [`call`] does first).
pub fn check_arguments(name: &str, args: Value) -> Result<()> {
    Operation::parse(name, args).map(|_| ())
}

/// One operation with its checked arguments.
enum Operation {
    CustomersListPage(ListCustomersParams),
    CustomersCreate(CreateCustomer),
    CustomersGet(String),
    CustomersArchive(String),
    CustomersPaymentMethods(String),
    CustomersUsersPage(String, PageParams),
    CustomersCreateUser(String, CreateCustomerUser),
    InvoicesListPage(ListInvoicesParams),
    InvoicesCreate(CreateInvoice),
    InvoicesGet(String),
    InvoicesArchive(String),
    InvoicesPaymentLink(String),
    InvoicesPdfLink(String),
    PaymentRequestsCreate(CreatePaymentRequest),
    PaymentRequestsGet(String),
    PaymentRequestsWait(String, WaitOptions),
    TransactionsListPage(ListTransactionsParams),
    PayoutsListPage(ListPayoutsParams),
    PayoutsGet(String),
    PayoutsTransactions(String),
    WebhooksListPage(ListWebhooksParams),
    WebhooksSubscribe(SubscribeWebhook),
    WebhooksUnsubscribe(String),
    WebhooksEventsPage(ListWebhookEventsParams),
}

impl Operation {
    fn parse(name: &str, args: Value) -> Result<Operation> {
        use Operation::*;
        let mut args = Args::new(name, args)?;
        let operation = match name {
            "customers.list_page" => CustomersListPage(customer_filters(&mut args)?),
            "customers.create" => CustomersCreate(CreateCustomer {
                name: args.string("name")?,
                email: args.string("email")?,
                external_id: args.optional_string("external_id")?,
            }),
            "customers.get" => CustomersGet(args.string("id")?),
            "customers.archive" => CustomersArchive(args.string("id")?),
            "customers.payment_methods" => CustomersPaymentMethods(args.string("id")?),
            "customers.users_page" => CustomersUsersPage(args.string("id")?, page_params(&mut args)?),
            "customers.create_user" => CustomersCreateUser(
                args.string("id")?,
                CreateCustomerUser {
                    email: args.string("email")?,
                    first_name: args.optional_string("first_name")?,
                    last_name: args.optional_string("last_name")?,
                },
            ),
            "invoices.list_page" => InvoicesListPage(invoice_filters(&mut args)?),
            "invoices.create" => InvoicesCreate(CreateInvoice {
                customer_id: args.string("customer_id")?,
                currency: args.string("currency")?,
                due_date: args.string("due_date")?,
                line_items: args.line_items("line_items")?,
            }),
            "invoices.get" => InvoicesGet(args.string("id")?),
            "invoices.archive" => InvoicesArchive(args.string("id")?),
            "invoices.payment_link" => InvoicesPaymentLink(args.string("id")?),
            "invoices.pdf_link" => InvoicesPdfLink(args.string("id")?),
            "payment_requests.create" => PaymentRequestsCreate(CreatePaymentRequest {
                amount: args.integer("amount")?,
                currency: args.string("currency")?,
                redirect_url: args.string("redirect_url")?,
                reference_id: args.optional_string("reference_id")?,
            }),
            "payment_requests.get" => PaymentRequestsGet(args.string("id")?),
            "payment_requests.wait" => {
                let defaults = WaitOptions::default();
                PaymentRequestsWait(
                    args.string("id")?,
                    WaitOptions {
                        timeout: args.duration_ms("timeout_ms")?.unwrap_or(defaults.timeout),
                        poll_interval: args.duration_ms("poll_interval_ms")?.unwrap_or(defaults.poll_interval),
                    },
                )
            }
            "transactions.list_page" => TransactionsListPage(transaction_filters(&mut args)?),
            "payouts.list_page" => PayoutsListPage(payout_filters(&mut args)?),
            "payouts.get" => PayoutsGet(args.string("id")?),
            "payouts.transactions" => PayoutsTransactions(args.string("id")?),
            "webhooks.list_page" => WebhooksListPage(webhook_filters(&mut args)?),
            "webhooks.subscribe" => WebhooksSubscribe(SubscribeWebhook {
                endpoint_url: args.string("endpoint_url")?,
                topic: args.string("topic")?,
                secret_key: args.optional_string("secret_key")?,
            }),
            "webhooks.unsubscribe" => WebhooksUnsubscribe(args.string("subscription_id")?),
            "webhooks.events_page" => WebhooksEventsPage(webhook_event_filters(&mut args)?),
            _ if LISTS.contains(&name) => {
                return Err(Error::invalid("operation", format!("{name} is a lazy list: use operations::list")))
            }
            _ => return Err(Error::invalid("operation", format!("unknown operation {name:?}"))),
        };
        args.finish()?;
        Ok(operation)
    }

    async fn run(self, client: &Client) -> Result<Value> {
        use Operation::*;
        match self {
            CustomersListPage(params) => json(client.customers().list_page(&params).await),
            CustomersCreate(params) => json(client.customers().create(&params).await),
            CustomersGet(id) => json(client.customers().get(&id).await),
            CustomersArchive(id) => json(client.customers().archive(&id).await),
            CustomersPaymentMethods(id) => json(client.customers().payment_methods(&id).await),
            CustomersUsersPage(id, params) => json(client.customers().users_page(&id, &params).await),
            CustomersCreateUser(id, params) => json(client.customers().create_user(&id, &params).await),
            InvoicesListPage(params) => json(client.invoices().list_page(&params).await),
            InvoicesCreate(params) => json(client.invoices().create(&params).await),
            InvoicesGet(id) => json(client.invoices().get(&id).await),
            InvoicesArchive(id) => json(client.invoices().archive(&id).await),
            InvoicesPaymentLink(id) => json(client.invoices().payment_link(&id).await),
            InvoicesPdfLink(id) => json(client.invoices().pdf_link(&id).await),
            PaymentRequestsCreate(params) => json(client.payment_requests().create(&params).await),
            PaymentRequestsGet(id) => json(client.payment_requests().get(&id).await),
            PaymentRequestsWait(id, options) => json(client.payment_requests().wait(&id, options).await),
            TransactionsListPage(params) => json(client.transactions().list_page(&params).await),
            PayoutsListPage(params) => json(client.payouts().list_page(&params).await),
            PayoutsGet(id) => json(client.payouts().get(&id).await),
            PayoutsTransactions(id) => json(client.payouts().transactions(&id).await),
            WebhooksListPage(params) => json(client.webhooks().list_page(&params).await),
            WebhooksSubscribe(params) => json(client.webhooks().subscribe(&params).await),
            WebhooksUnsubscribe(id) => json(client.webhooks().unsubscribe(&id).await),
            WebhooksEventsPage(params) => json(client.webhooks().events_page(&params).await),
        }
    }
}

/// Starts the lazy list `name` with JSON `args`; nothing is fetched until it is read.
pub fn list(client: &Client, name: &str, args: Value) -> Result<ValuePaginator> {
    let mut args = Args::new(name, args)?;
    let paginator = match name {
        "customers.list" => ValuePaginator::new(client.customers().paginator(&customer_filters(&mut args)?)),
        "customers.users" => {
            let id = args.string("id")?;
            ValuePaginator::new(client.customers().users_paginator(&id, &page_params(&mut args)?)?)
        }
        "invoices.list" => ValuePaginator::new(client.invoices().paginator(&invoice_filters(&mut args)?)),
        "transactions.list" => ValuePaginator::new(client.transactions().paginator(&transaction_filters(&mut args)?)),
        "payouts.list" => ValuePaginator::new(client.payouts().paginator(&payout_filters(&mut args)?)),
        "webhooks.list" => ValuePaginator::new(client.webhooks().paginator(&webhook_filters(&mut args)?)),
        "webhooks.events" => {
            ValuePaginator::new(client.webhooks().events_paginator(&webhook_event_filters(&mut args)?))
        }
        _ => return Err(Error::invalid("operation", format!("{name:?} is not a list operation"))),
    };
    args.finish()?;
    Ok(paginator)
}

fn json<T: Serialize>(result: Result<T>) -> Result<Value> {
    let value = result?;
    serde_json::to_value(value).map_err(|err| Error::decode(200, format!("could not re-encode the answer: {err}"), b""))
}

fn page_params(args: &mut Args) -> Result<PageParams> {
    Ok(PageParams {
        limit: args.limit()?,
        after: args.optional_string("after")?,
        before: args.optional_string("before")?,
    })
}

fn customer_filters(args: &mut Args) -> Result<ListCustomersParams> {
    let page = page_params(args)?;
    Ok(ListCustomersParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        company_name: args.optional_string("company_name")?,
        created_at_start: args.optional_string("created_at_start")?,
        created_at_end: args.optional_string("created_at_end")?,
    })
}

fn invoice_filters(args: &mut Args) -> Result<ListInvoicesParams> {
    let page = page_params(args)?;
    Ok(ListInvoicesParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        status: args.optional_string("status")?,
        customer_id: args.optional_string("customer_id")?,
        created_at_start: args.optional_string("created_at_start")?,
        created_at_end: args.optional_string("created_at_end")?,
        due_date_start: args.optional_string("due_date_start")?,
        due_date_end: args.optional_string("due_date_end")?,
    })
}

fn transaction_filters(args: &mut Args) -> Result<ListTransactionsParams> {
    let page = page_params(args)?;
    Ok(ListTransactionsParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        status: args.optional_string("status")?,
        kind: args.optional_string("type")?,
        payment_method: args.optional_string("payment_method")?,
        invoice_id: args.optional_string("invoice_id")?,
        customer_id: args.optional_string("customer_id")?,
        created_at_start: args.optional_string("created_at_start")?,
        created_at_end: args.optional_string("created_at_end")?,
    })
}

fn payout_filters(args: &mut Args) -> Result<ListPayoutsParams> {
    let page = page_params(args)?;
    Ok(ListPayoutsParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        status: args.optional_string("status")?,
        customer_id: args.optional_string("customer_id")?,
        invoice_id: args.optional_string("invoice_id")?,
        start_date: args.optional_string("start_date")?,
        end_date: args.optional_string("end_date")?,
    })
}

fn webhook_filters(args: &mut Args) -> Result<ListWebhooksParams> {
    let page = page_params(args)?;
    Ok(ListWebhooksParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        topic: args.optional_string("topic")?,
        is_active: args.optional_bool("is_active")?,
    })
}

fn webhook_event_filters(args: &mut Args) -> Result<ListWebhookEventsParams> {
    let page = page_params(args)?;
    Ok(ListWebhookEventsParams {
        limit: page.limit,
        after: page.after,
        before: page.before,
        topic: args.optional_string("topic")?,
        status: args.optional_string("status")?,
    })
}

/// The arguments of one operation: taken one by one, each checked for its type; any left
/// over at the end is an unknown argument.
struct Args {
    fields: Map<String, Value>,
}

impl Args {
    fn new(operation: &str, args: Value) -> Result<Args> {
        match args {
            Value::Object(fields) => Ok(Args { fields }),
            Value::Null => Ok(Args { fields: Map::new() }),
            other => Err(Error::invalid("arguments", format!("{operation} takes an object of arguments, not {other}"))),
        }
    }

    /// Removes `name`, treating null as absent.
    fn take(&mut self, name: &str) -> Option<Value> {
        self.fields.remove(name).filter(|v| !v.is_null())
    }

    fn string(&mut self, name: &str) -> Result<String> {
        self.optional_string(name)?.ok_or_else(|| Error::invalid(name, "is required"))
    }

    fn optional_string(&mut self, name: &str) -> Result<Option<String>> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::invalid(name, format!("must be a string, not {}", kind(&other)))),
        }
    }

    fn optional_bool(&mut self, name: &str) -> Result<Option<bool>> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(Error::invalid(name, format!("must be a boolean, not {}", kind(&other)))),
        }
    }

    fn integer(&mut self, name: &str) -> Result<i64> {
        let value = self.take(name).ok_or_else(|| Error::invalid(name, "is required"))?;
        integer(name, &value)
    }

    /// An amount: a JSON number or a string holding a decimal (Python's `Decimal` arrives so).
    fn money(&mut self, name: &str) -> Result<Money> {
        let value = self.take(name).ok_or_else(|| Error::invalid(name, "is required"))?;
        let parsed = match &value {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Ok(Money::from(i)),
                (None, _) if n.is_u64() => n.to_string().parse(),
                (None, Some(f)) => Money::from_f64(f),
                (None, None) => n.to_string().parse(),
            },
            Value::String(text) => text.parse(),
            other => return Err(Error::invalid(name, format!("must be a number, not {}", kind(other)))),
        };
        parsed.map_err(|err| rename(err, name))
    }

    fn limit(&mut self) -> Result<Option<u32>> {
        let Some(value) = self.take("limit") else {
            return Ok(None);
        };
        let limit = integer("limit", &value)?;
        u32::try_from(limit)
            .ok()
            .filter(|l| *l > 0)
            .map(Some)
            .ok_or_else(|| Error::invalid("limit", "must be a positive integer"))
    }

    fn duration_ms(&mut self, name: &str) -> Result<Option<Duration>> {
        let Some(value) = self.take(name) else {
            return Ok(None);
        };
        let ms = integer(name, &value)?;
        u64::try_from(ms)
            .map(|ms| Some(Duration::from_millis(ms)))
            .map_err(|_| Error::invalid(name, "must not be negative"))
    }

    fn line_items(&mut self, name: &str) -> Result<Vec<LineItem>> {
        let Some(Value::Array(items)) = self.take(name) else {
            return Err(Error::invalid(name, "is required: a list of {description, amount, quantity}"));
        };
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| {
                let mut fields = Args::new(&format!("{name}[{index}]"), item)?;
                let prefix = |field: &str| format!("{name}[{index}].{field}");
                let item = LineItem {
                    description: fields
                        .optional_string("description")
                        .map_err(|e| rename(e, &prefix("description")))?
                        .unwrap_or_default(),
                    amount: fields.money("amount").map_err(|e| rename(e, &prefix("amount")))?,
                    quantity: fields.integer("quantity").map_err(|e| rename(e, &prefix("quantity")))?,
                };
                fields.finish().map_err(|e| rename(e, name))?;
                Ok(item)
            })
            .collect()
    }

    fn finish(self) -> Result<()> {
        match self.fields.keys().next() {
            None => Ok(()),
            Some(unknown) => Err(Error::invalid(unknown, "is not an argument of this operation")),
        }
    }
}

fn rename(error: Error, argument: &str) -> Error {
    match error {
        Error::InvalidArgument { message, .. } => Error::invalid(argument, message),
        other => other,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An integer argument: a JSON integer, or a float holding an exact integer (JavaScript).
fn integer(name: &str, value: &Value) -> Result<i64> {
    match value {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(i),
            (None, Some(f)) => integer_from_f64(name, f),
            (None, None) => Err(Error::invalid(name, format!("{n} is out of range"))),
        },
        other => Err(Error::invalid(name, format!("must be an integer, not {}", kind(other)))),
    }
}

type PageFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Page<Value>>>> + Send + 'a>>;
type ItemFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Value>>> + Send + 'a>>;

/// A [`Paginator`] of any model, handing out JSON.
trait ErasedPaginator: Send {
    fn next_page(&mut self) -> PageFuture<'_>;
    fn next_item(&mut self) -> ItemFuture<'_>;
}

impl<T: serde::de::DeserializeOwned + Serialize + Send + 'static> ErasedPaginator for Paginator<T> {
    fn next_page(&mut self) -> PageFuture<'_> {
        Box::pin(async move {
            let Some(page) = Paginator::next_page(self).await? else {
                return Ok(None);
            };
            let data = page.data.iter().map(serde_json::to_value).collect::<std::result::Result<_, _>>();
            let data = data.map_err(|err| Error::decode(200, err.to_string(), b""))?;
            Ok(Some(Page {
                data,
                has_next_page: page.has_next_page,
                has_previous_page: page.has_previous_page,
                start_cursor: page.start_cursor,
                end_cursor: page.end_cursor,
            }))
        })
    }

    fn next_item(&mut self) -> ItemFuture<'_> {
        Box::pin(async move {
            match Paginator::next_item(self).await? {
                Some(item) => {
                    serde_json::to_value(item).map(Some).map_err(|err| Error::decode(200, err.to_string(), b""))
                }
                None => Ok(None),
            }
        })
    }
}

/// A lazy list handing out JSON items or pages (see [`list`]).
pub struct ValuePaginator {
    inner: Box<dyn ErasedPaginator>,
}

impl ValuePaginator {
    fn new<T: serde::de::DeserializeOwned + Serialize + Send + 'static>(paginator: Paginator<T>) -> Self {
        ValuePaginator { inner: Box::new(paginator) }
    }

    /// The next page, or `None` after the last.
    pub async fn next_page(&mut self) -> Result<Option<Page<Value>>> {
        self.inner.next_page().await
    }

    /// The next item, fetching a page when the current one is used up.
    pub async fn next_item(&mut self) -> Result<Option<Value>> {
        self.inner.next_item().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_are_checked_by_name() {
        let mut args =
            Args::new("x", json!({"id": 5, "amount": 12.5, "big": 1e300, "ok": 9007199254740991.0})).unwrap();
        assert!(matches!(args.string("id"), Err(Error::InvalidArgument { argument, .. }) if argument == "id"));
        assert!(matches!(args.integer("amount"), Err(Error::InvalidArgument { argument, .. }) if argument == "amount"));
        assert!(args.integer("big").is_err());
        assert_eq!(args.integer("ok").unwrap(), 9_007_199_254_740_991);
        assert!(
            matches!(args.string("missing"), Err(Error::InvalidArgument { message, .. }) if message == "is required")
        );
        assert!(Args::new("x", json!([1])).is_err());
        let leftover = Args::new("x", json!({"typo": 1})).unwrap();
        assert!(matches!(leftover.finish(), Err(Error::InvalidArgument { argument, .. }) if argument == "typo"));
    }

    #[test]
    fn line_items_name_the_bad_field() {
        let mut args = Args::new("x", json!({"line_items": [{"description": "a", "amount": 1, "quantity": 1},
            {"description": "b", "amount": 12.5, "quantity": 1}, {"description": "c", "amount": "-0.25", "quantity": 2}]}))
        .unwrap();
        let items = args.line_items("line_items").unwrap();
        let amounts: Vec<String> = items.iter().map(|item| item.amount.to_string()).collect();
        assert_eq!(amounts, ["1", "12.5", "-0.25"]);
        let mut args = Args::new(
            "x",
            json!({"line_items": [{"description": "a", "amount": 1, "quantity": 1},
            {"description": "b", "amount": "ten", "quantity": 1}]}),
        )
        .unwrap();
        match args.line_items("line_items") {
            Err(Error::InvalidArgument { argument, .. }) => {
                assert_eq!(argument, "line_items[1].amount")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_operation_is_listed_once() {
        let mut all: Vec<_> = CALLS.iter().chain(LISTS).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), CALLS.len() + LISTS.len());
        assert_eq!(all.len(), 31, "SPEC §7 has 25 methods; the reference adds 6 for webhooks");
    }
}
