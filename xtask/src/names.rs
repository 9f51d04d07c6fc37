//! Short names for what a release build's wasm imports from its JS glue and exports to it.
//!
//! wasm-bindgen names each function the wasm imports from its glue after the JS it calls
//! plus a hash (`__wbg_appendChild_f8e0d5c3a1b2c4d6`), in the wasm's import section and
//! again as a key of the glue's imports object, under a module named after the crate
//! (`./readerbox_bg.js`). Closures it calls back into are exports named after their Rust
//! types (`wasm_bindgen_4103ee816b20e416___convert__closures_____invoke___web_sys_…`,
//! up to 330 characters), which the glue calls as `wasm.<name>`. Within one linked module
//! these names only have to be unique: for the widget's ~290 imports and ~20 exports
//! they were 12 KB of the wasm and 5 KB of the glue, 2.2 KB after brotli, where the
//! hashes alone had been 3.8 KB more (the widget's size budget).
//!
//! [`shorten`] gives each a short identifier in both files at once: the glue's module
//! becomes `r`, its imports `a`, `b`, … (by position), and every export the glue names as
//! `wasm.<name>` `$a`, `$b`, … (by position; `$` keeps them apart from any export left as
//! it was). It changes nothing else: each import keeps its module, kind and position,
//! each export its kind and index, the glue's own exports (`mountComments`, …) their
//! names, and every other byte stays as it was. It refuses, changing nothing, when the
//! two files do not match (a glue that doesn't name an import's key exactly once, or
//! names no module). Running it again changes nothing, as long as the glue is as
//! wasm-bindgen wrote it: after `glue` has minified it, its module key is no longer
//! quoted and it is refused (every build runs it on Trunk's fresh output).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The glue's module, as the wasm imports from it.
const SHORT_MODULE: &str = "r";

/// The `n`th short JavaScript identifier: `a` … `Z`, then `ab` … (first character a
/// letter, the rest letters or digits).
fn identifier(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut name = String::from(FIRST[n % FIRST.len()] as char);
    n /= FIRST.len();
    while n > 0 {
        name.push(REST[n % REST.len()] as char);
        n /= REST.len();
    }
    name
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offsets in `text` where `token` stands as a whole identifier followed by
/// `after`.
fn token_positions(text: &str, token: &str, after: &str) -> Vec<usize> {
    text.match_indices(token)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before_ok = !text[..at]
                .chars()
                .next_back()
                .is_some_and(is_identifier_char);
            let rest = &text[at + token.len()..];
            let after_ok = if after.is_empty() {
                !rest.chars().next().is_some_and(is_identifier_char)
            } else {
                rest.starts_with(after)
            };
            before_ok && after_ok
        })
        .collect()
}

/// `text` with `token` replaced at `positions` (from [`token_positions`]).
fn replace_at(text: &str, positions: &[usize], token: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &at in positions {
        out.push_str(&text[from..at]);
        out.push_str(new);
        from = at + token.len();
    }
    out.push_str(&text[from..]);
    out
}

/// The wasm and glue with short import, module and export names; how many names changed.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String, usize), String> {
    let mut sections = Sections::read(wasm)?;
    let mut glue = glue.to_owned();
    let mut renamed = 0;

    if let Some(imports) = sections.section_mut(IMPORT_SECTION) {
        let mut entries = Import::read_all(imports)?;
        let module = glue_module(&entries, &glue)?;
        if module != SHORT_MODULE {
            glue = glue.replacen(&quoted_key(&module), &quoted_key(SHORT_MODULE), 1);
            renamed += 1;
        }
        let from_glue = entries.iter_mut().filter(|entry| entry.module == module);
        for (position, entry) in from_glue.enumerate() {
            entry.module = SHORT_MODULE.to_owned();
            let short = identifier(position);
            if entry.field == short {
                continue;
            }
            let keys = token_positions(&glue, &entry.field, ":");
            if keys.len() != 1 {
                return Err(format!(
                    "names: the glue has {} keys {}, not one; it does not match its wasm \
                     (or wasm-bindgen changed its output)",
                    keys.len(),
                    entry.field
                ));
            }
            glue = replace_at(&glue, &keys, &entry.field, &short);
            entry.field = short;
            renamed += 1;
        }
        *imports = Import::write_all(&entries);
    }

    if let Some(exports) = sections.section_mut(EXPORT_SECTION) {
        let mut entries = Export::read_all(exports)?;
        let taken: BTreeSet<String> = entries.iter().map(|entry| entry.name.clone()).collect();
        for (position, entry) in entries.iter_mut().enumerate() {
            let short = format!("${}", identifier(position));
            if entry.name == short {
                continue;
            }
            if taken.contains(&short) {
                return Err(format!("names: the wasm already exports {short}"));
            }
            let old = format!("wasm.{}", entry.name);
            let uses = token_positions(&glue, &old, "");
            if uses.is_empty() {
                continue;
            }
            glue = replace_at(&glue, &uses, &old, &format!("wasm.{short}"));
            entry.name = short;
            renamed += 1;
        }
        *exports = Export::write_all(&entries);
    }
    Ok((sections.write(), glue, renamed))
}

