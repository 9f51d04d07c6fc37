//! Writes the shipped stylesheet (`style/minify.rs`) to `OUT_DIR` for `src/lib.rs`.

#[path = "style/minify.rs"]
mod minify;

fn main() {
    minify::write_for_build("style");
}
