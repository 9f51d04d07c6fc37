//! Every request body and JSON text the fuzzers ever flagged (`fuzz/regressions/requests/`
//! and `fuzz/regressions/json/`, kept by `cargo xtask test` when a bounded fuzz run
//! fails) passes its fuzz target's check now.

use readerbox_api::fuzz_checks::{json as json_checks, requests as checks};

use std::path::PathBuf;

/// Runs `check` on every file in `fuzz/regressions/<target>/` (there are seeds).
fn replay(target: &str, check: fn(&[u8]) -> Result<(), String>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(why) = check(&bytes) {
            panic!("{}: {why}", path.display());
        }
        replayed += 1;
    }
    assert!(
        replayed > 0,
        "the seed regressions in {} are there",
        dir.display()
    );
}

#[test]
fn bodies_the_fuzzer_found_pass_the_check() {
    replay("requests", checks::check_request);
}

#[test]
fn texts_the_json_fuzzer_found_pass_the_check() {
    replay("json", json_checks::check_json);
}
