//! Comment text as DOM, with no Leptos: the tree from `readerbox-markdown` built as
//! elements and text nodes (every element from the renderer's closed set, nothing parsed
//! as HTML). The list and the preview use it through `ui::markdown`.

use crate::shared::dom::{new_element, QuickDom};
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
