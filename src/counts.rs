//! Comment-count badges for article lists and teasers:
//! `<span data-readerbox-count data-uri="/a.html">Kommentare</span>`.
//!
//! All badges that share an API base are counted with one request (in chunks of
//! `MAX_COUNT_URIS`); each badge's text then becomes the count in its own locale
//! ("12 Kommentare"). A badge whose count can't be loaded keeps its own content.
//! Badges are the site's elements: only their text is set, never HTML.

use crate::shared::api::ApiClient;
use crate::shared::config::{api_base_for, locale_for};
use crate::shared::vec_map::VecMap;
use readerbox_api::uri::check_article_uri;
use readerbox_api::MAX_COUNT_URIS;
use web_sys::HtmlElement;

/// The article a badge counts: `data-uri` (or `data-readerbox-uri`), if it is valid.
pub fn badge_uri(badge: &HtmlElement) -> Option<String> {
    badge
        .get_attribute("data-uri")
        .or_else(|| badge.get_attribute("data-readerbox-uri"))
        .map(|uri| uri.trim().to_owned())
        .filter(|uri| check_article_uri(uri).is_ok())
}

/// Fills every badge with its article's comment count.
pub async fn fill_badges(badges: Vec<HtmlElement>, default_api_base: String) {
    let document = leptos::prelude::document();
    let mut by_api: VecMap<String, Vec<(HtmlElement, String)>> = VecMap::new();
    for badge in badges {
        let Some(uri) = badge_uri(&badge) else {
            continue;
        };
        let api = api_base_for(&badge, &default_api_base);
        by_api.entry_or_default(api).push((badge, uri));
    }

    for (api, badges) in by_api {
        let mut uris: Vec<String> = badges.iter().map(|(_, uri)| uri.clone()).collect();
        uris.sort();
        uris.dedup();
        let lang_tag = locale_for(&badges[0].0, &document).tag;
        let client = ApiClient::new(api, lang_tag);
        let mut counts = VecMap::new();
        for chunk in uris.chunks(MAX_COUNT_URIS) {
            if let Ok(answer) = client.count_comments(chunk).await {
                counts.extend(answer.counts);
            }
        }
        for (badge, uri) in badges {
            if let Some(&count) = counts.get(&uri) {
                let locale = locale_for(&badge, &document);
                badge.set_text_content(Some(
                    &locale.count_label(usize::try_from(count).unwrap_or(usize::MAX)),
                ));
                let _ = badge.set_attribute("data-readerbox-count-value", &count.to_string());
            }
        }
    }
}
