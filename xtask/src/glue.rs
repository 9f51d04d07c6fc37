//! The JS of a release build, minified: wasm-bindgen's glue and `embed.js`.
//!
//! wasm-bindgen writes its glue (`<name>.js` beside `<name>_bg.wasm`) for reading:
//! long local names, whitespace, an imports object of ~290 functions. Trunk's own JS
//! minifier can't parse it, so `embed/stamp.sh` only drops its comments and indentation.
//! [`minify`] runs oxc's minifier over it as over any ES module (local names shortened,
//! whitespace and dead code gone; the module's exports keep their names): 37 → 17 KB,
//! 5.0 → 3.8 KB with brotli (the widget's size budget). It runs after `names` (which needs
//! the imports object's keys as wasm-bindgen wrote them) and refuses a glue that doesn't
//! parse, or whose minified form doesn't, changing nothing.
//!
//! `embed.js`, the script every article page loads, is minified the same way as a
//! classic script ([`minify_script`]): 5.7 → 3.9 KB, 1.7 → 1.3 KB with brotli. oxc
//! drops top-level declarations nothing in the script uses, which in a classic script
//! are globals other scripts may use; so only a script whose top level is expressions
//! alone (`embed.js` is one function called at once) is taken, and any other refused.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::path::Path;

/// `module` (an ES module's source) minified.
pub fn minify(module: &str) -> Result<String, String> {
    minify_as(module, SourceType::mjs())
}

/// `script` (a classic script's source, with nothing but expressions at its top level:
/// no global declarations) minified.
pub fn minify_script(script: &str) -> Result<String, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, script, SourceType::cjs()).parse();
    let only_expressions = parsed
        .program
        .body
        .iter()
        .all(|statement| matches!(statement, oxc_ast::ast::Statement::ExpressionStatement(_)));
    if !only_expressions {
        return Err(
            "glue: a script with declarations at its top level (globals) is not minified; \
             wrap it in a function called at once"
                .into(),
        );
    }
    minify_as(script, SourceType::cjs())
}

fn minify_as(source: &str, source_type: SourceType) -> Result<String, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, source_type).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return Err(format!(
            "glue: the JS does not parse: {:?}",
            parsed.diagnostics.first()
        ));
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    let check = Allocator::default();
    let reparsed = Parser::new(&check, &code, source_type).parse();
    if reparsed.panicked || !reparsed.diagnostics.is_empty() {
        return Err("glue: the minified JS does not parse".into());
    }
    Ok(code)
}

/// `embed.js` in `dir` minified in place (see [`minify_script`]), if there is one.
pub fn minify_embed(dir: &Path) -> Result<bool, String> {
    let path = dir.join("embed.js");
    if !path.exists() {
        return Ok(false);
    }
    let io = |err: std::io::Error| format!("{}: {err}", path.display());
    let source = std::fs::read_to_string(&path).map_err(io)?;
    std::fs::write(&path, minify_script(&source)?).map_err(io)?;
    Ok(true)
}

/// Every wasm-bindgen glue under `dir` (a `.js` beside a `_bg.wasm` of the same name),
/// minified in place; how many.
pub fn minify_dir(dir: &Path) -> Result<usize, String> {
    let mut count = 0;
    for path in crate::files_under(dir)? {
        let Some(glue) = crate::names::glue_of(&path) else {
            continue;
        };
        let io = |err: std::io::Error| format!("{}: {err}", glue.display());
        let source = std::fs::read_to_string(&glue).map_err(io)?;
        std::fs::write(&glue, minify(&source)?).map_err(io)?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_shrink_and_exports_keep_their_names() {
        let module = "let wasm;\n\
            function passStringToWasm0(argument, malloc) {\n    return malloc(argument.length);\n}\n\
            export function mountComments(host) {\n    return passStringToWasm0(host, wasm.$a);\n}\n\
            function __wbg_init(module) { wasm = module; }\n\
            export { __wbg_init as default };\n";
        let minified = minify(module).unwrap();
        assert!(minified.len() * 3 < module.len() * 2, "{minified}");
        assert!(
            minified.contains("export function mountComments("),
            "{minified}"
        );
        assert!(minified.contains("as default"), "{minified}");
        assert!(minified.contains(".$a"), "{minified}");
        assert!(!minified.contains("passStringToWasm0"), "{minified}");
    }

    #[test]
    fn a_script_is_minified_inside_its_function_and_refused_with_globals() {
        let script = "/* comment */\n(function () {\n  \"use strict\";\n  \
            var hostsNearTheViewport = document.querySelectorAll(\"[data-x]\");\n  \
            window.readerboxHosts = hostsNearTheViewport.length;\n})();\n";
        let minified = minify_script(script).unwrap();
        assert!(minified.len() < script.len(), "{minified}");
        assert!(minified.contains("window.readerboxHosts="), "{minified}");
        assert!(!minified.contains("hostsNearTheViewport"), "{minified}");
        for global in [
            "var readerboxLoaded = true;",
            "function mountEverything() {}",
            "let x = 1;",
        ] {
            assert!(
                minify_script(&format!("{global}\n{script}")).is_err(),
                "{global}"
            );
        }
    }

    #[test]
    fn a_glue_that_does_not_parse_is_refused() {
        assert!(minify("export function (").is_err());
    }
}
