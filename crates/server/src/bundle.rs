//! The built widget, demo pages and editors' UI carried inside a packaged binary (the
//! `carried-dist` feature, which `cargo xtask dist` turns on after a release build of
//! `dist/`), so that a release runs from any folder with only its config file.
//!
//! On start (`main.rs`) they are written to a fresh temporary folder of the server's own
//! (mode 0700; removed when the server stops, and with systemd's `PrivateTmp` in any
//! case), and served
//! from there exactly as a `--static-dir` is: the precompressed `.br`/`.gz` beside each
//! file, the cache headers, the editors' pages with theirs. One way of serving files,
//! whichever way they came.

use std::path::Path;
use tempfile::TempDir;

/// Whether this binary carries the files.
pub const CARRIED: bool = cfg!(feature = "carried-dist");

#[cfg(feature = "carried-dist")]
static DIST: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../dist");

/// Writes the carried files into a new temporary folder.
pub fn unpack() -> std::io::Result<TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("readerbox-files-")
        .tempdir()?;
    write_carried(dir.path())?;
    Ok(dir)
}

#[cfg(feature = "carried-dist")]
fn write_carried(into: &Path) -> std::io::Result<()> {
    DIST.extract(into)
}

#[cfg(not(feature = "carried-dist"))]
fn write_carried(_into: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("this binary carries no files"))
}
