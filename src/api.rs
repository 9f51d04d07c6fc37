//! The HTTP client of the readerbox API: the only module of the widget that talks to
//! the server.

use gloo_net::http::{Request, Response};
use readerbox_api::reports::{NewCorrection, NewLetter, Received};
use readerbox_api::spam::Challenge;
use readerbox_api::{
    ApiError, Comment, CommentCounts, CommentPage, CreatedComment, DeleteComment, DeletedComment,
    EditComment, Limits, NewComment, Sort, Vote, VoteResult, API_PREFIX,
};
use serde::de::DeserializeOwned;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// No answer: server down, offline, blocked by CORS or the network.
    Network,
    /// The server answered with an error body (4xx/5xx).
    Api { status: u16, error: ApiError },
    /// The server answered something that is not our API (proxy page, wrong URL).
    UnexpectedResponse { status: u16 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    /// Sent as `Accept-Language`, so the server's messages are in the reader's language.
    lang_tag: String,
}

impl ApiClient {
    /// `base` is the server's base URL without trailing slash; empty for same origin.
    pub fn new(base: impl Into<String>, lang_tag: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            lang_tag: lang_tag.into(),
        }
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
        let mut query = vec![("uri", article_uri), ("sort", sort.as_str())];
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor));
        }
        if let Some(around) = around.as_deref() {
            query.push(("around", around));
        }
        let response = Request::get(&self.url("/comments"))
            .header("Accept-Language", &self.lang_tag)
            .query(query)
            .send()
            .await
            .map_err(|_| ClientError::Network)?;
        decode(response).await
    }

    /// Comment counts of up to `MAX_COUNT_URIS` articles in one request.
    pub async fn count_comments(&self, uris: &[String]) -> Result<CommentCounts, ClientError> {
        let response = Request::get(&self.url("/counts"))
            .header("Accept-Language", &self.lang_tag)
            .query(uris.iter().map(|uri| ("uri", uri.as_str())))
            .send()
            .await
            .map_err(|_| ClientError::Network)?;
        decode(response).await
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
        let response = Request::get(&self.url("/challenge"))
            .header("Accept-Language", &self.lang_tag)
            .send()
            .await
            .map_err(|_| ClientError::Network)?;
        decode(response).await
    }

    /// The server's limits (the toolbar's forms count against them).
    pub async fn limits(&self) -> Result<Limits, ClientError> {
        let response = Request::get(&self.url("/limits"))
            .header("Accept-Language", &self.lang_tag)
            .send()
            .await
            .map_err(|_| ClientError::Network)?;
        decode(response).await
    }

    async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        request: gloo_net::http::RequestBuilder,
        body: &B,
    ) -> Result<T, ClientError> {
        let response = request
            .header("Accept-Language", &self.lang_tag)
            .json(body)
            .map_err(|_| ClientError::Network)?
            .send()
            .await
            .map_err(|_| ClientError::Network)?;
        decode(response).await
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
