//! The widget's JSON reader: API answers and what it keeps in localStorage, decoded
//! without serde's `Deserialize`.
//!
//! serde's derived deserialisers are made per type and per format: in the widget they
//! and serde_json's parser were 47 KB of the raw wasm, 15 KB with brotli.
//! Here one small parser builds a [`Json`] tree that borrows from the text, and each
//! type takes its fields out of it ([`FromJson`], mostly written with
//! [`from_json_struct!`]). The server and the editors' UI keep serde.
//!
//! Invariants, checked against serde_json in this module's tests and by the `json`
//! fuzz target:
//! - whatever serde_json decodes to a value, [`decode`] decodes to the same value,
//!   except a struct written as an array of its fields (serde takes that form too; no
//!   server writes it) and an object that repeats a member (ours takes the first,
//!   serde_json refuses);
//! - [`parse`] takes exactly the texts serde_json takes as JSON, and numbers too large
//!   for an `f64`, which serde_json refuses;
//! - a field marked `#[serde(default)]` is listed as defaulted here, every other field
//!   as required (an `Option` field may be missing either way, as with serde);
//! - [`decode`] never panics and nests at most [`MAX_DEPTH`] levels deep.
//!
//! Numbers with a fraction or an exponent are valid JSON but no type here reads one:
//! they only ever appear in fields a type ignores.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// How deeply arrays and objects may nest (serde_json's limit too).
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value; strings without escapes borrow from the text.
#[derive(Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// An integer: its sign and magnitude.
    Integer {
        negative: bool,
        magnitude: u64,
    },
    /// A number with a fraction or exponent, or an integer beyond 64 bits.
    OtherNumber,
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

/// An object's members in the order they came.
#[derive(Debug, Default, PartialEq)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    /// Takes out the member `name` (the first, if it came twice).
    pub fn take(&mut self, name: &str) -> Option<Json<'a>> {
        let member = self.0.iter_mut().find(|(key, _)| key == name)?;
        // Moved out without shifting the rest; what stays behind is never read (each
        // field is taken once, and unknown members are ignored).
        Some(std::mem::replace(&mut member.1, Json::Null))
    }

    /// The members in the order they came.
    pub fn into_members(self) -> impl Iterator<Item = (Cow<'a, str>, Json<'a>)> {
        self.0.into_iter()
    }

    /// A field without `#[serde(default)]`: required, unless its type may be absent.
    pub fn required<T: FromJson>(&mut self, name: &str) -> Option<T> {
        match self.take(name) {
            Some(value) => T::from_json(value),
            None => T::missing(),
        }
    }

    /// A field with `#[serde(default)]`.
    pub fn or_default<T: FromJson + Default>(&mut self, name: &str) -> Option<T> {
        match self.take(name) {
            Some(value) => T::from_json(value),
            None => Some(T::default()),
        }
    }
}

/// A type the widget reads from JSON. `None` means the value does not fit the type.
pub trait FromJson: Sized {
    fn from_json(value: Json<'_>) -> Option<Self>;

    /// The value of a missing field (without a default): none, except for `Option`.
    fn missing() -> Option<Self> {
        None
    }
}

/// Decodes `text` as a `T`; `None` if it is not JSON or not a `T`.
pub fn decode<T: FromJson>(text: &str) -> Option<T> {
    T::from_json(parse(text)?)
}

/// Parses `text` as one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Option<Json<'_>> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    (parser.at == text.len()).then_some(value)
}

/// Implements [`FromJson`] for a struct decoded as serde's derive would: the fields
/// after `required` must be present (an `Option` may be missing), those after
/// `defaulted` (`#[serde(default)]`) take their default when missing. Unknown members
/// are ignored. Every field of the struct must be listed: the struct literal checks.
#[macro_export]
macro_rules! from_json_struct {
    ($type:ty { required: [$($required:ident),* $(,)?], defaulted: [$($defaulted:ident),* $(,)?] $(,)? }) => {
        impl $crate::json::FromJson for $type {
            fn from_json(value: $crate::json::Json<'_>) -> Option<Self> {
                let $crate::json::Json::Object(mut object) = value else {
                    return None;
                };
                Some(Self {
                    $($required: object.required(stringify!($required))?,)*
                    $($defaulted: object.or_default(stringify!($defaulted))?,)*
                })
            }
        }
    };
}

/// Implements [`FromJson`] for an enum of unit variants written as strings by name
/// (`as_str`); `other` names the variant for unknown names (`#[serde(other)]`).
#[macro_export]
macro_rules! from_json_by_name {
    ($type:ty, $all:expr $(, other = $other:expr)?) => {
        impl $crate::json::FromJson for $type {
            fn from_json(value: $crate::json::Json<'_>) -> Option<Self> {
                let $crate::json::Json::String(name) = value else {
                    return None;
                };
                let found = $all.into_iter().find(|variant| variant.as_str() == name);
                $(let found = found.or(Some($other));)?
                found
            }
        }
    };
}

