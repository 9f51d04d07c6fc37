//! Every string a reader sees, in one place. German only for now; English and site
//! overrides come with the embedding work, by adding a second [`Texts`] value.

/// The reader-facing strings of one language.
#[derive(Clone, Copy, Debug)]
pub struct Texts {
    pub comments_heading: &'static str,
    pub no_comments: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub write_heading: &'static str,
    pub name_label: &'static str,
    pub name_placeholder: &'static str,
    pub text_label: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub network_error: &'static str,
    pub server_error: &'static str,
    pub date_locale: &'static str,
}

pub const DE: Texts = Texts {
    comments_heading: "Kommentare",
    no_comments: "Keine Kommentare.",
    loading: "Kommentare werden geladen …",
    load_failed: "Kommentare konnten nicht geladen werden.",
    retry: "Erneut versuchen",
    write_heading: "Kommentar schreiben",
    name_label: "Name",
    name_placeholder: "Anonym",
    text_label: "Kommentar",
    send: "Senden",
    sending: "Wird gesendet …",
    sent: "Ihr Kommentar wurde veröffentlicht.",
    network_error: "Keine Verbindung zum Server. Ihr Text bleibt erhalten – bitte später erneut senden.",
    server_error: "Der Server konnte den Kommentar nicht annehmen. Ihr Text bleibt erhalten – bitte später erneut senden.",
    date_locale: "de-DE",
};

impl Texts {
    /// The comment-area heading: "Kommentare" for none, else the count with the right
    /// plural ("1 Kommentar", "27 Kommentare").
    pub fn count_heading(&self, count: usize) -> String {
        match count {
            0 => self.comments_heading.to_owned(),
            1 => "1 Kommentar".to_owned(),
            n => format!("{} Kommentare", group_thousands(n)),
        }
    }
}

/// German digit grouping: 1234 → "1.234".
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}
