//! Per-client limit on write requests: a fixed one-minute window per client key.
//!
//! Keys are keyed hashes of client addresses (see `routes::ClientIp`), held in memory
//! only, never written anywhere. The map is pruned
//! whenever it is touched after a window has passed, so it stays as small as the number
//! of clients active in the last minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct RateLimiter {
    per_window: u32,
    state: Mutex<Windows>,
}

#[derive(Debug)]
struct Windows {
    last_prune: Instant,
    by_client: HashMap<String, (Instant, u32)>,
}

impl RateLimiter {
    pub fn per_minute(per_window: u32) -> Self {
        Self {
            per_window,
            state: Mutex::new(Windows {
                last_prune: Instant::now(),
                by_client: HashMap::new(),
            }),
        }
    }

    /// Counts one request of `client`; `Err(seconds)` says how long until it may write again.
    pub fn check(&self, client: String) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: String, now: Instant) -> Result<(), u64> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if now.duration_since(state.last_prune) >= WINDOW {
            state
                .by_client
                .retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            state.last_prune = now;
        }
        let entry = state.by_client.entry(client).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_window {
            let remaining = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(remaining.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_then_refuses_until_the_window_ends() {
        let limiter = RateLimiter::per_minute(2);
        let a = || "client-a".to_owned();
        let b = || "client-b".to_owned();
        let t0 = Instant::now();
        assert!(limiter.check_at(a(), t0).is_ok());
        assert!(limiter.check_at(a(), t0).is_ok());
        assert_eq!(limiter.check_at(a(), t0 + Duration::from_secs(10)), Err(50));
        assert!(
            limiter.check_at(b(), t0).is_ok(),
            "clients are counted separately"
        );
        assert!(limiter.check_at(a(), t0 + WINDOW).is_ok());
    }
}
