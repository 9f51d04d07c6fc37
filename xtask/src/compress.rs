//! Precompression of a release build: every text or wasm file in `dist/` gets a `.br`
//! (brotli, quality 11) and a `.gz` (gzip, level 9) beside it, which the server sends to
//! browsers that accept them. Smaller than on-the-fly compression, and costs the server
//! nothing per request.

use std::io::Write;
use std::path::Path;

const COMPRESSED: &[&str] = &["js", "wasm", "css", "html", "json", "svg"];

/// Writes the `.br` and `.gz` of each file under `dir`; returns how many files.
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let mut done = 0;
    for path in crate::files_under(dir)? {
        let wanted = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| COMPRESSED.contains(&ext));
        if !wanted {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|err| err.to_string())?;
        std::fs::write(suffixed(&path, "br"), brotli_bytes(&bytes))
            .map_err(|err| err.to_string())?;
        std::fs::write(suffixed(&path, "gz"), gzip_bytes(&bytes)).map_err(|err| err.to_string())?;
        done += 1;
    }
    Ok(done)
}

fn suffixed(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

pub fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut std::io::Cursor::new(bytes), &mut out, &params)
        .expect("compressing in memory");
    out
}

pub fn gzip_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("compressing in memory");
    encoder.finish().expect("compressing in memory")
}
