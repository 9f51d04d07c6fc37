//! Comment text on screen: the tree from `readerbox-markdown` (the one renderer, for
//! display and preview alike) built as DOM elements. Every element comes from the
//! renderer's closed set and every text is a text node, so nothing is parsed as HTML.
//!
//! The list builds comment texts with [`render_into`] directly (no reactive view per
//! comment: a thousand comments stay cheap); the preview uses the [`Markdown`]
//! component, which calls the same function.

pub use crate::ui::markdown_dom::render_into;
use leptos::html;
use leptos::prelude::*;

/// The rendered text of a changing source (the preview).
#[component]
pub fn Markdown(#[prop(into)] source: Signal<String>) -> impl IntoView {
    let holder = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let text = source.get();
        if let Some(div) = holder.get() {
            div.set_text_content(None);
            render_into(&div, &text);
        }
    });
    view! { <div class="readerbox-text" node_ref=holder></div> }
}
