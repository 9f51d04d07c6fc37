//! Comments: pages by cursor (with their replies), posting (idempotent by key), the
//! author's edits and deletes, votes, and the editors' list and moderation.

use super::*;

/// Largest first page a permalink (`around`) may stretch to, in top-level comments.
pub const MAX_AROUND_PAGE: u32 = 1_000;

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

impl Store {
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

    /// Comments waiting for the editors (the moderation queue's length).
    pub async fn count_pending(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT CAST(count(*) AS BIGINT) FROM comments WHERE status = 'pending'")
            .fetch_one(&self.pool)
            .await
    }

    /// The connections the pool holds now, and how many of them are idle.
    pub fn pool_connections(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub async fn count_all_comments(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(&numbered("SELECT COUNT(*) FROM comments"))
            .fetch_one(&self.pool)
            .await
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
}
