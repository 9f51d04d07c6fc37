//! Shorter import names in a release build's wasm and JS glue.
//!
//! wasm-bindgen names each function the wasm imports from its glue
//! `__wbg_<name>_<16 hex digits>` (`__wbg_appendChild_f8e0d5c3a1b2c4d6`), in the wasm's
//! import section and again as a key of the glue's imports object. The digits keep
//! names of separately compiled crates apart; in one linked module they only have to be
//! unique, which the name without them almost always is. For the widget's ~200 imports
//! they were 6.4 KB of random characters, 3.8 KB after brotli (issue #8's size budget).
//!
//! [`shorten`] drops the digits (adding a number where two names would meet), in both
//! files at once. It changes nothing else: each import keeps its module, kind and
//! position, the glue's exports and every other byte stay as they were. It refuses,
//! changing nothing, when the two files do not match (a glue that doesn't name an import
//! exactly once).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PREFIX: &str = "__wbg_";
const HASH_DIGITS: usize = 16;

/// A wasm-bindgen import name without its hash, if it has one.
fn without_hash(name: &str) -> Option<&str> {
    let base = name.strip_prefix(PREFIX)?;
    let cut = base.len().checked_sub(HASH_DIGITS + 1)?;
    let (base, hash) = base.split_at(cut);
    let hex = hash[1..]
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hash.starts_with('_') && hex && !base.is_empty()).then(|| &name[..PREFIX.len() + cut])
}

