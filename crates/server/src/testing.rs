//! Databases for tests: every test gets its own, on SQLite by default, or on the
//! PostgreSQL server named by `READERBOX_TEST_POSTGRES` (a URL whose user may create
//! databases), so the same suites check both backends. `cargo xtask test` runs them
//! once each way, starting a throwaway PostgreSQL cluster for the second run.
//!
//! And Debian's nginx in front of a server, on a loopback port of its own, for the
//! tests that need a real reverse proxy (`cargo xtask test` installs it).

use crate::database::DatabaseLocation;
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

/// nginx, or `None` outside CI when it isn't installed (CI must have it).
pub fn nginx_binary() -> Option<PathBuf> {
    let path = std::env::var_os("READERBOX_NGINX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no nginx at {} (cargo xtask test installs Debian's)",
        path.display()
    );
    eprintln!(
        "skipped: no nginx at {} (apt-get install nginx)",
        path.display()
    );
    None
}

/// An nginx in front of `upstream` (`127.0.0.1:port`), as the site example configures it;
/// stopped (by its process id) when dropped.
pub struct Nginx {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// nginx proxying everything to `upstream` (`127.0.0.1:port`) with the forwarding
    /// headers the site example sets.
    pub fn proxying_to(binary: &Path, upstream: &str) -> Self {
        Self::start(binary, |_| {
            let server = format!(
                "location / {{
      proxy_pass http://{upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}"
            );
            (String::new(), server)
        })
    }

    /// nginx on a free loopback port; `config`, given nginx's own folder, says what
    /// goes into its `http` block and what inside its one `server` block. Its temporary
    /// files are in that folder.
    pub fn start(binary: &Path, config: impl FnOnce(&Path) -> (String, String)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (http, inside) = config(dir.path());
        let root = dir.path().display();
        let config = format!(
            "daemon off;
master_process off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  {http}
  server {{
    listen 127.0.0.1:{port};
    {inside}
  }}
}}
"
        );
        std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
        let child = Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let nginx = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not listen: {}",
                std::fs::read_to_string(nginx._dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
