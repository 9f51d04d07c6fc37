//! The HTTP client of the readerbox API: the only module of the widget that talks to
//! the server.
//!
//! Every request has a deadline ([`TIMEOUT_MS`]): a server that does not answer in time
//! is reported like one that is down ([`ClientError::Timeout`]), so the reader can send
//! again. A write that did arrive late is not stored twice: it carries the same
//! idempotency key when sent again.
//!
//! The first page of a comment area may already be on its way when the widget starts:
//! embed.js asks for it alongside the wasm ([`FirstPage`]). The client takes that answer
//! only for exactly the URL it would have asked itself, under the same deadline.

use crate::shared::vec_map::VecMap;
use gloo_net::http::{Request, RequestBuilder, Response};
use readerbox_api::json::FromJson;
use readerbox_api::reports::{NewCorrection, NewLetter, Received};
use readerbox_api::spam::Challenge;
use readerbox_api::{
    ApiError, Comment, CommentPage, CreatedComment, DeleteComment, DeletedComment, EditComment,
    Limits, NewComment, Sort, Vote, VoteResult, API_PREFIX,
};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
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
        match web_sys::AbortController::new() {
            Ok(controller) => Self::over(controller),
            Err(_) => Self {
                controller: None,
                timer: None,
                _on_time: None,
            },
        }
    }

    /// A deadline from now for a request that `controller` aborts.
    fn over(controller: web_sys::AbortController) -> Self {
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
async fn send<T: FromJson>(request: RequestBuilder) -> Result<T, ClientError> {
    exchange(request, None).await?.parse()
}

/// `GET /counts`: the API's `CommentCounts`, with its map as a [`VecMap`].
pub struct Counts {
    pub counts: VecMap<String, u64>,
}

readerbox_api::from_json_struct!(Counts {
    required: [counts],
    defaulted: [],
});

/// A successful answer's status and body, not yet parsed.
///
/// The transport ([`exchange`], [`read`]) is not generic: one copy in the wasm for every
/// request. Only [`Answer::parse`] is made per answer type (generic async code was a copy
/// of the whole exchange per type: 4.2 KB of wasm after brotli).
struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn parse<T: FromJson>(self) -> Result<T, ClientError> {
        readerbox_api::json::decode(&self.body).ok_or(ClientError::UnexpectedResponse {
            status: self.status,
        })
    }
}

/// Sends `request` (with `body` as JSON, if given) under a deadline and reads the answer.
async fn exchange(request: RequestBuilder, body: Option<String>) -> Result<Answer, ClientError> {
    let deadline = Deadline::start();
    let request = deadline.apply(request);
    let request = match body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body),
        None => request.build(),
    }
    .map_err(|_| ClientError::Network)?;
    read(&deadline, request.send().await).await
}

/// The body of a successful answer; an error answer as [`ClientError::Api`].
async fn read(
    deadline: &Deadline,
    sent: Result<Response, gloo_net::Error>,
) -> Result<Answer, ClientError> {
    let response = sent.map_err(|_| deadline.failure())?;
    let status = response.status();
    let Ok(body) = response.text().await else {
        // The body stopped coming: the deadline, or the connection.
        return Err(match deadline.failure() {
            ClientError::Timeout => ClientError::Timeout,
            _ => ClientError::UnexpectedResponse { status },
        });
    };
    let answer = Answer { status, body };
    if response.ok() {
        return Ok(answer);
    }
    match answer.parse::<ApiError>() {
        Ok(error) => Err(ClientError::Api { status, error }),
        Err(unexpected) => Err(unexpected),
    }
}

/// A first page of comments that embed.js asked for before the widget was loaded: the
/// absolute URL it asked, the pending `fetch`, and the controller that aborts it.
#[derive(Clone, Debug)]
pub struct FirstPage {
    pub url: String,
    pub response: js_sys::Promise,
    pub abort: web_sys::AbortController,
}

