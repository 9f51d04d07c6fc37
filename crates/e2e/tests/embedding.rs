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
    assert_eq!(server.texts_of("/artikel/eins.html").await.len(), 1);
    assert_eq!(server.texts_of("/artikel/zwei.html").await.len(), 0);
    browser.close().await;
}

/// What the README tells sites to put in their stylesheet: room for the comment area
/// from the first paint on.
const RESERVE_RULE: &str = "<style>[data-readerbox-comments] { min-height: 40rem; } \
    [data-readerbox-comments], [data-readerbox-toolbar] { display: flow-root; }</style>";

/// Sums layout shifts (as Chrome's CLS does, without those right after input) into
/// `window.__cls`; an external script so that it can run before everything else.
const LAYOUT_SHIFT_METER: &str = "window.__cls = 0; window.__shifts = [];
function describe(node) {
  if (!node) return '?';
  var root = node.getRootNode && node.getRootNode();
  var where = root && root.host ? ' in #' + root.host.id : '';
  return (node.nodeName || '') + (node.id ? '#' + node.id : '') +
    (node.className && node.className.baseVal === undefined ? '.' + node.className : '') + where;
}
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    if (e.hadRecentInput) return;
    window.__cls += e.value;
    window.__shifts.push({ value: e.value, sources: (e.sources || []).map(function (s) {
      return describe(s.node) + ' ' + Math.round(s.previousRect.y) + '->' + Math.round(s.currentRect.y) +
        ' h ' + Math.round(s.previousRect.height) + '->' + Math.round(s.currentRect.height);
    }) });
  });
}).observe({ type: 'layout-shift', buffered: true });";

/// Fails unless the page's layout shift so far is under 0.01 (prints the figure for the
/// report, and on failure what shifted).
async fn assert_steady(browser: &Browser, what: &str) {
    let (cls, shifts) = layout_shift(browser).await;
    println!("{what}: {cls:.4}");
    assert!(cls < 0.01, "{what}: {cls}: {shifts}");
}

/// The page's cumulative layout shift so far, and what shifted.
async fn layout_shift(browser: &Browser) -> (f64, Value) {
    let cls = browser
        .script("return window.__cls;")
        .await
        .as_f64()
        .unwrap();
    (cls, browser.script("return window.__shifts;").await)
}

fn long_article_page(widget: &str) -> String {
    let paragraphs = "<p>Ein langer Absatz des Artikels, damit die Kommentare weit unten stehen. \
                      Er wiederholt sich, wie Zeitungstexte es manchmal tun.</p>"
        .repeat(60);
    article_page(
        widget,
        &format!(r#"<script src="/cls.js"></script>{RESERVE_RULE}"#),
        &format!(
            "<div>{paragraphs}</div>{}<footer><p>Impressum · Datenschutz</p></footer>",
            comment_host("comments", "/lang.html")
        ),
    )
}

/// Names of everything the page fetched from the widget's origin so far.
async fn fetched_from(browser: &Browser, origin: &str) -> Vec<String> {
    let names = browser
        .script("return performance.getEntriesByType('resource').map(e => e.name);")
        .await;
    names
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| n.starts_with(origin))
        .map(|n| n[origin.len()..].to_owned())
        .collect()
}

