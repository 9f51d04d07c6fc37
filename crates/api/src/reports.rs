//! What readers send the editors from the article toolbar: corrections ("Korrektur") and
//! letters to the editor ("Leserbrief"), with their rules; and what the editors' API
//! answers. Nothing here is ever shown to other readers.

use crate::messages::{Lang, Problem, Subject};
use crate::uri::check_article_uri;
use crate::validate::{is_web_url, looks_like_email, Limits};
use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

/// Most characters of the selected passage a correction carries.
pub const SELECTION_MAX_CHARS: usize = 1_000;
/// Characters of context before and after the selection.
pub const CONTEXT_MAX_CHARS: usize = 100;
pub const TITLE_MAX_CHARS: usize = 300;
pub const URL_MAX_CHARS: usize = 2_000;
/// A text-fragment URL repeats the passage, so it may be longer than the article URL.
pub const FRAGMENT_URL_MAX_CHARS: usize = 4_000;
pub const CITY_MAX_CHARS: usize = 80;
pub const ADDRESS_MAX_CHARS: usize = 300;
pub const PHONE_MAX_CHARS: usize = 40;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionCategory {
    /// "Tippfehler"
    #[default]
    Typo,
    /// "Sachfehler"
    Fact,
    /// "Sonstiges"
    Other,
}

impl CorrectionCategory {
    pub const ALL: [Self; 3] = [Self::Typo, Self::Fact, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Typo => "typo",
            Self::Fact => "fact",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// Where the editors are with a report: neu, in Bearbeitung, erledigt, abgelehnt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    #[default]
    New,
    InProgress,
    Done,
    Rejected,
}

impl ReportStatus {
    pub const ALL: [Self; 4] = [Self::New, Self::InProgress, Self::Done, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// `POST /api/v1/corrections`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCorrection {
    pub uri: String,
    /// The article's full URL (canonical when the page has one).
    pub article_url: String,
    /// The passage the reader selected; empty when they selected nothing.
    #[serde(default)]
    pub selection: String,
    #[serde(default)]
    pub context_before: String,
    #[serde(default)]
    pub context_after: String,
    /// The article URL with a `#:~:text=` fragment pointing at the passage.
    #[serde(default)]
    pub fragment_url: Option<String>,
    #[serde(default)]
    pub category: CorrectionCategory,
    /// What is wrong and what is right.
    pub message: String,
    /// For a reply; never published.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pow: Option<crate::spam::ProofOfWork>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The client's key for this report: a retry with the same key is stored once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// A stored correction, for the editors only (carries the reader's e-mail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    #[serde(flatten)]
    pub report: NewCorrection,
    pub status: ReportStatus,
    pub created_at: String,
}

/// `POST /api/v1/letters`: a letter to the editor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLetter {
    pub uri: String,
    pub article_title: String,
    pub article_url: String,
    /// Published with the letter.
    pub name: String,
    /// Wohnort, published with the letter.
    pub city: String,
    /// Required for questions; never published.
    pub email: String,
    /// For verification only; never published.
    #[serde(default)]
    pub address: Option<String>,
    /// For verification only; never published.
    #[serde(default)]
    pub phone: Option<String>,
    pub text: String,
    /// "Bitte nicht kürzen".
    #[serde(default)]
    pub do_not_shorten: bool,
    /// Consent to publication with name and Wohnort; must be true.
    #[serde(default)]
    pub consent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pow: Option<crate::spam::ProofOfWork>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The client's key for this report: a retry with the same key is stored once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// A stored letter, for the editors only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: i64,
    #[serde(flatten)]
    pub letter: NewLetter,
    /// Where the editors are with it, as with corrections.
    #[serde(default)]
    pub status: ReportStatus,
    pub created_at: String,
}

/// The answer to a correction or letter: it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    pub id: i64,
}

/// `PATCH /api/v1/admin/corrections/{id}` and `PATCH /api/v1/admin/letters/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: ReportStatus,
}

