//! The boundary between the readerbox widget and server: the JSON shapes of the
//! HTTP API under `/api/v1/` and the validation rules both sides apply.
//!
//! This crate depends on `serde` only, so it compiles for the browser (wasm) and for
//! the server alike. Anything that needs a web or server runtime belongs elsewhere.
//!
//! Invariants:
//! - No type that is sent to a client carries an e-mail address or an IP address.
//!   [`Comment`] is the only public view of a stored comment.
//! - [`NewComment::validate`] is the single definition of what a valid comment is; the
//!   server enforces it, the widget may use it for early feedback.

pub mod error;
pub mod messages;
pub mod uri;
pub mod validate;

pub use error::{ApiError, ErrorBody, ErrorCode};
pub use messages::{Lang, Problem};
pub use validate::{Limits, ValidNewComment};

use serde::{Deserialize, Serialize};

/// Path prefix of every API route, relative to the API base URL.
pub const API_PREFIX: &str = "/api/v1";

/// A comment as any reader may see it. Never contains e-mail or IP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    /// Display name; "Anonym" when the author left it empty.
    pub author: String,
    /// The comment text as written (Markdown source; rendered as plain text for now).
    pub text: String,
    /// Creation time, RFC 3339 in UTC, e.g. `2026-11-24T18:03:00Z`.
    pub created_at: String,
}

/// `GET /api/v1/comments?uri=…`: the comments of one article, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentList {
    pub uri: String,
    pub total: u64,
    pub comments: Vec<Comment>,
}

/// `POST /api/v1/comments`: what a reader sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    /// The article's URI: an absolute path such as `/politik/artikel-123.html`.
    pub uri: String,
    #[serde(default)]
    pub author: Option<String>,
    /// Stored for the editors; never returned by any public endpoint.
    #[serde(default)]
    pub email: Option<String>,
    pub text: String,
}

/// Most article URIs one `GET /api/v1/counts` may ask about.
pub const MAX_COUNT_URIS: usize = 100;

/// `GET /api/v1/counts?uri=/a&uri=/b`: the number of comments of each article asked
/// about (0 for articles without any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentCounts {
    pub counts: std::collections::BTreeMap<String, u64>,
}

/// Query of `GET /api/v1/comments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadQuery {
    pub uri: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_comment_has_no_private_fields() {
        let comment = Comment {
            id: 1,
            author: "A".into(),
            text: "t".into(),
            created_at: "2026-11-24T00:00:00Z".into(),
        };
        let json = serde_json::to_value(&comment).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["author", "created_at", "id", "text"]);
    }

    #[test]
    fn new_comment_optional_fields_may_be_missing() {
        let parsed: NewComment = serde_json::from_str(r#"{"uri":"/a","text":"hi"}"#).unwrap();
        assert_eq!(parsed.author, None);
        assert_eq!(parsed.email, None);
    }
}
