//! Every string a reader sees, in one place per language ([`Texts::german`],
//! [`Texts::english`]), and the locale an instance speaks ([`Locale`]): plural forms,
//! numbers and dates as the browser's `Intl` writes them for that locale (written by us
//! where we can, see [`format_number`] and `crate::shared::time`).
//!
//! A site can replace any text with `data-readerbox-texts='{"write_heading": "Ihre
//! Meinung"}'` on the host: keys are the field names of [`Texts`]; `{count}` in
//! `count_one`/`count_other` is replaced by the formatted number.

use crate::shared::vec_map::VecMap;
use readerbox_api::Lang;

pub use readerbox_view::texts::Texts;

/// `texts` with the site's replacements (a JSON object of field names to strings).
/// Unknown keys are ignored; invalid JSON changes nothing.
pub fn with_overrides(mut texts: Texts, json: &str) -> Texts {
    let Some(overrides) = readerbox_api::json::decode::<VecMap<String, String>>(json) else {
        return texts;
    };
    for (key, value) in overrides {
        if let Some(text) = texts.field_mut(&key) {
            // A page sets its texts once per widget instance: kept for the page's life,
            // like the built-in ones.
            *text = Box::leak(value.into_boxed_str());
        }
    }
    texts
}

/// The language, locale tag and texts of one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    /// BCP 47 tag for `Intl` and `Accept-Language`, e.g. `de-DE`, `en-GB`.
    pub tag: String,
    pub texts: Texts,
}

impl Locale {
    /// From the language the page asks for (`data-readerbox-lang`, else `<html lang>`),
    /// German when it names none we speak; with the site's text overrides, if any.
    pub fn resolve(requested: Option<&str>, overrides: Option<&str>) -> Self {
        let lang = requested.map(Lang::negotiate).unwrap_or_default();
        // Keep the page's region (en-US dates differ from en-GB) when it is our language.
        let tag = requested
            .map(str::trim)
            .filter(|tag| {
                primary_subtag(tag).eq_ignore_ascii_case(lang.tag()) && !tag.contains(',')
            })
            .map(str::to_owned)
            .unwrap_or_else(|| lang.tag().to_owned());
        let texts = Texts::for_lang(lang);
        let texts = match overrides {
            Some(json) => with_overrides(texts, json),
            None => texts,
        };
        Self { lang, tag, texts }
    }

    pub fn german() -> Self {
        Self::resolve(Some("de-DE"), None)
    }

    /// The heading: "Kommentare" for none, else the count with the plural form the
    /// locale's rules choose ("1 Kommentar", "1.234 Kommentare", "1,234 comments").
    pub fn count_heading(&self, count: usize) -> String {
        self.texts
            .count_heading(count, &format_number(&self.tag, count))
    }

    /// A count on its own, as badges on article lists show it: "Keine Kommentare",
    /// "1 Kommentar", "12 Kommentare".
    pub fn count_label(&self, count: usize) -> String {
        self.texts
            .count_label(count, &format_number(&self.tag, count))
    }
}

/// `en` of `en-GB`.
fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// The CLDR plural category of a whole `count` ("one", "other"), as
/// Intl.PluralRules says it (checked in the widget tests). Every tag here is German or
/// English ([`Locale::resolve`]), where a whole number is "one" exactly when it is 1:
/// no Intl, whose first use in a fresh renderer process costs the first render ICU's
/// loading.
pub fn plural_category(tag: &str, count: usize) -> &'static str {
    debug_assert!(matches!(
        primary_subtag(tag).to_ascii_lowercase().as_str(),
        "de" | "en"
    ));
    if count == 1 {
        "one"
    } else {
        "other"
    }
}

/// `count` with the locale's digit grouping: "1.234" in German.
///
/// Below 1,000, and for German and English as Germany, the US and Britain write them,
/// without Intl: the first `toLocaleString` loads the locale's number data, which cost
/// ~30 ms of a cold first render for the heading's count alone.
pub fn format_number(tag: &str, count: usize) -> String {
    readerbox_view::texts::format_number(tag, count).unwrap_or_else(|| {
        js_sys::Number::from(count as f64)
            .to_locale_string(tag)
            .into()
    })
}
