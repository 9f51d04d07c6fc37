//! Hostile input end to end: a corpus of XSS payloads (`data/xss-payloads.json`: tags,
//! event handlers, dangerous URLs in every Markdown link and autolink form, attribute
//! breaking, entity and Unicode tricks, RTL overrides, zero-width characters) posted
//! through the real API into every text field: comment text, author, website,
//! corrections and letters. The widget shows them on a host page WITHOUT a CSP, with a
//! trap that records any script that runs; the editors' UI shows them too; and the
//! server's first screen (`/embed/comments`) shows them inlined into a page read with
//! JavaScript disabled. No script runs, no foreign element or attribute appears, and
//! what was stored comes back unchanged.

use readerbox_e2e::{Browser, HostPage, HostSite, Server};
use readerbox_server::http::admin::hash_password;
use serde_json::{json, Value};

const PAYLOADS: &str = include_str!("data/xss-payloads.json");
const TOKEN: &str = "redaktion-0123456789";
const PASSWORD: &str = "sehr geheim";
const ARTICLES: [&str; 2] = ["/xss/a.html", "/xss/b.html"];
const WEBSITES: &str = "/xss/websites.html";

/// Any call of these records a hit: payloads call `pwn(n)` or `alert(…)`.
const TRAP: &str = "window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print', 'pwn', 'msgbox']) {
  window[name] = function () { window.__xss.push(name + '(' + Array.from(arguments).join(',') + ')'); };
}";

/// Walks the document and every open shadow root: returns each element or attribute
/// that no page of ours would have.
const DOM_AUDIT: &str = r#"
const problems = [];
const markdown = new Set(['P','EM','STRONG','DEL','A','UL','OL','LI','BLOCKQUOTE','CODE','PRE','BR','HR']);
const foreign = new Set(['IFRAME','OBJECT','EMBED','FRAME','FRAMESET','BASE','META','IMG','VIDEO','AUDIO',
  'TEMPLATE','STYLE','LINK','MARQUEE','X','MATH','NOSCRIPT','ISINDEX','SOURCE','MGLYPH','DETAILS']);
function walk(root, inShadow) {
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(el.tagName + ' ' + name + '=' + attr.value);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'srcdoc'].includes(name)) {
        const value = attr.value.trim().toLowerCase();
        const fine = value === '' || value.startsWith('http:') || value.startsWith('https:')
          || value.startsWith('mailto:') || value.startsWith('#') || value.startsWith('/')
          || value.startsWith('./') || value.startsWith('readerbox');
        if (!fine) problems.push(el.tagName + ' ' + name + '=' + attr.value);
      }
    }
    // The server's first screen carries its stylesheet and the page's JSON (data, never
    // run) at the top of the shadow root, until the widget takes over.
    const firstScreen = inShadow && el.parentNode === root
      && el.matches('link[rel=stylesheet][href*="/embed/readerbox-"], script.readerbox-first-page[type="application/json"]');
    const ours = firstScreen || (!inShadow && !el.closest('li.comment, li.report, li.letter'));
    if (el.tagName === 'SCRIPT' && !firstScreen && (!ours || /pwn\(\d|evil/.test(el.textContent + (el.src || '')))) {
      problems.push('script ' + el.outerHTML.slice(0, 80));
    }
    if (foreign.has(el.tagName) && !ours) problems.push('element ' + el.tagName);
    if (el.matches('.readerbox-text *, li.comment .text *, li.report .text *, li.letter .text *')
        && !markdown.has(el.tagName)) {
      problems.push('in a comment: ' + el.tagName);
    }
    if (el.shadowRoot) walk(el.shadowRoot, true);
  }
}
walk(document, false);
return problems;
"#;

fn payloads() -> Vec<String> {
    serde_json::from_str(PAYLOADS).expect("the corpus is a JSON array of strings")
}

/// A payload as an author name: one line, within the 80-character limit, trimmed.
fn as_name(payload: &str) -> String {
    let line: String = payload
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect();
    let name = line.trim().to_owned();
    if name.is_empty() {
        "Anonym".into()
    } else {
        name
    }
}

