//! `/metrics` in the Prometheus format: closed unless configured, behind its token on the
//! main address or open on an address of its own, with the figures a site watches.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{error_of, test_server};
use http_body_util::BodyExt;
use readerbox_api::ErrorCode;
use serde_json::json;
use tower::ServiceExt;

const TOKEN: &str = "metrik-geheim-0123456789";

fn scrape(token: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/metrics");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

/// A successful scrape of `app`, as text.
async fn scraped(app: axum::Router, token: Option<&str>) -> String {
    let response = app.oneshot(scrape(token)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(body.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_are_closed_unless_configured() {
    let server = test_server(|_| {}).await;
    let (status, _, body) = server.send(scrape(Some(TOKEN))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(body).0, ErrorCode::NotFound);
}

#[tokio::test]
async fn metrics_behind_the_token_show_requests_comments_queue_and_pool() {
    let server = test_server(|config| {
        config.metrics_token = Some(TOKEN.into());
        config.writes_per_minute = 2;
    })
    .await;
    for token in [None, Some("falsch")] {
        let (status, _, body) = server.send(scrape(token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(error_of(body).0, ErrorCode::Unauthorized);
    }
    let (status, _) = server.post(json!({"uri": "/a", "text": "Erster"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .post(json!({"uri": "/a", "email": "neu@example.org",
            "text": "Wartet: https://a.de https://b.de https://c.de https://d.de"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server.post(json!({"uri": "/a", "text": "Zu viel"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    server.list("/a").await;

    let text = scraped(server.router(), Some(TOKEN)).await;
    for line in [
        r#"readerbox_http_requests_total{route="/api/v1/comments",method="POST",status="201"} 2"#,
        r#"readerbox_http_requests_total{route="/api/v1/comments",method="POST",status="429"} 1"#,
        r#"readerbox_http_requests_total{route="/api/v1/comments",method="GET",status="200"} 1"#,
        r#"readerbox_http_request_duration_seconds_count{route="/api/v1/comments"} 4"#,
        r#"readerbox_comments_posted_total{status="published"} 1"#,
        r#"readerbox_comments_posted_total{status="pending"} 1"#,
        "readerbox_moderation_queue 1",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    assert!(
        text.contains(r#"readerbox_database_connections{state="idle"}"#),
        "{text}"
    );
    assert!(
        !text.contains("neu@example.org") && !text.contains("127.0.0.1"),
        "no reader's data in the metrics"
    );
}

#[tokio::test]
async fn metrics_on_their_own_address_need_no_token() {
    let server = test_server(|_| {}).await;
    let app = readerbox_server::metrics::own_address_app(server.state.clone());
    let text = scraped(app, None).await;
    assert!(text.contains("readerbox_moderation_queue 0"), "{text}");
}
