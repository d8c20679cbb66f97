//! The API's endpoints, in the order of the API docs: token, customers, invoices, payment
//! requests, transactions, payouts.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::gate::basic_credentials;
use crate::store::{paginate, ApiError, PageQuery, PageShape, Store, CURRENCIES};
use crate::time::now_rfc3339;
use crate::Shapes;

type Reply = Result<Response, ApiError>;
type Params = Query<HashMap<String, String>>;

pub fn routes() -> Router<crate::State> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/customers", get(list_customers).post(create_customer))
        .route("/customers/{id}", get(get_customer).delete(archive_customer))
        .route("/customers/{id}/payment-methods", get(payment_methods))
        .route("/customers/{id}/users", get(list_users).post(create_user))
        .route("/invoices", get(list_invoices).post(create_invoice))
        .route("/invoices/{id}", get(get_invoice).delete(archive_invoice))
        .route("/invoices/{id}/payment-link", get(payment_link))
        .route("/invoices/{id}/pdf-link", get(pdf_link))
        .route("/payments/request", post(create_payment_request))
        .route("/payments/request/{id}", get(get_payment_request))
        .route("/payments", get(list_transactions))
        .route("/payouts", get(list_payouts))
        .route("/payouts/{id}", get(get_payout))
        .route("/payouts/{id}/transactions", get(payout_transactions))
        .route("/webhooks", get(list_webhooks).post(subscribe_webhook))
        .route("/webhooks/events", get(list_webhook_events))
        .route("/webhooks/{id}", axum::routing::delete(unsubscribe_webhook))
        .fallback(|| async { ApiError::new(404, "not_found", "no such endpoint") })
}

fn ok(value: Value) -> Reply {
    Ok(Json(value).into_response())
}

fn created(value: Value) -> Reply {
    Ok((StatusCode::CREATED, Json(value)).into_response())
}

fn with_store<T>(state: &crate::State, f: impl FnOnce(&mut Store) -> T) -> T {
    f(&mut state.store.lock().unwrap())
}

// ---- authentication ---------------------------------------------------------------------

async fn token(State(state): State<crate::State>, headers: HeaderMap, body: Bytes) -> Reply {
    let form = String::from_utf8_lossy(&body);
    let grant = form.split('&').filter_map(|pair| pair.split_once('=')).find(|(key, _)| *key == "grant_type");
    let (expected_id, expected_secret, ttl, shapes) = {
        let config = state.config.lock().unwrap();
        (config.client_id.clone(), config.client_secret.clone(), config.token_ttl_secs, config.shapes)
    };
    let guides = shapes == crate::Shapes::Guides;
    if grant.map(|(_, value)| value) != Some("client_credentials") {
        // The reference lists only 200 and 403 for this endpoint; the guides follow OAuth's 400.
        let status = if guides { 400 } else { 403 };
        return Err(ApiError::new(status, "unsupported_grant_type", "grant_type must be client_credentials"));
    }
    match basic_credentials(&headers) {
        Some((id, secret)) if id == expected_id && secret == expected_secret => {
            let expires_at = state.started.elapsed() + std::time::Duration::from_secs(ttl);
            let token = with_store(&state, |store| store.issue_token(&id, expires_at));
            let token_type = if guides { "Bearer" } else { "bearer" };
            ok(json!({"access_token": token, "token_type": token_type, "expires_in": ttl}))
        }
        // The reference: 403 "Invalid credentials"; the guides: 401.
        _ => Err(ApiError::new(if guides { 401 } else { 403 }, "invalid_client", "invalid credentials")),
    }
}

// ---- request bodies ---------------------------------------------------------------------

fn json_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(err) => Err(ApiError::bad_request(format!("malformed JSON: {err}"))),
    }
}

fn required_str(body: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    match body.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        None | Some(Value::Null) | Some(Value::String(_)) => Err(ApiError::invalid_field(400, field, "is required")),
        Some(_) => Err(ApiError::bad_request(format!("{field} must be a string"))),
    }
}

fn optional_str(body: &Map<String, Value>, field: &str) -> Value {
    body.get(field).filter(|v| v.is_string()).cloned().unwrap_or(Value::Null)
}

