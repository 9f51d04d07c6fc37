#!/bin/sh
# Trunk post_build hook: writes embed.js into the build with the content-hashed names of
# the widget's JS glue and wasm, so embed.js itself can keep a stable name.
set -eu
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
wasm=$(cd "$staging" && ls readerbox-*_bg.wasm | head -n 1)
glue="${wasm%_bg.wasm}.js"
[ -f "$staging/$glue" ] || { echo "stamp.sh: no $glue beside $wasm" >&2; exit 1; }
# Minifying embed.js and the glue is `cargo xtask build`'s (oxc, xtask/src/glue.rs).
sed -e "s/__READERBOX_GLUE__/$glue/" -e "s/__READERBOX_WASM__/$wasm/" \
  "$(dirname "$0")/embed.js" > "$staging/embed.js"
# With inject_scripts = false Trunk leaves its (inert) build marker in the page; drop it.
sed -i -e 's/<link data-trunk[^>]*rel=rust>//' -e 's/<link[^>]*data-trunk[^>]*>//' "$staging/index.html"
