//! The rules a new comment must meet, with the reader-facing messages.
//!
//! The server applies these to every request; nothing the widget checks is trusted.
//! Lengths count Unicode scalar values (what a reader perceives as characters far more
//! closely than bytes do).

use crate::messages::{Lang, Problem};
use crate::uri::check_article_uri;
use crate::{ApiError, ErrorCode, NewComment};
use serde::{Deserialize, Serialize};

/// Name shown when the author leaves the name empty.
pub const ANONYMOUS: &str = "Anonym";

/// Every limit of the comment area. One value of this lives in the server's config and
/// is the truth; each list response carries it to the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub text_max_chars: usize,
    pub name_max_chars: usize,
    pub email_max_chars: usize,
    pub website_max_chars: usize,
    /// Levels of replies shown indented (3: a comment, a reply, a reply to that).
    /// Deeper replies are shown at the last level, starting with "@Name".
    pub max_depth: u32,
    /// Top-level comments per page ("mehr" loads the next).
    pub page_size: u32,
    /// How long after posting the author may edit or delete, in seconds.
    pub edit_window_secs: u64,
    /// Longest correction description ("Korrektur").
    pub correction_max_chars: usize,
    /// Longest letter to the editor ("Leserbrief").
    pub letter_max_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            text_max_chars: 5_000,
            name_max_chars: 80,
            email_max_chars: 254,
            website_max_chars: 300,
            max_depth: 3,
            page_size: 20,
            edit_window_secs: 15 * 60,
            correction_max_chars: 1_000,
            letter_max_chars: 4_000,
        }
    }
}

/// A [`NewComment`] that passed [`NewComment::validate`], normalised for storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNewComment {
    pub uri: String,
    /// Trimmed; [`ANONYMOUS`] when empty.
    pub author: String,
    /// Trimmed; `None` when absent or empty.
    pub email: Option<String>,
    /// Trimmed; an http or https URL; `None` when absent or empty.
    pub website: Option<String>,
    pub parent_id: Option<i64>,
    /// Exactly as sent: stored text round-trips unchanged.
    pub text: String,
    /// Checked with [`crate::is_client_key`]; `None` when the client sent none.
    pub idempotency_key: Option<String>,
}

fn field_error(code: ErrorCode, field: &str, problem: Problem, lang: Lang) -> ApiError {
    ApiError::new(code, problem.message(lang), Some(field))
}

impl NewComment {
    /// Checks every field; the first problem found is returned, in form order
    /// (uri, name, e-mail, website, text), so the reader fixes them top to bottom. Messages are in
    /// `lang`.
    pub fn validate(&self, limits: &Limits, lang: Lang) -> Result<ValidNewComment, ApiError> {
        if check_article_uri(&self.uri).is_err() {
            return Err(field_error(
                ErrorCode::InvalidUri,
                "uri",
                Problem::InvalidUri,
                lang,
            ));
        }

        let author = self.author.as_deref().unwrap_or("").trim();
        if author.chars().count() > limits.name_max_chars {
            return Err(field_error(
                ErrorCode::NameTooLong,
                "author",
                Problem::NameTooLong {
                    max: limits.name_max_chars,
                },
                lang,
            ));
        }
        if author.chars().any(char::is_control) {
            return Err(field_error(
                ErrorCode::NameTooLong,
                "author",
                Problem::NameHasControlCharacters,
                lang,
            ));
        }

        let email = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(email) = email {
            if !looks_like_email(email) || email.chars().count() > limits.email_max_chars {
                return Err(field_error(
                    ErrorCode::InvalidEmail,
                    "email",
                    Problem::InvalidEmail,
                    lang,
                ));
            }
        }

        let website = self
            .website
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty());
        if let Some(website) = website {
            if !is_web_url(website) || website.chars().count() > limits.website_max_chars {
                return Err(field_error(
                    ErrorCode::InvalidWebsite,
                    "website",
                    Problem::InvalidWebsite {
                        max: limits.website_max_chars,
                    },
                    lang,
                ));
            }
        }

        validate_text(&self.text, limits, lang)?;

        if self.parent_id.is_some_and(|id| id <= 0) {
            return Err(field_error(
                ErrorCode::InvalidParent,
                "parent_id",
                Problem::ParentNotFound,
                lang,
            ));
        }
        if let Some(key) = &self.idempotency_key {
            if !crate::is_client_key(key) {
                return Err(field_error(
                    ErrorCode::InvalidKey,
                    "idempotency_key",
                    Problem::InvalidKey,
                    lang,
                ));
            }
        }

        Ok(ValidNewComment {
            uri: self.uri.clone(),
            author: if author.is_empty() {
                ANONYMOUS.to_owned()
            } else {
                author.to_owned()
            },
            email: email.map(str::to_owned),
            website: website.map(str::to_owned),
            parent_id: self.parent_id,
            text: self.text.clone(),
            idempotency_key: self.idempotency_key.clone(),
        })
    }
}

/// The rules for a comment's text, for new comments and edits alike: no control
/// characters but line breaks and tabs, not blank, at most [`Limits::text_max_chars`]
/// characters.
pub fn validate_text(text: &str, limits: &Limits, lang: Lang) -> Result<(), ApiError> {
    if has_control_characters(text) {
        return Err(field_error(
            ErrorCode::InvalidCharacters,
            "text",
            Problem::ControlCharacters,
            lang,
        ));
    }
    if text.trim().is_empty() {
        return Err(field_error(
            ErrorCode::EmptyText,
            "text",
            Problem::EmptyText,
            lang,
        ));
    }
    let text_chars = text.chars().count();
    if text_chars > limits.text_max_chars {
        return Err(field_error(
            ErrorCode::TextTooLong,
            "text",
            Problem::TextTooLong {
                length: text_chars,
                max: limits.text_max_chars,
            },
            lang,
        ));
    }
    Ok(())
}

