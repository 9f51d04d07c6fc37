//! The renderer against what comments really contain: the Markdown a reader may use, and
//! every trick for getting script or foreign markup into the page through it.

use readerbox_markdown::{audit, render, safe_href, to_html, Node, MAX_NESTING};

fn html(source: &str) -> String {
    to_html(&render(source))
}

/// Only our elements and attributes appear in the output, and only http(s)/mailto
/// targets (the rule lives in `readerbox_markdown::audit`, shared with the fuzzer).
fn assert_safe(source: &str) {
    if let Err(why) = audit(source) {
        panic!("{why}, from {source:?}");
    }
}

#[test]
fn the_markdown_a_reader_uses() {
    assert_eq!(html("Hallo *Welt*"), "<p>Hallo <em>Welt</em></p>");
    assert_eq!(
        html("**fett** und ~~weg~~"),
        "<p><strong>fett</strong> und <del>weg</del></p>"
    );
    assert_eq!(
        html("[Quelle](https://example.org/a?b=1&c=2)"),
        "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener noreferrer\">Quelle</a></p>"
    );
    assert_eq!(
        html("- eins\n- zwei"),
        "<ul><li>eins</li><li>zwei</li></ul>"
    );
    assert_eq!(
        html("3. drei\n4. vier"),
        "<ol start=\"3\"><li>drei</li><li>vier</li></ol>"
    );
    assert_eq!(html("> zitiert"), "<blockquote><p>zitiert</p></blockquote>");
    assert_eq!(html("`a < b`"), "<p><code>a &lt; b</code></p>");
    assert_eq!(
        html("```\nfn main() {}\n```"),
        "<pre><code>fn main() {}\n</code></pre>"
    );
    assert_eq!(html("Zeile 1\nZeile 2"), "<p>Zeile 1<br>Zeile 2</p>");
    assert_eq!(
        html("# Überschrift"),
        "<p>Überschrift</p>",
        "no headings in comments"
    );
    assert_eq!(
        html("<mail@example.org>"),
        "<p><a href=\"mailto:mail@example.org\" rel=\"nofollow ugc noopener noreferrer\">mail@example.org</a></p>"
    );
}

#[test]
fn raw_html_is_shown_as_text() {
    assert_eq!(
        html("<script>alert(1)</script>"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    );
    assert_eq!(
        html("Ein <b onmouseover=\"alert(1)\">fetter</b> Text"),
        "<p>Ein &lt;b onmouseover=&quot;alert(1)&quot;&gt;fetter&lt;/b&gt; Text</p>"
    );
    assert_eq!(
        html("<img src=x onerror=alert(1)>"),
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    );
    assert_safe("<iframe src=\"https://evil.example\"></iframe>");
    assert_safe("<svg><script>alert(1)</script></svg>");
    assert_safe("<!-- comment --><style>body{display:none}</style>");
}

#[test]
fn images_become_plain_links_without_requests() {
    assert_eq!(
        html("![Ein Bild](https://tracker.example/pixel.gif)"),
        "<p><a href=\"https://tracker.example/pixel.gif\" rel=\"nofollow ugc noopener noreferrer\">Ein Bild</a></p>"
    );
    assert_eq!(html("![alt](javascript:alert(1))"), "<p>alt</p>");
    // An image inside a link: one link, the alt text as its label.
    assert_eq!(
        html("[![Bild](https://a.example/i.png)](https://b.example/)"),
        "<p><a href=\"https://b.example/\" rel=\"nofollow ugc noopener noreferrer\">Bild</a></p>"
    );
}

#[test]
fn dangerous_link_targets_in_every_markdown_link_form() {
    let targets = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript&colon;alert(1)",
        "java&#x09;script:alert(1)",
        "java&#10;script:alert(1)",
        "&#106;avascript:alert(1)",
        "%6Aavascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https:/\\evil.example",
    ];
    for target in targets {
        let forms = [
            format!("[klick]({target})"),
            format!("[klick](<{target}>)"),
            format!("[klick]({target} \"Titel\")"),
            format!("[klick][ref]\n\n[ref]: {target}"),
            format!("[ref]\n\n[ref]: {target}"),
            format!("[klick][]\n\n[klick]: <{target}>"),
            format!("<{target}>"),
            format!("![klick]({target})"),
        ];
        for source in forms {
            let out = html(&source);
            assert!(
                !out.contains("href")
                    || out.contains("href=\"https://")
                    || out.contains("href=\"http://"),
                "{source:?} gave {out:?}"
            );
            assert_safe(&source);
        }
    }
}