async fn state_of(browser: &Browser, host: &str) -> String {
    let state = browser
        .script(&format!(
            "return document.querySelector('{host}').dataset.readerboxState;"
        ))
        .await;
    state.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn loads_only_embed_js_until_the_comments_come_near_and_nothing_jumps() {
    let (server, site) = server_and_site(|widget| {
        vec![
            HostPage::html("/lang.html", long_article_page(widget)),
            HostPage::script("/cls.js", LAYOUT_SHIFT_METER),
        ]
    })
    .await;
    let widget = server.origin();
    let browser = Browser::start().await;
    browser.goto(&site.url("/lang.html")).await;
    browser
        .eventually("embed.js has looked at the page", || async {
            (state_of(&browser, "#comments").await == "waiting").then_some(())
        })
        .await;

    assert_eq!(
        fetched_from(&browser, &widget).await,
        ["/readerbox/embed.js"]
    );
    let bytes_before = browser
        .script("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/readerbox/embed.js')).map(e => e.transferSize)[0];")
        .await;
    println!("bytes fetched from the widget origin before scrolling near: {bytes_before} (embed.js only)");

    browser
        .script("window.scrollTo(0, document.querySelector('#comments').offsetTop - 1.8 * innerHeight);")
        .await;
    browser
        .wait_text("#comments >> .readerbox-empty", "Keine Kommentare.")
        .await;
    let fetched = fetched_from(&browser, &widget).await;
    assert!(
        fetched.iter().any(|name| name.ends_with("_bg.wasm")),
        "{fetched:?}"
    );

    browser
        .script("document.querySelector('#comments').scrollIntoView();")
        .await;
    browser
        .wait_text(
            "#comments >> .readerbox-form-heading",
            "Kommentar schreiben",
        )
        .await;
    assert_steady(
        &browser,
        "cumulative layout shift while loading and showing the comment area",
    )
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_to_a_comment_loads_at_once_even_far_below() {
    let (server, site) = server_and_site(|widget| {
        vec![
            HostPage::html("/lang.html", long_article_page(widget)),
            HostPage::script("/cls.js", LAYOUT_SHIFT_METER),
        ]
    })
    .await;
    server
        .post_comment("/lang.html", "Erika", "Ein Kommentar zum Verlinken.")
        .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/lang.html#comment-1")).await;
    browser
        .wait_text("#comments >> .readerbox-heading", "1 Kommentar")
        .await;
    let screens_below = browser
        .script(
            "return (document.querySelector('#comments').getBoundingClientRect().top + scrollY) / innerHeight;",
        )
        .await
        .as_f64()
        .unwrap();
    assert!(
        screens_below > 2.0,
        "the comment area is far below ({screens_below} screens), yet loaded"
    );
    // The linked comment is scrolled into view, highlighted and focused.
    browser
        .element("#comments >> li.readerbox-highlight #comment-1")
        .await;
    let in_view = browser
        .eventually("the linked comment is scrolled into view", || async {
            let top = browser
                .script(
                    "const r = document.querySelector('#comments').shadowRoot.querySelector('#comment-1').getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= innerHeight;",
                )
                .await;
            (top == true).then_some(true)
        })
        .await;
    assert!(in_view);
    let focused = browser
        .script("return document.activeElement.shadowRoot.activeElement.id;")
        .await;
    assert_eq!(
        focused, "comment-1",
        "keyboard and screen readers start there"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_comment_area_that_mounts_in_view_does_not_shift_the_page() {
    let (server, site) = server_and_site(|widget| {
        let page = article_page(
            widget,
            &format!(r#"<script src="/cls.js"></script>{RESERVE_RULE}"#),
            &format!(
                "{}<footer><p>Impressum</p></footer>",
                comment_host("comments", "/kurz.html")
            ),
        );
        vec![
            HostPage::html("/kurz.html", page),
            HostPage::script("/cls.js", LAYOUT_SHIFT_METER),
        ]
    })
    .await;
    server
        .post_comment("/kurz.html", "Erika", "Schon da, bevor die Seite lädt.")
        .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/kurz.html")).await;
    browser
        .wait_text("#comments >> .readerbox-heading", "1 Kommentar")
        .await;
    browser
        .wait_text(
            "#comments >> .readerbox-form-heading",
            "Kommentar schreiben",
        )
        .await;
    assert_steady(
        &browser,
        "cumulative layout shift of a page whose comment area mounts in view",
    )
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn when_the_api_is_down_the_sites_fallback_shows_and_retry_recovers() {
    // The widget's files come from one server, the API from another that is down.
    let (mut site, listener) = HostSite::bind().await;
    let assets = Server::start().await;
    let mut api =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    api.post_comment("/a", "Erika", "Schon gespeichert.").await;
    api.pause().await;
    let host = format!(
        r#"<section id="comments" data-readerbox-comments data-readerbox-uri="/a" data-readerbox-api="{}"><p class="fallback">Kommentare konnten nicht geladen werden. <a href="mailto:leserbriefe@example.org">Schreiben Sie uns</a>.</p></section>"#,
        api.origin()
    );
    site.serve(
        listener,
        vec![
            HostPage::html("/artikel.html", article_page(&assets.origin(), "", &host)),
            HostPage::script("/trap.js", VIOLATION_TRAP),
        ],
    );
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    let retry = browser.element("#comments >> [role=alert] button").await;
    assert_eq!(retry.text().await.unwrap(), "Erneut versuchen");
    let fallback = browser.element("#comments .fallback").await;
    assert!(
        fallback.is_displayed().await.unwrap(),
        "the site's own note and link show through"
    );
    assert!(browser
        .element("#comments .fallback a")
        .await
        .is_displayed()
        .await
        .unwrap());

    api.resume().await;
    retry.click().await.unwrap();
    browser
        .wait_text("#comments >> .readerbox-text", "Schon gespeichert.")
        .await;
    assert!(
        !fallback.is_displayed().await.unwrap(),
        "the fallback steps back once comments load"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_english_page_gets_english_texts_and_server_messages() {
    let (server, site) = server_and_site(|widget| {
        let page = article_page(widget, "", &comment_host("comments", "/en/article.html"))
            .replace(r#"<html lang="de">"#, r#"<html lang="en-GB">"#);
        vec![HostPage::html("/en/article.html", page)]
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/en/article.html")).await;

    browser
        .wait_text("#comments >> .readerbox-empty", "No comments yet.")
        .await;
    browser
        .wait_text("#comments >> .readerbox-heading", "Comments")
        .await;
    browser
        .wait_text("#comments >> .readerbox-form-heading", "Write a comment")
        .await;

    post_through_widget(&browser, "#comments", " ").await;
    browser
        .wait_text(
            "#comments >> .readerbox-field-error",
            "Please write a comment.",
        )
        .await;
    assert_eq!(server.stored_comments().await, 0);

    browser
        .type_into("#comments >> textarea[name=text]", "Finally, cycle lanes.")
        .await;
    browser.click("#comments >> button[type=submit]").await;
    browser
        .wait_text("#comments >> .readerbox-heading", "1 comment")
        .await;
    browser
        .wait_text(
            "#comments >> .readerbox-notice",
            "Your comment has been published.",
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn count_badges_in_a_sidebar_beside_a_comment_area() {
    let (server, site) = server_and_site(|widget| {
        let badge = |uri: &str, lang: &str| {
            format!(r#"<li><span class="badge" data-readerbox-count data-uri="{uri}" {lang}>Kommentare</span></li>"#)
        };
        let sidebar = format!(
            r#"<aside id="sidebar"><ul>{}{}{}{}{}</ul></aside>"#,
            badge("/artikel/eins.html", ""),
            badge("/artikel/zwei.html", ""),
            badge("/artikel/drei.html", ""),
            badge("/artikel/eins.html", r#"data-readerbox-lang="en""#),
            badge("kein-pfad", ""),
        );
        let body = format!("{sidebar}{}", comment_host("comments", "/artikel/eins.html"));
        vec![HostPage::html("/liste.html", article_page(widget, "", &body))]
    })
    .await;
    for _ in 0..2 {
        server.post_comment("/artikel/eins.html", "A", "eins").await;
    }
    server.post_comment("/artikel/zwei.html", "B", "zwei").await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/liste.html")).await;

    let badge_texts = || async {
        browser
            .script(
                "return [...document.querySelectorAll('#sidebar .badge')].map(b => b.textContent);",
            )
            .await
    };
    let texts = browser
        .eventually("the badges are filled", || async {
            let texts = badge_texts().await;
            (texts[0] != "Kommentare").then_some(texts)
        })
        .await;
    assert_eq!(
        texts,
        serde_json::json!([
            "2 Kommentare",
            "1 Kommentar",
            "Keine Kommentare",
            "2 comments",
            "Kommentare"
        ]),
        "German and English plurals; an invalid badge keeps its own text"
    );
    let count_requests = browser
        .script("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/counts')).length;")
        .await;
    assert_eq!(count_requests, 1, "all badges are counted with one request");
    // The comment area on the same page works alongside.
    browser
        .wait_text("#comments >> .readerbox-heading", "2 Kommentare")
        .await;
    post_through_widget(&browser, "#comments", "Noch einer.").await;
    browser
        .wait_text("#comments >> .readerbox-heading", "3 Kommentare")
        .await;
    browser.close().await;
}

/// Records the article's font size in every animation frame from the first one on (an
/// external script placed before embed.js, so it sees the first paint).
const FRAME_RECORDER: &str = "window.__sizes = [];
(function frame() {
  var article = document.querySelector('article');
  if (article) window.__sizes.push(getComputedStyle(article).fontSize);
  if (window.__sizes.length < 120) requestAnimationFrame(frame);
})();";

const TOOLBAR_HOST: &str = r#"<div id="toolbar" data-readerbox-toolbar><a href="mailto:?subject=Artikel">Artikel versenden</a></div>"#;

/// A page with the toolbar in its article; embed.js without `defer`, as the README says
/// for sites that use the font size.
fn toolbar_page(widget: &str, extra_body: &str) -> String {
    article_page(
        widget,
        &format!(r#"<script src="/frames.js"></script>{RESERVE_RULE}"#),
        extra_body,
    )
    .replace(" defer></script>", "></script>")
    .replace(
        "<article><h1>Ein Artikel</h1>",
        &format!("<article><h1>Ein Artikel</h1>{TOOLBAR_HOST}"),
    )
}

async fn font_size_of(browser: &Browser, selector: &str) -> String {
    let size = browser
        .script(&format!(
            "return getComputedStyle(document.querySelector('{selector}')).fontSize;"
        ))
        .await;
    size.as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn font_size_scales_the_article_and_holds_from_the_first_paint_of_the_next_page() {
    let (_server, site) = server_and_site(|widget| {
        vec![
            HostPage::html("/artikel.html", toolbar_page(widget, "")),
            HostPage::script("/frames.js", FRAME_RECORDER),
        ]
    })
    .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    let group = browser
        .element("#toolbar >> .readerbox-tool[role=group]")
        .await;
    let label_id = group.attr("aria-labelledby").await.unwrap().unwrap();
    browser
        .wait_text(&format!("#toolbar >> #{label_id}"), "Schriftgröße:")
        .await;
    let pressed = |size: &'static str| {
        let browser = &browser;
        async move {
            browser
                .attribute(&format!("#toolbar >> [data-size={size}]"), "aria-pressed")
                .await
        }
    };
    assert_eq!(pressed("mittel").await.as_deref(), Some("true"));
    assert_eq!(pressed("gross").await.as_deref(), Some("false"));
    assert_eq!(font_size_of(&browser, "article").await, "16px");
    let sizes = browser
        .script(
            "return [...document.querySelector('#toolbar').shadowRoot.querySelectorAll('button, a')]
               .filter(b => b.getClientRects().length > 0)
               .map(b => { const r = b.getBoundingClientRect(); return [b.textContent, r.width >= 24 && r.height >= 24]; });",
        )
        .await;
    assert_eq!(
        sizes,
        serde_json::json!([
            ["klein", true],
            ["mittel", true],
            ["groß", true],
            // The most used tools first: on a phone they stand before "Mehr".
            ["Artikel versenden", true],
            ["Druckversion", true],
            ["Leserbrief", true],
            ["☆ zu Favoriten hinzufügen", true],
            ["Merkliste (0)", true],
            ["Korrektur", true]
        ]),
        "every visible control is a target of at least 24×24 px"
    );

    // By keyboard: Enter on the focused "groß" button.
    let large = browser.element("#toolbar >> [data-size=gross]").await;
    large.send_keys("\u{E007}").await.unwrap();
    browser
        .eventually("the article is larger", || async {
            (font_size_of(&browser, "article").await == "20px").then_some(())
        })
        .await;
    assert_eq!(pressed("gross").await.as_deref(), Some("true"));
    assert_eq!(pressed("mittel").await.as_deref(), Some("false"));
    assert_eq!(
        font_size_of(&browser, "html").await,
        "16px",
        "html {{ font-size }} is never touched"
    );

    browser.reload().await;
    browser
        .element("#toolbar >> [data-size=gross][aria-pressed=true]")
        .await;
    let frames = browser.script("return window.__sizes;").await;
    let frames = frames.as_array().unwrap();
    assert!(!frames.is_empty());
    assert!(
        frames.iter().all(|size| size == "20px"),
        "the chosen size holds from the first frame on: {frames:?}"
    );

    browser.click("#toolbar >> [data-size=klein]").await;
    browser
        .eventually("the article is smaller", || async {
            (font_size_of(&browser, "article").await == "14px").then_some(())
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn toolbar_comments_and_count_badges_on_one_page_without_layout_shift() {
    let (server, site) = server_and_site(|widget| {
        let sidebar = r#"<aside><span id="badge" data-readerbox-count data-uri="/artikel/eins.html">Kommentare</span></aside>"#;
        let body = format!("{sidebar}{}<footer><p>Impressum</p></footer>", comment_host("comments", "/artikel/eins.html"));
        let page = toolbar_page(widget, &body).replace(
            r#"<script src="/frames.js"></script>"#,
            r#"<script src="/frames.js"></script><script src="/cls.js"></script><style>[data-readerbox-toolbar] { min-height: 4.5rem; }</style>"#,
        );
        vec![
            HostPage::html("/artikel.html", page),
            HostPage::script("/frames.js", FRAME_RECORDER),
            HostPage::script("/cls.js", LAYOUT_SHIFT_METER),
        ]
    })
    .await;
    server
        .post_comment("/artikel/eins.html", "Erika", "Alle drei zusammen.")
        .await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;

    browser
        .element("#toolbar >> [data-size=mittel][aria-pressed=true]")
        .await;
    browser.wait_text("#badge", "1 Kommentar").await;
    browser
        .wait_text("#comments >> .readerbox-heading", "1 Kommentar")
        .await;
    browser
        .wait_text(
            "#comments >> .readerbox-form-heading",
            "Kommentar schreiben",
        )
        .await;
    assert_steady(
        &browser,
        "cumulative layout shift with toolbar, badges and comments mounting",
    )
    .await;
    browser.close().await;
}

/// The comment requests of the current page load, and when the wasm had arrived (ms
/// since navigation start; Resource Timing).
async fn comment_requests(browser: &Browser) -> (Vec<(String, f64)>, f64) {
    let found = browser
        .script(
            "const all = performance.getEntriesByType('resource');
             const wasm = all.find(e => e.name.endsWith('_bg.wasm'));
             return [all.filter(e => e.name.includes('/api/v1/comments'))
                        .map(e => [decodeURIComponent(e.name.split('?')[1]), e.startTime]),
                     wasm ? wasm.responseEnd : null];",
        )
        .await;
    let requests = found[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_f64().unwrap(),
            )
        })
        .collect();
    (requests, found[1].as_f64().expect("the wasm was loaded"))
}

/// One request for the first page, sent by embed.js before the wasm had even arrived
/// (the widget itself could only ask after it), for `query`.
async fn asked_once_ahead(browser: &Browser, query: &str) {
    let (requests, wasm_arrived) = comment_requests(browser).await;
    assert_eq!(
        requests.len(),
        1,
        "the first page is asked for once: {requests:?}"
    );
    let (asked, started) = &requests[0];
    assert_eq!(asked, query);
    assert!(
        *started < wasm_arrived,
        "asked at {started:.1} ms, only after the wasm had arrived at {wasm_arrived:.1} ms: \
         the widget asked itself, embed.js's early request was not used"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_page_is_asked_for_alongside_the_wasm_and_only_once() {
    let (server, site) = server_and_site(|widget| {
        vec![
            HostPage::html(
                "/vorab.html",
                article_page(
                    widget,
                    r#"<link rel="canonical" href="/artikel/vorab.html">"#,
                    r#"<section id="comments" data-readerbox-comments data-readerbox-load-all></section>"#,
                ),
            ),
            // embed.js and the widget each read a host's article and API the same way:
            // padded attributes, a trailing slash, no canonical link but a query.
            HostPage::html(
                "/frei.html",
                article_page(
                    widget,
                    "",
                    &format!(
                        r#"<section id="comments" data-readerbox-comments data-readerbox-uri=" /artikel/frei.html " data-readerbox-api=" {widget}/ "></section>"#
                    ),
                ),
            ),
            HostPage::html(
                "/ohne.html",
                article_page(
                    widget,
                    "",
                    r#"<section id="comments" data-readerbox-comments></section>"#,
                ),
            ),
        ]
    })
    .await;
    let uri = "/artikel/vorab.html";
    let first = server.post_comment(uri, "Erika", "Erster Kommentar.").await;
    server
        .post_comment(uri, "Jonas", "Zweiter Kommentar.")
        .await;
    let browser = Browser::start().await;
    let texts = "#comments >> .readerbox-text";

    // The article named by its canonical link, the whole thread at once.
    browser.goto(&site.url("/vorab.html?ref=startseite")).await;
    browser
        .wait_text("#comments >> .readerbox-heading", "2 Kommentare")
        .await;
    assert_eq!(
        browser.text_when(texts, |t| !t.is_empty()).await,
        "Erster Kommentar."
    );
    asked_once_ahead(&browser, &format!("uri={uri}&sort=oldest&limit=100")).await;

    // The reader's remembered order: embed.js asks in it too.
    browser
        .click("#comments >> .readerbox-sort button[data-sort=newest]")
        .await;
    browser.reload().await;
    browser
        .wait_text("#comments >> .readerbox-heading", "2 Kommentare")
        .await;
    assert_eq!(
        browser.text_when(texts, |t| !t.is_empty()).await,
        "Zweiter Kommentar."
    );
    asked_once_ahead(&browser, &format!("uri={uri}&sort=newest&limit=100")).await;

    // A link to a comment: the page around it.
    browser
        .goto(&site.url(&format!("/vorab.html#comment-{first}")))
        .await;
    browser
        .element(&format!(
            "#comments >> li.readerbox-highlight #comment-{first}"
        ))
        .await;
    asked_once_ahead(
        &browser,
        &format!("uri={uri}&sort=newest&around={first}&limit=100"),
    )
    .await;

    for (page, uri) in [
        ("/frei.html", "/artikel/frei.html"),
        ("/ohne.html?seite=2", "/ohne.html?seite=2"),
    ] {
        server.post_comment(uri, "Erika", "Ein Kommentar.").await;
        browser.goto(&site.url(page)).await;
        browser
            .wait_text("#comments >> .readerbox-heading", "1 Kommentar")
            .await;
        asked_once_ahead(&browser, &format!("uri={uri}&sort=newest")).await;
    }
    browser.close().await;
}
