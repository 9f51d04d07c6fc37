#!/bin/sh
# Trunk post_build hook: writes embed.js into the build with the content-hashed names of
# the widget's JS glue and wasm, so embed.js itself can keep a stable name.
set -eu
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
wasm=$(cd "$staging" && ls readerbox-*_bg.wasm | head -n 1)
glue="${wasm%_bg.wasm}.js"
[ -f "$staging/$glue" ] || { echo "stamp.sh: no $glue beside $wasm" >&2; exit 1; }
# Readers fetch embed.js with every article page: whole-line comments and indentation go
# (a quarter of its brotli size). Safe while it has no template literal, whose lines'
# indentation would be content; checked here.
original="$(dirname "$0")/embed.js"
if sed -e '/^[[:space:]]*\/\//d' "$original" | grep -q '`'; then
  echo "stamp.sh: embed.js has a template literal; its indentation can't be stripped" >&2
  exit 1
fi
sed -e "s/__READERBOX_GLUE__/$glue/" -e "s/__READERBOX_WASM__/$wasm/" \
  -e '/^[[:space:]]*\/\//d' -e 's/^[[:space:]]*//' "$original" > "$staging/embed.js"
# The JS glue: wasm-bindgen's doc and line comments and its indentation go too (0.7 KB
# of brotli; Trunk's own JS minifier can't parse the glue). Only whole comment lines
# are dropped, and only while no string or template literal can span lines (no line,
# outside comments, with an odd number of backticks or ending in a backslash); checked
# here. Its file name keeps the hash of what wasm-bindgen wrote.
strip_js_comments() {
  awk '
    in_doc { if ($0 ~ /\*\/[ \t]*$/) in_doc = 0; next }
    /^[ \t]*\/\*\*/ { if ($0 !~ /\*\/[ \t]*$/) in_doc = 1; next }
    /^[ \t]*\/\// { next }
    { print }
  ' "$1"
}
if strip_js_comments "$staging/$glue" | awk '/\\$/ || gsub(/`/, "`") % 2 { found = 1 } END { exit !found }'; then
  echo "stamp.sh: $glue has a template literal or a continued line; its indentation can't be stripped" >&2
  exit 1
fi
strip_js_comments "$staging/$glue" | sed -e 's/^[[:space:]]*//' > "$staging/$glue.stripped"
mv "$staging/$glue.stripped" "$staging/$glue"
# With inject_scripts = false Trunk leaves its (inert) build marker in the page; drop it.
sed -i -e 's/<link data-trunk[^>]*rel=rust>//' -e 's/<link[^>]*data-trunk[^>]*>//' "$staging/index.html"
