//! Many processes, one key: the rate window, the pause after a 429 and the access token
//! shared through Redis by every process and host that uses the key (docs/behaviour.md,
//! "Many processes, one key").
//!
//! - **The window** is a sliding log (a sorted set of start times) kept by a Lua script on
//!   Redis's own clock (`TIME`), so the hosts' clocks do not matter: never more than the rate
//!   in any window across the fleet. A caller who must wait sleeps for the wait the script
//!   returns.
//! - **The token** is fetched by one process under a lock with expiry (`SET NX PX`, released
//!   only by its owner); a fencing number keeps a process whose lock expired mid-fetch from
//!   overwriting a newer token. It is stored sealed (AES-256-GCM, key derived from the client
//!   secret with HKDF-SHA256), so read access to Redis alone never yields a usable token.
//! - **Keys** are named by a hash of (base URL, client id), never the id or the secret.
//! - **When Redis fails** (no answer within [`REDIS_TIMEOUT`]), calls go on with in-process
//!   pacing and a token of their own; a warning is logged once per outage; the connection is
//!   made again in the background, and sharing resumes when Redis answers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Script};
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use crate::config::{Config, Secret};
use crate::process::PerProcess;
use crate::rate_limit::{BoxFuture, Permit, RateLimiter, WindowLimiter};

/// How long a Redis operation may take before Redis counts as down for this call.
pub const REDIS_TIMEOUT: Duration = Duration::from_millis(100);

/// How long the first connection of a process may take: once, at start-up, when a busy host
/// may be slow to answer; a Redis that is down refuses at once and costs nothing.
const FIRST_CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// How often a process tries to reach Redis again during an outage.
const RECONNECT_EVERY: Duration = Duration::from_secs(1);

/// How long the token lock is held at most (a fetch that takes longer loses it).
const TOKEN_LOCK: Duration = Duration::from_secs(10);

/// How often a process waiting for another's token fetch looks again.
const TOKEN_POLL: Duration = Duration::from_millis(25);

/// Takes a start slot from the window, or says how long to wait (microseconds). Also honours
/// a fleet-wide pause. KEYS: window, pause. ARGV: capacity, window (µs), a unique member.
const TAKE_SLOT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return {0, paused - now} end
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < capacity then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
  return {1, 0}
end
local decisive = redis.call('ZRANGE', KEYS[1], count - capacity, count - capacity, 'WITHSCORES')
return {0, math.max(1, tonumber(decisive[2]) + window - now)}
";

