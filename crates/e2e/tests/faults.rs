//! Faults, as readers meet them: for loading, posting, editing, voting, a correction and
//! a letter, the API is stopped, answers 500, answers after 10 s, drops the answer after
//! storing, or the browser goes offline (DevTools network conditions). Each time the
//! reader gets a clear message in their language, keeps what they wrote (also across a
//! reload), and a retry works once the API is back; nothing is ever stored twice. A
//! server restarted mid-session keeps everything it acknowledged.
//!
//! Everything (page, widget, API) loads through a [`FaultProxy`] in front of the server.

use hyper::Method;
use readerbox_e2e::fault::{target, Fault, FaultProxy, Target};
use readerbox_e2e::{Browser, HostPage, HostSite, Server, DEMO_ARTICLE_URI};
use serde_json::json;
use std::time::Duration;

const TOKEN: &str = "redaktion-0123456789";
const NETWORK: &str =
    "Keine Verbindung zum Server. Ihr Text bleibt erhalten – bitte später erneut senden.";
const TIMEOUT: &str =
    "Der Server antwortet gerade nicht. Ihr Text bleibt erhalten – bitte gleich noch einmal senden.";
const SERVER: &str =
    "Der Server konnte das gerade nicht annehmen. Ihr Text bleibt erhalten – bitte später erneut senden.";
const VOTE_FAILED: &str = "Das hat nicht geklappt. Bitte erneut versuchen.";

#[derive(Clone, Copy, Debug)]
enum Case {
    Proxy(Fault),
    Offline,
}

const CASES: [(&str, Case); 5] = [
    ("API gestoppt", Case::Proxy(Fault::Stopped)),
    ("500", Case::Proxy(Fault::ServerError)),
    (
        "10 s langsam",
        Case::Proxy(Fault::Slow(Duration::from_secs(10))),
    ),
    ("Antwort verloren", Case::Proxy(Fault::DropAfterStore)),
    ("offline", Case::Offline),
];

/// What a failed write says, per fault.
fn write_message(case: Case) -> &'static str {
    match case {
        Case::Proxy(Fault::ServerError) => SERVER,
        Case::Proxy(Fault::Slow(_)) => TIMEOUT,
        _ => NETWORK,
    }
}

struct Env {
    server: Server,
    proxy: FaultProxy,
    browser: Browser,
}

impl Env {
    async fn start() -> Self {
        let server = Server::start_with(|config| config.admin_token = Some(TOKEN.into())).await;
        let proxy = FaultProxy::start(server.address).await;
        let browser = Browser::start().await;
        Self {
            server,
            proxy,
            browser,
        }
    }

    async fn open(&self) {
        self.browser.goto(&self.proxy.url("/")).await;
        self.browser
            .element(".toolbar-host >> .readerbox-print")
            .await;
    }

    async fn open_with_comments(&self) {
        self.open().await;
        self.browser
            .element(".comments-host >> .readerbox-form-main")
            .await;
    }

    async fn break_api(&self, case: Case, hits: Target) {
        match case {
            Case::Proxy(fault) => self.proxy.inject(fault, hits),
            Case::Offline => self.browser.set_offline(true).await,
        }
    }

    async fn heal(&self, case: Case) {
        self.proxy.heal();
        if matches!(case, Case::Offline) {
            self.browser.set_offline(false).await;
        }
    }
}

