//! Every endpoint that takes input, fed what it must refuse: malformed JSON, wrong types,
//! missing fields, oversize bodies, invalid UTF-8, wrong content types, invalid paths and
//! queries. Always a 4xx JSON error (naming the field where there is one), never a 5xx,
//! and nothing stored.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::test_server;
use http_body_util::BodyExt;
use readerbox_api::ApiError;
use serde_json::{json, Value};
use tower::ServiceExt;

const TOKEN: &str = "redaktion-0123456789";
const URI: &str = "/politik/kaputt.html";

/// One endpoint with a body: a valid body, and which of its fields are required.
struct Endpoint {
    method: Method,
    path: String,
    valid: Value,
    required: &'static [&'static str],
}

fn endpoints(comment_id: i64) -> Vec<Endpoint> {
    let article = "https://news.example/politik/kaputt.html";
    vec![
        Endpoint {
            method: Method::POST,
            path: "/api/v1/comments".into(),
            valid: json!({"uri": URI, "text": "Hallo", "author": "Ada",
                          "email": "ada@example.org", "website": "https://ada.example",
                          "parent_id": comment_id, "notify_replies": false,
                          "idempotency_key": "4f1c2b3a-5d6e-4f70-8192-a3b4c5d6e7fa"}),
            required: &["uri", "text"],
        },
        Endpoint {
            method: Method::PUT,
            path: format!("/api/v1/comments/{comment_id}"),
            valid: json!({"text": "Neu", "edit_token": "x".repeat(64)}),
            required: &["text", "edit_token"],
        },
        Endpoint {
            method: Method::DELETE,
            path: format!("/api/v1/comments/{comment_id}"),
            valid: json!({"edit_token": "x".repeat(64)}),
            required: &["edit_token"],
        },
        Endpoint {
            method: Method::POST,
            path: format!("/api/v1/comments/{comment_id}/vote"),
            valid: json!({"voter": "leser-0123456789abcdef", "value": 1}),
            required: &["voter", "value"],
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/corrections".into(),
            valid: json!({"uri": URI, "article_url": article, "selection": "Fehler",
                          "context_before": "ein ", "context_after": " hier",
                          "category": "typo", "message": "Tippfehler",
                          "email": "leser@example.org",
                          "idempotency_key": "4f1c2b3a-5d6e-4f70-8192-a3b4c5d6e7f8"}),
            required: &["uri", "article_url", "message"],
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/letters".into(),
            valid: json!({"uri": URI, "article_title": "Kaputt", "article_url": article,
                          "name": "Ada Lovelace", "city": "London", "email": "ada@example.org",
                          "address": "Straße 1", "phone": "0123", "text": "Liebe Redaktion",
                          "do_not_shorten": true, "consent": true,
                          "idempotency_key": "4f1c2b3a-5d6e-4f70-8192-a3b4c5d6e7f9"}),
            required: &[
                "uri",
                "article_title",
                "article_url",
                "name",
                "city",
                "email",
                "text",
            ],
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/admin/login".into(),
            valid: json!({"username": "anna", "password": "geheim"}),
            required: &["username", "password"],
        },
        Endpoint {
            method: Method::POST,
            path: "/api/v1/admin/comments/moderate".into(),
            valid: json!({"ids": [comment_id], "action": "approve"}),
            required: &["ids", "action"],
        },
        Endpoint {
            method: Method::PUT,
            path: "/api/v1/admin/threads".into(),
            valid: json!({"uri": URI, "closed": false}),
            required: &["uri", "closed"],
        },
        Endpoint {
            method: Method::PATCH,
            path: "/api/v1/admin/corrections/1".into(),
            valid: json!({"status": "done"}),
            required: &["status"],
        },
    ]
}

/// Values of another JSON type than `value`.
fn wrong_types(value: &Value) -> Vec<Value> {
    let all = [
        json!(12),
        json!("zwölf"),
        json!(true),
        json!({"a": 1}),
        json!([1, 2]),
        json!(-1.5),
    ];
    all.into_iter()
        .filter(|candidate| {
            std::mem::discriminant(candidate) != std::mem::discriminant(value)
                // An integer where a number is wanted is not a wrong type.
                && !(candidate.is_number() && value.is_number())
        })
        .collect()
}

struct Probe<'a> {
    server: &'a common::TestServer,
    checked: usize,
}

impl Probe<'_> {
    /// Sends and checks: a 4xx JSON error in our shape; returns its field.
    async fn refused(
        &mut self,
        method: &Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        what: &str,
    ) -> Option<String> {
        let request = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(body))
            .unwrap();
        let (status, headers, body) = self.server.send(request).await;
        self.checked += 1;
        assert!(
            status.is_client_error(),
            "{method} {path} {what}: {status} {body}"
        );
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{method} {path} {what}: not JSON"
        );
        let err: ApiError = serde_json::from_value(body.clone())
            .unwrap_or_else(|_| panic!("{method} {path} {what}: not our error shape: {body}"));
        assert!(!err.error.message.is_empty());
        err.error.field
    }
}

