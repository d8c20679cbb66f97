//! Every operation of the API, declared once: its name, HTTP route, argument struct and the
//! core call it makes. The JSON entry point that the Python and Node bindings (and the
//! conformance runners) call is derived from the declaration, so that argument checking,
//! decoding and paging live here once and a binding only converts values; the bindings' parity
//! tests compare their methods with [`SPECS`].
//!
//! Names are `resource.method` (`customers.create`, `invoices.list_page`, ...). Arguments are a
//! JSON object with the API's snake_case names (ids go in `id`), read by serde into the
//! operation's argument struct: a missing, unknown or mistyped argument is an
//! [`Error::InvalidArgument`] naming it (`line_items[1].amount`). Results are the typed models
//! serialized back to JSON, so every field the server sent is kept.
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

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::blocking::Pages;
use crate::error::{Error, Result};
use crate::models::{
    Customer, CustomerUser, Invoice, LineItem, Money, PaymentMethod, PaymentRequest, Payout, Transaction, WebhookEvent,
    WebhookSubscription,
};
use crate::pagination::Page;
use crate::reconcile::Reconciliation;
use crate::{
    Client, CreateCustomer, CreateCustomerUser, CreateInvoice, CreatePaymentRequest, ListCustomersParams,
    ListInvoicesParams, ListPayoutsParams, ListTransactionsParams, ListWebhookEventsParams, ListWebhooksParams,
    PageParams, SubscribeWebhook, WaitOptions,
};

/// What the bindings and the docs know of one operation.
#[derive(Clone, Copy, Debug)]
pub struct OperationSpec {
    /// `resource.method`, e.g. `customers.create`.
    pub name: &'static str,
    /// The HTTP route, e.g. `POST /customers`.
    pub route: &'static str,
    /// True for a lazy list (started by [`list`]), false for one answer (from [`call`]).
    pub lazy_list: bool,
    /// What it does (the first line of its documentation).
    pub summary: &'static str,
    /// What it answers (for a lazy list: each item), as the core's type, e.g. `Page<Customer>`.
    pub returns: &'static str,
    arguments: fn() -> &'static [&'static str],
}

impl OperationSpec {
    /// The names of its arguments, as the JSON entry point takes them.
    pub fn arguments(&self) -> &'static [&'static str] {
        (self.arguments)()
    }
}

