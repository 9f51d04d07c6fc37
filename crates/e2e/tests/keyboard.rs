//! Keyboard only, on the demo article page: post a comment, reply, vote, change the font
//! size, report a correction of a marked passage and send a letter, moving with Tab and
//! Shift+Tab and acting with Enter, Space and Escape (text typed as keys). After every
//! key the focused element, wherever it is (page or shadow root), shows a visible focus
//! indicator. And at 200 % text size nothing in the widget or toolbar is clipped.

use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};
use serde_json::Value;

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const ESCAPE: char = '\u{E00C}';
const SHIFT: char = '\u{E008}';
const SPACE: char = ' ';

/// The focused element through shadow roots, as `el`; then `{what, visible, matches}`
/// where `matches` is the caller's predicate over `el`.
fn focus_probe(predicate: &str) -> String {
    format!(
        "let el = document.activeElement;
         while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
         if (!el || el === document.body || el === document.documentElement)
           return {{what: 'body', visible: true, matches: false}};
         const style = getComputedStyle(el);
         const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
         const ring = style.boxShadow && style.boxShadow !== 'none';
         const label = (el.getAttribute('aria-label') || el.name || el.textContent || '').trim().slice(0, 40);
         return {{what: el.tagName.toLowerCase() + '.' + el.className + ' ' + label,
                 visible: outline || ring, matches: !!({predicate})}};"
    )
}

/// A reader at the keyboard: every key is checked for visible focus.
struct Reader<'a> {
    browser: &'a Browser,
    keys: usize,
}

