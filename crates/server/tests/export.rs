//! Export and import: everything a site owns moves to a fresh database and comes out the
//! same, edit tokens included.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::test_server;
use readerbox_api::CreatedComment;
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
