//! Every string a reader sees, in one place per language ([`Texts::german`],
//! [`Texts::english`]), and the locale an instance speaks ([`Locale`]): plural forms,
//! numbers and dates as the browser's `Intl` writes them for that locale (written by us
//! where we can, see [`format_number`] and `crate::time`).
//!
//! A site can replace any text with `data-readerbox-texts='{"write_heading": "Ihre
//! Meinung"}'` on the host: keys are the field names of [`Texts`]; `{count}` in
//! `count_one`/`count_other` is replaced by the formatted number.

use crate::vec_map::VecMap;
use readerbox_api::Lang;

/// Declares [`Texts`] with its German and English values in one list, so no text can be
/// missing in a language or in the override table.
macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident: $german:expr, $english:expr;)*) => {
        /// The reader-facing strings of one language. Static strings, not `String`s:
        /// the built-in texts are one table in the wasm's data, copied, never allocated
        /// (a site's replacements are leaked once per instance, see
        /// [`Texts::with_overrides`]).
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Texts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        // Statics, copied on use: as constructors the two tables were code, a store
        // per text, inlined into `Locale::resolve`.
        static GERMAN: Texts = Texts { $($field: $german,)* };
        static ENGLISH: Texts = Texts { $($field: $english,)* };

        impl Texts {
            pub fn german() -> Self {
                GERMAN.clone()
            }

            pub fn english() -> Self {
                ENGLISH.clone()
            }

            /// The text a site's override key names.
            fn field_mut(&mut self, key: &str) -> Option<&mut &'static str> {
                Some(match key {
                    $(stringify!($field) => &mut self.$field,)*
                    _ => return None,
                })
            }
        }
    };
}

