//! What a probe of the running server found, each held shut: the editors' UI only at
//! /admin/ with its headers, control characters refused field by field, every 4xx a
//! JSON error (405 and a missing file too), a 10 MB body answered with 413 on every
//! write route instead of a reset connection, JSON bodies only as `application/json`.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{error_of, socket_config, test_server, SocketServer};
use readerbox_api::ErrorCode;
use serde_json::{json, Value};

fn post_json(path: &str, content_type: &str, body: &Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn control_characters_are_refused_beside_their_field() {
    let server = test_server(|_| {}).await;
    for text in [
        "\0",
        "\0\0\0",
        "Guter Text\u{7}",
        "a\u{1b}[31mrot",
        "\u{85}",
    ] {
        let (status, body) = server.post(json!({"uri": "/a", "text": text})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text:?}: {body}");
        assert_eq!(
            error_of(body),
            (ErrorCode::InvalidCharacters, Some("text".into()))
        );
    }
    assert_eq!(server.stored().await, 0);

    // Line breaks and tabs are what a text area gives: they stay.
    let (status, body) = server
        .post(json!({"uri": "/a", "text": "Zeile 1\r\nZeile 2\n\tEingerückt"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["comment"]["id"].as_i64().unwrap();
    let token = body["edit_token"].as_str().unwrap().to_owned();

    // An edit is held to the same rule.
    let edit = Request::put(format!("/api/v1/comments/{id}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"edit_token": token, "text": "\0"}).to_string(),
        ))
        .unwrap();
    let (status, _, body) = server.send(edit).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(body),
        (ErrorCode::InvalidCharacters, Some("text".into()))
    );

    // So are letters to the editor, in English too.
    let letter = json!({
        "uri": "/a", "article_title": "Titel", "article_url": "https://www.example.org/a",
        "name": "Erika", "city": "Beispielstadt\u{0}", "email": "erika@example.org",
        "text": "Text", "consent": true
    });
    let mut request = post_json("/api/v1/letters", "application/json", &letter);
    request
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
    let (status, _, body) = server.send(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("control characters"),
        "{body}"
    );
    assert_eq!(
        error_of(body),
        (ErrorCode::InvalidCharacters, Some("city".into()))
    );
}

#[tokio::test]
async fn every_refusal_is_a_json_error() {
    let server = test_server(|_| {}).await;
    for (method, path, status, code) in [
        (
            Method::PATCH,
            "/api/v1/comments",
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
        ),
        (
            Method::DELETE,
            "/api/v1/counts",
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
        ),
        (
            Method::POST,
            "/healthz",
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
        ),
        (
            Method::POST,
            "/embed/comments",
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
        ),
        (
            Method::GET,
            "/readerbox/nichts.js",
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        ),
        (
            Method::GET,
            "/api/v1/nichts",
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        ),
    ] {
        let request = Request::builder()
            .method(method.clone())
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let (got, headers, body) = server.send(request).await;
        assert_eq!(got, status, "{method} {path}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/json",
            "{method} {path}"
        );
        assert_eq!(error_of(body).0, code, "{method} {path}");
        if status == StatusCode::METHOD_NOT_ALLOWED {
            assert!(headers.contains_key(header::ALLOW), "{method} {path}");
        }
    }
}

#[tokio::test]
async fn json_bodies_only_as_application_json() {
    let server = test_server(|_| {}).await;
    let comment = json!({"uri": "/a", "text": "Hallo"});
    for content_type in [
        "text/plain",
        "application/json-patch+json",
        "application/vnd.api+json",
        "application/json; charset=latin1",
        "application/x-www-form-urlencoded",
    ] {
        let (status, _, body) = server
            .send(post_json("/api/v1/comments", content_type, &comment))
            .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert_eq!(error_of(body).0, ErrorCode::InvalidJson, "{content_type}");
    }
    assert_eq!(server.stored().await, 0);
    let (status, _, _) = server
        .send(post_json(
            "/api/v1/comments",
            "application/json; charset=UTF-8",
            &comment,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

/// Over a real socket, as the probe sent it: the whole 10 MB body goes out before the
/// answer is read. Every route that takes a body answers 413 with the JSON error.
#[tokio::test]
async fn a_ten_megabyte_body_gets_a_413_on_every_write_route() {
    let dir = tempfile::tempdir().unwrap();
    let config = socket_config(dir.path()).await;
    let server = SocketServer::start(&config).await;
    let client = reqwest::Client::new();
    let huge = vec![b'x'; 10 * 1024 * 1024];
    for (method, path) in [
        (Method::POST, "/api/v1/comments"),
        (Method::PUT, "/api/v1/comments/1"),
        (Method::DELETE, "/api/v1/comments/1"),
        (Method::POST, "/api/v1/comments/1/vote"),
        (Method::POST, "/api/v1/corrections"),
        (Method::POST, "/api/v1/letters"),
        (Method::POST, "/api/v1/admin/login"),
        (Method::POST, "/api/v1/admin/logout"),
        (Method::POST, "/api/v1/admin/comments/moderate"),
        (Method::PUT, "/api/v1/admin/threads"),
        (Method::PATCH, "/api/v1/admin/letters/1"),
        (Method::POST, "/api/v1/notifications/unsubscribe"),
        (Method::GET, "/api/v1/comments?uri=/a"),
    ] {
        let response = client
            .request(method.clone(), format!("{}{path}", server.base))
            .header(header::CONTENT_TYPE, "application/json")
            .body(huge.clone())
            .send()
            .await
            .unwrap_or_else(|err| panic!("{method} {path}: no answer: {err}"));
        assert_eq!(response.status(), 413, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_of(body).0, ErrorCode::TooLarge, "{method} {path}");
    }
    server.stop().await;
}

/// The editors' UI is built inside the widget's folder; it must not be served from
/// there (any origin, no CSP, framable), only at /admin/ with its headers.
#[tokio::test]
async fn the_editors_ui_is_served_only_at_admin_with_its_headers() {
    let dir = tempfile::tempdir().unwrap();
    let admin = dir.path().join("dist/admin");
    std::fs::create_dir_all(&admin).unwrap();
    std::fs::write(admin.join("index.html"), "<h1>Redaktion</h1>").unwrap();
    std::fs::write(admin.join("boot.js"), "/* boot */").unwrap();
    std::fs::write(dir.path().join("dist/embed.js"), "/* embed */").unwrap();
    let config = socket_config(dir.path()).await;
    let server = SocketServer::start(&config).await;
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("{}{path}", server.base)).send();

    for path in ["/admin/", "/admin/index.html", "/admin/boot.js"] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            !headers.contains_key("access-control-allow-origin"),
            "{path}"
        );
    }
    for path in [
        "/readerbox/admin/",
        "/readerbox/admin/index.html",
        "/readerbox/admin/boot.js",
        "/readerbox/%61dmin/index.html",
        "/readerbox//admin/index.html",
        "/readerbox/./admin/index.html",
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_of(body).0, ErrorCode::NotFound, "{path}");
    }
    assert_eq!(get("/readerbox/embed.js").await.unwrap().status(), 200);
    server.stop().await;
}

/// The request as raw HTTP/1.1 with a chunked body of `body`, and the answer's head and
/// body as text (the server closes after it).
async fn send_chunked(base: &str, path: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        stream.write_all(&framed).await.unwrap();
    }
    stream.write_all(b"0\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// A chunked body says no length up front: it is read up to the limit, then refused
/// with the same 413 (the rest read and dropped, so the client gets the answer).
#[tokio::test]
async fn a_chunked_body_over_the_limit_gets_a_413_and_a_small_one_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    let config = socket_config(dir.path()).await;
    let server = SocketServer::start(&config).await;
    let answer = send_chunked(
        &server.base,
        "/api/v1/comments",
        &vec![b'x'; 10 * 1024 * 1024],
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"too_large\""), "{answer}");
    let small = json!({"uri": "/chunked.html", "text": "In Stücken gesendet."}).to_string();
    let answer = send_chunked(&server.base, "/api/v1/comments", small.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    server.stop().await;
}
