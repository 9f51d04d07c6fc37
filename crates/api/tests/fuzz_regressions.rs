//! Every request body the fuzzer ever flagged (`fuzz/regressions/requests/`, kept by
//! `cargo xtask test` when a bounded fuzz run fails) passes the fuzz target's check now.

#[path = "../../../fuzz/checks/requests.rs"]
mod checks;

use std::path::PathBuf;

#[test]
fn bodies_the_fuzzer_found_pass_the_check() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/requests");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(why) = checks::check_request(&bytes) {
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
