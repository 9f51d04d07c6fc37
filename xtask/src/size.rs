//! `cargo xtask size`: where the widget's wasm bytes go, by crate and by module of ours.
//!
//! It builds the widget's wasm exactly as the release build does (same profile), then
//! once more through wasm-bindgen and
//! wasm-opt (the passes `index.html` gives Trunk), this time keeping the function names, and adds up the size of each
//! function body by the crate its name starts with. Generic code of a library (Leptos'
//! views, mostly) instantiated for our types counts to that library, in a row of its own
//! ("for readerbox"), and again to the module of ours it was instantiated for. Brotli
//! figures are estimates: a part's share of the raw bytes times the whole file's brotli
//! size (brotli of a part alone says little: it compresses against the rest).
//!
//! Writes `target/size/report.md` and prints it.

use crate::compress;
use crate::steps;
use crate::tools::{self, WASM_TARGET};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A KB here is 1024 bytes, as in the benchmark's budgets (`crates/e2e/src/bin/bench.rs`).
const KB: f64 = 1024.0;

/// Our crates: code under these names is ours, whatever it instantiates.
const OURS: [&str; 4] = [
    "readerbox_widget",
    "readerbox",
    "readerbox_api",
    "readerbox_markdown",
];

/// The bytes of one wasm file, by what they are.
#[derive(Debug, Default)]
pub struct Profile {
    /// Demangled name (without hashes) and body size of every defined function.
    pub functions: Vec<(String, usize)>,
    pub data: usize,
    /// The whole file without its custom sections (names, producers).
    pub total: usize,
}

