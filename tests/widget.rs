//! Widget tests in headless Chromium (wasm-bindgen-test): mount the widget the way a
//! page does, act like a reader, assert what the reader would see.
//!
//! There is no readerbox server here: the failure paths point the widget at a closed
//! loopback port (a real refused connection), and list rendering is tested through the
//! list component itself. The happy paths against the real server are in crates/e2e.

use leptos::prelude::*;
use readerbox_api::{ApiError, Comment, CommentPage, ErrorCode};
use readerbox_widget::comments::{Area, CommentList, FormState};
use readerbox_widget::shared::api::{ApiClient, ClientError};
use readerbox_widget::shared::config::{Theme, WidgetConfig};
use readerbox_widget::shared::i18n::{Locale, Texts};
use readerbox_widget::shared::storage::{Draft, DraftOf};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Nothing listens on port 9 (discard) on the test machines: connections are refused.
const CLOSED_PORT_API: &str = "http://127.0.0.1:9";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element on the page, removed again when dropped.
struct Host(HtmlElement);

impl Host {
    fn new(attributes: &[(&str, &str)]) -> Self {
        let host: HtmlElement = document()
            .create_element("section")
            .unwrap()
            .unchecked_into();
        for (name, value) in attributes {
            host.set_attribute(name, value).unwrap();
        }
        document().body().unwrap().append_child(&host).unwrap();
        Self(host)
    }

    /// Queries inside the widget's shadow root when there is one, else the host itself.
    fn query(&self, selector: &str) -> Option<web_sys::Element> {
        match self.0.shadow_root() {
            Some(shadow) => shadow.query_selector(selector).unwrap(),
            None => self.0.query_selector(selector).unwrap(),
        }
    }

    fn count(&self, selector: &str) -> u32 {
        match self.0.shadow_root() {
            Some(shadow) => shadow.query_selector_all(selector).unwrap().length(),
            None => self.0.query_selector_all(selector).unwrap().length(),
        }
    }

