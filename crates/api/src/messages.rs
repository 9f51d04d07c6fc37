//! Every message the API sends to readers, in one place per language: [`Problem`] names
//! what went wrong (with its figures), [`Problem::message`] says it in German or English.

use crate::uri::MAX_URI_BYTES;

/// The languages readerbox speaks. German is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// The first supported language of a BCP 47 tag or an `Accept-Language` list
    /// (`en-GB,en;q=0.8,de;q=0.5` → English); German when none is supported.
    pub fn negotiate(tags: &str) -> Self {
        tags.split(',')
            .map(|part| {
                part.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .find_map(|tag| match tag.split(['-', '_']).next() {
                Some("de") => Some(Self::De),
                Some("en") => Some(Self::En),
                _ => None,
            })
            .unwrap_or_default()
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }
}

/// The field a message is about, named in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Name,
    City,
    Email,
    Address,
    Letter,
    Correction,
    Selection,
    Context,
    Title,
}

impl Subject {
    fn german(self) -> &'static str {
        match self {
            Self::Name => "Ihren Namen",
            Self::City => "Ihren Wohnort",
            Self::Email => "Ihre E-Mail-Adresse",
            Self::Address => "Die Anschrift",
            Self::Letter => "Ihren Leserbrief",
            Self::Correction => "Ihre Korrektur",
            Self::Selection => "Die markierte Stelle",
            Self::Context => "Der Textzusammenhang",
            Self::Title => "Der Titel",
        }
    }

    /// As the subject of a sentence ("Der Leserbrief ist …").
    fn german_subject(self) -> &'static str {
        match self {
            Self::Name => "Der Name",
            Self::City => "Der Wohnort",
            Self::Email => "Die E-Mail-Adresse",
            Self::Address => "Die Anschrift",
            Self::Letter => "Der Leserbrief",
            Self::Correction => "Die Korrektur",
            Self::Selection => "Die markierte Stelle",
            Self::Context => "Der Textzusammenhang",
            Self::Title => "Der Titel",
        }
    }

    fn english(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::City => "town",
            Self::Email => "e-mail address",
            Self::Address => "address",
            Self::Letter => "letter",
            Self::Correction => "correction",
            Self::Selection => "selected passage",
            Self::Context => "context",
            Self::Title => "title",
        }
    }
}

