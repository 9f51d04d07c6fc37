//! The complete comment area in Chromium against the real server: threads, "mehr",
//! sorting, Markdown with preview, the author's edits and deletes, votes, moderation,
//! lost answers, drafts of replies and remembered details. Each test asserts what a
//! reader sees and what the server stored.

use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};
use serde_json::{json, Value};

const HOST: &str = ".comments-host";
const MAIN_TEXT: &str = ".comments-host >> .readerbox-form-main textarea[name=text]";
const MAIN_SEND: &str = ".comments-host >> .readerbox-form-main button[type=submit]";

/// Runs `body` (JavaScript using `root`, the comment area's shadow root) in the page;
/// `null` while the widget is not mounted.
async fn in_widget(browser: &Browser, body: &str) -> Value {
    browser
        .script(&format!(
            "const root = document.querySelector('{HOST}')?.shadowRoot; if (!root) return null; {body}"
        ))
        .await
}

async fn wait_count(browser: &Browser, selector: &str, expected: usize) {
    browser
        .eventually(&format!("{expected} × {selector}"), || async {
            (browser.count(selector).await == expected).then_some(())
        })
        .await;
}

/// Top-level comment texts in display order.
async fn top_texts(browser: &Browser) -> Vec<String> {
    let texts = in_widget(
        browser,
        "return [...root.querySelectorAll('.readerbox-comments > li > article .readerbox-text')].map(e => e.textContent);",
    )
    .await;
    serde_json::from_value(texts).unwrap_or_default()
}

async fn open_demo(server: &Server) -> Browser {
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .element(".comments-host >> .readerbox-form-main")
        .await;
    browser
}

