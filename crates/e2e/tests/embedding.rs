//! Embedding as a news site does it: one script tag on a page of another origin, under a
//! strict Content-Security-Policy, next to a hostile stylesheet, several instances per
//! page, loaded only when the comment area comes near.

use readerbox_e2e::{Browser, HostPage, HostSite, Server};
use serde_json::Value;

/// Records every CSP violation of the page; loaded before anything else (an external
/// script, so that the strict policy itself allows it).
const VIOLATION_TRAP: &str = "window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});";

/// An article page of the host site with the embed tag and the given comment hosts.
fn article_page(widget_origin: &str, head: &str, hosts: &str) -> String {
    format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Gastseite</title>
<script src="/trap.js"></script>{head}
<script src="{widget_origin}/readerbox/embed.js" defer></script></head>
<body><article><h1>Ein Artikel</h1><p>Text des Artikels.</p></article>
{hosts}
</body></html>"#
    )
}

fn comment_host(id: &str, uri: &str) -> String {
    format!(
        r#"<section id="{id}" data-readerbox-comments data-readerbox-uri="{uri}"><p class="fallback">Kommentare konnten nicht geladen werden. <a href="mailto:leserbriefe@example.org">Schreiben Sie uns</a>.</p></section>"#
    )
}

/// A widget server and a host site on another origin that the server allows; the
/// site's pages are built from the widget server's origin.
async fn server_and_site(pages: impl FnOnce(&str) -> Vec<HostPage>) -> (Server, HostSite) {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    let mut all = pages(&server.origin());
    all.push(HostPage::script("/trap.js", VIOLATION_TRAP));
    site.serve(listener, all);
    (server, site)
}

