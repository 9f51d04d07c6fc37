//! The editors' API shapes (behind the admin token): the moderation queue and actions,
//! and closing articles for new comments.

use crate::reports::ReportStatus;
use crate::{Comment, CommentStatus};
use serde::{Deserialize, Serialize};

/// A comment as the editors see it: with its article and the author's e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminComment {
    #[serde(flatten)]
    pub comment: Comment,
    pub uri: String,
    pub email: Option<String>,
}

/// How many comments one answer of `GET /api/v1/admin/comments` holds at most. A full
/// answer may have older ones after it: ask again with `before` = its last id.
pub const ADMIN_PAGE_SIZE: usize = 200;

/// `GET /api/v1/admin/comments?status=pending[&uri=/a.html][&before=123]`: newest first,
/// at most [`ADMIN_PAGE_SIZE`]; `before`: only comments with a smaller id (older).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCommentQuery {
    #[serde(default)]
    pub status: Option<CommentStatus>,
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub before: Option<i64>,
}

/// What an editor does with comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    /// Publish.
    Approve,
    /// Hide, keeping it for the record.
    Reject,
    /// Hide as spam.
    Spam,
    /// Remove (a placeholder stays while it has replies).
    Delete,
}

impl ModerationAction {
    /// The name in JSON (and in the editors' UI's `data-action`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Spam => "spam",
            Self::Delete => "delete",
        }
    }
}

/// `POST /api/v1/admin/comments/moderate`: one action on several comments at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    pub ids: Vec<i64>,
    pub action: ModerationAction,
}

/// The answer: how many comments changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderated {
    pub changed: u64,
}

/// `PUT /api/v1/admin/threads`: open or close an article for new comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadState {
    pub uri: String,
    pub closed: bool,
}

/// `GET /api/v1/admin/corrections` and `/admin/letters`, `[?status=new][&before=123]`:
/// newest first, at most [`ADMIN_PAGE_SIZE`]; `before`: only entries with a smaller id
/// (older).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub status: Option<ReportStatus>,
    #[serde(default)]
    pub before: Option<i64>,
}

/// `GET /api/v1/admin/threads[?search=radweg]`: with `search`, only the articles whose
/// path contains it (in any case).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadQuery {
    #[serde(default)]
    pub search: Option<String>,
}

/// `GET /api/v1/admin/threads`: articles by latest comment (at most 200).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub uri: String,
    pub closed: bool,
    pub published: u64,
    pub pending: u64,
    /// RFC 3339 time of the latest comment.
    pub latest: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::ModerationAction;

    #[test]
    fn an_actions_name_is_its_json_name() {
        for action in [
            ModerationAction::Approve,
            ModerationAction::Reject,
            ModerationAction::Spam,
            ModerationAction::Delete,
        ] {
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                action.as_str(),
                "{action:?}"
            );
        }
    }
}
