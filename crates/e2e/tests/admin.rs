//! The editors' UI at /admin/ in Chromium against the real server: login, the moderation
//! queue with actions on several comments at once, articles (close, manage comments),
//! the corrections workflow and the letters inbox, paging through long lists; what
//! readers then see; and axe-core on every section in German and English.

use readerbox_api::admin::ADMIN_PAGE_SIZE;
use readerbox_api::reports::{CorrectionCategory, NewCorrection, NewLetter};
use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};
use readerbox_server::config::ModerationMode;
use readerbox_server::http::admin::hash_password;
use serde_json::json;

const PASSWORD: &str = "sehr geheim";

async fn editors_server(moderation: ModerationMode) -> Server {
    let hash = hash_password(PASSWORD);
    Server::start_with(move |config| {
        config.admin_users = vec![format!("anna:{hash}")];
        config.moderation = moderation;
    })
    .await
}

async fn log_in(server: &Server) -> Browser {
    let browser = Browser::start().await;
    browser.log_in_as_editor(server, "anna", PASSWORD).await;
    browser
}

/// Waits until `count` elements match `selector`.
async fn shown(browser: &Browser, selector: &str, count: usize) {
    browser
        .eventually(&format!("{count} × {selector} shown"), || async {
            (browser.count(selector).await == count).then_some(())
        })
        .await
}

/// A correction of the demo article, as the Korrektur dialog sends one (no passage).
fn demo_correction(server: &Server, category: CorrectionCategory, message: &str) -> NewCorrection {
    NewCorrection {
        uri: DEMO_ARTICLE_URI.into(),
        article_url: server.url(DEMO_ARTICLE_URI),
        category,
        message: message.into(),
        ..NewCorrection::default()
    }
}

/// A letter about the demo article, as the Leserbrief dialog sends one.
fn demo_letter(server: &Server, name: &str, email: &str, text: &str) -> NewLetter {
    NewLetter {
        uri: DEMO_ARTICLE_URI.into(),
        article_title: "Stadtrat beschließt neues Radwegenetz".into(),
        article_url: server.url(DEMO_ARTICLE_URI),
        name: name.into(),
        city: "Beispielstadt".into(),
        email: email.into(),
        text: text.into(),
        consent: true,
        ..NewLetter::default()
    }
}

async fn public_total(server: &Server) -> u64 {
    let page = server.comment_page(DEMO_ARTICLE_URI, "").await;
    page["total"].as_u64().unwrap()
}