/// Declares every operation once; derives [`SPECS`], [`CALLS`], [`LISTS`], [`call`],
/// [`check_arguments`] and [`list`] from the declaration.
macro_rules! operations {
    (
        calls { $( $call:literal $call_route:literal ($CallArgs:ty) -> $Ret:ty, $call_summary:literal => |$c:ident, $a:ident| $run:expr; )* }
        lists { $( $list:literal $list_route:literal ($ListArgs:ty) -> $Item:ty, $list_summary:literal => |$lc:ident, $la:ident| $start:expr; )* }
    ) => {
        /// Every operation, in the order of the API docs.
        pub const SPECS: &[OperationSpec] = &[
            $( OperationSpec {
                name: $call, route: $call_route, lazy_list: false, summary: $call_summary,
                returns: stringify!($Ret), arguments: arguments_of::<$CallArgs>,
            }, )*
            $( OperationSpec {
                name: $list, route: $list_route, lazy_list: true, summary: $list_summary,
                returns: stringify!($Item), arguments: arguments_of::<$ListArgs>,
            }, )*
        ];

        /// Operations answered with one value, by [`call`].
        pub const CALLS: &[&str] = &[$($call),*];

        /// Operations answered with a lazy list, by [`list`].
        pub const LISTS: &[&str] = &[$($list),*];

        /// Runs the operation `name` with JSON `args` and returns its JSON result. Every
        /// argument is checked (types, unknown names) before anything is sent.
        pub async fn call(client: &Client, name: &str, args: Value) -> Result<Value> {
            call_as(client, name, args).await
        }

        /// [`call`], answering in the form `J`: a [`Value`], or the JSON text (a `String`,
        /// which a binding hands to its language's own JSON parser in one step).
        pub async fn call_as<J: Encoded>(client: &Client, name: &str, args: Value) -> Result<J> {
            match name {
                $( $call => {
                    let $a: $CallArgs = arguments(args)?;
                    let $c = client;
                    let answer: Result<$Ret> = $run.await;
                    J::encode(&answer?)
                } )*
                _ => Err(unknown(name, true)),
            }
        }

        /// Checks the arguments of `name` without sending anything (what [`call`] and
        /// [`list`] do first).
        pub fn check_arguments(name: &str, args: Value) -> Result<()> {
            match name {
                $( $call => arguments::<$CallArgs>(args).map(|_| ()), )*
                $( $list => arguments::<$ListArgs>(args).map(|_| ()), )*
                _ => Err(unknown(name, true)),
            }
        }

        /// Starts the lazy list `name` with JSON `args`; nothing is fetched until it is read.
        pub fn list(client: &Client, name: &str, args: Value) -> Result<ValuePaginator> {
            match name {
                $( $list => {
                    let $la: $ListArgs = arguments(args)?;
                    let $lc = client;
                    let pages = $start?;
                    lists_of::<$Item, _>(&pages);
                    Ok(ValuePaginator::new(pages))
                } )*
                _ => Err(unknown(name, false)),
            }
        }

        /// The JSON Schema of the arguments of `name` (types, which are required, their
        /// documentation), for the generator of the bindings (tools/generate).
        #[cfg(feature = "schema")]
        pub fn argument_schema(name: &str) -> Option<Value> {
            match name {
                $( $call => Some(schemars::schema_for!($CallArgs).to_value()), )*
                $( $list => Some(schemars::schema_for!($ListArgs).to_value()), )*
                _ => None,
            }
        }

        /// The JSON Schema of what `name` answers (for a lazy list: of each item), with the
        /// models it holds in `$defs`, for the generator of the bindings' models.
        #[cfg(feature = "schema")]
        pub fn result_schema(name: &str) -> Option<Value> {
            match name {
                $( $call => Some(schemars::schema_for!($Ret).to_value()), )*
                $( $list => Some(schemars::schema_for!($Item).to_value()), )*
                _ => None,
            }
        }
    };
}

