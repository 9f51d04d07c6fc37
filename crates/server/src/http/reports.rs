//! Corrections and letters to the editor: stored for the editors, never shown to readers.
//! The public side only posts (rate limited); the editors' side lists them and changes a
//! correction's status, with the admin token from the config.

use crate::error::AppError;
use crate::http::admin::{require_editor, EditorRequest};
use crate::http::comments::{ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::store::Inbox;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use readerbox_api::admin::{
    AdminComment, AdminCommentQuery, Moderated, Moderation, ReportQuery, ThreadQuery, ThreadState,
    ThreadSummary,
};
use readerbox_api::reports::{
    Correction, Letter, NewCorrection, NewLetter, Received, StatusChange,
};
use readerbox_api::{ErrorCode, Limits, Problem};

/// `GET /api/v1/limits`: every limit, for widgets that don't load comments (the toolbar).
pub async fn limits(State(state): State<AppState>) -> Json<Limits> {
    Json(state.limits)
}

/// `POST /api/v1/corrections`.
pub async fn post_correction(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(correction): ApiJson<NewCorrection>,
) -> Result<(StatusCode, Json<Received>), AppError> {
    state.report_limiter.admit(&state.store, client).await?;
    let honeypot = crate::spam::honeypot_filled(correction.homepage.as_deref());
    crate::spam::verify(&state, correction.pow.as_ref()).await?;
    let c = correction.validate(&state.limits, crate::error::lang())?;
    if honeypot {
        return Ok((StatusCode::CREATED, Json(Received { id: 0 })));
    }
    let (id, replayed) = state.store.insert_correction(&c).await?;
    if replayed {
        return Ok((StatusCode::OK, Json(Received { id })));
    }
    tracing::info!(id, uri = %c.uri, "correction received");
    state.mailer.to_editors(
        "Neue Korrektur",
        &format!(
            "Zu {}:\n\n„{}“\n\n{}\n\nZur Textstelle: {}\nKorrekturen: {}\n",
            c.article_url,
            c.selection,
            c.message,
            c.fragment_url.as_deref().unwrap_or(&c.article_url),
            state.mailer.link("/admin/")
        ),
    );
    Ok((StatusCode::CREATED, Json(Received { id })))
}

/// `POST /api/v1/letters`.
pub async fn post_letter(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(letter): ApiJson<NewLetter>,
) -> Result<(StatusCode, Json<Received>), AppError> {
    state.report_limiter.admit(&state.store, client).await?;
    let honeypot = crate::spam::honeypot_filled(letter.homepage.as_deref());
    crate::spam::verify(&state, letter.pow.as_ref()).await?;
    let l = letter.validate(&state.limits, crate::error::lang())?;
    if honeypot {
        return Ok((StatusCode::CREATED, Json(Received { id: 0 })));
    }
    let (id, replayed) = state.store.insert_letter(&l).await?;
    if replayed {
        return Ok((StatusCode::OK, Json(Received { id })));
    }
    tracing::info!(id, uri = %l.uri, "letter received");
    state.mailer.to_editors(
        "Neuer Leserbrief",
        &format!(
            "Von {}, {} zu „{}“:\n\n{}\n\nLeserbriefe: {}\n",
            l.name,
            l.city,
            l.article_title,
            l.text,
            state.mailer.link("/admin/")
        ),
    );
    Ok((StatusCode::CREATED, Json(Received { id })))
}

/// `GET /api/v1/admin/corrections[?status=new][&before=123]`: newest first, a page at a time.
pub async fn list_corrections(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<Vec<Correction>>, AppError> {
    require_editor(&state, &request).await?;
    Ok(Json(
        state.store.corrections(query.status, query.before).await?,
    ))
}

/// `PATCH /api/v1/admin/corrections/{id}` with `{"status": "done"}`.
pub async fn change_correction(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<StatusChange>,
) -> Result<Json<StatusChange>, AppError> {
    change_status(&state, &request, Inbox::Corrections, id, change).await
}

/// `PATCH /api/v1/admin/letters/{id}` with `{"status": "done"}`.
pub async fn change_letter(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<StatusChange>,
) -> Result<Json<StatusChange>, AppError> {
    change_status(&state, &request, Inbox::Letters, id, change).await
}

async fn change_status(
    state: &AppState,
    request: &EditorRequest,
    inbox: Inbox,
    id: i64,
    change: StatusChange,
) -> Result<Json<StatusChange>, AppError> {
    require_editor(state, request).await?;
    if !state
        .store
        .set_report_status(inbox, id, change.status)
        .await?
    {
        return Err(AppError::new(ErrorCode::NotFound, Problem::NotFound, None));
    }
    tracing::info!(
        ?inbox,
        id,
        status = change.status.as_str(),
        "status changed"
    );
    Ok(Json(change))
}

/// `GET /api/v1/admin/comments[?status=pending][&uri=/a.html][&before=123]`: newest
/// first, a page at a time.
pub async fn admin_comments(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiQuery(query): ApiQuery<AdminCommentQuery>,
) -> Result<Json<Vec<AdminComment>>, AppError> {
    require_editor(&state, &request).await?;
    Ok(Json(
        state
            .store
            .admin_comments(query.status, query.uri.as_deref(), query.before)
            .await?,
    ))
}

/// `POST /api/v1/admin/comments/moderate`: approve, reject, spam or delete, several at once.
pub async fn moderate(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiJson(moderation): ApiJson<Moderation>,
) -> Result<Json<Moderated>, AppError> {
    require_editor(&state, &request).await?;
    let changed = state
        .store
        .moderate(&moderation.ids, moderation.action)
        .await?;
    tracing::info!(?moderation.action, changed, "comments moderated");
    // An approved reply is news for those who asked to hear of replies.
    if moderation.action == readerbox_api::admin::ModerationAction::Approve {
        for id in &moderation.ids {
            if let Some((parent, author, email, uri)) = state.store.reply_info(*id).await? {
                crate::notify::reply_published(&state, parent, &author, email.as_deref(), &uri)
                    .await?;
            }
        }
    }
    Ok(Json(Moderated { changed }))
}

/// `GET /api/v1/admin/threads[?search=radweg]`: articles, latest comment first.
pub async fn threads(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiQuery(query): ApiQuery<ThreadQuery>,
) -> Result<Json<Vec<ThreadSummary>>, AppError> {
    require_editor(&state, &request).await?;
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    Ok(Json(state.store.thread_summaries(search).await?))
}

/// `PUT /api/v1/admin/threads`: open or close an article for new comments.
pub async fn set_thread(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiJson(thread): ApiJson<ThreadState>,
) -> Result<Json<ThreadState>, AppError> {
    require_editor(&state, &request).await?;
    if readerbox_api::uri::check_article_uri(&thread.uri).is_err() {
        return Err(AppError::new(
            ErrorCode::InvalidUri,
            Problem::InvalidUri,
            Some("uri"),
        ));
    }
    state.store.set_closed(&thread.uri, thread.closed).await?;
    Ok(Json(thread))
}

/// `GET /api/v1/admin/letters[?status=new][&before=123]`: newest first, a page at a time.
pub async fn list_letters(
    State(state): State<AppState>,
    request: EditorRequest,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<Vec<Letter>>, AppError> {
    require_editor(&state, &request).await?;
    Ok(Json(state.store.letters(query.status, query.before).await?))
}
