//! The article toolbar on the demo page, in Chromium against the real server: every tool
//! as a reader uses it, dialogs by keyboard, and what reaches the editors.

use fantoccini::key::Key;
use readerbox_e2e::{Browser, HostPage, HostSite, Server, DEMO_ARTICLE_URI};
use serde_json::Value;

const TOOLBAR: &str = ".toolbar-host";
const ADMIN_TOKEN: &str = "redaktion-0123456789abcdef";

/// Runs `body` (JavaScript with `root`, the toolbar's shadow root) in the page.
async fn in_toolbar(browser: &Browser, body: &str) -> Value {
    browser
        .script(&format!(
            "const root = document.querySelector('{TOOLBAR}')?.shadowRoot; if (!root) return null; {body}"
        ))
        .await
}

async fn focused_in_toolbar(browser: &Browser) -> Value {
    in_toolbar(
        browser,
        "const a = root.activeElement; return a ? (a.name || a.className || a.tagName) : null;",
    )
    .await
}

async fn demo(server: &Server) -> Browser {
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser.element(".toolbar-host >> .readerbox-print").await;
    browser
}

#[tokio::test(flavor = "multi_thread")]
async fn druckversion_prints_and_the_print_stylesheet_keeps_only_the_article() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    browser
        .script("window.__printed = 0; window.print = () => { window.__printed++; };")
        .await;
    browser.click(".toolbar-host >> .readerbox-print").await;
    assert_eq!(browser.script("return window.__printed;").await, 1);
    let source = browser
        .script(
            "return document.querySelector('article').getAttribute('data-readerbox-print-source');",
        )
        .await;
    let source = source.as_str().unwrap();
    assert!(
        source.starts_with(&format!("Quelle: {}", server.url(DEMO_ARTICLE_URI)))
            && source.contains("gedruckt am"),
        "{source}"
    );

    // The print stylesheet's rules, applied on screen to check them.
    browser
        .script("document.querySelector('link[href$=\"print.css\"]').media = 'all';")
        .await;
    let printed = browser
        .eventually("print.css applies", || async {
            let styles = browser
                .script(
                    "const shown = s => getComputedStyle(document.querySelector(s)).display;
                     return {
                       nav: shown('nav'), aside: shown('aside'), toolbar: shown('.toolbar-host'),
                       article: shown('article'),
                       source: getComputedStyle(document.querySelector('article'), '::after').content,
                       quote: getComputedStyle(document.querySelector('blockquote')).breakInside,
                     };",
                )
                .await;
            (styles["nav"] == "none").then_some(styles)
        })
        .await;
    assert_eq!(printed["aside"], "none");
    assert_eq!(printed["toolbar"], "none");
    assert_eq!(printed["article"], "block");
    assert_eq!(printed["quote"], "avoid");
    assert!(printed["source"]
        .as_str()
        .unwrap()
        .contains(DEMO_ARTICLE_URI));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn artikel_versenden_offers_mail_copy_share_and_networks_without_requests() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    let share = ".toolbar-host >> .readerbox-share";
    browser.click(share).await;
    assert_eq!(
        browser.attribute(share, "aria-expanded").await.as_deref(),
        Some("true")
    );
    let mail = browser
        .attribute(".toolbar-host >> .readerbox-share-email", "href")
        .await
        .unwrap();
    let url = server.url(DEMO_ARTICLE_URI);
    let encoded_url = url.replace(':', "%3A").replace('/', "%2F");
    assert_eq!(
        mail,
        format!(
            "mailto:?subject=Lesetipp%3A%20Stadtrat%20beschlie%C3%9Ft%20neues%20Radwegenetz&body=Diesen%20Artikel%20m%C3%B6chte%20ich%20Ihnen%20empfehlen%3A%0D%0A%0D%0AStadtrat%20beschlie%C3%9Ft%20neues%20Radwegenetz%0D%0A{encoded_url}"
        )
    );
    let mastodon = in_toolbar(
        &browser,
        "return [...root.querySelectorAll('.readerbox-menu a')].map(a => [a.textContent, a.href]);",
    )
    .await;
    assert_eq!(mastodon[1][0], "Mastodon");
    assert!(mastodon[1][1]
        .as_str()
        .unwrap()
        .starts_with("https://mastodon.social/share?text=Stadtrat%20beschlie"));
    let to_networks = browser
        .script("return performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin)).length;")
        .await;
    assert_eq!(to_networks, 0, "nothing is fetched from any network");
    assert_eq!(
        in_toolbar(
            &browser,
            "return root.querySelectorAll('.readerbox-menu button').length;"
        )
        .await,
        1,
        "no native share where the browser can't share (only 'Link kopieren')"
    );

    // Without the Clipboard API the link is shown, selected, to copy by hand.
    browser
        .script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
        .await;
    browser.click(".toolbar-host >> .readerbox-copy-link").await;
    let manual = ".toolbar-host >> .readerbox-manual-link";
    assert_eq!(browser.value(manual).await, url);
    let selected = in_toolbar(
        &browser,
        "const input = root.querySelector('.readerbox-manual-link');
         return root.activeElement === input && input.selectionStart === 0 && input.selectionEnd === input.value.length;",
    )
    .await;
    let state = in_toolbar(&browser, "const input = root.querySelector('.readerbox-manual-link'); return [root.activeElement && root.activeElement.className, input.selectionStart, input.selectionEnd, document.activeElement.tagName];").await;
    assert_eq!(selected, true, "focused and selected: {state}");

    // Escape closes the menu and gives focus back to its button.
    browser.press(&['\u{E00C}']).await;
    assert_eq!(
        browser.attribute(share, "aria-expanded").await.as_deref(),
        Some("false")
    );
    assert_eq!(
        focused_in_toolbar(&browser).await,
        "readerbox-tool-button readerbox-share"
    );

    // Where the browser can share, the share sheet is offered.
    browser
        .script(
            "window.__shared = null;
             navigator.canShare = () => true;
             navigator.share = data => { window.__shared = data; return Promise.resolve(); };",
        )
        .await;
    browser.click(share).await;
    browser
        .click(".toolbar-host >> .readerbox-menu li:first-child button")
        .await;
    let shared = browser.script("return window.__shared;").await;
    assert_eq!(shared["url"], url);
    assert_eq!(shared["title"], "Stadtrat beschließt neues Radwegenetz");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kommentar_takes_the_reader_to_the_comment_form() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    browser
        .click(".toolbar-host >> .readerbox-comment-tool")
        .await;
    browser
        .eventually("the comment form has focus", || async {
            let name = browser
                .script("return document.activeElement.shadowRoot?.activeElement?.name ?? null;")
                .await;
            (name == "text").then_some(())
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn korrektur_sends_the_marked_passage_with_context_and_a_text_fragment() {
    let server = Server::start_with(|config| config.admin_token = Some(ADMIN_TOKEN.into())).await;
    let browser = demo(&server).await;
    browser.select_in_article("42 Kilometern").await;
    browser.press(&[Key::Control.into(), '\u{E007}']).await;
    let dialog = ".toolbar-host >> dialog[open]";
    browser.element(dialog).await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-selection mark",
            "42 Kilometern",
        )
        .await;

    // Focus is in the dialog and stays there.
    for _ in 0..12 {
        browser.press(&['\u{E004}']).await;
        let inside = in_toolbar(
            &browser,
            "return !!root.activeElement?.closest('dialog[open]');",
        )
        .await;
        assert_eq!(inside, true, "Tab stays in the dialog");
    }

    // Nothing described: the error shows beside the field.
    browser
        .click(".toolbar-host >> dialog[open] button[type=submit]")
        .await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-field-error",
            "Bitte beschreiben Sie die Korrektur.",
        )
        .await;
    browser
        .click(".toolbar-host >> dialog[open] input[value=fact]")
        .await;
    browser
        .type_into(
            ".toolbar-host >> dialog[open] textarea[name=message]",
            "Es sind 24 Kilometer.",
        )
        .await;

    // Closing keeps what was written, also across a reload.
    browser.press(&['\u{E00C}']).await;
    browser
        .eventually("the dialog closes", || async {
            (browser.count(dialog).await == 0).then_some(())
        })
        .await;
    assert_eq!(
        focused_in_toolbar(&browser).await,
        "readerbox-tool-button readerbox-correction"
    );
    browser.reload().await;
    browser
        .click(".toolbar-host >> .readerbox-correction")
        .await;
    assert_eq!(
        browser
            .value(".toolbar-host >> dialog[open] textarea[name=message]")
            .await,
        "Es sind 24 Kilometer."
    );
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-selection mark",
            "42 Kilometern",
        )
        .await;
    browser
        .click(".toolbar-host >> dialog[open] button[type=submit]")
        .await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-notice",
            "Danke! Ihre Korrektur ist bei der Redaktion angekommen.",
        )
        .await;

    let stored = server
        .admin_get("/api/v1/admin/corrections", ADMIN_TOKEN)
        .await;
    let correction = &stored[0];
    assert_eq!(correction["selection"], "42 Kilometern");
    assert_eq!(correction["category"], "fact");
    assert_eq!(correction["status"], "new");
    assert_eq!(correction["message"], "Es sind 24 Kilometer.");
    assert!(
        correction["context_before"]
            .as_str()
            .unwrap()
            .ends_with("ein Netz von "),
        "{correction}"
    );
    assert!(
        correction["context_after"]
            .as_str()
            .unwrap()
            .starts_with(" neuer Radwege"),
        "{correction}"
    );
    assert_eq!(correction["article_url"], server.url(DEMO_ARTICLE_URI));
    let fragment = correction["fragment_url"].as_str().unwrap().to_owned();
    assert!(
        fragment.contains("#:~:text=") && fragment.contains("42%20Kilometern"),
        "{fragment}"
    );

    assert!(
        fragment.starts_with(&format!("{}#:~:text=", server.url(DEMO_ARTICLE_URI))),
        "{fragment}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn korrektur_without_a_selection_still_works() {
    let server = Server::start_with(|config| config.admin_token = Some(ADMIN_TOKEN.into())).await;
    let browser = demo(&server).await;
    browser
        .click(".toolbar-host >> .readerbox-correction")
        .await;
    browser
        .text_when(".toolbar-host >> dialog[open] .readerbox-passage", |t| {
            t.starts_with("Keine Textstelle markiert.")
        })
        .await;
    browser
        .type_into(
            ".toolbar-host >> dialog[open] textarea[name=message]",
            "Das Foto fehlt.",
        )
        .await;
    browser
        .click(".toolbar-host >> dialog[open] button[type=submit]")
        .await;
    let answer = browser
        .text_when(".toolbar-host >> dialog[open] form", |t| {
            t.contains("Danke!") || t.contains("Bitte") || t.contains("Server")
        })
        .await;
    assert!(
        answer.contains("Danke! Ihre Korrektur ist bei der Redaktion angekommen."),
        "{answer}"
    );
    let stored = server
        .admin_get("/api/v1/admin/corrections", ADMIN_TOKEN)
        .await;
    assert_eq!(stored[0]["selection"], "");
    assert_eq!(stored[0]["fragment_url"], Value::Null);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn leserbrief_asks_what_newspapers_ask_and_keeps_the_letter_until_sent() {
    let server = Server::start_with(|config| {
        config.admin_token = Some(ADMIN_TOKEN.into());
        config.max_letter_chars = 200;
    })
    .await;
    let browser = demo(&server).await;
    browser.click(".toolbar-host >> .readerbox-letter").await;
    let form = ".toolbar-host >> dialog[open] form";
    browser.element(form).await;
    let focused = in_toolbar(
        &browser,
        "return !!root.activeElement?.closest('dialog[open]');",
    )
    .await;
    assert_eq!(focused, true, "focus moves into the dialog");
    assert_eq!(
        browser
            .text_when(".toolbar-host >> .readerbox-letter-article", |t| !t
                .is_empty())
            .await,
        "Zum Artikel: Stadtrat beschließt neues Radwegenetz"
    );
    let privacy = browser
        .attribute(".toolbar-host >> dialog[open] a[target=_blank]", "href")
        .await;
    assert_eq!(
        privacy.as_deref(),
        Some("https://www.example.org/datenschutz.html")
    );

    for (name, value) in [
        ("name", "Erika Muster"),
        ("city", "Beispielstadt"),
        ("email", "erika@example.org"),
        ("phone", "030 123456"),
        (
            "text",
            "Sehr geehrte Redaktion, die Radwege sind überfällig.",
        ),
    ] {
        browser
            .type_into(
                &format!(".toolbar-host >> dialog[open] [name={name}]"),
                value,
            )
            .await;
    }
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-count",
            "52 von 200 Zeichen",
        )
        .await;
    browser
        .click(".toolbar-host >> dialog[open] input[name=do_not_shorten]")
        .await;

    // A reload before sending loses nothing.
    browser.reload().await;
    browser.click(".toolbar-host >> .readerbox-letter").await;
    assert_eq!(
        browser
            .value(".toolbar-host >> dialog[open] [name=text]")
            .await,
        "Sehr geehrte Redaktion, die Radwege sind überfällig."
    );
    assert_eq!(
        browser
            .value(".toolbar-host >> dialog[open] [name=city]")
            .await,
        "Beispielstadt"
    );

    // Consent is required: the server says so beside the checkbox.
    browser
        .click(".toolbar-host >> dialog[open] button[type=submit]")
        .await;
    let error = browser
        .text_when(
            ".toolbar-host >> dialog[open] .readerbox-field-error",
            |t| !t.is_empty(),
        )
        .await;
    assert!(
        error.starts_with("Bitte stimmen Sie der Veröffentlichung"),
        "{error}"
    );
    assert_eq!(
        browser
            .attribute(
                ".toolbar-host >> dialog[open] input[name=consent]",
                "aria-invalid"
            )
            .await
            .as_deref(),
        Some("true")
    );
    browser
        .click(".toolbar-host >> dialog[open] input[name=consent]")
        .await;
    browser
        .click(".toolbar-host >> dialog[open] button[type=submit]")
        .await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-notice",
            "Danke! Ihr Leserbrief ist bei der Redaktion angekommen.",
        )
        .await;
    assert_eq!(
        browser
            .value(".toolbar-host >> dialog[open] [name=text]")
            .await,
        ""
    );

    let letters = server.admin_get("/api/v1/admin/letters", ADMIN_TOKEN).await;
    let letter = &letters[0];
    assert_eq!(letter["name"], "Erika Muster");
    assert_eq!(letter["city"], "Beispielstadt");
    assert_eq!(letter["phone"], "030 123456");
    assert_eq!(letter["do_not_shorten"], true);
    assert_eq!(letter["consent"], true);
    assert_eq!(
        letter["article_title"],
        "Stadtrat beschließt neues Radwegenetz"
    );
    assert_eq!(letter["article_url"], server.url(DEMO_ARTICLE_URI));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn merken_keeps_a_local_reading_list() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    let toggle = ".toolbar-host >> .readerbox-favorite-toggle";
    let list = ".toolbar-host >> .readerbox-favorites-open";
    assert_eq!(
        browser.attribute(toggle, "aria-pressed").await.as_deref(),
        Some("false")
    );
    browser.wait_text(list, "Merkliste (0)").await;
    browser.click(toggle).await;
    browser.wait_text(list, "Merkliste (1)").await;
    assert_eq!(
        browser.attribute(toggle, "aria-pressed").await.as_deref(),
        Some("true")
    );

    browser.reload().await;
    browser.wait_text(list, "Merkliste (1)").await;
    assert_eq!(
        browser.attribute(toggle, "aria-pressed").await.as_deref(),
        Some("true")
    );
    browser.click(list).await;
    let entry = ".toolbar-host >> dialog[open] .readerbox-favorite a";
    browser
        .wait_text(entry, "Stadtrat beschließt neues Radwegenetz")
        .await;
    assert_eq!(
        browser.attribute(entry, "href").await,
        Some(server.url(DEMO_ARTICLE_URI))
    );
    let hint = browser
        .text_when(".toolbar-host >> dialog[open] .readerbox-hint", |t| {
            !t.is_empty()
        })
        .await;
    assert!(hint.contains("Strg+D"), "{hint}");
    browser
        .click(".toolbar-host >> dialog[open] .readerbox-remove")
        .await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-status",
            "Noch nichts gemerkt.",
        )
        .await;
    browser.wait_text(list, "Merkliste (0)").await;
    assert_eq!(
        browser.attribute(toggle, "aria-pressed").await.as_deref(),
        Some("false")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kontakt_and_kommentar_appear_only_where_they_lead_somewhere() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    assert_eq!(
        browser
            .attribute(".toolbar-host >> .readerbox-contact", "href")
            .await
            .as_deref(),
        Some("mailto:redaktion@example.org")
    );
    browser.close().await;

    let (listener, mut site) = {
        let (site, listener) = HostSite::bind().await;
        (listener, site)
    };
    let widget = server.url("/readerbox/embed.js");
    site.serve(
        listener,
        vec![HostPage::html(
            "/ohne.html",
            format!(
                r#"<!DOCTYPE html><html lang="de"><head><script src="{widget}"></script></head>
                <body><article><h1>Ohne Kommentare</h1>
                <div data-readerbox-toolbar data-readerbox-api="{api}" data-readerbox-contact="javascript:alert(1)"></div>
                <p>Text.</p></article></body></html>"#,
                api = server.origin()
            ),
        )],
    );
    let browser = Browser::start().await;
    browser.goto(&site.url("/ohne.html")).await;
    browser
        .element("[data-readerbox-toolbar] >> .readerbox-print")
        .await;
    assert_eq!(
        browser
            .count("[data-readerbox-toolbar] >> .readerbox-contact")
            .await,
        0,
        "no or unsafe contact link: hidden"
    );
    assert_eq!(
        browser
            .count("[data-readerbox-toolbar] >> .readerbox-comment-tool")
            .await,
        0,
        "no comment area: hidden"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn text_scales_to_twice_its_size_without_clipping() {
    let server = Server::start().await;
    let browser = demo(&server).await;
    browser.click(".toolbar-host >> [data-size=gross]").await;
    let measured = browser
        .script(
            "document.documentElement.style.setProperty('--readerbox-font-scale', '2');
             const article = document.querySelector('article');
             const clipped = [...article.querySelectorAll('*')].filter(e =>
               e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible');
             return {
               size: parseFloat(getComputedStyle(article).fontSize) / parseFloat(getComputedStyle(article.parentElement).fontSize),
               overflows: article.scrollWidth > article.clientWidth + 1,
               clipped: clipped.length,
               html: getComputedStyle(document.documentElement).fontSize,
             };",
        )
        .await;
    assert_eq!(measured["size"].as_f64(), Some(2.0));
    assert_eq!(measured["overflows"], false);
    assert_eq!(measured["clipped"], 0);
    assert_eq!(measured["html"], "16px", "html font-size is never touched");
    browser.close().await;
}

/// The rows the toolbar's visible controls stand in, and whether the article's lead
/// starts on the first screen.
async fn toolbar_rows(browser: &Browser) -> Value {
    browser
        .script(&format!(
            "const root = document.querySelector('{TOOLBAR}').shadowRoot;
             const shown = [...root.querySelectorAll('.readerbox-toolbar button, .readerbox-toolbar a, .readerbox-tool-label')]
               .filter(e => e.getClientRects().length > 0 && !e.closest('dialog, .readerbox-menu'));
             const rows = new Set(shown.map(e => Math.round(e.getBoundingClientRect().top / 8)));
             const lead = document.querySelector('.lead').getBoundingClientRect().top;
             return {{rows: rows.size, lead_on_first_screen: lead < window.innerHeight - 40,
                      shown: shown.map(e => e.className || e.tagName)}};"
        ))
        .await
}

/// Waits until "Mehr" says it is `expanded` ("true" or "false").
async fn mehr_becomes(browser: &Browser, expanded: &str) {
    browser
        .eventually(&format!("Mehr aria-expanded={expanded}"), || async {
            browser
                .attribute(".toolbar-host >> .readerbox-more-tools", "aria-expanded")
                .await
                .filter(|now| now == expanded)
        })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_toolbar_takes_two_rows_and_mehr_shows_the_rest() {
    let server = Server::start().await;
    let browser = Browser::start_sized(390, 844).await;
    browser.goto(&server.url("/")).await;
    browser
        .element(".toolbar-host >> .readerbox-more-tools")
        .await;
    browser.element(".toolbar-host >> .readerbox-share").await;
    let measured = toolbar_rows(&browser).await;
    assert_eq!(measured["rows"], 2, "{measured}");
    assert_eq!(measured["lead_on_first_screen"], true, "{measured}");
    let print_shown = ".toolbar-host >> .readerbox-print";
    let shown = |css: &'static str| {
        let browser = &browser;
        async move {
            let (host, inner) = css.split_once(" >> ").unwrap();
            browser
                .script(&format!(
                    "const e = document.querySelector('{host}').shadowRoot.querySelector('{inner}');
                     return !!e && e.getClientRects().length > 0;"
                ))
                .await
                == Value::Bool(true)
        }
    };
    assert!(!shown(print_shown).await, "Druckversion waits behind Mehr");
    let target = in_toolbar(
        &browser,
        "const r = root.querySelector('.readerbox-more-tools').getBoundingClientRect();
         return [r.width, r.height];",
    )
    .await;
    assert!(
        target[0].as_f64().unwrap() >= 24.0 && target[1].as_f64().unwrap() >= 24.0,
        "{target}"
    );
    assert_eq!(
        browser
            .attribute(".toolbar-host >> .readerbox-more-tools", "aria-expanded")
            .await
            .as_deref(),
        Some("false")
    );

    // By keyboard: "Mehr" opens the other tools right after it in the tab order, and
    // Escape closes them with the focus back on "Mehr".
    in_toolbar(
        &browser,
        "root.querySelector('.readerbox-more-tools').focus();",
    )
    .await;
    browser.press(&[Key::Enter.into()]).await;
    mehr_becomes(&browser, "true").await;
    assert!(shown(print_shown).await, "Druckversion shown after Mehr");
    browser.press(&[Key::Tab.into()]).await;
    assert_eq!(
        focused_in_toolbar(&browser).await,
        "readerbox-tool-button readerbox-print"
    );
    browser
        .script("window.__printed = 0; window.print = () => { window.__printed++; };")
        .await;
    browser.press(&[Key::Enter.into()]).await;
    browser
        .eventually("Druckversion prints", || async {
            (browser.script("return window.__printed;").await == 1).then_some(())
        })
        .await;
    browser.press(&[Key::Escape.into()]).await;
    mehr_becomes(&browser, "false").await;
    assert!(!shown(print_shown).await);
    assert_eq!(
        focused_in_toolbar(&browser).await,
        "readerbox-tool-button readerbox-more-tools"
    );
    let violations = browser.axe_violations(&[TOOLBAR]).await;
    assert!(violations.is_empty(), "{violations:#?}");
    in_toolbar(
        &browser,
        "root.querySelector('.readerbox-more-tools').click();",
    )
    .await;
    let violations = browser.axe_violations(&[TOOLBAR]).await;
    assert!(violations.is_empty(), "Mehr open: {violations:#?}");

    // On a wider screen every tool shows and there is no "Mehr".
    browser.client.set_window_size(1200, 1000).await.unwrap();
    browser
        .eventually("every tool shows", || async {
            shown(print_shown).await.then_some(())
        })
        .await;
    assert!(!shown(".toolbar-host >> .readerbox-more-tools").await);
    browser.close().await;
}