impl FromJson for String {
    fn from_json(value: Json<'_>) -> Option<Self> {
        match value {
            Json::String(text) => Some(text.into_owned()),
            _ => None,
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Json<'_>) -> Option<Self> {
        match value {
            Json::Bool(value) => Some(value),
            _ => None,
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: Json<'_>) -> Option<Self> {
        match value {
            Json::Integer {
                negative: false,
                magnitude,
            } => i64::try_from(magnitude).ok(),
            Json::Integer {
                negative: true,
                magnitude,
            } => 0i64.checked_sub_unsigned(magnitude),
            _ => None,
        }
    }
}

impl FromJson for u64 {
    fn from_json(value: Json<'_>) -> Option<Self> {
        match value {
            Json::Integer {
                negative: false,
                magnitude,
            } => Some(magnitude),
            _ => None,
        }
    }
}

/// The smaller integers go through `i64`, checking the range.
macro_rules! from_json_via_i64 {
    ($($type:ty),*) => {$(
        impl FromJson for $type {
            fn from_json(value: Json<'_>) -> Option<Self> {
                <$type>::try_from(i64::from_json(value)?).ok()
            }
        }
    )*};
}
from_json_via_i64!(i8, u32, usize);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Json<'_>) -> Option<Self> {
        match value {
            Json::Null => Some(None),
            value => T::from_json(value).map(Some),
        }
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Json<'_>) -> Option<Self> {
        let Json::Array(items) = value else {
            return None;
        };
        items.into_iter().map(T::from_json).collect()
    }
}

/// A map's keys: strings, or integers written as strings (as serde_json writes them).
pub trait FromJsonKey: Sized + Ord {
    fn from_key(key: &str) -> Option<Self>;
}

impl FromJsonKey for String {
    fn from_key(key: &str) -> Option<Self> {
        Some(key.to_owned())
    }
}

impl FromJsonKey for i64 {
    fn from_key(key: &str) -> Option<Self> {
        // serde_json reads the key as a JSON number: no sign but '-'.
        if key.starts_with('+') {
            return None;
        }
        key.parse().ok()
    }
}

impl<K: FromJsonKey, V: FromJson> FromJson for BTreeMap<K, V> {
    fn from_json(value: Json<'_>) -> Option<Self> {
        map_from_json(value)
    }
}

