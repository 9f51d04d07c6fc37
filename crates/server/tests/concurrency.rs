//! Many readers at once on one thread: 200 comments posted concurrently and 200 votes on
//! one comment, on whichever backend the suite runs (SQLite, or PostgreSQL with
//! `READERBOX_TEST_POSTGRES`). Everything is stored exactly once and the counts agree.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::test_server;
use serde_json::json;
use tower::ServiceExt;

const URI: &str = "/politik/ansturm.html";
const READERS: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_posts_and_votes_are_each_stored_once() {
    let server = test_server(|config| config.page_size = 50).await;
    let router = server.router();

    let posts = (0..READERS).map(|n| {
        let router = router.clone();
        tokio::spawn(async move {
            // Every reader sends twice with one key, as a retrying client would.
            let body = json!({"uri": URI, "text": format!("Leser {n}"),
                              "idempotency_key": format!("9d7c1f3e-0000-4000-8000-{n:012}")});
            let mut statuses = Vec::new();
            for _ in 0..2 {
                let request = Request::post("/api/v1/comments")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap();
                statuses.push(router.clone().oneshot(request).await.unwrap().status());
            }
            statuses
        })
    });
    for task in futures_join(posts).await {
        assert!(
            task.iter()
                .all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK),
            "{task:?}"
        );
    }
    assert_eq!(server.stored().await, READERS as i64, "each comment once");
    let first = server.list(URI).await;
    assert_eq!(first.total, READERS as u64);

    let target = first.comments[0].id;
    let votes = (0..READERS).map(|n| {
        let router = router.clone();
        tokio::spawn(async move {
            let request = Request::post(format!("/api/v1/comments/{target}/vote"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"voter": format!("leser-{n:016}"), "value": if n % 4 == 0 { -1 } else { 1 }})
                        .to_string(),
                ))
                .unwrap();
            router.oneshot(request).await.unwrap().status()
        })
    });
    for status in futures_join(votes).await {
        assert_eq!(status, StatusCode::OK);
    }
    let expected = (READERS - READERS / 4) as i64 - (READERS / 4) as i64;
    let page = server.list(URI).await;
    let voted = page.comments.iter().find(|c| c.id == target).unwrap();
    assert_eq!(voted.score, expected, "the score is the sum of all votes");
}

async fn futures_join<T: Send + 'static>(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut results = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        results.push(task.await.unwrap());
    }
    results
}
