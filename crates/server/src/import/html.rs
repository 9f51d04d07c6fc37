//! A comment's HTML (Disqus, WordPress) as Markdown that our renderer shows the way the
//! source showed the HTML: the same text and the same blocks.
//!
//! The HTML is parsed as a browser would (html5ever, through scraper) into blocks
//! (paragraphs, quotes, lists, code) of inline text. Text that merely looks like
//! Markdown ("1. FC Köln", "# 1 der Tabelle", "* x", `_`, `[`) is escaped; whitespace is
//! collapsed as HTML collapses it; `<br>` is a line break (our renderer shows one);
//! blocks are kept apart by blank lines. What Markdown cannot say is given as text:
//! underlining, spoilers, fonts, images (a link to the picture). Scripts and styles,
//! never shown to a reader, are left out.
//!
//! `tests/import.rs` holds a corpus of real-looking comments to this: each rendered by
//! `readerbox-markdown` has the same visible text and block structure as its HTML.

use scraper::{ElementRef, Html, Node};

/// Markdown for a comment's HTML.
pub fn markdown_from_html(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut blocks = Vec::new();
    let mut paragraph = Inline::default();
    collect_blocks(fragment.root_element(), &mut blocks, &mut paragraph);
    paragraph.flush_into(&mut blocks);
    write_blocks(&blocks)
}

/// Markdown for a WordPress comment: WordPress shows its text through `wpautop`, where a
/// blank line starts a paragraph and a line break is a `<br>`; then as HTML.
pub fn markdown_from_wordpress(content: &str) -> String {
    let content = content.replace("\r\n", "\n");
    let mut html = String::new();
    for chunk in content
        .split("\n\n")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let has_blocks = [
            "<p",
            "<div",
            "<blockquote",
            "<ul",
            "<ol",
            "<pre",
            "<li",
            "<table",
        ]
        .iter()
        .any(|tag| chunk.to_ascii_lowercase().contains(tag));
        if has_blocks {
            html.push_str(chunk);
        } else {
            html.push_str("<p>");
            html.push_str(&chunk.replace('\n', "<br>\n"));
            html.push_str("</p>");
        }
        html.push('\n');
    }
    markdown_from_html(&html)
}

#[derive(Debug)]
enum Block {
    /// Inline Markdown, lines apart by `\n`.
    Paragraph(String),
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Code(String),
    Rule,
}

/// A paragraph being written.
#[derive(Debug, Default)]
struct Inline {
    text: String,
}

impl Inline {
    /// Whether what is written so far ends in whitespace (or nothing), as HTML sees it.
    fn after_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with([' ', '\n'])
    }

    /// Plain text: whitespace collapsed, Markdown syntax escaped.
    fn push_text(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_whitespace() {
                if !self.after_space() {
                    self.text.push(' ');
                }
                continue;
            }
            let line = self.line_so_far();
            let escape = match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' => true,
                '#' | '>' | '-' | '+' | '=' => line.is_empty(),
                // "1. FC Köln", "3) Punkt": an ordered list's marker at a line's start.
                '.' | ')' => !line.is_empty() && line.chars().all(|d| d.is_ascii_digit()),
                // `&copy;` written as text must not become ©.
                '&' => chars
                    .peek()
                    .is_some_and(|next| next.is_ascii_alphanumeric() || *next == '#'),
                _ => false,
            };
            if escape {
                self.text.push('\\');
            }
            self.text.push(c);
        }
    }

    /// The current line, as written so far.
    fn line_so_far(&self) -> &str {
        self.text.rsplit('\n').next().unwrap_or("")
    }

    fn push_markup(&mut self, markup: &str) {
        self.text.push_str(markup);
    }

    fn line_break(&mut self) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        self.text.push('\n');
    }

    fn flush_into(&mut self, blocks: &mut Vec<Block>) {
        let text = std::mem::take(&mut self.text);
        let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
        let text = lines.join("\n").trim_matches('\n').to_owned();
        if !text.is_empty() {
            blocks.push(Block::Paragraph(text));
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "pre"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "figure"
            | "center"
    )
}

