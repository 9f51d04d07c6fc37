//! The stylesheet minified as the widget ships it (`style/minify.rs`).

#[path = "../../style/minify.rs"]
mod minify;

fn main() {
    minify::write_for_build("../../style");
}
