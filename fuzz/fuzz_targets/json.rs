//! Any bytes through the widget's JSON reader: no panic, the same JSON as serde_json
//! takes, the same values as serde_json decodes (`fuzz/checks/json.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/json.rs"]
mod checks;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = checks::check_json(data) {
        panic!("{why}");
    }
});
