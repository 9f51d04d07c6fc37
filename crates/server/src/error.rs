//! One error type for the HTTP layer. Every handler returns `Result<_, AppError>`, and
//! every failure leaves the server as the JSON body defined in `readerbox_api::error`,
//! with its message in the reader's language (see [`lang`]).
//!
//! Internal errors are logged in full and answered with a generic message: database
//! errors can contain user data and are never sent to the client.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt;
use readerbox_api::{ApiError, ErrorCode, Lang, Problem};

tokio::task_local! {
    static REQUEST_LANG: Lang;
}

/// The language of the request being handled (from `Accept-Language`); German outside
/// a request.
pub fn lang() -> Lang {
    REQUEST_LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// Middleware: handles the request with its negotiated language in scope, so that every
/// error built while handling it, extractor rejections included, speaks that language.
pub async fn negotiate_lang(request: Request, next: Next) -> Response {
    let lang = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default();
    REQUEST_LANG.scope(lang, next.run(request)).await
}

/// Middleware: every 4xx leaves as the JSON error, also those answered before any
/// handler of ours ran (a method a route doesn't take, a static file that isn't there,
/// a body over the limit): its headers (`Allow`, `Retry-After`) stay. The pages people
/// open from a mail (an expired confirmation link) stay the HTML pages they are.
pub async fn refusals_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let written_for_people_or_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.starts_with("application/json") || value.starts_with("text/html")
        });
    if !status.is_client_error() || written_for_people_or_json {
        return response;
    }
    let (code, problem) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, Problem::NotFound),
        StatusCode::METHOD_NOT_ALLOWED => (ErrorCode::MethodNotAllowed, Problem::MethodNotAllowed),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::TooLarge, too_large()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (ErrorCode::InvalidJson, Problem::NotJson),
        StatusCode::UNAUTHORIZED => (ErrorCode::Unauthorized, Problem::Unauthorized),
        _ => (ErrorCode::Refused, Problem::Refused),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    let json = Json(ApiError::new(code, problem.message(lang()), None)).into_response();
    let (json_parts, body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, body)
}

fn too_large() -> Problem {
    Problem::TooLarge {
        max_kib: crate::MAX_BODY_BYTES / 1024,
    }
}

/// The most of an over-long body read (and dropped) to answer 413: a client that sends
/// its body before reading the answer then reads the 413, not a reset connection.
const DRAIN_BYTES: usize = 16 * 1024 * 1024;

/// Middleware: a body larger than [`crate::MAX_BODY_BYTES`] is refused with a 413 on
/// every route, whether or not its handler would read it: at once when its
/// `Content-Length` says so, else (a chunked body) once that many bytes have come.
pub async fn refuse_large_bodies(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    match declared {
        Some(length) if length > crate::MAX_BODY_BYTES as u64 => {
            drain(request.into_body(), 0).await;
            return too_large_response();
        }
        None if chunked => {}
        _ => return next.run(request).await,
    }
    // Chunked: read up to the limit here, so that an over-long body is answered (and
    // read on, up to DRAIN_BYTES) instead of cut off mid-stream by the handler.
    let (parts, mut body) = request.into_parts();
    let mut kept = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return too_large_response();
        };
        if let Ok(data) = frame.into_data() {
            kept.extend_from_slice(&data);
            if kept.len() > crate::MAX_BODY_BYTES {
                drain(body, kept.len()).await;
                return too_large_response();
            }
        }
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(kept)))
        .await
}

/// Reads and drops what is left of `body` (up to [`DRAIN_BYTES`] in all, `read` already
/// read, within ten seconds).
async fn drain(body: axum::body::Body, read: usize) {
    let left = DRAIN_BYTES.saturating_sub(read);
    let drained = axum::body::to_bytes(body, left);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), drained).await;
}

