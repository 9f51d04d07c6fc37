//! Persistence: the one place that speaks SQL.
//!
//! SQLite through sqlx, with the migrations in `migrations/` embedded at compile time and
//! applied on open. Queries are plain runtime SQL (no compile-time checked macros), so the
//! build needs no database and the same statements can later run on PostgreSQL.
//!
//! Invariant: the public [`Comment`] built here never carries the stored e-mail.

use readerbox_api::{Comment, ValidNewComment};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating when missing) the database file and its folder, and migrates it.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL is durable across application crashes; a power loss may drop
            // the last transactions, never corrupt the file.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// All comments of the article, oldest first.
    pub async fn list_comments(&self, uri: &str) -> Result<Vec<Comment>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT c.id, c.author, c.text, c.created_at
               FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE t.uri = ?
              ORDER BY c.created_at, c.id",
        )
        .bind(uri)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Comment {
                    id: row.try_get("id")?,
                    author: row.try_get("author")?,
                    text: row.try_get("text")?,
                    created_at: rfc3339_from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// The number of comments of each URI (0 where there are none), in one query.
    pub async fn count_comments(
        &self,
        uris: &[String],
    ) -> Result<BTreeMap<String, u64>, sqlx::Error> {
        let mut counts: BTreeMap<String, u64> = uris.iter().map(|uri| (uri.clone(), 0)).collect();
        if uris.is_empty() {
            return Ok(counts);
        }
        let placeholders = vec!["?"; uris.len()].join(", ");
        let sql = format!(
            "SELECT t.uri, COUNT(c.id) AS n
               FROM threads t JOIN comments c ON c.thread_id = t.id
              WHERE t.uri IN ({placeholders})
              GROUP BY t.uri"
        );
        let mut query = sqlx::query(&sql);
        for uri in uris {
            query = query.bind(uri);
        }
        for row in query.fetch_all(&self.pool).await? {
            let uri: String = row.try_get("uri")?;
            let n: i64 = row.try_get("n")?;
            counts.insert(uri, u64::try_from(n).unwrap_or(0));
        }
        Ok(counts)
    }

    /// Stores a validated comment, creating the article's thread on first use.
    pub async fn insert_comment(&self, new: &ValidNewComment) -> Result<Comment, sqlx::Error> {
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO threads (uri, created_at) VALUES (?, ?) ON CONFLICT (uri) DO NOTHING",
        )
        .bind(&new.uri)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (thread_id, author, email, text, created_at)
             SELECT id, ?, ?, ?, ? FROM threads WHERE uri = ?
             RETURNING id",
        )
        .bind(&new.author)
        .bind(&new.email)
        .bind(&new.text)
        .bind(now)
        .bind(&new.uri)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Comment {
            id,
            author: new.author.clone(),
            text: new.text.clone(),
            created_at: rfc3339_from_millis(now),
        })
    }

    /// The stored e-mail of a comment: for the editors' side and for tests proving it is
    /// stored. Never call this from a public endpoint.
    pub async fn private_email_of(&self, comment_id: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT email FROM comments WHERE id = ?")
            .bind(comment_id)
            .fetch_one(&self.pool)
            .await
    }

    pub async fn count_all_comments(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM comments")
            .fetch_one(&self.pool)
            .await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn now_millis() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).expect("time fits in i64 milliseconds")
}

fn rfc3339_from_millis(millis: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::rfc3339_from_millis;

    #[test]
    fn formats_millis_as_rfc3339_utc() {
        assert_eq!(rfc3339_from_millis(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_from_millis(1_764_000_000_123),
            "2025-11-24T16:00:00.123Z"
        );
    }
}
