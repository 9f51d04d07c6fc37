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
//! Writes `target/size/report.md` and prints it. `--probe` does the same for
//! `crates/size-probe`, one page of comments built by hand and once more through Leptos
//! (`target/size/probe.md`): what a first module would weigh, and what Leptos adds.

use crate::compress;
use crate::steps;
use crate::tools::{self, WASM_TARGET};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A KB here is 1024 bytes, as in the benchmark's budgets (`crates/e2e/src/bin/bench.rs`).
const KB: f64 = 1024.0;

/// Our crates: code under these names is ours, whatever it instantiates.
const OURS: [&str; 3] = ["readerbox", "readerbox_api", "readerbox_markdown"];

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

/// `readerbox::thread::Thread` for `readerbox[253f5b7888f6898b]::thread::Thread`: the
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
/// `components::form` for `readerbox::components::form::__component_comment_form::…`,
/// `thread` for `<readerbox::thread::Thread>::update`.
pub fn our_module(name: &str) -> Option<String> {
    let at = name.find("readerbox::")? + "readerbox::".len();
    let mut segments = name[at..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .next()?
        .split("::")
        .filter(|segment| !segment.is_empty());
    let first = segments.next()?;
    let module = match (first, segments.next()) {
        ("components", Some(second)) => format!("components::{second}"),
        // `readerbox::_::__wasm_bindgen_generated_mountComments`: wasm-bindgen's exports.
        ("_", _) => "(entry points for embed.js)".to_string(),
        _ => first.to_string(),
    };
    Some(module.replace("__component_", ""))
}

/// What `cargo xtask size` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The widget's bytes by crate and by module.
    Profile,
    /// `crates/size-probe` (one page of comments built by hand), to weigh a first
    /// module, and the same probe built through Leptos, to weigh what Leptos itself adds
    /// to the same work.
    Probe,
    /// The widget built with parts left out: what each part costs, and what they share.
    Parts,
}

impl Mode {
    pub fn from_arg(arg: Option<&str>) -> Result<Self, String> {
        match arg {
            None => Ok(Self::Profile),
            Some("--probe") => Ok(Self::Probe),
            Some("--parts") => Ok(Self::Parts),
            Some(other) => Err(format!("size: unknown option {other:?} (--probe, --parts)")),
        }
    }
}

/// `cargo xtask size [--probe | --parts]`.
pub fn report(root: &Path, mode: Mode) -> Result<(), String> {
    tools::ensure_all(false)?;
    let out = root.join("target/size");
    let (markdown, name) = match mode {
        Mode::Probe => {
            let plain = weigh(root, "readerbox-size-probe", &[], &out)?;
            let with_leptos = weigh(
                root,
                "readerbox-size-probe",
                &["--features", "leptos"],
                &out.join("leptos"),
            )?;
            let header = probe_header(&plain.shipped, &with_leptos.shipped);
            (format!("{header}{}", plain.markdown), "probe")
        }
        Mode::Profile => (weigh(root, "readerbox", &[], &out)?.markdown, "report"),
        Mode::Parts => (parts(root, &out.join("parts"))?, "parts"),
    };
    let file = out.join(format!("{name}.md"));
    std::fs::write(&file, &markdown).map_err(|err| err.to_string())?;
    println!("{markdown}");
    println!("==> Written to {}", file.display());
    Ok(())
}

/// The widget's parts as its Cargo features name them, and what each is to a reader.
const PARTS: [(&str, &str); 4] = [
    (
        "comment-area",
        "the comment area (list, sorting, \"mehr\", votes, with its form)",
    ),
    (
        "comment-form",
        "the comment form (writing, replying, editing, the preview)",
    ),
    ("toolbar", "the toolbar and its dialogs"),
    ("counts", "the comment-count badges"),
];

/// What a build of `--parts` stands for in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Whole,
    /// The whole without one part: the difference is what that part alone costs.
    /// `nested`: the part lies inside another (the form in the comment area), whose row
    /// already counts it.
    Without {
        nested: bool,
    },
    /// Some parts together, for what they weigh.
    Together,
    Nothing,
}

/// One build of `--parts`: its row's label, the parts built in, its role.
struct PartBuild {
    label: String,
    built_in: Vec<&'static str>,
    role: Role,
}

/// The builds `--parts` weighs.
fn part_builds() -> Vec<PartBuild> {
    let all: Vec<&str> = PARTS.iter().map(|(feature, _)| *feature).collect();
    let mut builds = vec![PartBuild {
        label: "the whole widget".into(),
        built_in: all.clone(),
        role: Role::Whole,
    }];
    for (feature, what) in PARTS {
        builds.push(PartBuild {
            label: format!("without {what}"),
            built_in: all.iter().copied().filter(|f| *f != feature).collect(),
            role: Role::Without {
                nested: feature == "comment-form",
            },
        });
    }
    builds.push(PartBuild {
        label: "only the comment area without its form, and the badges: what a reader \
                needs before writing"
            .into(),
        built_in: vec!["comment-area", "counts"],
        role: Role::Together,
    });
    builds.push(PartBuild {
        label: "nothing mounted (wasm-bindgen's glue and `memoryBytes`)".into(),
        built_in: Vec::new(),
        role: Role::Nothing,
    });
    builds
}