/// Every `expected` text appears exactly once among `stored`.
fn each_once(stored: &[String], expected: &[String]) {
    for text in expected {
        let n = stored.iter().filter(|s| *s == text).count();
        assert_eq!(n, 1, "{text:?} stored {n} times in {stored:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_fails_clearly_and_the_retry_loads() {
    let env = Env::start().await;
    env.server
        .post_comment(DEMO_ARTICLE_URI, "Erika", "Schon da")
        .await;
    // The comments as JSON and as the server-rendered first screen: one server.
    let list = target(Method::GET, |p| {
        p == "/api/v1/comments" || p == "/embed/comments"
    });
    let alert = ".comments-host >> .readerbox-status[role=alert]";
    let retry = ".comments-host >> .readerbox-status[role=alert] button";
    for (name, case) in CASES {
        // Offline needs the page first: it breaks a retry after a stopped API instead.
        let first = if matches!(case, Case::Offline) {
            Case::Proxy(Fault::Stopped)
        } else {
            case
        };
        env.break_api(first, list.clone()).await;
        env.open().await;
        env.browser.element(alert).await;
        assert_eq!(
            env.browser
                .count(".comments-host >> li.readerbox-comment")
                .await,
            0
        );
        if matches!(case, Case::Offline) {
            env.heal(first).await;
            env.break_api(case, list.clone()).await;
            env.browser
                .script("document.querySelector('.comments-host').shadowRoot.querySelector('[role=alert]').dataset.seen = '1';")
                .await;
            env.browser.click(retry).await;
            env.browser
                .element(".comments-host >> .readerbox-status[role=alert]:not([data-seen])")
                .await;
        }
        let shown = env
            .browser
            .script("return document.querySelector('.comments-host').innerText;")
            .await;
        assert!(
            shown
                .as_str()
                .unwrap()
                .contains("Kommentare konnten nicht geladen werden."),
            "{name}: the page's own message shows: {shown}"
        );
        env.heal(case).await;
        env.browser.click(retry).await;
        env.browser
            .wait_text(
                ".comments-host >> li.readerbox-comment .readerbox-text",
                "Schon da",
            )
            .await;
    }
    env.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn posting_keeps_the_text_and_stores_it_once() {
    let mut env = Env::start().await;
    env.open_with_comments().await;
    let text = ".comments-host >> .readerbox-form-main textarea[name=text]";
    let send = ".comments-host >> .readerbox-form-main .readerbox-send";
    let error = ".comments-host >> .readerbox-form-main .readerbox-form-error";
    let post = target(Method::POST, |p| p == "/api/v1/comments");
    let mut written = Vec::new();
    for (name, case) in CASES {
        let mine = format!("Geschrieben trotz Fehler: {name}");
        env.browser.type_into(text, &mine).await;
        env.break_api(case, post.clone()).await;
        env.browser.click(send).await;
        env.browser.wait_text(error, write_message(case)).await;
        assert_eq!(
            env.browser.value(text).await,
            mine,
            "{name}: the text stays"
        );
        env.heal(case).await;
        env.browser.reload().await;
        env.browser
            .element(".comments-host >> .readerbox-form-main")
            .await;
        assert_eq!(
            env.browser.value(text).await,
            mine,
            "{name}: and survives a reload"
        );
        env.browser.click(send).await;
        env.browser
            .eventually(&format!("{name}: the comment shows"), || async {
                let texts = env
                    .browser
                    .script("return Array.from(document.querySelector('.comments-host').shadowRoot.querySelectorAll('.readerbox-text'), e => e.innerText.trim());")
                    .await;
                texts.as_array()?.iter().any(|t| t == &json!(mine)).then_some(())
            })
            .await;
        // (After a lost answer the comment shows from the reload already; the form
        // empties only when the resend is confirmed.)
        env.browser
            .eventually(&format!("{name}: sent, the form is empty"), || async {
                env.browser.value(text).await.is_empty().then_some(())
            })
            .await;
        written.push(mine);
    }
    env.proxy.settle().await;
    each_once(&env.server.texts_of(DEMO_ARTICLE_URI).await, &written);

    // A restart keeps everything the server acknowledged.
    env.server.pause().await;
    env.server.resume().await;
    env.browser.reload().await;
    env.browser
        .eventually("all comments after the restart", || async {
            (env.browser
                .count(".comments-host >> li.readerbox-comment")
                .await
                == written.len())
            .then_some(())
        })
        .await;
    env.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn editing_keeps_the_new_text_and_applies_it_once() {
    let env = Env::start().await;
    env.open_with_comments().await;
    env.browser
        .type_into(
            ".comments-host >> .readerbox-form-main textarea[name=text]",
            "Erste Fassung",
        )
        .await;
    env.browser
        .click(".comments-host >> .readerbox-form-main .readerbox-send")
        .await;
    env.browser
        .wait_text(
            ".comments-host >> li.readerbox-comment .readerbox-text",
            "Erste Fassung",
        )
        .await;
    let edit_form = ".comments-host >> li.readerbox-comment form";
    let put = target(Method::PUT, |p| p.starts_with("/api/v1/comments/"));
    for (name, case) in CASES {
        let mine = format!("Bearbeitet trotz Fehler: {name}");
        env.browser
            .click(".comments-host >> li.readerbox-comment .readerbox-edit")
            .await;
        let field = env
            .browser
            .element(&format!("{edit_form} textarea[name=text]"))
            .await;
        field.clear().await.unwrap();
        field.send_keys(&mine).await.unwrap();
        env.break_api(case, put.clone()).await;
        env.browser
            .click(&format!("{edit_form} .readerbox-send"))
            .await;
        env.browser
            .wait_text(
                &format!("{edit_form} .readerbox-form-error"),
                write_message(case),
            )
            .await;
        env.heal(case).await;
        env.browser.reload().await;
        assert_eq!(
            env.browser
                .value(&format!("{edit_form} textarea[name=text]"))
                .await,
            mine,
            "{name}: the edit reopens with its text after a reload"
        );
        env.browser
            .click(&format!("{edit_form} .readerbox-send"))
            .await;
        env.browser
            .wait_text(
                ".comments-host >> li.readerbox-comment .readerbox-text",
                &mine,
            )
            .await;
        // (After a lost answer the text shows from the reload already; the edit form
        // closes only when the resend is confirmed.)
        env.browser
            .eventually(&format!("{name}: saved, the edit form closes"), || async {
                (env.browser
                    .count(&format!("{edit_form} textarea[name=text]"))
                    .await
                    == 0)
                    .then_some(())
            })
            .await;
    }
    env.proxy.settle().await;
    let stored = env.server.texts_of(DEMO_ARTICLE_URI).await;
    assert_eq!(
        stored,
        ["Bearbeitet trotz Fehler: offline"],
        "one comment, the last edit"
    );
    env.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vote_that_failed_is_counted_once_when_repeated() {
    let env = Env::start().await;
    let mut ids = Vec::new();
    for (name, _) in CASES {
        ids.push(
            env.server
                .post_comment(DEMO_ARTICLE_URI, "Autorin", name)
                .await,
        );
    }
    env.open_with_comments().await;
    let vote = target(Method::POST, |p| p.ends_with("/vote"));
    for ((name, case), id) in CASES.into_iter().zip(&ids) {
        let item = format!(".comments-host >> li[data-id='{id}'] > article");
        let up = format!("{item} .readerbox-vote-up");
        env.break_api(case, vote.clone()).await;
        env.browser.click(&up).await;
        env.browser
            .wait_text(&format!("{item} .readerbox-action-error"), VOTE_FAILED)
            .await;
        assert_eq!(
            env.browser.attribute(&up, "aria-pressed").await.as_deref(),
            Some("false"),
            "{name}: not shown as voted"
        );
        env.heal(case).await;
        env.browser.click(&up).await;
        env.browser
            .wait_text(&format!("{item} .readerbox-score"), "1")
            .await;
        assert_eq!(
            env.browser.attribute(&up, "aria-pressed").await.as_deref(),
            Some("true")
        );
    }
    env.proxy.settle().await;
    let page = env.server.comment_page(DEMO_ARTICLE_URI, "").await;
    for comment in page["comments"].as_array().unwrap() {
        assert_eq!(comment["score"], 1, "{comment}");
    }
    env.browser.close().await;
}

/// A report sent from the toolbar: the two differ only in their fields.
#[derive(Clone, Copy)]
enum Report {
    Correction,
    Letter,
}

impl Report {
    fn tool(self) -> &'static str {
        match self {
            Self::Correction => ".toolbar-host >> .readerbox-correction",
            Self::Letter => ".toolbar-host >> .readerbox-letter",
        }
    }
    /// The field that holds what the reader wrote.
    fn text_field(self) -> &'static str {
        match self {
            Self::Correction => "message",
            Self::Letter => "text",
        }
    }
    fn path(self) -> &'static str {
        match self {
            Self::Correction => "/api/v1/corrections",
            Self::Letter => "/api/v1/letters",
        }
    }
    fn thanks(self) -> &'static str {
        match self {
            Self::Correction => "Danke! Ihre Korrektur ist bei der Redaktion angekommen.",
            Self::Letter => "Danke! Ihr Leserbrief ist bei der Redaktion angekommen.",
        }
    }
    fn written(self, name: &str) -> String {
        match self {
            Self::Correction => format!("Es sind 24 Kilometer ({name})."),
            Self::Letter => format!("Liebe Redaktion, trotz Fehler ({name}) …"),
        }
    }

    /// Opens the dialog and fills everything but the text.
    async fn open(self, env: &Env, dialog: &str) {
        if let Self::Correction = self {
            env.browser.select_in_article("42 Kilometern").await;
        }
        env.browser.click(self.tool()).await;
        if let Self::Letter = self {
            for (field, value) in [
                ("name", "Erika Muster"),
                ("city", "Beispielstadt"),
                ("email", "erika@example.org"),
            ] {
                let input = env
                    .browser
                    .element(&format!("{dialog} [name={field}]"))
                    .await;
                input.clear().await.unwrap();
                input.send_keys(value).await.unwrap();
            }
            env.browser
                .click(&format!("{dialog} input[name=consent]"))
                .await;
        }
    }
}

/// The report survives every fault (also a reload) and arrives exactly once each time.
async fn report_survives_every_fault(report: Report) {
    let env = Env::start().await;
    env.open().await;
    let dialog = ".toolbar-host >> dialog[open]";
    let text = format!("{dialog} textarea[name={}]", report.text_field());
    let path = report.path();
    let hits: Target = std::sync::Arc::new(move |m: &Method, p: &str| {
        *m == Method::POST && p.split('?').next() == Some(path)
    });
    let mut written = Vec::new();
    for (name, case) in CASES {
        let mine = report.written(name);
        report.open(&env, dialog).await;
        env.browser.type_into(&text, &mine).await;
        env.break_api(case, hits.clone()).await;
        env.browser
            .click(&format!("{dialog} button[type=submit]"))
            .await;
        env.browser
            .wait_text(
                &format!("{dialog} .readerbox-form-error"),
                write_message(case),
            )
            .await;
        assert_eq!(
            env.browser.value(&text).await,
            mine,
            "{name}: the text stays"
        );
        env.heal(case).await;
        env.open().await;
        env.browser.click(report.tool()).await;
        assert_eq!(
            env.browser.value(&text).await,
            mine,
            "{name}: and survives a reload"
        );
        if let Report::Correction = report {
            env.browser
                .wait_text(
                    &format!("{dialog} .readerbox-selection mark"),
                    "42 Kilometern",
                )
                .await;
        }
        env.browser
            .click(&format!("{dialog} button[type=submit]"))
            .await;
        env.browser
            .wait_text(&format!("{dialog} .readerbox-notice"), report.thanks())
            .await;
        env.browser.press(&['\u{E00C}']).await;
        written.push(mine);
    }
    env.proxy.settle().await;
    let list = format!("/api/v1/admin{}", path.trim_start_matches("/api/v1"));
    let stored: Vec<String> = env
        .server
        .admin_get(&list, TOKEN)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[report.text_field()].as_str().unwrap().to_owned())
        .collect();
    each_once(&stored, &written);
    assert_eq!(stored.len(), written.len());
    env.browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_survives_every_fault_and_arrives_once() {
    report_survives_every_fault(Report::Correction).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_letter_survives_every_fault_and_arrives_once() {
    report_survives_every_fault(Report::Letter).await;
}

/// `data-readerbox-load-all`: every page comes without a click on "mehr"; a page that
/// fails leaves "mehr" with the message, and "mehr" goes on from there to the last
/// page. Each comment shows once, in order, replies under their comment.
#[tokio::test(flavor = "multi_thread")]
async fn load_all_shows_every_page_and_goes_on_after_a_failed_one() {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    let uri = "/alle.html";
    let mut ids = Vec::new();
    for n in 1..=230 {
        ids.push(
            server
                .store_comment(uri, "Leser", &format!("Nummer {n}"), None)
                .await,
        );
    }
    // A reply to a comment of the first page, stored after all of them.
    server
        .store_comment(uri, "Antwort", "Antwort auf Nummer 5", Some(ids[4]))
        .await;
    let proxy = FaultProxy::start(server.address).await;
    let page = format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Alle</title>
<script src="{}/readerbox/embed.js" defer></script></head>
<body><article><h1>Artikel</h1></article>
<section id="c" data-readerbox-comments data-readerbox-uri="{uri}" data-readerbox-load-all></section>
</body></html>"#,
        proxy.url("")
    );
    site.serve(listener, vec![HostPage::html("/alle.html", page)]);

    // The second page (the 130 threads after the first 100: load-all asks for up to
    // 1000 after the first page) fails: "mehr" then loads it.
    let first = server.comment_page(uri, "&sort=oldest&limit=100").await;
    let second = format!("cursor={}", first["next_cursor"].as_str().unwrap());
    let hits: Target = std::sync::Arc::new(move |m: &Method, p: &str| {
        *m == Method::GET && p.starts_with("/api/v1/comments?") && p.contains(&second)
    });
    proxy.inject(Fault::ServerError, hits);

    let browser = Browser::start().await;
    browser.goto(&site.url("/alle.html")).await;
    let top = "#c >> .readerbox-comments > li";
    let more = "#c >> .readerbox-more-button";
    browser
        .wait_text(
            "#c >> .readerbox-more p[role=alert]",
            "Weitere Kommentare konnten nicht geladen werden.",
        )
        .await;
    browser.wait_text(more, "mehr").await;
    assert_eq!(browser.count(top).await, 100, "the first page shown");

    proxy.heal();
    browser.click(more).await;
    browser
        .eventually("all 230 comments and no \"mehr\"", || async {
            (browser.count(top).await == 230 && browser.count(more).await == 0).then_some(())
        })
        .await;
    let texts = browser
        .script(
            "return [...document.getElementById('c').shadowRoot
               .querySelectorAll('.readerbox-comments > li > article .readerbox-text')]
               .map(e => e.textContent);",
        )
        .await;
    let texts: Vec<String> = serde_json::from_value(texts).unwrap();
    let expected: Vec<String> = (1..=230).map(|n| format!("Nummer {n}")).collect();
    assert_eq!(texts, expected);
    browser
        .wait_text(
            &format!(
                "#c >> li[data-id='{}'] > .readerbox-replies > li .readerbox-text",
                ids[4]
            ),
            "Antwort auf Nummer 5",
        )
        .await;
    browser.close().await;
}

