//! HTTP handlers of the public API under `/api/v1/`.

use crate::config::ModerationMode;
use crate::error::AppError;
use crate::page_cache::{CachedPage, Encoding};
use crate::spam;
use crate::store::{now_millis, rfc3339_from_millis, Authored, Cursor};
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use readerbox_api::uri::check_article_uri;
use readerbox_api::validate::validate_text;
use readerbox_api::{
    is_client_key, Comment, CommentCounts, CommentPage, CommentStatus, CreatedComment,
    DeleteComment, DeletedComment, EditComment, ErrorCode, ListQuery, NewComment, Problem,
    ValidNewComment, Vote, VoteResult, MAX_COUNT_URIS, MAX_PAGE_SIZE,
};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// `axum::Json`, with rejections turned into our JSON error body, for a body sent as
/// `application/json` (with `charset=utf-8` at most): axum also takes `+json` types and
/// any parameter, which no client of ours sends.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let content_type = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        if !content_type.is_some_and(is_plain_json) {
            return Err(AppError::not_json());
        }
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// `application/json`, optionally with `charset=utf-8` (any case, quoted or not).
fn is_plain_json(content_type: &str) -> bool {
    let mut parts = content_type.split(';').map(str::trim);
    let essence_is_json = parts
        .next()
        .is_some_and(|essence| essence.eq_ignore_ascii_case("application/json"));
    essence_is_json
        && parts.all(|parameter| {
            parameter.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("charset")
                    && value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            })
        })
}

/// `axum::extract::Query`, with rejections turned into our JSON error body.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// The rate-limit key of the client: a keyed hash of its address (the socket peer, or
/// behind trusted proxies the address they forwarded: `crate::proxies`), so that no IP
/// is kept in clear even in memory. Requests without a peer address (in-process tests)
/// share one key.
pub struct ClientIp(pub String);

/// The socket peer's address; unspecified in-process (tests call the router directly).
pub fn peer_of(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = state.proxies.client(peer_of(parts), &parts.headers);
        let mut key = state.store.keyed_hash("client", &[&ip.to_string()]);
        key.truncate(32);
        Ok(Self(key))
    }
}

/// `axum::extract::Path`, with rejections turned into our JSON error body.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

pub async fn list_comments(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<axum::response::Response, AppError> {
    require_article_uri(&query.uri)?;
    let sort = query.sort.unwrap_or_default();
    let limit = query.limit.unwrap_or(state.limits.page_size);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(AppError::new(
            ErrorCode::InvalidQuery,
            Problem::InvalidLimit { max: MAX_PAGE_SIZE },
            Some("limit"),
        ));
    }
    let cursor = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(text) => Some(Cursor::parse(text, sort).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidQuery,
                Problem::InvalidCursor,
                Some("cursor"),
            )
        })?),
    };
    // Read first: a change after this makes the next request miss the cache (see
    // page_cache), so nothing stale is ever kept for long.
    let (version, closed) = state.store.thread_state(&query.uri).await?;
    let key = format!(
        "{}\n{}\n{}\n{limit}\n{:?}",
        query.uri,
        sort.as_str(),
        cursor.map(Cursor::encode).unwrap_or_default(),
        query.around
    );
    if let Some(page) = state.pages.get(&key, version) {
        return Ok(answer_page(&state, &headers, page));
    }
    let page = state
        .store
        .list_page(&query.uri, sort, cursor, limit, query.around)
        .await?;
    let page = CommentPage {
        closed,
        uri: query.uri,
        total: page.total,
        comments: page.comments,
        next_cursor: page.next.map(Cursor::encode),
        limits: state.limits,
    };
    let body = axum::body::Bytes::from(serde_json::to_vec(&page).unwrap_or_default());
    let page = CachedPage::new(version, body);
    state.pages.put(key, page.clone());
    Ok(answer_page(&state, &headers, page))
}

/// `uri` names an article, or the answer is a 400 naming the `uri` field.
pub fn require_article_uri(uri: &str) -> Result<(), AppError> {
    check_article_uri(uri)
        .map_err(|_| AppError::new(ErrorCode::InvalidUri, Problem::InvalidUri, Some("uri")))
}

/// A comment page with its ETag, revalidated by readers: an unchanged page costs a 304
/// without a body; a changed one goes out in the best encoding the reader accepts.
fn answer_page(
    state: &AppState,
    request: &axum::http::HeaderMap,
    page: CachedPage,
) -> axum::response::Response {
    answer_cached(
        request,
        page,
        "application/json",
        state.shared_cache.clone(),
    )
}