/// Pauses the key for ARGV[1] microseconds from now (never shortening a longer pause).
const PAUSE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilv = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilv > current then
  redis.call('SET', KEYS[1], untilv, 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
";

/// The shared token and how long it has left (ms), or nothing.
const READ_TOKEN: &str = r"
local value = redis.call('GET', KEYS[1])
if not value then return {} end
return {value, redis.call('PTTL', KEYS[1])}
";

/// Stores a token fetched under fence ARGV[1] unless a newer fence already stored one.
const PUBLISH_TOKEN: &str = r"
local current = redis.call('GET', KEYS[1])
if current then
  local fence = tonumber(string.match(current, '^(%d+):'))
  if fence and fence > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
";

/// Deletes KEYS[1] only if it still holds ARGV[1] (a lock of this owner, a token that failed).
const DELETE_IF: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// A token read from, or published to, Redis.
pub(crate) struct SharedToken {
    pub access_token: String,
    pub lifetime: Duration,
    /// The stored value, to delete exactly this token if the API refuses it.
    pub stored: Vec<u8>,
}

/// What a process asks of Redis for one key.
pub(crate) struct Fleet {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    /// When to try to connect again (after a failure); `None` before the first try.
    retry_at: Mutex<Option<Instant>>,
    connecting: AtomicBool,
    outage: AtomicBool,
    keys: Keys,
    cipher: Aes256Gcm,
    /// Identifies this process's token lock.
    owner: String,
    scripts: Scripts,
}

struct Keys {
    hash: String,
    window: String,
    pause: String,
    token: String,
    token_lock: String,
    token_fence: String,
}

struct Scripts {
    take_slot: Script,
    pause: Script,
    read_token: Script,
    publish_token: Script,
    delete_if: Script,
}

impl Fleet {
    /// The fleet state of this client's key, one per process (after `fork()` the child makes
    /// its own connection).
    pub(crate) fn shared(config: &Config) -> Option<Arc<Fleet>> {
        static FLEETS: PerProcess<(Secret, String, String, Secret), Option<Arc<Fleet>>> = PerProcess::new();
        let url = config.redis_url.clone()?;
        let key = (url.clone(), config.base_url.clone(), config.client_id.clone(), config.client_secret.clone());
        let fleet = FLEETS.get_or_insert_with(key, || Fleet::new(&url, config).map(Arc::new));
        fleet.as_ref().clone()
    }

    fn new(url: &Secret, config: &Config) -> Option<Fleet> {
        let client = match redis::Client::open(url.expose()) {
            Ok(client) => client,
            Err(err) => {
                tracing::warn!(kind = ?err.kind(), "the Redis URL is not usable; pacing in this process only");
                return None;
            }
        };
        let hash = key_hash(&config.base_url, &config.client_id);
        let prefix = format!("alternative-payments:{hash}");
        let keys = Keys {
            window: format!("{prefix}:window"),
            pause: format!("{prefix}:pause"),
            token: format!("{prefix}:token"),
            token_lock: format!("{prefix}:token:lock"),
            token_fence: format!("{prefix}:token:fence"),
            hash,
        };
        let cipher = Aes256Gcm::new(&sealing_key(&config.client_secret, &keys.hash));
        Some(Fleet {
            client,
            connection: Mutex::new(None),
            retry_at: Mutex::new(None),
            connecting: AtomicBool::new(false),
            outage: AtomicBool::new(false),
            keys,
            cipher,
            owner: format!("{}-{:016x}", std::process::id(), fastrand::u64(..)),
            scripts: Scripts {
                take_slot: Script::new(TAKE_SLOT),
                pause: Script::new(PAUSE),
                read_token: Script::new(READ_TOKEN),
                publish_token: Script::new(PUBLISH_TOKEN),
                delete_if: Script::new(DELETE_IF),
            },
        })
    }

    // ---- the connection ------------------------------------------------------------------

    /// A connection, or `None` while Redis is down. The first connection is made here (within
    /// [`REDIS_TIMEOUT`]); after a failure, in the background at most every
    /// [`RECONNECT_EVERY`].
    async fn connection(self: &Arc<Self>) -> Option<MultiplexedConnection> {
        if let Some(connection) = lock(&self.connection).clone() {
            return Some(connection);
        }
        let first_try = lock(&self.retry_at).is_none();
        if first_try {
            return self.connect(FIRST_CONNECT_TIMEOUT).await;
        }
        let due = lock(&self.retry_at).is_some_and(|at| Instant::now() >= at);
        if due && !self.connecting.swap(true, Ordering::AcqRel) {
            let fleet = self.clone();
            tokio::spawn(async move {
                fleet.connect(REDIS_TIMEOUT).await;
                fleet.connecting.store(false, Ordering::Release);
            });
        }
        None
    }

    async fn connect(&self, timeout: Duration) -> Option<MultiplexedConnection> {
        let config = AsyncConnectionConfig::new().set_connection_timeout(timeout).set_response_timeout(REDIS_TIMEOUT);
        let connected =
            tokio::time::timeout(timeout, self.client.get_multiplexed_async_connection_with_config(&config)).await;
        let connection = self.outcome(connected)?;
        *lock(&self.connection) = Some(connection.clone());
        *lock(&self.retry_at) = Some(Instant::now());
        Some(connection)
    }

    /// What a Redis call came to: its value, or `None` once the failure is recorded.
    fn outcome<T>(&self, result: std::result::Result<redis::RedisResult<T>, tokio::time::error::Elapsed>) -> Option<T> {
        match result {
            Ok(Ok(value)) => {
                self.answered();
                Some(value)
            }
            Ok(Err(err)) => {
                self.failed(&err.to_string());
                None
            }
            Err(_) => {
                self.failed("no answer in time");
                None
            }
        }
    }

    /// Forgets the connection and schedules the next try; warns once per outage.
    fn failed(&self, what: &str) {
        *lock(&self.connection) = None;
        *lock(&self.retry_at) = Some(Instant::now() + RECONNECT_EVERY);
        if !self.outage.swap(true, Ordering::AcqRel) {
            tracing::warn!(
                error = what,
                "Redis is unreachable: pacing in this process only until it answers again (calls go on)"
            );
        }
    }

    fn answered(&self) {
        if self.outage.swap(false, Ordering::AcqRel) {
            tracing::info!("Redis answers again: the rate window and the token are shared again");
        }
    }

    /// Runs one script within [`REDIS_TIMEOUT`]; `None` when Redis is down or failed.
    async fn run<T: redis::FromRedisValue>(
        self: &Arc<Self>,
        script: &Script,
        keys: &[&str],
        args: &[&[u8]],
    ) -> Option<T> {
        let mut connection = self.connection().await?;
        let mut invocation = script.prepare_invoke();
        for key in keys {
            invocation.key(*key);
        }
        for arg in args {
            invocation.arg(*arg);
        }
        self.outcome(tokio::time::timeout(REDIS_TIMEOUT, invocation.invoke_async::<T>(&mut connection)).await)
    }

    // ---- the window ----------------------------------------------------------------------

    /// A start slot now (`Some(Ok)`), a wait (`Some(Err)`), or `None` when Redis is down.
    async fn take_slot(self: &Arc<Self>, capacity: usize, window: Duration) -> Option<Result<(), Duration>> {
        let member = format!("{}-{:016x}", self.owner, fastrand::u64(..));
        let capacity = capacity.to_string();
        let window = window.as_micros().to_string();
        let keys = [self.keys.window.as_str(), self.keys.pause.as_str()];
        let args = [capacity.as_bytes(), window.as_bytes(), member.as_bytes()];
        let (granted, wait_us): (i64, i64) = self.run(&self.scripts.take_slot, &keys, &args).await?;
        Some(if granted == 1 { Ok(()) } else { Err(Duration::from_micros(wait_us.max(1) as u64)) })
    }

    /// Pauses every process of the key for `wait`.
    async fn pause(self: &Arc<Self>, wait: Duration) {
        let wait = wait.as_micros().to_string();
        let _: Option<i64> = self.run(&self.scripts.pause, &[&self.keys.pause], &[wait.as_bytes()]).await;
    }

    // ---- the token -----------------------------------------------------------------------

    /// The shared token when one is stored and can be opened; `Some(None)` when none is;
    /// `None` when Redis is down.
    pub(crate) async fn read_token(self: &Arc<Self>) -> Option<Option<SharedToken>> {
        let answer: Vec<redis::Value> = self.run(&self.scripts.read_token, &[&self.keys.token], &[]).await?;
        let [stored, ttl] = answer.as_slice() else { return Some(None) };
        let (Ok(stored), Ok(ttl)) = (redis::from_redis_value::<Vec<u8>>(stored), redis::from_redis_value::<i64>(ttl))
        else {
            return Some(None);
        };
        let lifetime = Duration::from_millis(ttl.max(0) as u64);
        Some(self.open(&stored).filter(|_| !lifetime.is_zero()).map(|access_token| SharedToken {
            access_token,
            lifetime,
            stored,
        }))
    }

    /// Takes the token lock: `Some(Some(fence))` when this process is to fetch, `Some(None)`
    /// when another one is fetching, `None` when Redis is down.
    pub(crate) async fn lock_token(self: &Arc<Self>) -> Option<Option<u64>> {
        let mut connection = self.connection().await?;
        let mut take = redis::cmd("SET");
        take.arg(&self.keys.token_lock).arg(&self.owner).arg("NX").arg("PX").arg(TOKEN_LOCK.as_millis() as u64);
        let mut fence = redis::cmd("INCR");
        fence.arg(&self.keys.token_fence);
        let taken = tokio::time::timeout(REDIS_TIMEOUT, take.query_async::<Option<String>>(&mut connection)).await;
        if self.outcome(taken)?.is_none() {
            return Some(None); // another process holds the lock
        }
        let number = tokio::time::timeout(REDIS_TIMEOUT, fence.query_async::<u64>(&mut connection)).await;
        self.outcome(number).map(Some)
    }

    /// Stores a token fetched under `fence` (unless a newer one is there) and frees the lock.
    pub(crate) async fn publish_token(
        self: &Arc<Self>,
        fence: u64,
        access_token: &str,
        lifetime: Duration,
    ) -> Option<Vec<u8>> {
        let sealed = self.seal(access_token);
        let fence = fence.to_string();
        let ttl = lifetime.as_millis().max(1).to_string();
        let args = [fence.as_bytes(), sealed.as_slice(), ttl.as_bytes()];
        let stored: Option<i64> = self.run(&self.scripts.publish_token, &[&self.keys.token], &args).await;
        self.unlock_token().await;
        stored.filter(|s| *s == 1).map(|_| [fence.as_bytes(), b":", sealed.as_slice()].concat())
    }

    /// Frees the token lock if this process still holds it.
    pub(crate) async fn unlock_token(self: &Arc<Self>) {
        let args = [self.owner.as_bytes()];
        let _: Option<i64> = self.run(&self.scripts.delete_if, &[&self.keys.token_lock], &args).await;
    }

    /// Deletes the shared token if it is still `stored` (the one the API refused).
    pub(crate) async fn drop_token(self: &Arc<Self>, stored: &[u8]) {
        let _: Option<i64> = self.run(&self.scripts.delete_if, &[&self.keys.token], &[stored]).await;
    }

    /// How long to wait before looking for another process's token again.
    pub(crate) fn token_poll() -> Duration {
        TOKEN_POLL
    }

    /// The longest a process waits for another's token fetch before fetching its own.
    pub(crate) fn token_wait() -> Duration {
        TOKEN_LOCK
    }

    fn seal(&self, token: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload { msg: token.as_bytes(), aad: self.keys.hash.as_bytes() };
        match self.cipher.encrypt(&nonce, payload) {
            Ok(sealed) => [nonce.as_slice(), sealed.as_slice()].concat(),
            Err(_) => Vec::new(), // never opens: the next reader fetches a token of its own
        }
    }

    /// The token in a stored value (`fence:nonce‖ciphertext`), if this secret opens it.
    fn open(&self, stored: &[u8]) -> Option<String> {
        let colon = stored.iter().position(|b| *b == b':')?;
        let sealed = &stored[colon + 1..];
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(12);
        let payload = Payload { msg: ciphertext, aad: self.keys.hash.as_bytes() };
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), payload).ok()?;
        String::from_utf8(plain).ok()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The name of a key's entries: a hash of (base URL, client id), never either in the clear.
fn key_hash(base_url: &str, client_id: &str) -> String {
    let digest = Sha256::digest(format!("{base_url}\n{client_id}").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The sealing key: HKDF-SHA256 of the client secret, bound to the key's hash.
fn sealing_key(secret: &Secret, hash: &str) -> Key<Aes256Gcm> {
    let hkdf = hkdf::Hkdf::<Sha256>::new(Some(b"alternative-payments/redis-token/v1"), secret.expose().as_bytes());
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit, so expanding cannot fail.
    let _ = hkdf.expand(hash.as_bytes(), &mut key);
    key.into()
}

/// The rate limiter of a key shared through Redis, falling back to the process's own
/// [`WindowLimiter`] while Redis is down. Slots taken from Redis are noted in the local one
/// too, so a fallback starts with the recent history.
#[derive(Debug)]
pub(crate) struct FleetLimiter {
    fleet: Arc<Fleet>,
    local: Arc<WindowLimiter>,
    turnstile: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fleet").field("key", &self.keys.hash).finish()
    }
}

impl FleetLimiter {
    /// The process's fleet limiter for this key.
    pub(crate) fn shared(fleet: Arc<Fleet>, local: Arc<WindowLimiter>, config: &Config) -> Arc<FleetLimiter> {
        static LIMITERS: PerProcess<(String, String, String), FleetLimiter> = PerProcess::new();
        let key = (fleet.keys.hash.clone(), config.base_url.clone(), config.client_id.clone());
        LIMITERS.get_or_insert_with(key, || FleetLimiter { fleet, local, turnstile: tokio::sync::Mutex::new(()) })
    }
}

impl RateLimiter for FleetLimiter {
    fn acquire(&self) -> BoxFuture<'_, Permit> {
        Box::pin(async move {
            // Callers of this process take their turn in order; one at a time asks Redis.
            let turn = self.turnstile.lock().await;
            let window = self.local.window();
            loop {
                match self.fleet.take_slot(window.capacity, window.length).await {
                    Some(Ok(())) => return self.local.note_start(),
                    Some(Err(wait)) => tokio::time::sleep(wait).await,
                    None => {
                        drop(turn);
                        return self.local.acquire().await;
                    }
                }
            }
        })
    }

    fn pause_until(&self, until: Instant) {
        self.local.pause_until(until);
        let fleet = self.fleet.clone();
        let wait = until.saturating_duration_since(Instant::now());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { fleet.pause(wait).await });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_reveal_neither_the_id_nor_the_url() {
        let hash = key_hash("https://public-api.alternativepayments.io", "client_abc");
        assert_eq!(hash.len(), 32);
        assert!(!hash.contains("client_abc"));
        assert_ne!(hash, key_hash("https://public-api.alternativepayments.io", "client_abd"));
    }

    fn fleet(secret: &str) -> Fleet {
        let config = crate::ClientBuilder::new()
            .client_id("id")
            .client_secret(secret)
            .base_url("http://127.0.0.1:9")
            .redis_url("redis://127.0.0.1:9")
            .config()
            .unwrap();
        Fleet::new(config.redis_url.as_ref().unwrap(), &config).unwrap()
    }

    /// A real `redis-server` on a free loopback port, stopped when dropped. The test command
    /// installs Debian's `redis-server` when it is missing.
    pub(crate) struct RedisServer {
        pub url: String,
        pub port: u16,
        child: std::process::Child,
    }

    impl RedisServer {
        pub(crate) fn start() -> RedisServer {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            Self::start_on(port)
        }

        pub(crate) fn start_on(port: u16) -> RedisServer {
            let child = std::process::Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("redis-server is installed (make test installs Debian's redis-server)");
            for _ in 0..100 {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            RedisServer { url: format!("redis://127.0.0.1:{port}/0"), port, child }
        }

        pub(crate) fn stop(mut self) -> u16 {
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.port
        }
    }

    impl Drop for RedisServer {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn fleet_at(url: &str, secret: &str) -> Arc<Fleet> {
        let config = crate::ClientBuilder::new()
            .client_id("fleet-test")
            .client_secret(secret)
            .base_url("http://127.0.0.1:9")
            .redis_url(url)
            .config()
            .unwrap();
        Arc::new(Fleet::new(config.redis_url.as_ref().unwrap(), &config).unwrap())
    }

    #[tokio::test]
    async fn the_window_in_redis_allows_capacity_starts_then_says_how_long_to_wait() {
        let redis = RedisServer::start();
        let (a, b) = (fleet_at(&redis.url, "s"), fleet_at(&redis.url, "s")); // two processes
        let window = Duration::from_millis(1015);
        for fleet in [&a, &b, &a, &b, &a] {
            assert_eq!(fleet.take_slot(5, window).await, Some(Ok(())));
        }
        let Some(Err(wait)) = b.take_slot(5, window).await else { panic!("the sixth start must wait") };
        assert!(wait > Duration::from_millis(900) && wait <= window, "{wait:?}");
        a.pause(Duration::from_secs(3)).await;
        let Some(Err(paused)) = b.take_slot(5, Duration::from_millis(1)).await else { panic!("paused") };
        assert!(paused > Duration::from_millis(2900), "a pause holds every process: {paused:?}");
    }

    #[tokio::test]
    async fn one_process_fetches_the_token_and_a_stale_fetch_cannot_overwrite_a_newer_one() {
        let redis = RedisServer::start();
        let (a, b) = (fleet_at(&redis.url, "s"), fleet_at(&redis.url, "s"));
        assert!(matches!(a.read_token().await, Some(None)));
        let first = a.lock_token().await.unwrap().expect("a takes the lock");
        assert_eq!(b.lock_token().await, Some(None), "b waits for a");
        let stored = a.publish_token(first, "tok_a", Duration::from_secs(60)).await.expect("published");
        let shared = b.read_token().await.unwrap().expect("b reads a's token");
        assert_eq!((shared.access_token.as_str(), shared.stored.as_slice()), ("tok_a", stored.as_slice()));
        // b's newer fetch, then a's stale one (its lock had expired): the newer token stays.
        let newer = b.lock_token().await.unwrap().expect("the lock was freed");
        b.publish_token(newer, "tok_b", Duration::from_secs(60)).await.unwrap();
        assert_eq!(a.publish_token(first, "tok_stale", Duration::from_secs(60)).await, None);
        assert_eq!(a.read_token().await.unwrap().unwrap().access_token, "tok_b");
        // A 401 on tok_a (already replaced) deletes nothing; on tok_b it deletes it.
        a.drop_token(&stored).await;
        let current = a.read_token().await.unwrap().unwrap();
        a.drop_token(&current.stored).await;
        assert!(matches!(a.read_token().await, Some(None)));
        // What Redis holds is sealed, and another secret cannot open it.
        let fence = b.lock_token().await.unwrap().expect("the lock is free");
        b.publish_token(fence, "tok_secret", Duration::from_secs(60)).await.unwrap();
        let mut connection = a.connection().await.unwrap();
        let raw: Vec<u8> = redis::cmd("GET").arg(&a.keys.token).query_async(&mut connection).await.unwrap();
        assert!(!raw.windows(10).any(|w| w == b"tok_secret"), "the token is sealed in Redis");
        assert!(matches!(fleet_at(&redis.url, "other").read_token().await, Some(None)));
    }

    #[tokio::test]
    async fn when_redis_is_down_every_call_answers_within_the_timeout_and_sharing_resumes() {
        let redis = RedisServer::start();
        let fleet = fleet_at(&redis.url, "s");
        assert_eq!(fleet.take_slot(5, Duration::from_secs(1)).await, Some(Ok(())));
        let port = redis.stop();
        let started = std::time::Instant::now();
        for _ in 0..20 {
            assert_eq!(fleet.take_slot(5, Duration::from_secs(1)).await, None);
        }
        assert!(
            started.elapsed() < Duration::from_millis(1000),
            "no call waits on a dead Redis: {:?}",
            started.elapsed()
        );
        let _back = RedisServer::start_on(port);
        tokio::time::sleep(RECONNECT_EVERY + Duration::from_millis(300)).await;
        let mut resumed = false;
        for _ in 0..20 {
            if fleet.take_slot(5, Duration::from_secs(1)).await == Some(Ok(())) {
                resumed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(resumed, "sharing resumes when Redis is back");
    }

    #[test]
    fn a_sealed_token_opens_only_with_the_secret() {
        let ours = fleet("the-secret");
        let sealed = ours.seal("tok_123");
        let stored = [b"7:".as_slice(), sealed.as_slice()].concat();
        assert!(!stored.windows(7).any(|w| w == b"tok_123"), "the token is not readable in Redis");
        assert_eq!(ours.open(&stored).as_deref(), Some("tok_123"));
        assert_eq!(fleet("another-secret").open(&stored), None, "read access to Redis alone opens nothing");
        let mut tampered = stored.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(ours.open(&tampered), None);
        assert_eq!(ours.open(b"garbage"), None);
    }
}