impl Profile {
    /// Reads a wasm file that has a name section.
    pub fn read(wasm: &[u8]) -> Result<Self, String> {
        use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};
        let mut imported_functions = 0u32;
        let mut bodies = Vec::new();
        let mut names = BTreeMap::new();
        let mut data = 0;
        let mut custom = 0;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(|err| format!("reading the wasm: {err}"))? {
                Payload::ImportSection(imports) => {
                    for import in imports.into_imports() {
                        let import = import.map_err(|err| err.to_string())?;
                        if matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                            imported_functions += 1;
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
                Payload::DataSection(segments) => {
                    for segment in segments {
                        let segment = segment.map_err(|err| err.to_string())?;
                        data += segment.data.len();
                    }
                }
                Payload::CustomSection(section) => {
                    custom += section.range().len();
                    if let KnownCustom::Name(subsections) = section.as_known() {
                        for subsection in subsections {
                            if let Ok(Name::Function(map)) = subsection {
                                for naming in map.into_iter().flatten() {
                                    names.insert(naming.index, naming.name);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if names.is_empty() {
            return Err("the wasm has no function names (built without -g?)".into());
        }
        let functions = bodies
            .into_iter()
            .enumerate()
            .map(|(n, size)| {
                let index = imported_functions + n as u32;
                let name = names.get(&index).copied().unwrap_or("?");
                let name = format!("{:#}", rustc_demangle::demangle(name));
                (without_crate_hashes(&name), size)
            })
            .collect();
        Ok(Self {
            functions,
            data,
            total: wasm.len() - custom,
        })
    }

    fn code(&self) -> usize {
        self.functions.iter().map(|(_, size)| size).sum()
    }

    /// Bytes by crate; generic library code instantiated for our types apart.
    pub fn by_crate(&self) -> Vec<(String, usize)> {
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for (name, size) in &self.functions {
            let owner = match (first_crate(name), our_module(name)) {
                _ if our_export(name) => ENTRY_POINTS.to_string(),
                (None, _) => "(glue: wasm-bindgen's shims, unnamed)".to_string(),
                (Some(krate), _) if OURS.contains(&krate) => krate.to_string(),
                (Some(krate), Some(_)) => format!("{krate} (for readerbox)"),
                (Some(krate), None) => krate.to_string(),
            };
            *sizes.entry(owner).or_default() += size;
        }
        *sizes
            .entry("(data: texts, the stylesheet, tables)".into())
            .or_default() += self.data;
        *sizes
            .entry("(rest: types, imports, exports, tables)".into())
            .or_default() += self.total - self.code() - self.data;
        sorted(sizes)
    }

    /// Bytes of our widget's own modules, with the library code instantiated for them.
    pub fn by_module(&self) -> Vec<(String, usize)> {
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for (name, size) in &self.functions {
            let module = our_module(name).or_else(|| our_export(name).then(|| ENTRY_POINTS.into()));
            if let Some(module) = module {
                *sizes.entry(module).or_default() += size;
            }
        }
        sorted(sizes)
    }
}

fn sorted(sizes: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut sizes: Vec<_> = sizes.into_iter().collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sizes
}

/// `readerbox_widget::comments::Area` for `readerbox_widget[253f5b7888f6898b]::comments::Area`: the
/// names wasm-bindgen leaves carry each crate's hash.
fn without_crate_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close > 0 && after[..close].bytes().all(|b| b.is_ascii_hexdigit()) => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Our exports (`mountComments`, …) with the code LTO inlined into them: ours, though
/// wasm-bindgen's wrapper gives them their name.
const ENTRY_POINTS: &str = "(entry points for embed.js)";

/// Whether `name` is wasm-bindgen's wrapper of one of our exports (`mountToolbar
/// externref shim`), not of an import (`…::__wbg_setAttribute_… externref shim`) or of
/// its own (`__wbindgen_malloc externref shim`).
pub fn our_export(name: &str) -> bool {
    name.strip_suffix(" externref shim").is_some_and(|export| {
        !export.starts_with("__")
            && export
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The crate a demangled path starts with: the first `name::` in it
/// (`<f64 as core::fmt::Display>::fmt` is core's).
pub fn first_crate(name: &str) -> Option<&str> {
    path_starts(name).next()
}

/// Where in `name` paths start: each identifier directly followed by `::`, not preceded
/// by `::` (the crate of a path).
fn path_starts(name: &str) -> impl Iterator<Item = &str> {
    let bytes = name.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            if !is_ident(bytes[at]) {
                at += 1;
                continue;
            }
            while at < bytes.len() && is_ident(bytes[at]) {
                at += 1;
            }
            let preceded = start >= 2 && &bytes[start - 2..start] == b"::";
            if !preceded && name[at..].starts_with("::") && !bytes[start].is_ascii_digit() {
                return Some(&name[start..at]);
            }
        }
        None
    })
}

/// The module of the widget crate `name` belongs to or was instantiated for:
/// `comments::form` for `readerbox_widget::comments::form::__component_comment_form::…`,
/// `comments::thread` for `<readerbox_widget::comments::thread::Thread>::update`: a room
/// and its module, or a module of the crate's root.
pub fn our_module(name: &str) -> Option<String> {
    let at = name.find("readerbox_widget::")? + "readerbox_widget::".len();
    let mut segments = name[at..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .next()?
        .split("::")
        .filter(|segment| !segment.is_empty());
    let first = segments.next()?;
    let module = match (first, segments.next()) {
        (room @ ("comments" | "toolbar" | "shared" | "ui"), Some(second)) => {
            format!("{room}::{second}")
        }
        // `readerbox_widget::_::__wasm_bindgen_generated_mountComments`: wasm-bindgen's exports.
        ("_", _) => "(entry points for embed.js)".to_string(),
        _ => first.to_string(),
    };
    Some(module.replace("__component_", ""))
}

/// `cargo xtask size`: the widget's bytes by crate and by module.
pub fn report(root: &Path) -> Result<(), String> {
    tools::ensure_all(false)?;
    let out = root.join("target/size");
    let markdown = weigh(root, "readerbox", &[], &out)?;
    let file = out.join("report.md");
    std::fs::write(&file, &markdown).map_err(|err| err.to_string())?;
    println!("{markdown}");
    println!("==> Written to {}", file.display());
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|err| format!("{}: {err}", path.display()))
}

/// Builds `package` with `cargo_args` and weighs it as shipped, with the profile of its
/// functions.
fn weigh(root: &Path, package: &str, cargo_args: &[&str], out: &Path) -> Result<String, String> {
    let artifact = package.replace('-', "_");
    let built = optimised_wasm(root, package, &artifact, cargo_args, out, true)?;
    let named = built.named.as_deref().ok_or("built without names")?;
    let profile = Profile::read(&read(named)?)?;
    let shipped = read(&built.shipped)?;
    Ok(render(
        &profile,
        shipped.len(),
        compress::brotli_bytes(&shipped).len(),
    ))
}

/// One package's wasm as the release build makes it: with names kept (to read) if
/// asked for, and as shipped.
struct Built {
    named: Option<PathBuf>,
    shipped: PathBuf,
}

/// Builds `package` (its wasm file is `artifact`) like the widget's release: same
/// profile, wasm-bindgen, and
/// wasm-opt with the passes `index.html` gives Trunk.
fn optimised_wasm(
    root: &Path,
    package: &str,
    artifact: &str,
    cargo_args: &[&str],
    out: &Path,
    with_names: bool,
) -> Result<Built, String> {
    println!("==> release build of {package}'s wasm (cargo) …");
    let mut build = Command::new("cargo");
    build.args([
        "build",
        "--release",
        "--lib",
        "--package",
        package,
        "--target",
        WASM_TARGET,
    ]);
    build.args(cargo_args);
    steps::run(&mut build)?;
    std::fs::create_dir_all(out).map_err(|err| err.to_string())?;
    let built = root.join(format!("target/{WASM_TARGET}/release/{artifact}.wasm"));
    steps::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--keep-debug", "--out-dir"])
            .arg(out)
            .arg(&built),
    )?;
    let bound = out.join(format!("{artifact}_bg.wasm"));
    let suffix = if artifact == "readerbox" {
        String::new()
    } else {
        format!("-{artifact}")
    };
    let named = out.join(format!("named{suffix}.wasm"));
    let shipped = out.join(format!("shipped{suffix}.wasm"));
    let index = std::fs::read_to_string(root.join("index.html")).map_err(|err| err.to_string())?;
    let passes = wasm_opt_args(&index)?;
    let optimise = |output: &Path, keep_names: bool| {
        let mut optimise = Command::new("wasm-opt");
        optimise.args(&passes).arg(&bound).arg("-o").arg(output);
        optimise.arg(if keep_names { "-g" } else { "--strip-debug" });
        steps::run(&mut optimise)
    };
    if with_names {
        optimise(&named, true)?;
    }
    optimise(&shipped, false)?;
    Ok(Built {
        named: with_names.then_some(named),
        shipped,
    })
}

/// wasm-opt's arguments as Trunk passes them for the widget: `-O<data-wasm-opt>`, then
/// `data-wasm-opt-params`, from `index.html`'s `<link data-trunk rel="rust" …>`.
pub fn wasm_opt_args(index_html: &str) -> Result<Vec<String>, String> {
    let link = index_html
        .split('<')
        .find(|tag| tag.starts_with("link") && tag.contains("rel=\"rust\""))
        .ok_or("index.html has no <link data-trunk rel=\"rust\">")?;
    let attribute = |name: &str| {
        let start = link.find(&format!("{name}=\""))? + name.len() + 2;
        let end = link[start..].find('"')?;
        Some(link[start..start + end].to_string())
    };
    let level = attribute("data-wasm-opt").ok_or("the widget is built without wasm-opt")?;
    let mut args = vec![format!("-O{level}")];
    if let Some(params) = attribute("data-wasm-opt-params") {
        args.extend(params.split_whitespace().map(str::to_string));
    }
    Ok(args)
}

/// The crates that are in the widget only because Leptos is.
const LEPTOS_CRATES: &[&str] = &[
    "leptos",
    "leptos_dom",
    "leptos_server",
    "server_fn",
    "tachys",
    "reactive_graph",
    "reactive_stores",
    "send_wrapper",
    "either_of",
    "throw_error",
    "any_spawner",
    "slotmap",
    "indexmap",
    "rustc_hash",
    "guardian",
    "oco_ref",
    "or_poisoned",
];

/// Bytes of the rows (from [`Profile::by_crate`]) of Leptos' crates, "for readerbox"
/// or not.
fn leptos_bytes(by_crate: &[(String, usize)]) -> usize {
    by_crate
        .iter()
        .filter(|(name, _)| {
            let krate = name.strip_suffix(" (for readerbox)").unwrap_or(name);
            LEPTOS_CRATES.contains(&krate)
        })
        .map(|(_, bytes)| bytes)
        .sum()
}

/// The report: totals, then the crates and our modules with raw bytes, share and the
/// estimated brotli bytes.
pub fn render(profile: &Profile, shipped: usize, shipped_brotli: usize) -> String {
    let named_code_and_data = profile.total as f64;
    let row = |name: &str, bytes: usize| {
        let share = bytes as f64 / named_code_and_data;
        format!(
            "| {name} | {bytes} | {:.1} % | {:.1} |\n",
            share * 100.0,
            share * shipped_brotli as f64 / KB
        )
    };
    let header = "| part | bytes | share | ≈ KB brotli |\n|---|---:|---:|---:|\n";
    let mut out = format!(
        "# Where the widget's wasm goes\n\nThe shipped wasm: {shipped} bytes, {shipped_brotli} \
         with brotli (quality 11). Below, the same build with function names kept \
         ({} bytes without its custom sections). Brotli per part is its share of the bytes \
         times the whole file's brotli size: an estimate. A KB is 1024 bytes, as in the benchmark's budgets.\n\n## By crate\n\n{header}",
        profile.total
    );
    let by_crate = profile.by_crate();
    for (name, bytes) in &by_crate {
        out.push_str(&row(name, *bytes));
    }
    let leptos = leptos_bytes(&by_crate);
    out.push_str(&format!(
        "\nLeptos' crates ({}), with the code they made for our types: {leptos} bytes, \
         ≈ {:.1} KB brotli. A lower bound: what LTO inlined into our functions counts to \
         us, and hashbrown (Leptos' and the standard library's maps alike) to neither.\n",
        LEPTOS_CRATES.join(", "),
        leptos as f64 / named_code_and_data * shipped_brotli as f64 / KB
    ));
    out.push_str(&format!(
        "\n## The widget's modules, with the library code instantiated for them\n\n{header}"
    ));
    for (name, bytes) in profile.by_module() {
        out.push_str(&row(&name, bytes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_belongs_to_the_crate_it_starts_with() {
        assert_eq!(
            first_crate("<f64 as core::fmt::Display>::fmt"),
            Some("core")
        );
        assert_eq!(
            first_crate("<tachys::html::element::HtmlElement<tachys::html::element::elements::Div, (readerbox_widget::comments::form::X,)> as tachys::view::Render>::build"),
            Some("tachys")
        );
        assert_eq!(
            first_crate("pulldown_cmark::firstpass::FirstPass::parse_line"),
            Some("pulldown_cmark")
        );
        assert_eq!(first_crate("mountComments externref shim"), None);
    }

    #[test]
    fn our_exports_are_ours_however_wasm_bindgen_names_them() {
        assert!(our_export("mountToolbar externref shim"));
        assert!(!our_export("__wbindgen_malloc externref shim"));
        assert!(!our_export(
            "<readerbox::dom::Unchecked>::set_attribute::__wbg_setAttribute_4bf1 externref shim"
        ));
        assert!(!our_export("mountToolbar"));
        let profile = Profile {
            functions: vec![("mountToolbar externref shim".into(), 300)],
            data: 0,
            total: 300,
        };
        assert_eq!(profile.by_crate()[0], (ENTRY_POINTS.to_string(), 300));
        assert_eq!(profile.by_module(), [(ENTRY_POINTS.to_string(), 300)]);
    }

    #[test]
    fn wasm_opt_runs_as_trunk_runs_it() {
        let index =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../index.html")).unwrap();
        assert_eq!(
            wasm_opt_args(&index).unwrap(),
            ["-O2", "--merge-similar-functions", "-Oz"]
        );
        assert_eq!(
            wasm_opt_args(r#"<link data-trunk rel="rust" data-wasm-opt="z">"#).unwrap(),
            ["-Oz"]
        );
    }

    #[test]
    fn crate_hashes_are_dropped() {
        assert_eq!(
            without_crate_hashes("<readerbox[253f5b7888f6898b]::i18n::Texts as core[27cd0353e63fa9bc]::clone::Clone>::clone"),
            "<readerbox::i18n::Texts as core::clone::Clone>::clone"
        );
        assert_eq!(without_crate_hashes("a[i32]::b[]"), "a[i32]::b[]");
    }

    #[test]
    fn generic_code_counts_to_the_module_it_was_made_for() {
        assert_eq!(
            our_module("<tachys::view::Render for readerbox_widget::comments::form::__component_comment_form::{closure#3}>::build").as_deref(),
            Some("comments::form")
        );
        assert_eq!(
            our_module("<readerbox_widget::comments::thread::Thread>::update").as_deref(),
            Some("comments::thread")
        );
        assert_eq!(our_module("readerbox_api::validate::Limits::x"), None);
        assert_eq!(our_module("core::fmt::write"), None);
    }

    #[test]
    fn every_byte_is_counted_once() {
        let profile = Profile {
            functions: vec![
                ("readerbox_widget::counts::fill_badges".into(), 100),
                (
                    "<tachys::A<readerbox_widget::comments::form::F>>::build".into(),
                    50,
                ),
                ("core::fmt::write".into(), 30),
                ("__wbindgen_malloc".into(), 5),
            ],
            data: 200,
            total: 1000,
        };
        let by_crate = profile.by_crate();
        assert_eq!(by_crate.iter().map(|(_, b)| b).sum::<usize>(), 1000);
        assert!(by_crate.contains(&("tachys (for readerbox)".into(), 50)));
        assert_eq!(
            profile.by_module(),
            vec![("counts".into(), 100), ("comments::form".into(), 50)]
        );
    }
    #[test]
    fn leptos_counts_with_what_it_made_for_us() {
        let rows = [
            ("tachys".to_string(), 10),
            ("tachys (for readerbox)".to_string(), 5),
            ("reactive_graph".to_string(), 3),
            ("hashbrown".to_string(), 100),
            ("readerbox".to_string(), 1000),
        ];
        assert_eq!(leptos_bytes(&rows), 18);
    }
}