async fn write_and_send(browser: &Browser, text: &str) {
    browser.type_into(MAIN_TEXT, text).await;
    browser.click(MAIN_SEND).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_nest_three_levels_deep_then_continue_with_at_name() {
    let server = Server::start().await;
    let top = server
        .post_comment(DEMO_ARTICLE_URI, "Anna", "Ebene eins")
        .await;
    let second = server
        .post_json(json!({"uri": DEMO_ARTICLE_URI, "author": "Ben", "text": "Ebene zwei", "parent_id": top}))
        .await;
    let third = server
        .post_json(json!({"uri": DEMO_ARTICLE_URI, "author": "Cem", "text": "Ebene drei", "parent_id": second}))
        .await;
    let browser = open_demo(&server).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "3 Kommentare")
        .await;

    // Answer the third level from the widget: shown at level three, "@Cem" first.
    browser
        .click(&format!(
            ".comments-host >> #comment-{third} .readerbox-reply"
        ))
        .await;
    let reply_text = format!(".comments-host >> #comment-{third} .readerbox-form-reply textarea");
    let focused = in_widget(
        &browser,
        "return root.activeElement && root.activeElement.name;",
    )
    .await;
    assert_eq!(
        focused, "text",
        "the reply form opens with the cursor in it"
    );
    browser.type_into(&reply_text, "Ebene vier").await;
    browser
        .click(&format!(
            ".comments-host >> #comment-{third} .readerbox-form-reply button[type=submit]"
        ))
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "4 Kommentare")
        .await;
    let answer = browser
        .text_when(".comments-host >> .readerbox-answers", |t| !t.is_empty())
        .await;
    assert_eq!(
        answer.split_whitespace().last(),
        Some("@Cem"),
        "'Antwort auf' before it is for screen readers only: {answer:?}"
    );
    let levels = in_widget(
        &browser,
        "return [...root.querySelectorAll('li.readerbox-comment')].map(li => {
            let level = 0, node = li.parentElement;
            while (node) { if (node.classList.contains('readerbox-replies')) level++; node = node.parentElement; }
            return [li.querySelector('.readerbox-text').textContent, level];
         });",
    )
    .await;
    assert_eq!(
        levels,
        json!([
            ["Ebene eins", 0],
            ["Ebene zwei", 1],
            ["Ebene drei", 2],
            ["Ebene vier", 2]
        ])
    );
    assert_eq!(
        server.texts_of(DEMO_ARTICLE_URI).await,
        ["Ebene eins", "Ebene zwei", "Ebene drei", "Ebene vier"]
    );

    // The thread collapses and expands.
    let toggle = ".comments-host >> li.readerbox-comment > .readerbox-replies-toggle";
    browser.wait_text(toggle, "Antworten ausblenden (3)").await;
    browser.click(toggle).await;
    browser.wait_text(toggle, "Antworten anzeigen (3)").await;
    assert_eq!(
        browser.attribute(toggle, "aria-expanded").await.as_deref(),
        Some("false")
    );
    let visible = in_widget(
        &browser,
        "return root.querySelector('.readerbox-replies').checkVisibility();",
    )
    .await;
    assert_eq!(visible, false);
    browser.click(toggle).await;
    browser.wait_text(toggle, "Antworten ausblenden (3)").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn mehr_loads_the_next_page_and_a_comment_posted_meanwhile_neither_repeats_nor_hides() {
    let server = Server::start_with(|config| config.page_size = 3).await;
    for n in 1..=7 {
        server
            .post_comment(DEMO_ARTICLE_URI, "Leser", &format!("Nummer {n}"))
            .await;
    }
    let browser = open_demo(&server).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "7 Kommentare")
        .await;
    assert_eq!(
        top_texts(&browser).await,
        ["Nummer 1", "Nummer 2", "Nummer 3"]
    );

    server
        .post_comment(DEMO_ARTICLE_URI, "Später", "Nummer 8")
        .await;
    let more = ".comments-host >> .readerbox-more-button";
    browser.wait_text(more, "mehr").await;
    browser.click(more).await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 6).await;
    assert_eq!(
        top_texts(&browser).await,
        ["Nummer 1", "Nummer 2", "Nummer 3", "Nummer 4", "Nummer 5", "Nummer 6"]
    );
    browser
        .wait_text(".comments-host >> .readerbox-heading", "8 Kommentare")
        .await;
    browser.click(more).await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 8).await;
    assert_eq!(top_texts(&browser).await.last().unwrap(), "Nummer 8");
    wait_count(&browser, more, 0).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permalink_beyond_the_first_page_loads_its_page() {
    let server = Server::start_with(|config| config.page_size = 2).await;
    let mut last = 0;
    for n in 1..=6 {
        last = server
            .post_comment(DEMO_ARTICLE_URI, "Leser", &format!("Nummer {n}"))
            .await;
    }
    let browser = Browser::start().await;
    browser
        .goto(&server.url(&format!("/#comment-{last}")))
        .await;
    browser
        .element(&format!(
            ".comments-host >> li.readerbox-highlight #comment-{last}"
        ))
        .await;
    assert_eq!(top_texts(&browser).await.len(), 6);
    browser.close().await;
}

/// 45 threads "**Nummer n** mit [Quelle](…)" by "Leser n", one page (60), and a reply
/// "Darauf _dies_" by "Antwort" under the 40th: threads 21 to 45 start in outline.
async fn store_far_threads(server: &Server) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 1..=45 {
        let text = format!("**Nummer {n}** mit [Quelle](https://example.org/{n})");
        ids.push(
            server
                .store_comment(DEMO_ARTICLE_URI, &format!("Leser {n}"), &text, None)
                .await,
        );
    }
    server
        .store_comment(DEMO_ARTICLE_URI, "Antwort", "Darauf _dies_", Some(ids[39]))
        .await;
    ids
}

/// Waits until thread `id` of [`store_far_threads`] (number `n`) shows its author and
/// its formatted text.
async fn wait_whole(browser: &Browser, id: i64, n: usize) {
    let at = |css: &str| format!(".comments-host >> #comment-{id} {css}");
    browser
        .wait_text(&at("> header .readerbox-author"), &format!("Leser {n}"))
        .await;
    browser
        .wait_text(&at("> .readerbox-text strong"), &format!("Nummer {n}"))
        .await;
}

/// Waits until the reply of [`store_far_threads`] under thread `far` is whole.
async fn wait_reply_whole(browser: &Browser, far: i64) {
    let reply = format!(".comments-host >> li[data-id='{far}'] > .readerbox-replies li");
    browser
        .wait_text(&format!("{reply} header .readerbox-author"), "Antwort")
        .await;
    browser
        .wait_text(&format!("{reply} .readerbox-text em"), "dies")
        .await;
}

