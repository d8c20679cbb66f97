//! The sandbox's state: every object created, issued tokens, the rate windows, pending faults
//! and the request log. Objects are JSON values, kept in creation order.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// Currencies the sandbox accepts; any other gives a 422, as the API does.
pub const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "CAD", "AUD"];

/// An error answer: a status and a JSON body `{"code", "message"}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// The reference's `validation_errors`: what is wrong with each field.
    pub validation_errors: Option<Value>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), validation_errors: None }
    }
    /// A refused field, with `validation_errors: {field: problem}` as the reference shows.
    pub fn invalid_field(status: u16, field: &str, problem: &str) -> Self {
        let code = if status == 422 { "unprocessable_entity" } else { "bad_request" };
        let mut error = Self::new(status, code, format!("{field} {problem}"));
        error.validation_errors = Some(json!({ field: problem }));
        error
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "bad_request", message)
    }
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(404, "not_found", format!("{kind} {id} not found"))
    }
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(422, "unprocessable_entity", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({"code": self.code, "message": self.message});
        if let Some(errors) = self.validation_errors {
            body["validation_errors"] = errors;
        }
        (status, Json(body)).into_response()
    }
}

/// A fault to inject into the next matching requests.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (and `Retry-After`, `Location` when given) without running
    /// the handler.
    Status { status: u16, retry_after: Option<String>, location: Option<String> },
    /// Cut the connection without an answer.
    Drop,
    /// Wait this long, then answer normally.
    Delay { ms: u64 },
    /// Answer with an HTML page instead of JSON.
    NonJson {
        #[serde(default = "bad_gateway")]
        status: u16,
    },
    /// Answer with exactly this body (repeated `repeat` times) and status, without running the
    /// handler: for testing how clients read odd or huge answers.
    Body {
        #[serde(default = "ok_status")]
        status: u16,
        body: String,
        #[serde(default = "one_copy")]
        repeat: usize,
    },
    /// Run the handler (the write happens), then answer with this status.
    FailAfterWrite {
        #[serde(default = "internal_error")]
        status: u16,
    },
}

fn bad_gateway() -> u16 {
    502
}
fn internal_error() -> u16 {
    500
}
fn ok_status() -> u16 {
    200
}
fn one_copy() -> usize {
    1
}

/// A pending fault: which requests it matches and how many more it applies to.
#[derive(Clone, Debug, Deserialize)]
pub struct Fault {
    /// HTTP method to match (any when absent).
    pub method: Option<String>,
    /// Path prefix to match, e.g. `/invoices` (any when absent).
    pub path: Option<String>,
    /// How many matching requests get the fault.
    #[serde(default = "one")]
    pub count: u32,
    #[serde(flatten)]
    pub kind: FaultKind,
}

fn one() -> u32 {
    1
}

/// One line of the request log.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub request_id: String,
    pub method: String,
    pub path: String,
    pub query: String,
    /// The status answered; 0 when the connection was dropped.
    pub status: u16,
    /// When the request arrived, since the sandbox started.
    pub arrived: Duration,
    pub client_id: Option<String>,
    /// The `User-Agent` and `Accept` headers, as sent.
    pub user_agent: Option<String>,
    pub accept: Option<String>,
}

impl LogEntry {
    pub fn to_json(&self) -> Value {
        json!({
            "request_id": self.request_id,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "at_ms": self.arrived.as_secs_f64() * 1000.0,
            "client_id": self.client_id,
            "user_agent": self.user_agent,
            "accept": self.accept,
        })
    }
}

/// Objects of one kind in creation order.
#[derive(Default)]
pub struct Collection {
    items: Vec<Value>,
}

impl Collection {
    pub fn insert(&mut self, item: Value) -> Value {
        self.items.push(item.clone());
        item
    }
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.items.iter().find(|item| item["id"] == id)
    }
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.items.iter_mut().find(|item| item["id"] == id)
    }
    pub fn remove(&mut self, id: &str) -> Option<Value> {
        let index = self.items.iter().position(|item| item["id"] == id)?;
        Some(self.items.remove(index))
    }
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.items.iter()
    }
}

#[derive(Default)]
pub struct Store {
    next_id: u64,
    next_request: u64,
    pub customers: Collection,
    pub users: Collection,
    pub payment_methods: Collection,
    pub invoices: Collection,
    pub payment_requests: Collection,
    pub transactions: Collection,
    pub payouts: Collection,
    pub webhooks: Collection,
    pub webhook_events: Collection,
    tokens: HashMap<String, (String, Duration)>,
    windows: HashMap<String, VecDeque<Duration>>,
    faults: Vec<Fault>,
    log: Vec<LogEntry>,
}

