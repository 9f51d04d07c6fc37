//! Corrections and letters to the editor: the public posts with every bad input, the
//! rate limit, and the editors' API behind the admin token.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{error_of, test_server, TestServer};
use readerbox_api::reports::{Correction, Letter, ReportStatus};
use readerbox_api::{ErrorCode, Limits};
use serde_json::{json, Value};

const TOKEN: &str = "redaktion-geheim-0123456789";

fn correction() -> Value {
    json!({
        "uri": "/lokales/radwege.html",
        "article_url": "https://www.example.org/lokales/radwege.html",
        "selection": "42 Kilometern",
        "context_before": "ein Netz von ",
        "context_after": " neuer Radwege",
        "fragment_url": "https://www.example.org/lokales/radwege.html#:~:text=42%20Kilometern",
        "category": "fact",
        "message": "Es sind 24 Kilometer.",
        "email": "leser@example.org"
    })
}

fn letter() -> Value {
    json!({
        "uri": "/lokales/radwege.html",
        "article_title": "Stadtrat beschließt neues Radwegenetz",
        "article_url": "https://www.example.org/lokales/radwege.html",
        "name": "Erika Muster",
        "city": "Beispielstadt",
        "email": "erika@example.org",
        "phone": "030 123456",
        "text": "Sehr geehrte Redaktion, endlich!",
        "do_not_shorten": true,
        "consent": true
    })
}

async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let (status, _, body) = server.send(request).await;
    (status, body)
}

/// A correction or letter sent as the toolbar sends it (no token).
async fn send_report(server: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    call(server, Method::POST, path, None, Some(body)).await
}

