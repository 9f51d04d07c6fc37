//! The test server shared by the API test files: the whole router over a fresh database
//! (an SQLite file in a temp dir, or a PostgreSQL database: see `readerbox_server::testing`),
//! called in-process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use readerbox_api::{ApiError, CommentPage, ErrorCode};
use readerbox_server::config::Config;
use readerbox_server::database::DatabaseLocation;
use readerbox_server::{app, AppState};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use tower::ServiceExt;

pub struct TestServer {
    pub state: AppState,
    _dir: TempDir,
}

pub async fn test_server(configure: impl FnOnce(&mut Config)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let database = readerbox_server::testing::fresh_database(dir.path()).await;
    test_server_on(dir, database, configure).await
}

/// A test server on a given database (`dir` is kept for as long as the server).
pub async fn test_server_on(
    dir: TempDir,
    database: DatabaseLocation,
    configure: impl FnOnce(&mut Config),
) -> TestServer {
    let mut config = Config::for_database(database);
    config.writes_per_minute = 1000;
    config.reports_per_minute = 1000;
    // Spam defence is off here; tests/spam.rs turns it on.
    config.pow_bits = 0;
    config.min_send_ms = 0;
    config.votes_per_minute = 1000;
    config.static_dir = Some(dir.path().join("dist"));
    configure(&mut config);
    let state = AppState::from_config(&config).await.unwrap();
    TestServer { state, _dir: dir }
}

impl TestServer {
    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    /// The answer as it came: status, headers, body bytes.
    pub async fn send_raw(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, axum::body::Bytes) {
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes)
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("not JSON: {status} {}", String::from_utf8_lossy(&bytes))
            })
        };
        (status, headers, body)
    }

    pub async fn post_raw(&self, body: impl Into<Body>) -> (StatusCode, Value) {
        let request = Request::post("/api/v1/comments")
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap();
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    pub async fn post(&self, body: Value) -> (StatusCode, Value) {
        self.post_raw(body.to_string()).await
    }

    pub async fn list(&self, uri: &str) -> CommentPage {
        self.list_query(&format!("uri={uri}")).await
    }

    pub async fn list_query(&self, query: &str) -> CommentPage {
        let request = Request::get(format!("/api/v1/comments?{query}"))
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = self.send(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn stored(&self) -> i64 {
        self.state.store.count_all_comments().await.unwrap()
    }
}

pub fn error_of(body: Value) -> (ErrorCode, Option<String>) {
    let err: ApiError = serde_json::from_value(body).expect("body is the JSON error shape");
    assert!(!err.error.message.is_empty());
    (err.error.code, err.error.field)
}

/// A proof of work for `challenge`, as the widget would send it.
pub fn solve(challenge: &readerbox_api::spam::Challenge) -> Value {
    let nonce = (0u64..)
        .find(|nonce| {
            let hash = Sha256::digest(
                readerbox_api::spam::proof_input(&challenge.challenge, *nonce).as_bytes(),
            );
            readerbox_api::spam::leading_zero_bits(&hash) >= challenge.bits
        })
        .unwrap();
    json!({"challenge": challenge.challenge, "nonce": nonce})
}

/// Runs the real server on a loopback port; stopped when dropped.
pub struct SocketServer {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SocketServer {
    pub async fn start(config: &Config) -> Self {
        let state = AppState::from_config(config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            readerbox_server::serve(listener, state.clone(), async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
            state.store.close().await;
        });
        Self {
            base,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap();
    }
}

impl Drop for SocketServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A configuration for a [`SocketServer`] with its data and `dist/` under `dir`.
pub async fn socket_config(dir: &std::path::Path) -> Config {
    let database = match readerbox_server::testing::fresh_database(dir).await {
        readerbox_server::database::DatabaseLocation::Sqlite(_) => {
            dir.join("data").join("readerbox.sqlite3").into()
        }
        postgres => postgres,
    };
    let mut config = Config::for_database(database);
    config.static_dir = Some(dir.join("dist"));
    // Spam defence is tested in tests/spam.rs.
    config.pow_bits = 0;
    config.min_send_ms = 0;
    config
}