    fn text_of(&self, selector: &str) -> String {
        self.query(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .text_content()
            .unwrap_or_default()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.0.remove();
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Polls `condition` until it holds; fails the test after five seconds.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 5_000.0;
    while !condition() {
        assert!(
            js_sys::Date::now() < deadline,
            "timed out waiting until {what}"
        );
        sleep_ms(10).await;
    }
}

fn unique_uri(name: &str) -> String {
    format!("/test/{name}-{}", js_sys::Math::random())
}

fn comment(id: i64, author: &str, text: &str) -> Comment {
    Comment {
        id,
        author: author.into(),
        text: text.into(),
        avatar: format!("{:016x}", id * 7_919),
        created_at: "2026-11-24T17:03:00Z".into(),
        ..Comment::default()
    }
}

fn reply(id: i64, parent: i64, depth: u32, author: &str, text: &str) -> Comment {
    Comment {
        parent_id: Some(parent),
        depth,
        ..comment(id, author, text)
    }
}

/// The grouping written without Intl must be what Intl writes.
#[wasm_bindgen_test]
fn numbers_are_grouped_as_intl_groups_them() {
    use readerbox_widget::shared::i18n::format_number;
    let numbers = (0..=2_100).step_by(7).chain([
        999,
        1_000,
        9_999,
        10_000,
        99_999,
        123_456,
        1_234_567,
        4_294_967_295,
    ]);
    for tag in ["de", "de-DE", "en", "en-US", "en-GB", "de-CH", "de-AT"] {
        for number in numbers.clone() {
            let intl: String = js_sys::Number::from(number as f64)
                .to_locale_string(tag)
                .into();
            assert_eq!(format_number(tag, number), intl, "{number} in {tag}");
        }
    }
}

/// Times and plurals written without Intl (German, English) must be what Intl writes.
#[wasm_bindgen_test]
fn times_and_plurals_are_written_as_intl_writes_them() {
    use readerbox_widget::shared::time::{full_date, TimeFormats};
    let units = ["second", "minute", "hour", "day", "month", "year"];
    // 1990 to 2070 in steps of 37 h 13 min (every hour of the day and day of the week
    // comes by), and both sides of midnight and noon.
    let start = js_sys::Date::utc(1990.0, 0.0);
    let moments = (0..19_000)
        .map(|step| start + f64::from(step) * 133_980_000.0)
        .chain([
            0.0,
            43_199_000.0,
            43_200_000.0,
            86_340_000.0,
            1_764_003_780_000.0,
        ]);
    for tag in ["de", "de-DE", "en", "en-US", "en-GB"] {
        let (ours, intl) = (TimeFormats::new(tag), TimeFormats::intl(tag));
        for unit in units {
            for value in (-1_100..=1_100).map(f64::from).chain([-0.0]) {
                assert_eq!(
                    ours.in_units(value, unit),
                    intl.in_units(value, unit),
                    "{value} {unit} in {tag}"
                );
            }
        }
        for ms in moments.clone() {
            assert_eq!(ours.full(ms), intl.full(ms), "{ms} in {tag}");
        }
        let stamp = "2026-07-09T21:59:00Z";
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"full".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let expected: String = js_sys::Date::new(&stamp.into())
            .to_locale_string(tag, &options)
            .into();
        assert_eq!(full_date(stamp, tag), expected, "{stamp} in {tag}");
        let rules = js_sys::Intl::PluralRules::new(
            &js_sys::Array::of1(&tag.into()),
            &js_sys::Object::new(),
        );
        for count in 0..=2_100 {
            let intl: String = rules.select(count as f64).into();
            assert_eq!(
                readerbox_widget::shared::i18n::plural_category(tag, count),
                intl,
                "{count} in {tag}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn count_heading_uses_each_languages_plurals_and_grouping() {
    let de = Locale::german();
    assert_eq!(de.count_heading(0), "Kommentare");
    assert_eq!(de.count_heading(1), "1 Kommentar");
    assert_eq!(de.count_heading(5), "5 Kommentare");
    assert_eq!(de.count_heading(1234), "1.234 Kommentare");
    assert_eq!(de.texts.no_comments, "Keine Kommentare.");

    let en = Locale::resolve(Some("en-GB"), None);
    assert_eq!(en.tag, "en-GB");
    assert_eq!(en.count_heading(0), "Comments");
    assert_eq!(en.count_heading(1), "1 comment");
    assert_eq!(en.count_heading(27), "27 comments");
    assert_eq!(en.count_heading(1234), "1,234 comments");
    assert_eq!(
        de.count_label(0),
        "Keine Kommentare",
        "badges say none in words"
    );
    assert_eq!(en.count_label(0), "No comments");
    assert_eq!(de.count_label(1), "1 Kommentar");
}

#[wasm_bindgen_test]
fn config_reads_data_attributes_and_falls_back_to_the_page() {
    let host = Host::new(&[
        ("data-readerbox-api", "https://comments.example.org/"),
        ("data-readerbox-uri", "/a.html"),
        ("data-readerbox-theme", "dark"),
        ("data-readerbox-lang", "en"),
    ]);
    let config = WidgetConfig::from_host(&host.0, &document(), "https://embed.example");
    assert_eq!(
        config,
        WidgetConfig {
            api_base: "https://comments.example.org".into(),
            article_uri: "/a.html".into(),
            theme: Theme::Dark,
            locale: Locale::resolve(Some("en"), None),
            load_all: false,
        }
    );

    let bare = Host::new(&[]);
    let page_path = web_sys::window().unwrap().location().pathname().unwrap();
    let config = WidgetConfig::from_host(&bare.0, &document(), "https://embed.example");
    assert_eq!(
        config.api_base, "https://embed.example",
        "defaults to where embed.js came from"
    );
    assert_eq!(config.theme, Theme::Light);
    assert!(
        config.article_uri.starts_with(&page_path),
        "{} vs {page_path}",
        config.article_uri
    );

    let canonical = document().create_element("link").unwrap();
    canonical.set_attribute("rel", "canonical").unwrap();
    canonical
        .set_attribute(
            "href",
            "https://www.example.org/politik/artikel.html?seite=2",
        )
        .unwrap();
    document().head().unwrap().append_child(&canonical).unwrap();
    let config = WidgetConfig::from_host(&bare.0, &document(), "");
    canonical.remove();
    assert_eq!(config.article_uri, "/politik/artikel.html?seite=2");
}

#[wasm_bindgen_test]
async fn mounts_into_a_shadow_root_of_its_host_and_reports_unreachable_server() {
    let uri = unique_uri("unreachable");
    let host = Host::new(&[
        ("data-readerbox-comments", ""),
        ("data-readerbox-uri", &uri),
    ]);
    host.0
        .set_inner_html("<p class=\"fallback\">Kommentare werden geladen …</p>");
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);

    let shadow = host
        .0
        .shadow_root()
        .expect("an open shadow root on the host");
    assert!(shadow
        .query_selector("section.readerbox")
        .unwrap()
        .is_some());
    assert!(document()
        .query_selector("body > section.readerbox")
        .unwrap()
        .is_none());
    let fallback = host
        .0
        .query_selector(".fallback")
        .unwrap()
        .expect("fallback kept in the light DOM");
    assert_eq!(fallback.get_client_rects().length(), 0, "but not rendered");
    assert_eq!(host.text_of(".readerbox-heading").trim(), "Kommentare");
    wait_until("the load error shows", || {
        host.query("[role=alert]").is_some()
    })
    .await;
    assert!(host
        .text_of("[role=alert]")
        .contains(Texts::german().load_failed));
    let retry: HtmlElement = host.query("[role=alert] button").unwrap().unchecked_into();
    assert_eq!(retry.text_content().unwrap(), Texts::german().retry);

    retry.click();
    leptos::task::tick().await;
    wait_until("the retry fails again", || {
        host.query("[role=alert] button").is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn failed_send_keeps_the_text_and_says_why() {
    let uri = unique_uri("network");
    let host = Host::new(&[
        ("data-readerbox-comments", ""),
        ("data-readerbox-uri", &uri),
    ]);
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);
    wait_until("the form appears", || host.query("textarea").is_some()).await;

    let textarea: HtmlTextAreaElement = host.query("textarea").unwrap().unchecked_into();
    textarea.set_value("Mein wichtiger Kommentar");
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let send: HtmlElement = host.query("button[type=submit]").unwrap().unchecked_into();
    assert_eq!(send.text_content().unwrap(), Texts::german().send);
    send.click();

    wait_until("the network error shows", || {
        host.query(".readerbox-form-error").is_some()
    })
    .await;
    assert_eq!(
        host.text_of(".readerbox-form-error"),
        Texts::german().network_error
    );
    assert_eq!(
        textarea.value(),
        "Mein wichtiger Kommentar",
        "text stays after a failed send"
    );
    assert!(
        !send
            .unchecked_ref::<web_sys::HtmlButtonElement>()
            .disabled(),
        "can retry"
    );
    assert_eq!(
        Draft::load(&uri, DraftOf::Comment).text,
        "Mein wichtiger Kommentar",
        "draft survives a reload"
    );
}

#[wasm_bindgen_test]
async fn draft_is_restored_into_the_form() {
    let uri = unique_uri("draft");
    Draft {
        author: "Erika".into(),
        text: "Halb geschrieben".into(),
        key: None,
    }
    .save(&uri, DraftOf::Comment);
    let host = Host::new(&[
        ("data-readerbox-comments", ""),
        ("data-readerbox-uri", &uri),
    ]);
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);
    wait_until("the form appears", || host.query("textarea").is_some()).await;
    let textarea: HtmlTextAreaElement = host.query("textarea").unwrap().unchecked_into();
    let name: web_sys::HtmlInputElement =
        host.query("input[name=author]").unwrap().unchecked_into();
    assert_eq!(textarea.value(), "Halb geschrieben");
    assert_eq!(name.value(), "Erika");
}

#[wasm_bindgen_test]
async fn comments_render_through_the_markdown_renderer_only() {
    let host = Host::new(&[]);
    let area = Area::new(ApiClient::new(CLOSED_PORT_API, "de"), "/test/render".into());
    let thread = area.thread;
    thread.absorb(CommentPage {
        comments: vec![
            comment(
                1,
                "Erika",
                "<script>window.pwned = true</script>\nZweite Zeile mit **fett** und [Link](javascript:alert(1))",
            ),
            comment(2, "<img src=x onerror=alert(1)>", "[Quelle](https://example.org/q)"),
        ],
        ..CommentPage::default()
    });
    let _mounted = leptos::mount::mount_to(host.0.clone(), move || {
        provide_context(area.clone());
        view! { <CommentList /> }
    });
    leptos::task::tick().await;

    assert!(host.query("script").is_none());
    assert!(host.query("img").is_none());
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into())
            .unwrap()
            .is_undefined()
    );
    assert_eq!(host.count("li.readerbox-comment"), 2);
    assert_eq!(
        host.text_of("#comment-1 .readerbox-text"),
        "<script>window.pwned = true</script>\nZweite Zeile mit fett und Link",
        "raw HTML shown as the text it is"
    );
    assert_eq!(host.text_of("#comment-1 .readerbox-text strong"), "fett");
    assert_eq!(
        host.count("#comment-1 .readerbox-text a"),
        0,
        "javascript: links lose their target"
    );
    let link = host.query("#comment-2 .readerbox-text a").unwrap();
    assert_eq!(link.get_attribute("href").unwrap(), "https://example.org/q");
    assert_eq!(
        link.get_attribute("rel").unwrap(),
        "nofollow ugc noopener noreferrer"
    );
    assert_eq!(
        host.text_of("#comment-2 .readerbox-author"),
        "<img src=x onerror=alert(1)>"
    );
    assert!(
        host.query("#comment-1 svg.readerbox-avatar").is_some(),
        "identicon drawn"
    );
    let shape = host
        .query("#comment-1 svg.readerbox-avatar path")
        .and_then(|path| path.get_attribute("d"))
        .unwrap_or_default();
    assert!(
        shape.starts_with('M') && shape.ends_with('z'),
        "one path of unit squares: {shape:?}"
    );
    let time = host.query("#comment-1 time").unwrap();
    assert_eq!(
        time.get_attribute("datetime").unwrap(),
        "2026-11-24T17:03:00Z"
    );
    assert!(
        time.text_content().unwrap().starts_with("vor "),
        "relative time in German: {:?}",
        time.text_content()
    );
    let permalink = host.query("#comment-1 .readerbox-permalink").unwrap();
    assert!(
        permalink.get_attribute("title").unwrap().contains("2026"),
        "the full date on hover"
    );
}

#[wasm_bindgen_test]
async fn replies_indent_three_levels_then_continue_with_at_name() {
    let host = Host::new(&[]);
    let area = Area::new(
        ApiClient::new(CLOSED_PORT_API, "de"),
        "/test/nesting".into(),
    );
    let thread = area.thread;
    thread.absorb(CommentPage {
        comments: vec![
            comment(1, "Anna", "Ebene 1"),
            reply(2, 1, 1, "Ben", "Ebene 2"),
            reply(3, 2, 2, "Cem", "Ebene 3"),
            reply(4, 3, 3, "Dora", "zu tief"),
            reply(5, 4, 4, "Emil", "noch tiefer"),
        ],
        ..CommentPage::default()
    });
    let _mounted = leptos::mount::mount_to(host.0.clone(), move || {
        provide_context(area.clone());
        view! { <CommentList /> }
    });
    leptos::task::tick().await;

    let level = |id: i64| {
        host.query(&format!("li[data-id='{id}']"))
            .map(|li| {
                let mut level = 0;
                let mut node = li.parent_element();
                while let Some(element) = node {
                    if element.class_list().contains("readerbox-replies") {
                        level += 1;
                    }
                    node = element.parent_element();
                }
                level
            })
            .unwrap_or_else(|| panic!("comment {id} shown"))
    };
    assert_eq!(
        [level(1), level(2), level(3), level(4), level(5)],
        [0, 1, 2, 2, 2]
    );
    assert_eq!(host.count(".readerbox-answers"), 2);
    assert_eq!(
        host.text_of("#comment-4 .readerbox-answers"),
        "Antwort auf @Cem"
    );
    assert_eq!(
        host.query("#comment-4 .readerbox-answers")
            .unwrap()
            .get_attribute("href")
            .unwrap(),
        "#comment-3"
    );
    assert_eq!(
        host.text_of("#comment-5 .readerbox-answers"),
        "Antwort auf @Dora"
    );
    // Dora deletes her comment; it stays as a placeholder for its reply, without a name.
    thread.update(Comment {
        status: readerbox_api::CommentStatus::Deleted,
        author: String::new(),
        text: String::new(),
        ..reply(4, 3, 3, "Dora", "zu tief")
    });
    assert_eq!(
        host.text_of("#comment-5 .readerbox-answers"),
        "Antwort auf @"
    );
    assert!(host.query("#comment-4 .readerbox-deleted").is_some());

    // Collapsing the thread hides its replies, and says how many.
    let toggle: HtmlElement = host
        .query("li[data-id='1'] > .readerbox-replies-toggle")
        .unwrap()
        .unchecked_into();
    assert_eq!(toggle.text_content().unwrap(), "Antworten ausblenden (4)");
    assert_eq!(toggle.get_attribute("aria-expanded").unwrap(), "true");
    toggle.click();
    leptos::task::tick().await;
    assert_eq!(toggle.get_attribute("aria-expanded").unwrap(), "false");
    assert_eq!(toggle.text_content().unwrap(), "Antworten anzeigen (4)");
    let replies: HtmlElement = host
        .query("li[data-id='1'] > .readerbox-replies")
        .unwrap()
        .unchecked_into();
    assert!(replies.hidden());
}

/// The list is built once and then patched: pages arriving after it is shown, an edit,
/// and deletions change exactly what they touch.
#[wasm_bindgen_test]
async fn the_list_follows_the_thread_after_it_is_shown() {
    let host = Host::new(&[]);
    let area = Area::new(ApiClient::new(CLOSED_PORT_API, "de"), "/test/live".into());
    let thread = area.thread;
    thread.absorb(CommentPage {
        comments: vec![comment(1, "Anna", "Erster")],
        ..CommentPage::default()
    });
    let _mounted = leptos::mount::mount_to(host.0.clone(), move || {
        provide_context(area.clone());
        view! { <CommentList /> }
    });
    leptos::task::tick().await;
    let top_level = || {
        let mut ids = Vec::new();
        let mut node = host
            .query("ol.readerbox-comments")
            .and_then(|list| list.first_element_child());
        while let Some(li) = node {
            ids.push(li.get_attribute("data-id").unwrap_or_default());
            node = li.next_element_sibling();
        }
        ids
    };
    assert_eq!(top_level(), ["1"]);
    assert!(host
        .query("li[data-id='1'] > .readerbox-replies-toggle")
        .is_none());

    // "mehr": a reply to the first comment and a new thread.
    thread.absorb(CommentPage {
        comments: vec![
            reply(2, 1, 1, "Ben", "Antwort"),
            comment(3, "Cem", "Dritter"),
        ],
        ..CommentPage::default()
    });
    assert_eq!(top_level(), ["1", "3"]);
    assert_eq!(
        host.text_of("li[data-id='1'] > .readerbox-replies-toggle"),
        "Antworten ausblenden (1)"
    );
    assert_eq!(
        host.text_of("li[data-id='1'] > ol.readerbox-replies #comment-2 .readerbox-text"),
        "Antwort"
    );

    // An edit: new text through the renderer, marked as edited.
    let edited = Comment {
        edited_at: Some("2026-11-24T17:10:00Z".into()),
        ..comment(3, "Cem", "Geändert *jetzt*")
    };
    thread.update(edited);
    assert_eq!(host.text_of("#comment-3 .readerbox-text"), "Geändert jetzt");
    assert_eq!(host.text_of("#comment-3 .readerbox-text em"), "jetzt");
    assert!(host.query("#comment-3 .readerbox-edited").is_some());
    assert_eq!(
        host.count("#comment-3 .readerbox-actions"),
        1,
        "actions not doubled"
    );

    // A reply deleted for good: the toggle and the empty list go with it.
    thread.remove(2, false);
    assert!(host.query("li[data-id='2']").is_none());
    assert!(host
        .query("li[data-id='1'] > .readerbox-replies-toggle")
        .is_none());
    assert!(host.query("li[data-id='1'] > .readerbox-replies").is_none());

    // A deletion that keeps a placeholder: no author, no text, no actions.
    thread.remove(1, true);
    assert_eq!(
        host.text_of("#comment-1 .readerbox-deleted"),
        "Kommentar gelöscht"
    );
    assert!(host.query("#comment-1 .readerbox-author").is_none());
    assert!(host.query("#comment-1 .readerbox-actions").is_none());
    assert_eq!(top_level(), ["1", "3"]);
}

/// The placement in the page (beside the textarea, aria-invalid, aria-describedby) is
/// asserted end to end against the real server in crates/e2e.
#[wasm_bindgen_test]
fn form_state_routes_field_errors_to_fields_and_others_to_the_form() {
    let state = FormState::default();
    let empty_text = ClientError::Api {
        status: 422,
        error: ApiError::new(
            ErrorCode::EmptyText,
            "Bitte schreiben Sie einen Kommentar.",
            Some("text"),
        ),
    };
    assert_eq!(
        state.show(&empty_text, &Texts::german()).as_deref(),
        Some("text")
    );
    assert_eq!(
        state.field_errors.of("text").as_deref(),
        Some("Bitte schreiben Sie einen Kommentar.")
    );
    assert_eq!(state.field_errors.of("author"), None);
    assert_eq!(state.form_error.get_untracked(), None);

    // A field the form doesn't have: the message goes above the button, where it is seen.
    let state = FormState::default();
    let wrong_key = ClientError::Api {
        status: 422,
        error: ApiError::new(
            ErrorCode::InvalidKey,
            "Dieser Schlüssel gehört zu einem anderen Kommentar.",
            Some("idempotency_key"),
        ),
    };
    assert_eq!(state.show(&wrong_key, &Texts::german()), None);
    assert_eq!(state.field_errors.of("idempotency_key"), None);
    assert_eq!(
        state.form_error.get_untracked().as_deref(),
        Some("Dieser Schlüssel gehört zu einem anderen Kommentar.")
    );

    let state = FormState::default();
    let rate_limited = ClientError::Api {
        status: 429,
        error: ApiError::new(ErrorCode::RateLimited, "Zu viele Anfragen.", None),
    };
    assert_eq!(state.show(&rate_limited, &Texts::german()), None);
    assert_eq!(
        state.form_error.get_untracked().as_deref(),
        Some("Zu viele Anfragen.")
    );

    let state = FormState::default();
    assert_eq!(
        state.show(
            &ClientError::UnexpectedResponse { status: 502 },
            &Texts::german()
        ),
        None
    );
    assert_eq!(
        state.form_error.get_untracked().as_deref(),
        Some(Texts::german().server_error)
    );
}

#[wasm_bindgen_test]
async fn styles_and_theme_apply_inside_the_shadow_root_only() {
    let host = Host::new(&[
        ("data-readerbox-uri", &unique_uri("theme")),
        ("data-readerbox-theme", "dark"),
    ]);
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);
    let shadow = host.0.shadow_root().unwrap();
    assert_eq!(shadow.adopted_style_sheets().length(), 1);
    let root = host.query(".readerbox-root").unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&root)
        .unwrap()
        .unwrap();
    assert_eq!(
        style.get_property_value("background-color").unwrap(),
        "rgb(21, 24, 27)"
    );

    // A site's theme variable set on the host reaches into the widget.
    host.0
        .style()
        .set_property("--readerbox-background", "rgb(1, 2, 3)")
        .unwrap();
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&root)
        .unwrap()
        .unwrap();
    assert_eq!(
        style.get_property_value("background-color").unwrap(),
        "rgb(1, 2, 3)"
    );

