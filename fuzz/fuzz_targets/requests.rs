//! Any bytes as the body of each write request: decoding and validation never panic, and
//! what validates keeps the store's promises (`fuzz/checks/requests.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/requests.rs"]
mod checks;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = checks::check_request(data) {
        panic!("{why}");
    }
});
