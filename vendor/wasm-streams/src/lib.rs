//! readerbox's stand-in for wasm-streams 0.5.0: the part of its API that Leptos'
//! `server_fn` names, for streaming server functions, which the widget never calls.
//!
//! Why: `leptos` always enables `server_fn/browser`, which depends on wasm-streams, and
//! wasm-streams exports three JavaScript classes (`IntoUnderlyingSink`,
//! `IntoUnderlyingSource`, `IntoUnderlyingByteSource`). Exports are never dead code, so
//! the widget shipped them and everything they call: 3.4 KB of wasm and JS glue after
//! brotli (the widget's size budget) for nothing.
//!
//! What is left works as upstream for wrapping and unwrapping a raw stream; making a
//! stream from Rust throws, and reading one yields an error at once. Nothing in the
//! widget or the editors' UI does either (they have no server functions), and
//! `cargo test -p xtask` fails if this crate is no longer the one in use.

use futures_util::future::{ready, Ready};
use futures_util::stream::{once, Once, Stream};
use wasm_bindgen::JsValue;

const UNSUPPORTED: &str = "readerbox: streaming server functions are not supported (vendor/wasm-streams)";

/// A JavaScript `ReadableStream`, as upstream's.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// Upstream builds a JavaScript stream pulling from `stream`; here it throws.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        wasm_bindgen::throw_str(UNSUPPORTED)
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Upstream reads the stream's chunks; here one error, then the end.
    pub fn into_stream(self) -> Once<Ready<Result<JsValue, JsValue>>> {
        once(ready(Err(JsValue::from_str(UNSUPPORTED))))
    }
}
