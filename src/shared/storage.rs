//! What the widget keeps in the reader's localStorage, and nothing else does: drafts,
//! the author's own comments (edit tokens), votes, the remembered details and the sort.
//! No cookies: nothing here is sent anywhere unless the reader acts.
//!
//! Storage failures (private mode, quota, disabled storage) are ignored: the widget then
//! still works, it just can't remember across reloads.

use crate::shared::vec_map::{VecMap, VecSet};
use readerbox_api::from_json_struct;
use readerbox_api::json::FromJson;
use readerbox_api::{Comment, Sort};
use serde::Serialize;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A JSON value kept under `key`; `None` when absent, unreadable or storage is off.
pub fn read<T: FromJson>(key: &str) -> Option<T> {
    let json = storage()?.get_item(key).ok().flatten()?;
    readerbox_api::json::decode(&json)
}

/// Keeps `value` as JSON under `key` (silently not, when storage is off or full).
pub fn write<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &json);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Which text a draft belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftOf {
    /// The article's main form.
    Comment,
    /// A reply to this comment.
    Reply(i64),
    /// An edit of this comment.
    Edit(i64),
}

/// A comment, reply or edit being written, per article: kept while typing, so that
/// neither a failed send, a server error nor a reload loses it; cleared only when the
/// server confirms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub author: String,
    pub text: String,
    /// The idempotency key of a send that got no answer: a later send repeats it, so
    /// the server stores the comment once even if the first send did arrive.
    pub key: Option<String>,
}

from_json_struct!(Draft {
    required: [author, text],
    defaulted: [key],
});

fn draft_key(article_uri: &str, of: DraftOf) -> String {
    match of {
        DraftOf::Comment => format!("readerbox:draft:{article_uri}"),
        DraftOf::Reply(id) => format!("readerbox:draft:{article_uri}#reply-{id}"),
        DraftOf::Edit(id) => format!("readerbox:draft:{article_uri}#edit-{id}"),
    }
}

impl Draft {
    pub fn load(article_uri: &str, of: DraftOf) -> Self {
        read(&draft_key(article_uri, of)).unwrap_or_default()
    }

    /// Whether a draft with text exists (a reply or edit form then reopens by itself).
    pub fn exists(article_uri: &str, of: DraftOf) -> bool {
        !Self::load(article_uri, of).text.is_empty()
    }

    pub fn save(&self, article_uri: &str, of: DraftOf) {
        if *self == Self::default() {
            remove(&draft_key(article_uri, of));
        } else {
            write(&draft_key(article_uri, of), self);
        }
    }
}

/// The reply and edit forms of `article_uri` whose drafts have text: they open again by
/// themselves. One pass over the stored keys, however long the thread.
pub fn open_forms(article_uri: &str) -> VecSet<DraftOf> {
    let mut open = VecSet::new();
    let Some(storage) = storage() else {
        return open;
    };
    let prefix = format!("{}#", draft_key(article_uri, DraftOf::Comment));
    for n in 0..storage.length().unwrap_or(0) {
        let Some(key) = storage.key(n).ok().flatten() else {
            continue;
        };
        let Some(rest) = key.strip_prefix(&prefix) else {
            continue;
        };
        let of = match rest.split_once('-') {
            Some(("reply", id)) => id.parse().ok().map(DraftOf::Reply),
            Some(("edit", id)) => id.parse().ok().map(DraftOf::Edit),
            _ => None,
        };
        if let Some(of) = of.filter(|of| Draft::exists(article_uri, *of)) {
            open.insert(of);
        }
    }
    open
}

/// A comment this reader wrote: the secret to edit it, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnComment {
    pub edit_token: String,
    /// Milliseconds since the epoch.
    pub editable_until_ms: i64,
    /// The comment as posted while it waits for the editors: shown to its author only,
    /// marked "wartet auf Freischaltung".
    pub pending: Option<Comment>,
    pub article_uri: String,
}

from_json_struct!(OwnComment {
    required: [edit_token, editable_until_ms, article_uri],
    defaulted: [pending],
});

const OWN_KEY: &str = "readerbox:own";
/// How long the author still sees a comment that waits for the editors.
const PENDING_KEPT_MS: i64 = 7 * 24 * 3600 * 1000;

pub fn own_comments() -> VecMap<i64, OwnComment> {
    read(OWN_KEY).unwrap_or_default()
}

/// Remembers a comment the server just confirmed, dropping what can no longer be used.
pub fn remember_own(id: i64, own: OwnComment) {
    let now = js_sys::Date::now() as i64;
    let mut all = own_comments();
    all.retain(|_, kept| {
        kept.editable_until_ms > now
            || kept.pending.is_some() && kept.editable_until_ms + PENDING_KEPT_MS > now
    });
    all.insert(id, own);
    write(OWN_KEY, &all);
}

