//! The uniffi binding: the core's blocking client behind `alternative_payments.udl`.
//!
//! This crate only converts between the UDL's records and the core's types, and calls
//! `alternative_payments::blocking::Client`. Nothing here decides behaviour.


use std::sync::Arc;
use std::time::Duration;

use alternative_payments as core;
use alternative_payments::blocking;

uniffi::include_scaffolding!("alternative_payments");

/// Every operation name of the core.
pub fn operation_names() -> Vec<String> {
    core::operations::CALLS.iter().chain(core::operations::LISTS).map(|name| name.to_string()).collect()
}

/// An operation as the core declares it (see the UDL).
pub struct OperationSpec {
    pub name: String,
    pub route: String,
    pub lazy_list: bool,
    pub arguments: Vec<String>,
}

/// Every operation's declaration, for parity checks of the UDL.
pub fn operation_specs() -> Vec<OperationSpec> {
    core::operations::SPECS
        .iter()
        .map(|spec| OperationSpec {
            name: spec.name.into(),
            route: spec.route.into(),
            lazy_list: spec.lazy_list,
            arguments: spec.arguments().iter().map(|a| a.to_string()).collect(),
        })
        .collect()
}

/// Checks a webhook delivery and reads its event (see the UDL).
pub fn construct_webhook_event(
    body: Vec<u8>,
    authorization: Option<String>,
    secret_key: String,
) -> Result<WebhookEvent> {
    Ok(core::webhooks::construct_event(&body, authorization.as_deref(), &secret_key)?.into())
}

/// Settings of a [`Client`] (see the UDL).
pub struct ClientConfig {
    pub client_id: Option<String>,
    pub base_url: Option<String>,
    pub timeout_seconds: f64,
    pub max_retries: u32,
    pub rate_limit: Option<f64>,
    pub redis_url: Option<String>,
}

