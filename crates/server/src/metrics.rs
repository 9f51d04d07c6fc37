//! What the server has been doing, for Prometheus: requests by route, method and status
//! (429s are the rate-limited ones), their latency, comments posted by the status they
//! got, and at each scrape the moderation queue's length and the database pool.
//!
//! Recorded always (a few atomic adds per request), shown only when asked for:
//! `/metrics` on the main address behind `--metrics-token`, or on an address of its own
//! (`--metrics-bind`, no token: keep it on loopback or an internal network). Routes are
//! the router's patterns (`/api/v1/comments/{id}`), never the paths readers asked for, so
//! the label set stays small and carries no reader's input.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// One server's figures (each [`AppState`] has its own registry).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    comments_posted: Family<StatusLabels, Counter>,
    moderation_queue: Gauge,
    pool: Family<PoolLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("readerbox");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route pattern, method and status (429: rate limited)",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response head, by route pattern",
            latency.clone(),
        );
        let comments_posted = Family::<StatusLabels, Counter>::default();
        registry.register(
            "comments_posted",
            "Comments posted, by the status they got (published, pending, spam)",
            comments_posted.clone(),
        );
        let moderation_queue = Gauge::default();
        registry.register(
            "moderation_queue",
            "Comments waiting for the editors",
            moderation_queue.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "database_connections",
            "Database pool connections, idle or in use",
            pool.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            comments_posted,
            moderation_queue,
            pool,
        }
    }
}

impl Metrics {
    /// A comment was stored with `status` (`published`, `pending`, `spam`).
    pub fn comment_posted(&self, status: &str) {
        self.comments_posted
            .get_or_create(&StatusLabels {
                status: status.to_owned(),
            })
            .inc();
    }

    /// The text format, with the figures read at this moment added.
    async fn render(&self, state: &AppState) -> String {
        if let Ok(pending) = state.store.count_pending().await {
            self.moderation_queue.set(pending);
        }
        let (size, idle) = state.store.pool_connections();
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        self.pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(idle);
        self.pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(i64::from(size) - idle);
        let mut text = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// Middleware: counts and times every request by its route pattern.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || "(files and unknown)".to_owned(),
        |path| path.as_str().to_owned(),
    );
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let metrics = &state.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `GET /metrics` on the main address: only with `Authorization: Bearer <metrics token>`;
/// without a token configured it does not exist.
pub async fn behind_token(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(token) = state.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::secrets::constant_time_eq(token.as_bytes(), given.as_bytes()) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    open(State(state)).await
}

/// `GET /metrics` on the metrics address (`--metrics-bind`): no token.
pub async fn open(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(&state).await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}

/// The router for `--metrics-bind`: `/metrics` and nothing else.
pub fn own_address_app(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(open))
        .with_state(state)
}
