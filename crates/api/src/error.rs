//! The JSON error body every failing API call returns:
//! `{"error": {"code": "...", "message": "...", "field": "..."}}`.
//!
//! `code` is stable and machine-readable; `message` is for the reader (German for now);
//! `field` names the request field at fault, so the widget can show the message beside it.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body is not valid JSON or does not have the expected shape.
    InvalidJson,
    /// The article URI is missing or not an absolute path.
    InvalidUri,
    EmptyText,
    TextTooLong,
    NameTooLong,
    InvalidEmail,
    /// The website is not an http or https URL (or too long).
    InvalidWebsite,
    /// The comment answered does not exist here or can't be answered.
    InvalidParent,
    /// An idempotency key or voter id that is not 16 to 64 of `A-Z a-z 0-9 - _`.
    InvalidKey,
    /// A vote other than -1, 0 or 1, or on a comment that can't be voted on.
    InvalidVote,
    /// A list query with a bad cursor, limit or sort.
    InvalidQuery,
    /// No such comment (or no longer).
    CommentNotFound,
    /// The edit token does not belong to this comment (403).
    WrongEditToken,
    /// The time for editing or deleting has run out (403).
    EditWindowClosed,
    /// A field that must be filled is empty (`field` names it).
    Required,
    /// A field is longer than allowed (`field` names it).
    TooLong,
    /// A web address that is not an http or https URL.
    InvalidUrl,
    InvalidPhone,
    /// A letter without consent to publication.
    ConsentRequired,
    /// The editors' API without the right admin token (401).
    Unauthorized,
    /// The proof of work is missing, wrong, used, expired or too early (422): fetch a
    /// new challenge and send again.
    InvalidChallenge,
    /// The article is closed for new comments (403).
    ThreadClosed,
    /// The request body is larger than the server accepts.
    TooLarge,
    /// Too many write requests from this client; see the `Retry-After` header.
    RateLimited,
    NotFound,
    /// Text with control characters other than line breaks and tabs (`field` names it).
    InvalidCharacters,
    /// The address exists, but not for this method (405).
    MethodNotAllowed,
    /// Any other request the server turns away (a 4xx of its own).
    Refused,
    /// Something failed on the server; nothing the reader did.
    Internal,
    /// A code this client version does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub const ALL: [Self; 30] = [
        Self::InvalidJson,
        Self::InvalidUri,
        Self::EmptyText,
        Self::TextTooLong,
        Self::NameTooLong,
        Self::InvalidEmail,
        Self::InvalidWebsite,
        Self::InvalidParent,
        Self::InvalidKey,
        Self::InvalidVote,
        Self::InvalidQuery,
        Self::CommentNotFound,
        Self::WrongEditToken,
        Self::EditWindowClosed,
        Self::Required,
        Self::TooLong,
        Self::InvalidUrl,
        Self::InvalidPhone,
        Self::ConsentRequired,
        Self::Unauthorized,
        Self::InvalidChallenge,
        Self::ThreadClosed,
        Self::TooLarge,
        Self::RateLimited,
        Self::NotFound,
        Self::InvalidCharacters,
        Self::MethodNotAllowed,
        Self::Refused,
        Self::Internal,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidUri => "invalid_uri",
            Self::EmptyText => "empty_text",
            Self::TextTooLong => "text_too_long",
            Self::NameTooLong => "name_too_long",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidWebsite => "invalid_website",
            Self::InvalidParent => "invalid_parent",
            Self::InvalidKey => "invalid_key",
            Self::InvalidVote => "invalid_vote",
            Self::InvalidQuery => "invalid_query",
            Self::CommentNotFound => "comment_not_found",
            Self::WrongEditToken => "wrong_edit_token",
            Self::EditWindowClosed => "edit_window_closed",
            Self::Required => "required",
            Self::TooLong => "too_long",
            Self::InvalidUrl => "invalid_url",
            Self::InvalidPhone => "invalid_phone",
            Self::ConsentRequired => "consent_required",
            Self::Unauthorized => "unauthorized",
            Self::InvalidChallenge => "invalid_challenge",
            Self::ThreadClosed => "thread_closed",
            Self::TooLarge => "too_large",
            Self::RateLimited => "rate_limited",
            Self::NotFound => "not_found",
            Self::InvalidCharacters => "invalid_characters",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Refused => "refused",
            Self::Internal => "internal",
            Self::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The envelope: `{"error": ErrorBody}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            error: ErrorBody {
                code,
                message: message.into(),
                field: field.map(str::to_owned),
            },
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error.field {
            Some(field) => write!(
                f,
                "{} ({field}): {}",
                self.error.code.as_str(),
                self.error.message
            ),
            None => write!(f, "{}: {}", self.error.code.as_str(), self.error.message),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_documented_shape() {
        let err = ApiError::new(ErrorCode::EmptyText, "Bitte Text eingeben.", Some("text"));
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(
            json,
            r#"{"error":{"code":"empty_text","message":"Bitte Text eingeben.","field":"text"}}"#
        );
    }

    #[test]
    fn field_is_omitted_when_absent_and_unknown_codes_parse() {
        let err = ApiError::new(ErrorCode::Internal, "x", None);
        assert!(!serde_json::to_string(&err).unwrap().contains("field"));
        let parsed: ApiError =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"m"}}"#).unwrap();
        assert_eq!(parsed.error.code, ErrorCode::Unknown);
    }

    #[test]
    fn as_str_matches_serde_name() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}
