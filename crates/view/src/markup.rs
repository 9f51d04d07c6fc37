//! The sink the comment markup is written into, and its HTML implementation.

use readerbox_markdown::{escape_into, render, to_html};

/// Where markup goes: the widget's DOM, or [`HtmlTree`] on the server. Elements are
/// made, given attributes in the order written, and appended; nothing is parsed.
pub trait Markup {
    type Element: Clone;
    /// An HTML element; `class` is set first when not empty.
    fn element(&mut self, tag: &'static str, class: &str) -> Self::Element;
    /// An element in the SVG namespace.
    fn svg_element(&mut self, tag: &'static str) -> Self::Element;
    fn attribute(&mut self, element: &Self::Element, name: &str, value: &str);
    fn text(&mut self, parent: &Self::Element, text: &str);
    fn append(&mut self, parent: &Self::Element, child: &Self::Element);
    /// Comment text (Markdown source) through the one sanitising renderer.
    fn markdown(&mut self, parent: &Self::Element, source: &str);
    /// The `index`th element child of `element` (it has one: the caller built it).
    fn child(&mut self, element: &Self::Element, index: usize) -> Self::Element;
    /// Takes `element` out of its parent.
    fn remove(&mut self, element: &Self::Element);
    /// A fresh copy of the fixed part `build` makes (its elements and attributes only).
    /// The widget builds it once and clones it per comment: one call across the wasm
    /// boundary instead of a dozen. `key` names it; one `build` per key.
    fn skeleton(
        &mut self,
        key: &'static str,
        build: fn(&mut Self) -> Self::Element,
    ) -> Self::Element {
        let _ = key;
        build(self)
    }
}

/// A labelled group of toggle buttons ("Sortierung: Älteste Neueste Beste"): each
/// choice is (its `data` attribute's value, its name); the one `pressed` is.
pub fn toggle_group<M: Markup>(
    m: &mut M,
    class: &str,
    label_id: &str,
    label: &str,
    data: &str,
    choices: &[(&str, &str)],
    pressed: &str,
) -> M::Element {
    let group = m.element("div", class);
    m.attribute(&group, "role", "group");
    m.attribute(&group, "aria-labelledby", label_id);
    let label_element = m.element("span", "readerbox-tool-label");
    m.attribute(&label_element, "id", label_id);
    m.text(&label_element, label);
    m.append(&group, &label_element);
    for (value, name) in choices {
        let button = m.element("button", "readerbox-toggle");
        m.attribute(&button, "type", "button");
        m.attribute(&button, data, value);
        let is_pressed = if *value == pressed { "true" } else { "false" };
        m.attribute(&button, "aria-pressed", is_pressed);
        m.text(&button, name);
        m.append(&group, &button);
    }
    group
}

/// Markup as a tree in memory, written out as HTML by [`HtmlTree::html`].
#[derive(Debug, Default)]
pub struct HtmlTree {
    nodes: Vec<HtmlNode>,
}

#[derive(Debug)]
enum HtmlNode {
    Element {
        tag: &'static str,
        attributes: Vec<(String, String)>,
        children: Vec<usize>,
    },
    /// Taken out of its parent.
    Removed,
    Text(String),
    /// Already escaped HTML from the Markdown renderer's tree.
    Rendered(String),
}

/// The void elements this markup uses.
const VOID: [&str; 4] = ["br", "hr", "img", "link"];

impl HtmlTree {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, node: HtmlNode) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn children_of(&mut self, parent: usize) -> &mut Vec<usize> {
        match &mut self.nodes[parent] {
            HtmlNode::Element { children, .. } => children,
            _ => unreachable!("only elements are parents"),
        }
    }

    /// `element` and everything in it as HTML, every text and attribute escaped.
    pub fn html(&self, element: usize) -> String {
        let mut out = String::new();
        self.write(element, &mut out);
        out
    }

    fn write(&self, index: usize, out: &mut String) {
        match &self.nodes[index] {
            HtmlNode::Text(text) => escape_into(text, out),
            HtmlNode::Rendered(html) => out.push_str(html),
            HtmlNode::Removed => {}
            HtmlNode::Element {
                tag,
                attributes,
                children,
            } => {
                out.push('<');
                out.push_str(tag);
                for (name, value) in attributes {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape_into(value, out);
                    out.push('"');
                }
                out.push('>');
                if VOID.contains(tag) {
                    return;
                }
                for child in children {
                    self.write(*child, out);
                }
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }
}

impl Markup for HtmlTree {
    type Element = usize;

    fn element(&mut self, tag: &'static str, class: &str) -> usize {
        let attributes = if class.is_empty() {
            Vec::new()
        } else {
            vec![("class".to_owned(), class.to_owned())]
        };
        self.push(HtmlNode::Element {
            tag,
            attributes,
            children: Vec::new(),
        })
    }

    fn svg_element(&mut self, tag: &'static str) -> usize {
        self.element(tag, "")
    }

    fn attribute(&mut self, element: &usize, name: &str, value: &str) {
        if let HtmlNode::Element { attributes, .. } = &mut self.nodes[*element] {
            match attributes.iter_mut().find(|(known, _)| known == name) {
                Some(attribute) => attribute.1 = value.to_owned(),
                None => attributes.push((name.to_owned(), value.to_owned())),
            }
        }
    }

    fn text(&mut self, parent: &usize, text: &str) {
        let text = self.push(HtmlNode::Text(text.to_owned()));
        self.children_of(*parent).push(text);
    }

    fn append(&mut self, parent: &usize, child: &usize) {
        self.children_of(*parent).push(*child);
    }

    fn markdown(&mut self, parent: &usize, source: &str) {
        let html = to_html(&render(source));
        let rendered = self.push(HtmlNode::Rendered(html));
        self.children_of(*parent).push(rendered);
    }

    fn child(&mut self, element: &usize, index: usize) -> usize {
        let children = self.children_of(*element).clone();
        children
            .into_iter()
            .filter(|child| matches!(self.nodes[*child], HtmlNode::Element { .. }))
            .nth(index)
            .expect("the child the caller built")
    }

    fn remove(&mut self, element: &usize) {
        // Its parent's list keeps the index; writing skips it.
        self.nodes[*element] = HtmlNode::Removed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_comment_text_goes_through_the_renderer() {
        let mut tree = HtmlTree::new();
        let root = tree.element("div", "readerbox-text");
        tree.attribute(&root, "title", "\"><script>");
        tree.text(&root, "<b>&");
        tree.markdown(&root, "<img src=x onerror=alert(1)> *ja*");
        let html = tree.html(root);
        assert!(html.starts_with(
            "<div class=\"readerbox-text\" title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;"
        ));
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<em>ja</em>"), "{html}");
    }
}
