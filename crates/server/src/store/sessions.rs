//! The editors' login sessions, stored by the keyed hash of their token.

use super::*;

impl Store {
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
}
