//! The shipped module's stack, the same the widget's tests run with: the root package's
//! `build.rs` explains the figure; its link argument reaches only that package's own
//! targets, so this cdylib sets it again.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size={}", 128 * 1024);
    }
}
