//! Not shipped: a measuring stick for `cargo xtask size --probe`. What a first module of
//! the widget would weigh by hand: one page of comments fetched, parsed with the
//! widget's JSON reader (`readerbox_api::json`) and built as DOM (header, Markdown body through the one renderer, actions)
//! in a shadow root with the real stylesheet, clicks taken by one delegated listener.
//! The form, the dialogs and the preview would come in a second module on first use.
//!
//! With the `leptos` feature the same page is built through Leptos instead (a view per
//! comment, a signal for its score, the Markdown through the same renderer): the
//! difference between the two is what Leptos itself costs for the same work.

#[cfg(feature = "leptos")]
use leptos::prelude::*;
use readerbox_api::{Comment, CommentPage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

// The widget's own files, compiled here as they are: what the probe weighs is the
// widget's code for comment text, not a copy of it.
// Only part of dom.rs is used here.
#[allow(dead_code)]
#[path = "../../../src/dom.rs"]
mod dom;
#[path = "../../../src/markdown_dom.rs"]
mod markdown_dom;

const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/readerbox.css"));

fn el(document: &Document, tag: &str, class: &str) -> Element {
    let e = document.create_element(tag).unwrap_throw();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// The time as a German reader sees it.
fn shown_time(created_at: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(created_at));
    date.to_locale_string("de-DE", &JsValue::UNDEFINED).into()
}

/// Takes a click on a comment's button (both variants do the same).
fn clicked(event: &web_sys::Event) {
    if let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
        if let Some(id) = target.get_attribute("data-id") {
            if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten())
            {
                let _ = storage.set_item("readerbox:clicked", &id);
            }
        }
    }
}

#[cfg(not(feature = "leptos"))]
fn item(document: &Document, comment: &Comment) -> Element {
    let li = el(document, "li", "readerbox-comment");
    li.set_id(&format!("comment-{}", comment.id));
    let header = el(document, "header", "readerbox-comment-header");
    let author = el(document, "strong", "readerbox-author");
    author.set_text_content(Some(&comment.author));
    header.append_child(&author).unwrap_throw();
    let time = el(document, "time", "");
    time.set_attribute("datetime", &comment.created_at)
        .unwrap_throw();
    time.set_text_content(Some(&shown_time(&comment.created_at)));
    header.append_child(&time).unwrap_throw();
    li.append_child(&header).unwrap_throw();
    let body = el(document, "div", "readerbox-text");
    markdown_dom::render_into(&body, &comment.text);
    li.append_child(&body).unwrap_throw();
    let actions = el(document, "div", "readerbox-actions");
    for (class, label) in [
        ("readerbox-vote-up", "▲"),
        ("readerbox-vote-down", "▼"),
        ("readerbox-reply", "Antworten"),
    ] {
        let b = el(document, "button", class);
        b.set_attribute("type", "button").unwrap_throw();
        b.set_attribute("data-id", &comment.id.to_string())
            .unwrap_throw();
        b.set_text_content(Some(label));
        actions.append_child(&b).unwrap_throw();
    }
    let score = el(document, "span", "readerbox-score");
    score.set_text_content(Some(&format!("{}", comment.score)));
    actions.append_child(&score).unwrap_throw();
    li.append_child(&actions).unwrap_throw();
    li
}

#[wasm_bindgen(js_name = mountComments)]
pub async fn mount_comments(host: web_sys::HtmlElement, url: String) -> Result<(), JsValue> {
    let window = web_sys::window().unwrap_throw();
    let document = window.document().unwrap_throw();
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(STYLESHEET)?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(&root, &"adoptedStyleSheets".into(), &sheets)?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
            .await?
            .dyn_into()?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let page: CommentPage = readerbox_api::json::decode(&text)
        .ok_or_else(|| JsValue::from_str("not a page of comments"))?;
    build(&document, &root, page)
}

#[cfg(not(feature = "leptos"))]
fn build(
    document: &Document,
    root: &web_sys::ShadowRoot,
    page: CommentPage,
) -> Result<(), JsValue> {
    let heading = el(document, "h2", "readerbox-heading");
    heading.set_text_content(Some(&format!("{} Kommentare", page.total)));
    root.append_child(&heading)?;
    let list = el(document, "ol", "readerbox-list");
    for comment in &page.comments {
        list.append_child(&item(document, comment))?;
    }
    root.append_child(&list)?;
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| clicked(&event));
    list.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(())
}

#[cfg(feature = "leptos")]
fn build(
    document: &Document,
    root: &web_sys::ShadowRoot,
    page: CommentPage,
) -> Result<(), JsValue> {
    let holder: web_sys::HtmlElement = el(document, "div", "readerbox").unchecked_into();
    root.append_child(&holder)?;
    let CommentPage {
        total, comments, ..
    } = page;
    leptos::mount::mount_to(holder, move || {
        view! {
            <h2 class="readerbox-heading">{format!("{total} Kommentare")}</h2>
            <ol class="readerbox-list" on:click=|event: web_sys::MouseEvent| clicked(&event)>
                {comments
                    .into_iter()
                    .map(|comment| view! { <CommentItem comment /> })
                    .collect_view()}
            </ol>
        }
    })
    .forget();
    Ok(())
}

#[cfg(feature = "leptos")]
#[component]
fn CommentItem(comment: Comment) -> impl IntoView {
    let score = RwSignal::new(comment.score);
    let body = NodeRef::<leptos::html::Div>::new();
    let text = comment.text;
    body.on_load(move |div| markdown_dom::render_into(&div, &text));
    let id = comment.id.to_string();
    let shown = shown_time(&comment.created_at);
    view! {
        <li class="readerbox-comment" id=format!("comment-{}", comment.id)>
            <header class="readerbox-comment-header">
                <strong class="readerbox-author">{comment.author}</strong>
                <time datetime=comment.created_at>{shown}</time>
            </header>
            <div class="readerbox-text" node_ref=body></div>
            <div class="readerbox-actions">
                <button
                    type="button"
                    class="readerbox-vote-up"
                    data-id=id.clone()
                    on:click=move |_| score.update(|score| *score += 1)
                >
                    "▲"
                </button>
                <button
                    type="button"
                    class="readerbox-vote-down"
                    data-id=id.clone()
                    on:click=move |_| score.update(|score| *score -= 1)
                >
                    "▼"
                </button>
                <button type="button" class="readerbox-reply" data-id=id>
                    "Antworten"
                </button>
                <span class="readerbox-score">{move || score.get()}</span>
            </div>
        </li>
    }
}
