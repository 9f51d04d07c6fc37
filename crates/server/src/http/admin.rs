//! The editors' login: accounts from the config (`name:argon2-hash`), sessions in the
//! database (so any server process knows them), a cookie that is HttpOnly, Secure and
//! SameSite=Strict. Changing requests made with the cookie must come from our own origin
//! (the `Origin` header), which with SameSite=Strict and JSON-only bodies makes them
//! CSRF-safe. Scripts and tools may use the admin token as a bearer instead.

use crate::error::AppError;
use crate::http::comments::{peer_of, ApiJson, ClientIp};
use crate::store::now_millis;
use crate::AppState;
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readerbox_api::{ErrorCode, Problem};
use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "readerbox_admin";
/// How long a login lasts.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;

/// An editor account from the config: `name:$argon2id$…`.
#[derive(Clone, Debug)]
pub struct Account {
    pub name: String,
    pub password_hash: String,
}

impl Account {
    pub fn parse(entry: &str) -> Option<Self> {
        let (name, hash) = entry.trim().split_once(':')?;
        PasswordHash::new(hash).ok()?;
        (!name.is_empty()).then(|| Self {
            name: name.to_owned(),
            password_hash: hash.to_owned(),
        })
    }

    fn verify(&self, password: &str) -> bool {
        PasswordHash::new(&self.password_hash).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
    }
}

/// An argon2id hash of `password` for the config (`readerbox-server --hash-password`).
pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut random = [0u8; 16];
    getrandom::getrandom(&mut random).expect("the OS has randomness");
    let salt = SaltString::encode_b64(&random).expect("16 bytes make a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password")
        .to_string()
}

#[derive(Debug, Deserialize)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Me {
    pub username: String,
}

fn unauthorized() -> AppError {
    AppError::new(ErrorCode::Unauthorized, Problem::Unauthorized, None)
}

fn session_cookie(token: &str, max_age_secs: i64) -> HeaderValue {
    let cookie = cookie::Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(cookie::SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a token is a valid header value")
}

/// `POST /api/v1/admin/login`.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    request: EditorRequest,
    ApiJson(login): ApiJson<Login>,
) -> Result<Response, AppError> {
    same_origin(&request)?;
    state.write_limiter.admit(&state.store, client).await?;
    let account = state
        .admin_accounts
        .iter()
        .find(|account| account.name == login.username);
    // Verify against some hash even for unknown names, so timing tells nothing.
    let known = match account {
        Some(account) => account.verify(&login.password),
        None => {
            let _ = state
                .admin_accounts
                .first()
                .map(|a| a.verify(&login.password));
            false
        }
    };
    if !known {
        tracing::warn!("failed editor login");
        return Err(AppError::new(
            ErrorCode::Unauthorized,
            Problem::WrongLogin,
            None,
        ));
    }
    let token = crate::secrets::random_hex(32);
    state
        .store
        .create_session(
            &state.store.keyed_hash("session", &[&token]),
            &login.username,
            now_millis() + SESSION_MS,
        )
        .await?;
    tracing::info!(user = %login.username, "editor logged in");
    let mut response = Json(Me {
        username: login.username,
    })
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&token, SESSION_MS / 1000),
    );
    Ok(response)
}

/// `POST /api/v1/admin/logout`.
pub async fn logout(
    State(state): State<AppState>,
    request: EditorRequest,
) -> Result<Response, AppError> {
    same_origin(&request)?;
    if let Some(token) = cookie_token(&request.headers) {
        state
            .store
            .end_session(&state.store.keyed_hash("session", &[&token]))
            .await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0));
    Ok(response)
}

/// `GET /api/v1/admin/me`: who is logged in (401 when nobody).
pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, AppError> {
    let username = session_user(&state, &headers)
        .await?
        .ok_or_else(unauthorized)?;
    Ok(Json(Me { username }))
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty())
}

async fn session_user(state: &AppState, headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session_user(&state.store.keyed_hash("session", &[&token]))
        .await?)
}

/// An editor's request: its method and headers, and the origin it was made to as the
/// browser saw it (through trusted proxies: `crate::proxies`).
pub struct EditorRequest {
    pub method: Method,
    pub headers: HeaderMap,
    pub origin: Option<String>,
}

impl FromRequestParts<AppState> for EditorRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self {
            method: parts.method.clone(),
            headers: parts.headers.clone(),
            origin: state.proxies.origin(peer_of(parts), &parts.headers),
        })
    }
}

/// Requests that change something must come from a page of our own origin: scheme,
/// host and port (an `https://` page is not an `http://` server's own).
fn same_origin(request: &EditorRequest) -> Result<(), AppError> {
    let sent = request
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    match sent {
        // Tools without a browser send no Origin; a browser always does on POST.
        None => Ok(()),
        Some(sent) if Some(sent.to_ascii_lowercase()) == request.origin => Ok(()),
        Some(_) => Err(unauthorized()),
    }
}

/// The editors' API: the admin token as a bearer, or a login session (then changes only
/// from our own origin).
pub async fn require_editor(state: &AppState, request: &EditorRequest) -> Result<(), AppError> {
    let (method, headers) = (&request.method, &request.headers);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if let (Some(given), Some(token)) = (bearer, state.admin_token.as_deref()) {
        if crate::secrets::constant_time_eq(token.as_bytes(), given.as_bytes()) {
            return Ok(());
        }
    }
    if session_user(state, headers).await?.is_some() {
        if method != Method::GET {
            same_origin(request)?;
        }
        return Ok(());
    }
    Err(unauthorized())
}
