//! Mail notices of replies: subscriptions, their confirmation and end.

use super::*;

impl Store {
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
}