/// Cargo's arguments for the widget with just `features` built in.
fn feature_args(features: &[&str]) -> Vec<String> {
    if features.len() == PARTS.len() {
        return Vec::new();
    }
    let mut args = vec!["--no-default-features".to_string()];
    if !features.is_empty() {
        args.extend(["--features".to_string(), features.join(",")]);
    }
    args
}

/// `--parts`: each build weighed as shipped (no names kept: no profile is read), and
/// the table of what each part costs.
fn parts(root: &Path, out: &Path) -> Result<String, String> {
    let mut weighed = Vec::new();
    for (n, build) in part_builds().into_iter().enumerate() {
        let args = feature_args(&build.built_in);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let dir = out.join(n.to_string());
        let built = optimised_wasm(root, "readerbox", "readerbox", &args, &dir, false)?;
        weighed.push((build, Shipped::of(&built)?));
    }
    Ok(parts_table(&weighed))
}

/// The table, a row per build in order, then what the parts share: the whole, less
/// nothing mounted, less what each part alone costs.
fn parts_table(weighed: &[(PartBuild, Shipped)]) -> String {
    let kilobytes_of = |role: Role| {
        weighed
            .iter()
            .find(|(build, _)| build.role == role)
            .map_or(0.0, |(_, shipped)| shipped.kilobytes())
    };
    let whole = kilobytes_of(Role::Whole);
    let nothing = kilobytes_of(Role::Nothing);
    let mut out = String::from(
        "# What each part of the widget costs\n\n\
         Each build leaves parts of the widget out (their Cargo features: an entry point \
         left out mounts nothing, a form left out is a stand-in, and LTO drops what only \
         they used) and is weighed with short names as shipped: brotli (quality 11) of the \
         wasm and of the minified JS glue. A part costs what leaving it alone out saves; code that \
         two or more parts use (Leptos, the standard library, the Markdown renderer, the \
         stylesheet, the HTTP client) counts to none of them and is the last line. \
         A KB is 1024 bytes, as in the benchmark's budgets (120 KB for the widget).\n\n\
         | build | wasm (B) | glue (B) | KB | saved (KB) |\n|---|---:|---:|---:|---:|\n",
    );
    let mut alone = 0.0;
    for (build, shipped) in weighed {
        let kilobytes = shipped.kilobytes();
        let saved = if build.role == Role::Whole {
            String::new()
        } else {
            format!("{:.1}", whole - kilobytes)
        };
        if build.role == (Role::Without { nested: false }) {
            alone += whole - kilobytes;
        }
        out.push_str(&format!(
            "| {} | {} | {} | {kilobytes:.1} | {saved} |\n",
            build.label, shipped.wasm_brotli, shipped.glue_brotli
        ));
    }
    out.push_str(&format!(
        "\nThe parts alone: {alone:.1} KB. Shared by two or more of them: {:.1} KB (the whole, \
         less nothing mounted, less each part alone; the comment form is inside the \
         comment area, so its row is part of the area's).\n",
        whole - nothing - alone
    ));
    out
}

/// One build's wasm and glue as `cargo xtask build` ships them: with short import and
/// export names, the glue minified.
struct Shipped {
    wasm: Vec<u8>,
    wasm_brotli: usize,
    glue_brotli: usize,
}

impl Shipped {
    fn of(built: &Built) -> Result<Self, String> {
        let glue = String::from_utf8(read(&built.glue)?).map_err(|err| err.to_string())?;
        let (wasm, glue, _) = crate::names::shorten(&read(&built.shipped)?, &glue)?;
        let glue = crate::glue::minify(&glue)?;
        Ok(Self {
            wasm_brotli: compress::brotli_bytes(&wasm).len(),
            glue_brotli: compress::brotli_bytes(glue.as_bytes()).len(),
            wasm,
        })
    }

    fn kilobytes(&self) -> f64 {
        (self.wasm_brotli + self.glue_brotli) as f64 / KB
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|err| format!("{}: {err}", path.display()))
}

/// One build's bytes as shipped, and its profile as Markdown.
struct Weighed {
    shipped: Shipped,
    markdown: String,
}

/// Builds `package` with `cargo_args` (its features) and weighs it as shipped, with the
/// profile of its functions.
fn weigh(root: &Path, package: &str, cargo_args: &[&str], out: &Path) -> Result<Weighed, String> {
    let artifact = package.replace('-', "_");
    let built = optimised_wasm(root, package, &artifact, cargo_args, out, true)?;
    let named = built.named.as_deref().ok_or("built without names")?;
    let profile = Profile::read(&read(named)?)?;
    let shipped = Shipped::of(&built)?;
    let markdown = render(&profile, shipped.wasm.len(), shipped.wasm_brotli);
    Ok(Weighed { shipped, markdown })
}

