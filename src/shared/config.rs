//! A widget instance's configuration, read from its host element's data attributes.
//!
//! | attribute | meaning | default |
//! |---|---|---|
//! | `data-readerbox-api` | base URL of the readerbox server | the origin `embed.js` was loaded from |
//! | `data-readerbox-uri` | the article's URI (absolute path) | the path of `<link rel="canonical">`, else of the page |
//! | `data-readerbox-theme` | `light`, `dark` or `auto` (follows the reader's system) | `light` |
//! | `data-readerbox-lang` | `de` or `en` (with region: `en-GB`) | the page's `<html lang>`, else German |
//! | `data-readerbox-texts` | JSON object replacing any of the texts (see `i18n::Texts`) | none |
//! | `data-readerbox-load-all` | present: load every page at once (100 threads a request), no "mehr" | absent: one page, then "mehr" |

use crate::shared::i18n::Locale;
use web_sys::{Document, HtmlElement};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub fn parse(value: &str) -> Self {
        match value.trim() {
            "dark" => Self::Dark,
            "auto" => Self::Auto,
            _ => Self::Light,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "auto",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Without trailing slash; empty means the page's own origin.
    pub api_base: String,
    pub article_uri: String,
    pub theme: Theme,
    pub locale: Locale,
    /// Load the whole thread, page after page, instead of waiting for "mehr".
    pub load_all: bool,
}

impl WidgetConfig {
    pub fn from_host(host: &HtmlElement, document: &Document, default_api_base: &str) -> Self {
        let api_base = api_base_for(host, default_api_base);
        let article_uri = host
            .get_attribute("data-readerbox-uri")
            .map(|uri| uri.trim().to_owned())
            .filter(|uri| !uri.is_empty())
            .unwrap_or_else(|| page_uri(document));
        let theme = host
            .get_attribute("data-readerbox-theme")
            .map(|t| Theme::parse(&t))
            .unwrap_or_default();
        let locale = locale_for(host, document);
        Self {
            api_base,
            article_uri,
            theme,
            locale,
            load_all: host.has_attribute("data-readerbox-load-all"),
        }
    }
}

/// The server an element talks to: its `data-readerbox-api`, else `default_api_base`
/// (embed.js's origin); without trailing slash.
pub fn api_base_for(element: &web_sys::Element, default_api_base: &str) -> String {
    element
        .get_attribute("data-readerbox-api")
        .filter(|base| !base.trim().is_empty())
        .unwrap_or_else(|| default_api_base.to_owned())
        .trim()
        .trim_end_matches('/')
        .to_owned()
}

/// The locale an element asks for: its `data-readerbox-lang`, else the page's
/// `<html lang>`, else German; with its `data-readerbox-texts` overrides.
pub fn locale_for(element: &web_sys::Element, document: &Document) -> Locale {
    let requested = element
        .get_attribute("data-readerbox-lang")
        .or_else(|| {
            document
                .document_element()
                .and_then(|html| html.get_attribute("lang"))
        })
        .filter(|lang| !lang.trim().is_empty());
    let overrides = element.get_attribute("data-readerbox-texts");
    Locale::resolve(requested.as_deref(), overrides.as_deref())
}

/// Path (and query) of the canonical URL, else of the page itself.
fn page_uri(document: &Document) -> String {
    let canonical = document
        .query_selector("link[rel='canonical']")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| web_sys::Url::new_with_base(&href, &document.url().ok()?).ok());
    let url = canonical.or_else(|| document.url().ok().and_then(|u| web_sys::Url::new(&u).ok()));
    match url {
        Some(url) => format!("{}{}", url.pathname(), url.search()),
        None => "/".to_owned(),
    }
}

/// What the article toolbar needs beyond [`WidgetConfig`], from its host's attributes:
///
/// | attribute | meaning | default |
/// |---|---|---|
/// | `data-readerbox-contact` | the site's contact page ("Kontakt") | none: no Kontakt link |
/// | `data-readerbox-privacy` | the site's privacy notice, linked from the letter form | none |
/// | `data-readerbox-share` | JSON `{"Name": "https://…{url}…{title}…"}`: extra share links | none |
///
/// The article's element (for the font size and Korrektur's selection) is named once, on
/// the script tag (`data-readerbox-article`), and passed in by embed.js.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToolbarConfig {
    /// CSS selector of the article element.
    pub article_selector: String,
    pub contact_url: Option<String>,
    pub privacy_url: Option<String>,
    /// Network name and URL template (`{url}`, `{title}` are filled in, encoded).
    pub share_links: Vec<(String, String)>,
}

impl ToolbarConfig {
    pub fn from_host(host: &HtmlElement, article_selector: &str) -> Self {
        let link = |name: &str| host.get_attribute(name).and_then(|url| site_link(&url));
        let share_links = host
            .get_attribute("data-readerbox-share")
            .and_then(|json| {
                readerbox_api::json::decode::<crate::shared::vec_map::VecMap<String, String>>(&json)
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, template)| {
                !name.trim().is_empty()
                    && readerbox_markdown::safe_href(template)
                        .is_some_and(|url| url.starts_with("http"))
            })
            .collect();
        Self {
            article_selector: Some(article_selector.trim())
                .filter(|s| !s.is_empty())
                .unwrap_or("article")
                .to_owned(),
            contact_url: link("data-readerbox-contact"),
            privacy_url: link("data-readerbox-privacy"),
            share_links,
        }
    }
}

pub use readerbox_view::toolbar::site_link;

/// The article as readers share, print and write about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    /// Absolute URL: the canonical link's, else the page's, without fragment.
    pub url: String,
    /// `og:title`, else the article's first `h1`, else the document title.
    pub title: String,
}

impl ArticleInfo {
    pub fn of_page(document: &Document, article_selector: &str) -> Self {
        let page = document.url().unwrap_or_default();
        let canonical = document
            .query_selector("link[rel='canonical']")
            .ok()
            .flatten()
            .and_then(|link| link.get_attribute("href"))
            .and_then(|href| web_sys::Url::new_with_base(&href, &page).ok());
        let url = canonical.or_else(|| web_sys::Url::new(&page).ok());
        let url = url
            .map(|url| {
                url.set_hash("");
                url.href()
            })
            .unwrap_or(page);
        let text_of = |selector: &str| {
            document
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|element| element.text_content())
                .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|text| !text.is_empty())
        };
        let og_title = document
            .query_selector("meta[property='og:title']")
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .filter(|title| !title.trim().is_empty());
        let title = og_title
            .or_else(|| text_of(&format!("{article_selector} h1")))
            .or_else(|| text_of("h1"))
            .unwrap_or_else(|| document.title());
        Self { url, title }
    }
}
