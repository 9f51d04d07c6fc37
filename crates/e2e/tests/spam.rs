//! The spam defence as readers meet it (they don't), and the editors' switches as readers
//! see them: the widget solves the real proof of work and waits out the minimum time on
//! its own; closed articles and first-time moderation show in the comment area.

use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};
use readerbox_server::config::ModerationMode;
use serde_json::json;
use std::time::Instant;

const TEXT: &str = ".comments-host >> .readerbox-form-main textarea[name=text]";
const SEND: &str = ".comments-host >> .readerbox-form-main button[type=submit]";
const TOKEN: &str = "redaktion-0123456789";

#[tokio::test(flavor = "multi_thread")]
async fn with_production_settings_a_reader_posts_without_noticing_the_defence() {
    // 16 bits of proof of work and three seconds between showing the form and sending.
    let server = Server::start_with(|config| {
        config.pow_bits = 16;
        config.min_send_ms = 3_000;
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .type_into(TEXT, "Ein ganz normaler Kommentar.")
        .await;
    let clicked = Instant::now();
    browser.click(SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    eprintln!(
        "posted with 16-bit proof of work and a 3 s minimum in {:?} after the click",
        clicked.elapsed()
    );
    assert_eq!(server.stored_comments().await, 1);

    // A bot that skips the widget is refused.
    let response = reqwest::Client::new()
        .post(server.url("/api/v1/comments"))
        .json(&json!({"uri": DEMO_ARTICLE_URI, "text": "Bot"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(server.stored_comments().await, 1);

    // The hidden field is out of reach for people: off screen, out of the tab order.
    let honeypot = browser
        .script(
            "const input = document.querySelector('.comments-host').shadowRoot.querySelector('.readerbox-form-main input[name=homepage]');
             const box = input.getBoundingClientRect();
             return [input.tabIndex, box.right < 0, input.closest('[aria-hidden=true]') !== null];",
        )
        .await;
    assert_eq!(honeypot, json!([-1, true, true]));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_article_shows_its_comments_but_no_form() {
    let server = Server::start_with(|config| config.admin_token = Some(TOKEN.into())).await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Erika", "Noch offen")
        .await;
    reqwest::Client::new()
        .put(server.url("/api/v1/admin/threads"))
        .bearer_auth(TOKEN)
        .json(&json!({"uri": DEMO_ARTICLE_URI, "closed": true}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-closed",
            "Die Kommentare zu diesem Artikel sind geschlossen.",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(browser.count(".comments-host >> form").await, 0, "no form");
    assert_eq!(
        browser.count(".comments-host >> .readerbox-reply").await,
        0,
        "no replies"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_time_commenters_see_their_comment_waiting_returning_ones_do_not() {
    let server = Server::start_with(|config| {
        config.moderation = ModerationMode::FirstTime;
        config.admin_token = Some(TOKEN.into());
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=email]",
            "neu@example.org",
        )
        .await;
    browser.type_into(TEXT, "Mein erster Kommentar").await;
    browser.click(SEND).await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-badge",
            "wartet auf Freischaltung",
        )
        .await;

    // The editors approve it; the next comment from the same address appears at once.
    let queue: serde_json::Value = reqwest::Client::new()
        .get(server.url("/api/v1/admin/comments?status=pending"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = queue[0]["id"].as_i64().unwrap();
    reqwest::Client::new()
        .post(server.url("/api/v1/admin/comments/moderate"))
        .bearer_auth(TOKEN)
        .json(&json!({"ids": [id], "action": "approve"}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    browser.reload().await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=email]",
            "neu@example.org",
        )
        .await;
    browser.type_into(TEXT, "Mein zweiter Kommentar").await;
    browser.click(SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "2 Kommentare")
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_with_an_email_can_ask_for_reply_mails() {
    // Mail goes nowhere here (the server tests talk to a real SMTP sink); what matters is
    // that the widget offers the choice and the server records the wish, unconfirmed.
    let server =
        Server::start_with(|config| config.smtp_url = Some("smtp://127.0.0.1:9".into())).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser.element(TEXT).await;
    assert_eq!(
        browser
            .count(".comments-host >> .readerbox-form-main input[name=notify_replies]")
            .await,
        0,
        "not without an e-mail address"
    );
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=email]",
            "erika@example.org",
        )
        .await;
    browser
        .click(".comments-host >> .readerbox-form-main input[name=notify_replies]")
        .await;
    browser.type_into(TEXT, "Sagen Sie mir Bescheid.").await;
    browser.click(SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    let id = browser
        .script("return Number(document.querySelector('.comments-host').shadowRoot.querySelector('.readerbox-comments > li').dataset.id);")
        .await
        .as_i64()
        .unwrap();
    assert_eq!(
        server.state.store.subscriptions(id).await.unwrap(),
        [("erika@example.org".to_owned(), false)]
    );
    browser.close().await;
}