operations! {
    calls {
        "customers.list_page" "GET /customers" (ListCustomersParams) -> Page<Customer>, "One page of customers."
            => |c, a| c.customers().list_page(&a);
        "customers.create" "POST /customers" (CreateCustomer) -> Customer, "Creates a customer."
            => |c, a| c.customers().create(&a);
        "customers.get" "GET /customers/{id}" (ById) -> Customer, "One customer by id."
            => |c, a| c.customers().get(&a.id);
        "customers.archive" "DELETE /customers/{id}" (ById) -> Option<Customer>, "Archives a customer."
            => |c, a| c.customers().archive(&a.id);
        "customers.payment_methods" "GET /customers/{id}/payment-methods" (ById) -> Vec<PaymentMethod>, "A customer's payment methods, every page."
            => |c, a| c.customers().payment_methods(&a.id);
        "customers.users_page" "GET /customers/{id}/users" (UsersArgs) -> Page<CustomerUser>, "One page of a customer's users."
            => |c, a| c.customers().users_page(&a.id, &a.page());
        "customers.create_user" "POST /customers/{id}/users" (CreateUserArgs) -> CustomerUser, "Adds a user to a customer."
            => |c, a| c.customers().create_user(&a.id, &a.user());
        "invoices.list_page" "GET /invoices" (ListInvoicesParams) -> Page<Invoice>, "One page of invoices."
            => |c, a| c.invoices().list_page(&a);
        "invoices.create" "POST /invoices" (CreateInvoiceArgs) -> Invoice, "Creates an invoice."
            => |c, a| c.invoices().create(&a.into_params());
        "invoices.get" "GET /invoices/{id}" (ById) -> Invoice, "One invoice by id."
            => |c, a| c.invoices().get(&a.id);
        "invoices.archive" "DELETE /invoices/{id}" (ById) -> Option<Invoice>, "Archives an invoice."
            => |c, a| c.invoices().archive(&a.id);
        "invoices.payment_link" "GET /invoices/{id}/payment-link" (ById) -> String, "The invoice's payment link."
            => |c, a| c.invoices().payment_link(&a.id);
        "invoices.pdf_link" "GET /invoices/{id}/pdf-link" (ById) -> String, "A signed link to the invoice's PDF."
            => |c, a| c.invoices().pdf_link(&a.id);
        "payment_requests.create" "POST /payments/request" (CreatePaymentRequestArgs) -> PaymentRequest, "Creates a payment request."
            => |c, a| c.payment_requests().create(&a.into_params());
        "payment_requests.get" "GET /payments/request/{id}" (ById) -> PaymentRequest, "One payment request by id."
            => |c, a| c.payment_requests().get(&a.id);
        "payment_requests.wait" "GET /payments/request/{id}" (WaitArgs) -> PaymentRequest, "Polls a payment request until it is settled."
            => |c, a| c.payment_requests().wait(&a.id, &a.options());
        "transactions.list_page" "GET /payments" (ListTransactionsParams) -> Page<Transaction>, "One page of transactions."
            => |c, a| c.transactions().list_page(&a);
        "payouts.list_page" "GET /payouts" (ListPayoutsParams) -> Page<Payout>, "One page of payouts."
            => |c, a| c.payouts().list_page(&a);
        "payouts.get" "GET /payouts/{id}" (ById) -> Payout, "One payout by id."
            => |c, a| c.payouts().get(&a.id);
        "payouts.transactions" "GET /payouts/{id}/transactions" (ById) -> Vec<Transaction>, "The transactions of a payout, every page."
            => |c, a| c.payouts().transactions(&a.id);
        "payouts.reconcile_page" "GET /payouts" (ListPayoutsParams) -> Page<Reconciliation>, "One page of payouts, each with its transactions and whether they add up."
            => |c, a| c.payouts().reconcile_page(&a);
        "webhooks.list_page" "GET /webhooks" (ListWebhooksParams) -> Page<WebhookSubscription>, "One page of webhook subscriptions."
            => |c, a| c.webhooks().list_page(&a);
        "webhooks.subscribe" "POST /webhooks" (SubscribeWebhook) -> WebhookSubscription, "Subscribes an HTTPS endpoint to a topic."
            => |c, a| c.webhooks().subscribe(&a);
        "webhooks.unsubscribe" "DELETE /webhooks/{subscription_id}" (BySubscription) -> WebhookSubscription, "Removes a webhook subscription."
            => |c, a| c.webhooks().unsubscribe(&a.subscription_id);
        "webhooks.events_page" "GET /webhooks/events" (ListWebhookEventsParams) -> Page<WebhookEvent>, "One page of webhook events."
            => |c, a| c.webhooks().events_page(&a);
    }
    lists {
        "customers.list" "GET /customers" (ListCustomersParams) -> Customer, "Every customer, page by page."
            => |c, a| Ok::<_, Error>(c.customers().paginator(&a));
        "customers.users" "GET /customers/{id}/users" (UsersArgs) -> CustomerUser, "Every user of a customer, page by page."
            => |c, a| c.customers().users_paginator(&a.id, &a.page());
        "invoices.list" "GET /invoices" (ListInvoicesParams) -> Invoice, "Every invoice, page by page."
            => |c, a| Ok::<_, Error>(c.invoices().paginator(&a));
        "transactions.list" "GET /payments" (ListTransactionsParams) -> Transaction, "Every transaction, page by page."
            => |c, a| Ok::<_, Error>(c.transactions().paginator(&a));
        "payouts.list" "GET /payouts" (ListPayoutsParams) -> Payout, "Every payout, page by page."
            => |c, a| Ok::<_, Error>(c.payouts().paginator(&a));
        "payouts.reconcile" "GET /payouts" (ListPayoutsParams) -> Reconciliation, "Every payout with all its transactions and whether they add up, lazily."
            => |c, a| Ok::<_, Error>(c.payouts().reconciler(&a));
        "webhooks.list" "GET /webhooks" (ListWebhooksParams) -> WebhookSubscription, "Every webhook subscription, page by page."
            => |c, a| Ok::<_, Error>(c.webhooks().paginator(&a));
        "webhooks.events" "GET /webhooks/events" (ListWebhookEventsParams) -> WebhookEvent, "Every webhook event, page by page."
            => |c, a| Ok::<_, Error>(c.webhooks().events_paginator(&a));
    }
}