/// `article_url` with a text fragment (`#:~:text=prefix-,start,end,-suffix`) that makes
/// browsers scroll to and highlight the selected passage. Browsers match whole words, so
/// a selection that starts or ends inside a word is widened to the word; long passages
/// are named by their first and last words. `None` without a selection.
pub fn text_fragment_url(
    article_url: &str,
    before: &str,
    selection: &str,
    after: &str,
) -> Option<String> {
    let collapse = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut before = before.to_owned();
    let mut after = after.to_owned();
    let mut passage = selection.to_owned();
    // Widen to whole words.
    if !passage.starts_with(char::is_whitespace) && !before.ends_with(char::is_whitespace) {
        let cut = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        passage.insert_str(0, &before[cut..]);
        before.truncate(cut);
    }
    if !passage.ends_with(char::is_whitespace) && !after.starts_with(char::is_whitespace) {
        let cut = after.find(char::is_whitespace).unwrap_or(after.len());
        passage.push_str(&after[..cut]);
        after.replace_range(..cut, "");
    }
    let passage = collapse(&passage);
    if passage.is_empty() {
        return None;
    }
    let words: Vec<&str> = passage.split(' ').collect();
    let (start, end) = if words.len() > 8 {
        (
            words[..4].join(" "),
            Some(words[words.len() - 4..].join(" ")),
        )
    } else {
        (passage.clone(), None)
    };
    let before_words: Vec<String> = collapse(&before).split(' ').map(str::to_owned).collect();
    let prefix = before_words[before_words.len().saturating_sub(3)..].join(" ");
    let suffix = collapse(&after)
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");

    let mut directive = String::new();
    if !prefix.is_empty() {
        directive.push_str(&fragment_encode(&prefix));
        directive.push_str("-,");
    }
    directive.push_str(&fragment_encode(&start));
    if let Some(end) = end {
        directive.push(',');
        directive.push_str(&fragment_encode(&end));
    }
    if !suffix.is_empty() {
        directive.push_str(",-");
        directive.push_str(&fragment_encode(&suffix));
    }
    let base = article_url.split('#').next().unwrap_or(article_url);
    Some(format!("{base}#:~:text={directive}"))
}

/// Percent-encodes for a text directive: everything but unreserved characters, so `-`,
/// `,` and `&` (the directive's syntax) are encoded too.
fn fragment_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn error(code: ErrorCode, field: &str, problem: Problem, lang: Lang) -> ApiError {
    ApiError::new(code, problem.message(lang), Some(field))
}

fn required(value: &str, field: &str, subject: Subject, lang: Lang) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        return Err(error(
            ErrorCode::Required,
            field,
            Problem::Required { subject },
            lang,
        ));
    }
    Ok(())
}

/// At most `max` characters, and none of them a control character (but line breaks and
/// tabs).
fn at_most(
    value: &str,
    max: usize,
    field: &str,
    subject: Subject,
    lang: Lang,
) -> Result<(), ApiError> {
    if crate::validate::has_control_characters(value) {
        return Err(error(
            ErrorCode::InvalidCharacters,
            field,
            Problem::ControlCharacters,
            lang,
        ));
    }
    let length = value.chars().count();
    if length > max {
        return Err(error(
            ErrorCode::TooLong,
            field,
            Problem::FieldTooLong {
                subject,
                length,
                max,
            },
            lang,
        ));
    }
    Ok(())
}

fn article(uri: &str, url: &str, lang: Lang) -> Result<(), ApiError> {
    if check_article_uri(uri).is_err() {
        return Err(error(
            ErrorCode::InvalidUri,
            "uri",
            Problem::InvalidUri,
            lang,
        ));
    }
    if !is_web_url(url) || url.chars().count() > URL_MAX_CHARS {
        return Err(error(
            ErrorCode::InvalidUrl,
            "article_url",
            Problem::InvalidUrl,
            lang,
        ));
    }
    Ok(())
}

fn email(value: &str, field: &str, limits: &Limits, lang: Lang) -> Result<(), ApiError> {
    if !looks_like_email(value) || value.chars().count() > limits.email_max_chars {
        return Err(error(
            ErrorCode::InvalidEmail,
            field,
            Problem::InvalidEmail,
            lang,
        ));
    }
    Ok(())
}

impl NewCorrection {
    /// Checks every field in form order; trims the e-mail (empty becomes `None`).
    pub fn validate(mut self, limits: &Limits, lang: Lang) -> Result<Self, ApiError> {
        article(&self.uri, &self.article_url, lang)?;
        at_most(
            &self.selection,
            SELECTION_MAX_CHARS,
            "selection",
            Subject::Selection,
            lang,
        )?;
        at_most(
            &self.context_before,
            CONTEXT_MAX_CHARS,
            "context_before",
            Subject::Context,
            lang,
        )?;
        at_most(
            &self.context_after,
            CONTEXT_MAX_CHARS,
            "context_after",
            Subject::Context,
            lang,
        )?;
        self.fragment_url = self
            .fragment_url
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty());
        if let Some(url) = &self.fragment_url {
            if !is_web_url(url) || url.chars().count() > FRAGMENT_URL_MAX_CHARS {
                return Err(error(
                    ErrorCode::InvalidUrl,
                    "fragment_url",
                    Problem::InvalidUrl,
                    lang,
                ));
            }
        }
        required(&self.message, "message", Subject::Correction, lang)?;
        at_most(
            &self.message,
            limits.correction_max_chars,
            "message",
            Subject::Correction,
            lang,
        )?;
        self.email = self
            .email
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty());
        if let Some(address) = &self.email {
            email(address, "email", limits, lang)?;
        }
        idempotency_key(self.idempotency_key.as_deref(), lang)?;
        Ok(self)
    }
}

