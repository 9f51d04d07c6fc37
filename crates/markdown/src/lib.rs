//! The one place where comment text becomes markup.
//!
//! [`render`] parses Markdown with pulldown-cmark and builds a [`Node`] tree whose
//! elements come from a closed set ([`Tag`]) and whose only attribute values are link
//! targets that passed [`safe_href`]. Nothing is ever parsed as HTML: raw HTML in the
//! source comes out as text, so the tree is safe by construction, whatever the input.
//! The widget turns the tree into DOM nodes (`src/ui/markdown_dom.rs`); [`to_html`]
//! serialises it for tests and for the editors' views.
//!
//! Invariants:
//! - Only http, https and mailto links survive; any other link keeps its text, not its
//!   target. Images become plain links to the image (no third-party request).
//! - Every link carries `rel="nofollow ugc noopener noreferrer"` ([`LINK_REL`]).
//! - Element nesting is at most [`MAX_NESTING`] deep, so hostile input can't build a
//!   tree that overflows the stack of whoever walks it.

mod audit;

pub use audit::audit;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag as MdTag, TagEnd};

/// `rel` of every link in rendered comments: no SEO credit, no window.opener, no
/// referrer leak.
pub const LINK_REL: &str = "nofollow ugc noopener noreferrer";

/// Deepest element nesting rendered; deeper structure is flattened into its parent.
pub const MAX_NESTING: usize = 16;

/// The elements a comment may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Paragraph,
    Emphasis,
    Strong,
    Strikethrough,
    Link,
    BulletList,
    OrderedList,
    ListItem,
    BlockQuote,
    Code,
    CodeBlock,
    LineBreak,
    Rule,
}

impl Tag {
    /// The HTML element name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Paragraph => "p",
            Self::Emphasis => "em",
            Self::Strong => "strong",
            Self::Strikethrough => "del",
            Self::Link => "a",
            Self::BulletList => "ul",
            Self::OrderedList => "ol",
            Self::ListItem => "li",
            Self::BlockQuote => "blockquote",
            Self::Code => "code",
            Self::CodeBlock => "pre",
            Self::LineBreak => "br",
            Self::Rule => "hr",
        }
    }

    /// Elements that never have children.
    pub fn is_void(self) -> bool {
        matches!(self, Self::LineBreak | Self::Rule)
    }
}

/// A node of a rendered comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Text(String),
    Element {
        tag: Tag,
        /// Link target: set for [`Tag::Link`] only, always a [`safe_href`].
        href: Option<String>,
        /// First number of an ordered list that does not start at 1.
        start: Option<u64>,
        children: Vec<Node>,
    },
}

impl Node {
    fn element(tag: Tag, children: Vec<Node>) -> Self {
        Self::Element {
            tag,
            href: None,
            start: None,
            children,
        }
    }
}

/// `url` if it is an http, https or mailto link a reader may follow; `None` otherwise
/// (`javascript:`, `data:`, relative paths, anything with whitespace or control
/// characters, which browsers would strip to reveal another scheme, and web addresses
/// whose host and port a browser would not parse, such as `http://javascript:alert(1)`).
pub fn safe_href(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let allowed = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
        readerbox_api::uri::is_web_authority(authority)
    } else if let Some(rest) = lower.strip_prefix("mailto:") {
        !rest.is_empty()
    } else {
        false
    };
    allowed.then(|| url.to_owned())
}

/// What an opened Markdown element becomes.
enum Frame {
    /// An element of ours.
    Element {
        tag: Tag,
        href: Option<String>,
        start: Option<u64>,
    },
    /// Not rendered as an element: its children join the parent (unsafe links, images
    /// inside links, nesting beyond [`MAX_NESTING`]).
    Transparent,
}

/// The Markdown extensions comments may use: strikethrough (`~~weg~~`). The patched
/// parser compiles in only these (`pulldown_cmark::COMPILED_IN`).
pub const OPTIONS: Options = Options::ENABLE_STRIKETHROUGH;