/// A GET of the editors' API that must succeed, its answer read as `T`.
async fn editors_get<T: serde::de::DeserializeOwned>(server: &TestServer, path: &str) -> T {
    let (status, body) = call(server, Method::GET, path, Some(TOKEN), None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_value(body).unwrap()
}

fn with(base: Value, key: &str, value: Value) -> Value {
    let mut body = base;
    body[key] = value;
    body
}

#[tokio::test]
async fn a_correction_is_stored_for_the_editors_with_status_new() {
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    let (status, body) = send_report(&server, "/api/v1/corrections", correction()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(
        body,
        json!({"id": id}),
        "the reader gets nothing back but the receipt"
    );

    let list: Vec<Correction> = editors_get(&server, "/api/v1/admin/corrections").await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, ReportStatus::New);
    assert_eq!(list[0].report.selection, "42 Kilometern");
    assert_eq!(list[0].report.email.as_deref(), Some("leser@example.org"));

    moves_through_the_statuses(&server, "corrections", id).await;
}

/// Entry `id` of an editors' inbox (`corrections` or `letters`) moves through every
/// status, the list filters by them, and bad changes are refused.
async fn moves_through_the_statuses(server: &TestServer, inbox: &str, id: i64) {
    for next in ["in_progress", "rejected", "new", "done"] {
        let (status, body) = call(
            server,
            Method::PATCH,
            &format!("/api/v1/admin/{inbox}/{id}"),
            Some(TOKEN),
            Some(json!({"status": next})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], next);
    }
    let done: Value = editors_get(server, &format!("/api/v1/admin/{inbox}?status=done")).await;
    assert_eq!(done.as_array().unwrap().len(), 1);
    assert_eq!(done[0]["status"], "done");
    let new: Value = editors_get(server, &format!("/api/v1/admin/{inbox}?status=new")).await;
    assert_eq!(new.as_array().unwrap().len(), 0);

    let (status, body) = call(
        server,
        Method::PATCH,
        &format!("/api/v1/admin/{inbox}/{id}"),
        Some(TOKEN),
        Some(json!({"status": "vergessen"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = call(
        server,
        Method::PATCH,
        &format!("/api/v1/admin/{inbox}/999"),
        Some(TOKEN),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_corrections_get_field_errors() {
    let server = test_server(|_| {}).await;
    let limits = Limits::default();
    for (body, code, field) in [
        (
            with(correction(), "message", json!("  ")),
            ErrorCode::Required,
            "message",
        ),
        (
            with(
                correction(),
                "message",
                json!("x".repeat(limits.correction_max_chars + 1)),
            ),
            ErrorCode::TooLong,
            "message",
        ),
        (
            with(correction(), "selection", json!("x".repeat(1001))),
            ErrorCode::TooLong,
            "selection",
        ),
        (
            with(correction(), "context_after", json!("x".repeat(101))),
            ErrorCode::TooLong,
            "context_after",
        ),
        (
            with(correction(), "article_url", json!("javascript:alert(1)")),
            ErrorCode::InvalidUrl,
            "article_url",
        ),
        (
            with(correction(), "email", json!("keine-mail")),
            ErrorCode::InvalidEmail,
            "email",
        ),
        (
            with(correction(), "uri", json!("relativ")),
            ErrorCode::InvalidUri,
            "uri",
        ),
        (
            with(correction(), "category", json!("beleidigung")),
            ErrorCode::InvalidJson,
            "category",
        ),
    ] {
        let (status, answer) = send_report(&server, "/api/v1/corrections", body).await;
        assert!(status.is_client_error(), "{field}: {status}");
        assert_eq!(error_of(answer), (code, Some(field.to_owned())), "{field}");
    }
    let (status, body) = send_report(
        &server,
        "/api/v1/corrections",
        with(correction(), "selection", json!("")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "without a selection: {body}");
}

#[tokio::test]
async fn a_letter_is_stored_and_every_rule_is_enforced() {
    let server = test_server(|config| {
        config.admin_token = Some(TOKEN.into());
        config.max_letter_chars = 50;
    })
    .await;
    let (status, body) = send_report(&server, "/api/v1/letters", letter()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let letters: Vec<Letter> = editors_get(&server, "/api/v1/admin/letters").await;
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].letter.city, "Beispielstadt");
    assert!(letters[0].letter.do_not_shorten && letters[0].letter.consent);

    for (body, code, field) in [
        (
            with(letter(), "name", json!("")),
            ErrorCode::Required,
            "name",
        ),
        (
            with(letter(), "city", json!(" ")),
            ErrorCode::Required,
            "city",
        ),
        (
            with(letter(), "email", json!("")),
            ErrorCode::Required,
            "email",
        ),
        (
            with(letter(), "email", json!("at-nowhere")),
            ErrorCode::InvalidEmail,
            "email",
        ),
        (
            with(letter(), "phone", json!("ruf an")),
            ErrorCode::InvalidPhone,
            "phone",
        ),
        (
            with(letter(), "text", json!("")),
            ErrorCode::Required,
            "text",
        ),
        (
            with(letter(), "text", json!("x".repeat(51))),
            ErrorCode::TooLong,
            "text",
        ),
        (
            with(letter(), "consent", json!(false)),
            ErrorCode::ConsentRequired,
            "consent",
        ),
        (
            with(letter(), "article_url", json!("ftp://x")),
            ErrorCode::InvalidUrl,
            "article_url",
        ),
    ] {
        let (status, answer) = send_report(&server, "/api/v1/letters", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(error_of(answer), (code, Some(field.to_owned())), "{field}");
    }
    let letters: Vec<Letter> = editors_get(&server, "/api/v1/admin/letters").await;
    assert_eq!(letters.len(), 1, "nothing else was stored");
}

/// A letter starts as new and moves through the statuses corrections have; the list
/// can be filtered by them.
#[tokio::test]
async fn a_letter_moves_through_the_editors_statuses() {
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    let (_, body) = send_report(&server, "/api/v1/letters", letter()).await;
    let id = body["id"].as_i64().unwrap();
    let letters: Vec<Letter> = editors_get(&server, "/api/v1/admin/letters").await;
    assert_eq!(letters[0].status, ReportStatus::New);
    moves_through_the_statuses(&server, "letters", id).await;
    let (status, _) = call(
        &server,
        Method::PATCH,
        &format!("/api/v1/admin/letters/{id}"),
        Some("falsch"),
        Some(json!({"status": "new"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_editors_api_needs_the_admin_token() {
    let open = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    for token in [None, Some("falsch"), Some("")] {
        for path in ["/api/v1/admin/corrections", "/api/v1/admin/letters"] {
            let (status, body) = call(&open, Method::GET, path, token, None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} with {token:?}");
            assert_eq!(error_of(body).0, ErrorCode::Unauthorized);
        }
    }
    let (status, _) = call(
        &open,
        Method::PATCH,
        "/api/v1/admin/corrections/1",
        Some("falsch"),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let closed = test_server(|_| {}).await;
    let (status, _) = call(
        &closed,
        Method::GET,
        "/api/v1/admin/letters",
        Some(""),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "no token configured: closed"
    );
}

#[tokio::test]
async fn corrections_and_letters_are_rate_limited_per_client() {
    let server = test_server(|config| config.reports_per_minute = 2).await;
    for _ in 0..2 {
        let (status, _) = send_report(&server, "/api/v1/corrections", correction()).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = send_report(&server, "/api/v1/letters", letter()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_of(body).0, ErrorCode::RateLimited);
}

#[tokio::test]
async fn limits_are_served_to_the_toolbar() {
    let server = test_server(|config| config.max_letter_chars = 1234).await;
    let (status, body) = call(&server, Method::GET, "/api/v1/limits", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let limits: Limits = serde_json::from_value(body).unwrap();
    assert_eq!(limits.letter_max_chars, 1234);
}

/// A report sent again after a lost answer (same idempotency key) is stored once; the
/// repeat gets the first one's id with 200. Concurrent repeats too.
#[tokio::test]
async fn a_repeated_report_with_its_key_is_stored_once() {
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    for (path, body, list) in [
        (
            "/api/v1/corrections",
            correction(),
            "/api/v1/admin/corrections",
        ),
        ("/api/v1/letters", letter(), "/api/v1/admin/letters"),
    ] {
        let body = with(
            body,
            "idempotency_key",
            json!("4f1c2b3a-5d6e-4f70-8192-a3b4c5d6e7f8"),
        );
        let (status, first) = send_report(&server, path, body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let repeats = tokio::join!(
            send_report(&server, path, body.clone()),
            send_report(&server, path, body.clone()),
            send_report(&server, path, body.clone()),
        );
        for (status, again) in [repeats.0, repeats.1, repeats.2] {
            assert_eq!(status, StatusCode::OK, "{again}");
            assert_eq!(again["id"], first["id"]);
        }
        let stored: Vec<Value> = editors_get(&server, list).await;
        assert_eq!(stored.len(), 1, "{path}");
        let (status, body) =
            send_report(&server, path, with(body, "idempotency_key", json!("kurz"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(body).1.as_deref(), Some("idempotency_key"));
    }
}

/// The editors read long queues and long articles a page at a time: newest first, then
/// older ones with `before` = the last id they have, until a page is not full.
#[tokio::test]
async fn the_editors_page_through_comments_older_than_the_last_they_have() {
    use readerbox_api::admin::{AdminComment, ADMIN_PAGE_SIZE};
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    let extra = 5;
    for n in 1..=ADMIN_PAGE_SIZE + extra {
        let new: readerbox_api::NewComment = serde_json::from_value(
            json!({"uri": "/lang.html", "author": "Leser", "text": format!("Nummer {n}")}),
        )
        .unwrap();
        let valid = new
            .validate(&Limits::default(), readerbox_api::Lang::De)
            .unwrap();
        server
            .state
            .store
            .insert_comment(
                &valid,
                &format!("t{n}"),
                readerbox_api::CommentStatus::Pending,
            )
            .await
            .unwrap();
    }
    let page = |query: String| {
        let server = &server;
        async move {
            editors_get::<Vec<AdminComment>>(
                server,
                &format!("/api/v1/admin/comments?status=pending&uri=%2Flang.html{query}"),
            )
            .await
        }
    };
    let first = page(String::new()).await;
    assert_eq!(first.len(), ADMIN_PAGE_SIZE);
    let texts = |comments: &[AdminComment]| -> Vec<String> {
        comments.iter().map(|c| c.comment.text.clone()).collect()
    };
    assert_eq!(
        texts(&first[..2]),
        ["Nummer 205", "Nummer 204"],
        "newest first"
    );
    let last = first.last().unwrap().comment.id;
    let older = page(format!("&before={last}")).await;
    assert_eq!(
        texts(&older),
        ["Nummer 5", "Nummer 4", "Nummer 3", "Nummer 2", "Nummer 1"],
        "the rest, none twice"
    );
    let none = page(format!("&before={}", older.last().unwrap().comment.id)).await;
    assert!(none.is_empty());
}

/// Corrections and letters come a page at a time too, newest first, and `before` (the
/// last id an editor has) gives the older ones, none twice; the status filter holds
/// across pages.
#[tokio::test]
async fn the_editors_page_through_corrections_and_letters() {
    use readerbox_api::admin::ADMIN_PAGE_SIZE;
    use readerbox_api::reports::{NewCorrection, NewLetter};
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    let extra = 3;
    let correction: NewCorrection = serde_json::from_value(correction()).unwrap();
    let letter: NewLetter = serde_json::from_value(letter()).unwrap();
    for n in 1..=ADMIN_PAGE_SIZE + extra {
        let store = &server.state.store;
        let (id, _) = store
            .insert_correction(&NewCorrection {
                message: format!("Korrektur {n}"),
                ..correction.clone()
            })
            .await
            .unwrap();
        // Every tenth is done: the filter for new ones must skip them on every page.
        if n % 10 == 0 {
            store
                .set_report_status(
                    readerbox_server::store::Inbox::Corrections,
                    id,
                    ReportStatus::Done,
                )
                .await
                .unwrap();
        }
        store
            .insert_letter(&NewLetter {
                text: format!("Brief {n}"),
                ..letter.clone()
            })
            .await
            .unwrap();
    }

    let letters: Vec<Letter> = editors_get(&server, "/api/v1/admin/letters").await;
    assert_eq!(letters.len(), ADMIN_PAGE_SIZE);
    assert_eq!(letters[0].letter.text, "Brief 203", "newest first");
    let last = letters.last().unwrap().id;
    let older: Vec<Letter> =
        editors_get(&server, &format!("/api/v1/admin/letters?before={last}")).await;
    let texts: Vec<&str> = older.iter().map(|l| l.letter.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Brief 3", "Brief 2", "Brief 1"],
        "the rest, none twice"
    );

    let mut new = Vec::new();
    let mut before = String::new();
    loop {
        let page: Vec<Correction> = editors_get(
            &server,
            &format!("/api/v1/admin/corrections?status=new{before}"),
        )
        .await;
        assert!(page.len() <= ADMIN_PAGE_SIZE);
        assert!(page.iter().all(|c| c.status == ReportStatus::New));
        let Some(last) = page.last() else { break };
        before = format!("&before={}", last.id);
        new.extend(page.into_iter().map(|c| c.report.message));
    }
    let expected: Vec<String> = (1..=ADMIN_PAGE_SIZE + extra)
        .rev()
        .filter(|n| n % 10 != 0)
        .map(|n| format!("Korrektur {n}"))
        .collect();
    assert_eq!(new, expected, "every new correction once, newest first");

    let (status, body) = call(
        &server,
        Method::GET,
        "/api/v1/admin/letters?before=zwei",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

/// Editors find an article by part of its path, in any case; `%` and `_` are characters
/// like any other, not patterns.
#[tokio::test]
async fn the_editors_find_articles_by_part_of_their_path() {
    use readerbox_api::admin::ThreadSummary;
    let server = test_server(|config| config.admin_token = Some(TOKEN.into())).await;
    for uri in [
        "/lokales/radwege.html",
        "/sport/rad_wm.html",
        "/politik/wahl.html",
    ] {
        let (status, body) = server
            .post(json!({"uri": uri, "author": "Leser", "text": "Gut"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let found = |query: &'static str| {
        let server = &server;
        async move {
            let threads: Vec<ThreadSummary> =
                editors_get(server, &format!("/api/v1/admin/threads{query}")).await;
            let mut uris: Vec<String> = threads.into_iter().map(|thread| thread.uri).collect();
            uris.sort();
            uris
        }
    };
    assert_eq!(found("").await.len(), 3);
    assert_eq!(found("?search=").await.len(), 3, "an empty search is none");
    assert_eq!(
        found("?search=RAD").await,
        ["/lokales/radwege.html", "/sport/rad_wm.html"]
    );
    assert_eq!(found("?search=rad_").await, ["/sport/rad_wm.html"]);
    assert!(found("?search=%25").await.is_empty(), "% is a character");
}
