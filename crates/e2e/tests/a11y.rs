//! Accessibility in a real browser: axe-core (from the npm registry) injected into the
//! page and run on the widget's and the toolbar's shadow DOM in every state a reader
//! meets (empty thread, thread with replies and votes, preview, field errors, each
//! dialog, dark theme), in German and English. Zero violations at the WCAG 2.0–2.2 A
//! and AA rules.

use fantoccini::key::Key;
use readerbox_e2e::{Browser, HostPage, HostSite, Server};
use serde_json::json;

const THREAD: &str = "/a11y/thread.html";
const EMPTY: &str = "/a11y/leer.html";
const HOSTS: &[&str] = &["#toolbar", "#comments"];

fn page(widget: &str, lang: &str, theme: &str, uri: &str) -> String {
    format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Artikel</title>
<script src="{widget}/readerbox/embed.js" defer></script></head>
<body><main><article><h1>Stadtrat beschließt Radwegenetz</h1>
<p>Der Stadtrat hat am Dienstag ein Netz von 42 Kilometern Radwegen beschlossen.</p></article>
<div id="toolbar" data-readerbox-toolbar data-readerbox-theme="{theme}"
     data-readerbox-contact="mailto:redaktion@example.org"
     data-readerbox-privacy="https://www.example.org/datenschutz.html"></div>
<section id="comments" data-readerbox-comments data-readerbox-uri="{uri}" data-readerbox-theme="{theme}"></section>
</main></body></html>"#
    )
}

/// Runs axe on both hosts; collects what it finds under `state`.
async fn check(browser: &Browser, state: &str, found: &mut Vec<String>, states: &mut usize) {
    *states += 1;
    for violation in browser.axe_violations(HOSTS).await {
        found.push(format!("[{state}] {violation}"));
    }
}

