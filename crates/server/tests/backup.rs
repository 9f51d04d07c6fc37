//! `readerbox-server backup` and `restore`, run as a sysadmin runs them (the real
//! binary) against a real server that goes on taking comments, and the upgrade of a
//! database made with an earlier schema (a committed fixture). SQLite only: PostgreSQL
//! is backed up with its own tools.

mod common;

use common::SocketServer;
use readerbox_server::config::Config;
use readerbox_server::database::DatabaseLocation;
use readerbox_server::store::Store;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

fn sqlite_config(dir: &Path) -> Config {
    let mut config = Config::for_database(DatabaseLocation::Sqlite(dir.join("live.sqlite3")));
    config.static_dir = Some(dir.join("dist"));
    config.pow_bits = 0;
    config.min_send_ms = 0;
    config.writes_per_minute = 100_000;
    config
}

fn server_binary(database: &Path, task: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readerbox-server"))
        .arg(format!("--database={}", database.display()))
        .args(task)
        .output()
        .unwrap()
}

/// Every comment id in an SQLite database, through the server's own export.
async fn comment_ids(database: &Path) -> BTreeSet<i64> {
    let store = Store::open(&DatabaseLocation::Sqlite(database.to_owned()))
        .await
        .unwrap();
    let export = store.export().await.unwrap();
    store.close().await;
    export["tables"]["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_readers_post_restores_every_acknowledged_comment() {
    let dir = tempfile::tempdir().unwrap();
    let config = sqlite_config(dir.path());
    let server = SocketServer::start(&config).await;
    let acknowledged: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (base, acknowledged, stop) = (server.base.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let response = client
                    .post(format!("{base}/api/v1/comments"))
                    .json(&json!({"uri": format!("/artikel/{}", n % 7), "text": format!("Kommentar {n}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                let body: Value = response.json().await.unwrap();
                let id = body["comment"]["id"].as_i64().unwrap();
                acknowledged.lock().unwrap().push((id, Instant::now()));
            }
        })
    };
    // Some comments first, then the backup while the writer goes on.
    while acknowledged.lock().unwrap().len() < 50 {
        tokio::task::yield_now().await;
    }
    let backup = dir.path().join("backup.sqlite3");
    let began = Instant::now();
    let output = server_binary(
        &dir.path().join("live.sqlite3"),
        &["backup", backup.to_str().unwrap()],
    );
    assert!(output.status.success(), "{output:?}");
    let during = acknowledged.lock().unwrap().len();
    // The writer went on while the backup ran, and after it.
    while acknowledged.lock().unwrap().len() < during + 20 {
        tokio::task::yield_now().await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.await.unwrap();
    server.stop().await;

    // A backup file is never overwritten.
    let again = server_binary(
        &dir.path().join("live.sqlite3"),
        &["backup", backup.to_str().unwrap()],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    let restored = dir.path().join("restored/readerbox.sqlite3");
    let output = server_binary(&restored, &["restore", backup.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let in_backup = comment_ids(&restored).await;
    let before: BTreeSet<i64> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    assert!(before.len() >= 50);
    let missing: Vec<_> = before.difference(&in_backup).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, not in it: {missing:?}"
    );
    let all: BTreeSet<i64> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert!(
        in_backup.is_subset(&all),
        "the backup holds only acknowledged comments"
    );

    // Restore never overwrites a database, and takes only readerbox's.
    let output = server_binary(&restored, &["restore", backup.to_str().unwrap()]);
    assert!(!output.status.success());
    let stranger = dir.path().join("stranger.txt");
    std::fs::write(&stranger, "not a database").unwrap();
    let output = server_binary(
        &dir.path().join("other.sqlite3"),
        &["restore", stranger.to_str().unwrap()],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a readerbox database"));
    assert!(!dir.path().join("other.sqlite3").exists());
}

/// The committed database: readerbox's schema as of migration 0012, with data of every
/// kind. Made by `fixture_is_made_with_the_schema_of_its_day` below (ignored; run it with
/// `--ignored` only to make a new fixture when the schema changes).
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/schema-0012.sqlite3"
);
const ADMIN_TOKEN: &str = "fixture-editors-token-0123456789";
const ARTICLE: &str = "/fixture/radwege.html";
const CLOSED: &str = "/fixture/geschlossen.html";

async fn send(server: &common::TestServer, method: &str, path: &str, body: Value) -> Value {
    let request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {ADMIN_TOKEN}"))
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let (status, _, body) = server.send(request).await;
    assert!(status.is_success(), "{method} {path}: {status} {body}");
    body
}

#[tokio::test]
#[ignore = "makes the committed fixture; run only when the schema changes"]
async fn fixture_is_made_with_the_schema_of_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fixture.sqlite3");
    let server = common::test_server_on(
        tempfile::tempdir().unwrap(),
        DatabaseLocation::Sqlite(file.clone()),
        |config| config.admin_token = Some(ADMIN_TOKEN.into()),
    )
    .await;
    let post = |body: Value| send(&server, "POST", "/api/v1/comments", body);
    let a = post(
        json!({"uri": ARTICLE, "author": "Erika", "email": "erika@example.org",
        "website": "https://erika.example.org", "text": "Ein *guter* Plan."}),
    )
    .await;
    let a_id = a["comment"]["id"].as_i64().unwrap();
    post(json!({"uri": ARTICLE, "author": "Jonas", "parent_id": a_id, "text": "Finde ich nicht."}))
        .await;
    let c = post(json!({"uri": ARTICLE, "author": "Ida", "text": "Erst so."})).await;
    let c_id = c["comment"]["id"].as_i64().unwrap();
    send(
        &server,
        "PUT",
        &format!("/api/v1/comments/{c_id}"),
        json!({"edit_token": c["edit_token"], "text": "Dann geändert."}),
    )
    .await;
    let d = post(json!({"uri": ARTICLE, "author": "Max", "text": "Gleich weg."})).await;
    let d_id = d["comment"]["id"].as_i64().unwrap();
    post(json!({"uri": ARTICLE, "author": "Lea", "parent_id": d_id, "text": "Antwort bleibt."}))
        .await;
    send(
        &server,
        "DELETE",
        &format!("/api/v1/comments/{d_id}"),
        json!({"edit_token": d["edit_token"]}),
    )
    .await;
    for voter in ["fixture-voter-000001", "fixture-voter-000002"] {
        send(
            &server,
            "POST",
            &format!("/api/v1/comments/{a_id}/vote"),
            json!({"voter": voter, "value": 1}),
        )
        .await;
    }
    post(json!({"uri": CLOSED, "author": "Tom", "text": "Vor dem Schluss."})).await;
    send(
        &server,
        "PUT",
        "/api/v1/admin/threads",
        json!({"uri": CLOSED, "closed": true}),
    )
    .await;
    send(
        &server,
        "POST",
        "/api/v1/corrections",
        json!({
        "uri": ARTICLE, "article_url": "https://www.example.org/fixture/radwege.html",
        "selection": "42 Kilometern", "context_before": "ein Netz von ", "context_after": " neuer",
        "category": "fact", "message": "Es sind 24."}),
    )
    .await;
    send(&server, "POST", "/api/v1/letters", json!({
        "uri": ARTICLE, "article_title": "Radwege", "article_url": "https://www.example.org/fixture/radwege.html",
        "name": "Erika Muster", "city": "Beispielstadt", "email": "erika@example.org",
        "text": "Sehr geehrte Redaktion.", "consent": true})).await;
    server.state.store.close().await;
    std::fs::copy(&file, FIXTURE).unwrap();
}

/// Today's server opens the committed database of an earlier schema, migrates it, and
/// every piece of its data is there as it was.
#[tokio::test]
async fn a_database_of_an_earlier_schema_keeps_all_its_data_after_upgrading() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("old.sqlite3");
    std::fs::copy(FIXTURE, &copy).unwrap();
    let server = common::test_server_on(dir, DatabaseLocation::Sqlite(copy), |config| {
        config.admin_token = Some(ADMIN_TOKEN.into())
    })
    .await;

    let page = server.list(ARTICLE).await;
    assert_eq!(
        page.total, 4,
        "three comments and a reply to the deleted one, published"
    );
    let texts: Vec<(&str, &str)> = page
        .comments
        .iter()
        .map(|c| (c.author.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("Erika", "Ein *guter* Plan."),
            ("Jonas", "Finde ich nicht."),
            ("Ida", "Dann geändert."),
            ("", ""),
            ("Lea", "Antwort bleibt."),
        ]
    );
    let erika = &page.comments[0];
    assert_eq!(erika.score, 2);
    assert_eq!(erika.website.as_deref(), Some("https://erika.example.org"));
    assert!(page.comments[2].edited_at.is_some(), "the edit time stays");
    assert_eq!(
        server
            .state
            .store
            .private_email_of(erika.id)
            .await
            .unwrap()
            .as_deref(),
        Some("erika@example.org")
    );
    assert!(server.list(CLOSED).await.closed);
    let corrections = send(&server, "GET", "/api/v1/admin/corrections", Value::Null).await;
    assert_eq!(corrections[0]["message"], "Es sind 24.");
    let letters = send(&server, "GET", "/api/v1/admin/letters", Value::Null).await;
    assert_eq!(letters[0]["name"], "Erika Muster");
}
