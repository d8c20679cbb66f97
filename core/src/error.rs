//! Errors: one enum for everything that can go wrong, with a variant per class of docs/behaviour.md, "Errors".
//!
//! HTTP errors carry an [`ApiError`] with the status, the server's code and message, and the
//! `X-Request-Id` to quote to support. No variant ever holds a secret.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// The result type of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The details of an HTTP error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, e.g. `404`.
    pub status: u16,
    /// The machine-readable code from the body, e.g. `"not_found"`, when the server sent one.
    pub code: Option<String>,
    /// The human-readable message from the body, or a description of the status.
    pub message: String,
    /// The `X-Request-Id` header of the answer, to quote to support.
    pub request_id: Option<String>,
    /// The raw body, cut to 4 KiB.
    pub body: String,
    /// How long the server asked to wait (`Retry-After`), on 429 and 503 answers.
    pub retry_after: Option<Duration>,
    /// True when a POST failed in a way that may have happened after the server acted: the
    /// object may or may not exist, and the SDK did not retry (the API has no idempotency keys).
    pub outcome_unknown: bool,
    /// What the server said about each refused field (`validation_errors` in the body), e.g.
    /// `{"email": "must be a valid email"}`; empty when it said nothing per field.
    pub validation_errors: BTreeMap<String, String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        for (field, problem) in &self.validation_errors {
            write!(f, "; {field}: {problem}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if self.outcome_unknown {
            f.write_str("; the request was not retried because it may already have been applied: check before creating it again")?;
        }
        Ok(())
    }
}

const BODY_KEPT: usize = 4096;

impl ApiError {
    /// Reads an error answer. The message comes from `{"code","message"}`,
    /// `{"error":{"code","message"}}` or `{"error":"..."}`; any other body (an HTML page from a
    /// proxy, say) gives a message naming the status.
    pub fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> ApiError {
        let text = String::from_utf8_lossy(body);
        let (code, message) = parse_error_body(body).unwrap_or((None, None));
        let message = message.unwrap_or_else(|| default_message(status));
        ApiError {
            status,
            code,
            message,
            request_id,
            body: truncate(&text, BODY_KEPT).to_string(),
            retry_after: None,
            outcome_unknown: false,
            validation_errors: parse_validation_errors(body),
        }
    }
}

/// `(code, message)` from the documented error bodies; `None` when the body is not JSON.
pub fn parse_error_body(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    };
    let object = value.as_object()?;
    match object.get("error") {
        Some(serde_json::Value::Object(inner)) => {
            Some((inner.get("code").and_then(text), inner.get("message").and_then(text)))
        }
        Some(serde_json::Value::String(message)) => Some((object.get("code").and_then(text), Some(message.clone()))),
        _ => Some((object.get("code").and_then(text), object.get("message").and_then(text))),
    }
}

/// `validation_errors` of the reference's `HttpError` (a map from field to message), at the top
/// level or under `"error"`. A value that is not a string is kept as its JSON text.
fn parse_validation_errors(body: &[u8]) -> BTreeMap<String, String> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return BTreeMap::new();
    };
    let errors =
        object.get("validation_errors").or_else(|| object.get("error").and_then(|e| e.get("validation_errors")));
    let Some(serde_json::Value::Object(errors)) = errors else {
        return BTreeMap::new();
    };
    errors
        .iter()
        .map(|(field, problem)| {
            let problem = match problem {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (field.clone(), problem)
        })
        .collect()
}

fn default_message(status: u16) -> String {
    let reason = match status {
        400 => "bad request",
        401 => "authentication failed",
        403 => "permission denied",
        404 => "not found",
        409 => "conflict",
        422 => "unprocessable entity",
        429 => "too many requests",
        500..=599 => "server error",
        _ => "unexpected HTTP status",
    };
    format!("{reason} (the response body was not a JSON error)")
}

