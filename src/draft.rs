//! The comment being written, kept in localStorage per article, so that neither a failed
//! send, a server error nor a reload loses it. Cleared only when the server confirms.
//!
//! Storage failures (private mode, quota, disabled storage) are ignored: the form then
//! still works, it just can't survive a reload.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub author: String,
    pub text: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(article_uri: &str) -> String {
    format!("readerbox:draft:{article_uri}")
}

impl Draft {
    pub fn load(article_uri: &str) -> Self {
        storage()
            .and_then(|s| s.get_item(&key(article_uri)).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, article_uri: &str) {
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(self)) {
            let _ = storage.set_item(&key(article_uri), &json);
        }
    }
}