/// The wasm and glue with every hashed import name shortened; how many were.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String, usize), String> {
    let mut sections = Sections::read(wasm)?;
    let Some(imports) = sections.imports_mut() else {
        return Ok((wasm.to_vec(), glue.to_owned(), 0));
    };
    let mut entries = Import::read_all(imports)?;
    let mut taken: BTreeSet<String> = entries.iter().map(|entry| entry.field.clone()).collect();
    let mut renamed = Vec::new();
    for entry in &mut entries {
        let Some(base) = without_hash(&entry.field) else {
            continue;
        };
        let short = (1..)
            .map(|n| {
                if n == 1 {
                    base.to_owned()
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| !taken.contains(candidate))
            .expect("some number is free");
        taken.insert(short.clone());
        renamed.push((std::mem::replace(&mut entry.field, short.clone()), short));
    }
    let mut glue = glue.to_owned();
    for (old, new) in &renamed {
        let found = glue.matches(old.as_str()).count();
        if found != 1 {
            return Err(format!(
                "imports: the glue names {old} {found} times, not once; it does not \
                 match its wasm (or wasm-bindgen changed its output)"
            ));
        }
        glue = glue.replacen(old.as_str(), new, 1);
    }
    *imports = Import::write_all(&entries);
    Ok((sections.write(), glue, renamed.len()))
}

/// [`shorten`] on a built wasm and its glue (`<name>_bg.wasm` beside `<name>.js`), in
/// place; how many names were shortened.
pub fn shorten_files(wasm: &Path) -> Result<usize, String> {
    let name = wasm.to_string_lossy();
    let glue_path = PathBuf::from(
        name.strip_suffix("_bg.wasm")
            .ok_or_else(|| format!("{name}: not a wasm-bindgen output"))?
            .to_owned()
            + ".js",
    );
    let io = |path: &Path, err: std::io::Error| format!("{}: {err}", path.display());
    let bytes = std::fs::read(wasm).map_err(|err| io(wasm, err))?;
    let glue = std::fs::read_to_string(&glue_path).map_err(|err| io(&glue_path, err))?;
    let (bytes, glue, count) = shorten(&bytes, &glue)?;
    std::fs::write(wasm, bytes).map_err(|err| io(wasm, err))?;
    std::fs::write(&glue_path, glue).map_err(|err| io(&glue_path, err))?;
    Ok(count)
}

/// Every `*_bg.wasm` under `dir` with its glue (see [`shorten_files`]); how many names.
pub fn shorten_dir(dir: &Path) -> Result<usize, String> {
    let mut count = 0;
    for path in crate::files_under(dir)? {
        if path.to_string_lossy().ends_with("_bg.wasm") {
            count += shorten_files(&path)?;
        }
    }
    Ok(count)
}

/// A wasm module as its header and sections (id and contents), in order.
struct Sections {
    header: Vec<u8>,
    sections: Vec<(u8, Vec<u8>)>,
}

impl Sections {
    fn read(wasm: &[u8]) -> Result<Self, String> {
        if wasm.get(..4) != Some(b"\0asm".as_slice()) || wasm.len() < 8 {
            return Err("imports: not a wasm module".into());
        }
        let mut at = 8;
        let mut sections = Vec::new();
        while at < wasm.len() {
            let id = wasm[at];
            at += 1;
            let size = leb(wasm, &mut at)? as usize;
            let contents = wasm
                .get(at..at + size)
                .ok_or("imports: a section runs past the end")?;
            sections.push((id, contents.to_vec()));
            at += size;
        }
        Ok(Self {
            header: wasm[..8].to_vec(),
            sections,
        })
    }

    fn imports_mut(&mut self) -> Option<&mut Vec<u8>> {
        const IMPORT_SECTION: u8 = 2;
        self.sections
            .iter_mut()
            .find(|(id, _)| *id == IMPORT_SECTION)
            .map(|(_, contents)| contents)
    }

    fn write(&self) -> Vec<u8> {
        let mut out = self.header.clone();
        for (id, contents) in &self.sections {
            out.push(*id);
            put_leb(&mut out, contents.len() as u64);
            out.extend_from_slice(contents);
        }
        out
    }
}

/// One entry of the import section: module, field, and its description as it was.
struct Import {
    module: String,
    field: String,
    description: Vec<u8>,
}

impl Import {
    fn read_all(section: &[u8]) -> Result<Vec<Self>, String> {
        let mut at = 0;
        let count = leb(section, &mut at)?;
        let mut entries = Vec::new();
        for _ in 0..count {
            let module = name(section, &mut at)?;
            let field = name(section, &mut at)?;
            let start = at;
            skip_description(section, &mut at)?;
            entries.push(Self {
                module,
                field,
                description: section[start..at].to_vec(),
            });
        }
        if at != section.len() {
            return Err("imports: bytes after the last import".into());
        }
        Ok(entries)
    }

    fn write_all(entries: &[Self]) -> Vec<u8> {
        let mut out = Vec::new();
        put_leb(&mut out, entries.len() as u64);
        for entry in entries {
            for text in [&entry.module, &entry.field] {
                put_leb(&mut out, text.len() as u64);
                out.extend_from_slice(text.as_bytes());
            }
            out.extend_from_slice(&entry.description);
        }
        out
    }
}

/// Moves `at` past an import description: function, table, memory, global or tag.
fn skip_description(bytes: &[u8], at: &mut usize) -> Result<(), String> {
    let kind = byte(bytes, at)?;
    match kind {
        0x00 => {
            leb(bytes, at)?;
        }
        0x01 => {
            byte(bytes, at)?;
            limits(bytes, at)?;
        }
        0x02 => limits(bytes, at)?,
        0x03 => {
            byte(bytes, at)?;
            byte(bytes, at)?;
        }
        0x04 => {
            byte(bytes, at)?;
            leb(bytes, at)?;
        }
        other => return Err(format!("imports: unknown import kind {other:#04x}")),
    }
    Ok(())
}

fn limits(bytes: &[u8], at: &mut usize) -> Result<(), String> {
    let flags = byte(bytes, at)?;
    leb(bytes, at)?;
    if flags & 1 == 1 {
        leb(bytes, at)?;
    }
    Ok(())
}

fn byte(bytes: &[u8], at: &mut usize) -> Result<u8, String> {
    let value = *bytes.get(*at).ok_or("imports: unexpected end")?;
    *at += 1;
    Ok(value)
}

fn name(bytes: &[u8], at: &mut usize) -> Result<String, String> {
    let len = leb(bytes, at)? as usize;
    let text = bytes
        .get(*at..*at + len)
        .ok_or("imports: a name runs past the end")?;
    *at += len;
    String::from_utf8(text.to_vec()).map_err(|_| "imports: a name is not UTF-8".into())
}

fn leb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = byte(bytes, at)?;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("imports: a number is too long".into())
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `names` from "wbg" (functions of type 0) and a memory.
    fn module(names: &[&str]) -> Vec<u8> {
        let mut imports = Vec::new();
        put_leb(&mut imports, names.len() as u64 + 1);
        for field in names {
            for text in ["wbg", field] {
                put_leb(&mut imports, text.len() as u64);
                imports.extend_from_slice(text.as_bytes());
            }
            imports.extend_from_slice(&[0x00, 0x00]);
        }
        for text in ["env", "memory"] {
            put_leb(&mut imports, text.len() as u64);
            imports.extend_from_slice(text.as_bytes());
        }
        imports.extend_from_slice(&[0x02, 0x01, 0x11, 0x80, 0x01]);
        let types = vec![0x01, 0x60, 0x00, 0x00];
        Sections {
            header: b"\0asm\x01\0\0\0".to_vec(),
            sections: vec![(1, types), (2, imports), (0, b"\x04name".to_vec())],
        }
        .write()
    }

    #[test]
    fn hashes_go_in_both_files_and_names_stay_unique() {
        let names = [
            "__wbg_new_8a6f238a6ece86ea",
            "__wbg_new_00112233445566ff",
            "__wbg_appendChild_f8e0d5c3a1b2c4d6",
            "__wbg_error_0123456789abcdef",
            "__wbg_error",
            "__wbindgen_init_externref_table",
        ];
        let glue = names
            .iter()
            .map(|name| format!("    {name}: function(arg0) {{ return arg0; }},\n"))
            .collect::<String>();
        let (wasm, glue, count) = shorten(&module(&names), &glue).unwrap();
        assert_eq!(count, 4);
        let expected = [
            "__wbg_new",
            "__wbg_new2",
            "__wbg_appendChild",
            "__wbg_error2",
            "__wbg_error",
            "__wbindgen_init_externref_table",
        ];
        assert_eq!(wasm, module(&expected));
        for name in expected {
            assert_eq!(
                glue.matches(&format!("    {name}: function")).count(),
                1,
                "{name}"
            );
        }
        assert!(!glue.contains("8a6f238a6ece86ea"));
    }

    #[test]
    fn a_glue_that_does_not_match_changes_nothing() {
        let wasm = module(&["__wbg_new_8a6f238a6ece86ea"]);
        assert!(shorten(&wasm, "no imports here").is_err());
        let twice = "__wbg_new_8a6f238a6ece86ea __wbg_new_8a6f238a6ece86ea";
        assert!(shorten(&wasm, twice).is_err());
    }

    #[test]
    fn only_wasm_bindgens_hashes_are_taken_off() {
        assert_eq!(
            without_hash("__wbg_set_onclick_0123456789abcdef"),
            Some("__wbg_set_onclick")
        );
        for kept in [
            "__wbg_new_0123456789ABCDEF",
            "__wbg_new_0123456789abcde",
            "__wbg__0123456789abcdef",
            "__wbindgen_throw_0123456789abcdef",
            "memory",
        ] {
            assert_eq!(without_hash(kept), None, "{kept}");
        }
    }
}
