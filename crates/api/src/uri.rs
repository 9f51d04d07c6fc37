//! What an article URI may look like.
//!
//! An article is identified by the absolute path of its page (optionally with a query),
//! as Isso and Remark42 do: `/politik/stadtrat-radwege.html`. Scheme and host are not
//! part of it, so a site can move between hosts without losing its comments.

/// Longest accepted article URI, in bytes.
pub const MAX_URI_BYTES: usize = 512;

/// Why a URI was refused (for tests and logs; readers see one message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriProblem {
    Empty,
    TooLong,
    NotAnAbsolutePath,
    HasFragment,
    ForbiddenCharacter,
}

/// Checks an article URI: an absolute path (`/` then not `/`), no fragment, no
/// whitespace or control characters, at most [`MAX_URI_BYTES`].
pub fn check_article_uri(uri: &str) -> Result<(), UriProblem> {
    if uri.is_empty() {
        return Err(UriProblem::Empty);
    }
    if uri.len() > MAX_URI_BYTES {
        return Err(UriProblem::TooLong);
    }
    // "//host/path" is a scheme-relative URL, not a path.
    if !uri.starts_with('/') || uri.starts_with("//") {
        return Err(UriProblem::NotAnAbsolutePath);
    }
    if uri.contains('#') {
        return Err(UriProblem::HasFragment);
    }
    if uri
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(UriProblem::ForbiddenCharacter);
    }
    Ok(())
}

/// `host[:port]` of an http(s) URL as the URL standard parses it: a host without the
/// code points it forbids in a domain (so no user info: `@` is one), or a bracketed IPv6
/// address; a port of digits only, up to 65535. One rule for the websites the API takes
/// and the links the Markdown renderer keeps; the `url` crate would say the same (a
/// test compares them), but its IDNA tables would weigh 66 KB brotli in the widget
/// (docs/decisions/0003-link-host-check.md).
pub fn is_web_authority(authority: &str) -> bool {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        let is_ipv6 = address.contains(':')
            && address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        if !is_ipv6 {
            return false;
        }
        match after.strip_prefix(':') {
            Some(port) => (address, Some(port)),
            None if after.is_empty() => (address, None),
            None => return false,
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let forbidden = |c: char| c.is_control() || " #%/:<>?@[\\]^|".contains(c) || c == '\u{7f}';
        if host.is_empty() || host.contains(forbidden) {
            return false;
        }
        (host, port)
    };
    let port_is_fine = port.is_none_or(|port| {
        port.is_empty()
            || (port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|n| n <= 65_535))
    });
    !host.is_empty() && port_is_fine
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths() {
        for ok in [
            "/",
            "/a",
            "/politik/artikel-123.html",
            "/a?id=5&x=%20",
            "/ümlaut",
        ] {
            assert_eq!(check_article_uri(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_everything_else() {
        let cases = [
            ("", UriProblem::Empty),
            ("politik/a", UriProblem::NotAnAbsolutePath),
            ("https://example.org/a", UriProblem::NotAnAbsolutePath),
            ("//evil.example/a", UriProblem::NotAnAbsolutePath),
            ("/a#comment-1", UriProblem::HasFragment),
            ("/a b", UriProblem::ForbiddenCharacter),
            ("/a\nb", UriProblem::ForbiddenCharacter),
            ("/a\\b", UriProblem::ForbiddenCharacter),
        ];
        for (uri, problem) in cases {
            assert_eq!(check_article_uri(uri), Err(problem), "{uri:?}");
        }
        let long = format!("/{}", "a".repeat(MAX_URI_BYTES));
        assert_eq!(check_article_uri(&long), Err(UriProblem::TooLong));
    }
}