impl NewLetter {
    /// Checks every field in form order; trims the short fields.
    pub fn validate(mut self, limits: &Limits, lang: Lang) -> Result<Self, ApiError> {
        article(&self.uri, &self.article_url, lang)?;
        at_most(
            &self.article_title,
            TITLE_MAX_CHARS,
            "article_title",
            Subject::Title,
            lang,
        )?;
        self.name = self.name.trim().to_owned();
        required(&self.name, "name", Subject::Name, lang)?;
        at_most(
            &self.name,
            limits.name_max_chars,
            "name",
            Subject::Name,
            lang,
        )?;
        self.city = self.city.trim().to_owned();
        required(&self.city, "city", Subject::City, lang)?;
        at_most(&self.city, CITY_MAX_CHARS, "city", Subject::City, lang)?;
        self.email = self.email.trim().to_owned();
        required(&self.email, "email", Subject::Email, lang)?;
        email(&self.email, "email", limits, lang)?;
        self.address = self
            .address
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty());
        if let Some(address) = &self.address {
            at_most(
                address,
                ADDRESS_MAX_CHARS,
                "address",
                Subject::Address,
                lang,
            )?;
        }
        self.phone = self
            .phone
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            if phone.chars().count() > PHONE_MAX_CHARS
                || digits < 3
                || !phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-/().".contains(c))
            {
                return Err(error(
                    ErrorCode::InvalidPhone,
                    "phone",
                    Problem::InvalidPhone,
                    lang,
                ));
            }
        }
        required(&self.text, "text", Subject::Letter, lang)?;
        at_most(
            &self.text,
            limits.letter_max_chars,
            "text",
            Subject::Letter,
            lang,
        )?;
        if !self.consent {
            return Err(error(
                ErrorCode::ConsentRequired,
                "consent",
                Problem::ConsentRequired,
                lang,
            ));
        }
        idempotency_key(self.idempotency_key.as_deref(), lang)?;
        Ok(self)
    }
}

