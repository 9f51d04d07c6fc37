//! `VecMap` and `VecSet`: the widget's maps and sets, kept as sorted vectors.
//!
//! The widget's maps are small (a reader's votes and own comments, a page's badges, a
//! site's texts) and `BTreeMap`'s node code is compiled anew for every key and value
//! type: about 25 KB of the wasm for six types (the widget's size budget). A sorted
//! vector has the same iteration order and lookups by binary search; inserting is
//! linear, which for these sizes costs nothing a reader could notice.

use readerbox_api::json::{FromJson, FromJsonKey, Json};
use serde::{Serialize, Serializer};

/// A map with its entries sorted by key, each key once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// The value of `key`, inserted as `V::default()` if there was none.
    pub fn entry_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, V::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    /// Sets `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.find(key).ok().map(|at| self.0.remove(at).1)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(key, value)| keep(key, value));
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// A later value for the same key replaces an earlier one, as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        map.extend(entries);
        map
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Written as a JSON object, as serde writes a `BTreeMap` (integer keys as strings).
impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

impl<K: FromJsonKey, V: FromJson> FromJson for VecMap<K, V> {
    fn from_json(value: Json<'_>) -> Option<Self> {
        readerbox_api::json::map_from_json(value)
    }
}

/// A set with its members sorted, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VecSet<T>(VecMap<T, ()>);

impl<T: Ord> VecSet<T> {
    pub fn new() -> Self {
        Self(VecMap::new())
    }

    /// Adds `member`; whether it was new.
    pub fn insert(&mut self, member: T) -> bool {
        self.0.insert(member, ()).is_none()
    }

    pub fn contains(&self, member: &T) -> bool {
        self.0.contains_key(member)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(members: I) -> Self {
        Self(members.into_iter().map(|member| (member, ())).collect())
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(member, ())| member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_vec_map_behaves_as_a_btree_map_does() {
        let mut map: VecMap<i64, &str> = [(3, "c"), (-1, "a"), (2, "b"), (3, "C")]
            .into_iter()
            .collect();
        assert_eq!(
            map.clone().into_iter().collect::<Vec<_>>(),
            [(-1, "a"), (2, "b"), (3, "C")]
        );
        assert_eq!(map.insert(2, "B"), Some("b"));
        assert_eq!(map.insert(0, "zero"), None);
        assert_eq!(map.get(&0), Some(&"zero"));
        assert_eq!(map.remove(&-1), Some("a"));
        assert_eq!(map.remove(&-1), None);
        assert!(!map.contains_key(&-1));
        map.retain(|key, _| *key != 3);
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [0, 2]);

        let mut lists: VecMap<String, Vec<u8>> = VecMap::new();
        lists.entry_or_default("b".into()).push(1);
        lists.entry_or_default("a".into()).push(2);
        lists.entry_or_default("b".into()).push(3);
        assert_eq!(
            lists.into_iter().collect::<Vec<_>>(),
            [("a".into(), vec![2]), ("b".into(), vec![1, 3])]
        );

        let mut set: VecSet<i64> = [5, 1, 5].into_iter().collect();
        assert!(set.insert(3));
        assert!(!set.insert(1));
        assert!(set.contains(&3));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), [1, 3, 5]);
    }

    #[wasm_bindgen_test]
    fn a_vec_map_is_written_and_read_as_a_json_object() {
        let votes: VecMap<i64, i8> = [(10, 1), (-2, -1)].into_iter().collect();
        let json = serde_json::to_string(&votes).unwrap();
        assert_eq!(json, r#"{"-2":-1,"10":1}"#);
        assert_eq!(readerbox_api::json::decode(&json), Some(votes));
        assert_eq!(
            readerbox_api::json::decode::<VecMap<String, String>>(r#"{"b":"2","a":"1","b":"3"}"#),
            Some(
                [("a".into(), "1".into()), ("b".into(), "3".into())]
                    .into_iter()
                    .collect()
            )
        );
        assert_eq!(
            readerbox_api::json::decode::<VecMap<i64, i8>>(r#"{"x":1}"#),
            None
        );
    }
}