/// Control characters other than the line breaks and tabs a text area gives: a text
/// of NUL bytes is not a comment, and no reader's screen shows them.
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// The number of characters the limits count: Unicode scalar values.
pub fn text_length(text: &str) -> usize {
    text.chars().count()
}

/// An absolute http or https URL whose host and port a browser parses (no user info:
/// [`crate::uri::is_web_authority`]), without whitespace or control characters.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    crate::uri::is_web_authority(authority)
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
}

/// A deliberately small check: one `@` with text on both sides, a dot in the domain,
/// no whitespace. Real verification is by sending mail, not by regex.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> NewComment {
        NewComment {
            uri: "/artikel".into(),
            text: text.into(),
            ..Default::default()
        }
    }

    fn code_and_field(result: Result<ValidNewComment, ApiError>) -> (ErrorCode, String) {
        let err = result.unwrap_err().error;
        (err.code, err.field.unwrap())
    }

    #[test]
    fn valid_comment_is_normalised() {
        let new = NewComment {
            uri: "/a".into(),
            author: Some("  Erika  ".into()),
            email: Some(" erika@example.org ".into()),
            website: Some(" https://erika.example.org/blog ".into()),
            text: "  Hallo  ".into(),
            ..Default::default()
        };
        let valid = new.validate(&Limits::default(), Lang::De).unwrap();
        assert_eq!(valid.author, "Erika");
        assert_eq!(valid.email.as_deref(), Some("erika@example.org"));
        assert_eq!(
            valid.website.as_deref(),
            Some("https://erika.example.org/blog")
        );
        assert_eq!(valid.text, "  Hallo  ", "text is stored exactly as sent");
    }

    #[test]
    fn empty_name_becomes_anonym_and_empty_email_none() {
        let mut new = comment("x");
        new.author = Some("   ".into());
        new.email = Some("".into());
        let valid = new.validate(&Limits::default(), Lang::De).unwrap();
        assert_eq!(valid.author, ANONYMOUS);
        assert_eq!(valid.email, None);
    }

    #[test]
    fn empty_or_blank_text_is_refused() {
        for text in ["", "   ", "\n\t"] {
            assert_eq!(
                code_and_field(comment(text).validate(&Limits::default(), Lang::De)),
                (ErrorCode::EmptyText, "text".into())
            );
        }
    }

    #[test]
    fn text_limit_counts_characters_not_bytes() {
        let limits = Limits {
            text_max_chars: 3,
            ..Limits::default()
        };
        assert!(comment("äöü").validate(&limits, Lang::De).is_ok());
        assert_eq!(
            code_and_field(comment("äöüß").validate(&limits, Lang::De)),
            (ErrorCode::TextTooLong, "text".into())
        );
    }

    #[test]
    fn name_over_limit_is_refused() {
        let mut new = comment("x");
        new.author = Some("n".repeat(81));
        assert_eq!(
            code_and_field(new.validate(&Limits::default(), Lang::De)),
            (ErrorCode::NameTooLong, "author".into())
        );
    }

    #[test]
    fn bad_uri_and_email_are_refused() {
        let mut new = comment("x");
        new.uri = "kein-pfad".into();
        assert_eq!(
            code_and_field(new.validate(&Limits::default(), Lang::De)),
            (ErrorCode::InvalidUri, "uri".into())
        );
        for bad in ["no-at", "a@b", "a @b.de", "@b.de", "a@.de", "a@b.de."] {
            let mut new = comment("x");
            new.email = Some(bad.into());
            assert_eq!(
                code_and_field(new.validate(&Limits::default(), Lang::De)),
                (ErrorCode::InvalidEmail, "email".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn website_must_be_http_or_https_with_a_host() {
        for good in [
            "http://a.de",
            "https://www.example.org/x?y=1",
            "HTTPS://A.DE",
        ] {
            let mut new = comment("x");
            new.website = Some(good.into());
            assert!(new.validate(&Limits::default(), Lang::De).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://a.de",
            "https://",
            "https:// a.de",
            "www.example.org",
            "https://a.de/\"onmouseover=x",
            // What the Markdown renderer would not link either.
            "https://user:pass@a.de/",
            "http://javascript:alert(1)",
            "https://a.de:99999/",
        ] {
            let mut new = comment("x");
            new.website = Some(bad.into());
            assert_eq!(
                code_and_field(new.validate(&Limits::default(), Lang::De)),
                (ErrorCode::InvalidWebsite, "website".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn parent_and_idempotency_key_are_checked() {
        let mut new = comment("x");
        new.parent_id = Some(0);
        assert_eq!(
            code_and_field(new.validate(&Limits::default(), Lang::De)),
            (ErrorCode::InvalidParent, "parent_id".into())
        );
        let mut new = comment("x");
        new.idempotency_key = Some("kurz".into());
        assert_eq!(
            code_and_field(new.validate(&Limits::default(), Lang::De)),
            (ErrorCode::InvalidKey, "idempotency_key".into())
        );
    }
}
