//! The widget's initial wasm memory, checked on every build that ships or is tested: it
//! is part of what every reader's page holds from the start, and Rust's 1 MiB default
//! stack made it 1.2 MiB (`build.rs` sets the stack; this keeps it set).

use std::path::Path;

/// A wasm page (bytes).
const PAGE: u64 = 64 * 1024;
/// The most the widget's wasm may start with: its 128 KiB stack and its data
/// (under 64 KiB): 192 KiB today, with room to grow.
pub const MAX_INITIAL_BYTES: u64 = 512 * 1024;

/// The initial size of the memory a wasm module defines (bytes), if it defines one.
pub fn initial_bytes(wasm: &[u8]) -> Result<Option<u64>, String> {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::MemorySection(memories) =
            payload.map_err(|err| format!("not a wasm module: {err}"))?
        {
            if let Some(memory) = memories.into_iter().next() {
                let memory = memory.map_err(|err| format!("bad memory section: {err}"))?;
                return Ok(Some(memory.initial * PAGE));
            }
        }
    }
    Ok(None)
}

/// Checks the widget's wasm in `dist` (`readerbox-*_bg.wasm`); returns its initial memory.
pub fn check_dist(dist: &Path) -> Result<u64, String> {
    let entries = std::fs::read_dir(dist).map_err(|err| format!("{}: {err}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|err| err.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !(name.starts_with("readerbox-") && name.ends_with("_bg.wasm")) {
            continue;
        }
        let wasm = std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let initial =
            initial_bytes(&wasm)?.ok_or_else(|| format!("{} defines no memory", path.display()))?;
        if initial > MAX_INITIAL_BYTES {
            return Err(format!(
                "{name} starts with {} KiB of memory, more than {} KiB: is the stack size in build.rs still applied?",
                initial / 1024,
                MAX_INITIAL_BYTES / 1024
            ));
        }
        return Ok(initial);
    }
    Err(format!("no widget wasm in {}", dist.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with only a memory of `pages` initial pages.
    fn module_with_memory(pages: u8) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Section 5 (memory), 3 bytes: one memory, limits flag 0 (no maximum), minimum.
        wasm.extend_from_slice(&[5, 3, 1, 0, pages]);
        wasm
    }

    #[test]
    fn the_initial_memory_is_read_from_the_module() {
        assert_eq!(
            initial_bytes(&module_with_memory(3)).unwrap(),
            Some(3 * PAGE)
        );
        assert_eq!(initial_bytes(b"\0asm\x01\0\0\0").unwrap(), None);
        assert!(initial_bytes(b"not wasm").is_err());
    }

    #[test]
    fn a_widget_with_rusts_default_stack_is_refused() {
        let dist = std::env::temp_dir().join(format!("xtask-memory-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        let wasm = dist.join("readerbox-0123_bg.wasm");
        std::fs::write(&wasm, module_with_memory(6)).unwrap();
        assert_eq!(check_dist(&dist).unwrap(), 6 * PAGE);
        // 1 MiB of stack and the data: 18 pages.
        std::fs::write(&wasm, module_with_memory(18)).unwrap();
        let refused = check_dist(&dist).unwrap_err();
        assert!(refused.contains("1152 KiB"), "{refused}");
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
