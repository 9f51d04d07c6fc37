//! Any bytes through the widget's JSON reader: no panic, the same JSON as serde_json
//! takes, the same values as serde_json decodes (`readerbox_api::fuzz_checks::json`).
#![no_main]

use libfuzzer_sys::fuzz_target;

use readerbox_api::fuzz_checks::json as checks;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = checks::check_json(data) {
        panic!("{why}");
    }
});
