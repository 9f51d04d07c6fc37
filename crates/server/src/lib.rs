//! readerbox server: the comment API over SQLite, plus static serving of the built
//! widget and demo page.
//!
//! Entry points: [`AppState::from_config`] opens the database; [`app`] builds the whole
//! router (tests call it in-process with `oneshot`); [`serve`] runs it on a listener
//! (the binary and socket-level tests).
//!
//! Modules: `config` (flags/env), `store` (all SQL), `http` (handlers, one module per
//! feature), `error` (the one `AppError`), `rate_limit` (per-client write limits),
//! `spam` (proof of work and the other checks), `notify` (mail), `secrets`, `import`,
//! `proxies` (the client and the public origin behind trusted reverse proxies).

pub mod bundle;
pub mod config;
pub mod database;
pub mod error;
pub mod http;
pub mod import;
pub mod metrics;
pub mod notify;
pub mod page_cache;
pub mod proxies;
pub mod rate_limit;
pub mod secrets;
pub mod spam;
pub mod store;
pub mod testing;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use database::DatabaseLocation;
use http::{admin, assets, comments, embed, reports};
use rate_limit::RateLimiter;
use readerbox_api::Limits;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted, in bytes: ample for the longest allowed comment.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything a request handler may need. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub limits: Limits,
    pub write_limiter: Arc<RateLimiter>,
    pub vote_limiter: Arc<RateLimiter>,
    /// Corrections and letters.
    pub report_limiter: Arc<RateLimiter>,
    /// Opens the editors' API (`Authorization: Bearer …`); closed when `None`.
    pub admin_token: Option<Arc<str>>,
    /// Editors who may log in to /admin/.
    pub admin_accounts: Arc<[admin::Account]>,
    pub mailer: notify::Mailer,
    /// Which new comments wait for the editors.
    pub moderation: config::ModerationMode,
    pub spam: spam::SpamRules,
    pub allowed_origins: Arc<[HeaderValue]>,
    /// `Cache-Control` of comment pages and first screens: browsers revalidate them on
    /// every use (a 304 while unchanged), shared caches (a CDN) may keep them a while.
    pub shared_cache: HeaderValue,
    /// Requests, comments, queue and pool, for /metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Opens /metrics on the main address; closed when `None`.
    pub metrics_token: Option<Arc<str>>,
    /// Whose forwarding headers name the client and the public origin.
    pub proxies: Arc<proxies::TrustedProxies>,
    /// Trunk's output: the widget under /readerbox/, the demo page at /.
    pub static_dir: PathBuf,
    /// Comment pages as sent, while their article is unchanged.
    pub pages: Arc<page_cache::PageCache>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("--allowed-origins: {0:?} is not an origin like https://www.example.org")]
    BadOrigin(String),
    #[error("--trusted-proxies: {0:?} is not an address or CIDR like 10.0.0.0/8")]
    BadProxy(String),
    #[error("--admin-user: {0:?} is not name:argon2-hash (see --hash-password)")]
    BadAccount(String),
    #[error("{0}")]
    Mail(String),
    #[error("cannot open database {location}: {source}")]
    Database {
        location: DatabaseLocation,
        source: sqlx::Error,
    },
}

