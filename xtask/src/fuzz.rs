//! Bounded fuzzing in the test command: each cargo-fuzz target in `fuzz/` runs for a fixed
//! time (`READERBOX_FUZZ_SECONDS`, default 60) with its regressions as extra corpus. An
//! input that breaks a target is copied into `fuzz/regressions/<target>/`, where the
//! crates' `fuzz_regressions` tests replay it on every run from then on, and the step
//! fails.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

pub const TARGETS: &[&str] = &["markdown", "requests", "json"];

/// What one bounded run did.
pub struct FuzzRun {
    pub executions: u64,
    pub kept: Vec<String>,
    pub ok: bool,
}

pub fn seconds() -> u64 {
    std::env::var("READERBOX_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

pub fn run_target(root: &Path, target: &str, seconds: u64) -> FuzzRun {
    let fuzz = root.join("fuzz");
    let artifacts = fuzz.join("artifacts").join(target);
    let _ = std::fs::remove_dir_all(&artifacts);
    let corpus = fuzz.join("corpus").join(target);
    let regressions = fuzz.join("regressions").join(target);
    let _ = std::fs::create_dir_all(&corpus);
    println!("\n==> fuzzing {target} for {seconds} s: cargo fuzz run -O {target}");
    let child = Command::new("cargo")
        .current_dir(root)
        // cargo fuzz needs -Zsanitizer; the machine has only a stable toolchain.
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "-O", target])
        .arg(&corpus)
        .arg(&regressions)
        .args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
            "-max_len=4096",
        ])
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn();
    let mut executions = 0;
    let ok = match child {
        Ok(mut child) => {
            if let Some(stderr) = child.stderr.take() {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    // libFuzzer's progress lines start with '#': too many to show.
                    if !line.starts_with('#') {
                        eprintln!("{line}");
                    }
                    if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
                        executions = n.trim().parse().unwrap_or(0);
                    }
                }
            }
            child.wait().is_ok_and(|status| status.success())
        }
        Err(err) => {
            eprintln!("cannot run cargo fuzz: {err}");
            false
        }
    };
    let mut kept = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&artifacts) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if std::fs::copy(entry.path(), regressions.join(&name)).is_ok() {
                kept.push(format!("fuzz/regressions/{target}/{name}"));
            }
        }
    }
    FuzzRun {
        executions,
        ok: ok && kept.is_empty(),
        kept,
    }
}
