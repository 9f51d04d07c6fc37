//! Persistence: the one place that speaks SQL.
//!
//! SQLite or PostgreSQL through sqlx's `Any` driver, with the migrations in
//! `migrations/sqlite/` and `migrations/postgres/` (same numbers, same meaning) embedded at
//! compile time and applied on open. Queries are plain runtime SQL (no compile-time
//! checked macros), written once in the dialect both share (see [`crate::database`]).
//!
//! Invariants:
//! - The public [`Comment`] built here never carries the stored e-mail.
//! - Pending comments are never listed or counted; deleted ones are listed only as
//!   placeholders (no author, no text) while they have visible replies.
//! - `comments.score` is the sum of that comment's `votes`, updated in one transaction.
//! - Flags are stored as integers 0/1 and decoded as `i64`, never as SQL booleans, and
//!   sums are cast to BIGINT: the `Any` driver decodes both backends the same way then.
//! - A vote first locks its comment's row, so concurrent votes can't both miss each
//!   other when the score is summed (PostgreSQL's READ COMMITTED would allow that).
//! - Secrets derived here ([`Store::edit_token`], avatars, voter keys) are keyed hashes
//!   with the server secret, which is made once and kept in the `settings` table.

pub mod backup;
mod comments;
mod limits;
mod moving;
mod reports;
mod sessions;
mod subscriptions;
mod threads;

pub use comments::{Authored, Cursor, Inserted, Page};
pub use moving::{ImportError, ImportedComment, Stored};
pub use reports::Inbox;

use crate::database::{numbered, DatabaseLocation};
use readerbox_api::admin::{AdminComment, ModerationAction, ThreadSummary, ADMIN_PAGE_SIZE};
use readerbox_api::reports::{
    Correction, CorrectionCategory, Letter, NewCorrection, NewLetter, ReportStatus,
};
use readerbox_api::{Comment, CommentStatus, Sort, ValidNewComment};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Column, Executor, Row};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    postgres: bool,
    /// SQLite only: writers take turns here (see [`Store::writing`]).
    write_gate: Option<Arc<tokio::sync::Mutex<()>>>,
    /// Replaced only by an import (the imported site's secret).
    secret: Arc<std::sync::RwLock<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the parent comment does not exist here or can't be answered")]
    ParentNotFound,
    #[error("no such comment")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Columns of a public [`Comment`], for `comment_from_row`.
const COMMENT_COLUMNS: &str = "c.id, c.parent_id, c.depth, c.author, c.website, c.avatar, \
     c.text, c.created_at, c.edited_at, c.score, c.status";

/// Marks the article of comment `?` changed (see `page_cache`).
const TOUCH_THREAD_OF_COMMENT: &str = "UPDATE threads SET version = version + 1
     WHERE id = (SELECT thread_id FROM comments WHERE id = ?)";

/// A deleted comment is shown only while something visible hangs under it.
const VISIBLE: &str = "(c.status = 'published' OR (c.status = 'deleted' AND EXISTS \
     (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.status <> 'pending')))";

