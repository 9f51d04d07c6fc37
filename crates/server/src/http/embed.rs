//! The first screen as HTML: `GET /embed/comments?uri=…` answers the inside of a comment
//! host, a declarative shadow root (`<template shadowrootmode="open">`) with the widget's
//! stylesheet, the first page of comments as the widget draws it (`readerbox-view`), and
//! that page's JSON as data for the widget, which takes over without asking again.
//!
//! `GET /embed/toolbar` answers the article toolbar's controls the same way
//! (`readerbox_view::toolbar`), so that they show before the wasm too.
//!
//! Two ways it reaches a page: a publisher's CMS (or nginx SSI) inlines it into the
//! article at render time (readers without JavaScript and crawlers see the comments), or
//! embed.js fetches it beside the wasm and shows it at once.
//!
//! Invariants: the fragment holds no script that runs and no `style` attribute (a strict
//! CSP allows it as it is); comment text is HTML only through `readerbox-markdown`. It is
//! cached like the JSON pages, per article version (ETag; a CDN may keep it
//! `AppState::shared_cache`), and per minute, since it says "vor 5 Minuten".

use crate::error::AppError;
use crate::http::comments::{answer_cached, require_article_uri, ApiQuery};
use crate::page_cache::CachedPage;
use crate::store::now_millis;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use readerbox_api::{CommentPage, ErrorCode, Lang, Problem, Sort};
use readerbox_view::area::FirstScreen;
use readerbox_view::texts::Texts;
use readerbox_view::toolbar::{self, site_link, ToolbarScreen};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The widget's stylesheet, as the fragment links it.
const STYLESHEET: &str = include_str!("../../../../style/readerbox.css");

/// `/embed/readerbox-<hash>.css`: the stylesheet's path, named by its content.
pub static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let hash = Sha256::digest(STYLESHEET.as_bytes());
    let hex: String = hash[..8].iter().map(|byte| format!("{byte:02x}")).collect();
    format!("/embed/readerbox-{hex}.css")
});

#[derive(Debug, Deserialize)]
pub struct EmbedQuery {
    pub uri: String,
    #[serde(default)]
    pub sort: Option<Sort>,
    /// `de` or `en` (with region: `en-GB`); German by default.
    #[serde(default)]
    pub lang: Option<String>,
    /// `light`, `dark` or `auto`.
    #[serde(default)]
    pub theme: Option<String>,
    /// Top-level comments on the first screen, 1–100 (a load-all widget's first page is
    /// 100); the server's page size by default.
    #[serde(default)]
    pub limit: Option<u32>,
    /// `0`: without the page's JSON (embed.js asks for it as JSON beside the fragment).
    #[serde(default)]
    pub data: Option<String>,
}

/// `GET /embed/comments?uri=/a.html[&sort=newest][&lang=en][&theme=dark]`.
pub async fn comments(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<EmbedQuery>,
) -> Result<Response, AppError> {
    Ok(answer_fragment(
        &state,
        &headers,
        render(&state, query).await?,
    ))
}

/// The fragment for `query`, from the cache while its article and minute are unchanged.
pub async fn render(state: &AppState, query: EmbedQuery) -> Result<CachedPage, AppError> {
    require_article_uri(&query.uri)?;
    let sort = query.sort.unwrap_or_default();
    let (language, tag) = language_of(query.lang.as_deref());
    let theme = theme_of(query.theme.as_deref());
    let limit = query.limit.unwrap_or(state.limits.page_size);
    if !(1..=readerbox_api::MAX_SITE_PAGE_SIZE).contains(&limit) {
        return Err(AppError::new(
            ErrorCode::InvalidQuery,
            Problem::InvalidLimit {
                max: readerbox_api::MAX_SITE_PAGE_SIZE,
            },
            Some("limit"),
        ));
    }
    let with_data = query.data.as_deref() != Some("0");
    let now = now_millis();
    let (version, closed) = state.store.thread_state(&query.uri).await?;
    let key = format!(
        "embed\n{}\n{}\n{limit}\n{tag}\n{theme}\n{with_data}\n{}",
        query.uri,
        sort.as_str(),
        now / 60_000
    );
    if let Some(page) = state.pages.get(&key, version) {
        return Ok(page);
    }
    let listed = state
        .store
        .list_page(&query.uri, sort, None, limit, None)
        .await?;
    let page = CommentPage {
        closed,
        uri: query.uri,
        total: listed.total,
        comments: listed.comments,
        next_cursor: listed.next.map(crate::store::Cursor::encode),
        limits: state.limits,
    };
    let texts = Texts::for_lang(language);
    let screen = FirstScreen {
        page: &page,
        sort,
        tag: &tag,
        texts: &texts,
        ids: "readerbox-1",
        now_ms: now as f64,
    };
    let html = fragment(&screen, theme, limit, with_data);
    let page = CachedPage::new(version, html.into());
    state.pages.put(key, page.clone());
    Ok(page)
}