/// A cached answer (`content_type`, `cache_control`) with its ETag: a 304 when the
/// client has it, else the body in the best encoding it accepts.
pub fn answer_cached(
    request: &axum::http::HeaderMap,
    page: CachedPage,
    content_type: &'static str,
    cache_control: axum::http::HeaderValue,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    let unchanged = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|candidate| {
            candidate.trim().trim_start_matches("W/") == page.etag.to_str().unwrap_or("")
        });
    let cache = (header::CACHE_CONTROL, cache_control);
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if unchanged {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, page.etag), cache, vary],
        )
            .into_response();
    }
    let encoding = Encoding::negotiate(request);
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, page.etag.clone()),
            cache,
            vary,
        ],
        page.body_in(encoding),
    )
        .into_response();
    if let Some(coding) = encoding.header() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, coding);
    }
    response
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
) -> Result<(StatusCode, Json<CreatedComment>), AppError> {
    state.write_limiter.admit(&state.store, client).await?;
    let valid = new.validate(&state.limits, crate::error::lang())?;
    if state.store.is_closed(&valid.uri).await? {
        return Err(AppError::new(
            ErrorCode::ThreadClosed,
            Problem::ThreadClosed,
            None,
        ));
    }
    spam::verify(&state, new.pow.as_ref()).await?;
    let key = valid.idempotency_key.clone().unwrap_or_else(random_key);
    let status = status_of_new_comment(&state, &valid, new.homepage.as_deref()).await?;
    let inserted = state.store.insert_comment(&valid, &key, status).await?;
    let authored = inserted.authored;
    if authored.comment.parent_id != valid.parent_id
        || inserted.replayed && authored.comment.text != valid.text
    {
        // The key names another comment: a client bug or a guessed key. Refuse rather
        // than hand out that comment's edit token.
        return Err(AppError::new(
            ErrorCode::InvalidKey,
            Problem::InvalidKey,
            Some("idempotency_key"),
        ));
    }
    let http_status = if inserted.replayed {
        tracing::info!(
            id = authored.comment.id,
            "repeated post answered with the stored comment"
        );
        StatusCode::OK
    } else {
        tracing::info!(id = authored.comment.id, uri = %valid.uri, "comment stored");
        state.metrics.comment_posted(status.as_str());
        after_new_comment(&state, &authored, &valid, new.notify_replies).await?;
        StatusCode::CREATED
    };
    Ok((http_status, Json(created(&state, authored))))
}

/// Mails: the opt-in for reply mails, the parent's subscribers, the editors' queue.
async fn after_new_comment(
    state: &AppState,
    authored: &Authored,
    valid: &ValidNewComment,
    notify_replies: bool,
) -> Result<(), AppError> {
    let comment = &authored.comment;
    if notify_replies {
        if let Some(email) = &valid.email {
            crate::notify::offer_subscription(state, comment.id, email, &valid.uri).await?;
        }
    }
    match (comment.status, comment.parent_id) {
        (CommentStatus::Published, Some(parent)) => {
            crate::notify::reply_published(
                state,
                parent,
                &comment.author,
                valid.email.as_deref(),
                &valid.uri,
            )
            .await?;
        }
        (CommentStatus::Pending, _) => state.mailer.to_editors(
            "Ein Kommentar wartet auf Freischaltung",
            &format!(
                "Zu {} wartet ein Kommentar von {}:\n\n{}\n\nFreischalten: {}\n",
                valid.uri,
                comment.author,
                comment.text,
                state.mailer.link("/admin/")
            ),
        ),
        _ => {}
    }
    Ok(())
}

/// Published, or held for the editors (moderation mode, too many links), or spam (the
/// honeypot was filled).
async fn status_of_new_comment(
    state: &AppState,
    new: &ValidNewComment,
    honeypot: Option<&str>,
) -> Result<CommentStatus, AppError> {
    if spam::honeypot_filled(honeypot) {
        return Ok(CommentStatus::Spam);
    }
    if spam::link_count(&new.text) > state.spam.max_links {
        return Ok(CommentStatus::Pending);
    }
    Ok(match state.moderation {
        ModerationMode::None => CommentStatus::Published,
        ModerationMode::All => CommentStatus::Pending,
        ModerationMode::FirstTime => match &new.email {
            Some(email) if state.store.has_published_by_email(email).await? => {
                CommentStatus::Published
            }
            _ => CommentStatus::Pending,
        },
    })
}