// ---- argument structs of the JSON face (where they differ from the core's parameters) -----

/// `{id}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ById {
    /// The object's id.
    id: String,
}

/// `{subscription_id}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct BySubscription {
    /// The subscription's id.
    subscription_id: String,
}

/// A customer's id and page cursors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct UsersArgs {
    /// The customer's id.
    id: String,
    /// Page size.
    #[serde(default, deserialize_with = "whole::option_limit")]
    limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    before: Option<String>,
}

impl UsersArgs {
    fn page(&self) -> PageParams {
        PageParams { limit: self.limit, after: self.after.clone(), before: self.before.clone() }
    }
}

/// A customer's id and the new user.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CreateUserArgs {
    /// The customer's id.
    id: String,
    /// The user's email (required).
    email: String,
    /// First name.
    first_name: Option<String>,
    /// Last name.
    last_name: Option<String>,
}

impl CreateUserArgs {
    fn user(&self) -> CreateCustomerUser {
        CreateCustomerUser {
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
        }
    }
}

/// An invoice to create, its line items checked field by field.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CreateInvoiceArgs {
    /// The billed customer.
    customer_id: String,
    /// Three-letter currency code, e.g. `USD`.
    currency: String,
    /// Due date, `YYYY-MM-DD`.
    due_date: String,
    /// What is billed: `description`, `amount` (any number, exactly as given; negative for a
    /// discount) and `quantity` (a positive integer).
    line_items: Vec<LineItemArgs>,
}

/// One line item: `amount` any number (or a decimal string, as Python's `Decimal` arrives).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct LineItemArgs {
    /// What is billed.
    #[serde(default)]
    description: String,
    /// Unit amount, exactly as given.
    amount: Money,
    /// How many units.
    #[serde(deserialize_with = "whole::i64")]
    quantity: i64,
}

impl CreateInvoiceArgs {
    fn into_params(self) -> CreateInvoice {
        CreateInvoice {
            customer_id: self.customer_id,
            currency: self.currency,
            due_date: self.due_date,
            line_items: self
                .line_items
                .into_iter()
                .map(|item| LineItem { description: item.description, amount: item.amount, quantity: item.quantity })
                .collect(),
        }
    }
}

/// A payment request to create: `amount` a whole number (`50.0` is 50; `12.5` is refused).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CreatePaymentRequestArgs {
    /// A positive whole amount in minor units (`5000` is 50.00).
    #[serde(deserialize_with = "whole::i64")]
    amount: i64,
    /// Three-letter currency code, e.g. `USD`.
    currency: String,
    /// Where the payer returns after checkout.
    redirect_url: String,
    /// Your tag, returned unchanged.
    reference_id: Option<String>,
}

impl CreatePaymentRequestArgs {
    fn into_params(self) -> CreatePaymentRequest {
        CreatePaymentRequest {
            amount: self.amount,
            currency: self.currency,
            redirect_url: self.redirect_url,
            reference_id: self.reference_id,
        }
    }
}

/// A payment request's id, and how long to wait (milliseconds).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct WaitArgs {
    /// The payment request's id.
    id: String,
    /// Give up after this long (default 5 minutes).
    #[serde(default, deserialize_with = "whole::option_u64")]
    timeout_ms: Option<u64>,
    /// Time between two looks (default 2 s).
    #[serde(default, deserialize_with = "whole::option_u64")]
    poll_interval_ms: Option<u64>,
}

impl WaitArgs {
    fn options(&self) -> WaitOptions {
        let defaults = WaitOptions::default();
        WaitOptions {
            timeout: self.timeout_ms.map_or(defaults.timeout, Duration::from_millis),
            poll_interval: self.poll_interval_ms.map_or(defaults.poll_interval, Duration::from_millis),
        }
    }
}

