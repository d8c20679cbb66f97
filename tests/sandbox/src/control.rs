//! Control endpoints under `/_sandbox/`: no auth, no rate limit, not logged.
//!
//! | endpoint | what it does |
//! |---|---|
//! | `POST /_sandbox/reset` | forget every object, token, fault and log line |
//! | `POST /_sandbox/config` | `{"rate_limit": 5 (a whole number from 1) or null, "token_ttl_secs": 3600 (from 1), "client_id": "...", "client_secret": "...", "shapes": "reference" or "guides"}`: objects created from then on take those shapes |
//! | `POST /_sandbox/tokens/expire` | every issued token is refused from now on |
//! | `POST /_sandbox/payment-requests/{id}/pay`, `/expire`, `/cancel` | settle a payment request (pay creates its transaction) |
//! | `POST /_sandbox/invoices/{id}/pay` | mark an invoice paid and create its transaction |
//! | `POST /_sandbox/payouts` | `{"transaction_ids": [...]}` (default: every succeeded transaction not paid out yet) |
//! | `POST /_sandbox/faults` | `{"kind": "status", "status": 503, "retry_after": "1", "method": "GET", "path": "/customers", "count": 2}` (`count` from 1); kinds `status`, `drop`, `delay` (`ms`), `non_json`, `body` (`body`, `status`, `repeat`), `fail_after_write` |
//! | `POST /_sandbox/seed` | `{"customers": 20000}`: that many customers at once (for benchmarks) |
//! | `GET /_sandbox/requests` | the request log: method, path, query, status, `at_ms`, client id, request id, user agent, accept |

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::api::{money_fields, number};
use crate::store::{ApiError, Fault, Store};
use crate::time::now_rfc3339;
use crate::Shapes;

type Reply = Result<Response, ApiError>;

pub fn routes() -> Router<crate::State> {
    Router::new()
        .route("/reset", post(reset))
        .route("/config", post(configure))
        .route("/tokens/expire", post(expire_tokens))
        .route("/payment-requests/{id}/{action}", post(settle_payment_request))
        .route("/invoices/{id}/pay", post(pay_invoice))
        .route("/payouts", post(create_payout))
        .route("/faults", post(add_fault))
        .route("/seed", post(seed))
        .route("/requests", get(request_log))
}

fn body_json(body: &Bytes) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|err| ApiError::bad_request(format!("malformed JSON: {err}")))
}

fn done() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn reset(State(state): State<crate::State>) -> Reply {
    state.store.lock().unwrap().reset();
    done()
}

async fn configure(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = body_json(&body)?;
    let mut config = state.config.lock().unwrap();
    config.apply(&body).map_err(ApiError::bad_request)?;
    let shapes = if config.shapes == crate::Shapes::Guides { "guides" } else { "reference" };
    let shown = json!({"rate_limit": config.rate_limit, "token_ttl_secs": config.token_ttl_secs, "client_id": config.client_id,
        "shapes": shapes});
    Ok(Json(shown).into_response())
}

async fn expire_tokens(State(state): State<crate::State>) -> Reply {
    state.store.lock().unwrap().expire_tokens();
    done()
}

/// A succeeded payment of `total`. `invoice_id`, `type` and `payout_id` are not in the
/// reference's `Payment`, but the sandbox keeps them: its filters and payouts use them.
fn new_transaction(store: &mut Store, shapes: Shapes, total: &Value, payment_method: &str, extra: Value) -> Value {
    let id = store.new_id("txn");
    let mut transaction = json!({
        "id": id, "status": "succeeded", "type": "payment", "direction": "inbound", "payment_method": payment_method,
        "invoice_id": null, "customer_id": null, "payout_id": null, "due_date": null, "created_at": now_rfc3339(),
    });
    if let (Value::Object(fields), Value::Object(money), Value::Object(extra)) =
        (&mut transaction, money_fields(shapes, total, "USD"), extra)
    {
        fields.extend(money);
        fields.extend(extra);
    }
    // Card payments carry the processor's fee (2.9% + 0.30, so often fractional), paid by
    // the merchant: `total` stays what the customer paid.
    if shapes == Shapes::Reference && payment_method == "card" {
        let fee = total.as_f64().unwrap_or(0.0) * 0.029 + 0.30;
        transaction["fees"] = json!([{"amount": number(fee), "covered_by_customer": false, "name": "Card processing", "type": "FT_METHOD"}]);
    }
    let transaction = store.transactions.insert(transaction);
    store.record_event("payment_succeeded", &transaction);
    transaction
}

fn shapes(state: &crate::State) -> Shapes {
    state.config.lock().unwrap().shapes
}

async fn settle_payment_request(
    State(state): State<crate::State>,
    Path((id, action)): Path<(String, String)>,
) -> Reply {
    let status = match action.as_str() {
        "pay" => "PAID",
        "expire" => "EXPIRED",
        "cancel" => "CANCELLED",
        _ => return Err(ApiError::new(404, "not_found", "action must be pay, expire or cancel")),
    };
    let shapes = shapes(&state);
    let mut store = state.store.lock().unwrap();
    let request = store.payment_requests.get_mut(&id).ok_or_else(|| ApiError::not_found("payment request", &id))?;
    if request["status"] != "PENDING" {
        let message = format!("payment request {id} is already {}", request["status"].as_str().unwrap_or("settled"));
        return Err(ApiError::new(409, "conflict", message));
    }
    request["status"] = Value::String(status.into());
    let request = request.clone();
    let transaction = (status == "PAID")
        .then(|| new_transaction(&mut store, shapes, &request["amount"], "card", json!({"payment_request_id": id})));
    Ok(Json(json!({"payment_request": request, "transaction": transaction})).into_response())
}