/// Renders Markdown comment source to a safe tree.
pub fn render(source: &str) -> Vec<Node> {
    let options = OPTIONS;
    let mut stack: Vec<(Frame, Vec<Node>)> = Vec::new();
    let mut root: Vec<Node> = Vec::new();
    let mut links_open = 0usize;

    fn children_of<'a>(
        stack: &'a mut [(Frame, Vec<Node>)],
        root: &'a mut Vec<Node>,
    ) -> &'a mut Vec<Node> {
        match stack.last_mut() {
            Some((_, children)) => children,
            None => root,
        }
    }

    fn push_text(children: &mut Vec<Node>, text: &str) {
        if let Some(Node::Text(last)) = children.last_mut() {
            last.push_str(text);
        } else {
            children.push(Node::Text(text.to_owned()));
        }
    }

    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => {
                let depth = element_depth(&stack);
                let frame = match tag {
                    MdTag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        links_open += 1;
                        let target = if link_type == LinkType::Email {
                            format!("mailto:{dest_url}")
                        } else {
                            dest_url.to_string()
                        };
                        link_frame(&target, links_open)
                    }
                    // An image is a link to it, labelled by its alt text: no request to
                    // a third party happens unless the reader follows it.
                    MdTag::Image { dest_url, .. } => {
                        links_open += 1;
                        link_frame(&dest_url, links_open)
                    }
                    other => match block_or_inline(&other) {
                        Some((tag, start)) => Frame::Element {
                            tag,
                            href: None,
                            start,
                        },
                        None => Frame::Transparent,
                    },
                };
                let frame = match frame {
                    Frame::Element { .. } if depth >= MAX_NESTING => Frame::Transparent,
                    frame => frame,
                };
                stack.push((frame, Vec::new()));
            }
            Event::End(end) => {
                if matches!(end, TagEnd::Link | TagEnd::Image) {
                    links_open = links_open.saturating_sub(1);
                }
                let Some((frame, children)) = stack.pop() else {
                    continue;
                };
                let parent = children_of(&mut stack, &mut root);
                match frame {
                    Frame::Element { tag, href, start } => parent.push(Node::Element {
                        tag,
                        href,
                        start,
                        children,
                    }),
                    Frame::Transparent => {
                        for child in children {
                            match child {
                                Node::Text(text) => push_text(parent, &text),
                                element => parent.push(element),
                            }
                        }
                    }
                }
            }
            // Raw HTML, inline or block, is shown as the text it is.
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push_text(children_of(&mut stack, &mut root), &text)
            }
            // Leaf elements count towards the nesting too: at the limit they become text
            // (a found-by-fuzzing case: `<br>` at depth 17 under 16 quotes).
            Event::Code(code) if element_depth(&stack) >= MAX_NESTING => {
                push_text(children_of(&mut stack, &mut root), &code)
            }
            Event::Code(code) => children_of(&mut stack, &mut root)
                .push(Node::element(Tag::Code, vec![Node::Text(code.to_string())])),
            Event::SoftBreak | Event::HardBreak if element_depth(&stack) >= MAX_NESTING => {
                push_text(children_of(&mut stack, &mut root), "\n")
            }
            // A line break typed is a line break shown, as readers of comments expect.
            Event::SoftBreak | Event::HardBreak => {
                children_of(&mut stack, &mut root).push(Node::element(Tag::LineBreak, vec![]))
            }
            Event::Rule if element_depth(&stack) >= MAX_NESTING => {}
            Event::Rule => {
                children_of(&mut stack, &mut root).push(Node::element(Tag::Rule, vec![]))
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                push_text(children_of(&mut stack, &mut root), &text)
            }
            Event::FootnoteReference(label) => {
                push_text(children_of(&mut stack, &mut root), &format!("[^{label}]"))
            }
            Event::TaskListMarker(done) => push_text(
                children_of(&mut stack, &mut root),
                if done { "[x] " } else { "[ ] " },
            ),
        }
    }
    // The parser closes everything it opens; this only guards against a future change.
    while let Some((_, children)) = stack.pop() {
        let parent = children_of(&mut stack, &mut root);
        parent.extend(children);
    }
    root
}

/// How many elements are open (transparent frames don't count).
fn element_depth(stack: &[(Frame, Vec<Node>)]) -> usize {
    stack
        .iter()
        .filter(|(frame, _)| matches!(frame, Frame::Element { .. }))
        .count()
}

/// A link to `target` if it is safe and not inside another link (links don't nest);
/// otherwise its text only.
fn link_frame(target: &str, links_open: usize) -> Frame {
    match safe_href(target) {
        Some(href) if links_open == 1 => Frame::Element {
            tag: Tag::Link,
            href: Some(href),
            start: None,
        },
        _ => Frame::Transparent,
    }
}

/// Our element for a Markdown block or inline tag; `None` for tags whose content joins
/// the parent.
fn block_or_inline(tag: &MdTag<'_>) -> Option<(Tag, Option<u64>)> {
    Some(match tag {
        // Headings would shout over the article's own; a heading is a paragraph here.
        MdTag::Paragraph | MdTag::Heading { .. } | MdTag::HtmlBlock => (Tag::Paragraph, None),
        MdTag::Emphasis => (Tag::Emphasis, None),
        MdTag::Strong => (Tag::Strong, None),
        MdTag::Strikethrough => (Tag::Strikethrough, None),
        MdTag::BlockQuote(_) => (Tag::BlockQuote, None),
        MdTag::CodeBlock(_) => (Tag::CodeBlock, None),
        MdTag::List(None) => (Tag::BulletList, None),
        MdTag::List(Some(first)) => (Tag::OrderedList, (*first != 1).then_some(*first)),
        MdTag::Item => (Tag::ListItem, None),
        _ => return None,
    })
}

/// The tree as HTML text, every text and attribute escaped.
pub fn to_html(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_html(nodes, &mut out);
    out
}

fn write_html(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => escape_into(text, out),
            Node::Element {
                tag,
                href,
                start,
                children,
            } => {
                out.push('<');
                out.push_str(tag.name());
                if let Some(href) = href {
                    out.push_str(" href=\"");
                    escape_into(href, out);
                    out.push_str("\" rel=\"");
                    out.push_str(LINK_REL);
                    out.push('"');
                }
                if let Some(start) = start {
                    out.push_str(&format!(" start=\"{start}\""));
                }
                out.push('>');
                if tag.is_void() {
                    continue;
                }
                if *tag == Tag::CodeBlock {
                    out.push_str("<code>");
                    write_html(children, out);
                    out.push_str("</code>");
                } else {
                    write_html(children, out);
                }
                out.push_str("</");
                out.push_str(tag.name());
                out.push('>');
            }
        }
    }
}

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` escaped: safe as text and as a
/// quoted attribute value.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The text of the tree without markup (for previews and accessible summaries).
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element { tag, children, .. } => {
                    if tag.is_void() {
                        out.push(' ');
                    }
                    walk(children, out);
                }
            }
        }
    }
    walk(nodes, &mut out);
    out
}