/// A report's idempotency key, when given, is a client key (see `is_client_key`).
fn idempotency_key(key: Option<&str>, lang: Lang) -> Result<(), ApiError> {
    match key {
        Some(key) if !crate::is_client_key(key) => Err(ApiError::new(
            ErrorCode::InvalidKey,
            Problem::InvalidKey.message(lang),
            Some("idempotency_key"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn correction() -> NewCorrection {
        NewCorrection {
            uri: "/a.html".into(),
            article_url: "https://www.example.org/a.html".into(),
            selection: "Stadtart".into(),
            message: "Stadtrat".into(),
            ..Default::default()
        }
    }

    fn letter() -> NewLetter {
        NewLetter {
            uri: "/a.html".into(),
            article_title: "Titel".into(),
            article_url: "https://www.example.org/a.html".into(),
            name: " Erika Muster ".into(),
            city: "Beispielstadt".into(),
            email: "erika@example.org".into(),
            text: "Sehr geehrte Redaktion, …".into(),
            consent: true,
            ..Default::default()
        }
    }

    fn field_of(result: Result<impl Sized, ApiError>) -> (ErrorCode, String) {
        let error = result.err().expect("refused").error;
        (error.code, error.field.unwrap())
    }

    #[test]
    fn a_correction_needs_a_message_and_a_proper_article() {
        let limits = Limits::default();
        assert!(correction().validate(&limits, Lang::De).is_ok());
        let without_selection = NewCorrection {
            selection: String::new(),
            ..correction()
        };
        assert!(without_selection.validate(&limits, Lang::De).is_ok());
        for (broken, expected) in [
            (
                NewCorrection {
                    message: "  ".into(),
                    ..correction()
                },
                (ErrorCode::Required, "message"),
            ),
            (
                NewCorrection {
                    message: "x".repeat(limits.correction_max_chars + 1),
                    ..correction()
                },
                (ErrorCode::TooLong, "message"),
            ),
            (
                NewCorrection {
                    selection: "x".repeat(SELECTION_MAX_CHARS + 1),
                    ..correction()
                },
                (ErrorCode::TooLong, "selection"),
            ),
            (
                NewCorrection {
                    context_before: "x".repeat(101),
                    ..correction()
                },
                (ErrorCode::TooLong, "context_before"),
            ),
            (
                NewCorrection {
                    article_url: "javascript:alert(1)".into(),
                    ..correction()
                },
                (ErrorCode::InvalidUrl, "article_url"),
            ),
            (
                NewCorrection {
                    fragment_url: Some("data:x".into()),
                    ..correction()
                },
                (ErrorCode::InvalidUrl, "fragment_url"),
            ),
            (
                NewCorrection {
                    email: Some("kaputt".into()),
                    ..correction()
                },
                (ErrorCode::InvalidEmail, "email"),
            ),
            (
                NewCorrection {
                    uri: "kein-pfad".into(),
                    ..correction()
                },
                (ErrorCode::InvalidUri, "uri"),
            ),
        ] {
            let (code, field) = field_of(broken.validate(&limits, Lang::De));
            assert_eq!((code, field.as_str()), expected);
        }
    }

    #[test]
    fn a_letter_needs_name_city_email_text_and_consent() {
        let limits = Limits::default();
        let valid = letter().validate(&limits, Lang::De).unwrap();
        assert_eq!(valid.name, "Erika Muster");
        for (broken, expected) in [
            (
                NewLetter {
                    name: " ".into(),
                    ..letter()
                },
                (ErrorCode::Required, "name"),
            ),
            (
                NewLetter {
                    city: String::new(),
                    ..letter()
                },
                (ErrorCode::Required, "city"),
            ),
            (
                NewLetter {
                    email: String::new(),
                    ..letter()
                },
                (ErrorCode::Required, "email"),
            ),
            (
                NewLetter {
                    email: "nein".into(),
                    ..letter()
                },
                (ErrorCode::InvalidEmail, "email"),
            ),
            (
                NewLetter {
                    phone: Some("call me".into()),
                    ..letter()
                },
                (ErrorCode::InvalidPhone, "phone"),
            ),
            (
                NewLetter {
                    text: " ".into(),
                    ..letter()
                },
                (ErrorCode::Required, "text"),
            ),
            (
                NewLetter {
                    text: "x".repeat(limits.letter_max_chars + 1),
                    ..letter()
                },
                (ErrorCode::TooLong, "text"),
            ),
            (
                NewLetter {
                    consent: false,
                    ..letter()
                },
                (ErrorCode::ConsentRequired, "consent"),
            ),
        ] {
            let (code, field) = field_of(broken.validate(&limits, Lang::De));
            assert_eq!((code, field.as_str()), expected);
        }
        let with_phone = NewLetter {
            phone: Some("+49 (0)30 123-456".into()),
            ..letter()
        };
        assert!(with_phone.validate(&limits, Lang::De).is_ok());
    }

    #[test]
    fn text_fragments_point_at_whole_words_with_context() {
        let url = "https://www.example.org/a.html#alt";
        assert_eq!(
            text_fragment_url(url, "ein Netz von ", "42 Kilometern", " neuer Radwege, die"),
            Some("https://www.example.org/a.html#:~:text=ein%20Netz%20von-,42%20Kilometern,-neuer%20Radwege%2C%20die".into())
        );
        // A selection inside words is widened to them.
        assert_eq!(
            text_fragment_url(url, "Der Stadt", "rat besch", "ließt heute",),
            Some(
                "https://www.example.org/a.html#:~:text=Der-,Stadtrat%20beschlie%C3%9Ft,-heute"
                    .into()
            )
        );
        // Long passages: first and last four words.
        let long = "eins zwei drei vier fünf sechs sieben acht neun zehn";
        assert_eq!(
            text_fragment_url(url, "", long, ""),
            Some("https://www.example.org/a.html#:~:text=eins%20zwei%20drei%20vier,sieben%20acht%20neun%20zehn".into())
        );
        assert_eq!(text_fragment_url(url, "vorher ", "  ", " nachher"), None);
        assert_eq!(
            text_fragment_url(url, "", "a-b, c&d", ""),
            Some("https://www.example.org/a.html#:~:text=a%2Db%2C%20c%26d".into())
        );
    }

    #[test]
    fn names_of_categories_and_statuses_round_trip() {
        for category in CorrectionCategory::ALL {
            assert_eq!(CorrectionCategory::parse(category.as_str()), Some(category));
        }
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
    }
}