async fn escape(browser: &Browser) {
    browser.press(&[Key::Escape.into()]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_aa_violation_in_any_state_in_german_and_english() {
    let (mut site, listener) = HostSite::bind().await;
    let origin = site.origin.clone();
    let server = Server::start_with(move |config| {
        config.allowed_origins = vec![origin];
        config.pow_bits = 0;
    })
    .await;
    let first = server
        .post_comment(THREAD, "Anna", "Endlich! **Gute** Nachricht.")
        .await;
    server
        .post_json(
            json!({"uri": THREAD, "author": "Ben", "text": "Finde ich auch.", "parent_id": first}),
        )
        .await;
    let second = server
        .post_comment(THREAD, "Cem", "Und wer [bezahlt](https://example.org) das?")
        .await;
    server
        .post_json(json!({"uri": THREAD, "author": "Dora", "text": "> bezahlt\n\nDie Stadt.", "parent_id": second}))
        .await;
    reqwest::Client::new()
        .post(server.url(&format!("/api/v1/comments/{second}/vote")))
        .json(&json!({"voter": "leser-0000000000000001", "value": 1}))
        .send()
        .await
        .unwrap();

    let widget = server.origin();
    let mut pages = Vec::new();
    for lang in ["de", "en"] {
        let path = |suffix: &str| -> &'static str {
            Box::leak(format!("/{lang}{suffix}.html").into_boxed_str())
        };
        pages.push(HostPage::html(
            path(""),
            page(&widget, lang, "light", THREAD),
        ));
        pages.push(HostPage::html(
            path("-leer"),
            page(&widget, lang, "light", EMPTY),
        ));
        pages.push(HostPage::html(
            path("-dunkel"),
            page(&widget, lang, "dark", THREAD),
        ));
    }
    site.serve(listener, pages);

    let browser = Browser::start().await;
    let mut found = Vec::new();
    let mut states = 0;
    for lang in ["de", "en"] {
        browser.goto(&site.url(&format!("/{lang}-leer.html"))).await;
        browser.element("#comments >> .readerbox-empty").await;
        browser.element("#toolbar >> .readerbox-print").await;
        check(
            &browser,
            &format!("{lang}: empty thread"),
            &mut found,
            &mut states,
        )
        .await;

        browser.goto(&site.url(&format!("/{lang}.html"))).await;
        browser
            .eventually("the thread shows", || async {
                (browser.count("#comments >> li.readerbox-comment").await == 4).then_some(())
            })
            .await;
        browser.element("#toolbar >> .readerbox-print").await;
        // The vote is remembered in this browser: pressed once, in the first language.
        if lang == "de" {
            browser
                .click("#comments >> li.readerbox-comment .readerbox-vote-up")
                .await;
        }
        browser
            .eventually("the vote is pressed", || async {
                (browser
                    .count("#comments >> .readerbox-vote-up[aria-pressed=true]")
                    .await
                    == 1)
                    .then_some(())
            })
            .await;
        check(
            &browser,
            &format!("{lang}: thread with replies and votes"),
            &mut found,
            &mut states,
        )
        .await;

        let text = "#comments >> form textarea[name=text]";
        browser
            .type_into(text, "**fett** und [Link](https://example.org)")
            .await;
        browser
            .click("#comments >> form .readerbox-preview-toggle")
            .await;
        browser
            .element("#comments >> form .readerbox-preview strong")
            .await;
        check(
            &browser,
            &format!("{lang}: preview"),
            &mut found,
            &mut states,
        )
        .await;
        browser
            .click("#comments >> form .readerbox-preview-toggle")
            .await;

        browser
            .type_into("#comments >> form input[name=website]", "kein Link")
            .await;
        browser.click("#comments >> form .readerbox-send").await;
        browser
            .element("#comments >> form input[name=website][aria-invalid=true]")
            .await;
        check(
            &browser,
            &format!("{lang}: form with a field error"),
            &mut found,
            &mut states,
        )
        .await;

        for (tool, state) in [
            (".readerbox-correction", "Korrektur dialog"),
            (".readerbox-letter", "Leserbrief dialog"),
            (".readerbox-favorites-open", "Merkliste dialog"),
        ] {
            browser.click(&format!("#toolbar >> {tool}")).await;
            browser.element("#toolbar >> dialog[open]").await;
            check(
                &browser,
                &format!("{lang}: {state}"),
                &mut found,
                &mut states,
            )
            .await;
            escape(&browser).await;
            browser
                .eventually("the dialog closes", || async {
                    (browser.count("#toolbar >> dialog[open]").await == 0).then_some(())
                })
                .await;
        }
        browser.click("#toolbar >> .readerbox-share").await;
        browser
            .eventually("the share menu opens", || async {
                (browser
                    .attribute("#toolbar >> .readerbox-share", "aria-expanded")
                    .await
                    .as_deref()
                    == Some("true"))
                .then_some(())
            })
            .await;
        check(
            &browser,
            &format!("{lang}: Artikel versenden open"),
            &mut found,
            &mut states,
        )
        .await;

        browser
            .goto(&site.url(&format!("/{lang}-dunkel.html")))
            .await;
        browser
            .eventually("the dark thread shows", || async {
                (browser.count("#comments >> li.readerbox-comment").await == 4).then_some(())
            })
            .await;
        browser.element("#toolbar >> .readerbox-print").await;
        check(
            &browser,
            &format!("{lang}: dark theme"),
            &mut found,
            &mut states,
        )
        .await;
    }
    // The check can fail: a nameless button planted in the shadow root is found.
    browser
        .script("document.querySelector('#comments').shadowRoot.append(document.createElement('button'));")
        .await;
    let planted = browser.axe_violations(HOSTS).await;
    assert!(
        planted.iter().any(|v| v.starts_with("button-name")),
        "axe sees into the shadow root: {planted:?}"
    );
    browser.close().await;
    println!("axe: {states} states checked, {} violations", found.len());
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    assert_eq!(states, 18);
}
