//! The first screen comes from the server: `GET /embed/comments` answers a declarative
//! shadow root with the first page drawn as the widget draws it. A CMS inlines it (the
//! demo's second article page does, as nginx's SSI would), or embed.js fetches it beside
//! the wasm. Readers without JavaScript read the comments; with it, they read them
//! before the wasm has arrived (the test's proxy holds the wasm back), and the widget
//! then takes over in place: the same DOM, node for node, clicks made meanwhile carried
//! out, everything working as before.

use hyper::Method;
use readerbox_e2e::fault::{target, Fault, FaultProxy};
use readerbox_e2e::{Browser, HostPage, HostSite, Server};
use serde_json::{json, Value};

const INLINED: &str = "/lokales/2026/11/neues-hallenbad.html";

/// The comment area's DOM as text: each element with its sorted attributes and its
/// text, without the comment form (the widget adds it; the server does not draw it)
/// and without the stylesheet link and data the server's version carries.
const DOM_OF: &str = r#"
const host = document.querySelector(arguments[0]);
const section = host.shadowRoot.querySelector('section.readerbox');
function walk(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.data.trim() ? JSON.stringify(node.data) : '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  if (node.matches('form, .readerbox-closed, link, script')) return '';
  const attributes = [...node.attributes].map(a => a.name + '=' + JSON.stringify(a.value)).sort();
  const inner = [...node.childNodes].map(walk).filter(Boolean).join('');
  return '<' + node.localName + (attributes.length ? ' ' + attributes.join(' ') : '') + '>' + inner + '</' + node.localName + '>';
}
return section ? walk(section) : null;
"#;

/// A thread with a bit of everything: Markdown, a link, a website, replies two deep
/// and one beyond the indentation ("@Name"), an edit.
async fn seed(server: &Server, uri: &str) -> Vec<i64> {
    let first = server
        .store_comment(
            uri,
            "Erika",
            "Endlich **ein Bad** für alle. [Plan](https://example.org/plan)",
            None,
        )
        .await;
    let second = server
        .store_comment(
            uri,
            "Jonas",
            "Und die *Preise*?\n\n- Erwachsene\n- Kinder",
            None,
        )
        .await;
    let reply = server
        .store_comment(uri, "Dora", "Stehen im Plan.", Some(first))
        .await;
    let deeper = server
        .store_comment(uri, "Erika", "Danke!", Some(reply))
        .await;
    let deepest = server
        .store_comment(uri, "Paul", "Gern geschehen.", Some(deeper))
        .await;
    vec![first, second, reply, deeper, deepest]
}

fn host_page(widget: &str, uri: &str) -> String {
    format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Artikel</title>
<script src="{widget}/readerbox/embed.js" defer></script></head>
<body><article><h1>Artikel</h1><p>Text.</p></article>
<section id="c" data-readerbox-comments data-readerbox-uri="{uri}"><p class="fallback">Kommentare konnten nicht geladen werden.</p></section>
</body></html>"#
    )
}

/// Server, proxy (holding the wasm back) and host page.
async fn held_wasm(uri: &str) -> (Server, FaultProxy, HostSite) {
    held_wasm_serving(|widget| vec![HostPage::html("/artikel.html", host_page(widget, uri))]).await
}

/// Server, proxy holding the wasm back, and a host site serving `pages(proxy's URL)`.
async fn held_wasm_serving(
    pages: impl FnOnce(&str) -> Vec<HostPage>,
) -> (Server, FaultProxy, HostSite) {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    let proxy = FaultProxy::start(server.address).await;
    proxy.inject(
        Fault::Held,
        target(Method::GET, |path| path.ends_with(".wasm")),
    );
    site.serve(listener, pages(&proxy.url("")));
    (server, proxy, site)
}

/// Central European time in the browser, as the server writes full dates.
async fn berlin(browser: &Browser) {
    browser
        .cdp(
            "Emulation.setTimezoneOverride",
            json!({"timezoneId": "Europe/Berlin"}),
        )
        .await;
}