/// Threads below the first screenful are built in outline first (their texts only) and
/// completed when they come near or the browser is idle: a reader who gets there finds
/// every comment whole: author, formatted text, votes, "Antworten" and its replies'
/// toggle; and a permalink to one of them shows it whole at once.
#[tokio::test(flavor = "multi_thread")]
async fn threads_far_down_the_page_come_whole() {
    let server = Server::start_with(|config| config.page_size = 60).await;
    let ids = store_far_threads(&server).await;
    let far = ids[39];
    let browser = open_demo(&server).await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 45).await;
    browser
        .eventually("no comment left in outline", || async {
            (browser.count(".comments-host >> .readerbox-outline").await == 0).then_some(())
        })
        .await;

    let at = |css: &str| format!(".comments-host >> #comment-{far} {css}");
    wait_whole(&browser, far, 40).await;
    assert_eq!(
        browser
            .attribute(&at("> .readerbox-text a"), "href")
            .await
            .as_deref(),
        Some("https://example.org/40")
    );
    browser
        .wait_text(&at("> .readerbox-actions .readerbox-reply"), "Antworten")
        .await;
    assert_eq!(
        browser
            .count(&at("> .readerbox-actions .readerbox-vote"))
            .await,
        2
    );
    browser
        .wait_text(
            &format!(".comments-host >> li[data-id='{far}'] > .readerbox-replies-toggle"),
            "Antworten ausblenden (1)",
        )
        .await;
    wait_reply_whole(&browser, far).await;
    browser
        .click(&at("> .readerbox-actions .readerbox-reply"))
        .await;
    browser
        .element(&at("> .readerbox-reply-slot textarea[name=text]"))
        .await;

    // A permalink to the last thread: whole as soon as it is highlighted.
    let last = ids[44];
    browser
        .goto(&server.url(&format!("/#comment-{last}")))
        .await;
    browser
        .wait_text(
            &format!(".comments-host >> li.readerbox-highlight > #comment-{last} > header .readerbox-author"),
            "Leser 45",
        )
        .await;
    browser.close().await;
}