/// Whole numbers as arguments: a JSON integer, or a float holding one exactly (JavaScript's
/// numbers arrive so); anything else is refused.
pub(crate) mod whole {
    use serde::de::{Deserializer, Error as _, Unexpected};
    use serde::Deserialize;

    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i128>, D::Error> {
        let value = Option::<serde_json::Number>::deserialize(d)?;
        let Some(number) = value else { return Ok(None) };
        if let Some(i) = number.as_i64() {
            return Ok(Some(i128::from(i)));
        }
        if let Some(u) = number.as_u64() {
            return Ok(Some(i128::from(u)));
        }
        match number.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => Ok(Some(f as i128)),
            Some(f) => Err(D::Error::invalid_value(Unexpected::Float(f), &"a whole number")),
            None => Err(D::Error::custom("not a number")),
        }
    }

    /// A required `i64`.
    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let value = read(d)?.ok_or_else(|| D::Error::custom("must be a whole number, not null"))?;
        i64::try_from(value).map_err(|_| D::Error::custom(format!("{value} is out of range")))
    }

    /// An optional page size: a whole number from 1.
    pub fn option_limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        match read(d)? {
            None => Ok(None),
            Some(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n > 0)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("must be a positive integer (the page size), not {n}"))),
        }
    }

    /// An optional count of milliseconds.
    pub fn option_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        match read(d)? {
            None => Ok(None),
            Some(n) => {
                u64::try_from(n).map(Some).map_err(|_| D::Error::custom(format!("must not be negative, not {n}")))
            }
        }
    }
}

/// Checks, at compile time, that a lazy list yields the items its declaration says.
fn lists_of<Item, P: Pages<Item = Item>>(_: &P) {}