/// Cuts `text` to at most `max` bytes on a character boundary.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Everything that can go wrong, one variant per error class.
///
/// ```
/// # async fn run(client: alternative_payments::Client) {
/// use alternative_payments::Error;
/// match client.customers().get("cus_missing").await {
///     Ok(customer) => println!("{customer:?}"),
///     Err(Error::NotFound(details)) => println!("no such customer (request {:?})", details.request_id),
///     Err(other) => println!("failed: {other}"),
/// }
/// # }
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 400: the request was malformed or missed a required field.
    #[error("bad request: {0}")]
    BadRequest(ApiError),
    /// HTTP 401: the credentials or the token were refused (after one fresh token was tried).
    #[error("authentication failed: {0}; check ALTERNATIVE_PAYMENTS_CLIENT_ID and ALTERNATIVE_PAYMENTS_CLIENT_SECRET")]
    Authentication(ApiError),
    /// HTTP 403: the token is valid but may not do this.
    #[error("permission denied: {0}")]
    PermissionDenied(ApiError),
    /// HTTP 404: no such object.
    #[error("not found: {0}")]
    NotFound(ApiError),
    /// HTTP 409: the object is not in a state that allows this.
    #[error("conflict: {0}")]
    Conflict(ApiError),
    /// HTTP 422: the request was understood but refused (e.g. an unsupported currency).
    #[error("unprocessable entity: {0}")]
    UnprocessableEntity(ApiError),
    /// HTTP 429 after every retry was used.
    #[error("rate limited: {0}")]
    RateLimit(ApiError),
    /// HTTP 5xx after every retry that was safe to make.
    #[error("server error: {0}")]
    InternalServer(ApiError),
    /// Any other HTTP error status.
    #[error("API error: {0}")]
    Api(ApiError),
    /// The server could not be reached, or the connection broke.
    #[error("connection failed: {message}{}", unknown_note(*outcome_unknown))]
    Connection {
        /// What failed.
        message: String,
        /// True when the request may have reached the server (a POST is then not retried).
        outcome_unknown: bool,
    },
    /// No answer within the per-attempt timeout.
    #[error("timed out: {message}{}", unknown_note(*outcome_unknown))]
    Timeout {
        /// What timed out.
        message: String,
        /// True when the request may have reached the server (a POST is then not retried).
        outcome_unknown: bool,
    },
    /// The answer was not what the API documents.
    #[error("could not decode the response (HTTP {status}): {message}; body starts with: {body_excerpt:?}")]
    ResponseDecode {
        /// The HTTP status of the answer.
        status: u16,
        /// What did not match.
        message: String,
        /// The first 512 bytes of the body.
        body_excerpt: String,
    },
    /// A setting is missing or invalid.
    #[error("invalid configuration for `{setting}`: {message}")]
    Configuration {
        /// The setting, e.g. `client_id`.
        setting: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An argument was refused before any request was made.
    #[error("invalid argument `{argument}`: {message}")]
    InvalidArgument {
        /// The argument, e.g. `amount`.
        argument: String,
        /// What is wrong.
        message: String,
    },
    /// A webhook delivery failed the check of its secret or its body (see
    /// [`webhooks::construct_event`](crate::webhooks::construct_event)): answer it with 401 and
    /// do not act on it.
    #[error("webhook delivery refused: {message}")]
    WebhookVerification {
        /// What did not match (never the secret).
        message: String,
    },
    /// The caller cancelled the call before it ended (the blocking client's cancellation
    /// check said so); nothing more is sent for it.
    #[error("cancelled by the caller")]
    Cancelled,
}

/// What kind of failure an [`Error`] is, one per variant: what code that maps errors onto its
/// own types matches on (each binding maps a kind to its error class).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::BadRequest`].
    BadRequest,
    /// [`Error::Authentication`].
    Authentication,
    /// [`Error::PermissionDenied`].
    PermissionDenied,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::Conflict`].
    Conflict,
    /// [`Error::UnprocessableEntity`].
    UnprocessableEntity,
    /// [`Error::RateLimit`].
    RateLimit,
    /// [`Error::InternalServer`].
    InternalServer,
    /// [`Error::Api`].
    Api,
    /// [`Error::Connection`].
    Connection,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::ResponseDecode`].
    ResponseDecode,
    /// [`Error::Configuration`].
    Configuration,
    /// [`Error::InvalidArgument`].
    InvalidArgument,
    /// [`Error::WebhookVerification`].
    WebhookVerification,
    /// [`Error::Cancelled`].
    Cancelled,
}