/// What went wrong, with what the reader needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    InvalidUri,
    TooManyUris {
        max: usize,
    },
    NameTooLong {
        max: usize,
    },
    NameHasControlCharacters,
    InvalidEmail,
    InvalidWebsite {
        max: usize,
    },
    ParentNotFound,
    InvalidKey,
    InvalidVote,
    InvalidCursor,
    InvalidSort,
    InvalidLimit {
        max: u32,
    },
    CommentNotFound,
    WrongEditToken,
    EditWindowClosed {
        window_secs: u64,
    },
    EmptyText,
    TextTooLong {
        length: usize,
        max: usize,
    },
    Required {
        subject: Subject,
    },
    FieldTooLong {
        subject: Subject,
        length: usize,
        max: usize,
    },
    InvalidUrl,
    InvalidPhone,
    ConsentRequired,
    Unauthorized,
    InvalidChallenge,
    ThreadClosed,
    WrongLogin,
    NotJson,
    MalformedJson,
    WrongShape {
        detail: String,
    },
    Unreadable,
    TooLarge {
        max_kib: usize,
    },
    RateLimited {
        retry_after_secs: u64,
    },
    NotFound,
    ControlCharacters,
    MethodNotAllowed,
    Refused,
    Internal,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::De => self.german(),
            Lang::En => self.english(),
        }
    }

    fn german(&self) -> String {
        match self {
            Self::InvalidUri => format!(
                "Die Artikel-Adresse muss ein absoluter Pfad sein (z. B. /politik/artikel.html), höchstens {MAX_URI_BYTES} Zeichen, ohne #."
            ),
            Self::TooManyUris { max } => format!("Höchstens {max} Artikel-Adressen auf einmal."),
            Self::NameTooLong { max } => format!("Der Name darf höchstens {max} Zeichen lang sein."),
            Self::NameHasControlCharacters => "Der Name darf keine Steuerzeichen enthalten.".into(),
            Self::InvalidEmail => {
                "Bitte eine gültige E-Mail-Adresse angeben oder das Feld leer lassen.".into()
            }
            Self::InvalidWebsite { max } => format!(
                "Bitte eine Web-Adresse mit http:// oder https:// angeben (höchstens {max} Zeichen) oder das Feld leer lassen."
            ),
            Self::ParentNotFound => {
                "Den Kommentar, auf den Sie antworten, gibt es nicht mehr.".into()
            }
            Self::InvalidKey => "Ungültige Kennung der Anfrage.".into(),
            Self::InvalidVote => "Eine Bewertung ist +1, -1 oder 0.".into(),
            Self::InvalidCursor => "Ungültige Seitenangabe. Bitte die Kommentare neu laden.".into(),
            Self::InvalidSort => "Sortierung: oldest, newest oder best.".into(),
            Self::InvalidLimit { max } => format!("Höchstens {max} Kommentare pro Seite."),
            Self::CommentNotFound => "Diesen Kommentar gibt es nicht (mehr).".into(),
            Self::WrongEditToken => {
                "Diesen Kommentar können nur Sie selbst ändern, auf dem Gerät, auf dem Sie ihn geschrieben haben.".into()
            }
            Self::EditWindowClosed { window_secs } => format!(
                "Die Zeit zum Ändern ist abgelaufen: Kommentare können nur in den ersten {} nach dem Schreiben bearbeitet oder gelöscht werden.",
                german_duration(*window_secs)
            ),
            Self::Required { subject } => match subject {
                Subject::Letter => "Bitte schreiben Sie Ihren Leserbrief.".into(),
                Subject::Correction => "Bitte beschreiben Sie die Korrektur.".into(),
                other => format!("Bitte geben Sie {} an.", other.german()),
            },
            Self::FieldTooLong { subject, length, max } => format!(
                "{} ist {length} Zeichen lang; erlaubt sind höchstens {max}.",
                subject.german_subject()
            ),
            Self::InvalidUrl => "Die Adresse muss mit http:// oder https:// beginnen.".into(),
            Self::InvalidPhone => {
                "Bitte eine Telefonnummer aus Ziffern angeben (auch +, -, /, Klammern und Leerzeichen) oder das Feld leer lassen.".into()
            }
            Self::ConsentRequired => {
                "Bitte stimmen Sie der Veröffentlichung mit Name und Wohnort zu; ohne Zustimmung können wir Leserbriefe nicht drucken.".into()
            }
            Self::Unauthorized => "Für die Redaktions-Schnittstelle fehlt ein gültiger Zugangsschlüssel.".into(),
            Self::InvalidChallenge => {
                "Die Sicherheitsprüfung ist fehlgeschlagen oder abgelaufen. Bitte erneut senden.".into()
            }
            Self::ThreadClosed => "Die Kommentare zu diesem Artikel sind geschlossen.".into(),
            Self::WrongLogin => "Benutzername oder Passwort stimmt nicht.".into(),
            Self::EmptyText => "Bitte schreiben Sie einen Kommentar.".into(),
            Self::TextTooLong { length, max } => {
                format!("Der Kommentar ist {length} Zeichen lang; erlaubt sind höchstens {max}.")
            }
            Self::NotJson => "Die Anfrage muss JSON sein (Content-Type: application/json).".into(),
            Self::MalformedJson => "Die Anfrage ist kein gültiges JSON.".into(),
            Self::WrongShape { detail } => format!("Die Anfrage hat nicht die erwartete Form: {detail}"),
            Self::Unreadable => "Die Anfrage konnte nicht gelesen werden.".into(),
            Self::TooLarge { max_kib } => format!("Die Anfrage ist zu groß (höchstens {max_kib} KB)."),
            Self::RateLimited { retry_after_secs } => {
                format!("Zu viele Anfragen. Bitte in {retry_after_secs} Sekunden erneut versuchen.")
            }
            Self::NotFound => "Diese API-Adresse gibt es nicht.".into(),
            Self::ControlCharacters => {
                "Bitte ohne Steuerzeichen: erlaubt sind Text, Zeilenumbrüche und Tabulatoren."
                    .into()
            }
            Self::MethodNotAllowed => "Diese Adresse nimmt diese Art Anfrage nicht an.".into(),
            Self::Refused => "Diese Anfrage nimmt der Server nicht an.".into(),
            Self::Internal => {
                "Ein Fehler auf dem Server ist aufgetreten. Bitte später erneut versuchen.".into()
            }
        }
    }

    fn english(&self) -> String {
        match self {
            Self::InvalidUri => format!(
                "The article address must be an absolute path (e.g. /politics/article.html), at most {MAX_URI_BYTES} characters, without #."
            ),
            Self::TooManyUris { max } => format!("At most {max} article addresses at once."),
            Self::NameTooLong { max } => format!("The name can be at most {max} characters long."),
            Self::NameHasControlCharacters => "The name must not contain control characters.".into(),
            Self::InvalidEmail => "Please enter a valid e-mail address or leave the field empty.".into(),
            Self::InvalidWebsite { max } => format!(
                "Please enter a web address starting with http:// or https:// (at most {max} characters) or leave the field empty."
            ),
            Self::ParentNotFound => "The comment you are replying to no longer exists.".into(),
            Self::InvalidKey => "Invalid request key.".into(),
            Self::InvalidVote => "A vote is +1, -1 or 0.".into(),
            Self::InvalidCursor => "Invalid page. Please reload the comments.".into(),
            Self::InvalidSort => "Sort: oldest, newest or best.".into(),
            Self::InvalidLimit { max } => format!("At most {max} comments per page."),
            Self::CommentNotFound => "This comment does not exist (any more).".into(),
            Self::WrongEditToken => {
                "Only you can change this comment, on the device you wrote it on.".into()
            }
            Self::EditWindowClosed { window_secs } => format!(
                "The time for changes has run out: comments can only be edited or deleted within {} of posting.",
                english_duration(*window_secs)
            ),
            Self::Required { subject } => format!("Please enter your {}.", subject.english()),
            Self::FieldTooLong {
                subject,
                length,
                max,
            } => format!(
                "The {} is {length} characters long; at most {max} are allowed.",
                subject.english()
            ),
            Self::InvalidUrl => "The address must start with http:// or https://.".into(),
            Self::InvalidPhone => {
                "Please enter a phone number in digits (+, -, /, brackets and spaces allowed) or leave the field empty.".into()
            }
            Self::ConsentRequired => {
                "Please agree to publication with your name and town; without it we cannot print letters.".into()
            }
            Self::Unauthorized => "The editors' API needs a valid access token.".into(),
            Self::InvalidChallenge => "The security check failed or expired. Please send again.".into(),
            Self::ThreadClosed => "Comments on this article are closed.".into(),
            Self::WrongLogin => "Wrong user name or password.".into(),
            Self::EmptyText => "Please write a comment.".into(),
            Self::TextTooLong { length, max } => {
                format!("The comment is {length} characters long; at most {max} are allowed.")
            }
            Self::NotJson => "The request must be JSON (Content-Type: application/json).".into(),
            Self::MalformedJson => "The request is not valid JSON.".into(),
            Self::WrongShape { detail } => format!("The request does not have the expected shape: {detail}"),
            Self::Unreadable => "The request could not be read.".into(),
            Self::TooLarge { max_kib } => format!("The request is too large (at most {max_kib} KB)."),
            Self::RateLimited { retry_after_secs } => {
                format!("Too many requests. Please try again in {retry_after_secs} seconds.")
            }
            Self::NotFound => "There is no such API address.".into(),
            Self::ControlCharacters => {
                "Please remove the control characters: text, line breaks and tabs only.".into()
            }
            Self::MethodNotAllowed => "This address does not take this kind of request.".into(),
            Self::Refused => "The server does not take this request.".into(),
            Self::Internal => "Something went wrong on the server. Please try again later.".into(),
        }
    }
}

