//! Comment text on screen: the tree from `readerbox-markdown` (the one renderer, for
//! display and preview alike) turned into Leptos elements. Every element comes from the
//! renderer's closed set and every text is a text node, so nothing is parsed as HTML.

use leptos::prelude::*;
use readerbox_markdown::{render, Node, Tag, LINK_REL};

/// The rendered comment text.
#[component]
pub fn Markdown(#[prop(into)] source: Signal<String>) -> impl IntoView {
    view! { <div class="readerbox-text">{move || nodes(render(&source.get()))}</div> }
}

fn nodes(nodes: Vec<Node>) -> Vec<AnyView> {
    nodes.into_iter().map(node).collect()
}

fn node(node: Node) -> AnyView {
    let (tag, href, start, children) = match node {
        Node::Text(text) => return text.into_any(),
        Node::Element {
            tag,
            href,
            start,
            children,
        } => (tag, href, start, children),
    };
    let inner = nodes(children);
    match tag {
        Tag::Paragraph => view! { <p>{inner}</p> }.into_any(),
        Tag::Emphasis => view! { <em>{inner}</em> }.into_any(),
        Tag::Strong => view! { <strong>{inner}</strong> }.into_any(),
        Tag::Strikethrough => view! { <del>{inner}</del> }.into_any(),
        Tag::Link => view! { <a href=href rel=LINK_REL>{inner}</a> }.into_any(),
        Tag::BulletList => view! { <ul>{inner}</ul> }.into_any(),
        Tag::OrderedList => view! { <ol start=start>{inner}</ol> }.into_any(),
        Tag::ListItem => view! { <li>{inner}</li> }.into_any(),
        Tag::BlockQuote => view! { <blockquote>{inner}</blockquote> }.into_any(),
        Tag::Code => view! { <code>{inner}</code> }.into_any(),
        Tag::CodeBlock => view! { <pre><code>{inner}</code></pre> }.into_any(),
        Tag::LineBreak => view! { <br /> }.into_any(),
        Tag::Rule => view! { <hr /> }.into_any(),
    }
}
