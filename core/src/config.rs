//! Client settings: a builder that reads the environment for what it is not given, and the
//! checks of docs/behaviour.md, "Settings" (credentials present, base URL well formed and https unless loopback).

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use crate::error::{Error, Result};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://public-api.alternativepayments.io";
/// The vendor's demo environment (its own credentials and tokens), chosen by
/// `environment("demo")`.
pub const DEMO_BASE_URL: &str = "https://public-api.demo.alternativepayments.io";
/// Environment variable read for the environment (`production` or `demo`).
pub const ENV_ENVIRONMENT: &str = "ALTERNATIVE_PAYMENTS_ENVIRONMENT";
/// Environment variable read for the Redis URL that shares the key's budget and token across
/// processes and hosts (docs/behaviour.md, "Many processes, one key").
pub const ENV_REDIS_URL: &str = "ALTERNATIVE_PAYMENTS_REDIS_URL";
/// Environment variable read for the client id.
pub const ENV_CLIENT_ID: &str = "ALTERNATIVE_PAYMENTS_CLIENT_ID";
/// Environment variable read for the client secret.
pub const ENV_CLIENT_SECRET: &str = "ALTERNATIVE_PAYMENTS_CLIENT_SECRET";
/// Environment variable read for the base URL.
pub const ENV_BASE_URL: &str = "ALTERNATIVE_PAYMENTS_BASE_URL";
/// The per-attempt timeout when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Retries after the first attempt when none is set.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Requests per second per API key, the API's documented limit.
pub const DEFAULT_RATE_LIMIT: f64 = 5.0;

/// A string that never shows itself in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// Validated settings of a client.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    /// Without a trailing slash, e.g. `https://public-api.alternativepayments.io`.
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) deadline: Option<Duration>,
    pub(crate) rate_limit: Option<f64>,
    pub(crate) user_agent: String,
    /// Shares the limiter and the token through this Redis (may hold a password: never shown).
    pub(crate) redis_url: Option<Secret>,
    /// Certificate authorities trusted besides the built-in ones (PEM).
    pub(crate) root_certificates: Vec<Vec<u8>>,
    /// The proxy of every request (it may hold credentials).
    pub(crate) proxy: Option<Secret>,
    /// A PEM file of more certificate authorities to trust.
    pub(crate) ca_bundle: Option<std::path::PathBuf>,
}

impl Config {
    /// The client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
    /// Retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }
    /// The bound of a whole call (every attempt, backoff and rate-limit wait), if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }
    /// These settings with `options` applied over them.
    pub fn with_options(&self, options: &CallOptions) -> Config {
        let mut config = self.clone();
        config.timeout = options.timeout.unwrap_or(config.timeout);
        config.max_retries = options.max_retries.unwrap_or(config.max_retries);
        config.deadline = options.deadline.or(config.deadline);
        config
    }
    /// Requests per second, or `None` when the client does not limit itself.
    pub fn rate_limit(&self) -> Option<f64> {
        self.rate_limit
    }
    /// Whether the budget and the token are shared through Redis.
    pub fn shares_through_redis(&self) -> bool {
        self.redis_url.is_some()
    }
}

