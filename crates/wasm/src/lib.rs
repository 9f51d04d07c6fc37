//! The wasm module Trunk builds and `embed.js` loads. The widget and its entry points
//! (`mountComments`, `mountToolbar`, `mountCounts`, exported with `#[wasm_bindgen]`) are
//! in the root package, `readerbox-widget`; linking it is all this crate does.

// `extern crate` links the library even though nothing here names it: its exports are
// what the module is.
extern crate readerbox_widget;
