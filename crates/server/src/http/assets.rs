//! Static files: the built widget under `/readerbox/`, the editors' UI under `/admin/`
//! (with strict security headers), the demo article page at `/` and the demo list page
//! at `/lokales.html`.
//!
//! Widget files are public and loaded by pages on other origins (module scripts and wasm
//! are fetched in CORS mode), so they carry `Access-Control-Allow-Origin: *`. Content-hashed
//! names never change meaning and are cached for a year; `embed.js` for five minutes
//! (it may block the page's first paint); everything else is revalidated on each use.
//!
//! Files go out compressed: a `.br` or `.gz` beside a file (written by `cargo xtask` after
//! each release build, brotli at its best quality) is sent as is to browsers that accept
//! it; without one, the answer is compressed on the fly.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// Where the widget's files are served.
pub const ASSETS_PREFIX: &str = "/readerbox";

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";
/// embed.js: may be included without `defer` in <head> (for the font size before the first
/// paint), so it must not cost a round trip on every page view; a deploy reaches readers
/// within five minutes.
pub const SHORT: &str = "public, max-age=300, stale-while-revalidate=86400";

/// Routes for the folder Trunk built: its files under [`ASSETS_PREFIX`], its
/// `index.html` (the demo article page) also at `/`.
pub fn routes<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    let widget = Router::new()
        .fallback_service(precompressed(ServeDir::new(dist)))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(widget_headers))
        .layer(middleware::from_fn(not_the_editors_ui));
    let admin_dir = dist.join("admin");
    let admin_files = Router::new()
        .fallback_service(precompressed(ServeDir::new(&admin_dir)))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(admin_headers));
    let admin_page = Router::new()
        .route_service("/admin/", ServeFile::new(admin_dir.join("index.html")))
        .route(
            "/admin",
            axum::routing::get(|| async { axum::response::Redirect::permanent("/admin/") }),
        )
        .layer(middleware::from_fn(admin_headers));
    Router::new()
        .nest(ASSETS_PREFIX, widget)
        .nest("/admin", admin_files)
        .merge(admin_page)
        .route_service("/", ServeFile::new(dist.join("index.html")))
        .route_service("/lokales.html", ServeFile::new(dist.join("lokales.html")))
}

fn precompressed(dir: ServeDir) -> ServeDir {
    dir.precompressed_br().precompressed_gzip()
}

/// The editors' pages: a strict CSP (no inline script or style, no framing, no other
/// origins), not cached, not indexed, no referrer.
pub const ADMIN_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'; object-src 'none'";

async fn admin_headers(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, ADMIN_CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (HeaderName::from_static("x-robots-tag"), "noindex"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed { IMMUTABLE } else { "no-store" }),
    );
    response
}

/// The editors' UI is built into `dist/admin/`, inside the widget's folder; it is served
/// only at `/admin/`, with its headers (no framing, its CSP), never as a widget file
/// (any origin, framable): a page framing it there could act as the logged-in editor.
async fn not_the_editors_ui(request: Request, next: Next) -> Response {
    if first_segment(request.uri().path()).as_deref() == Some("admin") {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

/// The first folder of a path as the file server reads it: percent-decoded, empty and
/// `.` segments skipped (`/%61dmin/`, `//admin/` and `/./admin/` all name `admin`).
fn first_segment(path: &str) -> Option<String> {
    path.split('/')
        .map(|segment| percent_encoding::percent_decode_str(segment).decode_utf8_lossy())
        .find(|segment| !segment.is_empty() && segment != ".")
        .map(|segment| segment.into_owned())
}

async fn widget_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let cache = if is_content_hashed(path) {
        IMMUTABLE
    } else if path == "/embed.js" {
        SHORT
    } else {
        REVALIDATE
    };
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // Lets pages (and their monitoring) see transfer sizes and timings of our files.
        headers.insert(
            HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        );
    }
    response
}

/// Trunk names built files `name-<16 hex digits>[_bg].ext`.
pub fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_content_hashed("/readerbox-b6bb4a5a88b87c1e.js"));
        assert!(is_content_hashed("/readerbox-b6bb4a5a88b87c1e_bg.wasm"));
        assert!(is_content_hashed("/demo-site-74477c8dc2e6c62c.css"));
        assert!(!is_content_hashed("/embed.js"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/my-page.html"));
    }
}
