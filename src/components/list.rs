//! The list of comments. Text is rendered as text nodes only (escaped by Leptos), with
//! line breaks kept by CSS.

use super::{use_locale, Thread};
use leptos::prelude::*;
use readerbox_api::Comment;
use wasm_bindgen::JsValue;

#[component]
pub fn CommentList(thread: Thread) -> impl IntoView {
    view! {
        <Show when=move || !thread.comments.with(Vec::is_empty)>
            <ol class="readerbox-comments">
                <For each=move || thread.comments.get() key=|comment| comment.id let:comment>
                    <CommentItem comment=comment />
                </For>
            </ol>
        </Show>
    }
}

#[component]
pub fn CommentItem(comment: Comment) -> impl IntoView {
    let shown_time = format_time(&comment.created_at, &use_locale().tag);
    view! {
        <li class="readerbox-comment" id=format!("comment-{}", comment.id)>
            <article>
                <header class="readerbox-comment-header">
                    <span class="readerbox-author">{comment.author}</span>
                    <time datetime=comment.created_at>{shown_time}</time>
                </header>
                <p class="readerbox-text">{comment.text}</p>
            </article>
        </li>
    }
}

/// "24.11.2026, 18:03" in the reader's time zone; the raw value if it can't be parsed.
pub fn format_time(rfc3339: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}