/// Walks `parent`'s children in block context: inline content gathers in `paragraph`,
/// block elements end it.
fn collect_blocks(parent: ElementRef, blocks: &mut Vec<Block>, paragraph: &mut Inline) {
    for child in parent.children() {
        match child.value() {
            Node::Text(text) => paragraph.push_text(text),
            Node::Element(element) if is_block(element.name()) => {
                paragraph.flush_into(blocks);
                let Some(element) = ElementRef::wrap(child) else {
                    continue;
                };
                match element.value().name() {
                    "blockquote" => blocks.push(Block::Quote(block_content(element))),
                    "ul" | "ol" => blocks.push(list(element)),
                    "pre" => {
                        let code: String = element.text().collect();
                        blocks.push(Block::Code(code));
                    }
                    "hr" => blocks.push(Block::Rule),
                    _ => blocks.extend(block_content(element)),
                }
            }
            Node::Element(_) => {
                if let Some(element) = ElementRef::wrap(child) {
                    inline(element, paragraph);
                }
            }
            _ => {}
        }
    }
}

fn block_content(element: ElementRef) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph = Inline::default();
    collect_blocks(element, &mut blocks, &mut paragraph);
    paragraph.flush_into(&mut blocks);
    blocks
}

fn list(element: ElementRef) -> Block {
    let ordered = element.value().name() == "ol";
    let start = element
        .value()
        .attr("start")
        .and_then(|start| start.trim().parse().ok())
        .unwrap_or(1);
    let items = element
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|child| child.value().name() == "li")
        .map(block_content)
        .collect();
    Block::List {
        ordered,
        start,
        items,
    }
}

/// An inline element into `paragraph`.
fn inline(element: ElementRef, paragraph: &mut Inline) {
    let name = element.value().name();
    match name {
        "br" => paragraph.line_break(),
        "script" | "style" | "template" | "noscript" => {}
        "b" | "strong" => wrapped(element, paragraph, "**"),
        "i" | "em" => wrapped(element, paragraph, "*"),
        "s" | "strike" | "del" => wrapped(element, paragraph, "~~"),
        "code" | "tt" | "kbd" => code_span(&element.text().collect::<String>(), paragraph),
        "a" => {
            let href = element
                .value()
                .attr("href")
                .and_then(|href| readerbox_markdown::safe_href(href.trim()));
            match href {
                Some(href) => {
                    let mut text = Inline::default();
                    inline_children(element, &mut text);
                    let label = text.text.trim();
                    if label.is_empty() {
                        paragraph.push_text(&href);
                    } else {
                        paragraph.push_markup(&format!("[{label}]({})", link_destination(&href)));
                    }
                }
                None => inline_children(element, paragraph),
            }
        }
        "img" => {
            let src = element
                .value()
                .attr("src")
                .and_then(|src| readerbox_markdown::safe_href(src.trim()));
            if let Some(src) = src {
                let alt = element.value().attr("alt").unwrap_or("").trim();
                let mut label = Inline::default();
                label.push_text(if alt.is_empty() { "Bild" } else { alt });
                paragraph.push_markup(&format!("[{}]({})", label.text, link_destination(&src)));
            }
        }
        _ => inline_children(element, paragraph),
    }
}

fn inline_children(element: ElementRef, paragraph: &mut Inline) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => paragraph.push_text(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    inline(child, paragraph);
                }
            }
            _ => {}
        }
    }
}

/// `**strong**`: the delimiters hug the text (CommonMark ignores `** x **`); the
/// whitespace the element began or ended with stays outside.
fn wrapped(element: ElementRef, paragraph: &mut Inline, delimiter: &str) {
    let mut inner = Inline::default();
    inline_children(element, &mut inner);
    let text = inner.text.as_str();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        if !text.is_empty() && !paragraph.after_space() {
            paragraph.push_markup(" ");
        }
        return;
    }
    if text.starts_with([' ', '\n']) && !paragraph.after_space() {
        paragraph.push_markup(" ");
    }
    // `***x***` would nest the other way round: emphasis right inside strong (or the
    // reverse) takes the other delimiter.
    let delimiter =
        if delimiter.starts_with('*') && (trimmed.starts_with('*') || trimmed.ends_with('*')) {
            delimiter.replace('*', "_")
        } else {
            delimiter.to_owned()
        };
    paragraph.push_markup(&format!("{delimiter}{trimmed}{delimiter}"));
    if text.ends_with([' ', '\n']) {
        paragraph.push_markup(" ");
    }
}