impl Store {
    /// A new id such as `cus_000007`.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:06}", self.next_id)
    }

    /// Records a webhook event of `topic` about `object` (what `GET /webhooks/events` lists).
    /// Its status is `delivered` when an active subscription to the topic exists, else
    /// `skipped`: the sandbox sends no deliveries.
    pub fn record_event(&mut self, topic: &str, object: &Value) {
        let subscribed = self.webhooks.iter().any(|w| w["topic"] == topic && w["is_active"] == true);
        let id = self.new_id("evt");
        let status = if subscribed { "delivered" } else { "skipped" };
        let created_at = crate::time::now_rfc3339();
        self.webhook_events
            .insert(json!({"id": id, "topic": topic, "status": status, "data": object, "created_at": created_at}));
    }

    pub fn next_request_id(&mut self) -> String {
        self.next_request += 1;
        format!("req_{:08}", self.next_request)
    }

    /// Forgets every object, token, fault and log line.
    pub fn reset(&mut self) {
        *self = Store::default();
    }

    pub fn issue_token(&mut self, client_id: &str, expires_at: Duration) -> String {
        self.next_id += 1;
        let token = format!("sbx_tok_{:06}_{:x}", self.next_id, expires_at.as_nanos() % 0xffff_ffff);
        self.tokens.insert(token.clone(), (client_id.to_string(), expires_at));
        token
    }

    /// Makes every issued token invalid, as if they had all expired.
    pub fn expire_tokens(&mut self) {
        self.tokens.clear();
    }

    /// The client a bearer token belongs to, or why it is refused.
    pub fn token_client(&self, token: Option<&str>, now: Duration) -> Result<String, &'static str> {
        let token = token.ok_or("missing bearer token")?;
        match self.tokens.get(token) {
            None => Err("invalid access token"),
            Some((_, expires_at)) if *expires_at <= now => Err("access token expired"),
            Some((client, _)) => Ok(client.clone()),
        }
    }

    /// Counts an arrival against the client's 1 s window. `Some(retry_after_secs)` when the
    /// request is over the limit (it is then not counted).
    pub fn admit(&mut self, client: &str, now: Duration, limit: u32) -> Option<u32> {
        let window = self.windows.entry(client.to_string()).or_default();
        while window.front().is_some_and(|t| now.saturating_sub(*t) >= Duration::from_secs(1)) {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            let oldest = window.front().copied().unwrap_or(now);
            let wait = Duration::from_secs(1).saturating_sub(now.saturating_sub(oldest));
            return Some(wait.as_secs_f64().ceil().max(1.0) as u32);
        }
        window.push_back(now);
        None
    }

    pub fn add_fault(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    /// Takes one use of the first fault that matches the request.
    pub fn take_fault(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let index = self.faults.iter().position(|f| {
            f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && f.path.as_deref().is_none_or(|p| path.starts_with(p))
        })?;
        let fault = &mut self.faults[index];
        let kind = fault.kind.clone();
        fault.count = fault.count.saturating_sub(1);
        if fault.count == 0 {
            self.faults.remove(index);
        }
        Some(kind)
    }

    pub fn log(&mut self, entry: LogEntry) {
        self.log.push(entry);
    }

    pub fn log_json(&self) -> Vec<Value> {
        self.log.iter().map(LogEntry::to_json).collect()
    }
}

/// Query parameters every list endpoint takes.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub limit: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// Where cursors go in a list answer: the reference puts them at the top level, the guides
/// under `"pagination"`. The sandbox uses both, so clients are tested against both.
#[derive(Clone, Copy)]
pub enum PageShape {
    TopLevel,
    Nested,
    /// The guides' payout transactions: `{"transactions": [...]}`, cursors at the top level.
    Transactions,
}

fn cursor_of(item: &Value) -> String {
    format!("cur_{}", item["id"].as_str().unwrap_or_default())
}

/// Cuts one page out of `items` (already filtered) as the API would; only the page is copied.
pub fn paginate(items: Vec<&Value>, query: &PageQuery, shape: PageShape) -> Result<Value, ApiError> {
    let limit = match query.limit.as_deref() {
        None | Some("") => 10,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err(ApiError::bad_request("limit must be an integer between 1 and 100")),
        },
    };
    let position = |cursor: &str| {
        let id = cursor.strip_prefix("cur_")?;
        items.iter().position(|item| item["id"] == id)
    };
    let (start, end) = match (query.after.as_deref(), query.before.as_deref()) {
        (Some(after), _) if !after.is_empty() => {
            let at = position(after).ok_or_else(|| ApiError::bad_request("unknown cursor in `after`"))?;
            (at + 1, (at + 1 + limit).min(items.len()))
        }
        (_, Some(before)) if !before.is_empty() => {
            let at = position(before).ok_or_else(|| ApiError::bad_request("unknown cursor in `before`"))?;
            (at.saturating_sub(limit), at)
        }
        _ => (0, limit.min(items.len())),
    };
    let page = &items[start..end];
    let start_cursor = page.first().map(|item| cursor_of(item));
    let end_cursor = page.last().map(|item| cursor_of(item));
    let cursors = json!({
        "has_next_page": end < items.len(),
        "has_previous_page": start > 0,
        "start_cursor": start_cursor,
        "end_cursor": end_cursor,
    });
    let mut body = Map::new();
    let key = if matches!(shape, PageShape::Transactions) { "transactions" } else { "data" };
    body.insert(key.into(), Value::Array(page.iter().map(|item| (*item).clone()).collect()));
    match shape {
        PageShape::TopLevel | PageShape::Transactions => {
            if let Value::Object(cursors) = cursors {
                body.extend(cursors);
            }
        }
        PageShape::Nested => {
            body.insert("pagination".into(), cursors);
        }
    }
    Ok(Value::Object(body))
}
