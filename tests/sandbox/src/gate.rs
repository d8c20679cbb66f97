//! The gate every API request passes: request id, request log, rate limit, injected faults
//! and authentication, in that order.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::store::{ApiError, FaultKind, LogEntry};

/// Runs [`handle`] on a task of its own, so that a request whose client hung up (after a
/// timeout, say) still completes its write and its log line, as on a real server.
pub async fn gate(State(state): State<crate::State>, req: Request, next: Next) -> Response {
    tokio::spawn(handle(state, req, next))
        .await
        .unwrap_or_else(|_| ApiError::new(500, "sandbox_bug", "the sandbox failed").into_response())
}

fn header_text(req: &Request, name: &str) -> Option<String> {
    req.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

async fn handle(state: crate::State, req: Request, next: Next) -> Response {
    let arrived = state.started.elapsed();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let (user_agent, accept) = (header_text(&req, "user-agent"), header_text(&req, "accept"));
    let is_token_request = path == "/oauth/token";
    let (limit, expected_id) = {
        let config = state.config.lock().unwrap();
        (config.rate_limit, config.client_id.clone())
    };

    let (request_id, identity, over_limit, fault) = {
        let mut store = state.store.lock().unwrap();
        let request_id = store.next_request_id();
        let identity = if is_token_request {
            basic_client_id(req.headers()).filter(|id| *id == expected_id).ok_or("")
        } else {
            store.token_client(bearer(req.headers()), arrived)
        };
        let over_limit = match (&identity, limit) {
            (Ok(client), Some(limit)) => store.admit(client, arrived, limit),
            _ => None,
        };
        let fault = if over_limit.is_none() { store.take_fault(&method, &path) } else { None };
        (request_id, identity, over_limit, fault)
    };

    let mut response = if let Some(retry_after) = over_limit {
        let message = format!("rate limit exceeded: at most {} requests per second per API key", limit.unwrap_or(0));
        let mut response = ApiError::new(429, "rate_limited", message).into_response();
        response.headers_mut().insert("retry-after", HeaderValue::from(retry_after));
        response
    } else {
        match fault {
            None => pass(is_token_request, &identity, req, next).await,
            Some(FaultKind::Delay { ms }) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                pass(is_token_request, &identity, req, next).await
            }
            Some(FaultKind::FailAfterWrite { status }) => {
                let _ = pass(is_token_request, &identity, req, next).await;
                ApiError::new(status, "injected_fault", "the change was saved, then the server failed").into_response()
            }
            Some(FaultKind::Status { status, retry_after, location }) => {
                let mut response = ApiError::new(status, "injected_fault", "injected by the sandbox").into_response();
                for (name, value) in [("retry-after", retry_after), ("location", location)] {
                    if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
            Some(FaultKind::NonJson { status }) => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
                let body = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
                (status, [("content-type", "text/html")], body).into_response()
            }
            Some(FaultKind::Body { status, body, repeat }) => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                (status, [("content-type", "application/json")], body.repeat(repeat.min(100_000_000))).into_response()
            }
            Some(FaultKind::Drop) => dropped_connection(),
        }
    };

    let status = response.status().as_u16();
    let status = if response.extensions().get::<Dropped>().is_some() { 0 } else { status };
    response.headers_mut().insert("x-request-id", HeaderValue::from_str(&request_id).unwrap());
    let client_id = identity.ok();
    state.store.lock().unwrap().log(LogEntry {
        request_id,
        method,
        path,
        query,
        status,
        arrived,
        client_id,
        user_agent,
        accept,
    });
    response
}

/// Marks a response whose connection is cut instead of answered.
#[derive(Clone, Copy)]
pub struct Dropped;

/// Runs the handler, unless an API request has no valid token: then a 401.
/// (The token endpoint checks its own credentials.)
async fn pass(is_token_request: bool, identity: &Result<String, &'static str>, req: Request, next: Next) -> Response {
    match identity {
        Err(reason) if !is_token_request => ApiError::new(401, "unauthorized", *reason).into_response(),
        _ => next.run(req).await,
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// The client id from `Authorization: Basic base64(id:secret)`, if well formed.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?.trim();
    let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

fn basic_client_id(headers: &HeaderMap) -> Option<String> {
    basic_credentials(headers).map(|(id, _)| id)
}

fn base64_decode(input: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in input.bytes().filter(|b| *b != b'=') {
        let value = ALPHABET.iter().position(|c| *c == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// A response whose body fails at once, so the server cuts the connection without an answer.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(std::io::Error::other("connection dropped by the sandbox"))
    });
    let mut response = Response::new(Body::from_stream(failing));
    response.extensions_mut().insert(Dropped);
    response
}
