//! Any text through the Markdown renderer: the output never holds an element, attribute
//! or link target outside the allowed set (`readerbox_markdown::audit`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    if let Err(why) = readerbox_markdown::audit(&source) {
        panic!("{why}");
    }
});
