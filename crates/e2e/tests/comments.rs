//! The demo article page in Chromium, against the real server and the release widget:
//! what a reader sees and does in the comment area.

use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};

const TEXTAREA: &str = ".comments-host >> textarea[name=text]";
const NAME: &str = ".comments-host >> input[name=author]";
const SEND: &str = ".comments-host >> button[type=submit]";

/// A fresh server and browser, with the demo page open and its empty thread loaded.
async fn open_demo_page_with_empty_thread() -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .wait_text(".comments-host >> .readerbox-empty", "Keine Kommentare.")
        .await;
    (server, browser)
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_page_shows_an_empty_thread_inside_its_host() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;

    browser
        .wait_text(
            ".comments-host >> section.readerbox .readerbox-empty",
            "Keine Kommentare.",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "Kommentare")
        .await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-form-heading",
            "Kommentar schreiben",
        )
        .await;
    assert_eq!(
        browser.count("body > section.readerbox").await,
        0,
        "mounted into its host, not body"
    );
    let fallback_rendered = browser
        .script("return document.querySelector('.comments-host > p').getClientRects().length;")
        .await;
    assert_eq!(
        fallback_rendered, 0,
        "the host's fallback text is no longer rendered"
    );
    assert_eq!(
        browser
            .attribute(".comments-host", "data-readerbox-state")
            .await
            .as_deref(),
        Some("mounted")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn posted_comment_appears_without_reload_and_survives_one() {
    let (server, browser) = open_demo_page_with_empty_thread().await;
    browser.script("window.__sameDocument = true;").await;

    browser.type_into(NAME, "Erika Muster").await;
    browser
        .type_into(
            TEXTAREA,
            "Endlich! Die Radwege sind überfällig.\nZweite Zeile.",
        )
        .await;
    browser.click(SEND).await;

    browser
        .wait_text(
            ".comments-host >> .readerbox-comment .readerbox-author",
            "Erika Muster",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(
        browser
            .element(".comments-host >> .readerbox-comment .readerbox-text")
            .await
            .text()
            .await
            .unwrap(),
        "Endlich! Die Radwege sind überfällig.\nZweite Zeile."
    );
    assert_eq!(browser.count(".comments-host >> .readerbox-empty").await, 0);
    assert_eq!(
        browser
            .script("return window.__sameDocument === true;")
            .await,
        true,
        "no page reload"
    );
    assert_eq!(
        browser.value(TEXTAREA).await,
        "",
        "text cleared after the server confirmed"
    );
    assert_eq!(
        browser.value(NAME).await,
        "Erika Muster",
        "name kept for the next comment"
    );
    browser
        .wait_text(
            ".comments-host >> .readerbox-notice",
            "Ihr Kommentar wurde veröffentlicht.",
        )
        .await;

    let list = server.texts_of(DEMO_ARTICLE_URI).await;
    assert_eq!(list.len(), 1, "stored under the page's canonical URI");

    browser.reload().await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-comment .readerbox-author",
            "Erika Muster",
        )
        .await;
    let own_badge = format!("aside [data-readerbox-count][data-uri='{DEMO_ARTICLE_URI}']");
    browser.wait_text(&own_badge, "1 Kommentar").await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(
        browser.value(TEXTAREA).await,
        "",
        "a confirmed comment is not restored as a draft"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_comment_shows_the_error_beside_the_field_and_stores_nothing() {
    let (server, browser) = open_demo_page_with_empty_thread().await;

    browser.type_into(NAME, "Max").await;
    browser.type_into(TEXTAREA, "   ").await;
    browser.click(SEND).await;

    let error = browser
        .text_when(".comments-host >> .readerbox-field-error", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(error, "Bitte schreiben Sie einen Kommentar.");
    assert_eq!(
        browser.attribute(TEXTAREA, "aria-invalid").await.as_deref(),
        Some("true")
    );
    let described_by = browser
        .attribute(TEXTAREA, "aria-describedby")
        .await
        .expect("textarea points at its error");
    let error_id = browser
        .attribute(".comments-host >> .readerbox-field-error", "id")
        .await
        .unwrap();
    assert_eq!(
        described_by.split_whitespace().next(),
        Some(error_id.as_str()),
        "the error is read first, then the character count and hint"
    );
    let focused = browser
        .script("return document.activeElement.shadowRoot.activeElement.name;")
        .await;
    assert_eq!(focused, "text", "focus moves to the field at fault");
    assert_eq!(browser.value(TEXTAREA).await, "   ", "what was typed stays");
    assert_eq!(server.stored_comments().await, 0);

    // Typing clears the error; a real comment then goes through.
    browser.type_into(TEXTAREA, "Doch noch etwas.").await;
    assert_eq!(
        browser
            .count(".comments-host >> .readerbox-field-error")
            .await,
        0
    );
    browser.click(SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(server.stored_comments().await, 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_down_keeps_the_text_and_a_retry_stores_it_once() {
    let (mut server, browser) = open_demo_page_with_empty_thread().await;

    server.pause().await;
    browser.type_into(TEXTAREA, "Geht das trotzdem?").await;
    browser.click(SEND).await;
    let message = browser
        .text_when(".comments-host >> .readerbox-form-error", |t| !t.is_empty())
        .await;
    assert!(
        message.starts_with("Keine Verbindung zum Server."),
        "{message}"
    );
    assert_eq!(browser.value(TEXTAREA).await, "Geht das trotzdem?");

    // Back up and reloaded (the page itself comes from the same server): the draft
    // is restored from localStorage and the retry stores the comment once.
    server.resume().await;
    browser.reload().await;
    browser
        .wait_text(".comments-host >> .readerbox-empty", "Keine Kommentare.")
        .await;
    assert_eq!(
        browser.value(TEXTAREA).await,
        "Geht das trotzdem?",
        "draft restored after reload"
    );

    browser.click(SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(server.stored_comments().await, 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn double_click_on_send_stores_one_comment() {
    let (server, browser) = open_demo_page_with_empty_thread().await;
    browser.type_into(TEXTAREA, "Nur einmal, bitte.").await;

    browser
        .script(
            "const b = document.querySelector('.comments-host').shadowRoot.querySelector('button[type=submit]');
             b.click(); b.click(); b.click();",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    // Let any second request that was (wrongly) sent arrive before counting.
    browser
        .wait_text(
            ".comments-host >> .readerbox-notice",
            "Ihr Kommentar wurde veröffentlicht.",
        )
        .await;
    assert_eq!(server.stored_comments().await, 1);
    assert_eq!(
        browser.count(".comments-host >> .readerbox-comment").await,
        1
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_comments_is_shown_as_text_and_never_runs() {
    let server = Server::start().await;
    server
        .post_comment(
            DEMO_ARTICLE_URI,
            "<b>Fett</b>",
            "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>",
        )
        .await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;

    let text = browser
        .text_when(
            ".comments-host >> .readerbox-comment .readerbox-text",
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(
        text,
        "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>"
    );
    browser
        .wait_text(
            ".comments-host >> .readerbox-comment .readerbox-author",
            "<b>Fett</b>",
        )
        .await;
    assert_eq!(browser.count(".comments-host >> img, script, b").await, 0);
    assert_eq!(
        browser.script("return window.__xss === undefined;").await,
        true
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn comments_of_other_articles_do_not_show() {
    let server = Server::start().await;
    server
        .post_comment("/ein/anderer/artikel.html", "Jemand", "Anderswo")
        .await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Hier", "Zu diesem Artikel")
        .await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Auch hier", "Noch einer")
        .await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;

    browser
        .wait_text(".comments-host >> .readerbox-heading", "2 Kommentare")
        .await;
    assert_eq!(
        browser.count(".comments-host >> .readerbox-comment").await,
        2
    );
    let authors = browser
        .script(
            "return [...document.querySelector('.comments-host').shadowRoot.querySelectorAll('.readerbox-author')].map(e => e.textContent);",
        )
        .await;
    assert_eq!(
        authors,
        serde_json::json!(["Hier", "Auch hier"]),
        "oldest first"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn while_sending_the_button_shows_progress_and_cannot_send_again() {
    let (server, browser) = open_demo_page_with_empty_thread().await;
    // Hold every request of the page until the test releases it: a slow network,
    // in front of the real server.
    browser
        .script(
            "const realFetch = window.fetch;
             let release; const released = new Promise(r => release = r);
             window.__releaseRequests = release;
             window.fetch = (...args) => released.then(() => realFetch(...args));",
        )
        .await;
    browser.type_into(TEXTAREA, "Langsames Netz.").await;
    browser.click(SEND).await;

    browser.wait_text(SEND, "Wird gesendet …").await;
    assert_eq!(
        browser.attribute(SEND, "aria-busy").await.as_deref(),
        Some("true")
    );
    let disabled = browser
        .script("return document.querySelector('.comments-host').shadowRoot.querySelector('button[type=submit]').disabled;")
        .await;
    assert_eq!(
        disabled, true,
        "no second send while the first is under way"
    );
    browser
        .script("document.querySelector('.comments-host').shadowRoot.querySelector('form').requestSubmit();")
        .await;

    browser.script("window.__releaseRequests();").await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    browser.wait_text(SEND, "Senden").await;
    assert_eq!(server.stored_comments().await, 1);
    browser.close().await;
}
