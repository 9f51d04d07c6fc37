//! The editors' login: argon2-hashed accounts from the config, a session cookie that is
//! HttpOnly + Secure + SameSite=Strict, and changes with the cookie only from our origin.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{error_of, test_server};
use readerbox_api::ErrorCode;
use readerbox_server::http::admin::hash_password;
use serde_json::json;

fn login_request(user: &str, password: &str) -> Request<Body> {
    Request::post("/api/v1/admin/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "news.example")
        .header("x-forwarded-proto", "https")
        .header(header::ORIGIN, "https://news.example")
        .body(Body::from(
            json!({"username": user, "password": password}).to_string(),
        ))
        .unwrap()
}

#[tokio::test]
async fn an_editor_logs_in_works_and_logs_out() {
    let hash = hash_password("richtig geheim");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    // Behind a TLS proxy (in-process, the peer is the unspecified address).
    let server = test_server(|config| {
        config.admin_users = vec![format!("anna:{hash}")];
        config.trusted_proxies = vec!["0.0.0.0".into()];
    })
    .await;

    for (user, password) in [("anna", "falsch"), ("niemand", "richtig geheim")] {
        let (status, _, body) = server.send(login_request(user, password)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(body).0, ErrorCode::Unauthorized);
    }
    let (status, headers, body) = server.send(login_request("anna", "richtig geheim")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["username"], "anna");
    let cookie = headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let session = cookie.split(';').next().unwrap().to_owned();

    let with_session =
        |method: &str, path: &str, origin: Option<&str>, body: Option<serde_json::Value>| {
            let mut request = Request::builder()
                .method(method)
                .uri(path)
                .header(header::COOKIE, &session)
                .header(header::HOST, "news.example")
                .header("x-forwarded-proto", "https");
            if let Some(origin) = origin {
                request = request.header(header::ORIGIN, origin);
            }
            match body {
                Some(body) => request
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_string())),
                None => request.body(Body::empty()),
            }
            .unwrap()
        };
    let (status, _, body) = server
        .send(with_session("GET", "/api/v1/admin/me", None, None))
        .await;
    assert_eq!(
        (status, body["username"].as_str()),
        (StatusCode::OK, Some("anna"))
    );
    let (status, _, _) = server
        .send(with_session(
            "GET",
            "/api/v1/admin/comments?status=pending",
            None,
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);

    // A change with the cookie from another site's page is refused (CSRF).
    let moderate = json!({"ids": [1], "action": "approve"});
    let (status, _, _) = server
        .send(with_session(
            "POST",
            "/api/v1/admin/comments/moderate",
            Some("https://evil.example"),
            Some(moderate.clone()),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nor from the same host over the other scheme.
    let (status, _, _) = server
        .send(with_session(
            "POST",
            "/api/v1/admin/comments/moderate",
            Some("http://news.example"),
            Some(moderate.clone()),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = server
        .send(with_session(
            "POST",
            "/api/v1/admin/comments/moderate",
            Some("https://news.example"),
            Some(moderate),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, headers, _) = server
        .send(with_session(
            "POST",
            "/api/v1/admin/logout",
            Some("https://news.example"),
            None,
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (status, _, _) = server
        .send(with_session("GET", "/api/v1/admin/me", None, None))
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the session is gone on the server too"
    );
}

#[tokio::test]
async fn a_malformed_account_in_the_config_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = readerbox_server::config::Config::for_database(dir.path().join("db.sqlite3"));
    config.admin_users = vec!["anna:klartext".into()];
    let err = readerbox_server::AppState::from_config(&config)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("anna"), "{err}");
}

/// Without a trusted proxy saying otherwise, the server is the `http://` origin it
/// serves: a page claiming `https://` with the same host is another origin.
#[tokio::test]
async fn an_https_page_is_not_an_http_servers_own() {
    let hash = hash_password("richtig geheim");
    let server = test_server(|config| config.admin_users = vec![format!("anna:{hash}")]).await;
    let mut request = login_request("anna", "richtig geheim");
    request.headers_mut().remove("x-forwarded-proto");
    let (status, _, body) = server.send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // A forged X-Forwarded-Proto from a peer that is no trusted proxy changes nothing.
    let (status, _, _) = server.send(login_request("anna", "richtig geheim")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut request = login_request("anna", "richtig geheim");
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://news.example".parse().unwrap());
    let (status, _, body) = server.send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
