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
//! - [`Limits`] has one value, in the server's config; every list response carries it,
//!   so widget and server agree on every limit.

pub mod admin;
pub mod error;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod json;
pub mod messages;
pub mod reports;
pub mod spam;
pub mod uri;
pub mod validate;

pub use error::{ApiError, ErrorBody, ErrorCode};
pub use messages::{Lang, Problem, Subject};
pub use validate::{Limits, ValidNewComment};

use serde::{Deserialize, Serialize};

/// Path prefix of every API route, relative to the API base URL.
pub const API_PREFIX: &str = "/api/v1";

/// Where a comment stands. Readers other than its author only ever see `Published`
/// and `Deleted` (a placeholder kept so that its replies still hang together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    #[default]
    Published,
    /// Held for the editors (moderation, too many links, …); shown to its author only.
    Pending,
    /// Taken for spam (honeypot filled, or by an editor); never shown. The author is
    /// told `pending`.
    Spam,
    /// Refused by an editor; never shown.
    Rejected,
    /// Deleted by its author while it had replies: no author, no text.
    Deleted,
}

impl CommentStatus {
    pub const ALL: [Self; 5] = [
        Self::Published,
        Self::Pending,
        Self::Spam,
        Self::Rejected,
        Self::Deleted,
    ];

    /// The name in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Spam => "spam",
            Self::Rejected => "rejected",
            Self::Deleted => "deleted",
        }
    }
}

/// A comment as any reader may see it. Never contains e-mail or IP.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    /// The comment this one answers; `None` for a top-level comment.
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// 0 for a top-level comment, parent's depth + 1 for a reply (not capped: the
    /// widget decides how deep it indents, see [`Limits::max_depth`]).
    #[serde(default)]
    pub depth: u32,
    /// Display name; "Anonym" when the author left it empty; empty when deleted.
    pub author: String,
    /// The author's website (http or https only), if given.
    #[serde(default)]
    pub website: Option<String>,
    /// An opaque per-author hash (keyed with a server secret) to draw an identicon
    /// from; never derived from anything a reader could reverse.
    #[serde(default)]
    pub avatar: String,
    /// The comment text as written: Markdown source. Empty when deleted.
    pub text: String,
    /// Creation time, RFC 3339 in UTC, e.g. `2026-11-24T18:03:00Z`.
    pub created_at: String,
    /// Time of the author's last edit, if any.
    #[serde(default)]
    pub edited_at: Option<String>,
    /// Up votes minus down votes.
    #[serde(default)]
    pub score: i64,
    #[serde(default)]
    pub status: CommentStatus,
}

/// The order of top-level comments. Replies are always oldest first under their parent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Oldest,
    Newest,
    /// Highest score first; equal scores oldest first.
    Best,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Oldest, Sort::Newest, Sort::Best];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::Best => "best",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == value)
    }
}

/// `GET /api/v1/comments?uri=…[&sort=…][&cursor=…][&limit=…][&around=…]`: one page of
/// top-level comments, each with all its replies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub uri: String,
    #[serde(default)]
    pub sort: Option<Sort>,
    /// `next_cursor` of the previous page; absent for the first page.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Top-level comments per page; the server's page size when absent, at most
    /// [`MAX_PAGE_SIZE`].
    #[serde(default)]
    pub limit: Option<u32>,
    /// A comment id: the first page is made long enough to contain it (permalinks).
    #[serde(default)]
    pub around: Option<i64>,
}

/// Largest `limit` a list request may ask for. A widget with `data-readerbox-load-all`
/// asks for [`LOAD_ALL_FIRST_PAGE`] threads first (the first screenful comes soon) and
/// this many per page after it: a thread of 1000 comments is two round trips, not eight.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Largest page size a site may set (`--page-size`): what "mehr" adds, and the first
/// page of every reader. Larger pages are for load-all only ([`MAX_PAGE_SIZE`]).
pub const MAX_SITE_PAGE_SIZE: u32 = 100;

/// The first page's `limit` of a widget that loads all (embed.js asks for it early).
pub const LOAD_ALL_FIRST_PAGE: u32 = 100;