    // The widget's classes style nothing outside its shadow root.
    let outside = Host::new(&[]);
    outside.0.set_class_name("readerbox-root");
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&outside.0)
        .unwrap()
        .unwrap();
    assert_ne!(
        style.get_property_value("border-top-style").unwrap(),
        "solid"
    );
}

#[wasm_bindgen_test]
fn language_comes_from_the_host_then_the_page_then_german() {
    assert_eq!(
        Locale::resolve(Some("en"), None).lang,
        readerbox_api::Lang::En
    );
    assert_eq!(
        Locale::resolve(Some("fr-FR"), None).tag,
        "de",
        "German when we don't speak it"
    );
    assert_eq!(Locale::resolve(None, None).tag, "de");

    let html = document().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "en-US").unwrap();
    let page_english = Host::new(&[]);
    let config = WidgetConfig::from_host(&page_english.0, &document(), "");
    assert_eq!(config.locale.tag, "en-US", "from <html lang>");
    let host_german = Host::new(&[("data-readerbox-lang", "de")]);
    let config_de = WidgetConfig::from_host(&host_german.0, &document(), "");
    match before {
        Some(lang) => html.set_attribute("lang", &lang).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
    assert_eq!(
        config_de.locale.texts.write_heading, "Kommentar schreiben",
        "the host's attribute wins"
    );
}

