//! Backups of an SQLite database while the server runs, and putting one back.
//!
//! `backup` is SQLite's `VACUUM INTO`: one read transaction, so the copy is the database
//! as it was when the backup began (every comment acknowledged before then is in it),
//! while writers go on in the WAL. `restore` refuses anything that is not a readerbox
//! database and never overwrites one: the old file is moved away by hand first.
//! PostgreSQL has its own tools (pg_dump); both tasks say so.

use super::*;
use crate::database::DatabaseLocation;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// Why a backup or restore could not be done.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("PostgreSQL is backed up with pg_dump and restored with pg_restore (see the README)")]
    Postgres,
    #[error("{0} exists: give a new file name, or move it away first")]
    Exists(String),
    #[error("{0} is not a readerbox database: {1}")]
    NotOurs(String, String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Writes a consistent copy of the database into `file` (which must not exist).
    pub async fn backup_into(&self, file: &Path) -> Result<(), BackupError> {
        if self.is_postgres() {
            return Err(BackupError::Postgres);
        }
        if file.exists() {
            return Err(BackupError::Exists(file.display().to_string()));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(file.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Copies the backup `file` to `location` (which must not exist yet) after checking it
/// is a readerbox database; opening it then brings its schema up to date.
pub async fn restore(file: &Path, location: &DatabaseLocation) -> Result<(), BackupError> {
    let DatabaseLocation::Sqlite(target) = location else {
        return Err(BackupError::Postgres);
    };
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let named = || file.display().to_string();
    let mut backup = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|err| BackupError::NotOurs(named(), err.to_string()))?;
    let comments: Result<i64, _> = sqlx::query_scalar("SELECT count(*) FROM comments")
        .fetch_one(&mut backup)
        .await;
    let migrations: Result<i64, _> = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&mut backup)
        .await;
    backup.close().await?;
    if let Err(err) = comments.and(migrations) {
        return Err(BackupError::NotOurs(named(), err.to_string()));
    }
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::copy(file, target)?;
    let store = Store::open(location).await?;
    store.close().await;
    Ok(())
}