#[test]
fn attribute_breaking_quotes_stay_inside_the_attribute() {
    let out = html("[x](https://a.example/\"onmouseover=\"alert(1))");
    assert!(!out.contains("\" onmouseover"), "{out}");
    let out = html("[x](<https://a.example/\" onmouseover=\"alert(1)>)");
    assert!(!out.contains("onmouseover=\"alert"), "{out}");
    let out = html("[x](https://a.example/'><script>alert(1)</script>)");
    assert!(!out.contains("<script"), "{out}");
    assert_safe("[x](https://a.example/&quot;onmouseover=&quot;alert(1))");
}

#[test]
fn entity_tricks_decode_to_text_never_to_markup() {
    assert_eq!(
        html("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    );
    assert_eq!(html("&#60;b&#62;"), "<p>&lt;b&gt;</p>");
    assert_eq!(html("&amp;lt;"), "<p>&amp;lt;</p>");
    assert_safe("&#x3C;img src=x onerror=alert(1)&#x3E;");
}

/// The entity table is vendor/pulldown-cmark's trimmed one (HTML 4's names, 16 KB less
/// wasm): the names readers type decode, HTML5-only names stay as typed, numeric
/// references work for every character. Fails if the patch is no longer in use.
#[test]
fn named_entities_are_html4s_and_numeric_references_any() {
    assert_eq!(
        html("5&nbsp;&euro; &ndash; &bdquo;&Auml;&szlig;&ldquo; &hellip; &hearts; &rarr; &alpha;"),
        "<p>5\u{a0}€ – „Äß“ … ♥ → α</p>"
    );
    assert_eq!(
        html("&apos;&quot;&amp;&lt;&gt;"),
        "<p>&#39;&quot;&amp;&lt;&gt;</p>"
    );
    assert_eq!(
        html("&NotNestedGreaterGreater; &colon; &heartsuit;"),
        "<p>&amp;NotNestedGreaterGreater; &amp;colon; &amp;heartsuit;</p>"
    );
    assert_eq!(html("&#x2AA2; &#58; &#x2665;"), "<p>\u{2aa2} : ♥</p>");
    // The first and last of the packed table, and names that are only its prefixes.
    assert_eq!(
        html("&AElig;&zwnj;&Alph;&zwn;&zwnjx;"),
        "<p>Æ\u{200c}&amp;Alph;&amp;zwn;&amp;zwnjx;</p>"
    );
}

#[test]
fn nesting_bombs_stay_flat_and_finish() {
    let quotes = ">".repeat(10_000) + " tief";
    let tree = render(&quotes);
    assert!(depth(&tree) <= MAX_NESTING + 1, "depth {}", depth(&tree));
    assert!(html(&quotes).contains("tief"));

    let lists = (0..1_000)
        .map(|i| format!("{}- x", "  ".repeat(i)))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(depth(&render(&lists)) <= MAX_NESTING + 1);

    let emphasis = "*a **b ".repeat(20_000) + &"** c*".repeat(20_000);
    assert!(depth(&render(&emphasis)) <= MAX_NESTING + 1);

    let brackets = "[".repeat(50_000) + &"](https://a.example)".repeat(50_000);
    assert_safe(&brackets[..2_000]);
    assert!(depth(&render(&brackets)) <= MAX_NESTING + 1);

    let underscores = "_".repeat(100_000);
    assert!(!render(&underscores).is_empty());
}

fn depth(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(_) => 0,
            Node::Element { children, .. } => 1 + depth(children),
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn safe_href_allows_only_web_and_mail_links() {
    for good in [
        "https://a.de",
        "http://a.de/x?y#z",
        "mailto:a@b.de",
        "HTTPS://A.DE",
    ] {
        assert!(safe_href(good).is_some(), "{good}");
    }
    for bad in [
        "javascript:x",
        "data:x",
        "https://",
        "http:///x",
        "mailto:",
        "a.de",
        "/x",
        "#x",
        "https://a.de/\tx",
        "https://a.de/\nx",
        "ftp://a.de",
        "http://javascript:alert(1)",
        "https://a.de:80x/",
        "https://a.de:99999/",
        "https://user@a.de/",
        "https://a.de@b.de/",
        "http://[::1/",
        "http://[a.de]/",
        "http://a^b.de/",
        "http://a%2Fb/",
    ] {
        assert!(safe_href(bad).is_none(), "{bad}");
    }
    for fine in [
        "https://a.de:8443/x",
        "http://[::1]:8080/",
        "https://münchen.de/",
        "https://a.de:/",
    ] {
        assert!(safe_href(fine).is_some(), "{fine}");
    }
}

/// Every link target the renderer keeps is one the `url` crate (the URL standard)
/// parses with the same scheme; a target it can't parse is not kept.
#[test]
fn safe_links_are_urls_the_url_standard_parses() {
    let hosts = [
        "a.de",
        "javascript",
        "",
        "[::1]",
        "[::1",
        "[x]",
        "a b",
        "a^b",
        "a%41",
        "a(1)",
        "xn--mnchen-3ya.de",
        "münchen.de",
        "a_b.de",
        "1.2.3.4",
        "a.de.",
        "~a",
        "a!$&'*+,;=",
    ];
    let ports = [
        "",
        ":",
        ":80",
        ":8o",
        ":alert(1)",
        ":65535",
        ":65536",
        ":-1",
    ];
    for scheme in ["http", "https"] {
        for host in hosts {
            for port in ports {
                for tail in ["", "/x?y#z", "\\x"] {
                    let target = format!("{scheme}://{host}{port}{tail}");
                    if safe_href(&target).is_some() {
                        let parsed = url::Url::parse(&target)
                            .unwrap_or_else(|err| panic!("{target} kept, but {err}"));
                        assert_eq!(parsed.scheme(), scheme, "{target}");
                        assert!(parsed.host().is_some(), "{target}");
                    }
                }
            }
        }
    }
    assert!(url::Url::parse("http://javascript:alert(1)").is_err());
    // What the server's first screen and the widget both draw: the words, no link.
    assert_eq!(html("[klick](http://javascript:alert(1))"), "<p>klick</p>");
    assert_eq!(
        html("<http://javascript:alert(1)>"),
        "<p>http://javascript:alert(1)</p>"
    );
}

/// Reference links match their definitions by case folding, as CommonMark says, through
/// vendor/pulldown-cmark's own small folding (without `unicase`): German, other Latin,
/// Greek and Cyrillic labels fold; others match only as written.
#[test]
fn reference_labels_match_by_case_folding() {
    let link = |label: &str, definition: &str| {
        html(&format!(
            "[Quelle][{label}]\n\n[{definition}]: https://example.org/"
        ))
    };
    let linked = "<p><a href=\"https://example.org/\" rel=\"nofollow ugc noopener noreferrer\">Quelle</a></p>";
    assert_eq!(link("Straße", "STRASSE"), linked);
    assert_eq!(link("ẞ", "ss"), linked);
    assert_eq!(link("Übersicht", "übersicht"), linked);
    assert_eq!(link("ΣΟΦΟΣ", "σοφος"), linked);
    assert_eq!(link("ЁЖ", "ёж"), linked);
    assert_eq!(link("Foo  bar", "foo bar"), linked);
    assert_eq!(link("Quelle", "Quelle2"), "<p>[Quelle][Quelle]</p>");
}

/// The patched parser compiles in only the extensions comments use
/// (`pulldown_cmark::COMPILED_IN`): an option added to `OPTIONS` but not there would
/// silently do nothing. Fails if the patch is no longer in use.
#[test]
fn the_renderers_extensions_are_the_ones_compiled_in() {
    assert_eq!(pulldown_cmark::COMPILED_IN, readerbox_markdown::OPTIONS);
    assert_eq!(
        html("~~weg~~ und ~so~"),
        "<p><del>weg</del> und <del>so</del></p>"
    );
    // Extensions that are off stay text, as before the patch.
    assert!(!html("| a | b |\n|---|---|\n| 1 | 2 |").contains("<table"));
    assert!(!html("Text[^1]\n\n[^1]: Fußnote").contains("<sup"));
    assert!(!html("- [x] erledigt").contains("checkbox"));
}
