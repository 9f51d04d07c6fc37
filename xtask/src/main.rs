//! `cargo xtask`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `cargo xtask demo`: install missing tools, build the widget in release, run the
//!   server on http://127.0.0.1:8080 with the demo article page and SQLite in `./data/`.
//! - `cargo xtask test`: install missing tools (Chromium too), then formatting, clippy,
//!   native tests (the server's storage and API suites twice: on SQLite, then on a
//!   throwaway PostgreSQL cluster), widget tests in headless Chromium and end-to-end
//!   tests; prints a summary and exits non-zero on any failure.
//! - `cargo xtask build`: install missing tools and build what `demo` serves into `dist/`
//!   (the widget and the editors' UI in release; precompressed).
//! - `cargo xtask screenshot`: refresh `docs/screenshot.png` of the demo page.
//! - `cargo xtask bench`: build everything for real (release widget, precompressed;
//!   server and driver in the `bench-native` profile), install wrk if missing, and write
//!   `target/bench/report.{md,json}` (see `crates/e2e/src/bin/bench.rs`).
//! - `cargo xtask bench-compare <dist> <dist> [10|100|1000] [rounds]`: two builds of the
//!   widget measured in alternating rounds (the machine's speed drifts within minutes).
//! - `cargo xtask size`: where the widget's wasm bytes go, by crate and by module of ours
//!   (`size`).
//!
//! Modules: `tools` (finding and installing the pinned toolchain), `steps` (running
//! commands and counting test results), `postgres` (the throwaway test cluster), `fuzz`
//! (bounded cargo-fuzz runs), `names` (short import and export names in the built wasm
//! and glue), `glue` (the glue minified), `wasm_memory` (the widget's initial memory
//! checked), `compress` (precompression), `size`, `tidy`.