/// The DOM of what `host` shows, as `script` ([`DOM_OF`], [`TOOLBAR_DOM_OF`]) writes it.
async fn dom_of(browser: &Browser, script: &str, host: &str) -> String {
    let dom = browser
        .client
        .execute(script, vec![json!(host)])
        .await
        .expect("the DOM");
    dom.as_str().expect("something drawn").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fragment_is_cacheable_and_changes_with_the_thread() {
    let server = Server::start().await;
    let uri = "/a/fragment.html";
    seed(&server, uri).await;
    let client = reqwest::Client::new();
    let url = server.url(&format!("/embed/comments?uri={uri}&lang=de"));
    let first = client.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let headers = first.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let cache = headers["cache-control"].to_str().unwrap();
    assert!(cache.contains("s-maxage"), "{cache}");
    let etag = headers["etag"].clone();
    let html = first.text().await.unwrap();
    assert!(html.starts_with(
        "<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"/embed/readerbox-"
    ));
    assert!(html
        .contains("<h2 class=\"readerbox-heading\" id=\"readerbox-1-heading\">5 Kommentare</h2>"));
    assert!(
        html.contains("<strong>ein Bad</strong>"),
        "Markdown rendered: {html}"
    );
    assert!(!html.contains(" style="), "no style attribute (strict CSP)");
    assert_eq!(html.matches("<script").count(), 1, "one script element");
    assert!(html.contains("<script type=\"application/json\" class=\"readerbox-first-page\""));

    let again = client
        .get(&url)
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "unchanged: revalidated without a body");

    server
        .store_comment(uri, "Neu", "Ein neuer Kommentar", None)
        .await;
    let changed = client
        .get(&url)
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "a new comment changes the fragment");
    assert_ne!(changed.headers()["etag"], etag);
    assert!(changed
        .text()
        .await
        .unwrap()
        .contains("Ein neuer Kommentar"));

    let sheet = html
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let css = client.get(server.url(sheet)).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(css.text().await.unwrap().contains(".readerbox-comment"));

    let bad = client
        .get(server.url("/embed/comments?uri=javascript:alert(1)"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let problem: Value = bad.json().await.unwrap();
    assert_eq!(problem["error"]["field"], "uri", "{problem}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_inlined_comments_are_readable() {
    let server = Server::start().await;
    seed(&server, INLINED).await;
    let browser = Browser::start().await;
    browser
        .cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": true}),
        )
        .await;
    browser.goto(&server.url(INLINED)).await;
    let texts = browser
        .cdp(
            "Runtime.evaluate",
            json!({"expression": "[...document.querySelector('.comments-host').shadowRoot.querySelectorAll('.readerbox-text')].map(t => t.textContent.trim())", "returnByValue": true}),
        )
        .await;
    assert_eq!(
        texts["result"]["value"],
        json!([
            "Endlich ein Bad für alle. Plan",
            "Stehen im Plan.",
            "Danke!",
            "Gern geschehen.",
            "Und die Preise?ErwachseneKinder"
        ]),
        "{texts}"
    );
    let state = browser
        .cdp(
            "Runtime.evaluate",
            json!({"expression": "[document.querySelector('.comments-host').dataset.readerboxState, getComputedStyle(document.querySelector('.comments-host').shadowRoot.querySelector('.readerbox-heading')).fontWeight, document.querySelector('.comments-host .readerbox-fallback').checkVisibility()]", "returnByValue": true}),
        )
        .await;
    assert_eq!(
        state["result"]["value"],
        json!([null, "700", false]),
        "no script ran; the stylesheet applies; the host's fallback is not shown: {state}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn comments_show_before_the_wasm_and_the_widget_takes_over_the_same_dom() {
    let uri = "/a/held.html";
    let (server, proxy, site) = held_wasm(uri).await;
    seed(&server, uri).await;
    let browser = Browser::start().await;
    berlin(&browser).await;
    browser.goto(&site.url("/artikel.html")).await;

    browser
        .wait_text(
            "#c >> li[data-id] .readerbox-text",
            "Endlich ein Bad für alle. Plan",
        )
        .await;
    assert!(proxy.holding() >= 1, "the wasm has not arrived");
    assert_eq!(
        browser
            .attribute("#c", "data-readerbox-drawn")
            .await
            .as_deref(),
        Some("server")
    );
    let before = dom_of(&browser, DOM_OF, "#c").await;
    assert!(
        before.contains("@Erika"),
        "a reply beyond the indentation: {before}"
    );

    proxy.release();
    browser.element("#c >> .readerbox-form-main").await;
    let after = dom_of(&browser, DOM_OF, "#c").await;
    assert_eq!(before, after, "the widget draws what the server drew");
    let leftovers = browser
        .script("return document.querySelector('#c').shadowRoot.querySelectorAll('link, script').length;")
        .await;
    assert_eq!(
        leftovers,
        json!(0),
        "the server's stylesheet link and data are gone"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn clicks_made_before_the_wasm_are_carried_out_after() {
    let uri = "/a/early.html";
    let (server, proxy, site) = held_wasm(uri).await;
    let ids = seed(&server, uri).await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;
    let up = format!(
        "#c >> li[data-id='{}'] > article .readerbox-vote-up",
        ids[0]
    );
    let reply = format!("#c >> li[data-id='{}'] > article .readerbox-reply", ids[1]);
    browser.element(&up).await;
    assert!(proxy.holding() >= 1, "the wasm has not arrived");
    browser.click(&up).await;
    browser.click(&reply).await;

    proxy.release();
    browser
        .eventually("the early vote counts", || async {
            // Found afresh each time: the widget replaces the server's buttons.
            let pressed = browser.find(&up).await?.attr("aria-pressed").await.ok()??;
            (pressed == "true").then_some(())
        })
        .await;
    browser
        .element(&format!(
            "#c >> li[data-id='{}'] textarea[name=text]",
            ids[1]
        ))
        .await;
    let page = server.comment_page(uri, "").await;
    assert_eq!(
        page["comments"][0]["score"], 1,
        "the vote reached the server"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_inlined_page_hydrates_and_takes_comments() {
    let server = Server::start().await;
    seed(&server, INLINED).await;
    let browser = Browser::start().await;
    browser.goto(&server.url(INLINED)).await;
    let host = ".comments-host";
    browser
        .type_into(
            &format!("{host} >> .readerbox-form-main textarea[name=text]"),
            "Vom Server gerendert, im Browser geschrieben.",
        )
        .await;
    browser
        .click(&format!(
            "{host} >> .readerbox-form-main button[type=submit]"
        ))
        .await;
    browser
        .wait_text(&format!("{host} >> .readerbox-heading"), "6 Kommentare")
        .await;
    assert!(server
        .texts_of(INLINED)
        .await
        .contains(&"Vom Server gerendert, im Browser geschrieben.".to_owned()));
    browser.close().await;
}

/// The toolbar's DOM as text (as [`DOM_OF`]), its ids' instance numbers made alike
/// (the server's `readerbox-0-…`, the widget's `readerbox-<n>-…`), without the dialogs
/// (closed: not drawn; the widget's alone).
const TOOLBAR_DOM_OF: &str = r#"
const toolbar = document.querySelector(arguments[0]).shadowRoot.querySelector('.readerbox-toolbar');
function walk(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.data.trim() ? JSON.stringify(node.data) : '';
  if (node.nodeType !== Node.ELEMENT_NODE || node.matches('dialog')) return '';
  const attributes = [...node.attributes].map(a => a.name + '=' + JSON.stringify(a.value)).sort();
  const inner = [...node.childNodes].map(walk).filter(Boolean).join('');
  return '<' + node.localName + (attributes.length ? ' ' + attributes.join(' ') : '') + '>' + inner + '</' + node.localName + '>';
}
return toolbar ? walk(toolbar).replace(/readerbox-\d+-/g, 'readerbox-N-') : null;
"#;

/// A host page with the toolbar (`#t`) above the article's comment area (`#c`).
fn toolbar_page(widget: &str) -> String {
    format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Artikel</title>
<script src="/trap.js"></script><script src="{widget}/readerbox/embed.js"></script></head>
<body><article><h1>Artikel</h1>
<div id="t" data-readerbox-toolbar data-readerbox-contact="/kontakt.html"><a href="mailto:?subject=Artikel">Artikel versenden</a></div>
<p>Text.</p></article>
<section id="c" data-readerbox-comments data-readerbox-uri="/a/toolbar.html"></section>
</body></html>"#
    )
}

/// Records the page's CSP violations (an external script: the strict policy allows it).
const VIOLATION_TRAP: &str = "window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});";

/// Server, proxy holding the wasm back, and the toolbar page under a strict CSP.
async fn toolbar_held_wasm() -> (Server, FaultProxy, HostSite) {
    held_wasm_serving(|widget| {
        let policy = format!(
            "default-src 'self'; script-src 'self' {widget} 'wasm-unsafe-eval'; style-src 'self' {widget}; connect-src {widget}"
        );
        vec![
            HostPage::html("/artikel.html", toolbar_page(widget))
                .with_header("content-security-policy", policy),
            HostPage::script("/trap.js", VIOLATION_TRAP),
        ]
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_toolbar_fragment_is_cacheable_and_takes_only_safe_links() {
    let server = Server::start().await;
    let client = reqwest::Client::new();
    let url = server.url("/embed/toolbar?lang=en&comments=1&contact=%2Fkontakt.html");
    let first = client.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "text/html; charset=utf-8");
    assert!(first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("s-maxage"));
    let etag = first.headers()["etag"].clone();
    let html = first.text().await.unwrap();
    assert!(html.starts_with(
        "<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"/embed/readerbox-"
    ));
    for tool in [
        "Text size:",
        "Send article",
        ">Comment<",
        "Print version",
        "Letter to the editor",
        "Add to favourites",
        "Reading list (0)",
        "Correction",
        "href=\"/kontakt.html\">Contact<",
    ] {
        assert!(html.contains(tool), "{tool} in {html}");
    }
    assert!(!html.contains(" style="), "no style attribute (strict CSP)");
    assert!(!html.contains("<script"), "nothing that runs");
    let again = client
        .get(&url)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let hostile = client
        .get(server.url("/embed/toolbar?contact=javascript%3Aalert(1)&lang=de"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(hostile.contains("Schriftgröße:"), "{hostile}");
    assert!(
        !hostile.contains("javascript") && !hostile.contains("readerbox-contact"),
        "an unsafe contact link is left out, as the widget leaves it out: {hostile}"
    );
    assert!(
        !hostile.contains("readerbox-comment-tool"),
        "no \"Kommentar\" without a comment area"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_toolbar_shows_before_the_wasm_with_the_readers_settings_and_the_widget_takes_it_over()
{
    let (_server, proxy, site) = toolbar_held_wasm().await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;
    browser
        .script(
            "localStorage.setItem('readerbox:font-size', 'gross');
             localStorage.setItem('readerbox:favorites', JSON.stringify([{url: location.href.split('#')[0],
               title: 'Artikel', saved_at: '2026-12-01T05:00:00Z'}]));",
        )
        .await;
    browser.goto(&site.url("/artikel.html")).await;

    browser.element("#t >> .readerbox-toolbar").await;
    assert!(proxy.holding() >= 1, "the wasm has not arrived");
    assert_eq!(
        browser
            .attribute("#t", "data-readerbox-drawn")
            .await
            .as_deref(),
        Some("server")
    );
    assert_eq!(
        browser
            .attribute("#t >> [data-size='gross']", "aria-pressed")
            .await
            .as_deref(),
        Some("true"),
        "the reader's font size shows as chosen"
    );
    browser
        .wait_text("#t >> .readerbox-favorites-open", "Merkliste (1)")
        .await;
    assert_eq!(
        browser
            .attribute("#t >> .readerbox-favorite-toggle", "aria-pressed")
            .await
            .as_deref(),
        Some("true"),
        "the article is on the reader's Merkliste"
    );

    // The font size works before the wasm: embed.js applies it at once.
    browser.click("#t >> [data-size='klein']").await;
    browser
        .eventually("the article is set small", || async {
            let size = browser
                .script("return getComputedStyle(document.querySelector('article p')).fontSize;")
                .await;
            (size == json!("14px")).then_some(())
        })
        .await;
    assert!(proxy.holding() >= 1, "still without the wasm");
    assert_eq!(
        browser.script("return window.__violations;").await,
        json!([]),
        "the server's toolbar and comments under a strict CSP"
    );
    assert_eq!(
        browser.axe_violations(&["#t", "#c"]).await,
        Vec::<String>::new(),
        "the server's first screen passes axe"
    );
    // axe's own inline styles are not ours.
    browser.script("window.__violations = [];").await;
    let before = dom_of(&browser, TOOLBAR_DOM_OF, "#t").await;
    assert!(before.contains("\"Kommentar\""), "{before}");

    proxy.release();
    browser.element("#t >> dialog").await;
    let after = dom_of(&browser, TOOLBAR_DOM_OF, "#t").await;
    assert_eq!(before, after, "the widget draws what the server drew");
    assert_eq!(
        browser
            .script(
                "return document.querySelector('#t').shadowRoot.querySelectorAll('link').length;"
            )
            .await,
        json!(0),
        "the server's stylesheet link is gone"
    );
    assert_eq!(
        browser.script("return window.__violations;").await,
        json!([]),
        "the widget taking over, under a strict CSP"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn toolbar_clicks_made_before_the_wasm_are_carried_out_after() {
    let (_server, proxy, site) = toolbar_held_wasm().await;
    let browser = Browser::start().await;
    browser.goto(&site.url("/artikel.html")).await;
    browser.element("#t >> .readerbox-letter").await;
    assert!(proxy.holding() >= 1, "the wasm has not arrived");
    browser.click("#t >> .readerbox-share").await;
    browser.click("#t >> .readerbox-letter").await;

    proxy.release();
    browser.element("#t >> dialog[open] textarea").await;
    assert_eq!(
        browser
            .attribute("#t >> .readerbox-share", "aria-expanded")
            .await
            .as_deref(),
        Some("true"),
        "the share menu opened too"
    );
    browser.close().await;
}
