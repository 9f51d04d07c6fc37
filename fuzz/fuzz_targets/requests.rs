//! Any bytes as the body of each write request: decoding and validation never panic, and
//! what validates keeps the store's promises (`readerbox_api::fuzz_checks::requests`).
#![no_main]

use libfuzzer_sys::fuzz_target;

use readerbox_api::fuzz_checks::requests as checks;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = checks::check_request(data) {
        panic!("{why}");
    }
});