mod compress;
mod dist;
mod fuzz;
mod glue;
mod names;
mod postgres;
mod size;
mod steps;
mod tidy;
mod tools;
mod wasm_memory;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use steps::Report;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {err}", root.display());
        return ExitCode::FAILURE;
    }
    tools::put_cargo_bin_on_path();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&root),
        Some("build") => tools::ensure_all(false).and_then(|()| build_widget().map(drop)),
        Some("test") => test(&root),
        Some("dist") => tools::ensure_all(false).and_then(|()| dist::build(&root, false).map(drop)),
        Some("bench") => bench(&root),
        Some("bench-compare") => bench_compare(&root, &args[1..]),
        Some("screenshot") => screenshot(&args[1..]),
        Some("size") => size::report(&root),
        Some("install") => tools::ensure_all(true),
        None | Some("help" | "-h" | "--help") => {
            print_help();
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}; see `cargo xtask help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!(
        "cargo xtask <command>

  demo        build the widget (release) and serve the demo article page on
              http://127.0.0.1:8080 (SQLite in ./data/); Ctrl-C stops it
  test        run every check and test suite (installs missing tools first)
  build       only build dist/ as demo, test and bench do (release widget,
              editors' UI, precompressed files)
  screenshot  refresh docs/screenshot.png of the demo page with comments
  bench       measure sizes, rendering, memory, interaction and server throughput;
              writes target/bench/report.md and report.json
  bench-compare <dist-a> <dist-b> [10|100|1000] [rounds]
              one thread rendered by two builds of the widget, in alternating
              rounds (default 1000 comments, 4 rounds of 6 loads)
  size        where the widget's wasm bytes go, by crate and by module of ours;
              writes target/size/report.md
  install     only install the missing tools (Chromium included)

Server settings for `demo` come from the environment, e.g. READERBOX_BIND=127.0.0.1:9000;
see `cargo run -p readerbox-server -- --help`."
    );
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Every file below `dir`, in its subdirectories too.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))? {
        let path = entry.map_err(|err| err.to_string())?.path();
        if path.is_dir() {
            found.extend(files_under(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

/// Builds the widget and demo page into `dist/` with Trunk, in release.
fn build_widget() -> Result<(), String> {
    for (name, mut command) in dist_builds() {
        println!("==> {name} …");
        steps::run(&mut command)?;
    }
    shorten_dist()?;
    precompress_dist()
}

/// The release builds into `dist/`, in order (the widget's empties `dist/`).
fn dist_builds() -> [(&'static str, Command); 2] {
    [
        (
            "release build of the widget (trunk)",
            tools::trunk(&["build", "--release", "--offline=true"]),
        ),
        (
            "release build of the editors' UI (trunk)",
            tools::trunk(&admin_build_args()),
        ),
    ]
}

/// Short import and export names in every wasm of `dist/` and its glue (see `names`),
/// then the glue minified (see `glue`): after Trunk, before precompressing, in every
/// build that ships or is tested. The widget's initial memory is checked first
/// (`wasm_memory`).
fn shorten_dist() -> Result<(), String> {
    let dist = workspace_root().join("dist");
    let initial = wasm_memory::check_dist(&dist)?;
    println!(
        "==> The widget's wasm starts with {} KiB of memory (at most {}; wasm_memory.rs)",
        initial / 1024,
        wasm_memory::MAX_INITIAL_BYTES / 1024
    );
    let shortened = names::shorten_dir(&dist)?;
    println!("==> Shortened {shortened} import and export names in dist/ (names.rs)");
    let minified = glue::minify_dir(&dist)?;
    println!("==> Minified {minified} JS glue files in dist/ (glue.rs)");
    if glue::minify_embed(&dist)? {
        println!("==> Minified dist/embed.js (glue.rs)");
    }
    Ok(())
}

/// `.br` and `.gz` beside every built file, for the server to send.
fn precompress_dist() -> Result<(), String> {
    let files = compress::precompress(&workspace_root().join("dist"))?;
    println!("==> Precompressed {files} files in dist/ (brotli 11, gzip 9)");
    Ok(())
}

/// The editors' UI builds into dist/admin/ after the widget (which empties dist/).
fn admin_build_args() -> [&'static str; 5] {
    [
        "build",
        "--release",
        "--offline=true",
        "--config",
        "admin/Trunk.toml",
    ]
}

fn bench(root: &Path) -> Result<(), String> {
    tools::ensure_all(true)?;
    tools::ensure_wrk()?;
    build_widget()?;
    println!("==> Building the benchmark (server and driver, profile bench-native) …");
    build_bench_driver()?;
    let out = root.join("target").join("bench");
    println!("==> Measuring (about 4 minutes) …");
    steps::run(
        Command::new(root.join("target/bench-native/bench"))
            .arg(&out)
            .env("CHROMEDRIVER", tools::chromedriver_path())
            .env("READERBOX_DIST", root.join("dist"))
            .env(
                "READERBOX_BENCH_WASM_BUILD",
                "stable Rust, prebuilt standard library",
            ),
    )
}

/// The benchmark's server and driver, in the `bench-native` profile.
fn build_bench_driver() -> Result<(), String> {
    steps::run(Command::new("cargo").args([
        "build",
        "--profile",
        "bench-native",
        "--package",
        "readerbox-e2e",
        "--bin",
        "bench",
    ]))
}

/// Two builds (each a Trunk `dist/`) in alternating rounds of the benchmark's quick mode:
/// per round and build, the median of the warm loads' time to all comments, main-thread
/// busy time and script time. Both get `.br`/`.gz` files first, as the server sends them.
fn bench_compare(root: &Path, args: &[String]) -> Result<(), String> {
    let [a, b] = [args.first(), args.get(1)].map(|dist| dist.map(PathBuf::from));
    let (Some(a), Some(b)) = (a, b) else {
        return Err(
            "usage: cargo xtask bench-compare <dist-a> <dist-b> [10|100|1000] [rounds]".into(),
        );
    };
    let size = args.get(2).map_or("1000", String::as_str);
    let rounds: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(4);
    tools::ensure_all(true)?;
    for dist in [&a, &b] {
        compress::precompress(dist)?;
    }
    build_bench_driver()?;
    let mut rows: Vec<Vec<[f64; 3]>> = vec![Vec::new(), Vec::new()];
    for round in 1..=rounds {
        for (n, dist) in [&a, &b].into_iter().enumerate() {
            let output = Command::new(root.join("target/bench-native/bench"))
                .arg(std::env::temp_dir().join("readerbox-bench-compare"))
                .env("CHROMEDRIVER", tools::chromedriver_path())
                .env("READERBOX_DIST", dist)
                .env("READERBOX_BENCH_QUICK", size)
                .env("READERBOX_BENCH_RUNS", "6")
                .output()
                .map_err(|err| format!("bench: {err}"))?;
            let log = String::from_utf8_lossy(&output.stderr);
            // The first load fills the caches; the other five are the warm loads measured.
            let loads: Vec<[f64; 3]> = log
                .lines()
                .filter(|line| line.contains(" comments in "))
                .skip(1)
                .filter_map(|line| {
                    let after = |key: &str| -> Option<f64> {
                        let rest = &line[line.find(key)? + key.len()..];
                        rest.split(|c: char| !c.is_ascii_digit() && c != '.')
                            .next()?
                            .parse()
                            .ok()
                    };
                    Some([
                        after(" comments in ")?,
                        after("all tasks ")?,
                        after("script ")?,
                    ])
                })
                .collect();
            if loads.is_empty() {
                return Err(format!("no loads measured for {}:\n{log}", dist.display()));
            }
            let median = |k: usize| {
                let mut values: Vec<f64> = loads.iter().map(|load| load[k]).collect();
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let row = [median(0), median(1), median(2)];
            println!(
                "round {round}, {}: {size} comments in {:.0} ms, main thread busy {:.0} ms, script {:.0} ms",
                dist.display(),
                row[0],
                row[1],
                row[2]
            );
            rows[n].push(row);
        }
    }
    for (n, dist) in [&a, &b].into_iter().enumerate() {
        let column = |k: usize| {
            rows[n]
                .iter()
                .map(|row| format!("{:.0}", row[k]))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "{}: time {} | busy {} | script {} (ms, one median per round)",
            dist.display(),
            column(0),
            column(1),
            column(2)
        );
    }
    Ok(())
}

fn demo(root: &Path) -> Result<(), String> {
    tools::ensure_all(false)?;
    build_widget()?;
    println!("==> Building the server …");
    steps::run(Command::new("cargo").args(["build", "--package", "readerbox-server"]))?;
    let server = root.join("target/debug/readerbox-server");
    let bind = std::env::var("READERBOX_BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let mut command = Command::new(&server);
    command.args(["--static-dir", "dist"]);
    // A demo editor account, unless the environment names real ones.
    let demo_login = std::env::var_os("READERBOX_ADMIN_USERS").is_none();
    if demo_login {
        let hash = password_hash(&server, DEMO_PASSWORD)?;
        command.env("READERBOX_ADMIN_USERS", format!("{DEMO_EDITOR}:{hash}"));
    }
    println!();
    println!("    Demo article page: http://{bind}/");
    println!("    Demo list page:    http://{bind}/lokales.html");
    println!("    Server-rendered:   http://{bind}/lokales/2026/11/neues-hallenbad.html");
    if demo_login {
        println!("    Editors' UI:       http://{bind}/admin/  ({DEMO_EDITOR} / {DEMO_PASSWORD})");
    } else {
        println!("    Editors' UI:       http://{bind}/admin/");
    }
    println!(
        "    Database: {}",
        std::env::var("READERBOX_DATABASE").unwrap_or_else(|_| "data/readerbox.sqlite3".into())
    );
    println!("    Stop with Ctrl-C.");
    println!();
    steps::exec(&mut command)
}

const DEMO_EDITOR: &str = "redaktion";
const DEMO_PASSWORD: &str = "readerbox-demo";

/// The argon2 hash of `password`, from the server's `--hash-password`.
fn password_hash(server: &Path, password: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = Command::new(server)
        .arg("--hash-password")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run {}: {err}", server.display()))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(format!("{password}\n").as_bytes())
        .map_err(|err| err.to_string())?;
    let output = child.wait_with_output().map_err(|err| err.to_string())?;
    if !output.status.success() {
        return Err("hashing the demo password failed".into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn test(root: &Path) -> Result<(), String> {
    tools::ensure_all(true)?;
    tools::ensure_nginx()?;
    let mut report = Report::default();
    let chromedriver = tools::chromedriver_path();
    let axe = tools::ensure_axe(root)?;

    report.check(
        "formatting (cargo fmt --check)",
        Command::new("cargo").args(["fmt", "--all", "--", "--check"]),
    );
    report.check(
        "clippy, native crates",
        Command::new("cargo").args([
            "clippy",
            "--workspace",
            "--exclude",
            "readerbox",
            "--exclude",
            "readerbox-widget",
            "--exclude",
            "readerbox-admin",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    report.check(
        "clippy, widget and editors' UI (wasm32)",
        Command::new("cargo").args([
            "clippy",
            "--package",
            "readerbox",
            "--package",
            "readerbox-widget",
            "--package",
            "readerbox-admin",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    report.tests(
        "native unit, API and server tests",
        Command::new("cargo").args([
            "test",
            "--workspace",
            "--exclude",
            "readerbox",
            "--exclude",
            "readerbox-widget",
            "--exclude",
            "readerbox-admin",
            "--exclude",
            "readerbox-e2e",
        ]),
    );
    match postgres::TestCluster::start() {
        Ok(cluster) => {
            report.tests(
                "server storage and API tests on PostgreSQL",
                Command::new("cargo")
                    .args(["test", "--package", "readerbox-server"])
                    .env("READERBOX_TEST_POSTGRES", &cluster.url),
            );
        }
        Err(err) => report.skip(
            "server storage and API tests on PostgreSQL",
            &format!("no PostgreSQL: {err}"),
        ),
    }
    match tools::ensure_cargo_fuzz() {
        Ok(()) => {
            let seconds = fuzz::seconds();
            for target in fuzz::TARGETS {
                let run = fuzz::run_target(root, target, seconds);
                let mut detail = format!("{} executions in {seconds} s", run.executions);
                if !run.kept.is_empty() {
                    detail.push_str(&format!("; kept as regressions: {}", run.kept.join(", ")));
                }
                report.outcome(&format!("fuzzing {target} (cargo fuzz)"), run.ok, detail);
            }
        }
        Err(err) => report.skip("fuzzing", &format!("no cargo-fuzz: {err}")),
    }
    report.tests(
        "widget tests in headless Chromium",
        Command::new("cargo")
            .args([
                "test",
                "--package",
                "readerbox-widget",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CHROMEDRIVER", &chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            // Most readers' zone, with summer time: the times the widget writes itself
            // are compared with Intl's across both offsets (in UTC they'd agree
            // trivially).
            .env("TZ", "Europe/Berlin"),
    );
    let built = dist_builds()
        .into_iter()
        .all(|(name, mut command)| report.check(name, &mut command));
    let built =
        built && report.outcome_of("short names and minified glue in dist/", shorten_dist());
    let built =
        built && report.outcome_of("precompressing dist/ (brotli, gzip)", precompress_dist());
    let archive = if built {
        match dist::build(root, true) {
            Ok(archive) => {
                report.outcome(
                    "release archive (cargo xtask dist)",
                    true,
                    archive.display().to_string(),
                );
                Some(archive)
            }
            Err(err) => {
                report.outcome("release archive (cargo xtask dist)", false, err);
                None
            }
        }
    } else {
        None
    };
    if built && archive.is_some() {
        report.tests(
            "end-to-end tests in Chromium",
            Command::new("cargo")
                .args([
                    "test",
                    "--package",
                    "readerbox-e2e",
                    "--",
                    "--test-threads",
                    "2",
                ])
                .env("CHROMEDRIVER", &chromedriver)
                .env("READERBOX_AXE", &axe)
                .env("READERBOX_DIST", root.join("dist"))
                .env("READERBOX_RELEASE_ARCHIVE", archive.unwrap_or_default()),
        );
    } else {
        report.skip("end-to-end tests in Chromium", "the widget did not build");
    }
    report.finish()
}

fn screenshot(args: &[String]) -> Result<(), String> {
    tools::ensure_all(true)?;
    build_widget()?;
    let target = args
        .first()
        .cloned()
        .unwrap_or_else(|| "docs/screenshot.png".to_owned());
    steps::run(
        Command::new("cargo")
            .args([
                "run",
                "--quiet",
                "--package",
                "readerbox-e2e",
                "--bin",
                "screenshot",
                "--",
            ])
            .arg(&target)
            .env("CHROMEDRIVER", tools::chromedriver_path()),
    )?;
    println!("Wrote {target}");
    Ok(())
}
