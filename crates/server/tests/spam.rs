//! Spam defence and the editors' moderation, through the whole router: proof of work
//! (one-time, timed, keyed), the honeypot, the link limit, the moderation modes, the
//! editors' queue and actions, and closing an article.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{error_of, solve, test_server, TestServer};
use readerbox_api::admin::AdminComment;
use readerbox_api::spam::{leading_zero_bits, proof_input, Challenge};
use readerbox_api::{CommentStatus, CreatedComment, ErrorCode};
use readerbox_server::config::ModerationMode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const URI: &str = "/politik/spam.html";
const TOKEN: &str = "redaktion-0123456789";

async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    let request = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            request.body(Body::from(body.to_string()))
        }
        None => request.body(Body::empty()),
    }
    .unwrap();
    let (status, _, body) = server.send(request).await;
    (status, body)
}

async fn challenge(server: &TestServer) -> Challenge {
    let (status, body) = call(server, Method::GET, "/api/v1/challenge", None).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_value(body).unwrap()
}

/// A nonce whose hash misses the required bits.
fn miss(challenge: &Challenge) -> Value {
    let nonce = (0u64..)
        .find(|nonce| {
            let hash = Sha256::digest(proof_input(&challenge.challenge, *nonce).as_bytes());
            leading_zero_bits(&hash) < challenge.bits
        })
        .unwrap();
    json!({"challenge": challenge.challenge, "nonce": nonce})
}

async fn spam_server(configure: impl FnOnce(&mut readerbox_server::config::Config)) -> TestServer {
    test_server(|config| {
        config.pow_bits = 10;
        config.min_send_ms = 0;
        config.admin_token = Some(TOKEN.into());
        configure(config);
    })
    .await
}

async fn post(server: &TestServer, mut body: Value) -> (StatusCode, Value) {
    if body.get("pow").is_none() {
        body["pow"] = solve(&challenge(server).await);
    }
    server.post(body).await
}

