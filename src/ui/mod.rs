//! View pieces the rooms share: fields with their errors, the honeypot, the modal
//! dialog, Markdown on screen, the instance's locale and its element-id prefix.

pub mod field;
pub mod markdown;
pub mod markdown_dom;
pub mod modal;

use crate::shared::i18n::Locale;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The instance's locale, shared with every component below [`CommentArea`].
pub type SharedLocale = Arc<Locale>;

/// The locale provided by the enclosing [`CommentArea`]; German outside one (tests).
pub fn use_locale() -> SharedLocale {
    use_context::<SharedLocale>().unwrap_or_else(|| Arc::new(Locale::german()))
}

/// A prefix for element ids unique to one widget instance, so that several instances
/// on one page never share an id (labels and aria references depend on it).
pub fn instance_id_prefix() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("readerbox-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