/// Reads an operation's arguments, naming the argument at fault in the error.
fn arguments<T: DeserializeOwned>(args: Value) -> Result<T> {
    let args = match args {
        Value::Null => Value::Object(Default::default()),
        Value::Object(fields) => {
            // `null` means "not given", in every face.
            Value::Object(fields.into_iter().filter(|(_, value)| !value.is_null()).collect())
        }
        other => return Err(Error::invalid("arguments", format!("must be an object of named arguments, not {other}"))),
    };
    serde_path_to_error::deserialize(args).map_err(|err| {
        let path = err.path().to_string();
        let message = err.inner().to_string();
        // serde's path ends at an unknown field, and at the parent of a missing one.
        let argument = match backticked(&message, "missing field `") {
            Some(field) if path == "." => field.to_string(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        };
        let message = if message.starts_with("unknown field") {
            "is not an argument of this operation".to_string()
        } else if message.starts_with("missing field") {
            "is required".to_string()
        } else {
            message
        };
        Error::invalid(&argument, message)
    })
}

/// The name in `prefix…name`…` of a serde message.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

fn unknown(name: &str, call: bool) -> Error {
    let wanted = if call { LISTS } else { CALLS };
    if wanted.contains(&name) {
        let (what, entry) = if call { ("a lazy list", "operations::list") } else { ("not a list", "operations::call") };
        Error::invalid("operation", format!("{name} is {what}: use {entry}"))
    } else {
        Error::invalid("operation", format!("unknown operation {name:?}"))
    }
}

/// A form in which [`call_as`] hands back an answer.
pub trait Encoded: Sized {
    /// The answer in this form.
    fn encode<T: Serialize>(value: &T) -> Result<Self>;
}

fn reencoding(err: serde_json::Error) -> Error {
    Error::decode(200, format!("could not re-encode the answer: {err}"), b"")
}

impl Encoded for Value {
    fn encode<T: Serialize>(value: &T) -> Result<Value> {
        serde_json::to_value(value).map_err(reencoding)
    }
}

impl Encoded for String {
    fn encode<T: Serialize>(value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(reencoding)
    }
}

/// The field names of an argument struct, as serde sees them (read by asking serde to
/// deserialize the struct from a deserializer that records its fields).
fn arguments_of<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Recorder(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields recorded")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Recorder {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> std::result::Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut recorder = Recorder(None);
    let _ = T::deserialize(&mut recorder);
    recorder.0.unwrap_or(&[])
}

type PageFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Page<Value>>>> + Send + 'a>>;
type ItemFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Value>>> + Send + 'a>>;

/// A [`Paginator`] of any model, handing out JSON.
trait ErasedPaginator: Send {
    fn next_page(&mut self) -> PageFuture<'_>;
    fn next_item(&mut self) -> ItemFuture<'_>;
    fn take_buffered(&mut self) -> Option<Result<Value>>;
    fn take_rest_as_text(&mut self) -> Option<Result<String>>;
}

impl<P: Pages> ErasedPaginator for P
where
    P::Item: Serialize,
{
    fn next_page(&mut self) -> PageFuture<'_> {
        Box::pin(async move {
            let Some(page) = Pages::next_page(self).await? else {
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
            match Pages::next_item(self).await? {
                Some(item) => {
                    serde_json::to_value(item).map(Some).map_err(|err| Error::decode(200, err.to_string(), b""))
                }
                None => Ok(None),
            }
        })
    }

    fn take_buffered(&mut self) -> Option<Result<Value>> {
        let item = Pages::take_buffered(self)?;
        Some(item.and_then(|item| serde_json::to_value(item).map_err(|err| Error::decode(200, err.to_string(), b""))))
    }

    fn take_rest_as_text(&mut self) -> Option<Result<String>> {
        let rest = std::iter::from_fn(|| Pages::take_buffered(self)).collect::<Result<Vec<_>>>();
        match rest {
            Ok(rest) if rest.is_empty() => None,
            Ok(rest) => Some(String::encode(&rest)),
            Err(err) => Some(Err(err)),
        }
    }
}

/// A lazy list handing out JSON items or pages (see [`list`]).
pub struct ValuePaginator {
    inner: Box<dyn ErasedPaginator>,
}

impl ValuePaginator {
    fn new<P: Pages>(pages: P) -> Self
    where
        P::Item: Serialize,
    {
        ValuePaginator { inner: Box::new(pages) }
    }

    /// The next page, or `None` after the last.
    pub async fn next_page(&mut self) -> Result<Option<Page<Value>>> {
        self.inner.next_page().await
    }

    /// The next item, fetching a page when the current one is used up.
    pub async fn next_item(&mut self) -> Result<Option<Value>> {
        self.inner.next_item().await
    }

    /// The next item when the page in hand still has one (no request, no await): bindings
    /// take items this way on their own thread and await [`ValuePaginator::next_item`] only
    /// for the next page.
    pub fn take_buffered(&mut self) -> Option<Result<Value>> {
        self.inner.take_buffered()
    }

    /// The items left in the page in hand as the JSON text of an array, straight from the typed
    /// models (one conversion: a binding hands the text to its language's JSON parser), or
    /// `None` when none is left (no request, no await).
    pub fn take_rest_as_text(&mut self) -> Option<Result<String>> {
        self.inner.take_rest_as_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused<T: DeserializeOwned>(args: Value) -> (String, String) {
        match arguments::<T>(args) {
            Err(Error::InvalidArgument { argument, message }) => (argument, message),
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn arguments_are_checked_by_name() {
        assert_eq!(refused::<ById>(json!({"id": 5})).0, "id");
        assert_eq!(refused::<ById>(json!({})), ("id".into(), "is required".into()));
        assert_eq!(
            refused::<ById>(json!({"id": "x", "typo": 1})),
            ("typo".into(), "is not an argument of this operation".into())
        );
        assert_eq!(refused::<ById>(json!([1])).0, "arguments");
        assert_eq!(
            refused::<CreatePaymentRequestArgs>(json!({"amount": 12.5, "currency": "USD", "redirect_url": "u"})).0,
            "amount"
        );
        assert_eq!(
            refused::<CreatePaymentRequestArgs>(json!({"amount": "100", "currency": "USD", "redirect_url": "u"})).0,
            "amount"
        );
        let whole: CreatePaymentRequestArgs = arguments(
            json!({"amount": 9007199254740991.0, "currency": "USD", "redirect_url": "u", "reference_id": null}),
        )
        .unwrap();
        assert_eq!(whole.amount, 9_007_199_254_740_991, "a JavaScript number holding an integer is one");
        assert_eq!(refused::<ListCustomersParams>(json!({"limit": 0})).0, "limit");
        assert_eq!(refused::<ListCustomersParams>(json!({"limit": true})).0, "limit");
        assert_eq!(refused::<ListWebhooksParams>(json!({"is_active": "yes"})).0, "is_active");
        assert_eq!(
            refused::<CreatePaymentRequestArgs>(
                json!({"amount": 9007199254740994.0, "currency": "USD", "redirect_url": "u"})
            )
            .0,
            "amount"
        );
        assert_eq!(
            refused::<CreatePaymentRequestArgs>(json!({"amount": 1e300, "currency": "USD", "redirect_url": "u"})).0,
            "amount"
        );
        let transactions: ListTransactionsParams = arguments(json!({"type": "payment", "limit": 10.0})).unwrap();
        assert_eq!((transactions.kind.as_deref(), transactions.limit), (Some("payment"), Some(10)));
    }

    #[test]
    fn line_items_name_the_bad_field() {
        let args = json!({"customer_id": "c", "currency": "USD", "due_date": "2025-01-01", "line_items": [
            {"description": "a", "amount": 1, "quantity": 1}, {"description": "b", "amount": 12.5, "quantity": 1},
            {"description": "c", "amount": "-0.25", "quantity": 2}]});
        let invoice = arguments::<CreateInvoiceArgs>(args).unwrap().into_params();
        let amounts: Vec<String> = invoice.line_items.iter().map(|item| item.amount.to_string()).collect();
        assert_eq!(amounts, ["1", "12.5", "-0.25"]);
        let with = |item: Value| json!({"customer_id": "c", "currency": "USD", "due_date": "d", "line_items": [{"amount": 1, "quantity": 1}, item]});
        assert_eq!(
            refused::<CreateInvoiceArgs>(with(json!({"amount": "ten", "quantity": 1}))).0,
            "line_items[1].amount"
        );
        assert_eq!(
            refused::<CreateInvoiceArgs>(with(json!({"amount": 1, "quantity": 1.5}))).0,
            "line_items[1].quantity"
        );
        assert_eq!(
            refused::<CreateInvoiceArgs>(with(json!({"amount": 1, "quantity": 1, "colour": "red"}))).0,
            "line_items[1].colour"
        );
        assert_eq!(refused::<CreateInvoiceArgs>(with(json!({"quantity": 1}))).0, "line_items[1].amount");
    }

    #[test]
    fn every_operation_is_declared_once_with_its_arguments() {
        let mut names: Vec<_> = SPECS.iter().map(|spec| spec.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SPECS.len());
        assert_eq!(
            SPECS.len(),
            33,
            "the guides have 25 operations; the reference adds 6 for webhooks; reconciliation 2"
        );
        assert_eq!(CALLS.len() + LISTS.len(), SPECS.len());
        let spec = |name: &str| SPECS.iter().find(|spec| spec.name == name).unwrap();
        assert_eq!(spec("customers.get").arguments(), ["id"]);
        assert_eq!(spec("transactions.list").arguments().iter().filter(|a| **a == "type").count(), 1);
        assert_eq!(spec("invoices.create").arguments(), ["customer_id", "currency", "due_date", "line_items"]);
        assert!(spec("customers.list").lazy_list && !spec("customers.list_page").lazy_list);
        assert!(SPECS.iter().all(|spec| !spec.arguments().is_empty() || spec.name.ends_with("_page")));
    }

    #[test]
    fn a_call_is_a_small_future_to_move_and_spawn() {
        let client = crate::ClientBuilder::new()
            .client_id("c")
            .client_secret("s")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let by_name = call_as::<String>(&client, "invoices.create", json!({}));
        let customers = client.customers();
        let typed = customers.get("c");
        // A few KiB before the transport boxed the state of a call: copied at every move, and
        // a tenth of the Node event loop's time per call (bench/RESULTS.md, section 11).
        assert!(std::mem::size_of_val(&by_name) <= 2048, "{} bytes", std::mem::size_of_val(&by_name));
        assert!(std::mem::size_of_val(&typed) <= 1024, "{} bytes", std::mem::size_of_val(&typed));
    }

    #[test]
    fn a_list_is_not_a_call_and_an_unknown_name_is_refused() {
        assert!(matches!(check_arguments("customers.list", json!({})), Ok(())));
        assert!(matches!(check_arguments("customers.fly", json!({})), Err(Error::InvalidArgument { .. })));
    }
}
