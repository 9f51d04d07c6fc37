//! HTTP handlers of the public API under `/api/v1/`.

use crate::error::AppError;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use readerbox_api::uri::check_article_uri;
use readerbox_api::{
    Comment, CommentCounts, CommentList, ErrorCode, NewComment, Problem, ThreadQuery,
    MAX_COUNT_URIS,
};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// `axum::Json`, with rejections turned into our JSON error body.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query`, with rejections turned into our JSON error body.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// The peer address of the connection, used as the rate-limit key. Requests that come
/// without one (in-process tests) share one key.
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(Self(ip))
    }
}

pub async fn list_comments(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ThreadQuery>,
) -> Result<Json<CommentList>, AppError> {
    if check_article_uri(&query.uri).is_err() {
        return Err(AppError::new(
            ErrorCode::InvalidUri,
            Problem::InvalidUri,
            Some("uri"),
        ));
    }
    let comments = state.store.list_comments(&query.uri).await?;
    Ok(Json(CommentList {
        uri: query.uri,
        total: comments.len() as u64,
        comments,
    }))
}

/// `GET /api/v1/counts?uri=/a&uri=/b`: the `uri` parameter repeats, which serde's
/// query decoding can't express, so the raw query is read here.
pub async fn comment_counts(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<CommentCounts>, AppError> {
    let uris: Vec<String> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "uri")
        .map(|(_, value)| value.into_owned())
        .collect();
    if uris.is_empty() || uris.iter().any(|uri| check_article_uri(uri).is_err()) {
        return Err(AppError::new(
            ErrorCode::InvalidUri,
            Problem::InvalidUri,
            Some("uri"),
        ));
    }
    if uris.len() > MAX_COUNT_URIS {
        return Err(AppError::new(
            ErrorCode::InvalidUri,
            Problem::TooManyUris {
                max: MAX_COUNT_URIS,
            },
            Some("uri"),
        ));
    }
    let counts = state.store.count_comments(&uris).await?;
    Ok(Json(CommentCounts { counts }))
}

pub async fn post_comment(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(new): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), AppError> {
    state
        .write_limiter
        .check(client)
        .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
    let valid = new.validate(&state.limits, crate::error::lang())?;
    let comment = state.store.insert_comment(&valid).await?;
    tracing::info!(id = comment.id, uri = %valid.uri, "comment stored");
    Ok((StatusCode::CREATED, Json(comment)))
}

pub async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, Problem::NotFound, None)
}

pub async fn healthz() -> &'static str {
    "ok"
}