impl AppState {
    pub async fn from_config(config: &Config) -> Result<Self, StartError> {
        let allowed_origins = config
            .allowed_origins
            .iter()
            .map(|origin| parse_origin(origin).ok_or_else(|| StartError::BadOrigin(origin.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let proxies = proxies::TrustedProxies::parse(&config.trusted_proxies)
            .map_err(StartError::BadProxy)?;
        let admin_accounts = config
            .admin_users
            .iter()
            .filter(|entry| !entry.trim().is_empty())
            .map(|entry| {
                admin::Account::parse(entry).ok_or_else(|| {
                    StartError::BadAccount(entry.split(':').next().unwrap_or("").to_owned())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let store = Store::open(&config.database)
            .await
            .map_err(|source| StartError::Database {
                location: config.database.clone(),
                source,
            })?;
        Ok(Self {
            store,
            limits: config.limits(),
            write_limiter: Arc::new(RateLimiter::per_minute("writes", config.writes_per_minute)),
            vote_limiter: Arc::new(RateLimiter::per_minute("votes", config.votes_per_minute)),
            report_limiter: Arc::new(RateLimiter::per_minute(
                "reports",
                config.reports_per_minute,
            )),
            admin_accounts: admin_accounts.into(),
            mailer: notify::Mailer::from_config(config).map_err(StartError::Mail)?,
            admin_token: config
                .admin_token
                .as_deref()
                .map(str::trim)
                .filter(|token| !token.is_empty())
                .map(Arc::from),
            moderation: config.moderation,
            spam: config.spam_rules(),
            allowed_origins: allowed_origins.into(),
            proxies: Arc::new(proxies),
            shared_cache: config.shared_cache_control(),
            metrics: Arc::default(),
            metrics_token: config
                .metrics_token
                .as_deref()
                .map(str::trim)
                .filter(|token| !token.is_empty())
                .map(Arc::from),
            static_dir: config
                .static_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("dist")),
            pages: Arc::default(),
        })
    }
}

/// `scheme://host[:port]`, nothing after it.
fn parse_origin(origin: &str) -> Option<HeaderValue> {
    let origin = origin.trim();
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        return None;
    }
    HeaderValue::from_str(origin).ok()
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/comments",
            get(comments::list_comments).post(comments::post_comment),
        )
        .route(
            "/comments/{id}",
            axum::routing::put(comments::edit_comment).delete(comments::delete_comment),
        )
        .route("/comments/{id}/vote", post(comments::vote))
        .route("/counts", get(comments::comment_counts))
        .route("/limits", get(reports::limits))
        .route("/challenge", get(spam::challenge))
        .route("/openapi.json", get(openapi))
        .route("/notifications/confirm", get(notify::confirm))
        .route(
            "/notifications/unsubscribe",
            get(notify::unsubscribe).post(notify::unsubscribe),
        )
        .route("/corrections", post(reports::post_correction))
        .route("/letters", post(reports::post_letter))
        .route("/admin/corrections", get(reports::list_corrections))
        .route(
            "/admin/corrections/{id}",
            axum::routing::patch(reports::change_correction),
        )
        .route("/admin/letters", get(reports::list_letters))
        .route(
            "/admin/letters/{id}",
            axum::routing::patch(reports::change_letter),
        )
        .route("/admin/login", post(admin::login))
        .route("/admin/logout", post(admin::logout))
        .route("/admin/me", get(admin::me))
        .route("/admin/comments", get(reports::admin_comments))
        .route("/admin/comments/moderate", post(reports::moderate))
        .route(
            "/admin/threads",
            get(reports::threads).put(reports::set_thread),
        )
        .fallback(comments::not_found)
        // JSON answers compressed when the reader accepts it (comment pages are
        // compressed ahead, in the page cache, and pass through as they are).
        .layer(CompressionLayer::new());

    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(state.allowed_origins.iter().cloned()))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(Duration::from_secs(3600));

    Router::new()
        .nest(readerbox_api::API_PREFIX, api)
        .route("/healthz", get(comments::healthz))
        .route("/metrics", get(metrics::behind_token))
        .route("/embed/comments", get(embed::comments))
        .route("/embed/toolbar", get(embed::toolbar))
        .merge(embed::files())
        .merge(assets::routes(&state.static_dir))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .layer(axum::middleware::from_fn(error::refusals_as_json))
        .layer(axum::middleware::from_fn(error::refuse_large_bodies))
        .layer(axum::middleware::from_fn(error::negotiate_lang))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Answers are never to be sniffed into something else, nor framed.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(cors)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The OpenAPI document of the public and editors' API (a test checks it against the
/// router).
pub const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// Serves [`app`] on `listener` until `shutdown` resolves; in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

#[cfg(test)]
mod tests {
    use super::parse_origin;

    #[test]
    fn origins_are_scheme_host_port_only() {
        assert!(parse_origin("https://www.example.org").is_some());
        assert!(parse_origin("http://127.0.0.1:8081").is_some());
        for bad in [
            "www.example.org",
            "https://",
            "https://a.org/",
            "ftp://a.org",
            "https://a.org/x",
        ] {
            assert!(parse_origin(bad).is_none(), "{bad}");
        }
    }
}
