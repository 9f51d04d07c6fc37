//! Moving a site: the whole database out and in as JSON (`--export`, `--import`), and
//! comments from other systems (read by the `import` module), idempotent by their source
//! ids.

use super::*;

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

/// What [`Store::import_comments`] stored (or, in a dry run, would store).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// Articles with a comment stored.
    pub threads: usize,
    pub comments: usize,
    /// Comments an earlier import of this source brought already.
    pub already: usize,
}

impl Store {
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
    ) -> Result<Stored, sqlx::Error> {
        let _writing = self.writing().await;
        comments.sort_by_key(|c| c.created_ms);
        let mut ids: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new(); // source → (id, root, depth)
        let mut stored = Stored::default();
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
}
