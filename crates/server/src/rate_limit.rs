//! Per-client limits on write requests: a fixed one-minute window per bucket (writes,
//! votes, reports) and client key.
//!
//! Keys are keyed hashes of client addresses (see `http::comments::ClientIp`), never addresses.
//! The windows live in the database and are counted in one atomic statement, so several
//! server processes on one database enforce one limit together.

use crate::store::{now_millis, Store};

pub const WINDOW_MS: i64 = 60_000;

#[derive(Debug)]
pub struct RateLimiter {
    bucket: &'static str,
    per_window: u32,
}

impl RateLimiter {
    pub fn per_minute(bucket: &'static str, per_window: u32) -> Self {
        Self { bucket, per_window }
    }

    /// [`RateLimiter::check`] as the HTTP layer answers it: 429 with `Retry-After`.
    pub async fn admit(&self, store: &Store, client: String) -> Result<(), crate::error::AppError> {
        self.check(store, client)
            .await
            .map_err(|retry_after_secs| crate::error::AppError::RateLimited { retry_after_secs })
    }

    /// Counts one request of `client`; `Err(seconds)` says how long until it may write
    /// again. A database failure lets the request through (and is logged): the limit
    /// protects, it must not take the site down.
    pub async fn check(&self, store: &Store, client: String) -> Result<(), u64> {
        self.check_at(store, &client, now_millis()).await
    }

    async fn check_at(&self, store: &Store, client: &str, now: i64) -> Result<(), u64> {
        match store
            .count_request(self.bucket, client, now, WINDOW_MS)
            .await
        {
            Ok((count, window_start)) if count > i64::from(self.per_window) => {
                let remaining_ms = (window_start + WINDOW_MS - now).max(1_000);
                Err(u64::try_from(remaining_ms / 1_000).unwrap_or(1).max(1))
            }
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::error!(error = %err, "rate limit not checked");
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn allows_the_limit_then_refuses_until_the_window_ends() {
        let dir = std::env::temp_dir().join(format!("readerbox-rate-{}", std::process::id()));
        let store = Store::open(&crate::testing::fresh_database(&dir).await)
            .await
            .unwrap();
        let limiter = RateLimiter::per_minute("test", 2);
        let t0 = now_millis();
        assert!(limiter.check_at(&store, "a", t0).await.is_ok());
        assert!(limiter.check_at(&store, "a", t0).await.is_ok());
        assert_eq!(limiter.check_at(&store, "a", t0 + 10_000).await, Err(50));
        assert!(
            limiter.check_at(&store, "b", t0).await.is_ok(),
            "clients are counted separately"
        );
        let other = RateLimiter::per_minute("other", 2);
        assert!(other.check_at(&store, "a", t0).await.is_ok(), "buckets too");
        assert!(
            limiter.check_at(&store, "a", t0 + WINDOW_MS).await.is_ok(),
            "a new window"
        );
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
