//! The pinned toolchain (see docs/toolchain.md): find each tool, check its version,
//! and install it when missing or different. Installing is skipped for any tool that
//! already answers with the right version, so a warm machine pays nothing.
//!
//! The wasm-bindgen-cli version is read from Cargo.lock, so the CLI always matches the
//! library; a tidy test checks Trunk.toml pins the same.

use crate::steps::run;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const TRUNK_VERSION: &str = "0.21.14";
/// The `wasm-opt` crate version that ships binaryen 116 (Trunk.toml: `version_116`).
pub const WASM_OPT_CRATE_VERSION: &str = "0.116.1";
pub const WASM_OPT_BINARYEN_VERSION: &str = "116";
/// axe-core, from the npm registry, injected by the end-to-end accessibility tests.
pub const AXE_CORE_VERSION: &str = "4.14.1";
/// Runs the fuzz targets (`fuzz.rs` says how it gets the sanitizer on a stable toolchain).
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// Tools installed by `cargo install` land in cargo's bin folder, which a fresh shell
/// may not have on PATH yet.
pub fn put_cargo_bin_on_path() {
    let bin = cargo_bin_dir();
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|dir| dir == bin) {
        return;
    }
    let joined = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
        .expect("PATH entries are valid");
    // Single-threaded at this point: nothing else reads the environment concurrently.
    std::env::set_var("PATH", joined);
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The wasm-bindgen version the given Cargo.lock resolved.
pub fn locked_wasm_bindgen_version(lock_file: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(lock_file)
        .map_err(|err| format!("cannot read {}: {err}", lock_file.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".to_owned())
}

fn cargo_install(what: &str, args: &[&str], minutes: u32) -> Result<(), String> {
    println!("==> Installing {what} with cargo install (about {minutes} min on 2 cores; done once per machine) …");
    run(Command::new("cargo").arg("install").args(args))
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("==> Adding the Rust target {WASM_TARGET} …");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version(Path::new("Cargo.lock"))?;
    // Each binary answers with its own name: "wasm-bindgen-test-runner 0.2.130".
    let has = |program: &str| {
        output_of(program, &["--version"])
            .is_some_and(|out| out.trim() == format!("{program} {version}"))
    };
    if has("wasm-bindgen") && has("wasm-bindgen-test-runner") {
        return Ok(());
    }
    // Without --locked: with it the install fails (a locked dependency is gone from the
    // registry); see docs/toolchain.md.
    cargo_install(
        &format!("wasm-bindgen-cli {version}"),
        &["wasm-bindgen-cli", "--version", &version, "--force"],
        3,
    )
}

fn ensure_trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if output_of("trunk", &["--version"]).is_some_and(|out| out.trim() == wanted) {
        return Ok(());
    }
    cargo_install(
        &wanted,
        &["trunk", "--version", TRUNK_VERSION, "--locked", "--force"],
        6,
    )
}

fn ensure_wasm_opt() -> Result<(), String> {
    let wanted = format!("wasm-opt version {WASM_OPT_BINARYEN_VERSION} ");
    if output_of("wasm-opt", &["--version"]).is_some_and(|out| out.starts_with(&wanted)) {
        return Ok(());
    }
    cargo_install(
        &format!("wasm-opt (binaryen {WASM_OPT_BINARYEN_VERSION})"),
        &[
            "wasm-opt",
            "--version",
            WASM_OPT_CRATE_VERSION,
            "--locked",
            "--force",
        ],
        6,
    )
}

/// cargo-fuzz for the bounded fuzz runs of the test command.
pub fn ensure_cargo_fuzz() -> Result<(), String> {
    let wanted = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if output_of("cargo", &["fuzz", "--version"]).is_some_and(|out| out.trim() == wanted) {
        return Ok(());
    }
    cargo_install(
        &wanted,
        &[
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
            "--force",
        ],
        2,
    )
}

/// axe-core's script under `target/axe/` (installed with npm when missing); its path.
pub fn ensure_axe(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target").join("axe");
    let package = prefix.join("node_modules").join("axe-core");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|json| json.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")));
    if !installed {
        if output_of("npm", &["--version"]).is_none() {
            apt_install(&["nodejs", "npm"], "npm is needed to fetch axe-core.")?;
        }
        println!("==> Installing axe-core {AXE_CORE_VERSION} from the npm registry …");
        std::fs::create_dir_all(&prefix).map_err(|err| err.to_string())?;
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("axe-core@{AXE_CORE_VERSION}")))?;
    }
    Ok(package.join("axe.min.js"))
}

/// wrk, the load generator of `cargo xtask bench` (Debian's package).
pub fn ensure_wrk() -> Result<(), String> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    apt_install(&["wrk"], "wrk is the benchmark's load generator.")
}

pub fn chromedriver_path() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| {
        if PathBuf::from("/usr/bin/chromedriver").is_file() {
            "/usr/bin/chromedriver".to_owned()
        } else {
            "chromedriver".to_owned()
        }
    })
}

fn ensure_chromium() -> Result<(), String> {
    let chromium_ok = output_of("/usr/bin/chromium", &["--version"]).is_some();
    let driver_ok = output_of(&chromedriver_path(), &["--version"]).is_some();
    if chromium_ok && driver_ok {
        return Ok(());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        "Chromium and ChromeDriver are needed for the browser tests (expected at \
         /usr/bin/chromium and /usr/bin/chromedriver; or set CHROMEDRIVER).",
    )
}

/// Debian's nginx, for the tests that put the server behind a real reverse proxy
/// (`crates/server/tests/proxy.rs`, which start it on a loopback port themselves).
pub fn ensure_nginx() -> Result<(), String> {
    if output_of("/usr/sbin/nginx", &["-v"]).is_some() {
        return Ok(());
    }
    apt_install(
        &["nginx"],
        "nginx is needed for the reverse-proxy tests (expected at /usr/sbin/nginx).",
    )
}

pub fn is_root() -> bool {
    output_of("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// Installs Debian packages with apt-get when we are root; otherwise says what to install.
pub fn apt_install(packages: &[&str], why: &str) -> Result<(), String> {
    let list = packages.join(" ");
    if !is_root() {
        return Err(format!(
            "{why} Install it, e.g.\n    sudo apt-get install {list}"
        ));
    }
    println!("==> Installing Debian's {list} with apt-get …");
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Installs whatever is missing. `browser`: Chromium and ChromeDriver too.
pub fn ensure_all(browser: bool) -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_wasm_opt()?;
    if browser {
        ensure_chromium()?;
    }
    Ok(())
}

/// `trunk` with `args`: the release builds run it as a developer's `trunk build
/// --release` does (stable Rust, the prebuilt standard library).
pub fn trunk(args: &[&str]) -> Command {
    let mut command = Command::new("trunk");
    command.args(args);
    command
}
