//! The editors' UI in German (default) and English (a switch in the header, remembered).

const LANG_KEY: &str = "readerbox-admin:lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The editor's language: German unless they switched to English (remembered here).
pub fn lang_tag() -> String {
    let chosen = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    if chosen.as_deref() == Some("en") {
        "en"
    } else {
        "de"
    }
    .to_owned()
}

/// A time as editors read it, in their language and time zone: "30.11.2026, 07:12" or
/// "Nov 30, 2026, 7:12 AM" (the `datetime` attribute keeps the exact RFC 3339 value).
/// The raw value if it can't be read.
pub fn when(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(&lang_tag(), &options).into()
}

/// Switches between German and English and reloads the page in it.
pub fn switch_language() {
    let next = if lang_tag() == "en" { "de" } else { "en" };
    if let Some(storage) = storage() {
        let _ = storage.set_item(LANG_KEY, next);
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

macro_rules! texts {
    ($($field:ident: $german:expr, $english:expr;)*) => {
        #[derive(Clone, Debug)]
        pub struct Texts { $(pub $field: &'static str,)* }

        impl Texts {
            pub fn current() -> Self {
                if lang_tag() == "en" {
                    Self { $($field: $english,)* }
                } else {
                    Self { $($field: $german,)* }
                }
            }
        }
    };
}

texts! {
    title: "readerbox – Redaktion", "readerbox – Editors";
    login_heading: "Anmelden", "Log in";
    username: "Benutzername", "User name";
    password: "Passwort", "Password";
    login: "Anmelden", "Log in";
    logout: "Abmelden", "Log out";
    logged_in_as: "Angemeldet als", "Logged in as";
    network_error: "Keine Verbindung zum Server.", "No connection to the server.";
    nav_label: "Bereiche", "Sections";
    queue: "Freischalten", "Moderation";
    articles: "Artikel", "Articles";
    corrections: "Korrekturen", "Corrections";
    letters: "Leserbriefe", "Letters";
    queue_empty: "Keine Kommentare warten auf Freischaltung.", "No comments are waiting.";
    nothing_here: "Nichts da.", "Nothing here.";
    select: "Auswählen", "Select";
    select_all: "Alle auswählen", "Select all";
    older: "Ältere laden", "Load older";
    search_articles: "Artikel suchen (Teil des Pfads)", "Search articles (part of the path)";
    search: "Suchen", "Search";
    no_articles_found: "Kein Artikel gefunden.", "No article found.";
    approve: "Freischalten", "Approve";
    reject: "Ablehnen", "Reject";
    spam: "Spam", "Spam";
    delete: "Löschen", "Delete";
    selected_actions: "Ausgewählte", "Selected";
    anonymous_email: "(keine E-Mail)", "(no e-mail)";
    status: "Status", "Status";
    status_published: "veröffentlicht", "published";
    status_pending: "wartet", "waiting";
    status_spam: "Spam", "spam";
    status_rejected: "abgelehnt", "rejected";
    status_deleted: "gelöscht", "deleted";
    article: "Artikel", "Article";
    published_count: "Veröffentlicht", "Published";
    pending_count: "Wartend", "Waiting";
    latest: "Letzter Kommentar", "Latest comment";
    close_article: "Für Kommentare schließen", "Close for comments";
    open_article: "Für Kommentare öffnen", "Open for comments";
    closed: "geschlossen", "closed";
    show_comments: "Kommentare zeigen", "Show comments";
    show_status: "Zeigen", "Show";
    all_statuses: "alle", "all";
    report_new: "neu", "new";
    report_in_progress: "in Bearbeitung", "in progress";
    report_done: "erledigt", "done";
    report_rejected: "abgelehnt", "rejected";
    category_typo: "Tippfehler", "Typo";
    category_fact: "Sachfehler", "Factual error";
    category_other: "Sonstiges", "Other";
    to_passage: "Zur Textstelle", "Go to the passage";
    no_selection: "(keine Textstelle markiert)", "(no passage selected)";
    do_not_shorten: "Bitte nicht kürzen", "Please do not shorten";
    verification: "Zur Prüfung", "For verification";
    done_notice: "Erledigt.", "Done.";
    other_language: "English", "Deutsch";
}
