//! Every string a reader sees, in one place per language ([`Texts::german`],
//! [`Texts::english`]), shared by the widget and the server's rendering of the first
//! screen; and the numbers and plural forms both write into them.

use readerbox_api::Lang;

/// Declares [`Texts`] with its German and English values in one list, so no text can be
/// missing in a language or in the override table.
macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident: $german:expr, $english:expr;)*) => {
        /// The reader-facing strings of one language. Static strings, not `String`s:
        /// the built-in texts are one table in the wasm's data, copied, never allocated
        /// (a site's replacements are leaked once per instance, see
        /// `Texts::with_overrides` in the widget).
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
            pub fn field_mut(&mut self, key: &str) -> Option<&mut &'static str> {
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

    /// The heading: "Kommentare" for none, else the count with its plural form
    /// ("1 Kommentar", "1.234 Kommentare", "1,234 comments"); `number` writes the count.
    pub fn count_heading(&self, count: usize, number: &str) -> String {
        if count == 0 {
            return self.comments_heading.to_string();
        }
        self.count_label(count, number)
    }

    /// A count on its own, as badges on article lists show it: "Keine Kommentare",
    /// "1 Kommentar", "12 Kommentare". German and English only: a whole number is
    /// "one" exactly when it is 1 (as Intl.PluralRules says; checked in the widget tests).
    pub fn count_label(&self, count: usize, number: &str) -> String {
        if count == 0 {
            return self.count_zero.to_string();
        }
        let template = if count == 1 {
            self.count_one
        } else {
            self.count_other
        };
        template.replace("{count}", number)
    }
}

/// `count` with the digit grouping of German ("1.234") or English ("1,234") as
/// Germany, the US and Britain write it; `None` for other locales at 1,000 and above.
pub fn format_number(tag: &str, count: usize) -> Option<String> {
    let digits = count.to_string();
    if count < 1000 {
        return Some(digits);
    }
    let separator = match tag.to_ascii_lowercase().as_str() {
        "de" | "de-de" => '.',
        "en" | "en-us" | "en-gb" => ',',
        _ => return None,
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    Some(grouped)
}