async fn send(server: &Server, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(server.url(path))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn audit(browser: &Browser, what: &str) {
    let problems = browser.script(DOM_AUDIT).await;
    assert_eq!(problems, json!([]), "foreign markup in {what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn xss_payloads_in_every_field_never_run_and_round_trip_unchanged() {
    let payloads = payloads();
    assert!(payloads.len() >= 100, "{} payloads", payloads.len());
    let (mut site, listener) = HostSite::bind().await;
    let hash = hash_password(PASSWORD);
    let origin = site.origin.clone();
    let server = Server::start_with(move |config| {
        config.allowed_origins = vec![origin];
        config.admin_token = Some(TOKEN.into());
        config.admin_users = vec![format!("anna:{hash}")];
        config.page_size = 100;
        config.pow_bits = 0;
        config.max_links = 100;
        config.writes_per_minute = 10_000;
        config.reports_per_minute = 10_000;
    })
    .await;

    // Comments: the payload as text and as the author's name, half on each article.
    let half = payloads.len().div_ceil(2);
    for (n, payload) in payloads.iter().enumerate() {
        let uri = ARTICLES[n / half];
        let body = json!({"uri": uri, "text": payload, "author": as_name(payload)});
        let (status, answer) = send(&server, "/api/v1/comments", &body).await;
        assert_eq!(status, 201, "posting {payload:?}: {answer}");
    }
    // Websites: stored exactly when an http(s) URL, else refused naming the field.
    let mut websites_stored = Vec::new();
    for payload in &payloads {
        let body =
            json!({"uri": WEBSITES, "text": "Meine Seite", "author": "Web", "website": payload});
        let (status, answer) = send(&server, "/api/v1/comments", &body).await;
        match status {
            201 => {
                assert_eq!(answer["comment"]["website"], json!(payload));
                websites_stored.push(payload.clone());
            }
            _ => {
                assert_eq!(status, 422, "website {payload:?}: {answer}");
                assert_eq!(answer["error"]["field"], "website", "{payload:?}");
            }
        }
    }
    // Corrections and letters for the editors.
    for payload in &payloads {
        let article = "https://news.example/xss/a.html";
        let correction = json!({"uri": ARTICLES[0], "article_url": article,
            "selection": payload.chars().take(300).collect::<String>(),
            "category": "fact", "message": payload});
        let (status, answer) = send(&server, "/api/v1/corrections", &correction).await;
        assert_eq!(status, 201, "correction {payload:?}: {answer}");
        let letter = json!({"uri": ARTICLES[0], "article_title": "XSS", "article_url": article,
            "name": as_name(payload), "city": as_name(payload), "email": "leser@example.org",
            "address": payload, "text": payload, "consent": true});
        let (status, answer) = send(&server, "/api/v1/letters", &letter).await;
        assert_eq!(status, 201, "letter {payload:?}: {answer}");
    }

    // Round trip: the API returns exactly what was sent.
    let mut texts = Vec::new();
    for uri in ARTICLES {
        let page = server.comment_page(uri, "&limit=100").await;
        for comment in page["comments"].as_array().unwrap() {
            let text = comment["text"].as_str().unwrap().to_owned();
            assert_eq!(
                comment["author"],
                json!(as_name(&text)),
                "author of {text:?}"
            );
            texts.push(text);
        }
    }
    let (mut sent, mut got) = (payloads.clone(), texts);
    sent.sort();
    got.sort();
    assert_eq!(got, sent, "every text stored and returned unchanged");
    let corrections = server.admin_get("/api/v1/admin/corrections", TOKEN).await;
    let mut messages: Vec<String> = corrections
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["message"].as_str().unwrap().to_owned())
        .collect();
    messages.sort();
    assert_eq!(messages, sent, "corrections unchanged");
    let letters = server.admin_get("/api/v1/admin/letters", TOKEN).await;
    let mut letter_texts: Vec<String> = letters
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            // Optional one-line fields are trimmed at the edges; the text is kept as sent.
            assert_eq!(
                l["address"].as_str().unwrap(),
                l["text"].as_str().unwrap().trim()
            );
            l["text"].as_str().unwrap().to_owned()
        })
        .collect();
    letter_texts.sort();
    assert_eq!(letter_texts, sent, "letters unchanged");

    // The widget, on a host page without any CSP: nothing may run.
    let widget = server.origin();
    let hosts: String = ARTICLES
        .iter()
        .chain([&WEBSITES])
        .enumerate()
        .map(|(n, uri)| {
            format!(r#"<section id="h{n}" data-readerbox-comments data-readerbox-uri="{uri}"></section>"#)
        })
        .collect();
    let page = format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>XSS</title>
<script>{TRAP}</script>
<script src="{widget}/readerbox/embed.js" defer></script></head>
<body><h1>Artikel</h1>{hosts}</body></html>"#
    );
    site.serve(listener, vec![HostPage::html("/xss.html", page)]);
    let browser = Browser::start_sized(1200, 20_000).await;
    browser.goto(&site.url("/xss.html")).await;
    for (n, expected) in [half, payloads.len() - half, websites_stored.len()]
        .into_iter()
        .enumerate()
    {
        let selector = format!("#h{n} >> li.readerbox-comment");
        browser
            .eventually(&format!("{expected} comments in #h{n}"), || async {
                (browser.count(&selector).await == expected).then_some(())
            })
            .await;
    }
    // The widget has taken over the server's first screen in every host.
    for n in 0..3 {
        browser
            .element(&format!("#h{n} >> .readerbox-form-main"))
            .await;
    }
    // Hostile but valid websites link the author's name with exactly that address.
    assert!(
        !websites_stored.is_empty(),
        "some tricky URLs are valid websites"
    );
    let hrefs = browser
        .script(
            "return Array.from(document.querySelector('#h2').shadowRoot
               .querySelectorAll('a.readerbox-author'), a => a.getAttribute('href'));",
        )
        .await;
    let mut hrefs: Vec<String> = serde_json::from_value(hrefs).unwrap();
    hrefs.sort();
    let mut expected_hrefs = websites_stored.clone();
    expected_hrefs.sort();
    assert_eq!(hrefs, expected_hrefs);
    // A payload is shown as the text it is.
    let first = browser
        .text_when("#h0 >> .readerbox-text", |t| !t.is_empty())
        .await;
    assert!(first.contains("<script>pwn(1)</script>"), "{first:?}");
    audit(&browser, "the widget").await;
    // Hover and focus everything, as a reader moving around would.
    browser
        .script(
            "for (const host of document.querySelectorAll('[data-readerbox-comments]'))
               for (const el of host.shadowRoot.querySelectorAll('*')) {
                 for (const type of ['mouseover', 'pointerover', 'focus', 'click'])
                   if (!(type === 'click' && el.closest('button, a, input, textarea, label, summary')))
                     el.dispatchEvent(new Event(type, {bubbles: true}));
               }",
        )
        .await;
    assert_eq!(
        browser.script("return window.__xss;").await,
        json!([]),
        "a payload ran"
    );
    browser.close().await;

    // The server's first screen, inlined into a page as a CMS does it, read with
    // JavaScript disabled.
    let mut inlined = String::new();
    for uri in ARTICLES.iter().chain([&WEBSITES]) {
        let fragment = reqwest::get(server.url(&format!("/embed/comments?uri={uri}")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        inlined.push_str(&format!(
            r#"<section data-readerbox-comments data-readerbox-uri="{uri}">{fragment}</section>"#
        ));
    }
    let (mut cms, listener) = HostSite::bind().await;
    let page = format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>XSS</title>
<base href="{widget}/"></head><body><h1>Artikel</h1>{inlined}</body></html>"#
    );
    cms.serve(listener, vec![HostPage::html("/inlined.html", page)]);
    let reader = Browser::start_sized(1200, 20_000).await;
    reader
        .cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": true}),
        )
        .await;
    reader.goto(&cms.url("/inlined.html")).await;
    let found = reader
        .cdp(
            "Runtime.evaluate",
            json!({
                "expression": format!("(() => {{ {DOM_AUDIT} }})().concat([document.querySelectorAll('[data-readerbox-comments]')[0].shadowRoot.querySelectorAll('li.readerbox-comment').length])"),
                "returnByValue": true,
            }),
        )
        .await;
    assert_eq!(
        found["result"]["value"],
        json!([half]),
        "no foreign markup, and every comment shown, in the server's first screen: {found}"
    );
    reader.close().await;

    // The editors' UI: comments of both articles, the corrections and the letters.
    let editor = Browser::start_sized(1200, 20_000).await;
    editor.log_in_as_editor(&server, "anna", PASSWORD).await;
    editor.click(".tabs li:nth-child(2) button").await;
    for (n, uri) in ARTICLES.iter().enumerate() {
        let row = format!("tr[data-uri='{uri}']");
        editor.click(&format!("{row} .show")).await;
        let expected = if n == 0 { half } else { payloads.len() - half };
        editor
            .eventually(&format!("{expected} comments of {uri}"), || async {
                (editor.count("li.comment").await == expected).then_some(())
            })
            .await;
        audit(&editor, &format!("the editors' comments of {uri}")).await;
    }
    editor.click(".tabs li:nth-child(3) button").await;
    editor
        .eventually("all corrections listed", || async {
            (editor.count("li.report").await == payloads.len()).then_some(())
        })
        .await;
    audit(&editor, "the corrections inbox").await;
    editor.click(".tabs li:nth-child(4) button").await;
    editor
        .eventually("all letters listed", || async {
            (editor.count("li.letter").await == payloads.len()).then_some(())
        })
        .await;
    audit(&editor, "the letters inbox").await;
    editor.close().await;
    println!(
        "hostile input: {} payloads, each as comment text, name, correction, letter; {} websites stored, {} refused",
        payloads.len(),
        websites_stored.len(),
        payloads.len() - websites_stored.len()
    );
}