fn probe_header(plain: &Shipped, with_leptos: &Shipped) -> String {
    format!(
        "# The size probe: one page of comments, by hand and through Leptos\n\n\
         `crates/size-probe`: one page of comments parsed and built as DOM (Markdown through \
         the one renderer), the real stylesheet, no Leptos. Wasm {} B brotli and its JS glue \
         {} B brotli: {:.1} KB of the 120 KB budget.\n\n\
         The same page built through Leptos (`--features leptos`: a view per comment, a \
         signal for its score): wasm {} B and glue {} B brotli, {:.1} KB. Leptos adds \
         {:.1} KB to the same work.\n\n",
        plain.wasm_brotli,
        plain.glue_brotli,
        plain.kilobytes(),
        with_leptos.wasm_brotli,
        with_leptos.glue_brotli,
        with_leptos.kilobytes(),
        with_leptos.kilobytes() - plain.kilobytes(),
    )
}

/// One package's wasm as the release build makes it: with names kept (to read) if
/// asked for, as shipped, and wasm-bindgen's JS glue.
struct Built {
    named: Option<PathBuf>,
    shipped: PathBuf,
    glue: PathBuf,
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
        glue: out.join(format!("{artifact}.js")),
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
            first_crate("<tachys::html::element::HtmlElement<tachys::html::element::elements::Div, (readerbox::components::form::X,)> as tachys::view::Render>::build"),
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
            our_module("<tachys::view::Render for readerbox::components::form::__component_comment_form::{closure#3}>::build").as_deref(),
            Some("components::form")
        );
        assert_eq!(
            our_module("<readerbox::thread::Thread>::update").as_deref(),
            Some("thread")
        );
        assert_eq!(our_module("readerbox_api::validate::Limits::x"), None);
        assert_eq!(our_module("core::fmt::write"), None);
    }

    #[test]
    fn every_byte_is_counted_once() {
        let profile = Profile {
            functions: vec![
                ("readerbox::list::ListView::new".into(), 100),
                (
                    "<tachys::A<readerbox::components::form::F>>::build".into(),
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
            vec![("list".into(), 100), ("components::form".into(), 50)]
        );
    }
    #[test]
    fn the_parts_are_the_widgets_default_features() {
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml")).unwrap();
        let default = manifest
            .lines()
            .find_map(|line| line.strip_prefix("default = ["))
            .expect("the widget has default features");
        let mut default: Vec<&str> = default
            .trim_end_matches(']')
            .split(',')
            .map(|feature| feature.trim().trim_matches('"'))
            .collect();
        let mut parts: Vec<&str> = PARTS.iter().map(|(feature, _)| *feature).collect();
        default.sort_unstable();
        parts.sort_unstable();
        assert_eq!(default, parts);
    }

    #[test]
    fn each_part_is_left_out_once_and_all_at_the_end() {
        let builds = part_builds();
        assert_eq!(builds[0].role, Role::Whole);
        assert_eq!(builds[0].built_in.len(), PARTS.len());
        assert!(feature_args(&builds[0].built_in).is_empty());
        for (n, (feature, _)) in PARTS.iter().enumerate() {
            let build = &builds[n + 1];
            assert!(!build.built_in.contains(feature));
            assert_eq!(build.built_in.len(), PARTS.len() - 1);
            let nested = *feature == "comment-form";
            assert_eq!(build.role, Role::Without { nested });
        }
        assert_eq!(feature_args(&[]), ["--no-default-features"]);
        assert_eq!(
            feature_args(&["toolbar", "counts"]),
            ["--no-default-features", "--features", "toolbar,counts"]
        );
        let last = builds.last().unwrap();
        assert!(last.built_in.is_empty());
        assert_eq!(last.role, Role::Nothing);
    }

    #[test]
    fn what_the_parts_share_is_the_rest() {
        let row = |label: &str, kilobytes: f64, role: Role| {
            let build = PartBuild {
                label: label.into(),
                built_in: Vec::new(),
                role,
            };
            let shipped = Shipped {
                wasm: Vec::new(),
                wasm_brotli: (kilobytes * KB) as usize - 1024,
                glue_brotli: 1024,
            };
            (build, shipped)
        };
        let without = |nested| Role::Without { nested };
        let table = parts_table(&[
            row("whole", 100.0, Role::Whole),
            row("no area", 70.0, without(false)),
            row("no form", 90.0, without(true)),
            row("no toolbar", 80.0, without(false)),
            row("no badges", 99.0, without(false)),
            row("first module", 60.0, Role::Together),
            row("nothing", 5.0, Role::Nothing),
        ]);
        assert!(
            table.contains("| no area | 70656 | 1024 | 70.0 | 30.0 |"),
            "{table}"
        );
        // 100 - 5 - (30 + 20 + 1): the form's 10 are inside the area's 30.
        assert!(
            table.contains("The parts alone: 51.0 KB. Shared by two or more of them: 44.0 KB"),
            "{table}"
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