/// Builds a [`Client`](crate::Client). Settings not given are read from the environment,
/// then fall back to the defaults of the README.
///
/// ```no_run
/// # fn main() -> alternative_payments::Result<()> {
/// let client = alternative_payments::Client::builder()
///     .client_id("my_client_id")
///     .client_secret("my_client_secret")
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    client_id: Option<String>,
    client_secret: Option<Secret>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    deadline: Option<Duration>,
    rate_limit: Option<Option<f64>>,
    user_agent: Option<String>,
    environment: Option<String>,
    redis_url: Option<Secret>,
    root_certificates: Vec<Vec<u8>>,
    proxy: Option<Secret>,
    ca_bundle: Option<std::path::PathBuf>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("base_url", &self.base_url)
            .field("environment", &self.environment)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("deadline", &self.deadline)
            .field("rate_limit", &self.rate_limit)
            .field("redis_url", &self.redis_url)
            .field("proxy", &self.proxy)
            .field("ca_bundle", &self.ca_bundle)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }
    /// The API key's client id (else `ALTERNATIVE_PAYMENTS_CLIENT_ID`).
    pub fn client_id(mut self, value: impl Into<String>) -> Self {
        self.client_id = Some(value.into());
        self
    }
    /// The API key's client secret (else `ALTERNATIVE_PAYMENTS_CLIENT_SECRET`).
    pub fn client_secret(mut self, value: impl Into<String>) -> Self {
        self.client_secret = Some(Secret::new(value));
        self
    }
    /// The API's base URL (else `ALTERNATIVE_PAYMENTS_BASE_URL`, else production).
    /// Must be https, except on loopback (the sandbox).
    pub fn base_url(mut self, value: impl Into<String>) -> Self {
        self.base_url = Some(value.into());
        self
    }
    /// `"production"` (the default) or `"demo"`, the vendor's demo host
    /// ([`DEMO_BASE_URL`]); else `ALTERNATIVE_PAYMENTS_ENVIRONMENT`. An explicit
    /// [`base_url`](Self::base_url) wins over it.
    pub fn environment(mut self, value: impl Into<String>) -> Self {
        self.environment = Some(value.into());
        self
    }
    /// A Redis (`redis://host:6379/0`, `rediss://` for TLS) through which every process and host
    /// using the key shares one rate window and one token (else `ALTERNATIVE_PAYMENTS_REDIS_URL`;
    /// see docs/behaviour.md, "Many processes, one key").
    pub fn redis_url(mut self, value: impl Into<String>) -> Self {
        self.redis_url = Some(Secret::new(value.into()));
        self
    }
    /// Sends every request through this proxy (`http://user:pass@proxy:3128`); without it the
    /// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` variables are honoured.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Secret::new(url.into()));
        self
    }
    /// Trusts the CA certificates of this PEM file too (a corporate proxy that inspects TLS),
    /// besides the bundled roots and the operating system's.
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }
    /// Trusts this certificate authority (PEM) besides the built-in roots, e.g. the CA of a
    /// TLS-inspecting corporate proxy. May be called more than once.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }
    /// The timeout of one attempt, from connecting to the last byte of the body (default 30 s).
    pub fn timeout(mut self, value: Duration) -> Self {
        self.timeout = Some(value);
        self
    }
    /// Retries after the first attempt, for the failures that are safe to retry (default 2).
    pub fn max_retries(mut self, value: u32) -> Self {
        self.max_retries = Some(value);
        self
    }
    /// Bounds every call as a whole: its attempts, backoffs and rate-limit waits
    /// (docs/behaviour.md, "Retries"). When it passes, the call ends with [`Error::Timeout`].
    pub fn deadline(mut self, value: Duration) -> Self {
        self.deadline = Some(value);
        self
    }
    /// Requests per second this client (and every client with the same client id and base
    /// URL in the process) may start; `None` turns the limiter off. Default 5.
    pub fn rate_limit(mut self, value: Option<f64>) -> Self {
        self.rate_limit = Some(value);
        self
    }
    /// Replaces the `User-Agent` (the Python and Node packages name themselves).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// A builder from an object of settings, as the Python, Node and uniffi faces receive
    /// them: every value is checked for its type, and a wrong type or an unknown name is a
    /// configuration error naming the setting as the user wrote it, never a setting silently
    /// dropped. `null` means "not given" (for `rate_limit`: no limiter).
    ///
    /// ```
    /// use alternative_payments::{ClientBuilder, Naming};
    /// let settings = serde_json::json!({"clientId": "id", "clientSecret": "s", "baseUrl": "http://127.0.0.1:1", "timeoutMs": 2500});
    /// let config = ClientBuilder::from_settings(&settings, Naming::Camel).unwrap().config().unwrap();
    /// assert_eq!(config.timeout(), std::time::Duration::from_millis(2500));
    /// let wrong = serde_json::json!({"baseUrl": 42});
    /// assert!(ClientBuilder::from_settings(&wrong, Naming::Camel).unwrap_err().to_string().contains("baseUrl"));
    /// ```
    pub fn from_settings(settings: &serde_json::Value, naming: Naming) -> Result<ClientBuilder> {
        use serde_json::Value;
        let Value::Object(fields) = settings else {
            return Err(Error::config("settings", "the settings must be an object of named values"));
        };
        let mut builder = ClientBuilder::new();
        for (name, value) in fields {
            let Some(setting) = SETTINGS.iter().find(|s| naming.name(s) == name.as_str()) else {
                let known: Vec<&str> = SETTINGS.iter().map(|s| naming.name(s)).collect();
                return Err(Error::config(name, format!("is not a setting; the settings are {}", known.join(", "))));
            };
            let name = naming.name(setting);
            let text = || match value {
                Value::String(text) => Ok(text.clone()),
                other => Err(Error::config(name, format!("must be a string, not {}", json_kind(other)))),
            };
            let number = || match value {
                Value::Number(n) => {
                    n.as_f64().filter(|n| n.is_finite()).ok_or_else(|| Error::config(name, "must be a finite number"))
                }
                other => Err(Error::config(name, format!("must be a number, not {}", json_kind(other)))),
            };
            if value.is_null() {
                if setting.snake == "rate_limit" {
                    builder = builder.rate_limit(None);
                }
                continue;
            }
            builder = match setting.snake {
                "client_id" => builder.client_id(text()?),
                "client_secret" => builder.client_secret(text()?),
                "base_url" => builder.base_url(text()?),
                "user_agent" => builder.user_agent(text()?),
                "environment" => builder.environment(text()?),
                "redis_url" => builder.redis_url(text()?),
                "proxy" => builder.proxy(text()?),
                "ca_bundle" => builder.ca_bundle(text()?),
                "timeout" | "deadline" => {
                    let seconds = match naming {
                        Naming::Snake => number()?,
                        Naming::Camel => number()? / 1000.0,
                    };
                    let duration =
                        Duration::try_from_secs_f64(seconds).ok().filter(|t| !t.is_zero()).ok_or_else(|| {
                            let unit = if naming == Naming::Camel { "milliseconds" } else { "seconds" };
                            Error::config(name, format!("must be a positive number of {unit}, not {value}"))
                        })?;
                    if setting.snake == "timeout" {
                        builder.timeout(duration)
                    } else {
                        builder.deadline(duration)
                    }
                }
                "max_retries" => {
                    let retries = number()?;
                    if !(retries.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&retries)) {
                        return Err(Error::config(name, format!("must be a whole number from 0, not {value}")));
                    }
                    builder.max_retries(retries as u32)
                }
                _ => builder.rate_limit(Some(number()?)),
            };
        }
        Ok(builder)
    }

    /// Checks every setting and returns them, or a configuration error naming the setting.
    pub fn config(&self) -> Result<Config> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let client_id = self.client_id.clone().or_else(|| env(ENV_CLIENT_ID)).unwrap_or_default();
        if client_id.trim().is_empty() {
            return Err(Error::config(
                "client_id",
                format!("no client id: pass client_id or set {ENV_CLIENT_ID} (API keys are in the Partner Dashboard)"),
            ));
        }
        let client_secret = self.client_secret.clone().or_else(|| env(ENV_CLIENT_SECRET).map(Secret::new));
        let client_secret = match client_secret {
            Some(secret) if !secret.expose().is_empty() => secret,
            _ => {
                return Err(Error::config(
                    "client_secret",
                    format!("no client secret: pass client_secret or set {ENV_CLIENT_SECRET}"),
                ))
            }
        };
        let environment = match self.environment.clone().or_else(|| env(ENV_ENVIRONMENT)) {
            None => None,
            Some(name) if name.eq_ignore_ascii_case("production") => Some(DEFAULT_BASE_URL),
            Some(name) if name.eq_ignore_ascii_case("demo") => Some(DEMO_BASE_URL),
            Some(other) => {
                return Err(Error::config("environment", format!("must be \"production\" or \"demo\", not {other:?}")))
            }
        };
        // An explicit base URL, then an explicit environment, then the variables, then production.
        let base_url = match (&self.base_url, self.environment.as_ref().and(environment)) {
            (Some(url), _) => url.clone(),
            (None, Some(chosen)) => chosen.into(),
            (None, None) => {
                env(ENV_BASE_URL).or(environment.map(String::from)).unwrap_or_else(|| DEFAULT_BASE_URL.into())
            }
        };
        let base_url = check_base_url(&base_url)?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::config("timeout", "the timeout must be greater than zero"));
        }
        let rate_limit = self.rate_limit.unwrap_or(Some(DEFAULT_RATE_LIMIT));
        if let Some(rate) = rate_limit {
            if !(rate.is_finite() && rate > 0.0 && rate <= crate::rate_limit::MAX_RATE) {
                return Err(Error::config("rate_limit", format!(
                    "the rate limit must be a number of requests per second above 0 and at most {} (the API allows 5), or None to turn it off",
                    crate::rate_limit::MAX_RATE
                )));
            }
        }
        let user_agent = self
            .user_agent
            .clone()
            .unwrap_or_else(|| format!("alternative-payments-rust/{}", env!("CARGO_PKG_VERSION")));
        Ok(Config {
            client_id,
            client_secret,
            base_url,
            timeout,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            deadline: self.deadline,
            rate_limit,
            user_agent,
            redis_url: self.checked_redis_url(&env)?,
            root_certificates: self.root_certificates.clone(),
            proxy: self.checked_proxy()?,
            ca_bundle: self.ca_bundle.clone(),
        })
    }

    fn checked_proxy(&self) -> Result<Option<Secret>> {
        let Some(proxy) = &self.proxy else { return Ok(None) };
        match url::Url::parse(proxy.expose()) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https" | "socks5" | "socks5h") && parsed.has_host() => {
                Ok(Some(proxy.clone()))
            }
            _ => Err(Error::config(
                "proxy",
                "must be a proxy URL such as http://proxy.example.com:3128 (the URL is not shown: it may hold a password)",
            )),
        }
    }

    fn checked_redis_url(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Secret>> {
        let Some(url) = self.redis_url.clone().or_else(|| env(ENV_REDIS_URL).map(Secret::new)) else { return Ok(None) };
        match url::Url::parse(url.expose()) {
            Ok(parsed) if matches!(parsed.scheme(), "redis" | "rediss" | "unix" | "redis+unix") => Ok(Some(url)),
            _ => Err(Error::config(
                "redis_url",
                "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0 (the URL is not shown: it may hold a password)",
            )),
        }
    }

    /// Builds the client.
    pub fn build(&self) -> Result<crate::Client> {
        crate::Client::from_config(self.config()?)
    }
}

