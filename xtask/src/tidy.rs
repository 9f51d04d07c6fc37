//! Tidy checks, run as tests: project rules that no compiler enforces.

#[cfg(test)]
mod tests {
    use crate::workspace_root;
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && name != "dist" && !name.to_string_lossy().starts_with('.') {
                    rust_files(&path, found);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }

    fn all_rust_files() -> Vec<PathBuf> {
        let root = workspace_root();
        let mut found = Vec::new();
        for dir in ["src", "crates", "xtask"] {
            rust_files(&root.join(dir), &mut found);
        }
        assert!(found.len() > 10, "tidy found too few files: {found:?}");
        found
    }

    fn read(path: impl AsRef<Path>) -> String {
        let path = workspace_root().join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    }

    #[test]
    fn every_module_starts_with_a_doc_comment() {
        let missing: Vec<_> = all_rust_files()
            .into_iter()
            .filter(|path| {
                !std::fs::read_to_string(path)
                    .unwrap()
                    .trim_start()
                    .starts_with("//!")
            })
            .collect();
        assert!(missing.is_empty(), "add a `//!` module doc to: {missing:?}");
    }

    /// An rlib beside the cdylib makes Cargo build the wasm without `lto = true`
    /// (rust-lang/cargo#9672): 23 KB more brotli for the widget, silently. The widget's
    /// library (the root package) is therefore an rlib only, linked by `crates/wasm`.
    #[test]
    fn wasm_crates_are_cdylib_only() {
        assert!(
            !read("Cargo.toml").contains("crate-type"),
            "Cargo.toml: the widget's library stays an rlib; crates/wasm is its cdylib"
        );
        for manifest in ["crates/wasm/Cargo.toml", "crates/admin/Cargo.toml"] {
            let source = read(manifest);
            let crate_types: Vec<_> = source
                .lines()
                .filter(|line| line.trim_start().starts_with("crate-type"))
                .collect();
            assert_eq!(
                crate_types,
                [r#"crate-type = ["cdylib"]"#],
                "{manifest}: a wasm crate is a cdylib only, or its release build loses LTO"
            );
        }
    }

    /// The vendored stand-ins are the crates in use: a `[patch.crates-io]` that stops
    /// matching (say, after Leptos asks for a newer wasm-streams) is only a warning from
    /// Cargo, and the widget would silently grow again (vendor/*/README.md).
    #[test]
    fn vendored_crates_are_the_ones_in_use() {
        let lock = read("Cargo.lock");
        for name in ["pulldown-cmark", "wasm-streams"] {
            let entries: Vec<&str> = lock
                .split("[[package]]")
                .filter(|entry| entry.contains(&format!("name = \"{name}\"\n")))
                .collect();
            assert_eq!(entries.len(), 1, "{name}: one version in Cargo.lock");
            assert!(
                !entries[0].contains("source = "),
                "{name} comes from a registry, not from vendor/{name}: update the copy"
            );
        }
    }

    /// Every text file of the repository (not build output, not vendored copies),
    /// relative to its root.
    fn repository_files() -> Vec<PathBuf> {
        fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() {
                    let skipped = [
                        "target",
                        "dist",
                        "vendor",
                        "node_modules",
                        "corpus",
                        "artifacts",
                    ];
                    if !skipped.contains(&name.as_str())
                        && (!name.starts_with('.') || name == ".ci" || name == ".cargo")
                    {
                        walk(root, &path, found);
                    }
                } else if std::fs::read_to_string(&path).is_ok() {
                    found.push(path.strip_prefix(root).unwrap().to_owned());
                }
            }
        }
        let root = workspace_root();
        let mut found = Vec::new();
        walk(&root, &root, &mut found);
        found
    }

    /// For each top-level module under `src` (a file or a folder), the other top-level
    /// modules it names as `crate::other`.
    fn module_uses(
        src: &Path,
    ) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        let mut uses: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for entry in std::fs::read_dir(src).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if name == "lib" || name == "main" {
                continue;
            }
            let mut files = Vec::new();
            if path.is_dir() {
                rust_files(&path, &mut files);
            } else {
                files.push(path.clone());
            }
            let used = uses.entry(name.clone()).or_default();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap();
                for (at, _) in text.match_indices("crate::") {
                    let rest = &text[at + "crate::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                        .collect();
                    if !module.is_empty() && module != name {
                        used.insert(module);
                    }
                }
            }
        }
        uses
    }

    /// The widget's rooms (comments, toolbar, counts) stand apart: each uses only the
    /// shared view pieces (`ui`) and the core (`shared`); `ui` uses only the core, and
    /// the core no room.
    #[test]
    fn the_widgets_rooms_use_only_ui_and_shared() {
        let uses = module_uses(&workspace_root().join("src"));
        for (module, used) in &uses {
            let allowed: &[&str] = match module.as_str() {
                "shared" => &[],
                "ui" => &["shared"],
                _ => &["ui", "shared"],
            };
            let wrong: Vec<_> = used
                .iter()
                .filter(|other| !allowed.contains(&other.as_str()))
                .collect();
            assert!(wrong.is_empty(), "src/{module} uses {wrong:?}");
        }
        assert!(uses.contains_key("comments") && uses.contains_key("toolbar"));
    }

    /// The comment area's model (`comments/thread.rs`) names no view code: it tells a
    /// `ThreadView` what changed, and the list (`comments/list.rs`) is one.
    #[test]
    fn the_comment_areas_model_names_no_view_code() {
        let model = read("src/comments/thread.rs");
        for view_code in [
            "ListView",
            "view!",
            "#[component]",
            "web_sys::",
            "leptos::html",
        ] {
            assert!(
                !model.contains(view_code),
                "src/comments/thread.rs names {view_code}"
            );
        }
    }

    /// The server's modules depend on each other one way only: a module that uses
    /// another (`crate::other::…`) is never used by it, directly or around a cycle.
    #[test]
    fn the_servers_modules_have_no_cycles() {
        use std::collections::BTreeSet;
        let uses = module_uses(&workspace_root().join("crates/server/src"));
        // A module is in a cycle if it can reach itself.
        let mut cycles = Vec::new();
        for start in uses.keys() {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&String> = uses[start].iter().collect();
            while let Some(next) = todo.pop() {
                if next == start {
                    cycles.push(start.clone());
                    break;
                }
                if seen.insert(next.clone()) {
                    todo.extend(uses.get(next).into_iter().flatten());
                }
            }
        }
        assert!(
            cycles.is_empty(),
            "modules in a cycle: {cycles:?} ({uses:?})"
        );
    }

    /// A module is where its file is: no `#[path]` includes of files from elsewhere.
    #[test]
    fn no_path_includes() {
        let attribute = ["#[", "path"].concat();
        let found: Vec<_> = repository_files()
            .into_iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .filter(|path| {
                read(path)
                    .lines()
                    .any(|line| line.trim_start().starts_with(&attribute))
            })
            .collect();
        assert!(found.is_empty(), "#[path] includes in {found:?}");
    }

    /// The product builds on stable Rust: the switch that lets stable accept unstable
    /// flags is only for the fuzz step (cargo-fuzz needs `-Zsanitizer`), in its module
    /// and where the docs describe that step.
    #[test]
    fn no_rustc_bootstrap_outside_the_fuzz_step() {
        let switch = ["RUSTC", "BOOTSTRAP"].join("_");
        let mut found = Vec::new();
        for path in repository_files() {
            let text = read(&path);
            for (number, line) in text.lines().enumerate() {
                if line.contains(&switch) && path != Path::new("xtask/src/fuzz.rs") {
                    found.push(format!("{}:{}", path.display(), number + 1));
                }
            }
        }
        assert!(
            found.is_empty(),
            "{switch} outside the fuzz step: {found:?}"
        );
    }

    /// The repository stands on its own: nothing in it points at files beside it (the
    /// workplace's shared notes) or at the tracker's issue numbers.
    #[test]
    fn the_repository_stands_on_its_own() {
        let outside = [
            ["..", "shared"].join("/"),
            ["TOOLCHAIN", "md"].join("."),
            ["issue", " #"].concat(),
            ["Issue", " #"].concat(),
            ["closes", " #"].concat(),
        ];
        let mut found = Vec::new();
        for path in repository_files() {
            for (number, line) in read(&path).lines().enumerate() {
                if let Some(reference) = outside.iter().find(|r| line.contains(r.as_str())) {
                    found.push(format!("{}:{} ({reference})", path.display(), number + 1));
                }
            }
        }
        assert!(
            found.is_empty(),
            "references outside the repository: {found:?}"
        );
    }

    #[test]
    fn wasm_bindgen_pins_agree() {
        let locked =
            crate::tools::locked_wasm_bindgen_version(&workspace_root().join("Cargo.lock"))
                .unwrap();
        assert!(
            read("Cargo.toml").contains(&format!("wasm-bindgen = \"={locked}\"")),
            "Cargo.toml pins {locked} exactly"
        );
        assert!(
            read("Trunk.toml").contains(&format!("wasm_bindgen = \"{locked}\"")),
            "Trunk.toml pins {locked}"
        );
        for trunk_toml in ["Trunk.toml", "admin/Trunk.toml"] {
            assert!(
                read(trunk_toml).contains(&format!(
                    "wasm_opt = \"version_{}\"",
                    crate::tools::WASM_OPT_BINARYEN_VERSION
                )),
                "{trunk_toml} pins the wasm-opt that xtask installs"
            );
            assert!(
                read(trunk_toml).contains(&format!("wasm_bindgen = \"{locked}\"")),
                "{trunk_toml} pins {locked}"
            );
        }
    }

    #[test]
    fn widget_never_writes_html_strings_into_the_dom() {
        let root = workspace_root();
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        rust_files(&root.join("crates/admin/src"), &mut files);
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            for sink in [
                "inner_html",
                "innerHTML",
                "outer_html",
                "insert_adjacent_html",
                "document.write",
            ] {
                assert!(
                    !source.contains(sink),
                    "{} uses {sink}: untrusted text may reach the DOM only through the Markdown renderer",
                    path.display()
                );
            }
        }
    }

    /// embed.js parses one kind of HTML: the server's first screen (comment text in it
    /// already through the Markdown renderer), into an inert `<template>`, where nothing
    /// runs or loads; it then moves those nodes, never a string, into the page.
    #[test]
    fn embed_js_parses_html_only_into_an_inert_template() {
        let source = std::fs::read_to_string(workspace_root().join("embed/embed.js")).unwrap();
        assert_eq!(
            source.matches("innerHTML").count(),
            1,
            "one innerHTML in embed.js"
        );
        assert!(
            source.contains(
                "var outer = document.createElement(\"template\");\n    outer.innerHTML = html;"
            ),
            "embed.js's innerHTML goes into a fresh <template> only"
        );
        for sink in [
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "setHTMLUnsafe",
            "eval(",
        ] {
            assert!(!source.contains(sink), "embed.js uses {sink}");
        }
    }

    #[test]
    fn comment_text_becomes_markup_only_in_the_markdown_view() {
        let root = workspace_root();
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            let is_markdown_view = path.ends_with("src/ui/markdown_dom.rs");
            assert_eq!(
                source.contains("readerbox_markdown::{render")
                    || source.contains("readerbox_markdown::render"),
                is_markdown_view,
                "{}: only markdown_dom.rs renders Markdown",
                path.display()
            );
        }
        // The renderer builds a closed tree; it never hands raw HTML through.
        let renderer = read("crates/markdown/src/lib.rs");
        assert!(
            !renderer.contains("pulldown_cmark::html"),
            "the renderer must not use pulldown-cmark's HTML writer (it passes raw HTML)"
        );
    }

    #[test]
    fn no_deprecated_leptos_constructors() {
        // This file names them to find them.
        for path in all_rust_files()
            .into_iter()
            .filter(|path| !path.ends_with("xtask/src/tidy.rs"))
        {
            let source = std::fs::read_to_string(&path).unwrap();
            for old in [
                "create_signal(",
                "create_rw_signal(",
                "create_effect(",
                "create_memo(",
                "create_resource(",
                "create_action(",
            ] {
                assert!(
                    !source.contains(old),
                    "{} uses the deprecated {old}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn readme_quick_start_and_ci_run_the_same_commands() {
        let readme = read("README.md");
        assert!(
            readme.contains("cargo xtask demo"),
            "README names the demo command"
        );
        assert!(
            readme.contains("cargo xtask test"),
            "README names the test command"
        );
        let ci = read(".ci/run");
        assert!(
            ci.contains("cargo xtask test"),
            ".ci/run runs the README's test command"
        );
    }

    #[test]
    fn every_sqlite_migration_has_a_postgres_twin() {
        let names = |dir: &str| -> Vec<String> {
            let mut names: Vec<String> =
                std::fs::read_dir(workspace_root().join("crates/server/migrations").join(dir))
                    .unwrap()
                    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
            names.sort();
            names
        };
        let sqlite = names("sqlite");
        assert!(sqlite.len() >= 8, "{sqlite:?}");
        assert_eq!(
            sqlite,
            names("postgres"),
            "same numbers and names on both backends"
        );
    }
}
