//! The readerbox widget: Leptos, client-side rendered, built by Trunk into wasm.
//!
//! `embed.js` (see `embed/`) loads this module and calls [`mount_comments`] (exported to
//! JS as `mountComments`) for each host element marked `data-readerbox-comments`, and
//! [`mount_counts`] (`mountCounts`) for the comment-count badges of article lists. Each
//! instance renders inside an open shadow root on its host, with the widget's stylesheet
//! adopted there: the page's CSS can't reach in, ours can't leak out.
//!
//! Rooms: `comments` (the comment area: its model `comments::thread`, the list, the
//! form), `toolbar` (the article toolbar, a sub-room per tool with logic: share menu,
//! Leserbrief, Korrektur, Merkliste), `counts` (count badges), `ui` (view pieces the
//! rooms share) and `shared` (the core without view code: API client, config, i18n,
//! storage, time, proof of work).
//!
//! Invariant: comment text becomes markup only through the Markdown renderer
//! (`readerbox-markdown`, shown by `ui::markdown::Markdown`), which builds elements from a
//! closed set; everything else is text nodes. No raw-HTML DOM sink anywhere in the
//! widget (the tidy tests in xtask enforce both).

pub mod comments;
pub mod counts;
pub mod shared;
pub mod toolbar;
pub mod ui;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The widget's styles, applied inside each shadow root (the server's first screen links
/// the same file).
pub const STYLESHEET: &str = include_str!("../style/readerbox.css");

/// Mounts a comment area into `host`'s shadow root. `default_api_base` is used when the
/// host names no `data-readerbox-api` (embed.js passes its own origin). embed.js may have
/// asked for the first page already: its URL, the pending `fetch` and its abort
/// controller (see [`shared::api::FirstPage`]); it is used only if the widget asks the same URL.
#[wasm_bindgen(js_name = mountComments)]
pub fn mount_comments(
    host: HtmlElement,
    default_api_base: &str,
    first_page_url: Option<String>,
    first_page: Option<js_sys::Promise>,
    first_page_abort: Option<web_sys::AbortController>,
) {
    let config = shared::config::WidgetConfig::from_host(&host, &document(), default_api_base);
    let first_page = match (first_page_url, first_page, first_page_abort) {
        (Some(url), Some(response), Some(abort)) => Some(shared::api::FirstPage {
            url,
            response,
            abort,
        }),
        _ => None,
    };
    // The server's first screen, if the page or embed.js put it there: the widget draws
    // its own beside it, unseen, and swaps it in when it shows the same.
    let drawn = server_drawn(&host);
    let Some(root) = shadow_container(&host, &config, drawn.is_none()) else {
        // Nothing will take the answer: the request ahead must not go on for nothing.
        if let Some(first_page) = first_page {
            first_page.abort.abort();
        }
        return;
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! { <comments::CommentArea config=config first_page=first_page /> }
    })
    .forget();
    if let Some(shadow) = drawn {
        take_over(
            host,
            shadow,
            root,
            ".readerbox-list, .readerbox-empty, [role=alert]",
            js_sys::Date::now() + TAKE_OVER_WITHIN_MS,
        );
    }
}

/// How long the server's first screen waits for the widget's at most (then the widget's
/// shows whatever state it is in: loading, or the error with "Erneut versuchen").
const TAKE_OVER_WITHIN_MS: f64 = 10_000.0;

/// Puts the widget's `root` in place of the server's first screen in `shadow`, in the
/// first animation frame (before a paint) in which it has drawn what the server drew
/// (`drawn`: for a comment area its comments, the empty note or an error); then tells
/// embed.js (`readerbox-ready` on the host), which replays clicks made meanwhile and
/// puts the focus back.
fn take_over(
    host: HtmlElement,
    shadow: ShadowRoot,
    root: HtmlElement,
    drawn: &'static str,
    deadline: f64,
) {
    let ready = matches!(root.query_selector(drawn), Ok(Some(_)));
    if ready || js_sys::Date::now() > deadline {
        shadow.replace_children_with_node_1(&root);
        if let Ok(event) = web_sys::CustomEvent::new("readerbox-ready") {
            let _ = host.dispatch_event(&event);
        }
        return;
    }
    let next = Closure::once_into_js(move || take_over(host, shadow, root, drawn, deadline));
    let _ = web_sys::window().map(|window| window.request_animation_frame(next.unchecked_ref()));
}

/// Mounts the article toolbar into `host`'s shadow root (exported as `mountToolbar`).
/// `article_selector` names the article element (embed.js passes its
/// `data-readerbox-article`). embed.js applies the font size; the toolbar only announces
/// the reader's choice.
#[wasm_bindgen(js_name = mountToolbar)]
pub fn mount_toolbar(host: HtmlElement, default_api_base: &str, article_selector: &str) {
    let config = shared::config::WidgetConfig::from_host(&host, &document(), default_api_base);
    let toolbar = shared::config::ToolbarConfig::from_host(&host, article_selector);
    // The server's controls (GET /embed/toolbar), if embed.js or the page put them
    // there: replaced by the widget's, which it draws at once.
    let drawn = server_drawn(&host);
    let Some(root) = shadow_container(&host, &config, drawn.is_none()) else {
        return;
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! { <toolbar::Toolbar config=config toolbar=toolbar /> }
    })
    .forget();
    if let Some(shadow) = drawn {
        take_over(
            host,
            shadow,
            root,
            ".readerbox-toolbar",
            js_sys::Date::now() + TAKE_OVER_WITHIN_MS,
        );
    }
}

/// The host's shadow root, if it holds a first screen the server drew.
fn server_drawn(host: &HtmlElement) -> Option<ShadowRoot> {
    host.shadow_root()
        .filter(|shadow| matches!(shadow.query_selector(".readerbox-root"), Ok(Some(_))))
}

/// Bytes of the widget's WebAssembly memory, for `cargo xtask bench` (which imports the
/// glue module the page already loaded and asks).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|memory| {
            memory
                .buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
        })
        .unwrap_or(0.0)
}

/// Fills comment-count badges (exported to JS as `mountCounts`); resolves when done.
#[wasm_bindgen(js_name = mountCounts)]
pub async fn mount_counts(badges: js_sys::Array, default_api_base: String) {
    let badges = badges
        .iter()
        .filter_map(|badge| badge.dyn_into::<HtmlElement>().ok())
        .collect();
    counts::fill_badges(badges, default_api_base).await;
}

/// A fresh container for the host's open shadow root (new, or emptied if `place`),
/// styled; placed in it if `place`. While the shadow root exists the host's own fallback
/// children are not rendered.
fn shadow_container(
    host: &HtmlElement,
    config: &shared::config::WidgetConfig,
    place: bool,
) -> Option<HtmlElement> {
    let shadow: ShadowRoot = match host.shadow_root() {
        Some(existing) => {
            if place {
                existing.set_text_content(None);
            }
            existing
        }
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()?,
    };
    let sheet: JsValue = stylesheet()?.into();
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    let root: HtmlElement = document().create_element("div").ok()?.unchecked_into();
    root.set_class_name("readerbox-root");
    root.set_attribute("data-theme", config.theme.as_str())
        .ok()?;
    if place {
        shadow.append_child(&root).ok()?;
    }
    Some(root)
}

/// One constructed stylesheet shared by every instance on the page. Constructed sheets
/// are not inline styles, so a strict `style-src` without 'unsafe-inline' allows them.
fn stylesheet() -> Option<CssStyleSheet> {
    thread_local! {
        static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().filter(|sheet| sheet.replace_sync(STYLESHEET).is_ok());
    }
    SHEET.with(Clone::clone)
}
