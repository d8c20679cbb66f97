//! Access tokens (docs/behaviour.md, "Authentication"): fetched with the client-credentials grant, cached per
//! credentials for the whole process, refreshed shortly before expiry, and fetched by exactly
//! one caller however many need one at once (single flight).

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::time::Instant;

use crate::config::Secret;
use crate::error::{Error, Result};
use crate::models::flexible_int;
use crate::process::PerProcess;

/// A token as the token endpoint returns it.
#[derive(Deserialize)]
pub(crate) struct TokenGrant {
    access_token: String,
    #[serde(default, deserialize_with = "flexible_int::option")]
    expires_in: Option<i64>,
    /// The value stored in Redis when the token is shared there (src/fleet.rs).
    #[serde(skip)]
    shared: Option<Arc<Vec<u8>>>,
}

impl TokenGrant {
    /// Reads the token endpoint's answer.
    pub(crate) fn decode(status: u16, body: &[u8]) -> Result<TokenGrant> {
        let grant: TokenGrant = serde_json::from_slice(body)
            .map_err(|err| Error::decode(status, format!("not a token response: {err}"), b""))?;
        if grant.access_token.is_empty() {
            return Err(Error::decode(status, "the token response has an empty access_token", b""));
        }
        Ok(grant)
    }

    /// A token shared through Redis, with what it has left and the value stored there.
    pub(crate) fn shared(access_token: String, lifetime: Duration, stored: Option<Vec<u8>>) -> TokenGrant {
        TokenGrant { access_token, expires_in: Some(lifetime.as_secs().max(1) as i64), shared: stored.map(Arc::new) }
    }

    pub(crate) fn access_token(&self) -> &str {
        &self.access_token
    }

    pub(crate) fn lifetime(&self) -> Duration {
        Duration::from_secs(self.expires_in.unwrap_or(3600).clamp(1, 365 * 86_400) as u64)
    }
}

/// A token handed to a request, with the generation it belongs to (to drop only that one).
/// Its `Authorization` header is made once, when the token arrives, and shared by every
/// request that uses it (marked sensitive: never shown by `Debug`).
#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    bearer: HeaderValue,
    generation: u64,
    shared: Option<Arc<Vec<u8>>>,
}

impl AccessToken {
    /// Fails when the token endpoint answered a token that cannot be sent in a header.
    fn new(value: &str, generation: u64, shared: Option<Arc<Vec<u8>>>) -> Result<AccessToken> {
        let mut bearer = HeaderValue::try_from(format!("Bearer {value}")).map_err(|_| {
            Error::decode(200, "the token endpoint answered an access token that cannot be sent in a header", b"")
        })?;
        bearer.set_sensitive(true);
        Ok(AccessToken { bearer, generation, shared })
    }

    /// The `Authorization` header: a reference count, not a copy.
    pub(crate) fn bearer(&self) -> HeaderValue {
        self.bearer.clone()
    }

    /// The value stored in Redis for this token, when it is shared there.
    pub(crate) fn shared(&self) -> Option<&[u8]> {
        self.shared.as_deref().map(Vec::as_slice)
    }
}

struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

/// The cache of one set of credentials. Reading the cached token takes a short lock; only a
/// fetch holds the (async) refresh lock, which is what makes it single-flight. A fetch that
/// fails fails every caller that waited for it: one token request per failure, not one per
/// waiting caller.
#[derive(Default)]
pub(crate) struct TokenCache {
    current: Mutex<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
    generations: AtomicU64,
    /// Fetches finished so far, and the error of the last one that failed (with its number).
    fetches: AtomicU64,
    failure: Mutex<Option<(u64, Error)>>,
}

/// When to fetch a new token: when less than min(60 s, lifetime / 2) remains.
pub(crate) fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 2).min(Duration::from_secs(60))
}

impl TokenCache {
    /// The cached token, or a new one from `fetch`. Callers that arrive while a fetch is under
    /// way wait for it and share its token.
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<AccessToken>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenGrant>>,
    {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let before = self.fetches.load(Ordering::Acquire);
        let _refreshing = self.refresh.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token); // fetched by the caller we waited for
        }
        if let Some((_, error)) = self.last_failure().filter(|(number, _)| *number > before) {
            return Err(error); // the fetch we waited for failed: share its answer
        }
        let fetched = fetch().await.and_then(|grant| {
            let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
            Ok((grant.lifetime(), AccessToken::new(&grant.access_token, generation, grant.shared)?))
        });
        let number = self.fetches.fetch_add(1, Ordering::AcqRel) + 1;
        let (lifetime, token) = match fetched {
            Ok(fetched) => fetched,
            Err(error) => {
                *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some((number, error.clone()));
                return Err(error);
            }
        };
        tracing::debug!(lifetime_secs = lifetime.as_secs(), "obtained an access token");
        let refresh_at = Instant::now() + lifetime - refresh_margin(lifetime);
        *self.lock() = Some(Cached { token: token.clone(), refresh_at });
        Ok(token)
    }

    fn last_failure(&self) -> Option<(u64, Error)> {
        self.failure.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached token while it is not due for refresh.
    fn fresh(&self) -> Option<AccessToken> {
        self.lock().as_ref().filter(|c| Instant::now() < c.refresh_at).map(|c| c.token.clone())
    }

    /// Drops `token` if it is still the cached one (after the API refused it).
    pub(crate) fn invalidate(&self, token: &AccessToken) {
        let mut current = self.lock();
        if current.as_ref().is_some_and(|c| c.token.generation == token.generation) {
            *current = None;
        }
    }
}

