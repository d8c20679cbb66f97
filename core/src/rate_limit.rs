//! Client-side rate limiting, so that a well-behaved program never sees a 429 (docs/behaviour.md, "Rate limit").
//!
//! The API counts request *arrivals* per API key in any 1 s window. The limiter hands out
//! slots in arrival order (FIFO) and keeps, for each slot, when its request left: at first the
//! time the slot was granted, moved later when the request had to open a connection first
//! (see [`Permit::departed_at`]). A new slot is granted only when fewer than `capacity` slots
//! left within the last window, where the window is `capacity / rate` seconds plus a
//! [`JITTER_MARGIN`] for the time between leaving and being counted.
//!
//! One limiter is shared by every client of the process with the same base URL and client
//! id, and outlives them (see [`shared`]). After a 429 the whole limiter pauses (see
//! [`RateLimiter::pause_until`]), also when the call that got it gives up.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::process::PerProcess;

/// Added to every window, for jitter between when a request leaves and when the server
/// counts it.
pub const JITTER_MARGIN: Duration = Duration::from_millis(15);

/// How many past slots are kept at least; a window of capacity `c` keeps `2c` when more.
const HISTORY: usize = 256;

/// A future returned by a limiter.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the transport needs from a rate limiter. The in-process [`WindowLimiter`] is the one
/// this crate uses; a shared, cross-process backend can implement the same trait.
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Waits for a slot (in arrival order) and returns it.
    fn acquire(&self) -> BoxFuture<'_, Permit>;
    /// Grants no slot before `until` (after a 429).
    fn pause_until(&self, until: Instant);
}

/// A granted slot. Tell it when the request really left, if that was later than the grant.
#[derive(Debug)]
pub struct Permit {
    slot: Option<Arc<AtomicU64>>,
    origin: Instant,
}

impl Permit {
    /// A permit that records nothing (for limiters that do not track departures).
    pub fn untracked() -> Permit {
        Permit { slot: None, origin: Instant::now() }
    }

    /// Records that the request left at `at` (only ever moves the slot later).
    pub fn departed_at(&self, at: Instant) {
        if let Some(slot) = &self.slot {
            slot.fetch_max(nanos_since(self.origin, at), Ordering::AcqRel);
        }
    }
}

fn nanos_since(origin: Instant, at: Instant) -> u64 {
    at.saturating_duration_since(origin).as_nanos().min(u64::MAX as u128) as u64
}

/// The window arithmetic, free of clocks and locks so it can be tested directly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Requests allowed per window.
    pub capacity: usize,
    /// The window, margin included.
    pub length: Duration,
}

impl Window {
    /// The window for `rate` requests per second. At `rate` ≥ 1: `floor(rate)` starts in any
    /// 1 s (so 4.5/s allows 4 in any second, never 5); below 1: one start per `1 / rate`
    /// seconds. The margin is added to the length.
    pub fn for_rate(rate: f64) -> Window {
        // Settings are checked before this; still, no rate may stop the clock or panic here.
        let rate = if rate.is_finite() { rate.clamp(0.001, MAX_RATE) } else { MAX_RATE };
        let capacity = (rate.floor() as usize).max(1);
        let length = Duration::from_secs_f64((capacity as f64 / rate).max(1.0)) + JITTER_MARGIN;
        Window { capacity, length }
    }

    /// Requests per second this window allows on average.
    fn rate(&self) -> f64 {
        self.capacity as f64 / (self.length - JITTER_MARGIN).as_secs_f64()
    }

    /// When the next slot may start, given the departure times of earlier slots (in any
    /// order, in nanoseconds since an origin): `None` if it may start at `now`.
    pub fn next_start(&self, departures: impl Iterator<Item = u64>, now: u64) -> Option<u64> {
        let length = self.length.as_nanos() as u64;
        let mut recent: Vec<u64> = departures.filter(|d| d.saturating_add(length) > now).collect();
        if recent.len() < self.capacity {
            return None;
        }
        recent.sort_unstable_by(|a, b| b.cmp(a));
        Some(recent[self.capacity - 1] + length)
    }
}

#[derive(Debug)]
struct State {
    window: Window,
    slots: VecDeque<Arc<AtomicU64>>,
    paused_until: Option<Instant>,
}

/// The in-process limiter: a sliding window over departure times, FIFO, pausable.
pub struct WindowLimiter {
    origin: Instant,
    turnstile: tokio::sync::Mutex<()>,
    state: Mutex<State>,
}

impl fmt::Debug for WindowLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WindowLimiter").field("window", &self.window()).finish()
    }
}