/// "30.11.2026, 07:12": Intl's German medium date and short time.
fn is_german_date_and_time(text: &str) -> bool {
    text.len() == 17
        && text.chars().enumerate().all(|(at, c)| match at {
            2 | 5 => c == '.',
            10 => c == ',',
            11 => c == ' ',
            14 => c == ':',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn editors_log_in_and_work_through_the_queue_several_at_once() {
    let server = editors_server(ModerationMode::All).await;
    for (author, text) in [
        ("Anna", "Erster"),
        ("Ben", "Zweiter"),
        ("Bot", "Kauf jetzt"),
        ("Rüpel", "Unfreundlich"),
    ] {
        server
            .post_json(json!({"uri": DEMO_ARTICLE_URI, "author": author, "text": text}))
            .await;
    }
    let browser = Browser::start().await;
    browser.goto(&server.url("/admin/")).await;
    browser.type_into("#username", "anna").await;
    browser.type_into("#password", "falsch").await;
    browser.click("form button[type=submit]").await;
    browser
        .wait_text("form .error", "Benutzername oder Passwort stimmt nicht.")
        .await;
    browser.element("#password").await.clear().await.unwrap();
    browser.type_into("#password", PASSWORD).await;
    browser.click("form button[type=submit]").await;
    browser.text_when(".who", |t| t.contains("anna")).await;

    browser
        .eventually("four comments wait", || async {
            (browser.count("li.comment").await == 4).then_some(())
        })
        .await;
    // Times as an editor reads them, the exact value kept for machines.
    let shown = browser
        .text_when("li.comment time", |t| !t.is_empty())
        .await;
    let exact = browser
        .attribute("li.comment time", "datetime")
        .await
        .unwrap();
    assert!(is_german_date_and_time(&shown), "shown as {shown:?}");
    assert_eq!(shown[6..10], exact[..4], "the year of {exact}");
    // Reject one on its own.
    browser
        .click("li.comment:has(input[aria-label='Auswählen: Rüpel']) button[data-action=reject]")
        .await;
    browser
        .eventually("three comments wait", || async {
            (browser.count("li.comment").await == 3).then_some(())
        })
        .await;
    // Approve the first two at once.
    for author in ["Anna", "Ben"] {
        browser
            .click(&format!("input[aria-label='Auswählen: {author}']"))
            .await;
    }
    browser.click(".bulk button[data-action=approve]").await;
    browser
        .eventually("one comment is left", || async {
            (browser.count("li.comment").await == 1).then_some(())
        })
        .await;
    assert_eq!(public_total(&server).await, 2);
    browser.click("li.comment button[data-action=spam]").await;
    browser
        .wait_text(".empty", "Keine Kommentare warten auf Freischaltung.")
        .await;
    assert_eq!(public_total(&server).await, 2, "spam stays hidden");

    // Readers see what the editors released.
    let reader = Browser::start().await;
    reader.goto(&server.url("/")).await;
    reader
        .wait_text(".comments-host >> .readerbox-heading", "2 Kommentare")
        .await;
    reader.close().await;

    // The page runs under its strict policy; logging out ends the session.
    let csp = reqwest::get(server.url("/admin/")).await.unwrap();
    let policy = csp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'")
            && policy.contains("frame-ancestors 'none'")
    );
    browser.click(".logout").await;
    browser.element("#username").await;
    browser.reload().await;
    browser.element("#username").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn editors_close_an_article_and_manage_its_comments() {
    let server = editors_server(ModerationMode::None).await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Erika", "Bleibt")
        .await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Troll", "Muss weg")
        .await;
    let browser = log_in(&server).await;
    browser.click(".tabs li:nth-child(2) button").await;
    let row = format!("tr[data-uri='{DEMO_ARTICLE_URI}']");
    browser.element(&row).await;
    browser.click(&format!("{row} .close-toggle")).await;
    browser
        .text_when(&format!("{row} .badge"), |t| t == "geschlossen")
        .await;
    browser.click(&format!("{row} .show")).await;
    browser
        .eventually("the article's comments show", || async {
            (browser.count("li.comment").await == 2).then_some(())
        })
        .await;
    browser
        .click("li.comment:first-child button[data-action=delete]")
        .await;
    browser
        .eventually("one comment is left", || async {
            (browser.count("li.comment").await == 1).then_some(())
        })
        .await;
    assert_eq!(server.texts_of(DEMO_ARTICLE_URI).await, ["Bleibt"]);

    let reader = Browser::start().await;
    reader.goto(&server.url("/")).await;
    reader
        .wait_text(
            ".comments-host >> .readerbox-closed",
            "Die Kommentare zu diesem Artikel sind geschlossen.",
        )
        .await;
    reader
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    reader.close().await;
    browser.close().await;
}

/// An article with more comments than one page: the editor loads the older ones, keeps
/// what they selected, lands on the first one loaded, and an action leaves them as deep
/// as they were.
#[tokio::test(flavor = "multi_thread")]
async fn editors_load_older_comments_of_a_long_article() {
    let server = editors_server(ModerationMode::None).await;
    let total = ADMIN_PAGE_SIZE + 3;
    for n in 1..=total {
        server
            .store_comment(DEMO_ARTICLE_URI, "Leser", &format!("Nummer {n}"), None)
            .await;
    }
    let browser = log_in(&server).await;
    browser.click(".tabs li:nth-child(2) button").await;
    let row = format!("tr[data-uri='{DEMO_ARTICLE_URI}']");
    browser.click(&format!("{row} .show")).await;
    shown(&browser, "li.comment", ADMIN_PAGE_SIZE).await;
    assert_eq!(
        browser
            .text_when("li.comment .text", |t| !t.is_empty())
            .await,
        format!("Nummer {total}"),
        "newest first"
    );
    browser
        .click("li.comment:first-child input[type=checkbox]")
        .await;
    browser.wait_text("button.older", "Ältere laden").await;
    browser.click("button.older").await;
    shown(&browser, "li.comment", total).await;
    browser
        .eventually("nothing older: the button goes", || async {
            (browser.count("button.older").await == 0).then_some(())
        })
        .await;
    let focused = browser
        .script("return document.activeElement.closest('li.comment')?.querySelector('.text')?.textContent ?? null")
        .await;
    assert_eq!(focused, json!("Nummer 3"), "focus on the first one loaded");
    let still_selected = browser
        .script(
            "return document.querySelector('li.comment:first-child input[type=checkbox]').checked",
        )
        .await;
    assert_eq!(still_selected, json!(true), "the selection outlives paging");

    browser
        .click("li.comment:last-child button[data-action=delete]")
        .await;
    shown(&browser, "li.comment", total - 1).await;
    assert_eq!(
        browser
            .text_when("li.comment:last-child .text", |t| !t.is_empty())
            .await,
        "Nummer 2",
        "still as deep as before the action"
    );
    assert_eq!(public_total(&server).await, total as u64 - 1);
    browser.close().await;
}

/// More articles than the table shows: the editor finds the oldest by part of its path
/// and closes it.
#[tokio::test(flavor = "multi_thread")]
async fn editors_find_an_article_beyond_the_table_by_its_path() {
    let server = editors_server(ModerationMode::None).await;
    server
        .store_comment("/archiv/2019/hochwasser.html", "Leser", "Alt", None)
        .await;
    for n in 1..=200 {
        server
            .store_comment(&format!("/neu/{n}.html"), "Leser", "Neu", None)
            .await;
    }
    let browser = log_in(&server).await;
    browser.click(".tabs li:nth-child(2) button").await;
    let old = "tr[data-uri='/archiv/2019/hochwasser.html']";
    browser
        .eventually("200 articles listed", || async {
            (browser.count("tbody tr").await == 200).then_some(())
        })
        .await;
    assert_eq!(
        browser.count(old).await,
        0,
        "the oldest is beyond the table"
    );
    browser.type_into("#article-search", "HOCHWASSER").await;
    browser.click("form.search button[type=submit]").await;
    browser
        .eventually("only the article searched for", || async {
            (browser.count("tbody tr").await == 1 && browser.count(old).await == 1).then_some(())
        })
        .await;
    browser.click(&format!("{old} .close-toggle")).await;
    browser
        .text_when(&format!("{old} .badge"), |t| t == "geschlossen")
        .await;
    browser
        .element("#article-search")
        .await
        .clear()
        .await
        .unwrap();
    browser.type_into("#article-search", "gibt-es-nicht").await;
    browser.click("form.search button[type=submit]").await;
    browser
        .wait_text("section .empty", "Kein Artikel gefunden.")
        .await;
    browser.close().await;
}

/// More corrections and letters than a page: "Ältere laden" brings the rest, focus goes
/// to the first one loaded, and a status changed deep down leaves the list as deep.
#[tokio::test(flavor = "multi_thread")]
async fn editors_load_older_corrections_and_letters() {
    let server = editors_server(ModerationMode::None).await;
    let total = ADMIN_PAGE_SIZE + 3;
    for n in 1..=total {
        let store = &server.state.store;
        store
            .insert_correction(&demo_correction(
                &server,
                CorrectionCategory::Typo,
                &format!("Korrektur {n}"),
            ))
            .await
            .unwrap();
        store
            .insert_letter(&demo_letter(
                &server,
                &format!("Leserin {n}"),
                "leserin@example.org",
                &format!("Brief {n}"),
            ))
            .await
            .unwrap();
    }
    let browser = log_in(&server).await;
    let focused_text = |selector: &'static str| {
        let browser = &browser;
        async move {
            browser
                .script(&format!(
                    "return document.activeElement.closest('{selector}')?.querySelector('.text')?.textContent ?? null"
                ))
                .await
        }
    };

    browser.click(".tabs li:nth-child(3) button").await;
    shown(&browser, "li.correction", ADMIN_PAGE_SIZE).await;
    assert_eq!(
        browser
            .text_when("li.correction .text", |t| !t.is_empty())
            .await,
        format!("Korrektur {total}"),
        "newest first"
    );
    browser.wait_text("button.older", "Ältere laden").await;
    browser.click("button.older").await;
    shown(&browser, "li.correction", total).await;
    browser
        .eventually("nothing older: the button goes", || async {
            (browser.count("button.older").await == 0).then_some(())
        })
        .await;
    assert_eq!(
        focused_text("li.correction").await,
        json!("Korrektur 3"),
        "focus on the first one loaded"
    );
    let oldest = browser
        .element("li.correction:last-child select[name=status]")
        .await;
    oldest.select_by_value("done").await.unwrap();
    browser.wait_text(".message", "Erledigt.").await;
    shown(&browser, "li.correction", total).await;
    let status = browser
        .script("return document.querySelector('li.correction:last-child select').value;")
        .await;
    assert_eq!(
        status, "done",
        "reloaded as deep as shown, with the new status"
    );
    let filter = browser.element("#correction-status").await;
    filter.select_by_value("done").await.unwrap();
    shown(&browser, "li.correction", 1).await;
    assert_eq!(
        browser
            .text_when("li.correction .text", |t| !t.is_empty())
            .await,
        "Korrektur 1",
        "only the done one"
    );
    filter.select_by_value("new").await.unwrap();
    shown(&browser, "li.correction", ADMIN_PAGE_SIZE).await;
    browser.click("button.older").await;
    shown(&browser, "li.correction", total - 1).await;
    assert_eq!(
        browser
            .text_when("li.correction:last-child .text", |t| !t.is_empty())
            .await,
        "Korrektur 2",
        "the new ones, paged within the filter"
    );

    browser.click(".tabs li:nth-child(4) button").await;
    shown(&browser, "li.letter", ADMIN_PAGE_SIZE).await;
    browser.wait_text("button.older", "Ältere laden").await;
    browser.click("button.older").await;
    shown(&browser, "li.letter", total).await;
    assert_eq!(
        browser
            .text_when("li.letter:last-child .text", |t| !t.is_empty())
            .await,
        "Brief 1"
    );
    assert_eq!(
        focused_text("li.letter").await,
        json!("Brief 3"),
        "focus on the first one loaded"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn corrections_move_through_their_statuses_and_letters_arrive() {
    let server = editors_server(ModerationMode::None).await;
    let client = reqwest::Client::new();
    let fragment = format!("{}#:~:text=42%20Kilometern", server.url(DEMO_ARTICLE_URI));
    let correction = json!({
        "uri": DEMO_ARTICLE_URI, "article_url": server.url(DEMO_ARTICLE_URI),
        "selection": "42 Kilometern", "context_before": "ein Netz von ", "context_after": " neuer",
        "fragment_url": fragment, "category": "fact", "message": "Es sind 24.",
        "pow": server.proof_of_work().await
    });
    client
        .post(server.url("/api/v1/corrections"))
        .json(&correction)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let letter = json!({
        "uri": DEMO_ARTICLE_URI, "article_title": "Stadtrat beschließt neues Radwegenetz",
        "article_url": server.url(DEMO_ARTICLE_URI), "name": "Erika Muster", "city": "Beispielstadt",
        "email": "erika@example.org", "phone": "030 123456", "text": "Sehr geehrte Redaktion …",
        "do_not_shorten": true, "consent": true, "pow": server.proof_of_work().await
    });
    client
        .post(server.url("/api/v1/letters"))
        .json(&letter)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();

    let browser = log_in(&server).await;
    browser.click(".tabs li:nth-child(3) button").await;
    browser.wait_text("li.report mark", "42 Kilometern").await;
    assert_eq!(
        browser
            .attribute("li.report a[target=_blank]", "href")
            .await,
        Some(fragment)
    );
    let select = browser.element("li.report select[name=status]").await;
    select.select_by_value("in_progress").await.unwrap();
    browser.wait_text(".message", "Erledigt.").await;
    let status = browser
        .script("return document.querySelector('li.report select').value;")
        .await;
    assert_eq!(
        status, "in_progress",
        "the list, reloaded from the server, shows the new status"
    );

    browser.click(".tabs li:nth-child(4) button").await;
    browser
        .wait_text("li.letter .meta strong", "Erika Muster, Beispielstadt")
        .await;
    browser
        .wait_text("li.letter .badge", "Bitte nicht kürzen")
        .await;
    let select = browser.element("li.letter select[name=status]").await;
    select.select_by_value("done").await.unwrap();
    browser.wait_text(".message", "Erledigt.").await;
    let filter = browser.element("#letter-status").await;
    filter.select_by_value("new").await.unwrap();
    browser.wait_text("section .empty", "Nichts da.").await;
    filter.select_by_value("done").await.unwrap();
    browser
        .wait_text("li.letter .meta strong", "Erika Muster, Beispielstadt")
        .await;
    let stored = server.state.store.letters(None, None).await.unwrap();
    assert_eq!(stored[0].status, readerbox_api::reports::ReportStatus::Done);
    browser.close().await;
}

/// The editors' UI, like the widget, checked with axe-core in every section, in German
/// and English: zero WCAG 2.0–2.2 A/AA violations.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_aa_violation_in_the_editors_ui() {
    use readerbox_api::{CommentStatus, Lang, Limits, NewComment};
    let server = editors_server(ModerationMode::None).await;
    server
        .store_comment(DEMO_ARTICLE_URI, "Leser", "Schon **sichtbar**.", None)
        .await;
    let waiting: NewComment = serde_json::from_value(json!({
        "uri": DEMO_ARTICLE_URI, "author": "Neu", "email": "neu@example.org",
        "text": "Wartet auf Freischaltung."
    }))
    .unwrap();
    let waiting = waiting.validate(&Limits::default(), Lang::De).unwrap();
    let store = &server.state.store;
    store
        .insert_comment(&waiting, "waiting", CommentStatus::Pending)
        .await
        .unwrap();
    store
        .insert_correction(&NewCorrection {
            selection: "42 Kilometern".into(),
            context_before: "ein Netz von ".into(),
            context_after: " neuer Radwege".into(),
            fragment_url: Some(format!(
                "{}#:~:text=42%20Kilometern",
                server.url(DEMO_ARTICLE_URI)
            )),
            ..demo_correction(&server, CorrectionCategory::Fact, "Es sind 24.")
        })
        .await
        .unwrap();
    store
        .insert_letter(&NewLetter {
            phone: Some("030 123456".into()),
            do_not_shorten: true,
            ..demo_letter(
                &server,
                "Erika Muster",
                "erika@example.org",
                "Sehr geehrte Redaktion …",
            )
        })
        .await
        .unwrap();

    let browser = Browser::start().await;
    let mut found = Vec::new();
    let mut states = 0;
    let mut check = |state: String, violations: Vec<String>| {
        states += 1;
        found.extend(violations.into_iter().map(|v| format!("[{state}] {v}")));
    };
    browser.goto(&server.url("/admin/")).await;
    browser.element("#username").await;
    check("login".into(), browser.axe_violations(&["body"]).await);
    browser.log_in_as_editor(&server, "anna", PASSWORD).await;
    for (lang, logged_in_as) in [("de", "Angemeldet als"), ("en", "Logged in as")] {
        browser
            .text_when(".who", |t| t.contains(logged_in_as))
            .await;
        browser.element("li.comment").await;
        check(
            format!("{lang}: queue"),
            browser.axe_violations(&["body"]).await,
        );
        browser.click(".tabs li:nth-child(2) button").await;
        browser
            .click(&format!("tr[data-uri='{DEMO_ARTICLE_URI}'] .show"))
            .await;
        browser.element("li.comment").await;
        check(
            format!("{lang}: articles with one shown"),
            browser.axe_violations(&["body"]).await,
        );
        browser.click(".tabs li:nth-child(3) button").await;
        browser.element("li.correction mark").await;
        check(
            format!("{lang}: corrections"),
            browser.axe_violations(&["body"]).await,
        );
        browser.click(".tabs li:nth-child(4) button").await;
        browser.element("li.letter .badge").await;
        check(
            format!("{lang}: letters"),
            browser.axe_violations(&["body"]).await,
        );
        if lang == "de" {
            browser.click("button.language").await;
        }
    }
    assert_eq!(states, 9);
    assert!(found.is_empty(), "{}", found.join("\n"));
    browser.close().await;
}

/// A page on the same host, another port (the same site, so the editor's session cookie
/// goes along) frames every address that could serve the editors' UI. None of them
/// shows it: /admin/ is refused by the browser (`frame-ancestors 'none'`,
/// `X-Frame-Options: DENY`), and the copy inside the widget's folder is not served.
#[tokio::test(flavor = "multi_thread")]
async fn no_page_can_frame_the_editors_ui() {
    let server = editors_server(ModerationMode::None).await;
    let browser = log_in(&server).await;
    let paths = [
        "/admin/",
        "/admin/index.html",
        "/readerbox/admin/",
        "/readerbox/admin/index.html",
    ];
    let frames: String = paths
        .iter()
        .chain(["/lokales.html"].iter())
        .map(|path| {
            format!(
                r#"<iframe src="{}" onload="window.__loaded = (window.__loaded || 0) + 1"></iframe>"#,
                server.url(path)
            )
        })
        .collect();
    let (mut site, listener) = readerbox_e2e::HostSite::bind().await;
    site.serve(
        listener,
        vec![readerbox_e2e::HostPage::html(
            "/rahmen.html",
            format!("<!doctype html><title>Rahmen</title><body>{frames}</body>"),
        )],
    );
    browser.goto(&site.url("/rahmen.html")).await;
    let all = paths.len() + 1;
    browser
        .eventually("every frame has loaded", || async {
            (browser.script("return window.__loaded || 0;").await == json!(all)).then_some(())
        })
        .await;

    let inside = |index: usize| {
        let browser = &browser;
        async move {
            browser.client.enter_frame(index as u16).await.unwrap();
            let seen = browser
                .script("return [location.href, document.body ? document.body.innerText : ''];")
                .await;
            browser.client.enter_parent_frame().await.unwrap();
            (
                seen[0].as_str().unwrap().to_owned(),
                seen[1].as_str().unwrap().to_owned(),
            )
        }
    };
    // The control: a page of ours without those headers does render in a frame.
    let (href, _) = inside(paths.len()).await;
    assert!(href.ends_with("/lokales.html"), "{href}");
    for (index, path) in paths.iter().enumerate() {
        let (href, text) = inside(index).await;
        if path.starts_with("/admin/") {
            assert!(
                href.starts_with("chrome-error://"),
                "{path} rendered in a frame: {href} {text:?}"
            );
        } else {
            assert!(
                text.contains("not_found") && !text.contains("Anmelden"),
                "{path} served the editors' UI: {text:?}"
            );
        }
    }
    browser.close().await;
}
