//! Databases for tests: every test gets its own, on SQLite by default, or on the
//! PostgreSQL server named by `READERBOX_TEST_POSTGRES` (a URL whose user may create
//! databases), so the same suites check both backends. `cargo xtask test` runs them
//! once each way, starting a throwaway PostgreSQL cluster for the second run.

use crate::database::DatabaseLocation;
use sqlx::Connection;
use std::path::Path;

/// The environment variable naming the PostgreSQL server tests should use.
pub const POSTGRES_ENV: &str = "READERBOX_TEST_POSTGRES";

/// A new, empty database for one test: a file in `dir`, or a freshly created
/// PostgreSQL database when [`POSTGRES_ENV`] is set.
pub async fn fresh_database(dir: &Path) -> DatabaseLocation {
    match std::env::var(POSTGRES_ENV) {
        Ok(server) if !server.is_empty() => fresh_postgres_database(&server).await,
        _ => DatabaseLocation::Sqlite(dir.join("readerbox.sqlite3")),
    }
}

async fn fresh_postgres_database(server: &str) -> DatabaseLocation {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).expect("random bytes");
    let name: String = std::iter::once("readerbox_test_".to_owned())
        .chain(bytes.iter().map(|b| format!("{b:02x}")))
        .collect();
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .unwrap_or_else(|err| panic!("{POSTGRES_ENV}={server}: {err}"));
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(server).expect("READERBOX_TEST_POSTGRES is a URL");
    url.set_path(&name);
    DatabaseLocation::Postgres(url.to_string())
}
