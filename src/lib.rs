//! The readerbox widget: Leptos, client-side rendered, built by Trunk into wasm.
//!
//! [`start`] finds every host element the page marked with `data-readerbox-comments`
//! and mounts one comment area into each (never into `<body>`).
//!
//! Modules: `config` (reading a host element's data attributes), `api` (the HTTP
//! client; the only module that talks to the server), `draft` (text being written,
//! kept in localStorage), `i18n` (every reader-facing string), `components` (the view).
//!
//! Invariant: comment text reaches the DOM only as text nodes (Leptos escapes it).
//! No raw-HTML DOM sink anywhere in the widget until the sanitising Markdown renderer
//! exists (the tidy tests in xtask enforce this).

pub mod api;
pub mod components;
pub mod config;
pub mod draft;
pub mod i18n;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Attribute that marks an element as the place for a comment area.
pub const COMMENTS_HOST_ATTRIBUTE: &str = "data-readerbox-comments";

/// Mounts a comment area into every host element on the page.
pub fn start() {
    let document = leptos::prelude::document();
    let Ok(hosts) = document.query_selector_all(&format!("[{COMMENTS_HOST_ATTRIBUTE}]")) else {
        return;
    };
    for index in 0..hosts.length() {
        if let Some(host) = hosts
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        {
            mount_comments(host);
        }
    }
}

/// Replaces the host's fallback content with a live comment area.
pub fn mount_comments(host: web_sys::HtmlElement) {
    let config = config::WidgetConfig::from_host(&host, &leptos::prelude::document());
    host.set_text_content(None);
    leptos::mount::mount_to(
        host,
        move || view! { <components::CommentArea config=config /> },
    )
    .forget();
}