thread_local! {
    /// First pages not yet taken, by [`Pending`] number. A thread-local rather than a
    /// field: the client lives in Leptos contexts, which must be `Send`.
    static FIRST_PAGES: RefCell<Vec<(u32, FirstPage)>> = const { RefCell::new(Vec::new()) };
}

/// The number of a client's [`FirstPage`], shared by its clones and taken by the first
/// list request of any of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Pending(Option<u32>);

impl Pending {
    fn new(first: FirstPage) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let number = NEXT.fetch_add(1, Ordering::Relaxed);
        FIRST_PAGES.with_borrow_mut(|pages| pages.push((number, first)));
        Self(Some(number))
    }

    /// The request for `url`, if that is what was asked ahead. Whatever else was asked is
    /// aborted: the first list request decides, once.
    fn take_for(self, url: &str) -> Option<FirstPage> {
        let number = self.0?;
        let first = FIRST_PAGES.with_borrow_mut(|pages| {
            let at = pages.iter().position(|(n, _)| *n == number)?;
            Some(pages.swap_remove(at).1)
        })?;
        if first.url == url {
            Some(first)
        } else {
            first.abort.abort();
            None
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    /// Top-level comments asked for in the first page and in each page after it; the
    /// server's page size when `None`.
    page_limits: Option<(u32, u32)>,
    /// Sent as `Accept-Language`, so the server's messages are in the reader's language.
    lang_tag: String,
    first_page: Pending,
}

impl ApiClient {
    /// `base` is the server's base URL without trailing slash; empty for same origin.
    pub fn new(base: impl Into<String>, lang_tag: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            page_limits: None,
            lang_tag: lang_tag.into(),
            first_page: Pending::default(),
        }
    }

    /// The same client, with a first page already asked for (see [`FirstPage`]).
    pub fn with_first_page(mut self, first: Option<FirstPage>) -> Self {
        self.first_page = first.map(Pending::new).unwrap_or_default();
        self
    }

    /// The same client, asking for `first` top-level comments in the first page and
    /// `rest` in each page after it.
    pub fn with_page_limits(mut self, first: u32, rest: u32) -> Self {
        self.page_limits = Some((first, rest));
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// [`Self::url`] resolved against the page, as embed.js resolves it.
    fn absolute_url(&self, path: &str) -> Option<web_sys::Url> {
        let page = web_sys::window()?.location().href().ok()?;
        web_sys::Url::new_with_base(&self.url(path), &page).ok()
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
        // A base that is no URL fails like an unreachable server, as any request to it.
        let url = self.absolute_url("/comments").ok_or(ClientError::Network)?;
        let query = url.search_params();
        query.append("uri", article_uri);
        query.append("sort", sort.as_str());
        if let Some(cursor) = cursor {
            query.append("cursor", cursor);
        }
        if let Some(around) = around {
            query.append("around", &around.to_string());
        }
        if let Some((first, rest)) = self.page_limits {
            let limit = if cursor.is_some() { rest } else { first };
            query.append("limit", &limit.to_string());
        }
        let url = url.href();
        if let Some(first) = self.first_page.take_for(&url) {
            let deadline = Deadline::over(first.abort);
            let sent = wasm_bindgen_futures::JsFuture::from(first.response)
                .await
                .map(|response| Response::from(response.unchecked_into::<web_sys::Response>()))
                .map_err(|_| gloo_net::Error::GlooError("the first page failed".into()));
            return read(&deadline, sent).await?.parse();
        }
        send(Request::get(&url).header("Accept-Language", &self.lang_tag)).await
    }

    /// Comment counts of up to `MAX_COUNT_URIS` articles in one request.
    pub async fn count_comments(&self, uris: &[String]) -> Result<Counts, ClientError> {
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

    async fn send_json<B: serde::Serialize, T: FromJson>(
        &self,
        request: RequestBuilder,
        body: &B,
    ) -> Result<T, ClientError> {
        let body = serde_json::to_string(body).map_err(|_| ClientError::Network)?;
        let request = request.header("Accept-Language", &self.lang_tag);
        exchange(request, Some(body)).await?.parse()
    }
}