/// "15 Minuten", "1 Minute", "30 Sekunden" (dative plural after "in den ersten").
fn german_duration(secs: u64) -> String {
    match secs {
        1 => "Sekunde".into(),
        s if s < 60 || s % 60 != 0 => format!("{s} Sekunden"),
        60 => "Minute".into(),
        s => format!("{} Minuten", s / 60),
    }
}

fn english_duration(secs: u64) -> String {
    match secs {
        1 => "1 second".into(),
        s if s < 60 || s % 60 != 0 => format!("{s} seconds"),
        60 => "1 minute".into(),
        s => format!("{} minutes", s / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_from_tags_and_accept_language_lists() {
        assert_eq!(Lang::negotiate("en"), Lang::En);
        assert_eq!(Lang::negotiate("en-GB,en;q=0.8,de;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("de-AT"), Lang::De);
        assert_eq!(Lang::negotiate("fr-FR,en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("fr"), Lang::De);
        assert_eq!(Lang::negotiate(""), Lang::De);
    }

    #[test]
    fn every_problem_is_said_in_both_languages() {
        let problems = [
            Problem::InvalidUri,
            Problem::TooManyUris { max: 100 },
            Problem::NameTooLong { max: 80 },
            Problem::NameHasControlCharacters,
            Problem::InvalidEmail,
            Problem::InvalidWebsite { max: 300 },
            Problem::ParentNotFound,
            Problem::InvalidKey,
            Problem::InvalidVote,
            Problem::InvalidCursor,
            Problem::InvalidSort,
            Problem::InvalidLimit { max: 100 },
            Problem::CommentNotFound,
            Problem::WrongEditToken,
            Problem::EditWindowClosed { window_secs: 900 },
            Problem::EmptyText,
            Problem::Required {
                subject: Subject::City,
            },
            Problem::FieldTooLong {
                subject: Subject::Letter,
                length: 5,
                max: 4,
            },
            Problem::InvalidUrl,
            Problem::InvalidPhone,
            Problem::ConsentRequired,
            Problem::Unauthorized,
            Problem::InvalidChallenge,
            Problem::ThreadClosed,
            Problem::WrongLogin,
            Problem::TextTooLong {
                length: 5001,
                max: 5000,
            },
            Problem::NotJson,
            Problem::MalformedJson,
            Problem::WrongShape { detail: "x".into() },
            Problem::Unreadable,
            Problem::TooLarge { max_kib: 64 },
            Problem::RateLimited {
                retry_after_secs: 30,
            },
            Problem::NotFound,
            Problem::ControlCharacters,
            Problem::MethodNotAllowed,
            Problem::Refused,
            Problem::Internal,
        ];
        for problem in problems {
            let (de, en) = (problem.message(Lang::De), problem.message(Lang::En));
            assert!(!de.is_empty() && !en.is_empty());
            assert_ne!(de, en, "{problem:?} is translated");
        }
        assert!(Problem::EditWindowClosed { window_secs: 900 }
            .message(Lang::De)
            .contains("in den ersten 15 Minuten nach"));
        assert!(Problem::EditWindowClosed { window_secs: 60 }
            .message(Lang::De)
            .contains("in den ersten Minute nach"));
        assert!(Problem::EditWindowClosed { window_secs: 6 }
            .message(Lang::En)
            .contains("within 6 seconds of"));
        assert_eq!(
            Problem::TextTooLong {
                length: 5001,
                max: 5000
            }
            .message(Lang::En),
            "The comment is 5001 characters long; at most 5000 are allowed."
        );
    }
}
