//! The editors' API, same origin: the session cookie goes along by itself.

use gloo_net::http::{Request, Response};
use readerbox_api::admin::{AdminComment, ModerationAction, ThreadSummary};
use readerbox_api::reports::ReportStatus;
use readerbox_api::{ApiError, CommentStatus};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Not logged in (any more).
    LoggedOut,
    /// The server said why.
    Refused(String),
    Network,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Me {
    pub username: String,
}

const BASE: &str = "/api/v1/admin";

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    if response.status() == 401 {
        return Err(Failure::LoggedOut);
    }
    if response.ok() {
        return response.json().await.map_err(|_| Failure::Network);
    }
    Err(match response.json::<ApiError>().await {
        Ok(error) => Failure::Refused(error.error.message),
        Err(_) => Failure::Network,
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let response = Request::get(&format!("{BASE}{path}"))
        .header("Accept-Language", &crate::texts::lang_tag())
        .send()
        .await
        .map_err(|_| Failure::Network)?;
    decode(response).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, Failure> {
    let url = format!("{BASE}{path}");
    let builder = match method {
        "PUT" => Request::put(&url),
        "PATCH" => Request::patch(&url),
        _ => Request::post(&url),
    };
    let response = builder
        .header("Accept-Language", &crate::texts::lang_tag())
        .json(body)
        .map_err(|_| Failure::Network)?
        .send()
        .await
        .map_err(|_| Failure::Network)?;
    decode(response).await
}

pub async fn me() -> Result<Me, Failure> {
    get("/me").await
}

/// Logs in; a wrong name or password is `Refused` with the server's message.
pub async fn login(username: &str, password: &str) -> Result<Me, Failure> {
    let response = Request::post(&format!("{BASE}/login"))
        .header("Accept-Language", &crate::texts::lang_tag())
        .json(&serde_json::json!({"username": username, "password": password}))
        .map_err(|_| Failure::Network)?
        .send()
        .await
        .map_err(|_| Failure::Network)?;
    if response.status() == 401 {
        return Err(match response.json::<ApiError>().await {
            Ok(error) => Failure::Refused(error.error.message),
            Err(_) => Failure::Network,
        });
    }
    decode(response).await
}

pub async fn logout() {
    let _ = Request::post(&format!("{BASE}/logout")).send().await;
}

/// A page of comments, newest first; `before`: older than that comment.
pub async fn comments(
    status: Option<CommentStatus>,
    uri: Option<&str>,
    before: Option<i64>,
) -> Result<Vec<AdminComment>, Failure> {
    let mut query = Vec::new();
    if let Some(status) = status {
        query.push(format!(
            "status={}",
            serde_json::to_value(status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ));
    }
    if let Some(uri) = uri {
        query.push(format!("uri={}", js_sys::encode_uri_component(uri)));
    }
    if let Some(before) = before {
        query.push(format!("before={before}"));
    }
    get(&format!("/comments?{}", query.join("&"))).await
}

pub async fn moderate(ids: Vec<i64>, action: ModerationAction) -> Result<(), Failure> {
    let _: serde_json::Value = send(
        "POST",
        "/comments/moderate",
        &serde_json::json!({"ids": ids, "action": action}),
    )
    .await?;
    Ok(())
}

/// Articles by latest comment; with `search`, those whose path contains it.
pub async fn threads(search: Option<String>) -> Result<Vec<ThreadSummary>, Failure> {
    match search {
        Some(search) => {
            get(&format!(
                "/threads?search={}",
                js_sys::encode_uri_component(&search)
            ))
            .await
        }
        None => get("/threads").await,
    }
}

pub async fn set_closed(uri: &str, closed: bool) -> Result<(), Failure> {
    let _: serde_json::Value = send(
        "PUT",
        "/threads",
        &serde_json::json!({"uri": uri, "closed": closed}),
    )
    .await?;
    Ok(())
}

/// The editors' two inboxes of reader reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbox {
    Corrections,
    Letters,
}

impl Inbox {
    fn path(self) -> &'static str {
        match self {
            Inbox::Corrections => "/corrections",
            Inbox::Letters => "/letters",
        }
    }
}

/// Corrections or letters (of one status, when given), newest first, a page at a time:
/// older than `before` (an id) when given.
pub async fn reports<T: DeserializeOwned>(
    inbox: Inbox,
    status: Option<ReportStatus>,
    before: Option<i64>,
) -> Result<Vec<T>, Failure> {
    get(&older_than(&of_status(inbox.path(), status), before)).await
}

pub async fn set_report_status(inbox: Inbox, id: i64, status: ReportStatus) -> Result<(), Failure> {
    let _: serde_json::Value = send(
        "PATCH",
        &format!("{}/{id}", inbox.path()),
        &serde_json::json!({"status": status}),
    )
    .await?;
    Ok(())
}

/// `path` with `status=` in its query, when given.
fn of_status(path: &str, status: Option<ReportStatus>) -> String {
    match status {
        Some(status) => format!("{path}?status={}", status.as_str()),
        None => path.to_owned(),
    }
}

/// `path` with `before={id}` added to its query, when given.
fn older_than(path: &str, before: Option<i64>) -> String {
    let joint = if path.contains('?') { '&' } else { '?' };
    match before {
        Some(before) => format!("{path}{joint}before={before}"),
        None => path.to_owned(),
    }
}