/// Settings that may change for some calls without a second client: what
/// [`crate::Client::with_options`] takes. `None` keeps the client's own.
///
/// ```
/// use std::time::Duration;
/// use alternative_payments::CallOptions;
/// let patient = CallOptions { timeout: Some(Duration::from_secs(90)), ..CallOptions::default() };
/// assert_eq!(patient.max_retries, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallOptions {
    /// Per attempt.
    pub timeout: Option<Duration>,
    /// Retries of what is safe to retry.
    pub max_retries: Option<u32>,
    /// The bound of the whole call (see [`ClientBuilder::deadline`]).
    pub deadline: Option<Duration>,
}

impl CallOptions {
    /// The options as a face passes them (`{"timeout": 5}`, `{"deadlineMs": 5000}`), read by the
    /// settings parser of [`ClientBuilder::from_settings`]; any other setting is refused.
    pub fn from_settings(options: &serde_json::Value, naming: Naming) -> Result<CallOptions> {
        let allowed = ["timeout", "max_retries", "deadline"];
        if let serde_json::Value::Object(fields) = options {
            for name in fields.keys() {
                let known = SETTINGS.iter().find(|s| naming.name(s) == name.as_str());
                if !known.is_some_and(|s| allowed.contains(&s.snake)) {
                    let names: Vec<&str> =
                        SETTINGS.iter().filter(|s| allowed.contains(&s.snake)).map(|s| naming.name(s)).collect();
                    return Err(Error::config(
                        name,
                        format!("cannot change per call; the per-call options are {}", names.join(", ")),
                    ));
                }
            }
        }
        let builder = ClientBuilder::from_settings(options, naming)?;
        Ok(CallOptions { timeout: builder.timeout, max_retries: builder.max_retries, deadline: builder.deadline })
    }
}

