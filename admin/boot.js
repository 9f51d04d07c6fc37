// Starts the editors' UI: loads the content-hashed glue and wasm (names stamped in at
// build time by stamp.sh). No inline script: the admin pages run under a strict CSP.
import init from "./__ADMIN_GLUE__";
init({ module_or_path: new URL("./__ADMIN_WASM__", import.meta.url) });