/// The core's errors, one variant per class (see the UDL).
#[derive(Debug)]
pub enum AlternativePaymentsError {
    BadRequest {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    Authentication {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    PermissionDenied {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    NotFound {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    Conflict {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    UnprocessableEntity {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    RateLimit {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
        retry_after: Option<f64>,
    },
    InternalServer {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
        outcome_unknown: bool,
    },
    Api {
        status: u16,
        code: Option<String>,
        error_message: String,
        request_id: Option<String>,
        body: String,
        validation_errors: std::collections::HashMap<String, String>,
    },
    Connection {
        error_message: String,
        outcome_unknown: bool,
    },
    Timeout {
        error_message: String,
        outcome_unknown: bool,
    },
    ResponseDecode {
        status: u16,
        error_message: String,
        body_excerpt: String,
    },
    Configuration {
        setting: String,
        error_message: String,
    },
    InvalidArgument {
        argument: String,
        error_message: String,
    },
    WebhookVerification {
        error_message: String,
    },
}

impl std::fmt::Display for AlternativePaymentsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use AlternativePaymentsError::*;
        match self {
            BadRequest { error_message, .. }
            | Authentication { error_message, .. }
            | PermissionDenied { error_message, .. }
            | NotFound { error_message, .. }
            | Conflict { error_message, .. }
            | UnprocessableEntity { error_message, .. }
            | RateLimit { error_message, .. }
            | InternalServer { error_message, .. }
            | Api { error_message, .. }
            | Connection { error_message, .. }
            | Timeout { error_message, .. }
            | ResponseDecode { error_message, .. }
            | Configuration { error_message, .. }
            | InvalidArgument { error_message, .. }
            | WebhookVerification { error_message } => f.write_str(error_message),
        }
    }
}

impl std::error::Error for AlternativePaymentsError {}

impl From<core::Error> for AlternativePaymentsError {
    fn from(err: core::Error) -> Self {
        use AlternativePaymentsError as E;
        let error_message = err.to_string();
        match err {
            core::Error::Connection { outcome_unknown, .. } => E::Connection { error_message, outcome_unknown },
            core::Error::Timeout { outcome_unknown, .. } => E::Timeout { error_message, outcome_unknown },
            core::Error::Cancelled => E::Connection { error_message, outcome_unknown: true },
            core::Error::ResponseDecode { status, body_excerpt, .. } => {
                E::ResponseDecode { status, error_message, body_excerpt }
            }
            core::Error::Configuration { setting, .. } => E::Configuration { setting, error_message },
            core::Error::InvalidArgument { argument, .. } => E::InvalidArgument { argument, error_message },
            core::Error::WebhookVerification { .. } => E::WebhookVerification { error_message },
            other => {
                let Some(details) = other.api_error().cloned() else {
                    return E::Connection { error_message, outcome_unknown: true };
                };
                let (status, code, request_id, body) = (details.status, details.code, details.request_id, details.body);
                let validation_errors = details.validation_errors.into_iter().collect();
                match other {
                    core::Error::BadRequest(_) => {
                        E::BadRequest { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::Authentication(_) => {
                        E::Authentication { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::PermissionDenied(_) => {
                        E::PermissionDenied { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::NotFound(_) => {
                        E::NotFound { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::Conflict(_) => {
                        E::Conflict { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::UnprocessableEntity(_) => {
                        E::UnprocessableEntity { status, code, error_message, request_id, body, validation_errors }
                    }
                    core::Error::RateLimit(_) => E::RateLimit {
                        status,
                        code,
                        error_message,
                        request_id,
                        body,
                        validation_errors,
                        retry_after: details.retry_after.map(|d| d.as_secs_f64()),
                    },
                    core::Error::InternalServer(_) => E::InternalServer {
                        status,
                        code,
                        error_message,
                        request_id,
                        body,
                        validation_errors,
                        outcome_unknown: details.outcome_unknown,
                    },
                    _ => E::Api { status, code, error_message, request_id, body, validation_errors },
                }
            }
        }
    }
}

type Result<T> = std::result::Result<T, AlternativePaymentsError>;

fn extra_json(extra: core::models::Extra) -> String {
    serde_json::Value::Object(extra).to_string()
}

fn seconds(argument: &str, value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| AlternativePaymentsError::InvalidArgument {
        argument: argument.into(),
        error_message: format!("invalid argument `{argument}`: must be a non-negative number of seconds, not {value}"),
    })
}

// ---- records ------------------------------------------------------------------------------

pub struct Customer {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub default_payment_method_id: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::Customer> for Customer {
    fn from(c: core::Customer) -> Self {
        Customer {
            id: c.id,
            name: c.name,
            email: c.email,
            external_id: c.external_id,
            default_payment_method_id: c.default_payment_method_id,
            created_at: c.created_at,
            extra_json: extra_json(c.extra),
        }
    }
}

pub struct CustomerUser {
    pub id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::CustomerUser> for CustomerUser {
    fn from(u: core::CustomerUser) -> Self {
        CustomerUser {
            id: u.id,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            job_title: u.job_title,
            phone: u.phone,
            created_at: u.created_at,
            extra_json: extra_json(u.extra),
        }
    }
}

pub struct PaymentMethod {
    pub id: String,
    pub kind: Option<String>,
    pub brand: Option<String>,
    pub last4: Option<String>,
    pub exp_month: Option<String>,
    pub exp_year: Option<String>,
    pub is_default: Option<bool>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::PaymentMethod> for PaymentMethod {
    fn from(m: core::PaymentMethod) -> Self {
        PaymentMethod {
            id: m.id,
            kind: m.kind,
            brand: m.brand,
            last4: m.last4,
            exp_month: m.exp_month,
            exp_year: m.exp_year,
            is_default: m.default,
            created_at: m.created_at,
            extra_json: extra_json(m.extra),
        }
    }
}

/// Money as exact decimal text.
fn money(amount: Option<core::Money>) -> Option<String> {
    amount.map(|m| m.to_string())
}

pub struct LineItem {
    pub description: String,
    pub amount: String,
    pub quantity: i64,
}

impl From<core::LineItem> for LineItem {
    fn from(l: core::LineItem) -> Self {
        LineItem { description: l.description, amount: l.amount.to_string(), quantity: l.quantity }
    }
}

impl LineItem {
    fn into_core(self, index: usize) -> Result<core::LineItem> {
        let argument = format!("line_items[{index}].amount");
        let amount = self.amount.parse::<core::Money>().map_err(|_| AlternativePaymentsError::InvalidArgument {
            error_message: format!("invalid argument `{argument}`: {:?} is not a decimal number", self.amount),
            argument,
        })?;
        Ok(core::LineItem { description: self.description, amount, quantity: self.quantity })
    }
}

pub struct Fee {
    pub amount: Option<String>,
    pub covered_by_customer: Option<bool>,
    pub name: Option<String>,
    pub kind: Option<String>,
}

impl From<core::Fee> for Fee {
    fn from(f: core::Fee) -> Self {
        Fee { amount: money(f.amount), covered_by_customer: f.covered_by_customer, name: f.name, kind: f.kind }
    }
}

fn fees(fees: Option<Vec<core::Fee>>) -> Option<Vec<Fee>> {
    fees.map(|fees| fees.into_iter().map(Fee::from).collect())
}

pub struct Invoice {
    pub id: String,
    pub customer_id: Option<String>,
    pub invoice_number: Option<String>,
    pub status: Option<String>,
    pub sub_total: Option<String>,
    pub total: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub due_date: Option<String>,
    pub line_items: Option<Vec<LineItem>>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::Invoice> for Invoice {
    fn from(i: core::Invoice) -> Self {
        Invoice {
            id: i.id,
            customer_id: i.customer_id,
            invoice_number: i.invoice_number,
            status: i.status,
            sub_total: money(i.sub_total),
            total: money(i.total),
            amount: money(i.amount),
            currency: i.currency,
            due_date: i.due_date,
            line_items: i.line_items.map(|items| items.into_iter().map(LineItem::from).collect()),
            created_at: i.created_at,
            extra_json: extra_json(i.extra),
        }
    }
}

pub struct PaymentRequest {
    pub id: String,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub reference_id: Option<String>,
    pub redirect_url: Option<String>,
    pub url: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::PaymentRequest> for PaymentRequest {
    fn from(p: core::PaymentRequest) -> Self {
        PaymentRequest {
            id: p.id,
            amount: money(p.amount),
            currency: p.currency,
            status: p.status,
            reference_id: p.reference_id,
            redirect_url: p.redirect_url,
            url: p.url,
            created_at: p.created_at,
            extra_json: extra_json(p.extra),
        }
    }
}

pub struct Transaction {
    pub id: String,
    pub sub_total: Option<String>,
    pub total: Option<String>,
    pub fees: Option<Vec<Fee>>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub payment_method: Option<String>,
    pub direction: Option<String>,
    pub invoice_id: Option<String>,
    pub customer_id: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::Transaction> for Transaction {
    fn from(t: core::Transaction) -> Self {
        Transaction {
            id: t.id,
            sub_total: money(t.sub_total),
            total: money(t.total),
            fees: fees(t.fees),
            amount: money(t.amount),
            currency: t.currency,
            status: t.status,
            kind: t.kind,
            payment_method: t.payment_method,
            direction: t.direction,
            invoice_id: t.invoice_id,
            customer_id: t.customer_id,
            created_at: t.created_at,
            extra_json: extra_json(t.extra),
        }
    }
}

pub struct Payout {
    pub id: String,
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub sub_total: Option<String>,
    pub total: Option<String>,
    pub fees: Option<Vec<Fee>>,
    pub arrival_date: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::Payout> for Payout {
    fn from(p: core::Payout) -> Self {
        Payout {
            id: p.id,
            status: p.status,
            customer_id: p.customer_id,
            sub_total: money(p.sub_total),
            total: money(p.total),
            fees: fees(p.fees),
            arrival_date: p.arrival_date,
            amount: money(p.amount),
            currency: p.currency,
            created_at: p.created_at,
            extra_json: extra_json(p.extra),
        }
    }
}

pub struct Reconciliation {
    pub payout: Payout,
    pub transactions: Vec<Transaction>,
    pub transactions_total: Option<String>,
    pub fees_total: String,
    pub balanced: bool,
    pub discrepancies: Vec<String>,
}

impl From<core::Reconciliation> for Reconciliation {
    fn from(r: core::Reconciliation) -> Self {
        Reconciliation {
            payout: r.payout.into(),
            transactions: r.transactions.into_iter().map(Transaction::from).collect(),
            transactions_total: money(r.transactions_total),
            fees_total: r.fees_total.to_string(),
            balanced: r.balanced,
            discrepancies: r.discrepancies,
        }
    }
}

pub struct WebhookSubscription {
    pub id: String,
    pub endpoint_url: Option<String>,
    pub topic: Option<String>,
    pub is_active: Option<bool>,
    pub partner_id: Option<String>,
    pub secret_last_4_digits: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub extra_json: String,
}

impl From<core::WebhookSubscription> for WebhookSubscription {
    fn from(w: core::WebhookSubscription) -> Self {
        WebhookSubscription {
            id: w.id,
            endpoint_url: w.endpoint_url,
            topic: w.topic,
            is_active: w.is_active,
            partner_id: w.partner_id,
            secret_last_4_digits: w.secret_last_4_digits,
            created_at: w.created_at,
            updated_at: w.updated_at,
            extra_json: extra_json(w.extra),
        }
    }
}

pub struct WebhookEvent {
    pub id: Option<String>,
    pub topic: Option<String>,
    pub status: Option<String>,
    pub created_at: Option<String>,
    pub extra_json: String,
}

impl From<core::WebhookEvent> for WebhookEvent {
    fn from(e: core::WebhookEvent) -> Self {
        WebhookEvent {
            id: e.id,
            topic: e.topic,
            status: e.status,
            created_at: e.created_at,
            extra_json: extra_json(e.extra),
        }
    }
}

macro_rules! page_record {
    ($page:ident, $item:ident) => {
        pub struct $page {
            pub data: Vec<$item>,
            pub has_next_page: bool,
            pub has_previous_page: bool,
            pub start_cursor: Option<String>,
            pub end_cursor: Option<String>,
        }

        impl From<core::Page<core::$item>> for $page {
            fn from(page: core::Page<core::$item>) -> Self {
                $page {
                    data: page.data.into_iter().map($item::from).collect(),
                    has_next_page: page.has_next_page,
                    has_previous_page: page.has_previous_page,
                    start_cursor: page.start_cursor,
                    end_cursor: page.end_cursor,
                }
            }
        }
    };
}

page_record!(CustomerPage, Customer);
page_record!(CustomerUserPage, CustomerUser);
page_record!(InvoicePage, Invoice);
page_record!(TransactionPage, Transaction);
page_record!(PayoutPage, Payout);
page_record!(WebhookSubscriptionPage, WebhookSubscription);
page_record!(ReconciliationPage, Reconciliation);
page_record!(WebhookEventPage, WebhookEvent);

pub struct ListWebhooksParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub topic: Option<String>,
    pub is_active: Option<bool>,
}

impl From<ListWebhooksParams> for core::ListWebhooksParams {
    fn from(p: ListWebhooksParams) -> Self {
        core::ListWebhooksParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            topic: p.topic,
            is_active: p.is_active,
        }
    }
}

pub struct ListWebhookEventsParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub topic: Option<String>,
    pub status: Option<String>,
}

impl From<ListWebhookEventsParams> for core::ListWebhookEventsParams {
    fn from(p: ListWebhookEventsParams) -> Self {
        core::ListWebhookEventsParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            topic: p.topic,
            status: p.status,
        }
    }
}

pub struct SubscribeWebhook {
    pub endpoint_url: String,
    pub topic: String,
    pub secret_key: Option<String>,
}

pub struct PageParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
}

impl From<PageParams> for core::PageParams {
    fn from(p: PageParams) -> Self {
        core::PageParams { limit: p.limit, after: p.after, before: p.before }
    }
}

pub struct ListCustomersParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub company_name: Option<String>,
    pub created_at_start: Option<String>,
    pub created_at_end: Option<String>,
}

impl From<ListCustomersParams> for core::ListCustomersParams {
    fn from(p: ListCustomersParams) -> Self {
        core::ListCustomersParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            company_name: p.company_name,
            created_at_start: p.created_at_start,
            created_at_end: p.created_at_end,
        }
    }
}

pub struct ListInvoicesParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub created_at_start: Option<String>,
    pub created_at_end: Option<String>,
    pub due_date_start: Option<String>,
    pub due_date_end: Option<String>,
}

impl From<ListInvoicesParams> for core::ListInvoicesParams {
    fn from(p: ListInvoicesParams) -> Self {
        core::ListInvoicesParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            status: p.status,
            customer_id: p.customer_id,
            created_at_start: p.created_at_start,
            created_at_end: p.created_at_end,
            due_date_start: p.due_date_start,
            due_date_end: p.due_date_end,
        }
    }
}

pub struct ListTransactionsParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub payment_method: Option<String>,
    pub invoice_id: Option<String>,
    pub customer_id: Option<String>,
    pub created_at_start: Option<String>,
    pub created_at_end: Option<String>,
}

impl From<ListTransactionsParams> for core::ListTransactionsParams {
    fn from(p: ListTransactionsParams) -> Self {
        core::ListTransactionsParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            status: p.status,
            kind: p.kind,
            payment_method: p.payment_method,
            invoice_id: p.invoice_id,
            customer_id: p.customer_id,
            created_at_start: p.created_at_start,
            created_at_end: p.created_at_end,
        }
    }
}

pub struct ListPayoutsParams {
    pub limit: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub invoice_id: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

impl From<ListPayoutsParams> for core::ListPayoutsParams {
    fn from(p: ListPayoutsParams) -> Self {
        core::ListPayoutsParams {
            limit: p.limit,
            after: p.after,
            before: p.before,
            status: p.status,
            customer_id: p.customer_id,
            invoice_id: p.invoice_id,
            start_date: p.start_date,
            end_date: p.end_date,
        }
    }
}

pub struct CreateCustomer {
    pub name: String,
    pub email: String,
    pub external_id: Option<String>,
}

pub struct CreateCustomerUser {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

pub struct CreateInvoice {
    pub customer_id: String,
    pub currency: String,
    pub due_date: String,
    pub line_items: Vec<LineItem>,
}

pub struct CreatePaymentRequest {
    pub amount: i64,
    pub currency: String,
    pub redirect_url: String,
    pub reference_id: Option<String>,
}

// ---- objects ------------------------------------------------------------------------------

/// The client (see the UDL).
pub struct Client {
    inner: blocking::Client,
}

impl Client {
    /// Settings are checked by the core's one settings parser, as in every face.
    pub fn new(config: ClientConfig, client_secret: Option<String>) -> Result<Self> {
        let settings = serde_json::json!({
            "client_id": config.client_id,
            "client_secret": client_secret,
            "base_url": config.base_url,
            "timeout": config.timeout_seconds,
            "max_retries": config.max_retries,
            "rate_limit": config.rate_limit,
            "redis_url": config.redis_url,
            "user_agent": format!("alternative-payments-uniffi/{}", env!("CARGO_PKG_VERSION")),
        });
        let builder = core::ClientBuilder::from_settings(&settings, core::Naming::Snake).map_err(|err| match err {
            core::Error::Configuration { setting, message } if setting == "timeout" => {
                core::Error::Configuration { setting: "timeout_seconds".into(), message }
            }
            other => other,
        })?;
        Ok(Client { inner: blocking::Client::new(&builder)? })
    }

    pub fn customers(&self) -> Arc<Customers> {
        Arc::new(Customers { client: self.inner.clone() })
    }
    pub fn invoices(&self) -> Arc<Invoices> {
        Arc::new(Invoices { client: self.inner.clone() })
    }
    pub fn payment_requests(&self) -> Arc<PaymentRequests> {
        Arc::new(PaymentRequests { client: self.inner.clone() })
    }
    pub fn transactions(&self) -> Arc<Transactions> {
        Arc::new(Transactions { client: self.inner.clone() })
    }
    pub fn payouts(&self) -> Arc<Payouts> {
        Arc::new(Payouts { client: self.inner.clone() })
    }
    pub fn webhooks(&self) -> Arc<Webhooks> {
        Arc::new(Webhooks { client: self.inner.clone() })
    }
}

pub struct Customers {
    client: blocking::Client,
}

impl Customers {
    pub fn list_page(&self, params: ListCustomersParams) -> Result<CustomerPage> {
        Ok(self.client.customers().list_page(&params.into())?.into())
    }
    pub fn create(&self, params: CreateCustomer) -> Result<Customer> {
        let params = core::CreateCustomer { name: params.name, email: params.email, external_id: params.external_id };
        Ok(self.client.customers().create(&params)?.into())
    }
    pub fn get(&self, id: String) -> Result<Customer> {
        Ok(self.client.customers().get(&id)?.into())
    }
    pub fn archive(&self, id: String) -> Result<Option<Customer>> {
        Ok(self.client.customers().archive(&id)?.map(Customer::from))
    }
    pub fn payment_methods(&self, id: String) -> Result<Vec<PaymentMethod>> {
        Ok(self.client.customers().payment_methods(&id)?.into_iter().map(PaymentMethod::from).collect())
    }
    pub fn users_page(&self, id: String, params: PageParams) -> Result<CustomerUserPage> {
        Ok(self.client.customers().users_page(&id, &params.into())?.into())
    }
    pub fn create_user(&self, id: String, params: CreateCustomerUser) -> Result<CustomerUser> {
        let params = core::CreateCustomerUser {
            email: params.email,
            first_name: params.first_name,
            last_name: params.last_name,
        };
        Ok(self.client.customers().create_user(&id, &params)?.into())
    }
}

pub struct Invoices {
    client: blocking::Client,
}

impl Invoices {
    pub fn list_page(&self, params: ListInvoicesParams) -> Result<InvoicePage> {
        Ok(self.client.invoices().list_page(&params.into())?.into())
    }
    pub fn create(&self, params: CreateInvoice) -> Result<Invoice> {
        let params = core::CreateInvoice {
            customer_id: params.customer_id,
            currency: params.currency,
            due_date: params.due_date,
            line_items: params
                .line_items
                .into_iter()
                .enumerate()
                .map(|(index, item)| item.into_core(index))
                .collect::<Result<_>>()?,
        };
        Ok(self.client.invoices().create(&params)?.into())
    }
    pub fn get(&self, id: String) -> Result<Invoice> {
        Ok(self.client.invoices().get(&id)?.into())
    }
    pub fn archive(&self, id: String) -> Result<Option<Invoice>> {
        Ok(self.client.invoices().archive(&id)?.map(Invoice::from))
    }
    pub fn payment_link(&self, id: String) -> Result<String> {
        Ok(self.client.invoices().payment_link(&id)?)
    }
    pub fn pdf_link(&self, id: String) -> Result<String> {
        Ok(self.client.invoices().pdf_link(&id)?)
    }
}

pub struct PaymentRequests {
    client: blocking::Client,
}

impl PaymentRequests {
    pub fn create(&self, params: CreatePaymentRequest) -> Result<PaymentRequest> {
        let params = core::CreatePaymentRequest {
            amount: params.amount,
            currency: params.currency,
            redirect_url: params.redirect_url,
            reference_id: params.reference_id,
        };
        Ok(self.client.payment_requests().create(&params)?.into())
    }
    pub fn get(&self, id: String) -> Result<PaymentRequest> {
        Ok(self.client.payment_requests().get(&id)?.into())
    }
    pub fn wait(&self, id: String, timeout_seconds: f64, poll_interval_seconds: f64) -> Result<PaymentRequest> {
        let options = core::WaitOptions {
            timeout: seconds("timeout_seconds", timeout_seconds)?,
            poll_interval: seconds("poll_interval_seconds", poll_interval_seconds)?,
        };
        Ok(self.client.payment_requests().wait(&id, &options)?.into())
    }
}

pub struct Transactions {
    client: blocking::Client,
}

impl Transactions {
    pub fn list_page(&self, params: ListTransactionsParams) -> Result<TransactionPage> {
        Ok(self.client.transactions().list_page(&params.into())?.into())
    }
}

pub struct Payouts {
    client: blocking::Client,
}

impl Payouts {
    pub fn list_page(&self, params: ListPayoutsParams) -> Result<PayoutPage> {
        Ok(self.client.payouts().list_page(&params.into())?.into())
    }
    pub fn get(&self, id: String) -> Result<Payout> {
        Ok(self.client.payouts().get(&id)?.into())
    }
    pub fn transactions(&self, id: String) -> Result<Vec<Transaction>> {
        Ok(self.client.payouts().transactions(&id)?.into_iter().map(Transaction::from).collect())
    }
    pub fn reconcile_page(&self, params: ListPayoutsParams) -> Result<ReconciliationPage> {
        Ok(self.client.payouts().reconcile_page(&params.into())?.into())
    }
}

pub struct Webhooks {
    client: blocking::Client,
}

impl Webhooks {
    pub fn list_page(&self, params: ListWebhooksParams) -> Result<WebhookSubscriptionPage> {
        Ok(self.client.webhooks().list_page(&params.into())?.into())
    }
    pub fn subscribe(&self, params: SubscribeWebhook) -> Result<WebhookSubscription> {
        let params = core::SubscribeWebhook {
            endpoint_url: params.endpoint_url,
            topic: params.topic,
            secret_key: params.secret_key,
        };
        Ok(self.client.webhooks().subscribe(&params)?.into())
    }
    pub fn unsubscribe(&self, subscription_id: String) -> Result<WebhookSubscription> {
        Ok(self.client.webhooks().unsubscribe(&subscription_id)?.into())
    }
    pub fn events_page(&self, params: ListWebhookEventsParams) -> Result<WebhookEventPage> {
        Ok(self.client.webhooks().events_page(&params.into())?.into())
    }
}
