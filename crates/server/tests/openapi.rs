//! The OpenAPI document against the real router: every operation it names is routed
//! (answered by its handler, not by the 404 fallback or a 405), and it is served.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::test_server;
use serde_json::Value;
use tower::ServiceExt;

#[tokio::test]
async fn every_documented_operation_exists_and_the_document_is_served() {
    // Every optional route switched on (metrics are off, answering 404, unless asked for).
    let server =
        test_server(|config| config.metrics_token = Some("openapi-0123456789".into())).await;
    let request = Request::get("/api/v1/openapi.json")
        .body(Body::empty())
        .unwrap();
    let (status, headers, served) = server.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let document: Value = serde_json::from_str(readerbox_server::OPENAPI).unwrap();
    assert_eq!(served, document);

    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            let uri = path.replace("{id}", "1");
            if path == "/healthz" {
                let request = Request::get(&uri).body(Body::empty()).unwrap();
                let response = server.router().oneshot(request).await.unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                operations += 1;
                continue;
            }
            let request = Request::builder()
                .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
                .uri(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let response = server.router().oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert!(
                !(status == StatusCode::NOT_FOUND && body["error"]["code"] == "not_found"),
                "{method} {path} is documented but not routed"
            );
            operations += 1;
        }
    }
    // And the other way round: as many operations as the router has handlers.
    let source = include_str!("../src/lib.rs");
    let app =
        &source[source.find("pub fn app(").unwrap()..source.find("pub async fn serve(").unwrap()];
    let handlers = ["get(", "post(", "put(", "delete(", "patch("]
        .iter()
        .map(|method| {
            app.match_indices(method)
                .filter(|(at, _)| {
                    let before = app[..*at].chars().last().unwrap_or(' ');
                    !before.is_alphanumeric() && before != '_'
                })
                .count()
        })
        .sum::<usize>();
    assert_eq!(operations, handlers, "every route in app() is documented");
}
