//! Comment pages as sent, kept per article and query for as long as the article does not
//! change, so that the many reads of a popular article cost one indexed lookup.
//!
//! Invariants:
//! - An entry is used only while its article's `threads.version` (a counter in the
//!   database, bumped in the same transaction as every change a reader could see) is the
//!   one it was made at. The version is read from the database on every request, so a
//!   change made by any server process is seen by all.
//! - The cache holds at most [`MAX_ENTRIES`]; when full it starts over (cheap, and
//!   popular pages come back at once).

use axum::body::Bytes;
use axum::http::HeaderValue;
use std::collections::HashMap;
use std::sync::Mutex;

pub const MAX_ENTRIES: usize = 4096;

#[derive(Clone, Debug)]
pub struct CachedPage {
    pub version: i64,
    pub body: Bytes,
    pub etag: HeaderValue,
}

#[derive(Debug, Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, CachedPage>>,
}

impl PageCache {
    /// The page under `key` if it was made at `version`.
    pub fn get(&self, key: &str, version: i64) -> Option<CachedPage> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|page| page.version == version)
            .cloned()
    }

    pub fn put(&self, key: String, page: CachedPage) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_used_only_at_its_version() {
        let cache = PageCache::default();
        let page = CachedPage {
            version: 3,
            body: Bytes::from_static(b"{}"),
            etag: HeaderValue::from_static("\"x\""),
        };
        cache.put("/a".into(), page);
        assert!(cache.get("/a", 3).is_some());
        assert!(cache.get("/a", 4).is_none(), "a newer version misses");
        assert!(cache.get("/b", 3).is_none());
    }
}
