//! Mail, when an SMTP server is configured (`--smtp-url`): editors hear of new
//! corrections, letters and comments waiting for them; commenters who ask for it hear of
//! replies, after confirming their address (double opt-in), with a one-click unsubscribe
//! (RFC 8058) in every mail. Sending never delays or fails a request: mails go out in the
//! background and failures are logged.

use crate::error::AppError;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use lettre::message::header::{HeaderName as MailHeaderName, HeaderValue as MailHeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use std::sync::Arc;

/// The configured mail setup; `None` inside when mail is off.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<Arc<AsyncSmtpTransport<Tokio1Executor>>>,
    from: Option<Mailbox>,
    editors: Arc<[Mailbox]>,
    /// Where readers reach this server (links in mails).
    public_url: Arc<str>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("enabled", &self.transport.is_some())
            .field("editors", &self.editors.len())
            .finish()
    }
}

impl Mailer {
    pub fn from_config(config: &crate::config::Config) -> Result<Self, String> {
        let transport = match config
            .smtp_url
            .as_deref()
            .filter(|url| !url.trim().is_empty())
        {
            Some(url) => Some(Arc::new(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|err| format!("--smtp-url: {err}"))?
                    .build(),
            )),
            None => None,
        };
        let from = config
            .mail_from
            .parse::<Mailbox>()
            .map_err(|err| format!("--mail-from: {err}"))?;
        let editors = config
            .editor_mail
            .iter()
            .filter(|address| !address.trim().is_empty())
            .map(|address| {
                address
                    .trim()
                    .parse::<Mailbox>()
                    .map_err(|err| format!("--editor-mail {address:?}: {err}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.bind));
        Ok(Self {
            transport,
            from: Some(from),
            editors: editors.into(),
            public_url: public_url.trim_end_matches('/').into(),
        })
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Sends in the background; `unsubscribe` adds the one-click headers.
    fn send(&self, to: Mailbox, subject: String, body: String, unsubscribe: Option<String>) {
        let (Some(transport), Some(from)) = (self.transport.clone(), self.from.clone()) else {
            return;
        };
        let mut builder = Message::builder().from(from).to(to).subject(subject);
        if let Some(url) = &unsubscribe {
            builder = builder
                .raw_header(MailHeaderValue::new(
                    MailHeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(MailHeaderValue::new(
                    MailHeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = match builder.body(body) {
            Ok(message) => message,
            Err(err) => {
                tracing::error!(error = %err, "could not build a mail");
                return;
            }
        };
        tokio::spawn(async move {
            if let Err(err) = transport.send(message).await {
                tracing::error!(error = %err, "sending mail failed");
            }
        });
    }

    /// Tells every editor.
    pub fn to_editors(&self, subject: &str, body: &str) {
        for editor in self.editors.iter() {
            self.send(editor.clone(), subject.to_owned(), body.to_owned(), None);
        }
    }
}

fn token(state: &AppState, purpose: &str, id: i64) -> String {
    let mut token = state.store.keyed_hash(purpose, &[&id.to_string()]);
    token.truncate(32);
    token
}

/// After a comment with `notify_replies`: asks the author to confirm (double opt-in).
pub async fn offer_subscription(
    state: &AppState,
    comment_id: i64,
    email: &str,
    uri: &str,
) -> Result<(), AppError> {
    if state.mailer.transport.is_none() {
        return Ok(());
    }
    let Ok(to) = email.parse::<Mailbox>() else {
        return Ok(());
    };
    let id = state.store.add_subscription(comment_id, email).await?;
    let confirm = state.mailer.link(&format!(
        "/api/v1/notifications/confirm?id={id}&token={}",
        token(state, "confirm", id)
    ));
    state.mailer.send(
        to,
        "Bitte bestätigen: Benachrichtigung bei Antworten".into(),
        format!(
            "Guten Tag,\n\nSie möchten eine E-Mail erhalten, wenn jemand auf Ihren Kommentar zu {uri} antwortet.\n\
             Bitte bestätigen Sie das mit diesem Link:\n\n{confirm}\n\n\
             Wenn Sie das nicht waren, ignorieren Sie diese E-Mail einfach; dann bekommen Sie keine weiteren.\n"
        ),
        None,
    );
    Ok(())
}

/// A published reply: tells the confirmed subscribers of its parent.
pub async fn reply_published(
    state: &AppState,
    parent_id: i64,
    reply_author: &str,
    reply_email: Option<&str>,
    uri: &str,
) -> Result<(), AppError> {
    if state.mailer.transport.is_none() {
        return Ok(());
    }
    for (id, email) in state.store.confirmed_subscriptions(parent_id).await? {
        if reply_email.is_some_and(|own| own.eq_ignore_ascii_case(&email)) {
            continue;
        }
        let Ok(to) = email.parse::<Mailbox>() else {
            continue;
        };
        let unsubscribe = state.mailer.link(&format!(
            "/api/v1/notifications/unsubscribe?id={id}&token={}",
            token(state, "unsubscribe", id)
        ));
        state.mailer.send(
            to,
            format!("{reply_author} hat auf Ihren Kommentar geantwortet"),
            format!(
                "Guten Tag,\n\n{reply_author} hat auf Ihren Kommentar zu {uri} geantwortet:\n\n{}\n\n\
                 Keine solchen E-Mails mehr: {unsubscribe}\n",
                state.mailer.link(uri)
            ),
            Some(unsubscribe),
        );
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    id: i64,
    token: String,
}

fn page(text: &str) -> Response {
    let mut response = Html(format!(
        "<!DOCTYPE html><html lang=\"de\"><meta charset=\"utf-8\"><title>readerbox</title><p>{text}</p></html>"
    ))
    .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    response
}

fn invalid_link() -> Response {
    let mut response = page("Dieser Link ist nicht gültig.");
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
}

/// `GET /api/v1/notifications/confirm?id=…&token=…`: the opt-in link.
pub async fn confirm(
    State(state): State<AppState>,
    query: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    // A person clicked this in a mail: a broken link gets a page, not an API error.
    let Ok(Query(query)) = query else {
        return Ok(invalid_link());
    };
    if !crate::secrets::constant_time_eq(
        token(&state, "confirm", query.id).as_bytes(),
        query.token.as_bytes(),
    ) {
        return Ok(invalid_link());
    }
    state.store.confirm_subscription(query.id).await?;
    Ok(page(
        "Danke! Sie erhalten jetzt eine E-Mail, wenn jemand auf Ihren Kommentar antwortet.",
    ))
}

/// `GET` or `POST /api/v1/notifications/unsubscribe?id=…&token=…`: one click ends it.
pub async fn unsubscribe(
    State(state): State<AppState>,
    query: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Ok(Query(query)) = query else {
        return Ok(invalid_link());
    };
    if !crate::secrets::constant_time_eq(
        token(&state, "unsubscribe", query.id).as_bytes(),
        query.token.as_bytes(),
    ) {
        return Ok(invalid_link());
    }
    state.store.end_subscription(query.id).await?;
    Ok(page(
        "Sie erhalten keine E-Mails zu Antworten auf diesen Kommentar mehr.",
    ))
}
