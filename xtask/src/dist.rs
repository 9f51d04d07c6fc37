//! `cargo xtask dist`: the release archive a site installs,
//! `target/dist/readerbox-<version>-<target>.tar.gz`, holding
//!
//! - `readerbox-server`, built with the widget, demo pages and editors' UI inside it
//!   (the server's `carried-dist` feature, after a release build of `dist/`);
//! - `readerbox.toml`, every setting shown (`packaging/`, a test checks it against the
//!   server's flags), `readerbox.service` (a hardened systemd unit) and
//!   `nginx/` (the site and the locations it includes);
//! - `INSTALL.md`: the README's deployment section, the one install guide.
//!
//! The test command unpacks it and runs it behind nginx (`crates/e2e/tests/release.rs`).

use crate::steps;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the archive (with a fresh `dist/` unless `dist_built`); returns its path.
pub fn build(root: &Path, dist_built: bool) -> Result<PathBuf, String> {
    if !dist_built {
        crate::build_widget()?;
    }
    println!("==> release build of the server, carrying dist/ (profile bench-native) …");
    steps::run(Command::new("cargo").current_dir(root).args([
        "build",
        "--profile",
        "bench-native",
        "--package",
        "readerbox-server",
        "--features",
        "carried-dist",
    ]))?;
    let version = server_version(root)?;
    let target = host_target()?;
    let name = format!("readerbox-{version}-{target}");
    let out = root.join("target/dist");
    let stage = out.join(&name);
    if stage.exists() {
        std::fs::remove_dir_all(&stage).map_err(|err| err.to_string())?;
    }
    std::fs::create_dir_all(stage.join("nginx")).map_err(|err| err.to_string())?;
    let copy = |from: PathBuf, to: &str| {
        std::fs::copy(&from, stage.join(to))
            .map(drop)
            .map_err(|err| format!("{}: {err}", from.display()))
    };
    copy(
        root.join("target/bench-native/readerbox-server"),
        "readerbox-server",
    )?;
    copy(root.join("packaging/readerbox.toml"), "readerbox.toml")?;
    copy(
        root.join("packaging/readerbox.service"),
        "readerbox.service",
    )?;
    for file in ["readerbox.conf", "readerbox-locations.conf"] {
        copy(
            root.join("packaging/nginx").join(file),
            &format!("nginx/{file}"),
        )?;
    }
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    let guide = install_guide(&readme).ok_or("README.md has no \"## Deployment\" section")?;
    std::fs::write(stage.join("INSTALL.md"), guide).map_err(|err| err.to_string())?;
    let archive = out.join(format!("{name}.tar.gz"));
    steps::run(
        Command::new("tar")
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(&out)
            .arg(&name),
    )?;
    let bytes = std::fs::metadata(&archive)
        .map_err(|e| e.to_string())?
        .len();
    println!(
        "==> {} ({:.1} MB)",
        archive.display(),
        bytes as f64 / 1_000_000.0
    );
    Ok(archive)
}

/// The README's `## Deployment` section, as a document of its own.
pub fn install_guide(readme: &str) -> Option<String> {
    let start = readme.find("\n## Deployment")? + 1;
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |at| at + 4);
    let section = rest[..end].trim_end();
    Some(format!(
        "# Installing readerbox{}\n",
        section.trim_start_matches("## Deployment")
    ))
}

fn server_version(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("crates/server/Cargo.toml"))
        .map_err(|err| err.to_string())?;
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
        .ok_or_else(|| "crates/server/Cargo.toml names no version".to_owned())
}

fn host_target() -> Result<String, String> {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|err| err.to_string())?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_install_guide_is_the_readmes_deployment_section() {
        let readme = "# x\n\n## Quick start\nrun\n\n## Deployment\nUnpack it.\n\n### nginx\nSite.\n\n## Development\nno\n";
        assert_eq!(
            install_guide(readme).unwrap(),
            "# Installing readerbox\nUnpack it.\n\n### nginx\nSite.\n"
        );
        let real =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
        let guide = install_guide(&real).expect("README.md has a Deployment section");
        for step in [
            "readerbox.service",
            "readerbox.toml",
            "nginx",
            "trusted-proxies",
        ] {
            assert!(guide.contains(step), "the install guide names {step}");
        }
    }

    /// The example config shows every setting the server takes (commands such as
    /// `--export` aside), so a sysadmin finds each one there.
    #[test]
    fn the_example_config_shows_every_setting() {
        let example = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../packaging/readerbox.toml"
        ))
        .unwrap();
        // Each `#[arg(long…)]` of the server's `Config`, by its flag name.
        let config = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/server/src/config.rs"
        ))
        .unwrap();
        let commands = [
            "config",
            "export",
            "import",
            "import-isso",
            "import-disqus",
            "import-wordpress",
            "uri-map",
            "dry-run",
            "hash-password",
        ];
        let mut settings = Vec::new();
        let mut long: Option<Option<String>> = None;
        for line in config.lines().map(str::trim) {
            if line.starts_with("#[arg(long") {
                long = Some(
                    line.split("long = \"")
                        .nth(1)
                        .and_then(|rest| rest.split('"').next())
                        .map(str::to_owned),
                );
            } else if let (Some(named), Some(field)) = (&long, line.strip_prefix("pub ")) {
                let field = field.split(':').next().unwrap().replace('_', "-");
                let flag = named.clone().unwrap_or(field);
                if !commands.contains(&flag.as_str()) {
                    settings.push(flag);
                }
                long = None;
            }
        }
        assert!(settings.len() > 20, "{settings:?}");
        for setting in settings {
            assert!(
                example.contains(&format!("{setting} = ")),
                "packaging/readerbox.toml doesn't show {setting}"
            );
        }
    }
}