#[tokio::test]
async fn every_endpoint_refuses_bad_input_with_a_json_4xx_and_stores_nothing() {
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    let (status, body) = server
        .post(json!({"uri": URI, "text": "Bleibt allein"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let comment_id = body["comment"]["id"].as_i64().unwrap();
    let mut probe = Probe {
        server: &server,
        checked: 0,
    };

    for endpoint in endpoints(comment_id) {
        let (method, path) = (&endpoint.method, endpoint.path.as_str());
        let json_type = "application/json";
        for malformed in [
            "",
            "{",
            "}",
            "[]",
            "null",
            "\"Text\"",
            "{\"uri\": }",
            "{\"uri\": \"/a\",}",
            "{'uri': '/a'}",
            "{\"uri\": \"/a\"} trailing",
            "\u{feff}{}",
        ] {
            probe
                .refused(
                    method,
                    path,
                    json_type,
                    malformed.into(),
                    &format!("body {malformed:?}"),
                )
                .await;
        }
        for (field, value) in endpoint.valid.as_object().unwrap() {
            for wrong in wrong_types(value) {
                let mut body = endpoint.valid.clone();
                body[field] = wrong.clone();
                let named = probe
                    .refused(
                        method,
                        path,
                        json_type,
                        body.to_string().into(),
                        &format!("{field}={wrong}"),
                    )
                    .await;
                assert_eq!(
                    named.as_deref(),
                    Some(field.as_str()),
                    "{method} {path} {field}={wrong}"
                );
            }
        }
        for field in endpoint.required {
            let mut body = endpoint.valid.clone();
            body.as_object_mut().unwrap().remove(*field);
            let named = probe
                .refused(
                    method,
                    path,
                    json_type,
                    body.to_string().into(),
                    &format!("without {field}"),
                )
                .await;
            assert_eq!(
                named.as_deref(),
                Some(*field),
                "{method} {path} without {field}"
            );
        }
        // Invalid UTF-8 inside a string.
        let mut invalid = br#"{"uri": "/a", "text": "ok "#.to_vec();
        invalid.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
        probe
            .refused(method, path, json_type, invalid, "invalid UTF-8")
            .await;
        // Far over the body limit.
        let mut huge = endpoint.valid.clone();
        huge[endpoint.required[0]] = json!("x".repeat(readerbox_server::MAX_BODY_BYTES + 10));
        probe
            .refused(
                method,
                path,
                json_type,
                huge.to_string().into(),
                "oversize body",
            )
            .await;
        // Not JSON at all, by content type.
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            probe
                .refused(
                    method,
                    path,
                    content_type,
                    endpoint.valid.to_string().into(),
                    content_type,
                )
                .await;
        }
    }

    // Invalid paths and queries.
    for (method, path) in [
        (Method::PUT, "/api/v1/comments/abc"),
        (Method::PUT, "/api/v1/comments/-1"),
        (Method::PUT, "/api/v1/comments/99999999999999999999999"),
        (Method::DELETE, "/api/v1/comments/1.5"),
        (Method::POST, "/api/v1/comments/%ZZ/vote"),
        (Method::PATCH, "/api/v1/admin/corrections/zwei"),
        (Method::GET, "/api/v1/comments"),
        (Method::GET, "/api/v1/comments?uri=%ZZ"),
        (Method::GET, "/api/v1/comments?uri=javascript:alert(1)"),
        (Method::GET, "/api/v1/comments?uri=/a&sort=random"),
        (Method::GET, "/api/v1/comments?uri=/a&limit=-5"),
        (Method::GET, "/api/v1/comments?uri=/a&limit=abc"),
        (Method::GET, "/api/v1/comments?uri=/a&around=x"),
        (Method::GET, "/api/v1/comments?uri=/a&cursor=%00"),
        (Method::GET, "/api/v1/counts"),
        (Method::GET, "/api/v1/counts?uri=relative"),
        (Method::GET, "/api/v1/admin/comments?status=unknown"),
        (Method::GET, "/api/v1/admin/comments?before=zwei"),
        (Method::GET, "/api/v1/nothing-here"),
    ] {
        let body = if method == Method::GET {
            Vec::new()
        } else {
            json!({"text": "x", "edit_token": "y", "voter": "z", "value": 1, "status": "done"})
                .to_string()
                .into_bytes()
        };
        probe
            .refused(
                &method,
                path,
                "application/json",
                body,
                "invalid path or query",
            )
            .await;
    }

    // Links from mails answer people with a page, also when broken.
    for path in [
        "/api/v1/notifications/confirm?token=%FF",
        "/api/v1/notifications/unsubscribe?id=abc",
        "/api/v1/notifications/confirm",
    ] {
        let response = server
            .router()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&bytes).contains("nicht gültig"),
            "{path}"
        );
        probe.checked += 1;
    }

    assert!(probe.checked > 250, "only {} cases", probe.checked);
    println!("malformed input cases checked: {}", probe.checked);
    assert_eq!(
        server.stored().await,
        1,
        "nothing stored but the first comment"
    );
    let page = server.list(URI).await;
    assert_eq!(page.comments[0].text, "Bleibt allein");
    assert_eq!(page.comments[0].score, 0);
    assert!(server
        .state
        .store
        .corrections(None, None)
        .await
        .unwrap()
        .is_empty());
    assert!(server
        .state
        .store
        .letters(None, None)
        .await
        .unwrap()
        .is_empty());
}