fn too_large_response() -> Response {
    let body = ApiError::new(ErrorCode::TooLarge, too_large().message(lang()), None);
    let mut response = (StatusCode::PAYLOAD_TOO_LARGE, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The client sent something we refuse; answered as 4xx with the body as is.
    #[error("{0}")]
    BadRequest(ApiError),
    /// A request axum's extractors refused, with their status (400, 413, 415, 422).
    #[error("{1}")]
    Rejected(StatusCode, ApiError),
    #[error("rate limited, retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl From<crate::store::StoreError> for AppError {
    fn from(err: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match err {
            StoreError::ParentNotFound => Self::new(
                ErrorCode::InvalidParent,
                Problem::ParentNotFound,
                Some("parent_id"),
            ),
            StoreError::NotFound => {
                Self::new(ErrorCode::CommentNotFound, Problem::CommentNotFound, None)
            }
            StoreError::Database(err) => Self::Database(err),
        }
    }
}

impl AppError {
    pub fn new(code: ErrorCode, problem: Problem, field: Option<&str>) -> Self {
        Self::BadRequest(ApiError::new(code, problem.message(lang()), field))
    }

    /// A body that isn't sent as `application/json` (415).
    pub fn not_json() -> Self {
        Self::Rejected(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::new(
                ErrorCode::InvalidJson,
                Problem::NotJson.message(lang()),
                None,
            ),
        )
    }
}

impl From<ApiError> for AppError {
    fn from(err: ApiError) -> Self {
        Self::BadRequest(err)
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let (code, problem, field) = match &rejection {
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
                (ErrorCode::TooLarge, too_large(), None)
            }
            JsonRejection::MissingJsonContentType(_) => {
                (ErrorCode::InvalidJson, Problem::NotJson, None)
            }
            // serde_json calls some wrong values (a number for an enum) syntax errors;
            // where its message still names a field, say which.
            JsonRejection::JsonSyntaxError(err) => {
                let detail = err.body_text();
                let message = detail
                    .strip_prefix(SYNTAX_PREFIX)
                    .unwrap_or(&detail)
                    .to_owned();
                match field_of_serde_error(&message) {
                    Some(field) => (
                        ErrorCode::InvalidJson,
                        Problem::WrongShape { detail: message },
                        Some(field),
                    ),
                    None => (ErrorCode::InvalidJson, Problem::MalformedJson, None),
                }
            }
            JsonRejection::JsonDataError(err) => {
                let detail = err.body_text();
                let serde_message = detail
                    .strip_prefix(SERDE_PREFIX)
                    .unwrap_or(&detail)
                    .to_owned();
                (
                    ErrorCode::InvalidJson,
                    Problem::WrongShape {
                        detail: serde_message,
                    },
                    field_of_serde_error(&detail),
                )
            }
            _ => (ErrorCode::InvalidJson, Problem::Unreadable, None),
        };
        Self::Rejected(
            status,
            ApiError::new(code, problem.message(lang()), field.as_deref()),
        )
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        let detail = rejection.body_text();
        let message = detail
            .strip_prefix("Failed to deserialize query string: ")
            .unwrap_or(&detail);
        let field = field_of_serde_error(message);
        match field.as_deref() {
            Some("sort") => Self::new(ErrorCode::InvalidQuery, Problem::InvalidSort, Some("sort")),
            Some("limit") => Self::new(
                ErrorCode::InvalidQuery,
                Problem::InvalidLimit {
                    max: readerbox_api::MAX_PAGE_SIZE,
                },
                Some("limit"),
            ),
            Some("around") | Some("cursor") => Self::new(
                ErrorCode::InvalidQuery,
                Problem::InvalidCursor,
                field.as_deref(),
            ),
            _ => Self::new(ErrorCode::InvalidUri, Problem::InvalidUri, Some("uri")),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        Self::new(ErrorCode::CommentNotFound, Problem::CommentNotFound, None)
    }
}

const SERDE_PREFIX: &str = "Failed to deserialize the JSON body into the target type: ";
const SYNTAX_PREFIX: &str = "Failed to parse the request body as JSON: ";

/// serde (through axum's path-tracking deserialiser) names the field either as
/// "missing field `text` …" or as a path prefix "author: invalid type …".
fn field_of_serde_error(detail: &str) -> Option<String> {
    let message = detail.strip_prefix(SERDE_PREFIX).unwrap_or(detail);
    if let Some(rest) = message.strip_prefix("missing field `") {
        return rest.split('`').next().map(str::to_owned);
    }
    let (path, _) = message.split_once(": ")?;
    let field = path.split(['.', '[']).next()?;
    (!field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| field.to_owned())
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::BadRequest(body) => {
                let status = match body.error.code {
                    ErrorCode::NotFound | ErrorCode::CommentNotFound => StatusCode::NOT_FOUND,
                    ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
                    ErrorCode::WrongEditToken
                    | ErrorCode::EditWindowClosed
                    | ErrorCode::ThreadClosed => StatusCode::FORBIDDEN,
                    ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
                    ErrorCode::TextTooLong
                    | ErrorCode::NameTooLong
                    | ErrorCode::EmptyText
                    | ErrorCode::InvalidEmail
                    | ErrorCode::InvalidWebsite
                    | ErrorCode::InvalidParent
                    | ErrorCode::InvalidKey
                    | ErrorCode::InvalidVote
                    | ErrorCode::Required
                    | ErrorCode::TooLong
                    | ErrorCode::InvalidUrl
                    | ErrorCode::InvalidPhone
                    | ErrorCode::ConsentRequired
                    | ErrorCode::InvalidCharacters
                    | ErrorCode::InvalidChallenge => StatusCode::UNPROCESSABLE_ENTITY,
                    _ => StatusCode::BAD_REQUEST,
                };
                (status, Json(body)).into_response()
            }
            Self::Rejected(status, body) => (status, Json(body)).into_response(),
            Self::RateLimited { retry_after_secs } => {
                let body = ApiError::new(
                    ErrorCode::RateLimited,
                    Problem::RateLimited { retry_after_secs }.message(lang()),
                    None,
                );
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response
            }
            Self::Database(err) => {
                tracing::error!(error = %err, "database error");
                let body =
                    ApiError::new(ErrorCode::Internal, Problem::Internal.message(lang()), None);
                (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::field_of_serde_error;

    #[test]
    fn finds_field_names_in_serde_messages() {
        let prefix = "Failed to deserialize the JSON body into the target type: ";
        assert_eq!(
            field_of_serde_error(&format!("{prefix}missing field `text` at line 1 column 12")),
            Some("text".into())
        );
        assert_eq!(
            field_of_serde_error(&format!(
                "{prefix}author: invalid type: integer `5`, expected a string at line 1 column 14"
            )),
            Some("author".into())
        );
        assert_eq!(
            field_of_serde_error(&format!("{prefix}invalid type: map, expected x")),
            None
        );
    }
}