/// An object read as a map of any kind (a later member for the same key wins, as
/// with serde_json and a `BTreeMap`).
pub fn map_from_json<K: FromJsonKey, V: FromJson, M: FromIterator<(K, V)>>(
    value: Json<'_>,
) -> Option<M> {
    let Json::Object(object) = value else {
        return None;
    };
    object
        .into_members()
        .map(|(key, value)| Some((K::from_key(&key)?, V::from_json(value)?)))
        .collect()
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Steps over `word` if the text continues with it.
    fn word(&mut self, word: &str) -> Option<()> {
        self.text[self.at..].starts_with(word).then(|| {
            self.at += word.len();
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json<'a>> {
        self.skip_whitespace();
        match self.peek()? {
            b'n' => self.word("null").map(|()| Json::Null),
            b't' => self.word("true").map(|()| Json::Bool(true)),
            b'f' => self.word("false").map(|()| Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1),
            b'{' if depth < MAX_DEPTH => self.object(depth + 1),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Option<Json<'a>> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                _ => return None,
            }
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Option<Json<'a>> {
        self.at += 1;
        // A comment has 11 members: room for them at once, not grown three times.
        let mut members = Vec::with_capacity(12);
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Json::Object(Object(members)));
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            members.push((key, self.value(depth)?));
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Json::Object(Object(members)));
                }
                _ => return None,
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Json<'a>> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let count = self.digits();
        let integer = &self.text[start..self.at];
        if count == 0 || count > 1 && integer.starts_with('0') {
            return None;
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
            whole = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            whole = false;
        }
        // `-0` is a float to serde_json, as are integers beyond 64 bits.
        Some(match integer.parse() {
            Ok(magnitude) if whole && !(negative && magnitude == 0) => Json::Integer {
                negative,
                magnitude,
            },
            _ => Json::OtherNumber,
        })
    }

    /// At `"`: the string, borrowed unless it has escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.at += 1;
        let start = self.at;
        self.skip_plain()?;
        if self.peek()? == b'"' {
            self.at += 1;
            return Some(Cow::Borrowed(&self.text[start..self.at - 1]));
        }
        let mut owned = String::from(&self.text[start..self.at]);
        loop {
            let run = self.at;
            self.skip_plain()?;
            owned.push_str(&self.text[run..self.at]);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = match self.peek()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.at += 1;
                            let unit = self.hex4()?;
                            let code = match unit {
                                0xd800..=0xdbff => {
                                    self.word("\\u")?;
                                    let low = self.hex4()?;
                                    if !(0xdc00..=0xdfff).contains(&low) {
                                        return None;
                                    }
                                    0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                                }
                                0xdc00..=0xdfff => return None,
                                unit => unit,
                            };
                            owned.push(char::from_u32(code)?);
                            continue;
                        }
                        _ => return None,
                    };
                    self.at += 1;
                    owned.push(escaped);
                }
                _ => return None,
            }
        }
    }

    /// Steps over a string's characters up to its next `"`, `\\` or control character
    /// (one tight scan: strings are most of an answer's bytes).
    fn skip_plain(&mut self) -> Option<()> {
        let rest = &self.text.as_bytes()[self.at..];
        self.at += rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        Some(())
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

// The answers the widget reads, field for field as their serde attributes say.

use crate::reports::Received;
use crate::spam::Challenge;
use crate::{
    ApiError, Comment, CommentPage, CommentStatus, CreatedComment, DeletedComment, ErrorBody,
    ErrorCode, Limits, VoteResult,
};

from_json_by_name!(CommentStatus, CommentStatus::ALL);
from_json_by_name!(ErrorCode, ErrorCode::ALL, other = ErrorCode::Unknown);

from_json_struct!(Comment {
    required: [id, author, text, created_at],
    defaulted: [parent_id, depth, website, avatar, edited_at, score, status],
});
from_json_struct!(CommentPage {
    required: [uri, total, comments, next_cursor, limits],
    defaulted: [closed],
});
from_json_struct!(Limits {
    required: [
        text_max_chars,
        name_max_chars,
        email_max_chars,
        website_max_chars,
        max_depth,
        page_size,
        edit_window_secs,
        correction_max_chars,
        letter_max_chars,
    ],
    defaulted: [],
});
from_json_struct!(CreatedComment {
    required: [comment, edit_token, editable_until],
    defaulted: [],
});
from_json_struct!(DeletedComment {
    required: [id, placeholder],
    defaulted: [],
});
from_json_struct!(VoteResult {
    required: [id, score, value],
    defaulted: [],
});
from_json_struct!(Challenge {
    required: [challenge, bits, min_wait_ms],
    defaulted: [],
});
from_json_struct!(Received {
    required: [id],
    defaulted: [],
});
from_json_struct!(ApiError {
    required: [error],
    defaulted: [],
});
from_json_struct!(ErrorBody {
    required: [code, message],
    defaulted: [field],
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spam::Challenge;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// Decodes `text` both ways; whatever serde_json decodes, ours decodes the same.
    #[track_caller]
    fn agrees<T: FromJson + DeserializeOwned + PartialEq + Debug>(text: &str) {
        assert_eq!(
            decode::<T>(text),
            serde_json::from_str::<T>(text).ok(),
            "{text}"
        );
    }

    /// Encodes `value` with serde_json (compact and pretty) and decodes it with ours.
    #[track_caller]
    fn round_trips<T: FromJson + serde::Serialize + DeserializeOwned + PartialEq + Debug>(
        value: T,
    ) {
        for text in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            assert_eq!(decode::<T>(&text).as_ref(), Some(&value), "{text}");
            agrees::<T>(&text);
        }
    }

    fn awkward_text() -> String {
        "„Zitat“ \"quoted\" \\ back\tslash\n</script> \u{1F600} \u{7} \u{7f} ß".to_owned()
    }

    fn full_comment() -> Comment {
        Comment {
            id: i64::MAX,
            parent_id: Some(7),
            depth: 3,
            author: awkward_text(),
            website: Some("https://example.org/?a=1&b=2".into()),
            avatar: "0123456789abcdef".into(),
            text: awkward_text().repeat(20),
            created_at: "2026-12-01T05:00:00Z".into(),
            edited_at: Some("2026-12-01T05:01:00Z".into()),
            score: -42,
            status: CommentStatus::Pending,
        }
    }

    #[test]
    fn every_answer_the_widget_reads_round_trips() {
        round_trips(CommentPage {
            uri: "/lokales/ä.html".into(),
            total: u64::MAX,
            comments: vec![full_comment(), Comment::default()],
            next_cursor: Some("c:1".into()),
            limits: Limits::default(),
            closed: true,
        });
        round_trips(CommentPage::default());
        for status in CommentStatus::ALL {
            round_trips(status);
        }
        for code in ErrorCode::ALL {
            round_trips(code);
        }
        round_trips(CreatedComment {
            comment: full_comment(),
            edit_token: "t".into(),
            editable_until: "2026-12-01T05:15:00Z".into(),
        });
        round_trips(DeletedComment {
            id: 1,
            placeholder: true,
        });
        round_trips(VoteResult {
            id: 1,
            score: i64::MIN,
            value: -1,
        });
        // The map of `CommentCounts` (the widget reads it into a map of its own).
        round_trips(BTreeMap::from([
            ("/a".to_owned(), 3u64),
            (awkward_text(), 0),
        ]));
        round_trips(Challenge {
            challenge: "1764565200000.abc".into(),
            bits: 18,
            min_wait_ms: 1500,
        });
        round_trips(Received { id: 9 });
        round_trips(ApiError::new(
            ErrorCode::EmptyText,
            awkward_text(),
            Some("text"),
        ));
        round_trips(ApiError::new(ErrorCode::Internal, "x", None));
        round_trips(BTreeMap::from([(-5i64, 1i8), (7, -1)]));
        round_trips(vec![Some(true), None, Some(false)]);
    }

    #[test]
    fn missing_null_and_unknown_members_as_serde_treats_them() {
        let minimal = r#"{"id":1,"author":"a","text":"t","created_at":"x"}"#;
        assert!(decode::<Comment>(minimal).is_some());
        for text in [
            minimal,
            r#"{"id":1,"author":"a","text":"t"}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","parent_id":null}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","website":null,"edited_at":null}"#,
            r#"{"id":1,"author":null,"text":"t","created_at":"x"}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","depth":null}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","status":"frozen"}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","new":[1.5,-2e9,{"x":[null]}]}"#,
            r#"{"id":"1","author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":1.0,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":1e2,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":-0,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":-9223372036854775808,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":-9223372036854775809,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":9223372036854775808,"author":"a","text":"t","created_at":"x"}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","depth":4294967296}"#,
            r#"{"id":1,"author":"a","text":"t","created_at":"x","score":-1}"#,
            r#"[1,"a","t","x"]"#,
            r#"null"#,
        ] {
            agrees::<Comment>(text);
        }
        for text in [
            r#"{"error":{"code":"brand_new","message":"m"}}"#,
            r#"{"error":{"code":"empty_text","message":"m","field":"text"}}"#,
            r#"{"error":{"code":"empty_text","message":"m","field":null}}"#,
            r#"{"error":{"code":1,"message":"m"}}"#,
            r#"{"error":{"message":"m"}}"#,
        ] {
            agrees::<ApiError>(text);
        }
        for text in [
            r#"{"-1":1}"#,
            r#"{"+1":1}"#,
            r#"{"x":1}"#,
            r#"{"1":128}"#,
            r#"{"1":-128}"#,
        ] {
            agrees::<BTreeMap<i64, i8>>(text);
        }
        for text in [r#"{"a":1}"#, r#"{"a":-1}"#, r#"{"a":18446744073709551615}"#] {
            agrees::<BTreeMap<String, u64>>(text);
        }
    }

    #[test]
    fn what_is_not_json_is_refused_as_serde_refuses_it() {
        for text in [
            "",
            " ",
            "\"",
            "\"abc",
            "\"a\u{1}b\"",
            "\"a\tb\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\u123g""#,
            r#""\ud800""#,
            r#""\ud800\u0041""#,
            r#""\udc00""#,
            r#""\ud83d\ude00""#,
            r#""\u00e4\/\b\f\n\r\t\"\\""#,
            r#""a" x"#,
            "\"a\" \n\t",
            "\u{a0}\"a\"",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "nul",
            "truee",
        ] {
            agrees::<String>(text);
        }
        for text in [
            "[1,]",
            "[,1]",
            "[1 2]",
            "[",
            "[1",
            "[]",
            " [ 1 , 2 ] ",
            "[true,false]",
        ] {
            agrees::<Vec<u64>>(text);
        }
        for text in [
            r#"{"a":"b",}"#,
            r#"{"a" "b"}"#,
            r#"{a:"b"}"#,
            r#"{"a":"b""#,
            "{}",
        ] {
            agrees::<BTreeMap<String, String>>(text);
        }
    }

    #[test]
    fn nesting_is_bounded_instead_of_overflowing_the_stack() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        assert!(parse(&deep(MAX_DEPTH)).is_some());
        assert!(parse(&deep(MAX_DEPTH + 1)).is_none());
        assert!(parse(&deep(1_000_000)).is_none());
        let objects = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
        assert!(parse(&objects).is_none());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let Some(Json::Array(items)) = parse(r#"["plain","esc\"aped"]"#) else {
            panic!("not an array");
        };
        assert!(matches!(&items[0], Json::String(Cow::Borrowed("plain"))));
        assert!(matches!(&items[1], Json::String(Cow::Owned(text)) if text == "esc\"aped"));
    }
}