fn currency(body: &Map<String, Value>) -> Result<String, ApiError> {
    let currency = required_str(body, "currency")?;
    if !CURRENCIES.contains(&currency.to_ascii_uppercase().as_str()) {
        return Err(ApiError::invalid_field(422, "currency", "is not a supported currency"));
    }
    Ok(currency.to_ascii_uppercase())
}

fn page_query(params: &HashMap<String, String>) -> PageQuery {
    PageQuery {
        limit: params.get("limit").cloned(),
        after: params.get("after").cloned(),
        before: params.get("before").cloned(),
    }
}

/// Keeps an item when every filter present in `params` equals the item's field.
fn matches(item: &Value, params: &HashMap<String, String>, fields: &[&str]) -> bool {
    fields.iter().all(|field| match params.get(*field) {
        None => true,
        Some(wanted) => item[*field].as_str().is_some_and(|v| v.eq_ignore_ascii_case(wanted)),
    })
}

/// A time range from the query parameters `start` and `end`, as instants (a date is midnight
/// UTC). A bound that is not a date or an RFC 3339 time is a 400.
#[derive(Clone, Copy)]
struct TimeRange {
    start: Option<f64>,
    end: Option<f64>,
}

impl TimeRange {
    fn from(params: &HashMap<String, String>, start: &str, end: &str) -> Result<TimeRange, ApiError> {
        let bound = |name: &str| match params.get(name) {
            None => Ok(None),
            Some(text) => crate::time::instant(text)
                .map(Some)
                .ok_or_else(|| ApiError::invalid_field(400, name, "must be an RFC 3339 time")),
        };
        Ok(TimeRange { start: bound(start)?, end: bound(end)? })
    }

    /// `{field}_start` and `{field}_end`.
    fn of(params: &HashMap<String, String>, field: &str) -> Result<TimeRange, ApiError> {
        Self::from(params, &format!("{field}_start"), &format!("{field}_end"))
    }

    /// Whether the item's `field` lies within the range (both ends included).
    fn holds(&self, item: &Value, field: &str) -> bool {
        match item[field].as_str().and_then(crate::time::instant) {
            None => self.start.is_none() && self.end.is_none(),
            Some(t) => self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t <= e),
        }
    }
}

/// Invoices and payments page with cursors at the top level in the reference and under
/// `"pagination"` in the guides.
fn list_shape(state: &crate::State) -> PageShape {
    match state.config.lock().unwrap().shapes {
        Shapes::Reference => PageShape::TopLevel,
        Shapes::Guides => PageShape::Nested,
    }
}

fn live(item: &&Value) -> bool {
    item["archived_at"].is_null()
}

// ---- customers --------------------------------------------------------------------------