/// English readers get the same care, in English, on a page of another origin: a thread
/// that cannot load says so and the retry loads it; a post that meets a stopped API, a
/// gateway's 500 or a server too slow to answer says why beside the form, keeps the text
/// across a reload, and is stored once when sent again.
#[tokio::test(flavor = "multi_thread")]
async fn english_readers_get_every_fault_message_in_english() {
    let (mut site, listener) = HostSite::bind().await;
    let server =
        Server::start_with(|config| config.allowed_origins = vec![site.origin.clone()]).await;
    let uri = "/en/article.html";
    server
        .store_comment(uri, "Erika", "Already here", None)
        .await;
    let proxy = FaultProxy::start(server.address).await;
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title>
<script src="{}/readerbox/embed.js" defer></script></head>
<body><article><h1>City council approves cycle lanes</h1></article>
<section id="c" data-readerbox-comments data-readerbox-uri="{uri}"></section>
</body></html>"#,
        proxy.url("")
    );
    site.serve(listener, vec![HostPage::html("/article.html", page)]);
    let browser = Browser::start().await;

    // The comments as JSON and as the server-rendered first screen: one server.
    let list = target(Method::GET, |p| {
        p == "/api/v1/comments" || p == "/embed/comments"
    });
    proxy.inject(Fault::Stopped, list);
    browser.goto(&site.url("/article.html")).await;
    browser
        .text_when("#c >> .readerbox-status[role=alert]", |t| {
            t.contains("Comments could not be loaded.")
        })
        .await;
    browser
        .wait_text("#c >> .readerbox-status[role=alert] button", "Try again")
        .await;
    proxy.heal();
    browser
        .click("#c >> .readerbox-status[role=alert] button")
        .await;
    browser
        .wait_text("#c >> li.readerbox-comment .readerbox-text", "Already here")
        .await;

    let text = "#c >> .readerbox-form-main textarea[name=text]";
    let send = "#c >> .readerbox-form-main .readerbox-send";
    let error = "#c >> .readerbox-form-main .readerbox-form-error";
    let post = target(Method::POST, |p| p == "/api/v1/comments");
    let mut written = Vec::new();
    let no_connection =
        "No connection to the server. Your text is kept – please send it again later.";
    // Cross-origin, a gateway's 500 page without CORS headers is, for the browser, no
    // answer at all: the widget can only say what it knows.
    for (fault, message) in [
        (Fault::Stopped, no_connection),
        (Fault::ServerError, no_connection),
        (
            Fault::Slow(Duration::from_secs(10)),
            "The server is not answering right now. Your text is kept – please send it again in a moment.",
        ),
    ] {
        let mine = format!("Written despite {fault:?}");
        browser.type_into(text, &mine).await;
        proxy.inject(fault, post.clone());
        browser.click(send).await;
        browser.wait_text(error, message).await;
        assert_eq!(browser.value(text).await, mine, "{fault:?}: the text stays");
        proxy.heal();
        browser.reload().await;
        browser.element("#c >> .readerbox-form-main").await;
        assert_eq!(
            browser.value(text).await,
            mine,
            "{fault:?}: and survives a reload"
        );
        browser.click(send).await;
        browser
            .eventually(&format!("{fault:?}: sent, the form is empty"), || async {
                browser.value(text).await.is_empty().then_some(())
            })
            .await;
        written.push(mine);
    }
    proxy.settle().await;
    each_once(&server.texts_of(uri).await, &written);
    browser.close().await;
}
