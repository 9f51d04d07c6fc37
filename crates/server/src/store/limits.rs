//! What the spam defence and the rate limits keep: requests per client and window,
//! used proof-of-work challenges, known good authors.

use super::*;

impl Store {
    /// Counts one request of `client` in `bucket`'s current window (starting a new one
    /// when `window_ms` have passed), atomically; returns the count and window start.
    pub async fn count_request(
        &self,
        bucket: &str,
        client: &str,
        now: i64,
        window_ms: i64,
    ) -> Result<(i64, i64), sqlx::Error> {
        let _writing = self.writing().await;
        let expired = now - window_ms;
        let counted: (i64, i64) = sqlx::query_as(
            &numbered("INSERT INTO rate_limits (bucket, client, window_start, count) VALUES (?, ?, ?, 1)
             ON CONFLICT (bucket, client) DO UPDATE SET
               count = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.count + 1 END,
               window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start
                                   ELSE rate_limits.window_start END
             RETURNING count, window_start"),
        )
        .bind(bucket)
        .bind(client)
        .bind(now)
        .bind(expired)
        .bind(expired)
        .fetch_one(&self.pool)
        .await?;
        if counted.0 == 1 {
            // A new window: a good moment to drop long-gone ones.
            sqlx::query(&numbered("DELETE FROM rate_limits WHERE window_start <= ?"))
                .bind(expired)
                .execute(&self.pool)
                .await?;
        }
        Ok(counted)
    }

    /// Records a proof-of-work challenge as used; false when it already was. Drops
    /// records of expired challenges on the way.
    pub async fn use_challenge(&self, id: &str, expires_at: i64) -> Result<bool, sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered(
            "DELETE FROM used_challenges WHERE expires_at < ?",
        ))
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        let inserted = sqlx::query(
            &numbered("INSERT INTO used_challenges (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"),
        )
        .bind(id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// Whether someone with this e-mail has a published comment (first-time moderation
    /// lets them through).
    pub async fn has_published_by_email(&self, email: &str) -> Result<bool, sqlx::Error> {
        let found: i64 = sqlx::query_scalar(&numbered(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM comments
                                       WHERE lower(email) = lower(?) AND status = 'published')
                    THEN 1 ELSE 0 END",
        ))
        .bind(email)
        .fetch_one(&self.pool)
        .await?;
        Ok(found != 0)
    }
}
