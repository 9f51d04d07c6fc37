//! A widget instance's configuration, read from its host element's data attributes.
//!
//! | attribute | meaning | default |
//! |---|---|---|
//! | `data-readerbox-api` | base URL of the readerbox server | `""`: the page's own origin |
//! | `data-readerbox-uri` | the article's URI (absolute path) | the path of `<link rel="canonical">`, else of the page |

use web_sys::{Document, HtmlElement};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Without trailing slash; empty means same origin.
    pub api_base: String,
    pub article_uri: String,
}

impl WidgetConfig {
    pub fn from_host(host: &HtmlElement, document: &Document) -> Self {
        let api_base = host
            .get_attribute("data-readerbox-api")
            .map(|base| base.trim().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        let article_uri = host
            .get_attribute("data-readerbox-uri")
            .map(|uri| uri.trim().to_owned())
            .filter(|uri| !uri.is_empty())
            .unwrap_or_else(|| page_uri(document));
        Self {
            api_base,
            article_uri,
        }
    }
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