pub fn forget_own(id: i64) {
    let mut all = own_comments();
    if all.remove(&id).is_some() {
        write(OWN_KEY, &all);
    }
}

const VOTES_KEY: &str = "readerbox:votes";

/// This reader's votes: comment id → 1 or -1.
pub fn votes() -> VecMap<i64, i8> {
    read(VOTES_KEY).unwrap_or_default()
}

pub fn set_vote(id: i64, value: i8) {
    let mut all = votes();
    if value == 0 {
        all.remove(&id);
    } else {
        all.insert(id, value);
    }
    write(VOTES_KEY, &all);
}

/// The reader's anonymous voter id: random, made once, kept here.
pub fn voter_id() -> String {
    const KEY: &str = "readerbox:voter";
    if let Some(id) = read::<String>(KEY).filter(|id| readerbox_api::is_client_key(id)) {
        return id;
    }
    let id = random_key();
    write(KEY, &id);
    id
}

/// A draft's kept idempotency key, or a new one for a new draft.
pub fn key_or_new(kept: &str) -> String {
    if kept.is_empty() {
        random_key()
    } else {
        kept.to_owned()
    }
}

/// A random key (a UUID from the browser's CSPRNG).
pub fn random_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| format!("{:032x}", (js_sys::Math::random() * 1e18) as u128))
}

/// Name, e-mail and website, kept when the reader ticks "Angaben merken".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub author: String,
    pub email: String,
    pub website: String,
}

from_json_struct!(Identity {
    required: [author, email, website],
    defaulted: [],
});

const IDENTITY_KEY: &str = "readerbox:identity";

impl Identity {
    pub fn load() -> Option<Self> {
        read(IDENTITY_KEY)
    }

    pub fn save(&self) {
        write(IDENTITY_KEY, self);
    }

    pub fn forget() {
        remove(IDENTITY_KEY);
    }
}

const SORT_KEY: &str = "readerbox:sort";

/// The reader's chosen order; oldest first when none.
pub fn sort() -> Sort {
    read::<String>(SORT_KEY)
        .and_then(|name| Sort::parse(&name))
        .unwrap_or_default()
}

pub fn set_sort(sort: Sort) {
    write(SORT_KEY, &sort.as_str());
}

/// Stores `value` under a fresh key and reads it back: what was kept must come back
/// as it was, through the widget's own JSON reader.
#[cfg(test)]
pub fn assert_kept<T: FromJson + Serialize + PartialEq + std::fmt::Debug>(value: &T) {
    let key = format!("readerbox:test:{}", random_key());
    write(&key, value);
    let kept = read::<T>(&key);
    remove(&key);
    assert_eq!(kept.as_ref(), Some(value));
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn awkward() -> String {
        "„Zitat“ \"quoted\" \\ \n\t</script> \u{1F600} \u{7}".to_owned()
    }

    #[wasm_bindgen_test]
    fn everything_kept_reads_back_as_it_was() {
        assert_kept(&Draft {
            author: awkward(),
            text: awkward().repeat(100),
            key: Some("k".into()),
        });
        assert_kept(&Draft::default());
        let own = OwnComment {
            edit_token: "token".into(),
            editable_until_ms: 1_764_565_200_000,
            pending: Some(Comment {
                id: 4,
                parent_id: Some(3),
                author: awkward(),
                text: awkward(),
                created_at: "2026-12-01T05:00:00Z".into(),
                ..Comment::default()
            }),
            article_uri: "/a.html".into(),
        };
        assert_kept(&VecMap::from_iter([
            (4, own.clone()),
            (
                -1,
                OwnComment {
                    pending: None,
                    ..own
                },
            ),
        ]));
        assert_kept(&VecMap::from_iter([(1i64, 1i8), (2, -1)]));
        assert_kept(&Identity {
            author: awkward(),
            email: "leser@example.org".into(),
            website: String::new(),
        });
        assert_kept(&awkward());
    }

    #[wasm_bindgen_test]
    fn what_an_older_widget_kept_still_reads() {
        let key = "readerbox:test:older";
        let storage = storage().unwrap();
        storage
            .set_item(key, r#"{"author":"Erika","text":"Halb"}"#)
            .unwrap();
        assert_eq!(
            read::<Draft>(key),
            Some(Draft {
                author: "Erika".into(),
                text: "Halb".into(),
                key: None,
            })
        );
        storage.set_item(key, "{not json").unwrap();
        assert_eq!(read::<Draft>(key), None);
        remove(key);
    }
}