async fn list_customers(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let name = params.get("company_name").map(|n| n.to_lowercase());
    let created = TimeRange::of(&params, "created_at")?;
    let page = with_store(&state, |store| {
        let items = store
            .customers
            .iter()
            .filter(live)
            .filter(|c| name.as_ref().is_none_or(|n| c["name"].as_str().unwrap_or_default().to_lowercase().contains(n)))
            .filter(|c| created.holds(c, "created_at"))
            .collect();
        paginate(items, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}

async fn create_customer(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = json_object(&body)?;
    let name = required_str(&body, "name")?;
    let email = required_str(&body, "email")?;
    let customer = with_store(&state, |store| {
        let id = store.new_id("cus");
        let method_id = store.new_id("pm");
        let now = now_rfc3339();
        store.payment_methods.insert(json!({
            "id": method_id, "customer_id": id, "type": "card", "brand": "visa", "last4": "4242",
            "exp_month": "12", "exp_year": "2030", "default": true, "created_at": now,
        }));
        let customer = store.customers.insert(json!({
            "id": id, "name": name, "email": email, "external_id": optional_str(&body, "external_id"),
            "default_payment_method_id": method_id, "created_at": now,
        }));
        store.record_event("customer_created", &customer);
        customer
    });
    created(customer)
}

fn customer(store: &Store, id: &str) -> Result<Value, ApiError> {
    store.customers.get(id).cloned().ok_or_else(|| ApiError::not_found("customer", id))
}

async fn get_customer(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    ok(with_store(&state, |store| customer(store, &id))?)
}

async fn archive_customer(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    let archived = with_store(&state, |store| {
        let customer = store.customers.get_mut(&id).ok_or_else(|| ApiError::not_found("customer", &id))?;
        let newly = customer["archived_at"].is_null();
        if newly {
            customer["archived_at"] = Value::String(now_rfc3339());
        }
        let customer = customer.clone();
        if newly {
            store.record_event("customer_archived", &customer);
        }
        Ok::<_, ApiError>(customer)
    })?;
    ok(archived)
}

/// Pages of 10 by default, like every list, so clients are tested on following them.
async fn payment_methods(State(state): State<crate::State>, Path(id): Path<String>, Query(params): Params) -> Reply {
    let page = with_store(&state, |store| {
        customer(store, &id)?;
        let methods = store.payment_methods.iter().filter(|m| m["customer_id"] == id.as_str()).collect();
        paginate(methods, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}

async fn list_users(State(state): State<crate::State>, Path(id): Path<String>, Query(params): Params) -> Reply {
    let page = with_store(&state, |store| {
        customer(store, &id)?;
        let users = store.users.iter().filter(|u| u["customer_id"] == id.as_str()).collect();
        paginate(users, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}

async fn create_user(State(state): State<crate::State>, Path(id): Path<String>, body: Bytes) -> Reply {
    let body = json_object(&body)?;
    let email = required_str(&body, "email")?;
    let user = with_store(&state, |store| {
        customer(store, &id)?;
        let user_id = store.new_id("user");
        Ok::<_, ApiError>(store.users.insert(json!({
            "id": user_id, "customer_id": id, "email": email,
            "first_name": optional_str(&body, "first_name"), "last_name": optional_str(&body, "last_name"),
            "job_title": null, "phone": null, "created_at": now_rfc3339(),
        })))
    })?;
    created(user)
}

// ---- invoices ---------------------------------------------------------------------------

async fn list_invoices(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let (created, due) = (TimeRange::of(&params, "created_at")?, TimeRange::of(&params, "due_date")?);
    let page = with_store(&state, |store| {
        let items = store
            .invoices
            .iter()
            .filter(live)
            .filter(|i| matches(i, &params, &["status", "customer_id"]))
            .filter(|i| created.holds(i, "created_at") && due.holds(i, "due_date"))
            .collect();
        paginate(items, &page_query(&params), list_shape(&state))
    });
    ok(page?)
}

fn line_items(body: &Map<String, Value>) -> Result<(Vec<Value>, Value), ApiError> {
    let items = match body.get("line_items") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(ApiError::bad_request("missing required field: line_items"))
        }
        Some(_) => return Err(ApiError::bad_request("line_items must be an array")),
    };
    let mut total = 0.0;
    for item in items {
        // The reference types a line item amount as a number (any number, negative for a discount).
        let amount =
            item["amount"].as_f64().ok_or_else(|| ApiError::unprocessable("line item amount must be a number"))?;
        let quantity = item["quantity"]
            .as_i64()
            .filter(|q| *q > 0)
            .ok_or_else(|| ApiError::unprocessable("line item quantity must be a positive integer"))?;
        total += amount * quantity as f64;
    }
    if !total.is_finite() || total.abs() > 9.0e15 {
        return Err(ApiError::unprocessable("invoice total is out of range"));
    }
    Ok((items.clone(), number(total)))
}

/// A JSON number: an integer when whole, so whole totals read as integers; otherwise rounded
/// to 9 decimals (what float sums of decimal amounts need).
pub(crate) fn number(value: f64) -> Value {
    let value = (value * 1e9).round() / 1e9;
    if value.fract() == 0.0 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// The money fields of an invoice, payment or payout: the reference's `sub_total`, `total`
/// and `fees`, or the guides' `amount` and `currency`.
pub(crate) fn money_fields(shapes: Shapes, total: &Value, currency: &str) -> Value {
    match shapes {
        Shapes::Reference => json!({"sub_total": total, "total": total, "fees": []}),
        Shapes::Guides => json!({"amount": total, "currency": currency}),
    }
}

async fn create_invoice(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = json_object(&body)?;
    let customer_id = required_str(&body, "customer_id")?;
    let due_date = required_str(&body, "due_date")?;
    let currency = currency(&body)?;
    let (items, total) = line_items(&body)?;
    let shapes = state.config.lock().unwrap().shapes;
    let invoice = with_store(&state, |store| {
        customer(store, &customer_id)?;
        let id = store.new_id("inv");
        let mut invoice = json!({
            "id": id, "customer_id": customer_id, "status": "OPEN", "currency": currency, "due_date": due_date,
            "line_items": items, "created_at": now_rfc3339(),
        });
        match shapes {
            Shapes::Reference => {
                let number = format!("INV-{:06}", store.invoices.iter().count() + 1);
                invoice["sub_total"] = total.clone();
                invoice["total"] = total;
                invoice["invoice_number"] = json!(number);
                invoice["memo"] = optional_str(&body, "memo");
                invoice["last_notification_at"] = Value::Null;
            }
            Shapes::Guides => invoice["amount"] = total,
        }
        let invoice = store.invoices.insert(invoice);
        store.record_event("invoice_created", &invoice);
        Ok::<_, ApiError>(invoice)
    })?;
    created(invoice)
}

fn invoice(store: &Store, id: &str) -> Result<Value, ApiError> {
    store.invoices.get(id).cloned().ok_or_else(|| ApiError::not_found("invoice", id))
}

async fn get_invoice(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    ok(with_store(&state, |store| invoice(store, &id))?)
}

/// Archiving an invoice answers 204 with no body (archiving a customer answers 200 with the
/// object), so clients are tested against both documented answers.
async fn archive_invoice(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    with_store(&state, |store| {
        let invoice = store.invoices.get_mut(&id).ok_or_else(|| ApiError::not_found("invoice", &id))?;
        if invoice["archived_at"].is_null() {
            invoice["archived_at"] = Value::String(now_rfc3339());
            let invoice = invoice.clone();
            store.record_event("invoice_archived", &invoice);
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn payment_link(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    with_store(&state, |store| invoice(store, &id))?;
    ok(json!({ "url": format!("https://checkout.sandbox.alternativepayments.io/pay/{id}") }))
}

async fn pdf_link(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    with_store(&state, |store| invoice(store, &id))?;
    ok(json!({ "url": format!("https://cdn.sandbox.alternativepayments.io/invoices/{id}.pdf?signature=sandbox") }))
}

// ---- payment requests -------------------------------------------------------------------

/// A positive amount in minor units, sent as a number or a numeric string (as in the docs).
fn payment_amount(body: &Map<String, Value>) -> Result<i64, ApiError> {
    let amount = match body.get("amount") {
        None | Some(Value::Null) => return Err(ApiError::bad_request("missing required field: amount")),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(value) => value.as_i64(),
    };
    amount.filter(|a| *a > 0).ok_or_else(|| ApiError::unprocessable("amount must be a positive integer in minor units"))
}

async fn create_payment_request(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = json_object(&body)?;
    let amount = payment_amount(&body)?;
    let currency = currency(&body)?;
    let redirect_url = required_str(&body, "redirect_url")?;
    let request = with_store(&state, |store| {
        let id = store.new_id("preq");
        store.payment_requests.insert(json!({
            "id": id, "amount": amount, "currency": currency, "status": "PENDING",
            "reference_id": optional_str(&body, "reference_id"), "redirect_url": redirect_url,
            "url": format!("https://checkout.sandbox.alternativepayments.io/pay/{id}"),
            "created_at": now_rfc3339(),
        }))
    });
    let mut answer = request;
    answer["amount"] = Value::String(amount.to_string());
    // The reference answers 200 here, the guides 201.
    if state.config.lock().unwrap().shapes == crate::Shapes::Guides {
        created(answer)
    } else {
        ok(answer)
    }
}

async fn get_payment_request(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    let request = with_store(&state, |store| store.payment_requests.get(&id).cloned());
    ok(request.ok_or_else(|| ApiError::not_found("payment request", &id))?)
}

// ---- transactions -----------------------------------------------------------------------

async fn list_transactions(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let fields = ["status", "type", "payment_method", "invoice_id", "customer_id"];
    let created = TimeRange::of(&params, "created_at")?;
    let page = with_store(&state, |store| {
        let items = store
            .transactions
            .iter()
            .filter(|t| matches(t, &params, &fields) && created.holds(t, "created_at"))
            .collect();
        paginate(items, &page_query(&params), list_shape(&state))
    });
    ok(page?)
}

// ---- payouts ----------------------------------------------------------------------------

async fn list_payouts(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let created = TimeRange::from(&params, "start_date", "end_date")?;
    let page = with_store(&state, |store| {
        let items = store
            .payouts
            .iter()
            .filter(|p| matches(p, &params, &["status", "customer_id"]) && created.holds(p, "created_at"))
            .filter(|p| {
                params.get("invoice_id").is_none_or(|invoice| {
                    store.transactions.iter().any(|t| t["payout_id"] == p["id"] && t["invoice_id"] == invoice.as_str())
                })
            })
            .collect();
        paginate(items, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}

fn payout(store: &Store, id: &str) -> Result<Value, ApiError> {
    store.payouts.get(id).cloned().ok_or_else(|| ApiError::not_found("payout", id))
}

async fn get_payout(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    ok(with_store(&state, |store| payout(store, &id))?)
}

async fn payout_transactions(
    State(state): State<crate::State>,
    Path(id): Path<String>,
    Query(params): Params,
) -> Reply {
    let page = with_store(&state, |store| {
        payout(store, &id)?;
        let transactions = store.transactions.iter().filter(|t| t["payout_id"] == id.as_str()).collect();
        paginate(transactions, &page_query(&params), PageShape::Transactions)
    });
    ok(page?)
}

// ---- webhooks ---------------------------------------------------------------------------

async fn list_webhooks(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let active = match params.get("is_active").map(String::as_str) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(ApiError::invalid_field(400, "is_active", "must be true or false")),
    };
    let page = with_store(&state, |store| {
        let items = store
            .webhooks
            .iter()
            .filter(|w| matches(w, &params, &["topic"]))
            .filter(|w| active.is_none_or(|a| w["is_active"] == a))
            .collect();
        paginate(items, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}

/// The reference's 18 topics; any other is refused with 422.
const TOPICS: &[&str] = &[
    "payout_paid",
    "payout_failed",
    "payout_processing",
    "payout_scheduled",
    "customer_created",
    "customer_updated",
    "customer_archived",
    "payment_succeeded",
    "payment_chargeback",
    "payment_refunded",
    "invoice_paid",
    "invoice_archived",
    "invoice_created",
    "invoice_updated",
    "payment_failed",
    "payment_method_added",
    "payment_method_deleted",
    "default_payment_method_changed",
];

async fn subscribe_webhook(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = json_object(&body)?;
    let endpoint_url = required_str(&body, "endpoint_url")?;
    if !endpoint_url.starts_with("https://") {
        return Err(ApiError::invalid_field(422, "endpoint_url", "must be an HTTPS URL"));
    }
    let topic = required_str(&body, "topic")?;
    if !TOPICS.contains(&topic.as_str()) {
        return Err(ApiError::invalid_field(422, "topic", "is not a webhook topic"));
    }
    let secret_last_4 = match body.get("secret_key") {
        Some(Value::String(secret)) => {
            Value::String(secret.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect())
        }
        _ => Value::Null,
    };
    let subscription = with_store(&state, |store| {
        let id = store.new_id("wh");
        let now = now_rfc3339();
        store.webhooks.insert(json!({
            "id": id, "endpoint_url": endpoint_url, "topic": topic, "is_active": true, "partner_id": "partner_sandbox",
            "secret_last_4_digits": secret_last_4, "created_at": now, "updated_at": now,
        }))
    });
    created(subscription)
}

async fn unsubscribe_webhook(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    let removed = with_store(&state, |store| {
        let mut subscription =
            store.webhooks.remove(&id).ok_or_else(|| ApiError::not_found("webhook subscription", &id))?;
        subscription["is_active"] = Value::Bool(false);
        subscription["updated_at"] = Value::String(now_rfc3339());
        Ok::<_, ApiError>(subscription)
    })?;
    ok(removed)
}

async fn list_webhook_events(State(state): State<crate::State>, Query(params): Params) -> Reply {
    let page = with_store(&state, |store| {
        let items = store.webhook_events.iter().filter(|e| matches(e, &params, &["topic", "status"])).collect();
        paginate(items, &page_query(&params), PageShape::TopLevel)
    });
    ok(page?)
}