/// `` `code` ``, fenced by one backtick more than the longest run inside.
fn code_span(code: &str, paragraph: &mut Inline) {
    let code: String = code
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if code.is_empty() {
        return;
    }
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    paragraph.push_markup(&format!("{fence}{pad}{code}{pad}{fence}"));
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A link's destination as written: in `<…>` when it holds what would end a bare one
/// (spaces, parentheses); `<` and `>` percent-encoded, as no URL needs them raw.
fn link_destination(href: &str) -> String {
    let href = href.replace('<', "%3C").replace('>', "%3E");
    if href.contains([' ', '(', ')']) {
        format!("<{href}>")
    } else {
        href
    }
}

fn write_blocks(blocks: &[Block]) -> String {
    let mut out: Vec<String> = Vec::new();
    // Two lists in a row stay two: the second uses the other marker.
    let mut previous_list: Option<(bool, bool)> = None;
    for block in blocks {
        let written = match block {
            Block::Paragraph(text) => text.clone(),
            Block::Quote(inner) => prefixed(&write_blocks(inner), "> ", ">"),
            Block::List {
                ordered,
                start,
                items,
            } => {
                let alternate = previous_list.is_some_and(|(was_ordered, was_alternate)| {
                    was_ordered == *ordered && !was_alternate
                });
                previous_list = Some((*ordered, alternate));
                write_list(*ordered, *start, items, alternate)
            }
            Block::Code(code) => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                let code = code.strip_prefix('\n').unwrap_or(code);
                let code = code.trim_end_matches('\n');
                format!("{fence}\n{code}\n{fence}")
            }
            Block::Rule => "***".to_owned(),
        };
        if !matches!(block, Block::List { .. }) {
            previous_list = None;
        }
        if !written.is_empty() {
            out.push(written);
        }
    }
    out.join("\n\n")
}

fn write_list(ordered: bool, start: u64, items: &[Vec<Block>], alternate: bool) -> String {
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let marker = match (ordered, alternate) {
            (false, false) => "-".to_owned(),
            (false, true) => "*".to_owned(),
            (true, false) => format!("{}.", start + n as u64),
            (true, true) => format!("{})", start + n as u64),
        };
        let body = write_blocks(item);
        let indent = " ".repeat(marker.len() + 1);
        let mut lines = body.lines();
        let first = lines.next().unwrap_or("");
        let mut written = if first.is_empty() {
            marker.clone()
        } else {
            format!("{marker} {first}")
        };
        for line in lines {
            written.push('\n');
            if !line.is_empty() {
                written.push_str(&indent);
                written.push_str(line);
            }
        }
        out.push(written);
    }
    out.join("\n")
}

/// Every line of `text` behind `prefix` (`empty` for an empty line).
fn prefixed(text: &str, prefix: &str, empty: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                empty.to_owned()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::markdown_from_html;

    #[test]
    fn text_that_looks_like_markdown_stays_text() {
        assert_eq!(markdown_from_html("<p>1. FC Köln</p>"), "1\\. FC Köln");
        assert_eq!(
            markdown_from_html("<p># 1 der Tabelle</p>"),
            "\\# 1 der Tabelle"
        );
        assert_eq!(markdown_from_html("<p>* x</p>"), "\\* x");
        assert_eq!(
            markdown_from_html("<p>a_b_c &amp;copy; [1]</p>"),
            "a\\_b\\_c \\&copy; \\[1\\]"
        );
    }

    #[test]
    fn blocks_stay_blocks() {
        assert_eq!(
            markdown_from_html("<blockquote>Zitat<br>zweite</blockquote><p>Antwort</p>"),
            "> Zitat\n> zweite\n\nAntwort"
        );
        assert_eq!(
            markdown_from_html("<ul><li>eins</li><li>zwei</li></ul><ol><li>a</li></ol>"),
            "- eins\n- zwei\n\n1. a"
        );
        assert_eq!(
            markdown_from_html("<pre><code>fn main() {\n    x();\n}</code></pre>"),
            "```\nfn main() {\n    x();\n}\n```"
        );
        assert_eq!(
            markdown_from_html("<p><s>alt</s> <code>a`b</code></p>"),
            "~~alt~~ ``a`b``"
        );
    }
}