/// The token cache for these credentials: one per process, shared by every client using them
/// and kept after they are gone (a child process after `fork()` starts afresh).
pub(crate) fn shared(base_url: &str, client_id: &str, secret: &Secret) -> Arc<TokenCache> {
    static CACHES: PerProcess<(String, String, Secret), TokenCache> = PerProcess::new();
    CACHES.get_or_insert_with((base_url.to_string(), client_id.to_string(), secret.clone()), TokenCache::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(token: &str, expires_in: i64) -> TokenGrant {
        TokenGrant { access_token: token.into(), expires_in: Some(expires_in), shared: None }
    }

    #[test]
    fn refresh_margin_is_a_minute_or_half_the_lifetime() {
        assert_eq!(refresh_margin(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(refresh_margin(Duration::from_secs(10)), Duration::from_secs(5));
    }

    #[test]
    fn decodes_token_answers() {
        let grant =
            TokenGrant::decode(200, br#"{"access_token":"t","token_type":"Bearer","expires_in":"120"}"#).unwrap();
        assert_eq!((grant.access_token(), grant.lifetime()), ("t", Duration::from_secs(120)));
        let days = TokenGrant::decode(200, br#"{"access_token":"t","expires_in":100000}"#).unwrap();
        assert_eq!(days.lifetime(), Duration::from_secs(100_000), "long lifetimes are kept");
        let absurd = TokenGrant::decode(200, br#"{"access_token":"t","expires_in":99999999999}"#).unwrap();
        assert_eq!(absurd.lifetime(), Duration::from_secs(365 * 86_400), "at most a year");
        assert!(TokenGrant::decode(200, br#"{"token_type":"Bearer"}"#).is_err());
        assert!(TokenGrant::decode(200, br#"{"access_token":""}"#).is_err());
        assert!(TokenGrant::decode(200, b"<html>").is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn reuses_until_close_to_expiry() {
        let cache = TokenCache::default();
        let first = cache.get(|| async { Ok(grant("one", 100)) }).await.unwrap();
        tokio::time::advance(Duration::from_secs(49)).await;
        let same = cache.get(|| async { Ok(grant("two", 100)) }).await.unwrap();
        assert_eq!(same.bearer(), first.bearer());
        tokio::time::advance(Duration::from_secs(1)).await;
        let due = cache.get(|| async { Ok(grant("three", 100)) }).await.unwrap();
        assert_eq!(due.bearer(), "Bearer three", "due at its refresh time exactly (100 s less 50)");
    }

    #[tokio::test]
    async fn invalidates_only_the_token_it_was_given() {
        let cache = TokenCache::default();
        let old = cache.get(|| async { Ok(grant("old", 3600)) }).await.unwrap();
        cache.invalidate(&old);
        let new = cache.get(|| async { Ok(grant("new", 3600)) }).await.unwrap();
        cache.invalidate(&old);
        let still = cache.get(|| async { Ok(grant("newer", 3600)) }).await.unwrap();
        assert_eq!(still.bearer(), new.bearer());
    }

    #[tokio::test]
    async fn a_failed_fetch_fails_every_caller_waiting_on_it_once() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicU64::new(0));
        let callers = (0..8).map(|_| {
            let (cache, fetches) = (cache.clone(), fetches.clone());
            tokio::spawn(async move {
                cache
                    .get(|| async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Err::<TokenGrant, _>(Error::config("client_secret", "refused"))
                    })
                    .await
            })
        });
        for caller in futures_util::future::join_all(callers).await {
            assert!(caller.unwrap().is_err());
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "one token request for the whole failure");
        let later = cache.get(|| async { Ok(grant("recovered", 3600)) }).await.unwrap();
        assert_eq!(later.bearer(), "Bearer recovered", "a caller arriving after the failure tries again");
    }

    #[tokio::test]
    async fn a_refused_token_is_dropped_but_never_a_newer_one() {
        let cache = TokenCache::default();
        let first = cache.get(|| async { Ok(grant("one", 3600)) }).await.unwrap();
        cache.invalidate(&first);
        let second = cache.get(|| async { Ok(grant("two", 3600)) }).await.unwrap();
        assert_eq!(second.bearer(), "Bearer two", "a refused token is fetched again");
        cache.invalidate(&first);
        let kept = cache.get(|| async { Ok(grant("three", 3600)) }).await.unwrap();
        assert_eq!(kept.bearer(), "Bearer two", "a late refusal of the old token keeps the new one");
    }

    #[tokio::test]
    async fn a_token_shared_through_redis_keeps_the_value_stored_there() {
        let cache = TokenCache::default();
        let stored = b"fence:sealed".to_vec();
        let shared = TokenGrant::shared("tok".into(), Duration::from_secs(600), Some(stored.clone()));
        let token = cache.get(|| async { Ok(shared) }).await.unwrap();
        assert_eq!((token.bearer().to_str().unwrap(), token.shared()), ("Bearer tok", Some(stored.as_slice())));
        let own = TokenCache::default().get(|| async { Ok(grant("mine", 600)) }).await.unwrap();
        assert_eq!(own.shared(), None);
    }

    #[test]
    fn tokens_never_show_in_debug() {
        let token = AccessToken::new("s3cr3t-token", 1, None).unwrap();
        assert!(!format!("{token:?}").contains("s3cr3t"));
        assert!(token.bearer().is_sensitive());
    }
}
