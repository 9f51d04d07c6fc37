//! Sizes the wasm's stack.

/// The wasm's stack (bytes). Rust's default for wasm32 is 1 MiB, all of it part of the
/// initial memory every reader's page holds; the widget's deepest paths (a thread's
/// nesting, Markdown at its nesting limit, Leptos' views) need a small part of it. The
/// stack sits below the data (`--stack-first`), so an overflow traps instead of
/// overwriting anything. The widget tests in Chromium get it from here, the shipped
/// module from `crates/wasm/build.rs` (keep the two equal).
const WASM_STACK_BYTES: u32 = 128 * 1024;

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size={WASM_STACK_BYTES}");
    }
}