impl ErrorKind {
    /// The kind as snake_case text, e.g. `"not_found"` (the `kind` of [`Error::fields`]).
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Authentication => "authentication",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::UnprocessableEntity => "unprocessable_entity",
            ErrorKind::RateLimit => "rate_limit",
            ErrorKind::InternalServer => "internal_server",
            ErrorKind::Api => "api",
            ErrorKind::Connection => "connection",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ResponseDecode => "response_decode",
            ErrorKind::Configuration => "configuration",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::WebhookVerification => "webhook_verification",
            ErrorKind::Cancelled => "cancelled",
        }
    }
}

fn unknown_note(outcome_unknown: bool) -> &'static str {
    if outcome_unknown {
        "; the outcome is unknown (the request may have been applied) and it was not retried: check before creating it again"
    } else {
        ""
    }
}

impl Error {
    /// The error for an HTTP error answer, by status.
    pub fn from_api(details: ApiError) -> Error {
        match details.status {
            400 => Error::BadRequest(details),
            401 => Error::Authentication(details),
            403 => Error::PermissionDenied(details),
            404 => Error::NotFound(details),
            409 => Error::Conflict(details),
            422 => Error::UnprocessableEntity(details),
            429 => Error::RateLimit(details),
            500..=599 => Error::InternalServer(details),
            _ => Error::Api(details),
        }
    }

    /// The HTTP details, for every HTTP error variant.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Authentication(e)
            | Error::PermissionDenied(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::UnprocessableEntity(e)
            | Error::RateLimit(e)
            | Error::InternalServer(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, for HTTP errors and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::ResponseDecode { status, .. } => Some(*status),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadRequest(_) => ErrorKind::BadRequest,
            Error::Authentication(_) => ErrorKind::Authentication,
            Error::PermissionDenied(_) => ErrorKind::PermissionDenied,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::UnprocessableEntity(_) => ErrorKind::UnprocessableEntity,
            Error::RateLimit(_) => ErrorKind::RateLimit,
            Error::InternalServer(_) => ErrorKind::InternalServer,
            Error::Api(_) => ErrorKind::Api,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::ResponseDecode { .. } => ErrorKind::ResponseDecode,
            Error::Configuration { .. } => ErrorKind::Configuration,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::WebhookVerification { .. } => ErrorKind::WebhookVerification,
            Error::Cancelled => ErrorKind::Cancelled,
        }
    }

