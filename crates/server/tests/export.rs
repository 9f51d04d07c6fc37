//! Export and import: everything a site owns moves to a fresh database and comes out the
//! same, edit tokens included.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{test_server, test_server_on};
use readerbox_api::CreatedComment;
use readerbox_server::database::DatabaseLocation;
use serde_json::json;

#[tokio::test]
async fn an_export_imports_into_a_fresh_database_losslessly() {
    let old = test_server(|_| {}).await;
    let (_, body) = old
        .post(json!({"uri": "/a.html", "author": "Erika", "email": "e@example.org", "website": "https://e.example", "text": "Erster **Kommentar**", "idempotency_key": "key-0123456789abcdef"}))
        .await;
    let created: CreatedComment = serde_json::from_value(body).unwrap();
    old.post(json!({"uri": "/a.html", "text": "Antwort", "parent_id": created.comment.id}))
        .await;
    old.post(json!({"uri": "/b.html", "text": "Anderswo"}))
        .await;
    old.state
        .store
        .vote(created.comment.id, "voter-aaaaaaaaaaaaaaaa", 1)
        .await
        .unwrap();
    old.state.store.set_closed("/b.html", true).await.unwrap();
    old.state
        .store
        .insert_correction(&readerbox_api::reports::NewCorrection {
            uri: "/a.html".into(),
            article_url: "https://x.example/a.html".into(),
            selection: "Fehlr".into(),
            message: "Fehler".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let export = old.state.store.export().await.unwrap();
    assert_eq!(export["tables"]["comments"].as_array().unwrap().len(), 3);
    assert_eq!(
        export["tables"]["comments"][0]["email"], "e@example.org",
        "the editors' data too"
    );

    let new = test_server(|_| {}).await;
    new.state.store.import(&export).await.unwrap();
    assert_eq!(new.state.store.export().await.unwrap(), export, "lossless");
    let page = new.list("/a.html").await;
    assert_eq!(page.total, 2);
    assert_eq!(page.comments[0].score, 1);
    assert!(new.list("/b.html").await.closed);

    // The edit token of a moved comment still works (the secret moved with it).
    let request = Request::builder()
        .method(Method::PUT)
        .uri(format!("/api/v1/comments/{}", created.comment.id))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"text": "Bearbeitet nach dem Umzug", "edit_token": created.edit_token})
                .to_string(),
        ))
        .unwrap();
    let (status, _, body) = new.send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // New comments get fresh ids after the explicit ones (PostgreSQL's sequences moved).
    let (status, body) = new
        .post(json!({"uri": "/a.html", "text": "nach dem Umzug"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let highest = export["tables"]["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(body["comment"]["id"].as_i64().unwrap() > highest);

    // Never into a database that has comments.
    assert!(new.state.store.import(&export).await.is_err());
    assert!(test_server(|_| {})
        .await
        .state
        .store
        .import(&json!({"format": "other"}))
        .await
        .is_err());
}

/// Moving a site from SQLite to PostgreSQL is an export and an import (checked when the
/// suite runs against PostgreSQL).
#[tokio::test]
async fn an_sqlite_export_moves_to_postgresql() {
    if std::env::var(readerbox_server::testing::POSTGRES_ENV).is_err() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = DatabaseLocation::Sqlite(dir.path().join("old.sqlite3"));
    let old = test_server_on(dir, file, |_| {}).await;
    assert!(!old.state.store.is_postgres());
    for text in ["erster", "zweiter"] {
        let (status, body) = old.post(json!({"uri": "/umzug.html", "text": text})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    old.state
        .store
        .set_closed("/umzug.html", true)
        .await
        .unwrap();
    let export = old.state.store.export().await.unwrap();

    let new = test_server(|_| {}).await;
    assert!(new.state.store.is_postgres());
    new.state.store.import(&export).await.unwrap();
    assert_eq!(
        new.state.store.export().await.unwrap(),
        export,
        "lossless across backends"
    );
    let page = new.list("/umzug.html").await;
    assert_eq!(page.total, 2);
    assert!(page.closed);
}
