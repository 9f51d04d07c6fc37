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

/// The tables an export carries, parents before children, each with its row order.
const EXPORTED_TABLES: &[(&str, &str)] = &[
    ("settings", "key"),
    ("threads", "id"),
    ("comments", "id"),
    ("votes", "comment_id, voter"),
    ("corrections", "id"),
    ("letters", "id"),
    ("import_sources", "source, source_id"),
];

/// Tables whose ids PostgreSQL generates: after an import with explicit ids their
/// sequences must move past the highest one.
const GENERATED_IDS: &[&str] = &["threads", "comments", "corrections", "letters"];
const EXPORT_FORMAT: &str = "readerbox-export";

/// The editors' two inboxes, whose entries have a [`ReportStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbox {
    Corrections,
    Letters,
}

impl Inbox {
    fn table(self) -> &'static str {
        match self {
            Inbox::Corrections => "corrections",
            Inbox::Letters => "letters",
        }
    }
}

/// A comment from another system, for [`Store::import_comments`].
#[derive(Clone, Debug)]
pub struct ImportedComment {
    /// Its id in the source, to connect replies.
    pub source_id: String,
    pub parent: Option<String>,
    pub uri: String,
    pub author: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub text: String,
    pub created_ms: i64,
    pub edited_ms: Option<i64>,
    pub status: CommentStatus,
    /// Votes the source counted (Isso: likes − dislikes); no voters are known.
    pub score: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not a readerbox export (version 1)")]
    NotAnExport,
    #[error("the database already has comments; import into an empty one")]
    NotEmpty,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Largest first page a permalink (`around`) may stretch to, in top-level comments.
pub const MAX_AROUND_PAGE: u32 = 1_000;

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    postgres: bool,
    /// SQLite only: writers take turns here (see [`Store::writing`]).
    write_gate: Option<Arc<tokio::sync::Mutex<()>>>,
    /// Replaced only by an import (the imported site's secret).
    secret: Arc<std::sync::RwLock<String>>,
}

/// Where the next page starts: after the last top-level comment of the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Sort oldest: ids above this.
    After(i64),
    /// Sort newest: ids below this.
    Before(i64),
    /// Sort best: lower scores, or the same score and a higher id.
    Below { score: i64, id: i64 },
}

impl Cursor {
    pub fn encode(self) -> String {
        match self {
            Self::After(id) => format!("o{id}"),
            Self::Before(id) => format!("n{id}"),
            Self::Below { score, id } => format!("b{score}_{id}"),
        }
    }

    /// The cursor if `text` is one for `sort`.
    pub fn parse(text: &str, sort: Sort) -> Option<Self> {
        let (kind, rest) = text.split_at_checked(1)?;
        match (kind, sort) {
            ("o", Sort::Oldest) => rest.parse().ok().map(Self::After),
            ("n", Sort::Newest) => rest.parse().ok().map(Self::Before),
            ("b", Sort::Best) => {
                let (score, id) = rest.split_once('_')?;
                Some(Self::Below {
                    score: score.parse().ok()?,
                    id: id.parse().ok()?,
                })
            }
            _ => None,
        }
    }

    fn after(sort: Sort, last: &Comment) -> Self {
        match sort {
            Sort::Oldest => Self::After(last.id),
            Sort::Newest => Self::Before(last.id),
            Sort::Best => Self::Below {
                score: last.score,
                id: last.id,
            },
        }
    }
}

/// One page as the store answers it.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub comments: Vec<Comment>,
    pub next: Option<Cursor>,
    pub total: u64,
}

/// A stored comment as its author's token sees it.
#[derive(Clone, Debug)]
pub struct Authored {
    pub comment: Comment,
    pub idempotency_key: String,
    pub created_at_ms: i64,
}

/// The result of a post.
#[derive(Clone, Debug)]
pub struct Inserted {
    pub authored: Authored,
    /// True when the idempotency key was seen before: nothing new was stored.
    pub replayed: bool,
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

