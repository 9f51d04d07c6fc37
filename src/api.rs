//! The HTTP client of the readerbox API: the only module of the widget that talks to
//! the server.
//!
//! Every request has a deadline ([`TIMEOUT_MS`]): a server that does not answer in time
//! is reported like one that is down ([`ClientError::Timeout`]), so the reader can send
//! again. A write that did arrive late is not stored twice: it carries the same
//! idempotency key when sent again.

use gloo_net::http::{Request, RequestBuilder, Response};
use readerbox_api::reports::{NewCorrection, NewLetter, Received};
use readerbox_api::spam::Challenge;
use readerbox_api::{
    ApiError, Comment, CommentCounts, CommentPage, CreatedComment, DeleteComment, DeletedComment,
    EditComment, Limits, NewComment, Sort, Vote, VoteResult, API_PREFIX,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// No answer: server down, offline, blocked by CORS or the network.
    Network,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The server answered with an error body (4xx/5xx).
    Api { status: u16, error: ApiError },
    /// The server answered something that is not our API (proxy page, wrong URL).
    UnexpectedResponse { status: u16 },
}

/// How long the widget waits for any answer.
pub const TIMEOUT_MS: i32 = 8_000;

/// Aborts a request when [`TIMEOUT_MS`] have passed; cancels the timer when dropped.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    _on_time: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn start() -> Self {
        let Ok(controller) = web_sys::AbortController::new() else {
            return Self {
                controller: None,
                timer: None,
                _on_time: None,
            };
        };
        let abort = controller.clone();
        let on_time = Closure::<dyn FnMut()>::new(move || abort.abort());
        let timer = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    on_time.as_ref().unchecked_ref(),
                    TIMEOUT_MS,
                )
                .ok()
        });
        Self {
            controller: Some(controller),
            timer,
            _on_time: Some(on_time),
        }
    }

    fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        let signal = self.controller.as_ref().map(|c| c.signal());
        request.abort_signal(signal.as_ref())
    }

    /// What a failed send means: the deadline passed, or no connection.
    fn failure(&self) -> ClientError {
        match &self.controller {
            Some(controller) if controller.signal().aborted() => ClientError::Timeout,
            _ => ClientError::Network,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

/// Sends with a deadline and reads the answer (body included) before it passes.
async fn send<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ClientError> {
    let deadline = Deadline::start();
    let sent = deadline.apply(request).send().await;
    answer(&deadline, sent).await
}

async fn answer<T: DeserializeOwned>(
    deadline: &Deadline,
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ClientError> {
    let response = sent.map_err(|_| deadline.failure())?;
    decode(response).await.map_err(|err| match err {
        ClientError::UnexpectedResponse { .. } if deadline.failure() == ClientError::Timeout => {
            ClientError::Timeout
        }
        other => other,
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    /// Top-level comments per page asked for; the server's default when `None`.
    page_limit: Option<u32>,
    /// Sent as `Accept-Language`, so the server's messages are in the reader's language.
    lang_tag: String,
}

impl ApiClient {
    /// `base` is the server's base URL without trailing slash; empty for same origin.
    pub fn new(base: impl Into<String>, lang_tag: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            page_limit: None,
            lang_tag: lang_tag.into(),
        }
    }

    /// The same client, asking for `limit` top-level comments per page.
    pub fn with_page_limit(mut self, limit: u32) -> Self {
        self.page_limit = Some(limit);
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// One page of comments: the first (`cursor` `None`), stretched to contain comment
    /// `around` if given, or the one after `cursor`.
    pub async fn list_comments(
        &self,
        article_uri: &str,
        sort: Sort,
        cursor: Option<&str>,
        around: Option<i64>,
    ) -> Result<CommentPage, ClientError> {
        let around = around.map(|id| id.to_string());
        let limit = self.page_limit.map(|limit| limit.to_string());
        let mut query = vec![("uri", article_uri), ("sort", sort.as_str())];
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor));
        }
        if let Some(around) = around.as_deref() {
            query.push(("around", around));
        }
        if let Some(limit) = limit.as_deref() {
            query.push(("limit", limit));
        }
        send(
            Request::get(&self.url("/comments"))
                .header("Accept-Language", &self.lang_tag)
                .query(query),
        )
        .await
    }

    /// Comment counts of up to `MAX_COUNT_URIS` articles in one request.
    pub async fn count_comments(&self, uris: &[String]) -> Result<CommentCounts, ClientError> {
        send(
            Request::get(&self.url("/counts"))
                .header("Accept-Language", &self.lang_tag)
                .query(uris.iter().map(|uri| ("uri", uri.as_str()))),
        )
        .await
    }

    pub async fn post_comment(&self, comment: &NewComment) -> Result<CreatedComment, ClientError> {
        self.send_json(Request::post(&self.url("/comments")), comment)
            .await
    }

    pub async fn edit_comment(&self, id: i64, edit: &EditComment) -> Result<Comment, ClientError> {
        self.send_json(Request::put(&self.url(&format!("/comments/{id}"))), edit)
            .await
    }

    pub async fn delete_comment(
        &self,
        id: i64,
        edit_token: &str,
    ) -> Result<DeletedComment, ClientError> {
        let body = DeleteComment {
            edit_token: edit_token.to_owned(),
        };
        self.send_json(
            Request::delete(&self.url(&format!("/comments/{id}"))),
            &body,
        )
        .await
    }

    pub async fn vote(&self, id: i64, vote: &Vote) -> Result<VoteResult, ClientError> {
        self.send_json(
            Request::post(&self.url(&format!("/comments/{id}/vote"))),
            vote,
        )
        .await
    }

    pub async fn post_correction(
        &self,
        correction: &NewCorrection,
    ) -> Result<Received, ClientError> {
        self.send_json(Request::post(&self.url("/corrections")), correction)
            .await
    }

    pub async fn post_letter(&self, letter: &NewLetter) -> Result<Received, ClientError> {
        self.send_json(Request::post(&self.url("/letters")), letter)
            .await
    }

    /// A proof-of-work challenge for the next post.
    pub async fn challenge(&self) -> Result<Challenge, ClientError> {
        send(Request::get(&self.url("/challenge")).header("Accept-Language", &self.lang_tag)).await
    }

    /// The server's limits (the toolbar's forms count against them).
    pub async fn limits(&self) -> Result<Limits, ClientError> {
        send(Request::get(&self.url("/limits")).header("Accept-Language", &self.lang_tag)).await
    }

    async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        request: gloo_net::http::RequestBuilder,
        body: &B,
    ) -> Result<T, ClientError> {
        let deadline = Deadline::start();
        let request = deadline
            .apply(request.header("Accept-Language", &self.lang_tag))
            .json(body)
            .map_err(|_| ClientError::Network)?;
        answer(&deadline, request.send().await).await
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let status = response.status();
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|_| ClientError::UnexpectedResponse { status });
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(ClientError::Api { status, error }),
        Err(_) => Err(ClientError::UnexpectedResponse { status }),
    }
}