fn created(state: &AppState, authored: Authored) -> CreatedComment {
    let mut comment = authored.comment.clone();
    // Spam is not told it was recognised.
    if comment.status == CommentStatus::Spam {
        comment.status = CommentStatus::Pending;
    }
    CreatedComment {
        edit_token: state
            .store
            .edit_token(authored.comment.id, &authored.idempotency_key),
        editable_until: rfc3339_from_millis(editable_until_ms(state, &authored)),
        comment,
    }
}

fn editable_until_ms(state: &AppState, authored: &Authored) -> i64 {
    let window_ms =
        i64::try_from(state.limits.edit_window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    authored.created_at_ms.saturating_add(window_ms)
}

/// The comment `id` if `token` is its edit token and its edit window is open.
async fn authorise(state: &AppState, id: i64, token: &str) -> Result<Authored, AppError> {
    let authored =
        state.store.find_authored(id).await?.ok_or_else(|| {
            AppError::new(ErrorCode::CommentNotFound, Problem::CommentNotFound, None)
        })?;
    let expected = state.store.edit_token(id, &authored.idempotency_key);
    if !crate::secrets::constant_time_eq(expected.as_bytes(), token.as_bytes()) {
        return Err(AppError::new(
            ErrorCode::WrongEditToken,
            Problem::WrongEditToken,
            None,
        ));
    }
    if now_millis() >= editable_until_ms(state, &authored) {
        return Err(AppError::new(
            ErrorCode::EditWindowClosed,
            Problem::EditWindowClosed {
                window_secs: state.limits.edit_window_secs,
            },
            None,
        ));
    }
    Ok(authored)
}

/// `PUT /api/v1/comments/{id}`: the author replaces the text within the edit window.
pub async fn edit_comment(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiPath(id): ApiPath<i64>,
    ApiJson(edit): ApiJson<EditComment>,
) -> Result<Json<Comment>, AppError> {
    state.write_limiter.admit(&state.store, client).await?;
    authorise(&state, id, &edit.edit_token).await?;
    validate_text(&edit.text, &state.limits, crate::error::lang())?;
    let comment = state.store.edit_text(id, &edit.text).await?;
    tracing::info!(id, "comment edited");
    Ok(Json(comment))
}

/// `DELETE /api/v1/comments/{id}`: the author removes the comment within the window.
pub async fn delete_comment(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiPath(id): ApiPath<i64>,
    ApiJson(delete): ApiJson<DeleteComment>,
) -> Result<Json<DeletedComment>, AppError> {
    state.write_limiter.admit(&state.store, client).await?;
    authorise(&state, id, &delete.edit_token).await?;
    let placeholder = state.store.delete_comment(id).await?;
    tracing::info!(id, placeholder, "comment deleted");
    Ok(Json(DeletedComment { id, placeholder }))
}

/// `POST /api/v1/comments/{id}/vote`: one vote per voter id and comment.
pub async fn vote(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiPath(id): ApiPath<i64>,
    ApiJson(vote): ApiJson<Vote>,
) -> Result<Json<VoteResult>, AppError> {
    state.vote_limiter.admit(&state.store, client).await?;
    if !is_client_key(&vote.voter) {
        return Err(AppError::new(
            ErrorCode::InvalidKey,
            Problem::InvalidKey,
            Some("voter"),
        ));
    }
    if !(-1..=1).contains(&vote.value) {
        return Err(AppError::new(
            ErrorCode::InvalidVote,
            Problem::InvalidVote,
            Some("value"),
        ));
    }
    let score = state.store.vote(id, &vote.voter, vote.value).await?;
    Ok(Json(VoteResult {
        id,
        score,
        value: vote.value,
    }))
}

/// 128 random bits as hex: the idempotency key of a post that came without one.
fn random_key() -> String {
    crate::secrets::random_hex(16)
}

pub async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, Problem::NotFound, None)
}

pub async fn healthz() -> &'static str {
    "ok"
}

#[cfg(test)]
mod tests {
    use super::is_plain_json;

    #[test]
    fn only_plain_json_is_json() {
        for json in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"",
        ] {
            assert!(is_plain_json(json), "{json}");
        }
        for other in [
            "text/plain",
            "application/json-patch+json",
            "application/vnd.api+json",
            "application/json; charset=latin1",
            "application/json; boundary=x",
            "application/jsonx",
            "",
        ] {
            assert!(!is_plain_json(other), "{other}");
        }
    }
}
