//! The safety rule of rendered comments as one checkable function, shared by the hostile
//! input tests, the fuzz target (`fuzz/fuzz_targets/markdown.rs`) and the replay of inputs
//! the fuzzer once found (`tests/fuzz_regressions.rs`).

use crate::{render, safe_href, to_html, Node, Tag, LINK_REL, MAX_NESTING};

const ELEMENTS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "br",
    "hr",
];

/// Renders `source` and checks the result: only our elements, only `href`/`rel`/`start`
/// attributes, only http(s)/mailto targets that [`safe_href`] accepts, every link with
/// [`LINK_REL`], nesting within [`MAX_NESTING`] (plus the `<code>` inside `<pre>`), and
/// no text that an HTML parser would read as markup. `Err` says what broke.
pub fn audit(source: &str) -> Result<(), String> {
    let nodes = render(source);
    let html = to_html(&nodes);
    audit_html(&html).map_err(|why| format!("{why} in {html:?}"))?;
    audit_tree(&nodes, 1)
}

fn audit_html(html: &str) -> Result<(), String> {
    for piece in html.split('<').skip(1) {
        let end = piece.find('>').ok_or("an unclosed tag")?;
        let tag = &piece[..end];
        let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        let name = name.trim_start_matches('/');
        if !ELEMENTS.contains(&name) {
            return Err(format!("element <{name}>"));
        }
        let mut rest = attributes.trim();
        while !rest.is_empty() {
            let (attribute, after) = rest.split_once("=\"").ok_or("an attribute without value")?;
            let (value, after) = after.split_once('"').ok_or("an unquoted attribute")?;
            match attribute {
                "href" => {
                    let target = value.replace("&amp;", "&");
                    let lower = target.to_ascii_lowercase();
                    if !(lower.starts_with("https://")
                        || lower.starts_with("http://")
                        || lower.starts_with("mailto:"))
                    {
                        return Err(format!("link target {value:?}"));
                    }
                }
                "rel" if value == LINK_REL => {}
                "start" if value.bytes().all(|b| b.is_ascii_digit()) => {}
                other => return Err(format!("attribute {other}={value:?}")),
            }
            rest = after.trim_start();
        }
    }
    Ok(())
}

fn audit_tree(nodes: &[Node], depth: usize) -> Result<(), String> {
    for node in nodes {
        if let Node::Element {
            tag,
            href,
            children,
            ..
        } = node
        {
            if depth > MAX_NESTING {
                return Err(format!("nesting deeper than {MAX_NESTING}"));
            }
            match (tag, href) {
                (Tag::Link, Some(href)) if safe_href(href).as_deref() == Some(href) => {}
                (Tag::Link, _) => return Err(format!("link target {href:?}")),
                (_, Some(_)) => return Err(format!("<{}> with a target", tag.name())),
                _ => {}
            }
            if tag.is_void() && !children.is_empty() {
                return Err(format!("<{}> with children", tag.name()));
            }
            audit_tree(children, depth + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_passes_ours_and_catches_foreign_markup() {
        assert_eq!(
            audit("Hallo [Welt](https://example.org) <script>x</script>"),
            Ok(())
        );
        assert!(audit_html("<p onclick=\"x\">").is_err());
        assert!(audit_html("<img src=\"x\">").is_err());
        assert!(
            audit_html("<a href=\"javascript:x\" rel=\"nofollow ugc noopener noreferrer\">")
                .is_err()
        );
        assert!(audit_html("<ol start=\"1\" style=\"x\">").is_err());
    }
}