texts! {
    /// The heading while there are no comments.
    comments_heading: "Kommentare", "Comments";
    count_one: "{count} Kommentar", "{count} comment";
    count_other: "{count} Kommentare", "{count} comments";
    /// A count badge for an article without comments.
    count_zero: "Keine Kommentare", "No comments";
    no_comments: "Keine Kommentare.", "No comments yet.";
    closed: "Die Kommentare zu diesem Artikel sind geschlossen.", "Comments on this article are closed.";
    loading: "Kommentare werden geladen …", "Loading comments …";
    load_failed: "Kommentare konnten nicht geladen werden.", "Comments could not be loaded.";
    retry: "Erneut versuchen", "Try again";
    write_heading: "Kommentar schreiben", "Write a comment";
    /// `{name}`: the author answered.
    reply_heading: "Antwort an {name}", "Reply to {name}";
    edit_heading: "Kommentar bearbeiten", "Edit comment";
    name_label: "Name", "Name";
    name_placeholder: "Anonym", "Anonymous";
    email_label: "E-Mail (freiwillig, wird nie angezeigt)", "E-mail (optional, never shown)";
    website_label: "Website (freiwillig)", "Website (optional)";
    remember: "Angaben merken", "Remember my details";
    notify_replies: "Bei Antworten per E-Mail benachrichtigen (mit Bestätigungslink)", "E-mail me about replies (after a confirmation link)";
    text_label: "Kommentar", "Comment";
    /// `{count}` and `{max}`: characters typed and allowed.
    char_count: "{count} von {max} Zeichen", "{count} of {max} characters";
    char_count_over: "{count} von {max} Zeichen – bitte kürzen", "{count} of {max} characters – please shorten";
    preview: "Vorschau", "Preview";
    preview_empty: "Noch nichts zu sehen.", "Nothing to preview yet.";
    markdown_hint: "Markdown: *kursiv*, **fett**, [Link](https://…), > Zitat", "Markdown: *italic*, **bold**, [link](https://…), > quote";
    send: "Senden", "Send";
    save: "Speichern", "Save";
    cancel: "Abbrechen", "Cancel";
    sending: "Wird gesendet …", "Sending …";
    sent: "Ihr Kommentar wurde veröffentlicht.", "Your comment has been published.";
    sent_pending: "Danke! Ihr Kommentar wartet auf Freischaltung.", "Thank you! Your comment is awaiting approval.";
    saved: "Ihre Änderung wurde gespeichert.", "Your change has been saved.";
    network_error: "Keine Verbindung zum Server. Ihr Text bleibt erhalten – bitte später erneut senden.", "No connection to the server. Your text is kept – please send it again later.";
    timeout_error: "Der Server antwortet gerade nicht. Ihr Text bleibt erhalten – bitte gleich noch einmal senden.", "The server is not answering right now. Your text is kept – please send it again in a moment.";
    server_error: "Der Server konnte das gerade nicht annehmen. Ihr Text bleibt erhalten – bitte später erneut senden.", "The server could not accept this just now. Your text is kept – please send it again later.";
    reply: "Antworten", "Reply";
    edit: "Bearbeiten", "Edit";
    delete: "Löschen", "Delete";
    confirm_delete: "Diesen Kommentar wirklich löschen?", "Really delete this comment?";
    confirm_delete_yes: "Ja, löschen", "Yes, delete";
    /// `{time}`: "14 Min." or "40 Sek.".
    editable_for: "Änderbar noch {time}", "Editable for {time}";
    minutes_short: "{count} Min.", "{count} min";
    seconds_short: "{count} Sek.", "{count} s";
    edited: "bearbeitet", "edited";
    deleted: "Kommentar gelöscht", "Comment deleted";
    pending: "wartet auf Freischaltung", "awaiting approval";
    action_failed: "Das hat nicht geklappt. Bitte erneut versuchen.", "That did not work. Please try again.";
    more: "mehr", "more";
    /// Accessible name of "mehr": it must contain the visible word.
    more_label: "mehr Kommentare laden", "load more comments";
    loading_more: "Wird geladen …", "Loading …";
    more_failed: "Weitere Kommentare konnten nicht geladen werden.", "More comments could not be loaded.";
    sort_label: "Sortierung", "Sort by";
    sort_oldest: "Älteste", "Oldest";
    sort_newest: "Neueste", "Newest";
    sort_best: "Beste", "Best";
    vote_up: "Positiv bewerten", "Vote up";
    vote_down: "Negativ bewerten", "Vote down";
    /// `{score}`: up minus down votes.
    score_label: "Bewertung: {score}", "Score: {score}";
    /// `{count}`: the number of replies hidden or shown.
    hide_replies: "Antworten ausblenden ({count})", "Hide replies ({count})";
    show_replies: "Antworten anzeigen ({count})", "Show replies ({count})";
    /// Before the name of the author a flattened deep reply answers.
    reply_to_label: "Antwort auf", "In reply to";
    permalink_label: "Link zu diesem Kommentar", "Link to this comment";
    toolbar_label: "Artikel-Werkzeuge", "Article tools";
    print: "Druckversion", "Print version";
    /// On narrow screens: the button that shows the tools that don't fit.
    more_tools: "Mehr", "More";
    more_tools_label: "Mehr Werkzeuge", "More tools";
    /// Shown under the printed article; `{url}` and `{date}`.
    print_source: "Quelle: {url} · gedruckt am {date}", "Source: {url} · printed {date}";
    share: "Artikel versenden", "Send article";
    share_native: "Teilen …", "Share …";
    share_email: "E-Mail", "E-mail";
    copy_link: "Link kopieren", "Copy link";
    link_copied: "Link kopiert.", "Link copied.";
    copy_manually: "Link zum Kopieren", "Link to copy";
    /// `{title}`: the article's title.
    mail_subject: "Lesetipp: {title}", "Worth reading: {title}";
    /// `{title}` and `{url}`.
    mail_body: "Diesen Artikel möchte ich Ihnen empfehlen:\n\n{title}\n{url}", "I'd like to recommend this article to you:\n\n{title}\n{url}";
    comment_tool: "Kommentar", "Comment";
    letter_tool: "Leserbrief", "Letter to the editor";
    favorite: "zu Favoriten hinzufügen", "Add to favourites";
    favorites_list: "Merkliste", "Reading list";
    favorites_empty: "Noch nichts gemerkt.", "Nothing saved yet.";
    favorites_hint: "Ein Lesezeichen im Browser setzen Sie mit Strg+D (Mac: ⌘+D).", "For a bookmark in your browser press Ctrl+D (Mac: ⌘+D).";
    /// `{date}`: when it was saved.
    saved_on: "gemerkt am {date}", "saved {date}";
    remove: "Entfernen", "Remove";
    correction_tool: "Korrektur", "Correction";
    contact: "Kontakt", "Contact";
    close: "Schließen", "Close";
    correction_heading: "Fehler im Artikel melden", "Report an error in the article";
    correction_selection: "Markierte Textstelle", "Selected passage";
    correction_no_selection: "Keine Textstelle markiert. Tipp: Markieren Sie die Stelle im Artikel und drücken Sie Strg+Enter (Mac: ⌘+Enter).", "No passage selected. Tip: select it in the article and press Ctrl+Enter (Mac: ⌘+Enter).";
    correction_category: "Art des Fehlers", "Kind of error";
    category_typo: "Tippfehler", "Typo";
    category_fact: "Sachfehler", "Factual error";
    category_other: "Sonstiges", "Other";
    correction_message: "Ihre Korrektur (Pflichtfeld)", "Your correction (required)";
    correction_email: "E-Mail für Rückfragen (freiwillig, wird nicht veröffentlicht)", "E-mail for questions (optional, never published)";
    correction_sent: "Danke! Ihre Korrektur ist bei der Redaktion angekommen.", "Thank you! Your correction has reached the editors.";
    letter_heading: "Leserbrief schreiben", "Write a letter to the editor";
    /// `{title}`: the article the letter is about.
    letter_article: "Zum Artikel: {title}", "About: {title}";
    letter_name: "Name (Pflichtfeld, wird veröffentlicht)", "Name (required, published)";
    letter_city: "Wohnort (Pflichtfeld, wird veröffentlicht)", "Town (required, published)";
    letter_email: "E-Mail (Pflichtfeld, wird nicht veröffentlicht)", "E-mail (required, never published)";
    letter_address: "Anschrift (freiwillig, wird nicht veröffentlicht)", "Postal address (optional, never published)";
    letter_phone: "Telefon (freiwillig, wird nicht veröffentlicht)", "Phone (optional, never published)";
    letter_verification: "Anschrift und Telefon nutzen wir nur, um zu prüfen, dass der Brief von Ihnen stammt.", "We use address and phone only to check that the letter is yours.";
    letter_text: "Ihr Leserbrief (Pflichtfeld)", "Your letter (required)";
    letter_do_not_shorten: "Bitte nicht kürzen", "Please do not shorten";
    letter_consent: "Ich bin einverstanden, dass mein Leserbrief mit Name und Wohnort veröffentlicht wird. (Pflichtfeld)", "I agree that my letter is published with my name and town. (required)";
    privacy: "Datenschutzhinweise", "Privacy notice";
    letter_sent: "Danke! Ihr Leserbrief ist bei der Redaktion angekommen.", "Thank you! Your letter has reached the editors.";
    font_size_label: "Schriftgröße:", "Text size:";
    font_small: "klein", "small";
    font_medium: "mittel", "medium";
    font_large: "groß", "large";
}

