//! Writes the shipped stylesheet (`style/minify.rs`) to `OUT_DIR` for `src/lib.rs`.

#[path = "style/minify.rs"]
mod minify;

fn main() {
    println!("cargo::rerun-if-changed=style/readerbox.css");
    println!("cargo::rerun-if-changed=style/minify.rs");
    let css = std::fs::read_to_string("style/readerbox.css").expect("style/readerbox.css");
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("readerbox.css");
    std::fs::write(out, minify::minify(&css)).expect("writing the minified stylesheet");
}
