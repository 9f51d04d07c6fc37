//! The stylesheet as shipped: `style/readerbox.css` without its comments and the
//! whitespace nothing needs (about 0.8 KB less wasm after brotli, for the widget's
//! size budget). The widget's and the size probe's build scripts run it
//! ([`write_for_build`]); xtask tests it.
//!
//! Strings are copied as written. A run of whitespace becomes one space, or none next to
//! `{ } ; , > :` and inside parentheses' edges, where CSS never needs one. The space
//! before a `:` stays (in a selector, `a :hover` is not `a:hover`), as do spaces around
//! `+`, `-` and `~` (in `calc()` they are required).

/// For a build script: `readerbox.css` from `style_dir` (relative to the package),
/// minified into `OUT_DIR/readerbox.css`.
// xtask includes this file for its tests only, which don't call it.
#[allow(dead_code)]
pub fn write_for_build(style_dir: &str) {
    let source = format!("{style_dir}/readerbox.css");
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed={style_dir}/minify.rs");
    let css = std::fs::read_to_string(&source).expect("style/readerbox.css");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = std::path::Path::new(&out_dir).join("readerbox.css");
    std::fs::write(out, minify(&css)).expect("writing the minified stylesheet");
}

pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            c => {
                if pending_space
                    && !out.is_empty()
                    && !out.ends_with(['{', '}', ';', ',', '>', ':', '('])
                    && !matches!(c, '{' | '}' | ';' | ',' | '>' | ')')
                {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    copy_string(c, &mut chars, &mut out);
                }
            }
        }
    }
    out
}

fn copy_string(quote: char, chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut escaped = false;
    for c in chars {
        out.push(c);
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return,
            _ => escaped = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify;

    fn without_comments(css: &str) -> String {
        let mut rest = css;
        let mut out = String::new();
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            rest = &rest[start + rest[start..].find("*/").unwrap() + 2..];
        }
        out + rest
    }

    #[test]
    fn drops_comments_and_needless_whitespace() {
        assert_eq!(
            minify("/* a\n * note */\n.a  .b > .c ,\n.d:hover {\n  color : red ;\n  width: calc(100% - 2rem);\n}\n"),
            ".a .b>.c,.d:hover{color :red;width:calc(100% - 2rem);}"
        );
        assert_eq!(
            minify("@media (max-width: 30em) { .a :focus-visible { outline: 2px solid var( --x , blue ) } }"),
            "@media (max-width:30em){.a :focus-visible{outline:2px solid var(--x,blue)}}"
        );
    }

    #[test]
    fn keeps_strings_as_written() {
        assert_eq!(
            minify(
                r#"a::before { content: "  /* not a comment */ ;  , "; font-family: 'Segoe UI', "a\"  b"; }"#
            ),
            r#"a::before{content:"  /* not a comment */ ;  , ";font-family:'Segoe UI',"a\"  b";}"#
        );
    }

    /// The shipped stylesheet differs from `readerbox.css` only in comments and
    /// whitespace, and keeps every space a selector or `calc()` needs.
    #[test]
    fn the_shipped_stylesheet_is_the_source_without_comments_and_spaces() {
        let source = include_str!("readerbox.css");
        let shipped = minify(source);
        let visible = |css: &str| {
            css.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        };
        assert_eq!(visible(&shipped), visible(&without_comments(source)));
        assert!(
            shipped.len() * 100 < source.len() * 85,
            "{} of {} bytes",
            shipped.len(),
            source.len()
        );
        for kept in [
            ".readerbox-replies .readerbox-comment",
            " - ",
            "solid var(--_accent)",
        ] {
            assert!(source.contains(kept) && shipped.contains(kept), "{kept}");
        }
    }
}