#[tokio::test]
async fn a_post_needs_a_fresh_solved_challenge_once() {
    let server = spam_server(|_| {}).await;
    let (status, body) = server
        .post(json!({"uri": URI, "text": "ohne Beweis"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(body),
        (ErrorCode::InvalidChallenge, Some("pow".into()))
    );

    let fresh = challenge(&server).await;
    assert_eq!(fresh.bits, 10);
    let (status, body) = server
        .post(json!({"uri": URI, "text": "falsch gerechnet", "pow": miss(&fresh)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    let proof = solve(&fresh);
    let (status, _) = server
        .post(json!({"uri": URI, "text": "richtig", "pow": proof.clone()}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .post(json!({"uri": URI, "text": "noch einmal", "pow": proof}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a challenge works once"
    );

    // A forged challenge (other MAC) or one from long ago is refused.
    let mut forged = challenge(&server).await;
    forged.challenge.push('0');
    let (status, _) = server
        .post(json!({"uri": URI, "text": "gefälscht", "pow": solve(&forged)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let issued = readerbox_server::store::now_millis() - 2 * 60 * 60 * 1000;
    let mut mac = server
        .state
        .store
        .keyed_hash("challenge", &[&issued.to_string(), "alt"]);
    mac.truncate(32);
    let old = Challenge {
        challenge: format!("{issued}.alt.{mac}"),
        bits: 10,
        min_wait_ms: 0,
    };
    let (status, _) = server
        .post(json!({"uri": URI, "text": "zu alt", "pow": solve(&old)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.stored().await, 1);
}

#[tokio::test]
async fn a_form_sent_faster_than_a_person_can_is_refused() {
    let server = spam_server(|config| config.min_send_ms = 60_000).await;
    let fresh = challenge(&server).await;
    assert_eq!(
        fresh.min_wait_ms, 60_000,
        "the widget is told how long to wait"
    );
    let (status, body) = server
        .post(json!({"uri": URI, "text": "zu schnell", "pow": solve(&fresh)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(body).0, ErrorCode::InvalidChallenge);
    assert_eq!(server.stored().await, 0);
}

#[tokio::test]
async fn the_honeypot_and_too_many_links_keep_comments_from_readers() {
    let server = spam_server(|_| {}).await;
    let (status, body) = post(
        &server,
        json!({"uri": URI, "text": "Kaufen!", "homepage": "http://spam.example"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let created: CreatedComment = serde_json::from_value(body).unwrap();
    assert_eq!(
        created.comment.status,
        CommentStatus::Pending,
        "a bot is not told"
    );

    let links = "https://a.example https://b.example https://c.example https://d.example";
    let (_, body) = post(&server, json!({"uri": URI, "text": links})).await;
    assert_eq!(
        body["comment"]["status"], "pending",
        "more than 3 links wait"
    );
    let (_, body) = post(
        &server,
        json!({"uri": URI, "text": "nur https://a.example"}),
    )
    .await;
    assert_eq!(body["comment"]["status"], "published");
    assert_eq!(server.list(URI).await.total, 1);

    let (_, spam) = call(
        &server,
        Method::GET,
        "/api/v1/admin/comments?status=spam",
        None,
    )
    .await;
    let spam: Vec<AdminComment> = serde_json::from_value(spam).unwrap();
    assert_eq!(spam.len(), 1);
    assert_eq!(spam[0].comment.text, "Kaufen!");

    let (status, body) = call(
        &server,
        Method::POST,
        "/api/v1/corrections",
        Some(json!({
            "uri": URI, "article_url": "https://a.example/x", "message": "m", "homepage": "x",
            "pow": solve(&challenge(&server).await)
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["id"], 0, "accepted, not stored");
    let (_, stored) = call(&server, Method::GET, "/api/v1/admin/corrections", None).await;
    assert_eq!(stored.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn first_time_commenters_wait_until_an_editor_approves_them() {
    let server = spam_server(|config| config.moderation = ModerationMode::FirstTime).await;
    let (_, body) = post(
        &server,
        json!({"uri": URI, "text": "Mein erster", "email": "neu@example.org"}),
    )
    .await;
    assert_eq!(body["comment"]["status"], "pending");
    let first = body["comment"]["id"].as_i64().unwrap();
    let (_, body) = post(&server, json!({"uri": URI, "text": "ohne Adresse"})).await;
    assert_eq!(
        body["comment"]["status"], "pending",
        "unknown without e-mail"
    );

    let (_, queue) = call(
        &server,
        Method::GET,
        "/api/v1/admin/comments?status=pending",
        None,
    )
    .await;
    let queue: Vec<AdminComment> = serde_json::from_value(queue).unwrap();
    assert_eq!(queue.len(), 2);
    assert_eq!(
        queue[1].email.as_deref(),
        Some("neu@example.org"),
        "editors see the e-mail"
    );
    assert_eq!(queue[1].uri, URI);

    let (status, body) = call(
        &server,
        Method::POST,
        "/api/v1/admin/comments/moderate",
        Some(json!({"ids": [first], "action": "approve"})),
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"changed": 1})));
    let (_, body) = post(
        &server,
        json!({"uri": URI, "text": "Mein zweiter", "email": "NEU@example.org"}),
    )
    .await;
    assert_eq!(body["comment"]["status"], "published", "known now");
    assert_eq!(server.list(URI).await.total, 2);
}

#[tokio::test]
async fn editors_act_on_several_comments_at_once() {
    let server = spam_server(|config| config.moderation = ModerationMode::All).await;
    let mut ids = Vec::new();
    for text in ["a", "b", "c", "d"] {
        let (_, body) = post(&server, json!({"uri": URI, "text": text})).await;
        ids.push(body["comment"]["id"].as_i64().unwrap());
    }
    let moderate = |ids: Vec<i64>, action: &str| {
        let server = &server;
        let body = json!({"ids": ids, "action": action});
        async move {
            call(
                server,
                Method::POST,
                "/api/v1/admin/comments/moderate",
                Some(body),
            )
            .await
        }
    };
    assert_eq!(
        moderate(vec![ids[0], ids[1]], "approve").await.1["changed"],
        2
    );
    assert_eq!(moderate(vec![ids[2]], "reject").await.1["changed"], 1);
    assert_eq!(moderate(vec![ids[3]], "spam").await.1["changed"], 1);
    assert_eq!(server.list(URI).await.total, 2);
    assert_eq!(moderate(vec![ids[0], 999], "delete").await.1["changed"], 1);
    assert_eq!(server.list(URI).await.total, 1);
    let (status, body) = call(
        &server,
        Method::POST,
        "/api/v1/admin/comments/moderate",
        Some(json!({"ids": [1], "action": "verbrennen"})),
    )
    .await;
    assert!(status.is_client_error(), "{body}");

    let without_token = Request::post("/api/v1/admin/comments/moderate")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"ids": [ids[1]], "action": "delete"}).to_string(),
        ))
        .unwrap();
    let (status, _, _) = server.send(without_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(server.list(URI).await.total, 1);
}

#[tokio::test]
async fn a_closed_article_takes_no_new_comments() {
    let server = spam_server(|_| {}).await;
    post(&server, json!({"uri": URI, "text": "vorher"})).await;
    let (status, _) = call(
        &server,
        Method::PUT,
        "/api/v1/admin/threads",
        Some(json!({"uri": URI, "closed": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let page = server.list(URI).await;
    assert!(
        page.closed && page.total == 1,
        "comments stay, the page says closed"
    );
    let (status, body) = post(&server, json!({"uri": URI, "text": "nachher"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(body).0, ErrorCode::ThreadClosed);
    let (_, threads) = call(&server, Method::GET, "/api/v1/admin/threads", None).await;
    assert_eq!(threads[0]["uri"], URI);
    assert_eq!(threads[0]["closed"], true);
    assert_eq!(threads[0]["published"], 1);
    call(
        &server,
        Method::PUT,
        "/api/v1/admin/threads",
        Some(json!({"uri": URI, "closed": false})),
    )
    .await;
    assert_eq!(
        post(&server, json!({"uri": URI, "text": "wieder offen"}))
            .await
            .0,
        StatusCode::CREATED
    );
}