async fn pay_invoice(State(state): State<crate::State>, Path(id): Path<String>) -> Reply {
    let shapes = shapes(&state);
    let mut store = state.store.lock().unwrap();
    let invoice = store.invoices.get_mut(&id).ok_or_else(|| ApiError::not_found("invoice", &id))?;
    if invoice["status"] == "PAID" {
        return Err(ApiError::new(409, "conflict", format!("invoice {id} is already PAID")));
    }
    invoice["status"] = Value::String("PAID".into());
    let invoice = invoice.clone();
    let extra = json!({"invoice_id": id, "customer_id": invoice["customer_id"]});
    let total = if invoice["total"].is_null() { &invoice["amount"] } else { &invoice["total"] };
    let transaction = new_transaction(&mut store, shapes, total, "standard_ach", extra);
    store.record_event("invoice_paid", &invoice);
    Ok(Json(json!({"invoice": invoice, "transaction": transaction})).into_response())
}

async fn create_payout(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = body_json(&body)?;
    let wanted: Option<Vec<String>> = body
        .get("transaction_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(|id| id.as_str().map(String::from)).collect());
    let shapes = shapes(&state);
    let mut store = state.store.lock().unwrap();
    let chosen: Vec<Value> = store
        .transactions
        .iter()
        .filter(|t| t["payout_id"].is_null() && t["status"] == "succeeded")
        .filter(|t| wanted.as_ref().is_none_or(|ids| ids.iter().any(|id| t["id"] == id.as_str())))
        .cloned()
        .collect();
    if chosen.is_empty() {
        return Err(ApiError::new(409, "conflict", "no succeeded transaction is waiting for a payout"));
    }
    let sub_total: f64 = chosen.iter().filter_map(|t| t["total"].as_f64().or_else(|| t["amount"].as_f64())).sum();
    let fees: f64 = chosen
        .iter()
        .flat_map(|t| t["fees"].as_array().cloned().unwrap_or_default())
        .filter(|fee| fee["covered_by_customer"] != true)
        .filter_map(|fee| fee["amount"].as_f64())
        .sum();
    let customer_id = chosen[0]["customer_id"].clone();
    let id = store.new_id("pout");
    for transaction in &chosen {
        if let Some(stored) = store.transactions.get_mut(transaction["id"].as_str().unwrap_or_default()) {
            stored["payout_id"] = Value::String(id.clone());
        }
    }
    let mut payout = json!({
        "id": id, "status": "succeeded", "customer_id": customer_id, "arrival_date": now_rfc3339(),
        "transaction_count": chosen.len(), "created_at": now_rfc3339(),
    });
    if let (Value::Object(fields), Value::Object(money)) =
        (&mut payout, money_fields(shapes, &number(sub_total - fees), "USD"))
    {
        fields.extend(money);
    }
    // The reference's payout: what the payments brought in, less the fees taken.
    if shapes == Shapes::Reference {
        payout["sub_total"] = number(sub_total);
        if fees > 0.0 {
            payout["fees"] = json!([{"amount": number(fees), "covered_by_customer": false, "name": "Processing fees", "type": "method"}]);
        }
    }
    let payout = store.payouts.insert(payout);
    store.record_event("payout_paid", &payout);
    Ok((StatusCode::CREATED, Json(payout)).into_response())
}

async fn add_fault(State(state): State<crate::State>, body: Bytes) -> Reply {
    let fault: Fault =
        serde_json::from_slice(&body).map_err(|err| ApiError::bad_request(format!("bad fault: {err}")))?;
    if fault.count == 0 {
        return Err(ApiError::bad_request("bad fault: count must be 1 or more"));
    }
    state.store.lock().unwrap().add_fault(fault);
    done()
}

async fn seed(State(state): State<crate::State>, body: Bytes) -> Reply {
    let body = body_json(&body)?;
    let count = body.get("customers").and_then(Value::as_u64).unwrap_or(0).min(1_000_000);
    let shapes_now = shapes(&state);
    let mut store = state.store.lock().unwrap();
    let now = now_rfc3339();
    // `{"payment_methods": {"customer_id": "cus_1", "count": 25}}` adds cards to a customer.
    let methods = body.get("payment_methods").cloned().unwrap_or(Value::Null);
    if let (Some(customer_id), Some(cards)) = (methods["customer_id"].as_str(), methods["count"].as_u64()) {
        for n in 0..cards.min(1000) {
            let id = store.new_id("pm");
            store.payment_methods.insert(json!({
                "id": id, "customer_id": customer_id, "type": "card", "brand": "visa", "last4": format!("{:04}", n % 10_000),
                "exp_month": "12", "exp_year": "2030", "default": false, "created_at": now,
            }));
        }
    }
    // `{"transactions": 25}` adds succeeded card payments waiting for a payout.
    for _ in 0..body.get("transactions").and_then(Value::as_u64).unwrap_or(0).min(10_000) {
        new_transaction(&mut store, shapes_now, &json!(1000), "card", json!({}));
    }
    for n in 0..count {
        let id = store.new_id("cus");
        store.customers.insert(json!({
            "id": id, "name": format!("Customer {n}"), "email": format!("billing{n}@example.com"),
            "external_id": null, "default_payment_method_id": null, "created_at": now,
        }));
    }
    Ok(Json(json!({ "customers": count })).into_response())
}

async fn request_log(State(state): State<crate::State>) -> Reply {
    Ok(Json(json!({ "requests": state.store.lock().unwrap().log_json() })).into_response())
}