impl Store {
    /// Opens the database (an SQLite file is created with its folder when missing) and
    /// migrates it.
    pub async fn open(location: &DatabaseLocation) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let (url, postgres) = match location {
            DatabaseLocation::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)?;
                }
                (sqlite_url(path), false)
            }
            DatabaseLocation::Postgres(url) => (url.clone(), true),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 16 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if !postgres {
                        // WAL + NORMAL is durable across application crashes; a power
                        // loss may drop the last transactions, never corrupt the file.
                        // (foreign_keys and a 5 s busy timeout are sqlx's defaults.)
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        if postgres {
            POSTGRES_MIGRATOR.run(&pool).await?;
        } else {
            SQLITE_MIGRATOR.run(&pool).await?;
        }
        let secret = load_or_create_secret(&pool).await?;
        Ok(Self {
            pool,
            postgres,
            write_gate: (!postgres).then(|| Arc::new(tokio::sync::Mutex::new(()))),
            secret: Arc::new(std::sync::RwLock::new(secret)),
        })
    }

    /// Held while a method writes. SQLite takes one writer at a time, and a writer that
    /// finds the file locked sleeps in SQLite's busy handler (1, 2, 5 … 100 ms) before it
    /// tries again: under a burst of posts that made the p99 latency 200–300 ms while the
    /// median was 16 ms (`cargo xtask bench`, wrk with 16 connections). Here writers of
    /// this process queue in order instead. (Several processes on one file still meet
    /// in the busy handler.) PostgreSQL locks rows, not the database: no gate.
    /// Invariant: a method holding it calls no other method that takes it.
    async fn writing(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.write_gate {
            Some(gate) => Some(gate.lock().await),
            None => None,
        }
    }

    /// Whether this store runs on PostgreSQL (else SQLite).
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// The keyed hash ([`crate::secrets::keyed_hash`]) of a purpose and some values
    /// under the server secret.
    pub fn keyed_hash(&self, purpose: &str, parts: &[&str]) -> String {
        let secret = self
            .secret
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        crate::secrets::keyed_hash(secret.as_bytes(), purpose, parts)
    }

    /// The token that lets the author of comment `id` (posted with `idempotency_key`)
    /// edit or delete it. Derived, not stored: a retry with the same key gets it again.
    pub fn edit_token(&self, id: i64, idempotency_key: &str) -> String {
        self.keyed_hash("edit", &[&id.to_string(), idempotency_key])
    }

    fn avatar_of(&self, author: &str, email: Option<&str>) -> String {
        let who = match email {
            Some(email) => format!("mail:{}", email.to_lowercase()),
            None => format!("name:{author}"),
        };
        let mut hash = self.keyed_hash("avatar", &[&who]);
        hash.truncate(16);
        hash
    }

    fn voter_key(&self, voter: &str) -> String {
        let mut hash = self.keyed_hash("voter", &[voter]);
        hash.truncate(32);
        hash
    }

    /// Closes every connection. On SQLite the write-ahead log is folded into the
    /// database file first, so that the file alone holds everything (a copy of it is a
    /// backup).
    pub async fn close(&self) {
        if !self.postgres {
            if let Err(err) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
            {
                tracing::warn!("checkpoint before closing: {err}");
            }
        }
        self.pool.close().await;
    }
}

/// The sqlx URL of an SQLite file, created when missing.
fn sqlite_url(path: &std::path::Path) -> String {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    sqlx::ConnectOptions::to_url_lossy(&options).to_string()
}

async fn load_or_create_secret(pool: &AnyPool) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|err| sqlx::Error::Protocol(err.to_string()))?;
    let fresh: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    // Whoever inserts first wins; everyone reads the winner.
    sqlx::query(&numbered(
        "INSERT INTO settings (key, value) VALUES ('secret', ?) ON CONFLICT (key) DO NOTHING",
    ))
    .bind(&fresh)
    .execute(pool)
    .await?;
    sqlx::query_scalar(&numbered("SELECT value FROM settings WHERE key = 'secret'"))
        .fetch_one(pool)
        .await
}

fn comment_from_row(row: &AnyRow) -> Result<Comment, sqlx::Error> {
    let name = row.try_get::<String, _>("status")?;
    let status = CommentStatus::ALL
        .into_iter()
        .find(|status| status.as_str() == name)
        .unwrap_or_default();
    Ok(Comment {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        depth: u32::try_from(row.try_get::<i64, _>("depth")?).unwrap_or(0),
        author: row.try_get("author")?,
        website: row.try_get("website")?,
        avatar: row.try_get("avatar")?,
        text: row.try_get("text")?,
        created_at: rfc3339_from_millis(row.try_get("created_at")?),
        edited_at: row
            .try_get::<Option<i64>, _>("edited_at")?
            .map(rfc3339_from_millis),
        score: row.try_get("score")?,
        status,
    })
}

pub fn now_millis() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).expect("time fits in i64 milliseconds")
}

pub fn rfc3339_from_millis(millis: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_millis_as_rfc3339_utc() {
        assert_eq!(rfc3339_from_millis(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_from_millis(1_764_000_000_123),
            "2025-11-24T16:00:00.123Z"
        );
    }

    #[test]
    fn cursors_round_trip_and_belong_to_their_sort() {
        for (cursor, sort) in [
            (Cursor::After(7), Sort::Oldest),
            (Cursor::Before(7), Sort::Newest),
            (Cursor::Below { score: -3, id: 7 }, Sort::Best),
        ] {
            assert_eq!(Cursor::parse(&cursor.encode(), sort), Some(cursor));
            for other in Sort::ALL.into_iter().filter(|s| *s != sort) {
                assert_eq!(Cursor::parse(&cursor.encode(), other), None);
            }
        }
        for junk in ["", "o", "ox", "b1", "x5", "o99999999999999999999"] {
            assert_eq!(Cursor::parse(junk, Sort::Oldest), None, "{junk}");
        }
    }
}
