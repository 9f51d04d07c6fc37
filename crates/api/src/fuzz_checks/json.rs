//! What the widget's JSON reader (`readerbox_api::json`) must guarantee, whatever the
//! bytes: no panic; it takes exactly the texts serde_json takes as JSON (and numbers
//! too large for an f64, which serde_json refuses); and whatever
//! serde_json decodes to an answer the widget reads, it decodes to the same. Shared by
//! the fuzz target `json` and `crates/api/tests/fuzz_regressions.rs`.

use crate::json::{decode, parse, FromJson};
use crate::{ApiError, CommentPage, CreatedComment, VoteResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Debug;

pub fn check_json(data: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let ours = parse(text).is_some();
    let serde = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => true,
        // A number beyond f64 (`1e999`) is JSON to ours, which reads no fractions or
        // exponents at all (an answer's fields are integers); serde_json refuses it.
        Err(err) if ours && err.to_string().starts_with("number out of range") => true,
        Err(_) => false,
    };
    if ours != serde {
        return Err(format!(
            "JSON or not: ours {ours}, serde_json {serde} for {text:?}"
        ));
    }
    same_as_serde::<CommentPage>(text)?;
    same_as_serde::<CreatedComment>(text)?;
    same_as_serde::<VoteResult>(text)?;
    same_as_serde::<BTreeMap<String, u64>>(text)?;
    same_as_serde::<ApiError>(text)?;
    same_as_serde::<BTreeMap<i64, i8>>(text)?;
    same_as_serde::<Vec<Option<String>>>(text)
}

/// Whatever serde_json decodes, ours decodes the same. Two differences are allowed:
/// where an object repeats a member, ours takes the first and serde_json refuses; and
/// serde_json also takes a struct written as an array of its fields in order, which no
/// server writes and ours refuses. For that case ours must still read serde_json's
/// value written back as JSON (objects only).
fn same_as_serde<T: FromJson + DeserializeOwned + Serialize + PartialEq + Debug>(
    text: &str,
) -> Result<(), String> {
    let ours = decode::<T>(text);
    let Ok(theirs) = serde_json::from_str::<T>(text) else {
        return Ok(());
    };
    if ours.as_ref() == Some(&theirs) {
        return Ok(());
    }
    let canonical = serde_json::to_string(&theirs).map_err(|err| err.to_string())?;
    if ours.is_none() && text.contains('[') && decode::<T>(&canonical).as_ref() == Some(&theirs) {
        return Ok(());
    }
    Err(format!(
        "{}: ours {ours:?}, serde_json {theirs:?} for {text:?}",
        std::any::type_name::<T>()
    ))
}
