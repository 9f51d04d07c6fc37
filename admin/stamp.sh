#!/bin/sh
# Trunk post_build hook for the editors' UI: writes boot.js with this build's hashed names.
set -eu
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
wasm=$(cd "$staging" && ls readerbox-admin-*_bg.wasm | head -n 1)
glue="${wasm%_bg.wasm}.js"
[ -f "$staging/$glue" ] || { echo "stamp.sh: no $glue beside $wasm" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
sed -e "s/__ADMIN_GLUE__/$glue/" -e "s/__ADMIN_WASM__/$wasm/" "$here/boot.js" > "$staging/boot.js"
sed -i -e 's/<link[^>]*data-trunk[^>]*>//' "$staging/index.html"