    /// One page of the article's top-level comments in `sort` order, each followed by
    /// its replies (oldest first). With `around`, the page is stretched (in whole pages)
    /// to contain that comment's thread.
    pub async fn list_page(
        &self,
        uri: &str,
        sort: Sort,
        cursor: Option<Cursor>,
        limit: u32,
        around: Option<i64>,
    ) -> Result<Page, sqlx::Error> {
        let limit = match around {
            Some(id) if cursor.is_none() => self.page_size_around(uri, sort, id, limit).await?,
            _ => limit,
        };
        let (condition, order) = match sort {
            Sort::Oldest => ("c.id > ?", "c.id ASC"),
            Sort::Newest => ("c.id < ?", "c.id DESC"),
            Sort::Best => (
                "(c.score < ? OR (c.score = ? AND c.id > ?))",
                "c.score DESC, c.id ASC",
            ),
        };
        let sql = format!(
            "SELECT {COMMENT_COLUMNS}
               FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE t.uri = ? AND c.parent_id IS NULL AND {VISIBLE} AND {condition}
              ORDER BY {order}
              LIMIT ?"
        );
        let sql = numbered(&sql);
        let mut query = sqlx::query(&sql).bind(uri);
        query = match cursor {
            None => match sort {
                Sort::Oldest => query.bind(0_i64),
                Sort::Newest => query.bind(i64::MAX),
                Sort::Best => query.bind(i64::MAX).bind(i64::MAX).bind(0_i64),
            },
            Some(Cursor::After(id) | Cursor::Before(id)) => query.bind(id),
            Some(Cursor::Below { score, id }) => query.bind(score).bind(score).bind(id),
        };
        let rows = query
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
        let mut top: Vec<Comment> = rows
            .iter()
            .map(comment_from_row)
            .collect::<Result<_, _>>()?;
        let next = if top.len() > limit as usize {
            top.truncate(limit as usize);
            top.last().map(|last| Cursor::after(sort, last))
        } else {
            None
        };

        let replies = self.replies_of(&top).await?;
        let mut comments = Vec::with_capacity(top.len() + replies.len());
        for parent in top {
            let root = parent.id;
            comments.push(parent);
            comments.extend(replies.get(&root).into_iter().flatten().cloned());
        }
        let total = self.count_comments(&[uri.to_owned()]).await?;
        Ok(Page {
            comments,
            next,
            total: total.into_values().next().unwrap_or(0),
        })
    }

    /// Replies under each of `top`, by root id, oldest first (so parents come first).
    async fn replies_of(
        &self,
        top: &[Comment],
    ) -> Result<BTreeMap<i64, Vec<Comment>>, sqlx::Error> {
        let mut by_root: BTreeMap<i64, Vec<Comment>> = BTreeMap::new();
        if top.is_empty() {
            return Ok(by_root);
        }
        let placeholders = vec!["?"; top.len()].join(", ");
        let sql = format!(
            "SELECT {COMMENT_COLUMNS}, c.root_id
               FROM comments c
              WHERE c.root_id IN ({placeholders}) AND c.parent_id IS NOT NULL AND {VISIBLE}
              ORDER BY c.id"
        );
        let sql = numbered(&sql);
        let mut query = sqlx::query(&sql);
        for comment in top {
            query = query.bind(comment.id);
        }
        for row in query.fetch_all(&self.pool).await? {
            let root: i64 = row.try_get("root_id")?;
            by_root
                .entry(root)
                .or_default()
                .push(comment_from_row(&row)?);
        }
        Ok(by_root)
    }

    /// A page size, a whole number of `page_size` pages, that reaches comment `id`'s
    /// thread; `page_size` when the comment is not shown on this article.
    async fn page_size_around(
        &self,
        uri: &str,
        sort: Sort,
        id: i64,
        page_size: u32,
    ) -> Result<u32, sqlx::Error> {
        let root: Option<(i64, i64)> = sqlx::query_as(&numbered(
            "SELECT r.id, r.score
               FROM comments c
               JOIN comments r ON r.id = c.root_id
               JOIN threads t ON t.id = c.thread_id
              WHERE c.id = ? AND t.uri = ? AND c.status <> 'pending'",
        ))
        .bind(id)
        .bind(uri)
        .fetch_optional(&self.pool)
        .await?;
        let Some((root_id, root_score)) = root else {
            return Ok(page_size);
        };
        let before = match sort {
            Sort::Oldest => "c.id < ?",
            Sort::Newest => "c.id > ?",
            Sort::Best => "(c.score > ? OR (c.score = ? AND c.id < ?))",
        };
        let sql = format!(
            "SELECT COUNT(*)
               FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE t.uri = ? AND c.parent_id IS NULL AND {VISIBLE} AND {before}"
        );
        let sql = numbered(&sql);
        let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(uri);
        query = match sort {
            Sort::Best => query.bind(root_score).bind(root_score).bind(root_id),
            _ => query.bind(root_id),
        };
        let position = u32::try_from(query.fetch_one(&self.pool).await?).unwrap_or(u32::MAX);
        let pages = position / page_size.max(1) + 1;
        Ok(pages.saturating_mul(page_size).min(MAX_AROUND_PAGE))
    }