async fn post_through_widget(browser: &Browser, host: &str, text: &str) {
    browser
        .type_into(&format!("{host} >> textarea[name=text]"), text)
        .await;
    browser
        .click(&format!("{host} >> button[type=submit]"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn works_on_another_origin_under_a_strict_csp_without_violations() {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    let widget = server.origin();
    let policy = format!(
        "default-src 'self'; script-src 'self' {widget} 'wasm-unsafe-eval'; style-src 'self' {widget}; connect-src {widget}"
    );
    site.serve(
        listener,
        vec![
            HostPage::html(
                "/artikel.html",
                article_page(&widget, "", &comment_host("comments", "/artikel/1.html")),
            )
            .with_header("content-security-policy", policy),
            HostPage::script("/trap.js", VIOLATION_TRAP),
        ],
    );
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    browser
        .wait_text("#comments >> .readerbox-empty", "Keine Kommentare.")
        .await;
    post_through_widget(&browser, "#comments", "Unter strenger CSP geschrieben.").await;
    browser
        .wait_text("#comments >> .readerbox-heading", "1 Kommentar")
        .await;
    browser.reload().await;
    browser
        .wait_text(
            "#comments >> .readerbox-text",
            "Unter strenger CSP geschrieben.",
        )
        .await;

    let button_colour = browser
        .script("return getComputedStyle(document.querySelector('#comments').shadowRoot.querySelector('button[type=submit]')).backgroundColor;")
        .await;
    assert_eq!(
        button_colour, "rgb(11, 58, 91)",
        "the widget's styles apply under the CSP"
    );
    assert_eq!(
        browser.script("return window.__violations;").await,
        serde_json::json!([])
    );
    assert_eq!(server.stored_comments().await, 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_webassembly_the_fallback_stays_and_the_trap_sees_it() {
    let (_server, site) = server_and_site(|widget| {
        // The same strict policy but without 'wasm-unsafe-eval': WebAssembly can't run.
        let policy = format!("default-src 'self'; script-src 'self' {widget}; style-src 'self'; connect-src {widget}");
        vec![HostPage::html("/artikel.html", article_page(widget, "", &comment_host("comments", "/a")))
            .with_header("content-security-policy", policy)]
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    browser
        .eventually("the widget gives up", || async {
            let state = browser
                .script("return document.querySelector('#comments').dataset.readerboxState;")
                .await;
            (state == "failed").then_some(())
        })
        .await;
    let fallback = browser.element("#comments .fallback").await;
    assert!(
        fallback.is_displayed().await.unwrap(),
        "the host's own fallback stays visible"
    );
    assert!(fallback
        .text()
        .await
        .unwrap()
        .contains("Kommentare konnten nicht geladen werden."));
    let violations = browser.script("return window.__violations;").await;
    assert!(
        violations.as_array().is_some_and(|v| !v.is_empty()),
        "the violation trap works (so its silence above means something): {violations}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sites_not_allowed_by_cors_cannot_use_the_api() {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec!["http://news.example".into()])
            .await;
    let page = article_page(&server.origin(), "", &comment_host("comments", "/a"));
    site.serve(
        listener,
        vec![
            HostPage::html("/artikel.html", page),
            HostPage::script("/trap.js", VIOLATION_TRAP),
        ],
    );
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    // The widget itself loads (its files are public) but the API refuses this origin.
    browser
        .text_when("#comments >> [role=alert]", |t| {
            t.contains("Kommentare konnten nicht geladen werden.")
        })
        .await;
    browser.close().await;
}

/// Computed styles of the widget's parts that don't depend on the page's width.
async fn widget_styles(browser: &Browser, host: &str) -> Value {
    browser
        .script(&format!(
            "const root = document.querySelector('{host}').shadowRoot;
             const out = {{}};
             for (const sel of ['.readerbox-heading', '.readerbox-form-heading', 'label', 'textarea', 'button[type=submit]', '.readerbox-empty']) {{
               const el = root.querySelector(sel); const s = getComputedStyle(el);
               out[sel] = ['display', 'font-size', 'line-height', 'font-family', 'font-weight', 'color',
                           'background-color', 'padding-top', 'border-top-width', 'visibility']
                 .map(p => p + ': ' + s.getPropertyValue(p));
               if (sel === 'textarea' || sel === 'button[type=submit]') out[sel].push('height: ' + el.getBoundingClientRect().height);
             }}
             return out;"
        ))
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_page_stylesheet_does_not_change_the_widget() {
    let (_server, site) = server_and_site(|widget| {
        let hostile = "<style>* { all: unset; } button { display: none !important; } \
                       * { line-height: 9 !important; letter-spacing: 3px; } body { color: red; }</style>";
        vec![
            HostPage::html("/normal.html", article_page(widget, "", &comment_host("comments", "/a"))),
            HostPage::html("/hostile.html", article_page(widget, hostile, &comment_host("comments", "/a"))),
        ]
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/normal.html")).await;
    browser
        .wait_text("#comments >> .readerbox-empty", "Keine Kommentare.")
        .await;
    let normal = widget_styles(&browser, "#comments").await;

    browser.goto(&site.url("/hostile.html")).await;
    browser
        .wait_text("#comments >> .readerbox-empty", "Keine Kommentare.")
        .await;
    let hostile = widget_styles(&browser, "#comments").await;

    assert_eq!(
        hostile, normal,
        "the widget looks the same on a hostile page"
    );
    assert!(browser
        .element("#comments >> button[type=submit]")
        .await
        .is_displayed()
        .await
        .unwrap());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_comment_areas_for_two_articles_on_one_page_do_not_mix() {
    let (server, site) = server_and_site(|widget| {
        let hosts = format!(
            "{}{}",
            comment_host("first", "/artikel/eins.html"),
            comment_host("second", "/artikel/zwei.html")
        );
        vec![HostPage::html(
            "/uebersicht.html",
            article_page(widget, "", &hosts),
        )]
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/uebersicht.html")).await;
    browser
        .wait_text("#first >> .readerbox-empty", "Keine Kommentare.")
        .await;
    browser
        .wait_text("#second >> .readerbox-empty", "Keine Kommentare.")
        .await;

    post_through_widget(&browser, "#first", "Nur zum ersten Artikel.").await;
    browser
        .wait_text("#first >> .readerbox-heading", "1 Kommentar")
        .await;
    assert_eq!(browser.count("#second >> .readerbox-comment").await, 0);
    browser
        .wait_text("#second >> .readerbox-heading", "Kommentare")
        .await;

    // Labels point at their own instance's fields.
    let ids = browser
        .script(
            "return ['#first', '#second'].map(h => document.querySelector(h).shadowRoot.querySelector('textarea').id);",
        )
        .await;
    assert_ne!(ids[0], ids[1], "element ids are unique per instance: {ids}");

    browser.reload().await;
    browser
        .wait_text("#first >> .readerbox-heading", "1 Kommentar")
        .await;
    browser
        .wait_text("#second >> .readerbox-empty", "Keine Kommentare.")
        .await;
    assert_eq!(
        server
            .state
            .store
            .list_comments("/artikel/eins.html")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        server
            .state
            .store
            .list_comments("/artikel/zwei.html")
            .await
            .unwrap()
            .len(),
        0
    );
    browser.close().await;
}