/// The answer to [`ListQuery`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPage {
    pub uri: String,
    /// Published comments of the whole article, replies included (not just this page).
    pub total: u64,
    /// The page's top-level comments in the requested order, each directly followed by
    /// its replies (oldest first); a reply always comes after its parent.
    pub comments: Vec<Comment>,
    /// Pass as `cursor` to get the next page; `None` on the last page. Cursors point
    /// after the last comment shown, so comments posted meanwhile neither repeat nor
    /// push others out of the next page.
    pub next_cursor: Option<String>,
    /// The server's limits, so the widget checks what the server checks.
    pub limits: Limits,
    /// Closed by the editors for new comments.
    #[serde(default)]
    pub closed: bool,
}

/// `POST /api/v1/comments`: what a reader sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    /// The article's URI: an absolute path such as `/politik/artikel-123.html`.
    pub uri: String,
    /// The comment answered, if this is a reply.
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub author: Option<String>,
    /// Stored for the editors; never returned by any public endpoint.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    pub text: String,
    /// A random key the client makes once per comment and sends again with every retry:
    /// a retry after a lost response returns the first comment instead of a second one.
    /// 16 to 64 characters of `A-Z a-z 0-9 - _`.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// The proof of work for a challenge from `GET /api/v1/challenge`.
    #[serde(default)]
    pub pow: Option<spam::ProofOfWork>,
    /// A field people never see or fill (hidden in the form): bots do.
    #[serde(default)]
    pub homepage: Option<String>,
    /// Mail me when someone replies (needs `email`; confirmed by a link first).
    #[serde(default)]
    pub notify_replies: bool,
}

/// The answer to a successful `POST /api/v1/comments` (201; 200 for a repeated key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedComment {
    pub comment: Comment,
    /// The secret that lets the author edit or delete the comment: keep it private.
    pub edit_token: String,
    /// Until when (RFC 3339) the token works.
    pub editable_until: String,
}

/// `PUT /api/v1/comments/{id}`: the author changes the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditComment {
    pub text: String,
    pub edit_token: String,
}

/// `DELETE /api/v1/comments/{id}`: the author removes the comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteComment {
    pub edit_token: String,
}

/// The answer to a delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedComment {
    pub id: i64,
    /// True when the comment had replies and stays as a "deleted" placeholder.
    pub placeholder: bool,
}

/// `POST /api/v1/comments/{id}/vote`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// A random id the widget keeps for this reader (16 to 64 characters of
    /// `A-Z a-z 0-9 - _`); one vote per voter per comment.
    pub voter: String,
    /// 1 up, -1 down, 0 takes the vote back.
    pub value: i8,
}

/// The answer to a vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub id: i64,
    pub score: i64,
    /// This voter's vote now.
    pub value: i8,
}

/// Most article URIs one `GET /api/v1/counts` may ask about.
pub const MAX_COUNT_URIS: usize = 100;

/// `GET /api/v1/counts?uri=/a&uri=/b`: the number of published comments of each article
/// asked about (0 for articles without any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentCounts {
    pub counts: std::collections::BTreeMap<String, u64>,
}

/// Is `key` a well-formed idempotency key or voter id: 16 to 64 characters of
/// `A-Z a-z 0-9 - _`.
pub fn is_client_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_comment_has_no_private_fields() {
        let json = serde_json::to_value(Comment::default()).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "author",
                "avatar",
                "created_at",
                "depth",
                "edited_at",
                "id",
                "parent_id",
                "score",
                "status",
                "text",
                "website"
            ]
        );
    }

    #[test]
    fn new_comment_optional_fields_may_be_missing() {
        let parsed: NewComment = serde_json::from_str(r#"{"uri":"/a","text":"hi"}"#).unwrap();
        assert_eq!(parsed.author, None);
        assert_eq!(parsed.email, None);
        assert_eq!(parsed.parent_id, None);
        assert_eq!(parsed.idempotency_key, None);
    }

    #[test]
    fn sorts_round_trip_through_their_names() {
        for sort in Sort::ALL {
            assert_eq!(Sort::parse(sort.as_str()), Some(sort));
            assert_eq!(
                serde_json::to_string(&sort).unwrap(),
                format!("\"{}\"", sort.as_str())
            );
        }
        assert_eq!(Sort::parse("random"), None);
    }

    #[test]
    fn client_keys_are_long_random_looking_tokens() {
        assert!(is_client_key("3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b"));
        assert!(!is_client_key("short"));
        assert!(!is_client_key(&"a".repeat(65)));
        assert!(!is_client_key("0123456789abcdef<script>"));
    }
}
