//! What the widget's JSON reader (`readerbox_api::json`) must guarantee, whatever the
//! bytes: no panic; it takes exactly the texts serde_json takes as JSON; and whatever
//! serde_json decodes to an answer the widget reads, it decodes to the same. Shared by
//! the fuzz target `json` and `crates/api/tests/fuzz_regressions.rs`.

use readerbox_api::json::{decode, parse, FromJson};
use readerbox_api::{ApiError, CommentCounts, CommentPage, CreatedComment, VoteResult};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::Debug;

pub fn check_json(data: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let ours = parse(text).is_some();
    let serde = serde_json::from_str::<serde_json::Value>(text).is_ok();
    if ours != serde {
        return Err(format!(
            "JSON or not: ours {ours}, serde_json {serde} for {text:?}"
        ));
    }
    same_as_serde::<CommentPage>(text)?;
    same_as_serde::<CreatedComment>(text)?;
    same_as_serde::<VoteResult>(text)?;
    same_as_serde::<CommentCounts>(text)?;
    same_as_serde::<ApiError>(text)?;
    same_as_serde::<BTreeMap<i64, i8>>(text)?;
    same_as_serde::<Vec<Option<String>>>(text)
}

/// Whatever serde_json decodes, ours decodes the same. (Ours may take what serde_json
/// refuses only where an object repeats a member: ours takes the first, serde_json
/// refuses.)
fn same_as_serde<T: FromJson + DeserializeOwned + PartialEq + Debug>(
    text: &str,
) -> Result<(), String> {
    let ours = decode::<T>(text);
    match serde_json::from_str::<T>(text) {
        Ok(theirs) if ours.as_ref() != Some(&theirs) => Err(format!(
            "{}: ours {ours:?}, serde_json {theirs:?} for {text:?}",
            std::any::type_name::<T>()
        )),
        _ => Ok(()),
    }
}
