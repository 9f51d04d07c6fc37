//! What decoding a request body must guarantee, whatever the bytes: no panic, and a
//! body that validates keeps the promises the store relies on (limits, an absolute
//! article path, only http(s) websites, e-mails with an @). Shared by the fuzz target
//! `requests` and `crates/api/tests/fuzz_regressions.rs`.

use crate::reports::{NewCorrection, NewLetter};
use crate::validate::validate_text;
use crate::{EditComment, Lang, Limits, NewComment, Vote};

pub fn check_request(data: &[u8]) -> Result<(), String> {
    let limits = Limits::default();
    for lang in [Lang::De, Lang::En] {
        if let Ok(new) = serde_json::from_slice::<NewComment>(data) {
            match new.validate(&limits, lang) {
                Ok(valid) => {
                    let chars = |s: &str| s.chars().count();
                    if chars(&valid.text) > limits.text_max_chars || valid.text.trim().is_empty() {
                        return Err(format!("text passed: {:?}", valid.text));
                    }
                    if chars(&valid.author) > limits.name_max_chars || valid.author.is_empty() {
                        return Err(format!("author passed: {:?}", valid.author));
                    }
                    if !valid.uri.starts_with('/') || valid.uri.starts_with("//") {
                        return Err(format!("uri passed: {:?}", valid.uri));
                    }
                    if let Some(site) = &valid.website {
                        let lower = site.to_ascii_lowercase();
                        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                            return Err(format!("website passed: {site:?}"));
                        }
                    }
                    if let Some(email) = &valid.email {
                        if !email.contains('@') {
                            return Err(format!("email passed: {email:?}"));
                        }
                    }
                }
                Err(err) if err.error.message.is_empty() => {
                    return Err("an error without a message".into())
                }
                Err(_) => {}
            }
        }
        if let Ok(edit) = serde_json::from_slice::<EditComment>(data) {
            let _ = validate_text(&edit.text, &limits, lang);
        }
        if let Ok(correction) = serde_json::from_slice::<NewCorrection>(data) {
            if let Ok(valid) = correction.validate(&limits, lang) {
                if valid.message.chars().count() > limits.correction_max_chars {
                    return Err("correction over the limit passed".into());
                }
            }
        }
        if let Ok(letter) = serde_json::from_slice::<NewLetter>(data) {
            if let Ok(valid) = letter.validate(&limits, lang) {
                if valid.text.chars().count() > limits.letter_max_chars {
                    return Err("letter over the limit passed".into());
                }
            }
        }
        let _ = serde_json::from_slice::<Vote>(data);
    }
    Ok(())
}
