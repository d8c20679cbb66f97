//! The uniffi binding: the core's blocking client behind `alternative_payments.udl`.
//!
//! The UDL and the records and resource objects (`generated.rs`) are written by `make generate`
//! from the core's declaration of every operation and model; they reach the core through its
//! JSON entry point (`blocking::Client::call`), so nothing here mirrors a core type or decides
//! behaviour. By hand: the settings, the error type and the namespace functions.

use alternative_payments as core;
use alternative_payments::blocking;

mod generated;
mod json;

pub use generated::*;

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

/// The webhook topics the reference lists (see the UDL).
pub fn webhook_topics() -> Vec<String> {
    core::WEBHOOK_TOPICS.iter().map(|topic| topic.to_string()).collect()
}

/// Checks a webhook delivery and reads its event (see the UDL).
pub fn construct_webhook_event(
    body: Vec<u8>,
    authorization: Option<String>,
    secret_key: String,
) -> Result<WebhookEvent> {
    let event = core::webhooks::construct_event(&body, authorization.as_deref(), &secret_key)?;
    json::from_model(&event)
}

/// Settings of a [`Client`] (see the UDL).
pub struct ClientConfig {
    pub client_id: Option<String>,
    pub base_url: Option<String>,
    pub timeout_seconds: f64,
    pub max_retries: u32,
    pub rate_limit: Option<f64>,
    pub redis_url: Option<String>,
    pub deadline_seconds: Option<f64>,
    pub proxy: Option<String>,
    pub ca_bundle: Option<String>,
    pub environment: Option<String>,
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
            "deadline": config.deadline_seconds,
            "proxy": config.proxy,
            "ca_bundle": config.ca_bundle,
            "environment": config.environment,
            "user_agent": format!("alternative-payments-uniffi/{}", env!("CARGO_PKG_VERSION")),
        });
        let builder = core::ClientBuilder::from_settings(&settings, core::Naming::Snake).map_err(|err| match err {
            core::Error::Configuration { setting, message } if setting == "timeout" || setting == "deadline" => {
                core::Error::Configuration { setting: format!("{setting}_seconds"), message }
            }
            other => other,
        })?;
        Ok(Client { inner: blocking::Client::new(&builder)? })
    }
}
