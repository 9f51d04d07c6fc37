//! The stylesheet minified as the widget ships it (`style/minify.rs`).

#[path = "../../style/minify.rs"]
mod minify;

fn main() {
    let source = "../../style/readerbox.css";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=../../style/minify.rs");
    let css = std::fs::read_to_string(source).expect("style/readerbox.css");
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("readerbox.css");
    std::fs::write(out, minify::minify(&css)).expect("writing the minified stylesheet");
}