fn quoted_key(module: &str) -> String {
    format!("\"{module}\":")
}

/// The module of `imports` that the glue provides: the one it names as a key
/// (`"./readerbox_bg.js": import0`), exactly once.
fn glue_module(imports: &[Import], glue: &str) -> Result<String, String> {
    let modules: BTreeSet<&str> = imports.iter().map(|entry| entry.module.as_str()).collect();
    let named: Vec<&str> = modules
        .into_iter()
        .filter(|module| glue.matches(&quoted_key(module)).count() == 1)
        .collect();
    match named[..] {
        [module] => Ok(module.to_owned()),
        _ => Err(format!(
            "names: the glue names {} of the wasm's import modules as a key, not one; \
             it does not match its wasm (or wasm-bindgen changed its output)",
            named.len()
        )),
    }
}

/// The JS glue wasm-bindgen wrote beside `wasm` (`<name>.js` for `<name>_bg.wasm`), if
/// `wasm` is named as its output is.
pub fn glue_of(wasm: &Path) -> Option<PathBuf> {
    let name = wasm.to_string_lossy();
    Some(PathBuf::from(format!(
        "{}.js",
        name.strip_suffix("_bg.wasm")?
    )))
}

/// [`shorten`] on a built wasm and its glue (see [`glue_of`]), in place; how many names
/// were shortened.
pub fn shorten_files(wasm: &Path) -> Result<usize, String> {
    let glue_path =
        glue_of(wasm).ok_or_else(|| format!("{}: not a wasm-bindgen output", wasm.display()))?;
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

const IMPORT_SECTION: u8 = 2;
const EXPORT_SECTION: u8 = 7;

/// A wasm module as its header and sections (id and contents), in order.
struct Sections {
    header: Vec<u8>,
    sections: Vec<(u8, Vec<u8>)>,
}

impl Sections {
    fn read(wasm: &[u8]) -> Result<Self, String> {
        if wasm.get(..4) != Some(b"\0asm".as_slice()) || wasm.len() < 8 {
            return Err("names: not a wasm module".into());
        }
        let mut at = 8;
        let mut sections = Vec::new();
        while at < wasm.len() {
            let id = wasm[at];
            at += 1;
            let size = leb(wasm, &mut at)? as usize;
            let contents = wasm
                .get(at..at + size)
                .ok_or("names: a section runs past the end")?;
            sections.push((id, contents.to_vec()));
            at += size;
        }
        Ok(Self {
            header: wasm[..8].to_vec(),
            sections,
        })
    }

    fn section_mut(&mut self, wanted: u8) -> Option<&mut Vec<u8>> {
        self.sections
            .iter_mut()
            .find(|(id, _)| *id == wanted)
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
            return Err("names: bytes after the last import".into());
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

/// One entry of the export section: name, kind and index.
struct Export {
    name: String,
    kind: u8,
    index: u64,
}

impl Export {
    fn read_all(section: &[u8]) -> Result<Vec<Self>, String> {
        let mut at = 0;
        let count = leb(section, &mut at)?;
        let mut entries = Vec::new();
        for _ in 0..count {
            entries.push(Self {
                name: name(section, &mut at)?,
                kind: byte(section, &mut at)?,
                index: leb(section, &mut at)?,
            });
        }
        if at != section.len() {
            return Err("names: bytes after the last export".into());
        }
        Ok(entries)
    }

    fn write_all(entries: &[Self]) -> Vec<u8> {
        let mut out = Vec::new();
        put_leb(&mut out, entries.len() as u64);
        for entry in entries {
            put_leb(&mut out, entry.name.len() as u64);
            out.extend_from_slice(entry.name.as_bytes());
            out.push(entry.kind);
            put_leb(&mut out, entry.index);
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
        other => return Err(format!("names: unknown import kind {other:#04x}")),
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
    let value = *bytes.get(*at).ok_or("names: unexpected end")?;
    *at += 1;
    Ok(value)
}

fn name(bytes: &[u8], at: &mut usize) -> Result<String, String> {
    let len = leb(bytes, at)? as usize;
    let text = bytes
        .get(*at..*at + len)
        .ok_or("names: a name runs past the end")?;
    *at += len;
    String::from_utf8(text.to_vec()).map_err(|_| "names: a name is not UTF-8".into())
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
    Err("names: a number is too long".into())
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

    const MODULE: &str = "./widget_bg.js";

    /// A module importing `names` from the glue's module (functions of type 0) and a
    /// memory from "env", exporting `exports` (functions 0, 1, …).
    fn module(glue_module: &str, names: &[&str], exports: &[&str]) -> Vec<u8> {
        let mut imports = Vec::new();
        put_leb(&mut imports, names.len() as u64 + 1);
        for field in names {
            for text in [glue_module, field] {
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
        let exports = Export::write_all(
            &exports
                .iter()
                .enumerate()
                .map(|(index, name)| Export {
                    name: (*name).to_owned(),
                    kind: 0,
                    index: index as u64,
                })
                .collect::<Vec<_>>(),
        );
        let types = vec![0x01, 0x60, 0x00, 0x00];
        Sections {
            header: b"\0asm\x01\0\0\0".to_vec(),
            sections: vec![
                (1, types),
                (2, imports),
                (7, exports),
                (0, b"\x04name".to_vec()),
            ],
        }
        .write()
    }

    const IMPORTS: [&str; 4] = [
        "__wbg_new_8a6f238a6ece86ea",
        "__wbg_appendChild_f8e0d5c3a1b2c4d6",
        "__wbg___wbindgen_throw_0123456789abcdef",
        "__wbindgen_init_externref_table",
    ];
    const EXPORTS: [&str; 4] = [
        "memory",
        "mountComments",
        "wasm_bindgen_4103ee816b20e416___convert__closures_____invoke_______true_",
        "unused_by_the_glue",
    ];

    /// A glue as wasm-bindgen writes it, indented or not.
    fn glue(module: &str, imports: &[&str], exports: &[&str], indent: &str) -> String {
        let keys = imports
            .iter()
            .map(|name| format!("{indent}{name}: function(arg0) {{ return arg0.{name}_x; }},\n"))
            .collect::<String>();
        format!(
            "export function mountComments(a) {{\n{indent}wasm.{mount}(a, wasm.{memory}.buffer);\n}}\n\
             function invoke(a) {{ wasm.{invoke}(a); }}\n\
             const mountCommentsLater = 1;\n\
             function __wbg_get_imports() {{\nconst import0 = {{\n{keys}}};\n\
             return {{\n\"{module}\": import0,\n}};\n}}\n",
            mount = exports[1],
            memory = exports[0],
            invoke = exports[2],
        )
    }

    #[test]
    fn imports_exports_and_the_module_get_short_names_in_both_files() {
        for indent in ["", "    "] {
            let (wasm, shortened, count) = shorten(
                &module(MODULE, &IMPORTS, &EXPORTS),
                &glue(MODULE, &IMPORTS, &EXPORTS, indent),
            )
            .unwrap();
            assert_eq!(count, 1 + 4 + 3);
            let imports = ["a", "b", "c", "d"];
            let exports = ["$a", "$b", "$c", "unused_by_the_glue"];
            assert_eq!(wasm, module(SHORT_MODULE, &imports, &exports));
            // Only the keys changed: what each import calls keeps its name.
            let mut expected = glue(SHORT_MODULE, &imports, &exports, indent);
            for (short, long) in imports.iter().zip(IMPORTS) {
                expected = expected.replace(&format!("arg0.{short}_x"), &format!("arg0.{long}_x"));
            }
            assert_eq!(shortened, expected);
            assert!(shortened.contains("export function mountComments(a)"));
            assert!(shortened.contains("const mountCommentsLater"));
        }
    }

    #[test]
    fn shortening_twice_changes_nothing() {
        let once = shorten(
            &module(MODULE, &IMPORTS, &EXPORTS),
            &glue(MODULE, &IMPORTS, &EXPORTS, ""),
        )
        .unwrap();
        let twice = shorten(&once.0, &once.1).unwrap();
        assert_eq!((&twice.0, &twice.1, twice.2), (&once.0, &once.1, 0));
    }

    #[test]
    fn a_glue_that_does_not_match_is_refused() {
        let wasm = module(MODULE, &IMPORTS, &EXPORTS);
        let right = glue(MODULE, &IMPORTS, &EXPORTS, "");
        assert!(shorten(&wasm, "no imports here").is_err());
        let other_module = right.replace(MODULE, "./other_bg.js");
        assert!(shorten(&wasm, &other_module).is_err());
        let key_missing = right.replace("__wbg_new_8a6f238a6ece86ea:", "");
        assert!(shorten(&wasm, &key_missing).is_err());
        let key_twice = format!("{right}__wbg_new_8a6f238a6ece86ea: 1");
        assert!(shorten(&wasm, &key_twice).is_err());
    }

    #[test]
    fn identifiers_are_short_distinct_and_valid() {
        let names: Vec<String> = (0..5000).map(identifier).collect();
        assert_eq!(
            (&names[0][..], &names[51][..], &names[52][..]),
            ("a", "Z", "ab")
        );
        assert!(names[..52].iter().all(|name| name.len() == 1));
        assert!(names.iter().all(|name| name.len() <= 3));
        assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len());
        for name in &names {
            assert!(
                name.starts_with(|c: char| c.is_ascii_alphabetic()),
                "{name}"
            );
            assert!(name.chars().all(is_identifier_char), "{name}");
        }
    }

    #[test]
    fn tokens_are_whole_identifiers() {
        let text = "wasm.free(1); wasm.free_all(2); xwasm.free(3); wasm.free";
        assert_eq!(token_positions(text, "wasm.free", ""), [0, 47]);
        assert_eq!(token_positions("a: 1, ba: 2, a:3", "a", ":"), [0, 13]);
    }
}
