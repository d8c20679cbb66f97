//! Client settings: a builder that reads the environment for what it is not given, and the
//! checks of SPEC §2 (credentials present, base URL well formed and https unless loopback).

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use crate::error::{Error, Result};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://public-api.alternativepayments.io";
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
    pub(crate) rate_limit: Option<f64>,
    pub(crate) user_agent: String,
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
    /// Requests per second, or `None` when the client does not limit itself.
    pub fn rate_limit(&self) -> Option<f64> {
        self.rate_limit
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
    rate_limit: Option<Option<f64>>,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("rate_limit", &self.rate_limit)
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
        let base_url = self.base_url.clone().or_else(|| env(ENV_BASE_URL)).unwrap_or_else(|| DEFAULT_BASE_URL.into());
        let base_url = check_base_url(&base_url)?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::config("timeout", "the timeout must be greater than zero"));
        }
        let rate_limit = self.rate_limit.unwrap_or(Some(DEFAULT_RATE_LIMIT));
        if let Some(rate) = rate_limit {
            if !(rate.is_finite() && rate > 0.0) {
                return Err(Error::config("rate_limit", "the rate limit must be a positive number of requests per second, or None to turn it off"));
            }
        }
        let user_agent =
            self.user_agent.clone().unwrap_or_else(|| format!("alternative-payments-rust/{}", env!("CARGO_PKG_VERSION")));
        Ok(Config {
            client_id,
            client_secret,
            base_url,
            timeout,
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            rate_limit,
            user_agent,
        })
    }

    /// Builds the client.
    pub fn build(&self) -> Result<crate::Client> {
        crate::Client::from_config(self.config()?)
    }
}

/// Parses the base URL: http(s) only, https unless the host is loopback, no query or fragment.
/// Returns it without a trailing slash.
pub(crate) fn check_base_url(raw: &str) -> Result<String> {
    let setting = "base_url";
    let hint = format!("pass base_url or set {ENV_BASE_URL}, e.g. {DEFAULT_BASE_URL}");
    let url = url::Url::parse(raw.trim()).map_err(|err| Error::config(setting, format!("not a URL ({err}): {hint}")))?;
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
        for bad in ["http://api.example.com", "ftp://x.com", "not a url", "https://u:p@x.com", "https://x.com/?a=1", ""] {
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
    fn rejects_nonsense_numbers() {
        let base = ClientBuilder::new().client_id("id").client_secret("s").base_url("http://127.0.0.1:1");
        assert!(base.clone().rate_limit(Some(0.0)).config().is_err());
        assert!(base.clone().rate_limit(Some(f64::NAN)).config().is_err());
        assert!(base.clone().timeout(Duration::ZERO).config().is_err());
        assert!(base.rate_limit(None).config().unwrap().rate_limit().is_none());
    }
}
