//! The public API, tested through the whole router: in-process with `oneshot` for every
//! rule and bad input, and over a real socket for what only a socket shows (peer
//! address, restarts, static files). Every test has its own SQLite file in a temp dir.

mod common;

use common::{error_of, socket_config, test_server, SocketServer};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use readerbox_api::{ApiError, Comment, CommentPage, CreatedComment, ErrorCode};
use readerbox_server::config::Config;
use readerbox_server::AppState;
use serde_json::{json, Value};

#[tokio::test]
async fn empty_thread_lists_nothing() {
    let server = test_server(|_| {}).await;
    let list = server.list("/politik/neu.html").await;
    assert_eq!(list.total, 0);
    assert!(list.comments.is_empty());
}

#[tokio::test]
async fn posted_comment_is_listed_without_email() {
    let server = test_server(|_| {}).await;
    let (status, body) = server
        .post(json!({"uri": "/a.html", "author": " Erika ", "email": "erika@example.org", "text": "Guter *Artikel*."}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        !body.to_string().contains("example.org"),
        "e-mail leaked: {body}"
    );
    let created: Comment = serde_json::from_value::<CreatedComment>(body)
        .unwrap()
        .comment;
    assert_eq!(created.author, "Erika");
    assert_eq!(created.text, "Guter *Artikel*.");

    let list = server.list("/a.html").await;
    assert_eq!(list.total, 1);
    assert_eq!(list.comments, vec![created.clone()]);
    let raw = serde_json::to_string(&list).unwrap();
    assert!(!raw.contains("example.org"), "e-mail leaked in list: {raw}");

    assert_eq!(
        server
            .state
            .store
            .private_email_of(created.id)
            .await
            .unwrap()
            .as_deref(),
        Some("erika@example.org"),
        "the e-mail is stored for the editors"
    );
    assert_eq!(
        server.list("/other.html").await.total,
        0,
        "threads are separate"
    );
}

#[tokio::test]
async fn empty_name_is_anonym_and_order_is_oldest_first() {
    let server = test_server(|_| {}).await;
    for text in ["erster", "zweiter", "dritter"] {
        let (status, _) = server
            .post(json!({"uri": "/a", "author": "", "text": text}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let list = server.list("/a").await;
    let texts: Vec<_> = list.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["erster", "zweiter", "dritter"]);
    assert!(list.comments.iter().all(|c| c.author == "Anonym"));
}

#[tokio::test]
async fn bad_comments_get_field_errors_and_nothing_is_stored() {
    let server = test_server(|config| {
        config.max_text_chars = 20;
        config.max_name_chars = 10;
    })
    .await;
    let cases = [
        (
            json!({"uri": "/a", "text": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::EmptyText,
            Some("text"),
        ),
        (
            json!({"uri": "/a", "text": "  \n "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::EmptyText,
            Some("text"),
        ),
        (
            json!({"uri": "/a", "text": "x".repeat(21)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TextTooLong,
            Some("text"),
        ),
        (
            json!({"uri": "/a", "author": "n".repeat(11), "text": "ok"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NameTooLong,
            Some("author"),
        ),
        (
            json!({"uri": "/a", "email": "keine-adresse", "text": "ok"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidEmail,
            Some("email"),
        ),
        (
            json!({"uri": "a.html", "text": "ok"}),
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidUri,
            Some("uri"),
        ),
        (
            json!({"uri": "https://evil.example/a", "text": "ok"}),
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidUri,
            Some("uri"),
        ),
        (
            json!({"uri": "/a#x", "text": "ok"}),
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidUri,
            Some("uri"),
        ),
        (
            json!({"uri": "/a"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidJson,
            Some("text"),
        ),
        (
            json!({"uri": "/a", "author": 5, "text": "ok"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidJson,
            Some("author"),
        ),
    ];
    for (body, expected_status, expected_code, expected_field) in cases {
        let (status, response) = server.post(body.clone()).await;
        assert_eq!(status, expected_status, "{body} -> {response}");
        assert_eq!(
            error_of(response),
            (expected_code, expected_field.map(str::to_owned)),
            "{body}"
        );
    }
    assert_eq!(server.stored().await, 0);
}

#[tokio::test]
async fn malformed_json_and_wrong_content_type_are_json_errors() {
    let server = test_server(|_| {}).await;
    let (status, body) = server.post_raw("{\"uri\": \"/a\", \"text\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(body).0, ErrorCode::InvalidJson);

    let (status, body) = server.post_raw(vec![0xff, 0xfe, b'{']).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(body).0, ErrorCode::InvalidJson);

    let request = Request::post("/api/v1/comments")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"uri":"/a","text":"x"}"#))
        .unwrap();
    let (status, _, body) = server.send(request).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_of(body).0, ErrorCode::InvalidJson);
    assert_eq!(server.stored().await, 0);
}

#[tokio::test]
async fn oversize_body_is_refused() {
    let server = test_server(|_| {}).await;
    let huge = json!({"uri": "/a", "text": "x".repeat(readerbox_server::MAX_BODY_BYTES + 1)});
    let (status, body) = server.post(huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(body).0, ErrorCode::TooLarge);
    assert_eq!(server.stored().await, 0);
}

#[tokio::test]
async fn listing_needs_a_valid_uri() {
    let server = test_server(|_| {}).await;
    for path in [
        "/api/v1/comments",
        "/api/v1/comments?uri=kein-pfad",
        "/api/v1/comments?uri=//host/a",
    ] {
        let (status, _, body) = server
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            error_of(body),
            (ErrorCode::InvalidUri, Some("uri".into())),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_api_route_is_a_json_404() {
    let server = test_server(|_| {}).await;
    let (status, _, body) = server
        .send(Request::get("/api/v1/nope").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(body).0, ErrorCode::NotFound);
}

#[tokio::test]
async fn writes_are_rate_limited_per_client() {
    let server = test_server(|config| config.writes_per_minute = 2).await;
    for _ in 0..2 {
        assert_eq!(
            server.post(json!({"uri": "/a", "text": "x"})).await.0,
            StatusCode::CREATED
        );
    }
    let request = Request::post("/api/v1/comments")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"uri": "/a", "text": "x"}).to_string()))
        .unwrap();
    let (status, headers, body) = server.send(request).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_eq!(error_of(body).0, ErrorCode::RateLimited);
    assert_eq!(server.stored().await, 2);
    assert_eq!(server.list("/a").await.total, 2, "reading is not limited");
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let server =
        test_server(|config| config.allowed_origins = vec!["http://news.example:8081".into()])
            .await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/comments")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = server.send(preflight("http://news.example:8081")).await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://news.example:8081"
    );

    let (_, headers, _) = server.send(preflight("http://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn bad_origin_in_config_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_database(dir.path().join("db.sqlite3"));
    config.allowed_origins = vec!["news.example".into()];
    let err = AppState::from_config(&config).await.unwrap_err();
    assert!(err.to_string().contains("news.example"));
}

#[tokio::test]
async fn over_a_socket_comments_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = socket_config(dir.path()).await;
    let client = reqwest::Client::new();

    let server = SocketServer::start(&config).await;
    let response = client
        .post(format!("{}/api/v1/comments", server.base))
        .json(&json!({"uri": "/artikel/1", "author": "Max", "text": "Bleibt das?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    server.stop().await;

    let server = SocketServer::start(&config).await;
    let list: CommentPage = client
        .get(format!("{}/api/v1/comments?uri=/artikel/1", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.comments[0].text, "Bleibt das?");
    server.stop().await;
}

#[tokio::test]
async fn over_a_socket_rate_limit_keys_on_the_peer() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = socket_config(dir.path()).await;
    config.writes_per_minute = 1;
    let server = SocketServer::start(&config).await;
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let post = || {
        client
            .post(format!("{}/api/v1/comments", server.base))
            .json(&json!({"uri": "/a", "text": "x"}))
            .send()
    };
    assert_eq!(post().await.unwrap().status(), 201);
    let limited = post().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    server.stop().await;
}

#[tokio::test]
async fn widget_files_are_served_cacheable_and_to_any_origin() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<h1>Demo</h1>").unwrap();
    std::fs::write(dist.join("embed.js"), "/* loader */").unwrap();
    std::fs::write(dist.join("readerbox-0123456789abcdef.js"), "export {}").unwrap();
    std::fs::write(dist.join("readerbox-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let mut config = socket_config(dir.path()).await;
    config.allowed_origins = vec!["http://news.example".into()];
    let server = SocketServer::start(&config).await;
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", server.base))
            .header("origin", "http://elsewhere.example")
            .send()
    };

    let page = get("/").await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.text().await.unwrap(), "<h1>Demo</h1>");

    let embed = get("/readerbox/embed.js").await.unwrap();
    assert_eq!(embed.status(), 200);
    assert_eq!(
        embed.headers()["cache-control"],
        "public, max-age=300, stale-while-revalidate=86400",
        "no round trip per page view, and a deploy reaches readers within minutes"
    );
    assert_eq!(embed.headers()["access-control-allow-origin"], "*");
    assert_eq!(embed.headers()["timing-allow-origin"], "*");
    assert!(embed.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));

    let glue = get("/readerbox/readerbox-0123456789abcdef.js")
        .await
        .unwrap();
    assert_eq!(
        glue.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(glue.headers()["access-control-allow-origin"], "*");

    let wasm = get("/readerbox/readerbox-0123456789abcdef_bg.wasm")
        .await
        .unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    // Compressed: a precompressed .br beside the file is sent as is; without one, the
    // answer is compressed on the fly.
    let big = "export const text = 'Kommentar';\n".repeat(200);
    std::fs::write(
        dist.join("readerbox-0123456789abcdef.js.br"),
        b"precompressed",
    )
    .unwrap();
    std::fs::write(dist.join("readerbox-fedcba9876543210.js"), &big).unwrap();
    // (reqwest is built without decompression: it hands over the bytes as sent.)
    let raw = reqwest::Client::new();
    let fetch = |path: &str, encoding: &str| {
        raw.get(format!("{}{path}", server.base))
            .header("accept-encoding", encoding)
            .send()
    };
    let br = fetch("/readerbox/readerbox-0123456789abcdef.js", "br, gzip")
        .await
        .unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"precompressed");
    let gzip = fetch("/readerbox/readerbox-fedcba9876543210.js", "gzip")
        .await
        .unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert!(gzip.bytes().await.unwrap().len() < big.len() / 4);

    let missing = get("/readerbox/nope.js").await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing.headers().get("cache-control").is_none(),
        "a 404 is not cached for a year"
    );

    let api = get("/api/v1/comments?uri=/a").await.unwrap();
    assert!(
        api.headers().get("access-control-allow-origin").is_none(),
        "the API stays limited to configured origins"
    );
    server.stop().await;
}

#[tokio::test]
async fn errors_speak_the_readers_language() {
    let server = test_server(|_| {}).await;
    let post = |lang: &'static str, body: Value| {
        Request::post("/api/v1/comments")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let message = |body: Value| {
        serde_json::from_value::<ApiError>(body)
            .unwrap()
            .error
            .message
    };

    let (_, _, body) = server
        .send(post("en-GB,en;q=0.9", json!({"uri": "/a", "text": " "})))
        .await;
    assert_eq!(message(body), "Please write a comment.");
    let (_, _, body) = server
        .send(post("de-DE", json!({"uri": "/a", "text": " "})))
        .await;
    assert_eq!(message(body), "Bitte schreiben Sie einen Kommentar.");
    let (_, _, body) = server
        .send(post("fr", json!({"uri": "/a", "text": " "})))
        .await;
    assert_eq!(
        message(body),
        "Bitte schreiben Sie einen Kommentar.",
        "German when we don't speak it"
    );

    // Also for what the extractors refuse.
    let (_, _, body) = server.send(post("en", json!({"uri": "/a"}))).await;
    assert!(message(body).starts_with("The request does not have the expected shape"));
    let request = Request::get("/api/v1/nope")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .unwrap();
    let (_, _, body) = server.send(request).await;
    assert_eq!(message(body), "There is no such API address.");
}

#[tokio::test]
async fn counts_of_many_articles_in_one_request() {
    let server = test_server(|_| {}).await;
    for uri in ["/a", "/a", "/b"] {
        assert_eq!(
            server.post(json!({"uri": uri, "text": "x"})).await.0,
            StatusCode::CREATED
        );
    }
    let get = |query: &str| {
        Request::get(format!("/api/v1/counts?{query}"))
            .body(Body::empty())
            .unwrap()
    };

    let (status, _, body) = server.send(get("uri=/a&uri=/b&uri=/leer&uri=%2Fa")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"counts": {"/a": 2, "/b": 1, "/leer": 0}}));

    for bad in ["", "uri=kein-pfad", "uri=/a&uri=//host/x"] {
        let (status, _, body) = server.send(get(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            error_of(body),
            (ErrorCode::InvalidUri, Some("uri".into())),
            "{bad}"
        );
    }
    let too_many: Vec<String> = (0..=readerbox_api::MAX_COUNT_URIS)
        .map(|i| format!("uri=/a{i}"))
        .collect();
    let (status, _, body) = server.send(get(&too_many.join("&"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(body).1.as_deref(), Some("uri"));
}

/// An unchanged thread answers a revalidation with 304 and no body; a new comment
/// changes the ETag.
#[tokio::test]
async fn an_unchanged_thread_is_not_sent_again() {
    let server = test_server(|_| {}).await;
    const URI: &str = "/politik/etag.html";
    server.post(json!({"uri": URI, "text": "Eins"})).await;
    let get = |etag: Option<String>| {
        let mut request = Request::get(format!("/api/v1/comments?uri={URI}"));
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        request.body(Body::empty()).unwrap()
    };
    let (status, headers, _) = server.send(get(None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=0, s-maxage=30"
    );
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, headers, body) = server.send(get(Some(etag.clone()))).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers[header::ETAG].to_str().unwrap(), etag);
    assert_eq!(body, Value::Null, "no body");
    server.post(json!({"uri": URI, "text": "Zwei"})).await;
    let (status, headers, _) = server.send(get(Some(etag.clone()))).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(headers[header::ETAG].to_str().unwrap(), etag);
}

/// The body of an answer as the client received it, decoded per its `Content-Encoding`.
fn decode(encoding: Option<&str>, bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut decoded = Vec::new();
    match encoding {
        Some("br") => {
            brotli::Decompressor::new(bytes, 4096)
                .read_to_end(&mut decoded)
                .unwrap();
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut decoded)
                .unwrap();
        }
        None => decoded.extend_from_slice(bytes),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    decoded
}

#[tokio::test]
async fn a_comment_page_goes_out_compressed_when_the_reader_accepts_it() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    const URI: &str = "/politik/komprimiert.html";
    const SENTENCES: [&str; 6] = [
        "Der Stadtrat hat lange genug über die Radwege gestritten.",
        "Ich fahre jeden Tag mit dem Rad zur Arbeit und freue mich auf sichere Wege.",
        "Wer bezahlt das eigentlich, und was wird aus den **Parkplätzen**?",
        "Die Verwaltung sollte die Anwohner früher einbeziehen.",
        "In [Kopenhagen](https://www.example.org/kopenhagen) funktioniert das seit Jahrzehnten.",
        "Ich bin *skeptisch*, ob die Bauzeit eingehalten wird.",
    ];
    let server = test_server(|_| {}).await;
    for n in 0..100 {
        let text: Vec<&str> = (0..1 + n % 4).map(|s| SENTENCES[(n * 7 + s) % 6]).collect();
        let (status, body) = server
            .post(json!({"uri": URI, "author": format!("Leser {n}"), "text": text.join(" ")}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let fetch = |accept: Option<&'static str>| {
        let router = server.router();
        async move {
            let mut request = Request::get(format!("/api/v1/comments?uri={URI}&limit=100"));
            if let Some(accept) = accept {
                request = request.header(header::ACCEPT_ENCODING, accept);
            }
            let response = router
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let headers = response.headers().clone();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (headers, bytes)
        }
    };
    let (plain_headers, plain) = fetch(None).await;
    assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
    let page: CommentPage = serde_json::from_slice(&plain).unwrap();
    assert_eq!(page.comments.len(), 100);
    for (accept, expected) in [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=1", "gzip"),
    ] {
        // Twice: the second answer comes from the page cache.
        for _ in 0..2 {
            let (headers, bytes) = fetch(Some(accept)).await;
            let encoding = headers
                .get(header::CONTENT_ENCODING)
                .map(|value| value.to_str().unwrap());
            assert_eq!(encoding, Some(expected), "{accept}");
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert_eq!(headers[header::ETAG], plain_headers[header::ETAG]);
            assert_eq!(decode(encoding, &bytes), plain.to_vec(), "{accept}");
            assert!(
                bytes.len() * 4 < plain.len(),
                "{accept}: {} of {} bytes",
                bytes.len(),
                plain.len()
            );
        }
    }
    // Other JSON answers are compressed on the way out.
    let response = server
        .router()
        .oneshot(
            Request::get("/api/v1/openapi.json")
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let document: Value = serde_json::from_slice(&decode(Some("br"), &bytes)).unwrap();
    assert!(document["paths"].is_object());
}

/// A site behind a CDN sets how long the CDN may keep comment pages and first screens,
/// and how long it may serve one while revalidating; browsers always revalidate.
#[tokio::test]
async fn cdn_caching_of_pages_and_first_screens_is_configurable() {
    let server = test_server(|config| {
        config.cdn_cache_secs = 120;
        config.cdn_stale_secs = 600;
    })
    .await;
    server
        .post(json!({"uri": "/cdn.html", "text": "Eins"}))
        .await;
    for path in [
        "/api/v1/comments?uri=/cdn.html",
        "/embed/comments?uri=/cdn.html",
    ] {
        let (status, headers, _) = server
            .send_raw(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=0, s-maxage=120, stale-while-revalidate=600",
            "{path}"
        );
        assert!(headers.contains_key(header::ETAG), "{path}");
        assert_eq!(headers[header::VARY], "accept-encoding", "{path}");
    }
}