/// The language the texts are in, and the tag dates and numbers are written for: German
/// unless asked otherwise; the region of our language is kept (en-US writes dates unlike
/// en-GB).
fn language_of(lang: Option<&str>) -> (Lang, String) {
    let lang = lang.map(str::trim).filter(|tag| !tag.is_empty());
    let language = lang.map(Lang::negotiate).unwrap_or_default();
    let tag = lang
        .filter(|tag| {
            tag.split(['-', '_'])
                .next()
                .is_some_and(|primary| primary.eq_ignore_ascii_case(language.tag()))
                && tag.len() <= 16
                && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .unwrap_or(language.tag())
        .to_owned();
    (language, tag)
}

fn theme_of(theme: Option<&str>) -> &'static str {
    match theme {
        Some("dark") => "dark",
        Some("auto") => "auto",
        _ => "light",
    }
}

#[derive(Debug, Deserialize)]
pub struct ToolbarQuery {
    /// `de` or `en`; German by default.
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    /// `1`: the page has a comment area ("Kommentar" shows).
    #[serde(default)]
    pub comments: Option<String>,
    /// "Kontakt": a path on the site or an http(s)/mailto URL (anything else is left out,
    /// as the widget leaves it out).
    #[serde(default)]
    pub contact: Option<String>,
}

/// `GET /embed/toolbar[?lang=en][&theme=dark][&comments=1][&contact=/kontakt.html]`: the
/// article toolbar's controls, drawn as the widget draws them at rest.
pub async fn toolbar(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ToolbarQuery>,
) -> Response {
    let (language, _) = language_of(query.lang.as_deref());
    let theme = theme_of(query.theme.as_deref());
    let comments = query.comments.as_deref() == Some("1");
    let contact = query.contact.as_deref().and_then(site_link);
    let key = format!(
        "toolbar\n{}\n{theme}\n{comments}\n{}",
        language.tag(),
        contact.as_deref().unwrap_or("")
    );
    // Nothing in it changes while the server runs: one version for all.
    let page = match state.pages.get(&key, 0) {
        Some(page) => page,
        None => {
            let texts = Texts::for_lang(language);
            let screen = ToolbarScreen {
                texts: &texts,
                ids: toolbar::SERVER_IDS,
                comments,
                contact: contact.as_deref(),
            };
            let html = format!(
                "<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"{}\">{}</template>",
                *STYLESHEET_PATH,
                screen.html(theme),
            );
            let page = CachedPage::new(0, html.into());
            state.pages.put(key, page.clone());
            page
        }
    };
    answer_fragment(&state, &headers, page)
}

fn answer_fragment(state: &AppState, headers: &HeaderMap, page: CachedPage) -> Response {
    answer_cached(
        headers,
        page,
        "text/html; charset=utf-8",
        state.shared_cache.clone(),
    )
}

/// The host's inner HTML: the shadow root with stylesheet, first screen and data.
fn fragment(screen: &FirstScreen, theme: &str, limit: u32, with_data: bool) -> String {
    let data = if with_data {
        let json = serde_json::to_string(screen.page).unwrap_or_default();
        // Data, not script: `<` escaped so that nothing in a comment can end the element.
        let json = json.replace('<', "\\u003c");
        format!(
            "<script type=\"application/json\" class=\"readerbox-first-page\" \
             data-sort=\"{}\" data-limit=\"{limit}\">{json}</script>",
            screen.sort.as_str()
        )
    } else {
        String::new()
    };
    format!(
        "<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"{}\">{}{data}</template>",
        *STYLESHEET_PATH,
        screen.html(theme),
    )
}

/// The files beside the fragment: its stylesheet, and the demo's server-rendered article
/// (not API operations, so not in the OpenAPI document).
pub fn files() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/embed/{file}",
            get(stylesheet).layer(tower_http::compression::CompressionLayer::new()),
        )
        .route("/lokales/2026/11/neues-hallenbad.html", get(demo_article))
}

/// `GET /embed/readerbox-<hash>.css`: the stylesheet the fragments link, cached for
/// good under its content's name.
pub async fn stylesheet(Path(file): Path<String>) -> Response {
    if format!("/embed/{file}") != *STYLESHEET_PATH {
        return (StatusCode::NOT_FOUND, "").into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(crate::http::assets::IMMUTABLE),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// The demo's article page rendered on the server: `demo/neues-hallenbad.html` with its
/// `<!--#include virtual="/embed/comments?…" -->` replaced by the fragment, as nginx's
/// SSI module does it in front of a real site (README, "Server-rendered comments").
/// Only that one include is understood; it is the demo's, not a general SSI.
pub async fn demo_article(State(state): State<AppState>) -> Response {
    let Ok(page) = tokio::fs::read_to_string(state.static_dir.join("neues-hallenbad.html")).await
    else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    const START: &str = "<!--#include virtual=\"/embed/comments?";
    const END: &str = "\" -->";
    let Some((before, rest)) = page.split_once(START) else {
        return Html(page).into_response();
    };
    let Some((query, after)) = rest.split_once(END) else {
        return Html(page).into_response();
    };
    let query = query.replace("&amp;", "&");
    let fragment = match embed_query(&query) {
        Some(query) => match render(&state, query).await {
            Ok(fragment) => String::from_utf8_lossy(&fragment.body).into_owned(),
            Err(_) => String::new(),
        },
        None => String::new(),
    };
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
        Html(format!("{before}{fragment}{after}")),
    )
        .into_response()
}

fn embed_query(query: &str) -> Option<EmbedQuery> {
    let mut found = EmbedQuery {
        uri: String::new(),
        sort: None,
        lang: None,
        theme: None,
        limit: None,
        data: None,
    };
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match &*key {
            "uri" => found.uri = value.into_owned(),
            "sort" => found.sort = Sort::ALL.into_iter().find(|sort| sort.as_str() == value),
            "lang" => found.lang = Some(value.into_owned()),
            "theme" => found.theme = Some(value.into_owned()),
            "limit" => found.limit = value.parse().ok(),
            _ => {}
        }
    }
    (!found.uri.is_empty()).then_some(found)
}
