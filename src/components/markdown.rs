//! Comment text on screen: the tree from `readerbox-markdown` (the one renderer, for
//! display and preview alike) built as DOM elements. Every element comes from the
//! renderer's closed set and every text is a text node, so nothing is parsed as HTML.
//!
//! The list builds comment texts with [`render_into`] directly (no reactive view per
//! comment: a thousand comments stay cheap); the preview uses the [`Markdown`]
//! component, which calls the same function.

use crate::dom::{new_element, QuickDom};
use leptos::html;
use leptos::prelude::*;
use readerbox_markdown::{render, Node, Tag, LINK_REL};
use web_sys::Document;

/// Appends the rendered `source` to `parent`.
pub fn render_into(parent: &web_sys::Element, source: &str) {
    let Some(document) = parent.owner_document() else {
        return;
    };
    append_nodes(&document, parent, render(source));
}

fn append_nodes(document: &Document, parent: &web_sys::Element, nodes: Vec<Node>) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                parent.add_child(&document.create_text_node(&text));
            }
            Node::Element {
                tag,
                href,
                start,
                children,
            } => {
                let element = new_element(document, tag.name());
                if tag == Tag::Link {
                    if let Some(href) = href {
                        element.put_attribute("href", &href);
                    }
                    element.put_attribute("rel", LINK_REL);
                }
                if let Some(start) = start {
                    element.put_attribute("start", &start.to_string());
                }
                parent.add_child(&element);
                if tag == Tag::CodeBlock {
                    let code = new_element(document, "code");
                    element.add_child(&code);
                    append_nodes(document, &code, children);
                } else {
                    append_nodes(document, &element, children);
                }
            }
        }
    }
}

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