/// In a browser that never has idle time (a busy page, a slow phone), a thread in
/// outline is completed when it comes near the viewport, and every one before the page
/// is printed ("Druckversion" and the browser's menu both fire `beforeprint`).
#[tokio::test(flavor = "multi_thread")]
async fn outlines_complete_when_they_come_near_and_before_printing() {
    let server = Server::start_with(|config| config.page_size = 60).await;
    let ids = store_far_threads(&server).await;
    let (first, far, last) = (ids[20], ids[39], ids[44]);
    let browser = Browser::start().await;
    // Idle callbacks never run on this page: only coming near or printing completes.
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.requestIdleCallback = () => 0;"}),
        )
        .await;
    browser.goto(&server.url("/")).await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 45).await;
    let in_outline = |id: i64| {
        let browser = &browser;
        async move {
            in_widget(
                browser,
                &format!("return root.querySelector('#comment-{id}')?.classList.contains('readerbox-outline') ?? null;"),
            )
            .await
        }
    };
    for (id, n) in [(first, 21), (far, 40), (last, 45)] {
        assert_eq!(
            in_outline(id).await,
            json!(true),
            "thread {n} starts in outline"
        );
    }

    // Scrolled to, the 21st thread comes whole; the 45th, three screens further, not yet.
    in_widget(
        &browser,
        &format!("root.querySelector(\"li[data-id='{first}']\").scrollIntoView({{block: 'center'}}); return true;"),
    )
    .await;
    let at = |id: i64, css: &str| format!(".comments-host >> #comment-{id} {css}");
    wait_whole(&browser, first, 21).await;
    browser
        .wait_text(
            &at(first, "> .readerbox-actions .readerbox-reply"),
            "Antworten",
        )
        .await;
    assert_eq!(
        in_outline(last).await,
        json!(true),
        "a thread far from the view stays in outline without idle time"
    );

    // Printing: nothing is left in outline by the time the page is laid out for print.
    let left = in_widget(
        &browser,
        "window.dispatchEvent(new Event('beforeprint')); return root.querySelectorAll('.readerbox-outline').length;",
    )
    .await;
    assert_eq!(left, json!(0), "comments in outline when printing");
    wait_whole(&browser, last, 45).await;
    wait_whole(&browser, far, 40).await;
    wait_reply_whole(&browser, far).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sorting_applies_at_once_and_is_remembered() {
    let server = Server::start().await;
    let first = server.post_comment(DEMO_ARTICLE_URI, "A", "alt").await;
    let second = server.post_comment(DEMO_ARTICLE_URI, "B", "beliebt").await;
    server.post_comment(DEMO_ARTICLE_URI, "C", "neu").await;
    let client = reqwest::Client::new();
    for (id, voter, value) in [
        (second, "voter-1111111111111111", 1),
        (second, "voter-2222222222222222", 1),
        (first, "voter-1111111111111111", -1),
    ] {
        client
            .post(server.url(&format!("/api/v1/comments/{id}/vote")))
            .json(&json!({"voter": voter, "value": value}))
            .send()
            .await
            .unwrap();
    }
    let browser = open_demo(&server).await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 3).await;
    assert_eq!(top_texts(&browser).await, ["alt", "beliebt", "neu"]);

    browser
        .click(".comments-host >> .readerbox-sort [data-sort=newest]")
        .await;
    browser
        .eventually("newest first", || async {
            (top_texts(&browser).await == ["neu", "beliebt", "alt"]).then_some(())
        })
        .await;
    browser.reload().await;
    browser
        .eventually("the choice holds after a reload", || async {
            (top_texts(&browser).await == ["neu", "beliebt", "alt"]).then_some(())
        })
        .await;
    assert_eq!(
        browser
            .attribute(
                ".comments-host >> .readerbox-sort [data-sort=newest]",
                "aria-pressed"
            )
            .await
            .as_deref(),
        Some("true")
    );
    browser
        .click(".comments-host >> .readerbox-sort [data-sort=best]")
        .await;
    browser
        .eventually("best first", || async {
            (top_texts(&browser).await == ["beliebt", "neu", "alt"]).then_some(())
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markdown_shows_in_the_preview_exactly_as_it_will_be_published() {
    let server = Server::start().await;
    let browser = open_demo(&server).await;
    let source = "Das ist **wichtig** und *schön*.\n\n> Zitat\n\n- [Quelle](https://example.org/a)\n- [böse](javascript:alert(1))\n\n<script>window.pwned=1</script>\n\nUnd `code`.";
    browser.type_into(MAIN_TEXT, source).await;
    let toggle = ".comments-host >> .readerbox-form-main .readerbox-preview-toggle";
    browser.wait_text(toggle, "Vorschau").await;
    browser.click(toggle).await;
    assert_eq!(
        browser.attribute(toggle, "aria-pressed").await.as_deref(),
        Some("true")
    );
    browser
        .element(".comments-host >> .readerbox-form-main .readerbox-preview strong")
        .await;
    let preview = in_widget(&browser, "return root.querySelector('.readerbox-form-main .readerbox-preview .readerbox-text').innerHTML.replace(/<!---->/g, '');").await;
    let preview = preview.as_str().unwrap().to_owned();
    assert!(
        preview.contains("<strong>wichtig</strong>") && preview.contains("<em>schön</em>"),
        "{preview}"
    );
    assert!(
        preview.contains("<blockquote>") && preview.contains("<code>code</code>"),
        "{preview}"
    );
    assert!(
        preview.contains(
            r#"<a href="https://example.org/a" rel="nofollow ugc noopener noreferrer">Quelle</a>"#
        ),
        "{preview}"
    );
    assert!(
        !preview.contains("javascript:") && !preview.contains("<script"),
        "{preview}"
    );
    assert!(
        preview.contains("&lt;script&gt;"),
        "raw HTML shows as text: {preview}"
    );

    browser.click(MAIN_SEND).await;
    browser
        .element(".comments-host >> .readerbox-comments .readerbox-text strong")
        .await;
    let published = in_widget(
        &browser,
        "return root.querySelector('.readerbox-comments .readerbox-text').innerHTML.replace(/<!---->/g, '');",
    )
    .await;
    assert_eq!(
        published.as_str().unwrap(),
        preview,
        "one renderer for both"
    );
    let pwned = browser.script("return window.pwned === undefined;").await;
    assert_eq!(pwned, true, "no script ran");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_author_edits_and_deletes_within_the_window_and_not_after() {
    let server = Server::start_with(|config| config.edit_window_secs = 6).await;
    let browser = open_demo(&server).await;
    write_and_send(&browser, "Mit Tippfehlr").await;
    let edit = ".comments-host >> .readerbox-comments .readerbox-edit";
    browser.wait_text(edit, "Bearbeiten").await;
    let remaining = browser
        .text_when(".comments-host >> .readerbox-remaining", |t| !t.is_empty())
        .await;
    assert!(
        remaining.starts_with("Änderbar noch ") && remaining.ends_with("Sek."),
        "{remaining}"
    );

    browser.click(edit).await;
    let edit_text = ".comments-host >> .readerbox-form-edit textarea";
    assert_eq!(browser.value(edit_text).await, "Mit Tippfehlr");
    browser.element(edit_text).await.clear().await.unwrap();
    browser.type_into(edit_text, "Ohne Tippfehler").await;
    browser
        .click(".comments-host >> .readerbox-form-edit button[type=submit]")
        .await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-comments .readerbox-text",
            "Ohne Tippfehler",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-edited", "bearbeitet")
        .await;
    assert_eq!(server.texts_of(DEMO_ARTICLE_URI).await, ["Ohne Tippfehler"]);

    // The buttons go when the window closes; the server refuses after it too.
    browser
        .eventually("the edit buttons disappear", || async {
            (browser.count(edit).await == 0).then_some(())
        })
        .await;
    let refused = browser
        .script(
            "const own = JSON.parse(localStorage.getItem('readerbox:own'));
             const [id, entry] = Object.entries(own)[0];
             return fetch('/api/v1/comments/' + id, {method: 'PUT', headers: {'Content-Type': 'application/json', 'Accept-Language': 'de'},
                          body: JSON.stringify({text: 'zu spät', edit_token: entry.edit_token})})
               .then(r => r.json().then(b => [r.status, b.error.code, b.error.message]));",
        )
        .await;
    assert_eq!(refused[0], 403);
    assert_eq!(refused[1], "edit_window_closed");
    assert!(
        refused[2]
            .as_str()
            .unwrap()
            .contains("in den ersten 6 Sekunden"),
        "{refused}"
    );
    assert_eq!(server.texts_of(DEMO_ARTICLE_URI).await, ["Ohne Tippfehler"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_comment_goes_or_stays_as_a_placeholder_for_its_replies() {
    let server = Server::start().await;
    let browser = open_demo(&server).await;
    write_and_send(&browser, "Gleich weg").await;
    let delete = ".comments-host >> .readerbox-comments .readerbox-delete";
    browser.wait_text(delete, "Löschen").await;
    browser.click(delete).await;
    browser
        .click(".comments-host >> .readerbox-confirm-delete")
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "Kommentare")
        .await;
    wait_count(&browser, ".comments-host >> .readerbox-comments > li", 0).await;
    assert_eq!(server.stored_comments().await, 0);

    write_and_send(&browser, "Mit Antwort").await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    let own_id = in_widget(
        &browser,
        "return Number(root.querySelector('.readerbox-comments > li').dataset.id);",
    )
    .await
    .as_i64()
    .unwrap();
    server
        .post_json(json!({"uri": DEMO_ARTICLE_URI, "author": "Max", "text": "Ich antworte", "parent_id": own_id}))
        .await;
    browser.reload().await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "2 Kommentare")
        .await;
    browser
        .click(&format!(
            ".comments-host >> #comment-{own_id} .readerbox-delete"
        ))
        .await;
    browser
        .click(".comments-host >> .readerbox-confirm-delete")
        .await;
    browser
        .wait_text(
            &format!(".comments-host >> #comment-{own_id} .readerbox-deleted"),
            "Kommentar gelöscht",
        )
        .await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(
        server.texts_of(DEMO_ARTICLE_URI).await,
        ["", "Ich antworte"],
        "the placeholder keeps the thread together"
    );

    // Deleting from the keyboard's place on "Ja, löschen": focus goes to the comment
    // before, not back to the top of the page.
    write_and_send(&browser, "Noch einer").await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "2 Kommentare")
        .await;
    let last = ".comments-host >> .readerbox-comments > li:last-child";
    browser.click(&format!("{last} .readerbox-delete")).await;
    in_widget(
        &browser,
        "root.querySelector('.readerbox-comments > li:last-child .readerbox-confirm-delete').focus();",
    )
    .await;
    browser
        .click(".comments-host >> .readerbox-confirm-delete")
        .await;
    let expected = format!("comment-{own_id}");
    browser
        .eventually("focus on the comment before", || async {
            let focused = in_widget(
                &browser,
                "return root.activeElement && root.activeElement.id;",
            )
            .await;
            (focused.as_str() == Some(expected.as_str())).then_some(())
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_vote_per_reader_which_changes_or_goes_and_is_remembered() {
    let server = Server::start().await;
    let id = server
        .post_comment(DEMO_ARTICLE_URI, "Erika", "Bewerte mich")
        .await;
    let browser = open_demo(&server).await;
    let up = ".comments-host >> .readerbox-vote-up";
    let down = ".comments-host >> .readerbox-vote-down";
    let score = ".comments-host >> .readerbox-score";
    browser.wait_text(score, "0").await;
    browser.click(up).await;
    browser.wait_text(score, "1").await;
    assert_eq!(
        browser.attribute(up, "aria-pressed").await.as_deref(),
        Some("true")
    );
    browser.click(up).await;
    browser.wait_text(score, "0").await;
    assert_eq!(
        browser.attribute(up, "aria-pressed").await.as_deref(),
        Some("false")
    );
    browser.click(down).await;
    browser.wait_text(score, "-1").await;
    browser.reload().await;
    browser.wait_text(score, "-1").await;
    assert_eq!(
        browser.attribute(down, "aria-pressed").await.as_deref(),
        Some("true")
    );
    browser.click(down).await;
    browser.wait_text(score, "0").await;
    let page = server.comment_page(DEMO_ARTICLE_URI, "").await;
    assert_eq!(page["comments"][0]["id"], id);
    assert_eq!(page["comments"][0]["score"], 0);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_moderation_the_author_sees_the_comment_waiting_and_others_do_not() {
    let server = Server::start_with(|config| {
        config.moderation = readerbox_server::config::ModerationMode::All
    })
    .await;
    let browser = open_demo(&server).await;
    write_and_send(&browser, "Bitte freischalten").await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-notice",
            "Danke! Ihr Kommentar wartet auf Freischaltung.",
        )
        .await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-badge",
            "wartet auf Freischaltung",
        )
        .await;
    browser.reload().await;
    browser
        .wait_text(
            ".comments-host >> .readerbox-badge",
            "wartet auf Freischaltung",
        )
        .await;

    let other = open_demo(&server).await;
    other
        .wait_text(".comments-host >> .readerbox-empty", "Keine Kommentare.")
        .await;
    other.close().await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_a_lost_answer_stores_the_comment_once() {
    let server = Server::start().await;
    let browser = open_demo(&server).await;
    // The first answer to a post is lost on the way back, as on a dropped connection:
    // the server did store the comment, the reader sees a network error.
    browser
        .script(
            "const realFetch = window.fetch; let dropped = false;
             window.fetch = async (request, init) => {
               const response = await realFetch(request, init);
               if (!dropped && request.method === 'POST' && request.url.endsWith('/api/v1/comments')) {
                 dropped = true; throw new TypeError('Failed to fetch');
               }
               return response;
             };",
        )
        .await;
    write_and_send(&browser, "Nur einmal, bitte").await;
    browser
        .text_when(".comments-host >> .readerbox-form-error", |t| {
            t.contains("Keine Verbindung")
        })
        .await;
    assert_eq!(server.stored_comments().await, 1, "it did arrive");
    assert_eq!(browser.value(MAIN_TEXT).await, "Nur einmal, bitte");

    browser.click(MAIN_SEND).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(
        server.stored_comments().await,
        1,
        "the retry stored nothing new"
    );
    assert_eq!(
        browser
            .count(".comments-host >> .readerbox-comments > li")
            .await,
        1
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_being_written_survives_a_reload() {
    let server = Server::start().await;
    let id = server
        .post_comment(DEMO_ARTICLE_URI, "Erika", "Frage?")
        .await;
    let browser = open_demo(&server).await;
    browser
        .click(&format!(".comments-host >> #comment-{id} .readerbox-reply"))
        .await;
    let reply_text = format!(".comments-host >> #comment-{id} .readerbox-form-reply textarea");
    browser.type_into(&reply_text, "Halbe Antwort").await;
    browser.reload().await;
    assert_eq!(
        browser.value(&reply_text).await,
        "Halbe Antwort",
        "the reply form reopens with it"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn details_are_remembered_the_website_links_the_name_and_the_count_warns() {
    let server = Server::start_with(|config| config.max_text_chars = 20).await;
    let browser = open_demo(&server).await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=author]",
            "Erika",
        )
        .await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=email]",
            "erika@example.org",
        )
        .await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=website]",
            "https://erika.example/",
        )
        .await;
    browser
        .click(".comments-host >> .readerbox-form-main input[name=remember]")
        .await;
    let count = ".comments-host >> .readerbox-form-main .readerbox-count";
    browser.wait_text(count, "0 von 20 Zeichen").await;
    browser
        .type_into(MAIN_TEXT, "Dieser Text ist zu lang.")
        .await;
    browser
        .wait_text(count, "24 von 20 Zeichen – bitte kürzen")
        .await;
    browser.click(MAIN_SEND).await;
    let error = browser
        .text_when(
            ".comments-host >> .readerbox-form-main .readerbox-field-error",
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(
        error,
        "Der Kommentar ist 24 Zeichen lang; erlaubt sind höchstens 20."
    );

    browser.element(MAIN_TEXT).await.clear().await.unwrap();
    browser.type_into(MAIN_TEXT, "Kurz genug.").await;
    browser.click(MAIN_SEND).await;
    let author = ".comments-host >> .readerbox-comments a.readerbox-author";
    browser.wait_text(author, "Erika").await;
    assert_eq!(
        browser.attribute(author, "href").await.as_deref(),
        Some("https://erika.example/")
    );
    assert_eq!(
        browser.attribute(author, "rel").await.as_deref(),
        Some("nofollow ugc noopener noreferrer")
    );
    let page = reqwest::get(server.url(&format!("/api/v1/comments?uri={DEMO_ARTICLE_URI}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("erika@"), "the e-mail is never returned");

    browser.reload().await;
    assert_eq!(
        browser
            .value(".comments-host >> .readerbox-form-main input[name=author]")
            .await,
        "Erika"
    );
    assert_eq!(
        browser
            .value(".comments-host >> .readerbox-form-main input[name=email]")
            .await,
        "erika@example.org"
    );

    // Time: relative, with the full date on focus.
    let time = browser
        .text_when(".comments-host >> .readerbox-permalink time", |t| {
            !t.is_empty()
        })
        .await;
    assert!(time == "jetzt" || time.starts_with("vor "), "{time}");
    let full = in_widget(
        &browser,
        "const link = root.querySelector('.readerbox-permalink'); link.focus();
         return getComputedStyle(link, '::after').content;",
    )
    .await;
    assert!(
        full.as_str().unwrap().contains("2026") || full.as_str().unwrap().contains("20"),
        "{full}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_list_page_shows_each_articles_count() {
    let server = Server::start().await;
    for text in ["eins", "zwei"] {
        server.post_comment(DEMO_ARTICLE_URI, "Leser", text).await;
    }
    server
        .post_comment("/lokales/2026/11/neues-hallenbad.html", "Leser", "drei")
        .await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/lokales.html")).await;
    let badges =
        "return [...document.querySelectorAll('[data-readerbox-count]')].map(b => b.textContent);";
    browser
        .eventually("every badge shows its count", || async {
            let texts = browser.script(badges).await;
            (texts == json!(["2 Kommentare", "1 Kommentar", "Keine Kommentare"])).then_some(())
        })
        .await;
    browser.close().await;
}