/// How a face spells its settings: Python and uniffi in snake_case (`timeout` in seconds),
/// Node in camelCase (`timeoutMs` in milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// `client_id`, `timeout` (seconds), ...
    Snake,
    /// `clientId`, `timeoutMs` (milliseconds), ...
    Camel,
}

impl Naming {
    /// `err` naming its setting as this face spells it (`ca_bundle` → `caBundle`): for the
    /// checks made after [`ClientBuilder::from_settings`] (by `config()` and `build()`).
    pub fn spell(self, err: Error) -> Error {
        match err {
            Error::Configuration { setting, message } => {
                let known = SETTINGS.iter().find(|s| s.snake == setting);
                Error::Configuration { setting: known.map_or(setting, |s| self.name(s).to_string()), message }
            }
            other => other,
        }
    }

    fn name(self, setting: &Setting) -> &'static str {
        match self {
            Naming::Snake => setting.snake,
            Naming::Camel => setting.camel,
        }
    }
}

/// One setting's names in each face.
struct Setting {
    snake: &'static str,
    camel: &'static str,
}

/// Every setting a face may pass (README, "Configuration").
const SETTINGS: &[Setting] = &[
    Setting { snake: "client_id", camel: "clientId" },
    Setting { snake: "client_secret", camel: "clientSecret" },
    Setting { snake: "base_url", camel: "baseUrl" },
    Setting { snake: "timeout", camel: "timeoutMs" },
    Setting { snake: "max_retries", camel: "maxRetries" },
    Setting { snake: "deadline", camel: "deadlineMs" },
    Setting { snake: "rate_limit", camel: "rateLimit" },
    Setting { snake: "user_agent", camel: "userAgent" },
    Setting { snake: "environment", camel: "environment" },
    Setting { snake: "redis_url", camel: "redisUrl" },
    Setting { snake: "proxy", camel: "proxy" },
    Setting { snake: "ca_bundle", camel: "caBundle" },
];

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Parses the base URL: http(s) only, https unless the host is loopback, no query or fragment.
/// Returns it without a trailing slash.
pub(crate) fn check_base_url(raw: &str) -> Result<String> {
    let setting = "base_url";
    let hint = format!("pass base_url or set {ENV_BASE_URL}, e.g. {DEFAULT_BASE_URL}");
    let url =
        url::Url::parse(raw.trim()).map_err(|err| Error::config(setting, format!("not a URL ({err}): {hint}")))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(setting, "the base URL must not contain credentials, a query or a fragment"));
    }
    let host = url.host().ok_or_else(|| Error::config(setting, format!("the base URL has no host: {hint}")))?;
    let loopback = match host {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => IpAddr::V4(ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(ip).is_loopback(),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::config(
                setting,
                "plain http is only allowed on loopback (the sandbox); use https so credentials are encrypted",
            ))
        }
        other => return Err(Error::config(setting, format!("unsupported scheme `{other}`: {hint}"))),
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_must_be_https_unless_loopback() {
        assert_eq!(check_base_url("https://api.example.com/").unwrap(), "https://api.example.com");
        assert_eq!(check_base_url("https://api.example.com/v1/").unwrap(), "https://api.example.com/v1");
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("http://localhost:8080").is_ok());
        assert!(check_base_url("http://[::1]:8080").is_ok());
        for bad in ["http://api.example.com", "ftp://x.com", "not a url", "https://u:p@x.com", "https://x.com/?a=1", ""]
        {
            match check_base_url(bad) {
                Err(Error::Configuration { setting, .. }) => assert_eq!(setting, "base_url"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn missing_credentials_name_the_setting_and_variable() {
        let err = ClientBuilder::new().client_id("").client_secret("s").config().unwrap_err();
        assert!(matches!(&err, Error::Configuration { setting, .. } if setting == "client_id"));
        assert!(err.to_string().contains(ENV_CLIENT_ID));
        let err = ClientBuilder::new().client_id("id").client_secret("").config().unwrap_err();
        assert!(matches!(&err, Error::Configuration { setting, .. } if setting == "client_secret"));
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let builder = ClientBuilder::new().client_id("id").client_secret("hunter2").base_url("http://127.0.0.1:1");
        assert!(!format!("{builder:?}").contains("hunter2"));
        assert!(!format!("{:?}", builder.config().unwrap()).contains("hunter2"));
    }

    #[test]
    fn settings_of_the_wrong_type_are_refused_by_name() {
        use serde_json::json;
        let refused =
            |settings: serde_json::Value, naming: Naming| match ClientBuilder::from_settings(&settings, naming) {
                Err(Error::Configuration { setting, .. }) => setting,
                other => panic!("{settings}: {other:?}"),
            };
        assert_eq!(refused(json!({"baseUrl": 42}), Naming::Camel), "baseUrl");
        assert_eq!(refused(json!({"timeoutMs": "100"}), Naming::Camel), "timeoutMs");
        assert_eq!(refused(json!({"clientSecret": 12345}), Naming::Camel), "clientSecret");
        assert_eq!(refused(json!({"maxRetries": 1.5}), Naming::Camel), "maxRetries");
        assert_eq!(refused(json!({"baseURL": "https://x.com"}), Naming::Camel), "baseURL");
        assert_eq!(refused(json!({"timeout": true}), Naming::Snake), "timeout");
        assert_eq!(refused(json!({"timeout": -1}), Naming::Snake), "timeout");
        assert_eq!(refused(json!({"rate_limit": "5"}), Naming::Snake), "rate_limit");
        assert_eq!(refused(json!([1]), Naming::Snake), "settings");
        let builder = ClientBuilder::from_settings(
            &json!({"client_id": "id", "client_secret": "s", "base_url": "http://127.0.0.1:1", "timeout": 1.5,
                    "max_retries": 0, "rate_limit": null}),
            Naming::Snake,
        )
        .unwrap();
        let config = builder.config().unwrap();
        assert_eq!(
            (config.timeout(), config.max_retries(), config.rate_limit()),
            (Duration::from_millis(1500), 0, None)
        );
    }

    #[test]
    fn the_demo_environment_selects_the_demo_host() {
        let base = ClientBuilder::new().client_id("id").client_secret("s");
        assert_eq!(base.clone().environment("demo").config().unwrap().base_url(), DEMO_BASE_URL);
        assert_eq!(base.clone().environment("Production").config().unwrap().base_url(), DEFAULT_BASE_URL);
        let explicit = base.clone().environment("demo").base_url("http://127.0.0.1:9").config().unwrap();
        assert_eq!(explicit.base_url(), "http://127.0.0.1:9", "an explicit base URL wins");
        let wrong = base.environment("staging").config().unwrap_err();
        assert!(matches!(&wrong, Error::Configuration { setting, .. } if setting == "environment"), "{wrong}");
    }

    #[test]
    fn rejects_nonsense_numbers() {
        let base = ClientBuilder::new().client_id("id").client_secret("s").base_url("http://127.0.0.1:1");
        assert!(base.clone().rate_limit(Some(0.0)).config().is_err());
        assert!(base.clone().rate_limit(Some(f64::NAN)).config().is_err());
        assert!(base.clone().timeout(Duration::ZERO).config().is_err());
        assert!(base.rate_limit(None).config().unwrap().rate_limit().is_none());
    }
}