impl Reader<'_> {
    async fn probe(&self, predicate: &str) -> Value {
        self.browser.script(&focus_probe(predicate)).await
    }

    async fn key(&mut self, keys: &[char]) {
        self.browser.press(keys).await;
        self.keys += 1;
        let focus = self.probe("false").await;
        assert_eq!(
            focus["visible"], true,
            "no visible focus on {} after {keys:?}",
            focus["what"]
        );
    }

    /// Tabs (or Shift+Tabs) until the focused element satisfies `predicate` (JS over `el`).
    async fn tab_to(&mut self, predicate: &str, backwards: bool) {
        for _ in 0..150 {
            if self.probe(predicate).await["matches"] == true {
                return;
            }
            if backwards {
                self.key(&[SHIFT, TAB]).await;
            } else {
                self.key(&[TAB]).await;
            }
        }
        panic!("Tab never reached {predicate}");
    }

    async fn type_text(&mut self, text: &str) {
        for ch in text.chars() {
            self.browser.press(&[ch]).await;
        }
    }

    async fn assert_focus(&self, predicate: &str, what: &str) {
        let focus = self.probe(predicate).await;
        assert_eq!(
            focus["matches"], true,
            "{what}; focus is on {}",
            focus["what"]
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_does_everything_by_keyboard_with_visible_focus() {
    let server =
        Server::start_with(|config| config.admin_token = Some("redaktion-0123456789".into())).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    browser
        .element(".comments-host >> .readerbox-form-main")
        .await;
    browser.element(".toolbar-host >> .readerbox-print").await;
    let mut reader = Reader {
        browser: &browser,
        keys: 0,
    };

    // Post a comment.
    reader
        .tab_to(
            "el.matches('textarea[name=text]') && el.closest('.readerbox-form-main')",
            false,
        )
        .await;
    reader.type_text("Per Tastatur geschrieben.").await;
    reader
        .tab_to(
            "el.matches('.readerbox-send') && el.closest('.readerbox-form-main')",
            false,
        )
        .await;
    reader.key(&[ENTER]).await;
    browser
        .text_when(
            ".comments-host >> li.readerbox-comment .readerbox-text",
            |t| t.contains("Per Tastatur geschrieben."),
        )
        .await;

    // Reply to it: "Antworten" opens a form with the focus in it.
    reader.tab_to("el.matches('.readerbox-reply')", true).await;
    reader.key(&[ENTER]).await;
    reader
        .assert_focus(
            "el.matches('textarea[name=text]')",
            "the reply form takes the focus",
        )
        .await;
    reader.type_text("Antwort ohne Maus.").await;
    reader
        .tab_to(
            "el.matches('.readerbox-send') && !el.closest('.readerbox-form-main')",
            false,
        )
        .await;
    reader.key(&[ENTER]).await;
    browser
        .text_when(
            ".comments-host >> .readerbox-replies .readerbox-text",
            |t| t.contains("Antwort ohne Maus."),
        )
        .await;

    // Vote with Space.
    reader
        .tab_to("el.matches('.readerbox-vote-up')", true)
        .await;
    reader.key(&[SPACE]).await;
    browser
        .eventually("the vote is pressed", || async {
            (browser
                .count(".comments-host >> .readerbox-vote-up[aria-pressed=true]")
                .await
                == 1)
                .then_some(())
        })
        .await;

    // Font size "groß" in the toolbar.
    reader.tab_to("el.matches('[data-size=gross]')", true).await;
    reader.key(&[ENTER]).await;
    let scale = browser
        .script(
            "const a = document.querySelector('article');
             return parseFloat(getComputedStyle(a).fontSize) / parseFloat(getComputedStyle(a.parentElement).fontSize);",
        )
        .await;
    assert!(scale.as_f64().unwrap() > 1.2, "the article grew: {scale}");

    // Korrektur of a marked passage (marking text needs a pointer or caret browsing,
    // so the test marks it as a reader's mouse would).
    browser.select_in_article("42 Kilometern").await;
    reader
        .tab_to("el.matches('.readerbox-correction')", false)
        .await;
    reader.key(&[ENTER]).await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-selection mark",
            "42 Kilometern",
        )
        .await;
    reader
        .tab_to("el.matches('textarea[name=message]')", false)
        .await;
    reader.type_text("Es sind 24 Kilometer.").await;
    reader
        .tab_to(
            "el.matches('button[type=submit]') && el.closest('dialog[open]')",
            false,
        )
        .await;
    reader.key(&[ENTER]).await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-notice",
            "Danke! Ihre Korrektur ist bei der Redaktion angekommen.",
        )
        .await;
    reader.key(&[ESCAPE]).await;
    reader
        .assert_focus(
            "el.matches('.readerbox-correction')",
            "focus returns to Korrektur",
        )
        .await;

    // Leserbrief.
    reader.tab_to("el.matches('.readerbox-letter')", true).await;
    reader.key(&[ENTER]).await;
    browser.element(".toolbar-host >> dialog[open] form").await;
    for (name, value) in [
        ("name", "Erika Muster"),
        ("city", "Beispielstadt"),
        ("email", "erika@example.org"),
        ("text", "Sehr geehrte Redaktion, danke für den Bericht."),
    ] {
        reader
            .tab_to(
                &format!("el.matches('[name={name}]') && el.closest('dialog[open]')"),
                false,
            )
            .await;
        reader.type_text(value).await;
    }
    reader
        .tab_to("el.matches('input[name=consent]')", false)
        .await;
    reader.key(&[SPACE]).await;
    reader
        .tab_to(
            "el.matches('button[type=submit]') && el.closest('dialog[open]')",
            false,
        )
        .await;
    reader.key(&[ENTER]).await;
    browser
        .wait_text(
            ".toolbar-host >> dialog[open] .readerbox-notice",
            "Danke! Ihr Leserbrief ist bei der Redaktion angekommen.",
        )
        .await;
    reader.key(&[ESCAPE]).await;

    // What the keyboard did reached the server.
    let page = server.comment_page(DEMO_ARTICLE_URI, "").await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["comments"][0]["score"], 1);
    println!(
        "keyboard: {} keys pressed, focus visible after each",
        reader.keys
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn at_200_percent_text_nothing_is_clipped() {
    let server = Server::start().await;
    server
        .post_comment(DEMO_ARTICLE_URI, "Erika Mustermann-Beispielfrau", "Ein **langer** Kommentar mit [Link](https://example.org/ein/sehr/langer/pfad) und mehr Text, der umbrechen muss.")
        .await;
    let browser = Browser::start_sized(1000, 900).await;
    browser.goto(&server.url("/")).await;
    browser
        .element(".comments-host >> li.readerbox-comment")
        .await;
    browser.element(".toolbar-host >> .readerbox-print").await;
    // Text zoom: the reader's default font size doubled (what the browser setting does).
    let clipped = browser
        .script(
            "document.documentElement.style.fontSize = '200%';
             const clipped = [];
             for (const host of document.querySelectorAll('.comments-host, .toolbar-host')) {
               const box = host.getBoundingClientRect();
               for (const el of host.shadowRoot.querySelectorAll('*')) {
                 const s = getComputedStyle(el);
                 if (s.display === 'none' || el.closest('[hidden], .readerbox-visually-hidden, .readerbox-honeypot')) continue;
                 const r = el.getBoundingClientRect();
                 if (r.width === 0 && r.height === 0) continue;
                 const hides = s.overflowX !== 'visible' || s.overflowY !== 'visible';
                 if (hides && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
                     && !['TEXTAREA', 'svg'].includes(el.tagName))
                   clipped.push(el.tagName + '.' + el.className + ' scroll ' + el.scrollWidth + '>' + el.clientWidth);
                 if (r.right > box.right + 1 || r.left < box.left - 1)
                   clipped.push(el.tagName + '.' + el.className + ' outside the host');
               }
             }
             return {clipped, fontSize: getComputedStyle(document.querySelector('.comments-host').shadowRoot.querySelector('.readerbox-text')).fontSize};",
        )
        .await;
    assert_eq!(clipped["clipped"], serde_json::json!([]), "{clipped}");
    let size: f64 = clipped["fontSize"]
        .as_str()
        .unwrap()
        .trim_end_matches("px")
        .parse()
        .unwrap();
    assert!(
        size >= 28.0,
        "the widget's text follows the reader's text size: {size}px"
    );
    browser.close().await;
}