    /// Every field of the error, for the bindings to build their own error objects: `kind`
    /// ([`ErrorKind::as_str`]), `message` (the whole `Display` text), and, where they apply,
    /// `status`, `code`, `server_message`, `request_id`, `body`, `retry_after` (seconds),
    /// `outcome_unknown`, `validation_errors`, `setting`, `argument`.
    pub fn fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut fields = serde_json::Map::new();
        fields.insert("kind".into(), self.kind().as_str().into());
        fields.insert("message".into(), self.to_string().into());
        let extra = match self {
            Error::Connection { outcome_unknown, .. } | Error::Timeout { outcome_unknown, .. } => {
                serde_json::json!({ "outcome_unknown": outcome_unknown })
            }
            Error::ResponseDecode { status, body_excerpt, .. } => {
                serde_json::json!({ "status": status, "body": body_excerpt })
            }
            Error::Configuration { setting, .. } => serde_json::json!({ "setting": setting }),
            Error::InvalidArgument { argument, .. } => serde_json::json!({ "argument": argument }),
            other => match other.api_error() {
                Some(e) => serde_json::json!({
                    "status": e.status, "code": e.code, "server_message": e.message, "request_id": e.request_id,
                    "body": e.body, "retry_after": e.retry_after.map(|d| d.as_secs_f64()), "outcome_unknown": e.outcome_unknown,
                    "validation_errors": e.validation_errors,
                }),
                None => serde_json::json!({}),
            },
        };
        if let serde_json::Value::Object(extra) = extra {
            fields.extend(extra);
        }
        fields
    }

    pub(crate) fn invalid(argument: &str, message: impl Into<String>) -> Error {
        Error::InvalidArgument { argument: argument.to_string(), message: message.into() }
    }

    pub(crate) fn webhook(message: impl Into<String>) -> Error {
        Error::WebhookVerification { message: message.into() }
    }

    pub(crate) fn config(setting: &str, message: impl Into<String>) -> Error {
        Error::Configuration { setting: setting.to_string(), message: message.into() }
    }

    pub(crate) fn decode(status: u16, message: impl Into<String>, body: &[u8]) -> Error {
        let text = String::from_utf8_lossy(body);
        Error::ResponseDecode { status, message: message.into(), body_excerpt: truncate(&text, 512).to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_error_body() {
        let flat = ApiError::from_response(404, None, br#"{"code":"not_found","message":"no such customer"}"#);
        assert_eq!((flat.code.as_deref(), flat.message.as_str()), (Some("not_found"), "no such customer"));
        let nested =
            ApiError::from_response(400, None, br#"{"error":{"code":"missing","message":"name is required"}}"#);
        assert_eq!((nested.code.as_deref(), nested.message.as_str()), (Some("missing"), "name is required"));
        let plain = ApiError::from_response(400, None, br#"{"error":"bad things"}"#);
        assert_eq!((plain.code, plain.message.as_str()), (None, "bad things"));
    }

    #[test]
    fn reads_the_references_validation_errors() {
        let body = br#"{"code":"validation","message":"invalid input","validation_errors":{"email":"must be an email","name":"is required"}}"#;
        let details = ApiError::from_response(422, None, body);
        assert_eq!(details.validation_errors.get("email").map(String::as_str), Some("must be an email"));
        assert_eq!(details.validation_errors.len(), 2);
        assert!(details.to_string().contains("email: must be an email"), "{details}");
        let nested = ApiError::from_response(400, None, br#"{"error":{"message":"x","validation_errors":{"n":1}}}"#);
        assert_eq!(nested.validation_errors.get("n").map(String::as_str), Some("1"));
        assert!(ApiError::from_response(400, None, b"<html>").validation_errors.is_empty());
        let fields = Error::from_api(details).fields();
        assert_eq!(fields["validation_errors"]["name"], "is required");
        assert_eq!(fields["kind"], "unprocessable_entity");
    }

    #[test]
    fn a_non_json_body_still_gives_a_clean_error() {
        let html = ApiError::from_response(502, Some("req_1".into()), b"<html>Bad Gateway</html>");
        assert_eq!(html.status, 502);
        assert!(html.message.contains("server error"), "{}", html.message);
        assert_eq!(html.body, "<html>Bad Gateway</html>");
        let error = Error::from_api(html);
        assert_eq!(error.kind(), ErrorKind::InternalServer);
        assert!(error.to_string().contains("request id req_1"));
    }

    #[test]
    fn a_body_that_is_not_json_gives_the_reason_of_its_status() {
        let reasons = [
            (400, "bad request"),
            (401, "authentication failed"),
            (403, "permission denied"),
            (404, "not found"),
            (409, "conflict"),
            (422, "unprocessable entity"),
            (429, "too many requests"),
            (503, "server error"),
            (418, "unexpected HTTP status"),
        ];
        for (status, reason) in reasons {
            let details = ApiError::from_response(status, None, b"<html>");
            assert_eq!(details.message, format!("{reason} (the response body was not a JSON error)"), "{status}");
        }
    }

    #[test]
    fn an_unknown_outcome_is_said_and_statuses_are_kept() {
        let unknown = Error::Timeout { message: "slow".into(), outcome_unknown: true };
        assert!(unknown.to_string().contains("the outcome is unknown"), "{unknown}");
        let known = Error::Timeout { message: "slow".into(), outcome_unknown: false };
        assert_eq!(known.to_string(), "timed out: slow");
        assert_eq!(known.status(), None);
        assert_eq!(Error::from_api(ApiError::from_response(404, None, b"")).status(), Some(404));
        assert_eq!(Error::decode(200, "odd", b"x").status(), Some(200));
    }

    #[test]
    fn statuses_map_to_classes() {
        let classes: Vec<_> = [400, 401, 403, 404, 409, 422, 429, 500, 503, 418]
            .into_iter()
            .map(|status| Error::from_api(ApiError::from_response(status, None, b"")).kind().as_str())
            .collect();
        assert_eq!(
            classes,
            [
                "bad_request",
                "authentication",
                "permission_denied",
                "not_found",
                "conflict",
                "unprocessable_entity",
                "rate_limit",
                "internal_server",
                "internal_server",
                "api"
            ]
        );
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