#[wasm_bindgen_test]
async fn a_site_can_replace_any_text() {
    let host = Host::new(&[
        ("data-readerbox-uri", &unique_uri("override")),
        ("data-readerbox-lang", "de"),
        (
            "data-readerbox-texts",
            r#"{"write_heading": "Ihre Meinung", "count_one": "{count} Meinung", "nonsense": "x"}"#,
        ),
    ]);
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);
    wait_until("the form appears", || {
        host.query(".readerbox-form-heading").is_some()
    })
    .await;
    assert_eq!(host.text_of(".readerbox-form-heading"), "Ihre Meinung");
    assert_eq!(
        host.text_of("button[type=submit]"),
        "Senden",
        "other texts stay"
    );

    let broken = readerbox_widget::shared::i18n::with_overrides(Texts::german(), "{not json");
    assert_eq!(broken, Texts::german(), "invalid overrides change nothing");
    let locale = Locale::resolve(Some("de"), Some(r#"{"count_one": "{count} Meinung"}"#));
    assert_eq!(locale.count_heading(1), "1 Meinung");
}

#[wasm_bindgen_test]
async fn toolbar_marks_the_choice_and_announces_it_to_embed_js() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let heard = heard.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            heard
                .borrow_mut()
                .push(event.detail().as_string().unwrap_or_default());
        })
    };
    document()
        .add_event_listener_with_callback("readerbox-font-size", listener.as_ref().unchecked_ref())
        .unwrap();

    let host = Host::new(&[
        ("data-readerbox-toolbar", ""),
        ("data-readerbox-lang", "de"),
    ]);
    readerbox_widget::mount_toolbar(host.0.clone(), "", "article");
    wait_until("the toolbar appears", || {
        host.query("[data-size=gross]").is_some()
    })
    .await;
    assert_eq!(host.text_of(".readerbox-tool-label"), "Schriftgröße:");
    let large: HtmlElement = host.query("[data-size=gross]").unwrap().unchecked_into();
    large.click();
    leptos::task::tick().await;

    assert_eq!(large.get_attribute("aria-pressed").as_deref(), Some("true"));
    let medium = host.query("[data-size=mittel]").unwrap();
    assert_eq!(
        medium.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(heard.borrow().as_slice(), ["gross"]);
    document()
        .remove_event_listener_with_callback(
            "readerbox-font-size",
            listener.as_ref().unchecked_ref(),
        )
        .unwrap();
}