impl WindowLimiter {
    /// A limiter for `rate` requests per second.
    pub fn new(rate: f64) -> Self {
        WindowLimiter {
            origin: Instant::now(),
            turnstile: tokio::sync::Mutex::new(()),
            state: Mutex::new(State { window: Window::for_rate(rate), slots: VecDeque::new(), paused_until: None }),
        }
    }

    /// The window in force.
    pub fn window(&self) -> Window {
        self.lock().window
    }

    /// Lowers the rate to `rate` if that is lower than the current one.
    fn tighten(&self, rate: f64) {
        let mut state = self.lock();
        let window = Window::for_rate(rate);
        if window.rate() < state.window.rate() {
            state.window = window;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a start granted elsewhere (by the fleet's window in Redis), so that this
    /// limiter knows the recent history if it has to take over.
    pub(crate) fn note_start(&self) -> Permit {
        let now = nanos_since(self.origin, Instant::now());
        let mut state = self.lock();
        let slot = Arc::new(AtomicU64::new(now));
        while state.slots.len() >= HISTORY.max(2 * state.window.capacity) {
            state.slots.pop_front();
        }
        state.slots.push_back(slot.clone());
        Permit { slot: Some(slot), origin: self.origin }
    }

    /// Grants a slot now, or says when to look again.
    fn try_grant(&self) -> Result<Permit, Instant> {
        let now = Instant::now();
        let mut state = self.lock();
        if let Some(until) = state.paused_until.filter(|until| *until > now) {
            return Err(until);
        }
        let now_nanos = nanos_since(self.origin, now);
        let departures = state.slots.iter().map(|slot| slot.load(Ordering::Acquire));
        if let Some(at) = state.window.next_start(departures, now_nanos) {
            return Err(self.origin + Duration::from_nanos(at));
        }
        let slot = Arc::new(AtomicU64::new(now_nanos));
        while state.slots.len() >= HISTORY.max(2 * state.window.capacity) {
            state.slots.pop_front();
        }
        state.slots.push_back(slot.clone());
        Ok(Permit { slot: Some(slot), origin: self.origin })
    }
}

impl RateLimiter for WindowLimiter {
    fn acquire(&self) -> BoxFuture<'_, Permit> {
        Box::pin(async move {
            // The turnstile is a fair (FIFO) lock: callers get slots in the order they asked.
            let _turn = self.turnstile.lock().await;
            loop {
                match self.try_grant() {
                    Ok(permit) => return permit,
                    Err(at) => tokio::time::sleep_until(at).await,
                }
            }
        })
    }

    fn pause_until(&self, until: Instant) {
        let mut state = self.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |current| current.max(until)));
    }
}

/// The highest rate a limiter takes (requests per second); settings refuse more.
pub const MAX_RATE: f64 = 1000.0;

