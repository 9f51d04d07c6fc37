//! The rules of a complete comment area, through the whole router: replies, pages with
//! cursors, sorting, permalinks, idempotent posting, the author's edits and deletes,
//! votes, moderation, avatars and the limits served to the widget.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{error_of, test_server, TestServer};
use readerbox_api::{Comment, CommentStatus, CreatedComment, ErrorCode, Limits};
use serde_json::{json, Value};

const URI: &str = "/politik/radwege.html";

impl TestServer {
    async fn create(&self, body: Value) -> CreatedComment {
        let (status, body) = self.post(body).await;
        assert!(status == StatusCode::CREATED, "{status} {body}");
        serde_json::from_value(body).unwrap()
    }

    async fn top(&self, text: &str) -> CreatedComment {
        self.create(json!({"uri": URI, "text": text})).await
    }

    async fn reply(&self, parent: i64, text: &str) -> CreatedComment {
        self.create(json!({"uri": URI, "text": text, "parent_id": parent}))
            .await
    }

    async fn call(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    async fn vote(&self, id: i64, voter: &str, value: i64) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &format!("/api/v1/comments/{id}/vote"),
            json!({"voter": voter, "value": value}),
        )
        .await
    }
}

fn texts(comments: &[Comment]) -> Vec<&str> {
    comments.iter().map(|c| c.text.as_str()).collect()
}

const VOTER_A: &str = "voter-aaaaaaaaaaaaaaaa";
const VOTER_B: &str = "voter-bbbbbbbbbbbbbbbb";

#[tokio::test]
async fn replies_nest_under_their_parent_and_come_with_its_page() {
    let server = test_server(|_| {}).await;
    let first = server.top("eins").await.comment;
    let second = server.top("zwei").await.comment;
    let reply = server.reply(first.id, "antwort").await.comment;
    let deep = server.reply(reply.id, "tiefer").await.comment;
    let deeper = server.reply(deep.id, "noch tiefer").await.comment;
    assert_eq!((reply.depth, deep.depth, deeper.depth), (1, 2, 3));
    assert_eq!(deeper.parent_id, Some(deep.id));

    let page = server.list(URI).await;
    assert_eq!(
        texts(&page.comments),
        ["eins", "antwort", "tiefer", "noch tiefer", "zwei"],
        "each top-level comment is followed by its replies"
    );
    assert_eq!(page.total, 5, "the count includes replies");
    assert_eq!(page.comments[4].id, second.id);
}

