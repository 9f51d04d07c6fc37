//! The editors' UI, served by the readerbox server under `/admin/`: log in, then the
//! moderation queue, the latest comments per article (and closing articles), the
//! corrections inbox with its status workflow, and the letters inbox.
//!
//! Modules: `api` (the editors' API over fetch, with the session cookie), `texts`
//! (German and English), `views` (the pages). Reader text is shown as text nodes only.

pub mod api;
pub mod texts;
pub mod views;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated (by `boot.js`): mounts the app into `#app`.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = document().get_element_by_id("app") else {
        return;
    };
    root.set_text_content(None);
    leptos::mount::mount_to(root.unchecked_into(), views::App).forget();
}