impl Texts {
    pub fn for_lang(lang: Lang) -> Self {
        match lang {
            Lang::De => Self::german(),
            Lang::En => Self::english(),
        }
    }

    /// These texts with the site's replacements (a JSON object of field names to
    /// strings). Unknown keys are ignored; invalid JSON changes nothing.
    pub fn with_overrides(mut self, json: &str) -> Self {
        let Some(overrides) = readerbox_api::json::decode::<VecMap<String, String>>(json) else {
            return self;
        };
        for (key, value) in overrides {
            if let Some(text) = self.field_mut(&key) {
                // A page sets its texts once per widget instance: kept for the page's
                // life, like the built-in ones.
                *text = Box::leak(value.into_boxed_str());
            }
        }
        self
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
            return self.texts.comments_heading.to_string();
        }
        self.count_label(count)
    }

    /// A count on its own, as badges on article lists show it: "Keine Kommentare",
    /// "1 Kommentar", "12 Kommentare".
    pub fn count_label(&self, count: usize) -> String {
        if count == 0 {
            return self.texts.count_zero.to_string();
        }
        let template = match plural_category(&self.tag, count) {
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
    let digits = count.to_string();
    if count < 1000 {
        return digits;
    }
    let separator = match tag.to_ascii_lowercase().as_str() {
        "de" | "de-de" => '.',
        "en" | "en-us" | "en-gb" => ',',
        _ => {
            return js_sys::Number::from(count as f64)
                .to_locale_string(tag)
                .into()
        }
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}
