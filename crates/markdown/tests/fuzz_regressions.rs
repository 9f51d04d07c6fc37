//! Every input the Markdown fuzzer ever flagged (`fuzz/regressions/markdown/`, kept by
//! `cargo xtask test` when a bounded fuzz run fails) passes the audit now.

use std::path::PathBuf;

#[test]
fn inputs_the_fuzzer_found_pass_the_audit() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/markdown");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        {
            let bytes = std::fs::read(&path).unwrap();
            let source = String::from_utf8_lossy(&bytes);
            if let Err(why) = readerbox_markdown::audit(&source) {
                panic!("{}: {why}", path.display());
            }
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "the seed regressions in {} are there",
        dir.display()
    );
}