#[wasm_bindgen_test]
async fn auto_theme_follows_the_readers_colour_scheme() {
    let host = Host::new(&[
        ("data-readerbox-uri", &unique_uri("auto")),
        ("data-readerbox-theme", "auto"),
    ]);
    readerbox_widget::mount_comments(host.0.clone(), CLOSED_PORT_API, None, None, None);
    let root = host.query(".readerbox-root").unwrap();
    let dark = web_sys::window()
        .unwrap()
        .match_media("(prefers-color-scheme: dark)")
        .unwrap()
        .unwrap()
        .matches();
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&root)
        .unwrap()
        .unwrap();
    let expected = if dark {
        "rgb(21, 24, 27)"
    } else {
        "rgba(0, 0, 0, 0)"
    };
    assert_eq!(
        style.get_property_value("background-color").unwrap(),
        expected,
        "dark scheme: {dark}"
    );
}

#[wasm_bindgen_test]
fn mail_links_are_encoded_as_rfc_6068_asks() {
    use readerbox_widget::toolbar::{mailto_encode, mailto_link};
    assert_eq!(mailto_encode("a b&c=d?é"), "a%20b%26c%3Dd%3F%C3%A9");
    assert_eq!(
        mailto_encode("Zeile 1\nZeile 2"),
        "Zeile%201%0D%0AZeile%202"
    );
    assert_eq!(mailto_encode("schon\r\nrichtig"), "schon%0D%0Arichtig");
    assert_eq!(
        mailto_link("Lesetipp: Radwege", "https://x.de/a?b=1#c"),
        "mailto:?subject=Lesetipp%3A%20Radwege&body=https%3A%2F%2Fx.de%2Fa%3Fb%3D1%23c"
    );
}

/// Correctness of the proof of work, and (printed, not asserted) how long 16 bits take
/// in this browser's wasm.
#[wasm_bindgen_test]
fn proof_of_work_solutions_hold_and_take_well_under_a_second() {
    use readerbox_api::spam::{leading_zero_bits, proof_input};
    use sha2::{Digest, Sha256};
    let mut times = Vec::new();
    for round in 0..8 {
        let challenge = format!("1764000000000.{round:024x}.mac");
        let started = js_sys::Date::now();
        let nonce = readerbox_widget::shared::spam::solve(&challenge, 16);
        times.push(js_sys::Date::now() - started);
        let hash = Sha256::digest(proof_input(&challenge, nonce).as_bytes());
        assert!(leading_zero_bits(&hash) >= 16, "round {round}");
    }
    times.sort_by(f64::total_cmp);
    console_log!(
        "proof of work, 16 bits, 8 challenges: median {:.0} ms, max {:.0} ms",
        times[4],
        times[7]
    );
}
