//! Running commands: plainly, or as a test step whose output is streamed and whose
//! `test result:` lines are counted for the final summary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs the command with inherited output; an error names it and its exit status.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|err| format!("cannot run `{}`: {err}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Replaces this process with the command (Unix), so Ctrl-C reaches it alone and it
/// can shut down cleanly. Elsewhere, runs it and waits.
pub fn exec(command: &mut Command) -> Result<(), String> {
    #[cfg(unix)]
    {
        let err = std::os::unix::process::CommandExt::exec(command);
        Err(format!("cannot run `{}`: {err}", describe(command)))
    }
    #[cfg(not(unix))]
    {
        run(command)
    }
}

/// Counts of one `test result: ok. 3 passed; 1 failed; …` line.
pub fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| -> Option<u64> {
        rest.split(';').find_map(|part| {
            part.trim()
                .strip_suffix(word)?
                .trim()
                .rsplit(' ')
                .next()?
                .parse()
                .ok()
        })
    };
    Some((count(" passed")?, count(" failed")?))
}

#[derive(Default)]
pub struct Report {
    rows: Vec<(String, &'static str, String)>,
    passed: u64,
    failed: u64,
    failed_steps: u64,
    /// Failed steps that reported no failed test of their own (lint, build, compile errors).
    uncounted_failures: u64,
}

impl Report {
    /// A step that passes or fails as a whole (formatting, lint, build). Returns success.
    pub fn check(&mut self, name: &str, command: &mut Command) -> bool {
        println!("\n==> {name}: {}", describe(command));
        let started = Instant::now();
        let ok = command
            .status()
            .map(|status| status.success())
            .unwrap_or(false);
        if !ok {
            self.uncounted_failures += 1;
        }
        self.record(
            name,
            ok,
            format!("{:.0} s", started.elapsed().as_secs_f64()),
        );
        ok
    }

    /// A cargo test step: output streamed, results counted.
    pub fn tests(&mut self, name: &str, command: &mut Command) -> bool {
        println!("\n==> {name}: {}", describe(command));
        let started = Instant::now();
        let (mut passed, mut failed) = (0, 0);
        let ok = match command.stdout(Stdio::piped()).spawn() {
            Ok(mut child) => {
                if let Some(stdout) = child.stdout.take() {
                    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                        println!("{line}");
                        if let Some((p, f)) = parse_test_result(&line) {
                            passed += p;
                            failed += f;
                        }
                    }
                }
                child.wait().map(|status| status.success()).unwrap_or(false)
            }
            Err(err) => {
                eprintln!("cannot run `{}`: {err}", describe(command));
                false
            }
        };
        self.passed += passed;
        self.failed += failed;
        let detail = format!(
            "{passed} passed, {failed} failed, {:.0} s",
            started.elapsed().as_secs_f64()
        );
        if !ok && failed == 0 {
            self.uncounted_failures += 1;
        }
        self.record(name, ok && failed == 0, detail);
        ok && failed == 0
    }

    /// A step run by other means: its outcome and a detail for the summary.
    pub fn outcome(&mut self, name: &str, ok: bool, detail: String) {
        if !ok {
            self.uncounted_failures += 1;
        }
        self.record(name, ok, detail);
    }

    /// A step done in this process: its result, recorded. Returns success.
    pub fn outcome_of(&mut self, name: &str, result: Result<(), String>) -> bool {
        let ok = result.is_ok();
        self.outcome(name, ok, result.err().unwrap_or_else(|| "done".to_owned()));
        ok
    }

    pub fn skip(&mut self, name: &str, why: &str) {
        self.failed_steps += 1;
        self.uncounted_failures += 1;
        self.rows.push((name.to_owned(), "SKIPPED", why.to_owned()));
    }

    fn record(&mut self, name: &str, ok: bool, detail: String) {
        if !ok {
            self.failed_steps += 1;
        }
        self.rows
            .push((name.to_owned(), if ok { "ok" } else { "FAILED" }, detail));
    }

    /// Prints the summary; the last line is `total: N passed, M failed`, where M counts
    /// failed tests plus one for each failed or skipped step that reported none.
    pub fn finish(self) -> Result<(), String> {
        println!("\n==> Summary");
        for (name, outcome, detail) in &self.rows {
            println!("  {outcome:<8} {name} ({detail})");
        }
        println!(
            "total: {} passed, {} failed",
            self.passed,
            self.failed + self.uncounted_failures
        );
        if self.failed_steps == 0 && self.failed == 0 {
            Ok(())
        } else {
            Err(format!("{} step(s) failed", self.failed_steps))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_test_result;

    #[test]
    fn parses_cargo_and_wasm_bindgen_result_lines() {
        assert_eq!(
            parse_test_result("test result: ok. 13 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.08s"),
            Some((13, 0))
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 11 passed; 2 failed; 0 ignored; 0 filtered out; finished in 0.28s"),
            Some((11, 2))
        );
        assert_eq!(parse_test_result("running 7 tests"), None);
    }
}
