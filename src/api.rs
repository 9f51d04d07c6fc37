//! The HTTP client of the readerbox API: the only module of the widget that talks to
//! the server.

use gloo_net::http::{Request, Response};
use readerbox_api::{ApiError, Comment, CommentCounts, CommentList, NewComment, API_PREFIX};
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

    pub async fn list_comments(&self, article_uri: &str) -> Result<CommentList, ClientError> {
        let response = Request::get(&self.url("/comments"))
            .header("Accept-Language", &self.lang_tag)
            .query([("uri", article_uri)])
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

    pub async fn post_comment(&self, comment: &NewComment) -> Result<Comment, ClientError> {
        let response = Request::post(&self.url("/comments"))
            .header("Accept-Language", &self.lang_tag)
            .json(comment)
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
