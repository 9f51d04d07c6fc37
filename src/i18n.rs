//! Every string a reader sees, in one place per language ([`Texts::german`],
//! [`Texts::english`]), and the locale an instance speaks ([`Locale`]): plural forms,
//! numbers and dates follow the browser's `Intl` for that locale.
//!
//! A site can replace any text with `data-readerbox-texts='{"write_heading": "Ihre
//! Meinung"}'` on the host: keys are the field names of [`Texts`]; `{count}` in
//! `count_one`/`count_other` is replaced by the formatted number.

use readerbox_api::Lang;
use std::collections::BTreeMap;

/// The reader-facing strings of one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// The heading while there are no comments.
    pub comments_heading: String,
    pub count_one: String,
    pub count_other: String,
    /// A count badge for an article without comments.
    pub count_zero: String,
    pub no_comments: String,
    pub loading: String,
    pub load_failed: String,
    pub retry: String,
    pub write_heading: String,
    pub name_label: String,
    pub name_placeholder: String,
    pub text_label: String,
    pub send: String,
    pub sending: String,
    pub sent: String,
    pub network_error: String,
    pub server_error: String,
    pub toolbar_label: String,
    pub font_size_label: String,
    pub font_small: String,
    pub font_medium: String,
    pub font_large: String,
}

impl Texts {
    pub fn german() -> Self {
        Self {
            comments_heading: "Kommentare".into(),
            count_one: "{count} Kommentar".into(),
            count_other: "{count} Kommentare".into(),
            count_zero: "Keine Kommentare".into(),
            no_comments: "Keine Kommentare.".into(),
            loading: "Kommentare werden geladen …".into(),
            load_failed: "Kommentare konnten nicht geladen werden.".into(),
            retry: "Erneut versuchen".into(),
            write_heading: "Kommentar schreiben".into(),
            name_label: "Name".into(),
            name_placeholder: "Anonym".into(),
            text_label: "Kommentar".into(),
            send: "Senden".into(),
            sending: "Wird gesendet …".into(),
            sent: "Ihr Kommentar wurde veröffentlicht.".into(),
            network_error: "Keine Verbindung zum Server. Ihr Text bleibt erhalten – bitte später erneut senden."
                .into(),
            server_error: "Der Server konnte den Kommentar nicht annehmen. Ihr Text bleibt erhalten – bitte später erneut senden."
                .into(),
            toolbar_label: "Artikel-Werkzeuge".into(),
            font_size_label: "Schriftgröße:".into(),
            font_small: "klein".into(),
            font_medium: "mittel".into(),
            font_large: "groß".into(),
        }
    }

    pub fn english() -> Self {
        Self {
            comments_heading: "Comments".into(),
            count_one: "{count} comment".into(),
            count_other: "{count} comments".into(),
            count_zero: "No comments".into(),
            no_comments: "No comments yet.".into(),
            loading: "Loading comments …".into(),
            load_failed: "Comments could not be loaded.".into(),
            retry: "Try again".into(),
            write_heading: "Write a comment".into(),
            name_label: "Name".into(),
            name_placeholder: "Anonymous".into(),
            text_label: "Comment".into(),
            send: "Send".into(),
            sending: "Sending …".into(),
            sent: "Your comment has been published.".into(),
            network_error: "No connection to the server. Your text is kept – please send it again later."
                .into(),
            server_error: "The server could not accept the comment. Your text is kept – please send it again later."
                .into(),
            toolbar_label: "Article tools".into(),
            font_size_label: "Text size:".into(),
            font_small: "small".into(),
            font_medium: "medium".into(),
            font_large: "large".into(),
        }
    }

    pub fn for_lang(lang: Lang) -> Self {
        match lang {
            Lang::De => Self::german(),
            Lang::En => Self::english(),
        }
    }

    /// These texts with the site's replacements (a JSON object of field names to
    /// strings). Unknown keys are ignored; invalid JSON changes nothing.
    pub fn with_overrides(mut self, json: &str) -> Self {
        // A typed map, not serde_json::Value: Value's generic (de)serialisers cost the
        // wasm tens of kilobytes.
        let Ok(overrides) = serde_json::from_str::<BTreeMap<String, String>>(json) else {
            return self;
        };
        for (key, value) in overrides {
            if let Some(text) = self.field_mut(&key) {
                *text = value;
            }
        }
        self
    }

    /// The text a site's override key names.
    fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "comments_heading" => &mut self.comments_heading,
            "count_one" => &mut self.count_one,
            "count_other" => &mut self.count_other,
            "count_zero" => &mut self.count_zero,
            "no_comments" => &mut self.no_comments,
            "loading" => &mut self.loading,
            "load_failed" => &mut self.load_failed,
            "retry" => &mut self.retry,
            "write_heading" => &mut self.write_heading,
            "name_label" => &mut self.name_label,
            "name_placeholder" => &mut self.name_placeholder,
            "text_label" => &mut self.text_label,
            "send" => &mut self.send,
            "sending" => &mut self.sending,
            "sent" => &mut self.sent,
            "network_error" => &mut self.network_error,
            "server_error" => &mut self.server_error,
            "toolbar_label" => &mut self.toolbar_label,
            "font_size_label" => &mut self.font_size_label,
            "font_small" => &mut self.font_small,
            "font_medium" => &mut self.font_medium,
            "font_large" => &mut self.font_large,
            _ => return None,
        })
    }
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
            Some(json) => texts.with_overrides(json),
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
        if count == 0 {
            return self.texts.comments_heading.clone();
        }
        self.count_label(count)
    }

    /// A count on its own, as badges on article lists show it: "Keine Kommentare",
    /// "1 Kommentar", "12 Kommentare".
    pub fn count_label(&self, count: usize) -> String {
        if count == 0 {
            return self.texts.count_zero.clone();
        }
        let template = match plural_category(&self.tag, count).as_str() {
            "one" => &self.texts.count_one,
            _ => &self.texts.count_other,
        };
        template.replace("{count}", &format_number(&self.tag, count))
    }
}

/// `en` of `en-GB`.
fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

fn plural_category(tag: &str, count: usize) -> String {
    let rules =
        js_sys::Intl::PluralRules::new(&js_sys::Array::of1(&tag.into()), &js_sys::Object::new());
    rules.select(count as f64).into()
}

fn format_number(tag: &str, count: usize) -> String {
    js_sys::Number::from(count as f64)
        .to_locale_string(tag)
        .into()
}
