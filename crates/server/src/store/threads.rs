//! Threads (articles): their change counter and closed flag, and the editors'
//! overview.

use super::*;

impl Store {
    /// The article's change counter and whether it is closed; `(-1, false)` for an
    /// article nobody has commented on.
    pub async fn thread_state(&self, uri: &str) -> Result<(i64, bool), sqlx::Error> {
        let row: Option<(i64, i64)> = sqlx::query_as(&numbered(
            "SELECT version, closed FROM threads WHERE uri = ?",
        ))
        .bind(uri)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map_or((-1, false), |(version, closed)| (version, closed != 0)))
    }

    /// Whether the editors closed the article for new comments.
    pub async fn is_closed(&self, uri: &str) -> Result<bool, sqlx::Error> {
        Ok(self.thread_state(uri).await?.1)
    }

    /// Opens or closes an article for new comments (creating its thread if need be).
    pub async fn set_closed(&self, uri: &str, closed: bool) -> Result<(), sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered(
            "INSERT INTO threads (uri, created_at, closed) VALUES (?, ?, ?)
             ON CONFLICT (uri) DO UPDATE SET closed = excluded.closed,
                                             version = threads.version + 1",
        ))
        .bind(uri)
        .bind(now_millis())
        .bind(i64::from(closed))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Articles with comments, latest activity first (at most 200); with `search`, only
    /// those whose path contains it, in any case (`%` and `_` are plain characters).
    pub async fn thread_summaries(
        &self,
        search: Option<&str>,
    ) -> Result<Vec<ThreadSummary>, sqlx::Error> {
        let pattern = search.map(|search| {
            let escaped = search
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let rows = sqlx::query(&numbered(
            "SELECT t.uri, t.closed,
                    SUM(CASE WHEN c.status = 'published' THEN 1 ELSE 0 END) AS published,
                    SUM(CASE WHEN c.status = 'pending' THEN 1 ELSE 0 END) AS pending,
                    MAX(c.created_at) AS latest
               FROM threads t LEFT JOIN comments c ON c.thread_id = t.id
              WHERE (? IS NULL OR LOWER(t.uri) LIKE ? ESCAPE '\\')
              GROUP BY t.id
              ORDER BY latest DESC NULLS LAST, t.id DESC
              LIMIT 200",
        ))
        .bind(&pattern)
        .bind(&pattern)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ThreadSummary {
                    uri: row.try_get("uri")?,
                    closed: row.try_get::<i64, _>("closed")? != 0,
                    published: u64::try_from(
                        row.try_get::<Option<i64>, _>("published")?.unwrap_or(0),
                    )
                    .unwrap_or(0),
                    pending: u64::try_from(row.try_get::<Option<i64>, _>("pending")?.unwrap_or(0))
                        .unwrap_or(0),
                    latest: row
                        .try_get::<Option<i64>, _>("latest")?
                        .map(rfc3339_from_millis),
                })
            })
            .collect()
    }
}