#[tokio::test]
async fn a_reply_must_answer_a_published_comment_of_the_same_article() {
    let server = test_server(|_| {}).await;
    let elsewhere = server
        .create(json!({"uri": "/anderer.html", "text": "anderswo"}))
        .await
        .comment;
    for parent in [elsewhere.id, 999_999] {
        let (status, body) = server
            .post(json!({"uri": URI, "text": "x", "parent_id": parent}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_of(body),
            (ErrorCode::InvalidParent, Some("parent_id".into()))
        );
    }
    assert_eq!(server.stored().await, 1);
}

#[tokio::test]
async fn pages_follow_a_cursor_and_new_comments_neither_repeat_nor_hide_one() {
    let server = test_server(|config| config.page_size = 3).await;
    for n in 1..=7 {
        let top = server.top(&format!("k{n}")).await.comment;
        server.reply(top.id, &format!("a{n}")).await;
    }
    let first = server.list(URI).await;
    assert_eq!(texts(&first.comments), ["k1", "a1", "k2", "a2", "k3", "a3"]);
    assert_eq!(first.total, 14);
    assert_eq!(first.limits.page_size, 3, "the page size is served");

    // Posted after the first page was read: must neither repeat k3 nor push k4 away.
    server.top("k8 neu").await;
    let cursor = first.next_cursor.expect("more pages");
    let second = server
        .list_query(&format!("uri={URI}&cursor={cursor}"))
        .await;
    assert_eq!(
        texts(&second.comments),
        ["k4", "a4", "k5", "a5", "k6", "a6"]
    );
    let cursor = second.next_cursor.expect("a third page");
    let third = server
        .list_query(&format!("uri={URI}&cursor={cursor}"))
        .await;
    assert_eq!(texts(&third.comments), ["k7", "a7", "k8 neu"]);
    assert_eq!(third.next_cursor, None, "last page");
}

#[tokio::test]
async fn sorts_oldest_newest_and_best() {
    let server = test_server(|_| {}).await;
    let a = server.top("a").await.comment;
    let b = server.top("b").await.comment;
    let c = server.top("c").await.comment;
    server.reply(a.id, "a-antwort").await;
    server.vote(b.id, VOTER_A, 1).await;
    server.vote(b.id, VOTER_B, 1).await;
    server.vote(c.id, VOTER_A, 1).await;
    server.vote(a.id, VOTER_B, -1).await;

    let newest = server.list_query(&format!("uri={URI}&sort=newest")).await;
    assert_eq!(texts(&newest.comments), ["c", "b", "a", "a-antwort"]);
    let best = server.list_query(&format!("uri={URI}&sort=best")).await;
    assert_eq!(texts(&best.comments), ["b", "c", "a", "a-antwort"]);
    let scores: Vec<i64> = best.comments.iter().map(|c| c.score).collect();
    assert_eq!(scores, [2, 1, -1, 0]);

    let best_paged = server
        .list_query(&format!("uri={URI}&sort=best&limit=1"))
        .await;
    let cursor = best_paged.next_cursor.unwrap();
    let next = server
        .list_query(&format!("uri={URI}&sort=best&limit=1&cursor={cursor}"))
        .await;
    assert_eq!(texts(&next.comments), ["c"]);
}

#[tokio::test]
async fn bad_sort_cursor_or_limit_is_a_clear_400() {
    let server = test_server(|_| {}).await;
    for (query, field) in [
        ("sort=random", "sort"),
        ("cursor=xyz", "cursor"),
        ("sort=newest&cursor=o5", "cursor"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=-3", "limit"),
        ("around=abc", "around"),
    ] {
        let request = Request::get(format!("/api/v1/comments?uri={URI}&{query}"))
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = server.send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(
            error_of(body),
            (ErrorCode::InvalidQuery, Some(field.into())),
            "{query}"
        );
    }
}

#[tokio::test]
async fn a_permalink_stretches_the_first_page_to_its_thread() {
    let server = test_server(|config| config.page_size = 2).await;
    let mut ids = Vec::new();
    for n in 1..=7 {
        ids.push(server.top(&format!("k{n}")).await.comment.id);
    }
    let target = server.reply(ids[4], "gesucht").await.comment;
    let page = server
        .list_query(&format!("uri={URI}&around={}", target.id))
        .await;
    assert_eq!(
        texts(&page.comments),
        ["k1", "k2", "k3", "k4", "k5", "gesucht", "k6"],
        "whole pages up to the one with the thread"
    );
    let cursor = page.next_cursor.unwrap();
    let rest = server
        .list_query(&format!("uri={URI}&cursor={cursor}"))
        .await;
    assert_eq!(texts(&rest.comments), ["k7"]);
}

#[tokio::test]
async fn a_retried_post_with_the_same_key_stores_one_comment() {
    let server = test_server(|_| {}).await;
    let body = json!({"uri": URI, "text": "einmal", "idempotency_key": "key-0123456789abcdef"});
    let (status, first) = server.post(body.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = server.post(body).await;
    assert_eq!(status, StatusCode::OK, "a repeat is answered, not stored");
    assert_eq!(first, again, "same comment, same edit token");
    assert_eq!(server.stored().await, 1);

    let (status, body) = server
        .post(
            json!({"uri": URI, "text": "anderer Text", "idempotency_key": "key-0123456789abcdef"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reused key for other text"
    );
    assert_eq!(error_of(body).0, ErrorCode::InvalidKey);
    assert_eq!(server.stored().await, 1);
}

#[tokio::test]
async fn the_author_edits_and_deletes_with_the_token_others_cannot() {
    let server = test_server(|_| {}).await;
    let created = server
        .create(json!({"uri": URI, "text": "Tippfehlr", "email": "e@example.org"}))
        .await;
    assert_eq!(created.edit_token.len(), 64);
    let path = format!("/api/v1/comments/{}", created.comment.id);

    let (status, body) = server
        .call(
            Method::PUT,
            &path,
            json!({"text": "x", "edit_token": "f".repeat(64)}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(body).0, ErrorCode::WrongEditToken);

    let (status, body) = server
        .call(
            Method::PUT,
            &path,
            json!({"text": "  ", "edit_token": created.edit_token}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "edits follow the text rules"
    );
    assert_eq!(error_of(body), (ErrorCode::EmptyText, Some("text".into())));

    let (status, body) = server
        .call(
            Method::PUT,
            &path,
            json!({"text": "Tippfehler", "edit_token": created.edit_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let edited: Comment = serde_json::from_value(body).unwrap();
    assert_eq!(edited.text, "Tippfehler");
    assert!(edited.edited_at.is_some());
    assert_eq!(texts(&server.list(URI).await.comments), ["Tippfehler"]);

    let (status, _) = server
        .call(Method::DELETE, &path, json!({"edit_token": "0".repeat(64)}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server
        .call(
            Method::DELETE,
            &path,
            json!({"edit_token": created.edit_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["placeholder"], false);
    let page = server.list(URI).await;
    assert!(page.comments.is_empty() && page.total == 0);
    assert_eq!(server.stored().await, 0, "gone entirely, e-mail included");

    let (status, body) = server
        .call(
            Method::PUT,
            &path,
            json!({"text": "x", "edit_token": created.edit_token}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(body).0, ErrorCode::CommentNotFound);
}

#[tokio::test]
async fn a_deleted_comment_with_replies_stays_as_a_placeholder() {
    let server = test_server(|_| {}).await;
    let parent = server
        .create(json!({"uri": URI, "text": "Eltern", "author": "Erika", "website": "https://erika.example", "email": "e@example.org"}))
        .await;
    server.reply(parent.comment.id, "Antwort").await;
    server.vote(parent.comment.id, VOTER_A, 1).await;
    let (status, body) = server
        .call(
            Method::DELETE,
            &format!("/api/v1/comments/{}", parent.comment.id),
            json!({"edit_token": parent.edit_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["placeholder"], true);

    let page = server.list(URI).await;
    assert_eq!(page.total, 1, "the placeholder is not counted");
    let placeholder = &page.comments[0];
    assert_eq!(placeholder.status, CommentStatus::Deleted);
    assert_eq!(
        (placeholder.author.as_str(), placeholder.text.as_str()),
        ("", "")
    );
    assert_eq!(
        (placeholder.website.as_deref(), placeholder.score),
        (None, 0)
    );
    assert_eq!(page.comments[1].text, "Antwort", "the thread holds");
    assert_eq!(
        server
            .state
            .store
            .private_email_of(parent.comment.id)
            .await
            .unwrap(),
        None,
        "the e-mail is gone"
    );
    let (status, body) = server
        .post(json!({"uri": URI, "text": "x", "parent_id": parent.comment.id}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no replies to a deleted comment"
    );
    assert_eq!(error_of(body).0, ErrorCode::InvalidParent);
}

#[tokio::test]
async fn after_the_edit_window_the_author_gets_a_clear_403() {
    let server = test_server(|config| config.edit_window_secs = 0).await;
    let created = server.top("zu spät").await;
    let path = format!("/api/v1/comments/{}", created.comment.id);
    for (method, body) in [
        (
            Method::PUT,
            json!({"text": "neu", "edit_token": created.edit_token}),
        ),
        (Method::DELETE, json!({"edit_token": created.edit_token})),
    ] {
        let (status, body) = server.call(method, &path, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let err: readerbox_api::ApiError = serde_json::from_value(body).unwrap();
        assert_eq!(err.error.code, ErrorCode::EditWindowClosed);
        assert!(
            err.error.message.contains("abgelaufen"),
            "{}",
            err.error.message
        );
    }
    assert_eq!(texts(&server.list(URI).await.comments), ["zu spät"]);
}

#[tokio::test]
async fn one_vote_per_voter_which_can_change_or_be_taken_back() {
    let server = test_server(|_| {}).await;
    let id = server.top("bewerte mich").await.comment.id;
    let score = |body: Value| body["score"].as_i64().unwrap();
    assert_eq!(score(server.vote(id, VOTER_A, 1).await.1), 1);
    assert_eq!(
        score(server.vote(id, VOTER_A, 1).await.1),
        1,
        "no second up vote"
    );
    assert_eq!(score(server.vote(id, VOTER_B, 1).await.1), 2);
    assert_eq!(
        score(server.vote(id, VOTER_A, -1).await.1),
        0,
        "changed to down"
    );
    assert_eq!(score(server.vote(id, VOTER_A, 0).await.1), 1, "taken back");
    assert_eq!(server.list(URI).await.comments[0].score, 1);

    for (value, voter, code, status) in [
        (
            2,
            VOTER_A,
            ErrorCode::InvalidVote,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            1,
            "kurz",
            ErrorCode::InvalidKey,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (got, body) = server.vote(id, voter, value).await;
        assert_eq!(got, status);
        assert_eq!(error_of(body).0, code);
    }
    let (status, body) = server.vote(987_654, VOTER_A, 1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(body).0, ErrorCode::CommentNotFound);
}

#[tokio::test]
async fn with_moderation_new_comments_wait_unseen_and_uncounted() {
    let server =
        test_server(|config| config.moderation = readerbox_server::config::ModerationMode::All)
            .await;
    let created = server.top("Bitte freischalten").await;
    assert_eq!(created.comment.status, CommentStatus::Pending);
    let page = server.list(URI).await;
    assert!(page.comments.is_empty() && page.total == 0);
    let request = Request::get(format!("/api/v1/counts?uri={URI}"))
        .body(Body::empty())
        .unwrap();
    let (_, _, counts) = server.send(request).await;
    assert_eq!(counts["counts"][URI], 0);
    let (status, body) = server
        .post(json!({"uri": URI, "text": "x", "parent_id": created.comment.id}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no replies to the unseen"
    );
    assert_eq!(error_of(body).0, ErrorCode::InvalidParent);
}

#[tokio::test]
async fn avatars_are_opaque_per_author_and_websites_are_shown() {
    let server = test_server(|_| {}).await;
    let a1 = server
        .create(json!({"uri": URI, "text": "1", "author": "Erika", "email": "erika@example.org", "website": "https://erika.example/"}))
        .await
        .comment;
    let a2 = server
        .create(
            json!({"uri": URI, "text": "2", "author": "Erika M.", "email": "ERIKA@example.org"}),
        )
        .await
        .comment;
    let b = server
        .create(json!({"uri": URI, "text": "3", "author": "Max"}))
        .await
        .comment;
    assert_eq!(a1.avatar.len(), 16);
    assert!(a1.avatar.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(a1.avatar, a2.avatar, "same e-mail, same picture");
    assert_ne!(a1.avatar, b.avatar);
    assert_eq!(a1.website.as_deref(), Some("https://erika.example/"));
    let raw = serde_json::to_string(&server.list(URI).await).unwrap();
    assert!(!raw.to_lowercase().contains("erika@"), "{raw}");

    let (status, body) = server
        .post(json!({"uri": URI, "text": "x", "website": "javascript:alert(1)"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(body),
        (ErrorCode::InvalidWebsite, Some("website".into()))
    );
}

#[tokio::test]
async fn the_configured_limits_are_served_with_every_page() {
    let server = test_server(|config| {
        config.max_text_chars = 321;
        config.page_size = 7;
        config.edit_window_secs = 600;
        config.max_depth = 4;
    })
    .await;
    let limits = server.list(URI).await.limits;
    assert_eq!(
        limits,
        Limits {
            text_max_chars: 321,
            page_size: 7,
            edit_window_secs: 600,
            max_depth: 4,
            ..Limits::default()
        }
    );
    let (status, body) = server
        .post(json!({"uri": URI, "text": "x".repeat(322)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(body),
        (ErrorCode::TextTooLong, Some("text".into()))
    );
}