/// The limiter for `(base_url, client_id)`: one per process, shared by every client that uses
/// the pair and kept after they are gone, so short-lived clients pace together. When clients
/// ask for different rates, the lowest wins. A child process after `fork()` starts afresh.
pub fn shared(base_url: &str, client_id: &str, rate: f64) -> Arc<WindowLimiter> {
    static LIMITERS: PerProcess<(String, String), WindowLimiter> = PerProcess::new();
    let limiter =
        LIMITERS.get_or_insert_with((base_url.to_string(), client_id.to_string()), || WindowLimiter::new(rate));
    limiter.tighten(rate);
    limiter
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    #[test]
    fn window_for_whole_and_fractional_rates() {
        assert_eq!(Window::for_rate(5.0), Window { capacity: 5, length: Duration::from_millis(1015) });
        let half = Window::for_rate(0.5);
        assert_eq!((half.capacity, half.length), (1, Duration::from_millis(2015)));
        assert_eq!(Window::for_rate(2.5), Window { capacity: 2, length: Duration::from_millis(1015) });
    }

    /// Starts of a saturated limiter over `seconds` of (paused) time.
    async fn saturated_starts(rate: f64, seconds: u64) -> Vec<Duration> {
        let limiter = WindowLimiter::new(rate);
        let begin = Instant::now();
        let mut starts = Vec::new();
        while Instant::now() - begin < Duration::from_secs(seconds) {
            limiter.acquire().await;
            starts.push(Instant::now() - begin);
        }
        starts
    }

    /// The most starts in any window of `length` (a window beginning at each start).
    fn most_in_any(starts: &[Duration], length: Duration) -> usize {
        starts
            .iter()
            .map(|from| starts.iter().filter(|t| **t >= *from && **t < *from + length).count())
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn a_fractional_rate_allows_its_floor_in_any_second() {
        for (rate, allowed) in [(2.5, 2), (4.5, 4), (5.0, 5), (1.0, 1), (7.9, 7)] {
            let starts = saturated_starts(rate, 10).await;
            assert_eq!(most_in_any(&starts, Duration::from_secs(1)), allowed, "rate {rate}");
            assert!(starts.len() as f64 >= allowed as f64 * 9.0, "rate {rate}: only {} starts in 10 s", starts.len());
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_below_one_spaces_every_start() {
        let starts = saturated_starts(0.5, 10).await;
        assert!(starts.windows(2).all(|pair| pair[1] - pair[0] >= Duration::from_secs(2)), "{starts:?}");
        assert!(starts.len() >= 5, "{starts:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_highest_rate_keeps_enough_history() {
        let starts = saturated_starts(MAX_RATE, 3).await;
        assert_eq!(most_in_any(&starts, Duration::from_secs(1)), MAX_RATE as usize);
    }

    #[test]
    fn grants_until_the_window_is_full() {
        let window = Window::for_rate(5.0);
        assert_eq!(window.next_start([0, 0, 0, 0].into_iter(), 0), None);
        assert_eq!(window.next_start([0, 0, 0, 0, 0].into_iter(), 0), Some(1015 * MS));
        // The fifth most recent departure decides, whatever the order.
        let departures = [300 * MS, 0, 100 * MS, 200 * MS, 400 * MS];
        assert_eq!(window.next_start(departures.into_iter(), 500 * MS), Some(1015 * MS));
        assert_eq!(window.next_start(departures.into_iter(), 1015 * MS), None);
    }

    #[test]
    fn a_late_departure_holds_its_slot_longer() {
        // Five slots granted at 0, one of which only left at 50 ms (cold connection).
        let window = Window::for_rate(5.0);
        let departures = [0, 0, 0, 0, 50 * MS];
        assert_eq!(
            window.next_start(departures.into_iter(), 1015 * MS),
            None,
            "four left at 0: one slot frees at 1015"
        );
        let departures = [50 * MS; 5];
        assert_eq!(window.next_start(departures.into_iter(), 1015 * MS), Some(1065 * MS));
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_capacity_in_any_window() {
        let limiter = WindowLimiter::new(5.0);
        let mut starts = Vec::new();
        for _ in 0..23 {
            limiter.acquire().await;
            starts.push(Instant::now());
        }
        for pair in starts.windows(6) {
            assert!(pair[5] - pair[0] >= Duration::from_millis(1015), "{:?}", pair[5] - pair[0]);
        }
        let span = starts[22] - starts[0];
        assert!(span <= Duration::from_millis(4 * 1015 + 5), "wasted capacity: {span:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_departure_delays_the_next_start_in_the_limiter() {
        let limiter = WindowLimiter::new(1.0);
        let begin = Instant::now();
        let permit = limiter.acquire().await;
        permit.departed_at(begin + Duration::from_millis(500));
        limiter.acquire().await;
        assert_eq!(Instant::now() - begin, Duration::from_millis(1515), "one window after the departure");
    }

    #[test]
    fn a_rate_below_one_is_lower_than_any_rate_above() {
        let limiter = WindowLimiter::new(2.0);
        limiter.tighten(0.5);
        assert_eq!(limiter.window(), Window::for_rate(0.5));
        limiter.tighten(1.0);
        assert_eq!(limiter.window(), Window::for_rate(0.5), "a higher rate never loosens it");
        assert!(format!("{limiter:?}").starts_with("WindowLimiter { window: Window { capacity: 1"), "{limiter:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn starts_granted_elsewhere_count_in_the_window_even_at_the_highest_rate() {
        let limiter = WindowLimiter::new(MAX_RATE);
        let begin = Instant::now();
        for _ in 0..MAX_RATE as usize {
            limiter.note_start();
        }
        limiter.acquire().await;
        assert_eq!(Instant::now() - begin, Duration::from_millis(1015), "the window is full of starts made elsewhere");
        let small = WindowLimiter::new(1.0);
        small.note_start();
        let begin = Instant::now();
        small.acquire().await;
        assert_eq!(Instant::now() - begin, Duration::from_millis(1015));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_caller() {
        let limiter = WindowLimiter::new(5.0);
        let start = Instant::now();
        limiter.pause_until(start + Duration::from_secs(3));
        limiter.acquire().await;
        assert!(Instant::now() - start >= Duration::from_secs(3));
    }

    #[test]
    fn clients_with_the_same_key_share_a_limiter_that_outlives_them() {
        let a = shared("http://127.0.0.1:9", "shared-key-test", 5.0);
        let b = shared("http://127.0.0.1:9", "shared-key-test", 2.0);
        let c = shared("http://127.0.0.1:9", "other-key", 5.0);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(a.window().capacity, 2, "the lower rate wins");
        let first = Arc::as_ptr(&a);
        drop((a, b));
        assert_eq!(Arc::as_ptr(&shared("http://127.0.0.1:9", "shared-key-test", 5.0)), first, "kept for the process");
    }
}