    /// The number of published comments of each URI (0 where there are none).
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
              WHERE t.uri IN ({placeholders}) AND c.status = 'published'
              GROUP BY t.uri"
        );
        let sql = numbered(&sql);
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

    /// Stores a validated comment (creating the article's thread on first use), or
    /// returns the one stored earlier under the same idempotency key.
    pub async fn insert_comment(
        &self,
        new: &ValidNewComment,
        idempotency_key: &str,
        status: CommentStatus,
    ) -> Result<Inserted, StoreError> {
        if let Some(authored) = self.find_by_key(idempotency_key).await? {
            return Ok(Inserted {
                authored,
                replayed: true,
            });
        }
        // A request with the same key meanwhile: ON CONFLICT below, then replayed.
        let _writing = self.writing().await;
        let now = now_millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(&numbered(
            "INSERT INTO threads (uri, created_at) VALUES (?, ?) ON CONFLICT (uri) DO NOTHING",
        ))
        .bind(&new.uri)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let thread_id: i64 = sqlx::query_scalar(&numbered("SELECT id FROM threads WHERE uri = ?"))
            .bind(&new.uri)
            .fetch_one(&mut *tx)
            .await?;
        let (root_id, depth) = match new.parent_id {
            None => (None, 0_i64),
            Some(parent_id) => {
                let parent: Option<(i64, i64)> = sqlx::query_as(&numbered(
                    "SELECT root_id, depth FROM comments
                      WHERE id = ? AND thread_id = ? AND status = 'published'",
                ))
                .bind(parent_id)
                .bind(thread_id)
                .fetch_optional(&mut *tx)
                .await?;
                let (root, depth) = parent.ok_or(StoreError::ParentNotFound)?;
                (Some(root), depth + 1)
            }
        };
        let avatar = self.avatar_of(&new.author, new.email.as_deref());
        let inserted = sqlx::query(&numbered(
            "INSERT INTO comments (thread_id, parent_id, root_id, depth, author, email, website,
                                   avatar, text, created_at, status, idempotency_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (idempotency_key) DO NOTHING
             RETURNING id",
        ))
        .bind(thread_id)
        .bind(new.parent_id)
        .bind(root_id)
        .bind(depth)
        .bind(&new.author)
        .bind(&new.email)
        .bind(&new.website)
        .bind(&avatar)
        .bind(&new.text)
        .bind(now)
        .bind(status.as_str())
        .bind(idempotency_key)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = inserted else {
            // A concurrent request with the same key won the race: answer with its comment.
            tx.rollback().await?;
            let authored = self
                .find_by_key(idempotency_key)
                .await?
                .ok_or(StoreError::NotFound)?;
            return Ok(Inserted {
                authored,
                replayed: true,
            });
        };
        let id: i64 = row.try_get("id")?;
        if root_id.is_none() {
            sqlx::query(&numbered("UPDATE comments SET root_id = id WHERE id = ?"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(&numbered(
            "UPDATE threads SET version = version + 1 WHERE id = ?",
        ))
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let authored = self.find_authored(id).await?.ok_or(StoreError::NotFound)?;
        Ok(Inserted {
            authored,
            replayed: false,
        })
    }

    async fn find_by_key(&self, key: &str) -> Result<Option<Authored>, sqlx::Error> {
        let id: Option<i64> = sqlx::query_scalar(&numbered(
            "SELECT id FROM comments WHERE idempotency_key = ?",
        ))
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        match id {
            Some(id) => self.find_authored(id).await,
            None => Ok(None),
        }
    }

    /// A comment with what its author's token is checked against; `None` when it
    /// doesn't exist or is deleted.
    pub async fn find_authored(&self, id: i64) -> Result<Option<Authored>, sqlx::Error> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS}, c.idempotency_key
               FROM comments c WHERE c.id = ? AND c.status <> 'deleted'"
        );
        let sql = numbered(&sql);
        let Some(row) = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Authored {
            comment: comment_from_row(&row)?,
            idempotency_key: row
                .try_get::<Option<String>, _>("idempotency_key")?
                .unwrap_or_default(),
            created_at_ms: row.try_get("created_at")?,
        }))
    }

    /// Replaces a comment's text and marks it edited.
    pub async fn edit_text(&self, id: i64, text: &str) -> Result<Comment, StoreError> {
        let _writing = self.writing().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query(&numbered(
            "UPDATE comments SET text = ?, edited_at = ? WHERE id = ? AND status <> 'deleted'",
        ))
        .bind(text)
        .bind(now_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&numbered(TOUCH_THREAD_OF_COMMENT))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(self
            .find_authored(id)
            .await?
            .ok_or(StoreError::NotFound)?
            .comment)
    }

    /// Deletes a comment: entirely when nothing answers it, else it stays as a
    /// placeholder without author, text, e-mail, website or votes. Returns whether it
    /// stays as a placeholder.
    pub async fn delete_comment(&self, id: i64) -> Result<bool, sqlx::Error> {
        let _writing = self.writing().await;
        let mut tx = self.pool.begin().await?;
        let has_replies = sqlx::query_scalar::<_, i64>(&numbered(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM comments WHERE parent_id = ?) THEN 1 ELSE 0 END",
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
            != 0;
        sqlx::query(&numbered(TOUCH_THREAD_OF_COMMENT))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&numbered("DELETE FROM votes WHERE comment_id = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if has_replies {
            sqlx::query(&numbered(
                "UPDATE comments
                    SET status = 'deleted', author = '', text = '', email = NULL,
                        website = NULL, avatar = '', score = 0
                  WHERE id = ?",
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(&numbered("DELETE FROM comments WHERE id = ?"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(has_replies)
    }

    /// Records `voter`'s vote on a published comment (0 takes it back); returns the new
    /// score.
    pub async fn vote(&self, id: i64, voter: &str, value: i8) -> Result<i64, StoreError> {
        let _writing = self.writing().await;
        let voter = self.voter_key(voter);
        let mut tx = self.pool.begin().await?;
        // Taking the row lock first serialises votes on one comment, so the sum below
        // always sees every earlier vote.
        let published = sqlx::query(&numbered(
            "UPDATE comments SET score = score WHERE id = ? AND status = 'published'",
        ))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !published {
            return Err(StoreError::NotFound);
        }
        if value == 0 {
            sqlx::query(&numbered(
                "DELETE FROM votes WHERE comment_id = ? AND voter = ?",
            ))
            .bind(id)
            .bind(&voter)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(&numbered(
                "INSERT INTO votes (comment_id, voter, value) VALUES (?, ?, ?)
                 ON CONFLICT (comment_id, voter) DO UPDATE SET value = excluded.value",
            ))
            .bind(id)
            .bind(&voter)
            .bind(i64::from(value))
            .execute(&mut *tx)
            .await?;
        }
        let score: i64 = sqlx::query_scalar(&numbered(
            "UPDATE comments
                SET score = (SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT)
                               FROM votes WHERE comment_id = ?)
              WHERE id = ?
             RETURNING score",
        ))
        .bind(id)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(&numbered(TOUCH_THREAD_OF_COMMENT))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(score)
    }

    /// The stored e-mail of a comment: for the editors' side and for tests proving it is
    /// stored. Never call this from a public endpoint.
    pub async fn private_email_of(&self, comment_id: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(&numbered("SELECT email FROM comments WHERE id = ?"))
            .bind(comment_id)
            .fetch_one(&self.pool)
            .await
    }

    pub async fn count_all_comments(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(&numbered("SELECT COUNT(*) FROM comments"))
            .fetch_one(&self.pool)
            .await
    }

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

    /// Comments for the editors, newest first (at most [`ADMIN_PAGE_SIZE`]): of one
    /// status and/or one article, older than comment `before`, with e-mail.
    pub async fn admin_comments(
        &self,
        status: Option<CommentStatus>,
        uri: Option<&str>,
        before: Option<i64>,
    ) -> Result<Vec<AdminComment>, sqlx::Error> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS}, c.email, t.uri
               FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE (? IS NULL OR c.status = ?) AND (? IS NULL OR t.uri = ?)
                AND (? IS NULL OR c.id < ?)
              ORDER BY c.id DESC LIMIT {ADMIN_PAGE_SIZE}"
        );
        let status = status.map(CommentStatus::as_str);
        let sql = numbered(&sql);
        let rows = sqlx::query(&sql)
            .bind(status)
            .bind(status)
            .bind(uri)
            .bind(uri)
            .bind(before)
            .bind(before)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(AdminComment {
                    comment: comment_from_row(row)?,
                    uri: row.try_get("uri")?,
                    email: row.try_get("email")?,
                })
            })
            .collect()
    }

    /// Applies one editor's action to several comments; returns how many changed.
    pub async fn moderate(
        &self,
        ids: &[i64],
        action: ModerationAction,
    ) -> Result<u64, sqlx::Error> {
        let mut changed = 0;
        for id in ids {
            changed += match action {
                ModerationAction::Delete => {
                    let exists = sqlx::query_scalar::<_, i64>(&numbered(
                        "SELECT COUNT(*) FROM comments WHERE id = ?",
                    ))
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?
                        > 0;
                    if exists {
                        self.delete_comment(*id).await?;
                    }
                    u64::from(exists)
                }
                other => {
                    let status = match other {
                        ModerationAction::Approve => "published",
                        ModerationAction::Reject => "rejected",
                        _ => "spam",
                    };
                    let _writing = self.writing().await;
                    let mut tx = self.pool.begin().await?;
                    let changed = sqlx::query(&numbered(
                        "UPDATE comments SET status = ? WHERE id = ? AND status <> 'deleted'",
                    ))
                    .bind(status)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    sqlx::query(&numbered(TOUCH_THREAD_OF_COMMENT))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    changed
                }
            };
        }
        Ok(changed)
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

    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &str,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered("DELETE FROM admin_sessions WHERE expires_at < ?"))
            .bind(now_millis())
            .execute(&self.pool)
            .await?;
        sqlx::query(&numbered(
            "INSERT INTO admin_sessions (token_hash, username, expires_at) VALUES (?, ?, ?)",
        ))
        .bind(token_hash)
        .bind(user)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The editor a session belongs to, while it lasts.
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(&numbered(
            "SELECT username FROM admin_sessions WHERE token_hash = ? AND expires_at > ?",
        ))
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered("DELETE FROM admin_sessions WHERE token_hash = ?"))
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A not yet confirmed wish for reply mails; returns its id.
    pub async fn add_subscription(&self, comment_id: i64, email: &str) -> Result<i64, sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query_scalar(
            &numbered("INSERT INTO subscriptions (comment_id, email, created_at) VALUES (?, ?, ?) RETURNING id"),
        )
        .bind(comment_id)
        .bind(email)
        .bind(now_millis())
        .fetch_one(&self.pool)
        .await
    }

    pub async fn confirm_subscription(&self, id: i64) -> Result<(), sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered(
            "UPDATE subscriptions SET confirmed = 1 WHERE id = ?",
        ))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn end_subscription(&self, id: i64) -> Result<(), sqlx::Error> {
        let _writing = self.writing().await;
        sqlx::query(&numbered("DELETE FROM subscriptions WHERE id = ?"))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// All subscriptions (confirmed or not) to replies on a comment: (e-mail, confirmed).
    pub async fn subscriptions(&self, comment_id: i64) -> Result<Vec<(String, bool)>, sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&numbered(
            "SELECT email, confirmed FROM subscriptions WHERE comment_id = ? ORDER BY id",
        ))
        .bind(comment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(email, confirmed)| (email, confirmed != 0))
            .collect())
    }

    /// Confirmed subscriptions to replies on a comment: (id, e-mail).
    pub async fn confirmed_subscriptions(
        &self,
        comment_id: i64,
    ) -> Result<Vec<(i64, String)>, sqlx::Error> {
        sqlx::query_as(&numbered(
            "SELECT id, email FROM subscriptions WHERE comment_id = ? AND confirmed = 1",
        ))
        .bind(comment_id)
        .fetch_all(&self.pool)
        .await
    }

    /// For a published reply: its parent, author, e-mail and article (reply mails).
    pub async fn reply_info(
        &self,
        id: i64,
    ) -> Result<Option<(i64, String, Option<String>, String)>, sqlx::Error> {
        sqlx::query_as(&numbered(
            "SELECT c.parent_id, c.author, c.email, t.uri
               FROM comments c JOIN threads t ON t.id = c.thread_id
              WHERE c.id = ? AND c.parent_id IS NOT NULL AND c.status = 'published'",
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

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

    /// Stores a validated correction for the editors; returns its id and whether it was
    /// stored before under the same idempotency key (then nothing new is stored).
    pub async fn insert_correction(&self, c: &NewCorrection) -> Result<(i64, bool), sqlx::Error> {
        let _writing = self.writing().await;
        if let Some(id) = self
            .report_by_key("corrections", c.idempotency_key.as_deref())
            .await?
        {
            return Ok((id, true));
        }
        let inserted: Option<i64> = sqlx::query_scalar(&numbered(
            "INSERT INTO corrections (uri, article_url, selection, context_before, context_after,
                                      fragment_url, category, message, email, created_at,
                                      idempotency_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        ))
        .bind(&c.uri)
        .bind(&c.article_url)
        .bind(&c.selection)
        .bind(&c.context_before)
        .bind(&c.context_after)
        .bind(&c.fragment_url)
        .bind(c.category.as_str())
        .bind(&c.message)
        .bind(&c.email)
        .bind(now_millis())
        .bind(&c.idempotency_key)
        .fetch_optional(&self.pool)
        .await?;
        self.inserted_or_raced("corrections", inserted, c.idempotency_key.as_deref())
            .await
    }

    /// The report stored under `key` in `table` (corrections or letters).
    async fn report_by_key(
        &self,
        table: &str,
        key: Option<&str>,
    ) -> Result<Option<i64>, sqlx::Error> {
        let Some(key) = key else {
            return Ok(None);
        };
        sqlx::query_scalar(&numbered(&format!(
            "SELECT id FROM {table} WHERE idempotency_key = ?"
        )))
        .bind(key)
        .fetch_optional(&self.pool)
        .await
    }

    /// The new id, or, when a concurrent request with the same key won, that one's.
    async fn inserted_or_raced(
        &self,
        table: &str,
        inserted: Option<i64>,
        key: Option<&str>,
    ) -> Result<(i64, bool), sqlx::Error> {
        match inserted {
            Some(id) => Ok((id, false)),
            None => self
                .report_by_key(table, key)
                .await?
                .map(|id| (id, true))
                .ok_or(sqlx::Error::RowNotFound),
        }
    }

    /// Corrections, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally of one
    /// status, older than correction `before`.
    pub async fn corrections(
        &self,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<Correction>, sqlx::Error> {
        let rows = self.report_page(Inbox::Corrections, status, before).await?;
        rows.iter()
            .map(|row| {
                Ok(Correction {
                    id: row.try_get("id")?,
                    report: NewCorrection {
                        uri: row.try_get("uri")?,
                        article_url: row.try_get("article_url")?,
                        selection: row.try_get("selection")?,
                        context_before: row.try_get("context_before")?,
                        context_after: row.try_get("context_after")?,
                        fragment_url: row.try_get("fragment_url")?,
                        category: CorrectionCategory::parse(&row.try_get::<String, _>("category")?)
                            .unwrap_or_default(),
                        message: row.try_get("message")?,
                        email: row.try_get("email")?,
                        pow: None,
                        homepage: None,
                        idempotency_key: None,
                    },
                    status: ReportStatus::parse(&row.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    created_at: rfc3339_from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// One page of `inbox`'s rows, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally
    /// of one status, older than entry `before`.
    async fn report_page(
        &self,
        inbox: Inbox,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let table = inbox.table();
        sqlx::query(&numbered(&format!(
            "SELECT * FROM {table} WHERE (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
              ORDER BY id DESC LIMIT {ADMIN_PAGE_SIZE}"
        )))
        .bind(status.map(ReportStatus::as_str))
        .bind(status.map(ReportStatus::as_str))
        .bind(before)
        .bind(before)
        .fetch_all(&self.pool)
        .await
    }

    /// Sets the status of a correction or letter; false when `inbox` has no such entry.
    pub async fn set_report_status(
        &self,
        inbox: Inbox,
        id: i64,
        status: ReportStatus,
    ) -> Result<bool, sqlx::Error> {
        let _writing = self.writing().await;
        let table = inbox.table();
        let updated = sqlx::query(&numbered(&format!(
            "UPDATE {table} SET status = ? WHERE id = ?"
        )))
        .bind(status.as_str())
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(updated > 0)
    }

    /// Stores a validated letter to the editor; returns its id and whether it was stored
    /// before under the same idempotency key.
    pub async fn insert_letter(&self, l: &NewLetter) -> Result<(i64, bool), sqlx::Error> {
        let _writing = self.writing().await;
        if let Some(id) = self
            .report_by_key("letters", l.idempotency_key.as_deref())
            .await?
        {
            return Ok((id, true));
        }
        let inserted: Option<i64> = sqlx::query_scalar(&numbered(
            "INSERT INTO letters (uri, article_title, article_url, name, city, email, address,
                                  phone, text, do_not_shorten, consent, created_at,
                                  idempotency_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        ))
        .bind(&l.uri)
        .bind(&l.article_title)
        .bind(&l.article_url)
        .bind(&l.name)
        .bind(&l.city)
        .bind(&l.email)
        .bind(&l.address)
        .bind(&l.phone)
        .bind(&l.text)
        .bind(i64::from(l.do_not_shorten))
        .bind(i64::from(l.consent))
        .bind(now_millis())
        .bind(&l.idempotency_key)
        .fetch_optional(&self.pool)
        .await?;
        self.inserted_or_raced("letters", inserted, l.idempotency_key.as_deref())
            .await
    }

    /// Letters, newest first (at most [`ADMIN_PAGE_SIZE`]), optionally of one status,
    /// older than letter `before`.
    pub async fn letters(
        &self,
        status: Option<ReportStatus>,
        before: Option<i64>,
    ) -> Result<Vec<Letter>, sqlx::Error> {
        let rows = self.report_page(Inbox::Letters, status, before).await?;
        rows.iter()
            .map(|row| {
                Ok(Letter {
                    id: row.try_get("id")?,
                    letter: NewLetter {
                        uri: row.try_get("uri")?,
                        article_title: row.try_get("article_title")?,
                        article_url: row.try_get("article_url")?,
                        name: row.try_get("name")?,
                        city: row.try_get("city")?,
                        email: row.try_get("email")?,
                        address: row.try_get("address")?,
                        phone: row.try_get("phone")?,
                        text: row.try_get("text")?,
                        do_not_shorten: row.try_get::<i64, _>("do_not_shorten")? != 0,
                        consent: row.try_get::<i64, _>("consent")? != 0,
                        pow: None,
                        homepage: None,
                        idempotency_key: None,
                    },
                    status: ReportStatus::parse(&row.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    created_at: rfc3339_from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Everything the site owns, table by table, as JSON: threads, comments, votes,
    /// corrections, letters, and the settings (the server secret, so edit tokens and
    /// avatars stay valid after a move). Sessions and used challenges are not exported.
    pub async fn export(&self) -> Result<serde_json::Value, sqlx::Error> {
        let mut tables = serde_json::Map::new();
        for (table, order) in EXPORTED_TABLES {
            let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY {order}"))
                .fetch_all(&self.pool)
                .await?;
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    let mut object = serde_json::Map::new();
                    for column in row.columns() {
                        let name = column.name();
                        let value = match row.try_get::<Option<i64>, _>(name) {
                            Ok(Some(number)) => serde_json::Value::from(number),
                            Ok(None) => serde_json::Value::Null,
                            Err(_) => row
                                .try_get::<Option<String>, _>(name)
                                .ok()
                                .flatten()
                                .map_or(serde_json::Value::Null, serde_json::Value::from),
                        };
                        object.insert(name.to_owned(), value);
                    }
                    serde_json::Value::Object(object)
                })
                .collect();
            tables.insert((*table).to_owned(), rows.into());
        }
        Ok(serde_json::json!({
            "format": EXPORT_FORMAT,
            "version": 1,
            "tables": tables,
        }))
    }

    /// Loads an [`Store::export`] into this (empty) database, in one transaction.
    pub async fn import(&self, export: &serde_json::Value) -> Result<(), ImportError> {
        let _writing = self.writing().await;
        if export["format"] != EXPORT_FORMAT || export["version"] != 1 {
            return Err(ImportError::NotAnExport);
        }
        if self.count_all_comments().await? > 0 {
            return Err(ImportError::NotEmpty);
        }
        let mut tx = self.pool.begin().await?;
        for (table, _) in EXPORTED_TABLES {
            let rows = export["tables"][table]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if *table == "settings" {
                // The fresh database made its own secret; the imported one replaces it.
                sqlx::query(&numbered("DELETE FROM settings"))
                    .execute(&mut *tx)
                    .await?;
            }
            for row in rows {
                let object = row.as_object().ok_or(ImportError::NotAnExport)?;
                let columns: Vec<&String> = object.keys().collect();
                if columns
                    .iter()
                    .any(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
                {
                    return Err(ImportError::NotAnExport);
                }
                // A null is written as NULL, not bound: a bound null carries a type
                // (text), which PostgreSQL refuses for an integer column.
                let values: Vec<&str> = columns
                    .iter()
                    .map(|c| if object[*c].is_null() { "NULL" } else { "?" })
                    .collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    values.join(", ")
                );
                let sql = numbered(&sql);
                let mut query = sqlx::query(&sql);
                for column in &columns {
                    query = match &object[*column] {
                        serde_json::Value::Null => query,
                        serde_json::Value::Number(n) => {
                            query.bind(n.as_i64().ok_or(ImportError::NotAnExport)?)
                        }
                        serde_json::Value::String(text) => query.bind(text.clone()),
                        serde_json::Value::Bool(flag) => query.bind(i64::from(*flag)),
                        _ => return Err(ImportError::NotAnExport),
                    };
                }
                query.execute(&mut *tx).await?;
            }
        }
        if self.postgres {
            for table in GENERATED_IDS {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        // No version bump: the database was empty, so no process has a page of these
        // articles (an article without a row is version -1).
        tx.commit().await?;
        let secret: String =
            sqlx::query_scalar(&numbered("SELECT value FROM settings WHERE key = 'secret'"))
                .fetch_one(&self.pool)
                .await?;
        *self
            .secret
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = secret;
        Ok(())
    }

    /// Stores comments from another system in one transaction, replies under their
    /// parents (a reply whose parent is missing becomes top-level), times kept.
    /// Stores comments from another system, `source` naming it ("isso", "disqus",
    /// "wordpress"). Idempotent: a comment whose source id was imported before is not
    /// stored again (a reply to it still finds it). With `dry_run` everything is done in
    /// a transaction that is then rolled back: the answer says what an import would do.
    pub async fn import_comments(
        &self,
        source: &str,
        mut comments: Vec<ImportedComment>,
        dry_run: bool,
    ) -> Result<crate::import::Stored, sqlx::Error> {
        let _writing = self.writing().await;
        comments.sort_by_key(|c| c.created_ms);
        let mut ids: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new(); // source → (id, root, depth)
        let mut stored = crate::import::Stored::default();
        let mut threads = std::collections::BTreeSet::new();
        let mut tx = self.pool.begin().await?;
        // What earlier imports of this source brought: not again; replies attach to it.
        let earlier = sqlx::query(&numbered(
            "SELECT s.source_id, c.id, c.root_id, c.depth FROM import_sources s
               JOIN comments c ON c.id = s.comment_id WHERE s.source = ?",
        ))
        .bind(source)
        .fetch_all(&mut *tx)
        .await?;
        for row in earlier {
            let root: Option<i64> = row.try_get("root_id")?;
            let id: i64 = row.try_get("id")?;
            ids.insert(
                row.try_get("source_id")?,
                (id, root.unwrap_or(id), row.try_get("depth")?),
            );
        }
        let known: std::collections::BTreeSet<String> = comments
            .iter()
            .map(|c| c.source_id.clone())
            .chain(ids.keys().cloned())
            .collect();
        let mut pending: Vec<ImportedComment> = comments
            .into_iter()
            .filter(|comment| {
                let before = ids.contains_key(&comment.source_id);
                stored.already += usize::from(before);
                !before
            })
            .collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut later = Vec::new();
            for comment in pending {
                let parent = comment.parent.as_ref().filter(|p| known.contains(*p));
                let placed = match parent {
                    None => Some(None),
                    Some(parent) => ids.get(parent).map(|found| Some(*found)),
                };
                let Some(parent) = placed else {
                    later.push(comment);
                    continue;
                };
                sqlx::query(&numbered("INSERT INTO threads (uri, created_at) VALUES (?, ?) ON CONFLICT (uri) DO NOTHING"))
                    .bind(&comment.uri)
                    .bind(comment.created_ms)
                    .execute(&mut *tx)
                    .await?;
                threads.insert(comment.uri.clone());
                let author = if comment.author.trim().is_empty()
                    && comment.status != CommentStatus::Deleted
                {
                    readerbox_api::validate::ANONYMOUS.to_owned()
                } else {
                    comment.author.trim().to_owned()
                };
                let deleted = comment.status == CommentStatus::Deleted;
                let avatar = if deleted {
                    String::new()
                } else {
                    self.avatar_of(&author, comment.email.as_deref())
                };
                let (parent_id, root, depth) = match parent {
                    Some((id, root, depth)) => (Some(id), Some(root), depth + 1),
                    None => (None, None, 0),
                };
                let id: i64 = sqlx::query_scalar(
                    &numbered("INSERT INTO comments (thread_id, parent_id, root_id, depth, author, email, website,
                                           avatar, text, created_at, edited_at, status, score)
                     SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM threads WHERE uri = ?
                     RETURNING id"),
                )
                .bind(parent_id)
                .bind(root)
                .bind(depth)
                .bind(if deleted { String::new() } else { author })
                .bind(if deleted { None } else { comment.email.clone() })
                .bind(if deleted { None } else { comment.website.clone() })
                .bind(&avatar)
                .bind(if deleted { String::new() } else { comment.text.clone() })
                .bind(comment.created_ms)
                .bind(comment.edited_ms)
                .bind(comment.status.as_str())
                .bind(if deleted { 0 } else { comment.score })
                .bind(&comment.uri)
                .fetch_one(&mut *tx)
                .await?;
                let root = root.unwrap_or(id);
                if parent_id.is_none() {
                    sqlx::query(&numbered("UPDATE comments SET root_id = id WHERE id = ?"))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(&numbered(
                    "INSERT INTO import_sources (source, source_id, comment_id) VALUES (?, ?, ?)",
                ))
                .bind(source)
                .bind(&comment.source_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                ids.insert(comment.source_id.clone(), (id, root, depth));
                stored.comments += 1;
            }
            if later.len() == before {
                // Cycles in the source: place the rest at the top level.
                for comment in &mut later {
                    comment.parent = None;
                }
            }
            pending = later;
        }
        stored.threads = threads.len();
        if dry_run {
            tx.rollback().await?;
            return Ok(stored);
        }
        if stored.comments > 0 {
            sqlx::query("UPDATE threads SET version = version + 1")
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(stored)
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
