//! Moving to readerbox: comments from an Isso SQLite database, a Disqus XML export and a
//! WordPress export (WXR), with their threads, replies, times, authors and (Isso) votes.
//!
//! An import reads the whole source first ([`read`]; a file that is not what it should
//! be is refused before the database is touched), then stores it in one transaction
//! ([`store`]). Every comment left behind is reported with its reason ([`Skipped`]).
//! Deleted comments with replies become placeholders; spam, trash, pingbacks and deleted
//! ones without replies stay behind; moderation queues stay pending.
//!
//! Invariants: an import is idempotent (the store remembers each comment's source id in
//! `import_sources`: running it again adds nothing, and replies that arrive later find
//! their parent); `--dry-run` runs the same transaction and rolls it back.

mod html;

pub use crate::store::Stored;
use crate::store::{ImportedComment, Store};
pub use html::markdown_from_html;
use readerbox_api::CommentStatus;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The systems readerbox imports from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Isso,
    Disqus,
    WordPress,
}

impl Source {
    /// Its name in `import_sources`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Isso => "isso",
            Self::Disqus => "disqus",
            Self::WordPress => "wordpress",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Isso => "Isso",
            Self::Disqus => "Disqus",
            Self::WordPress => "WordPress",
        }
    }

    /// What the file should be, for messages.
    fn expected(self) -> &'static str {
        match self {
            Self::Isso => "an Isso database (Isso's comments.db, SQLite, with the tables threads and comments)",
            Self::Disqus => "a Disqus export (XML with a <disqus> root element, from Disqus' admin: Moderation → Export)",
            Self::WordPress => "a WordPress export (WXR: XML with <rss> and wp: elements, from Tools → Export in WordPress)",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} is not {}{}", .format.expected(), .hint)]
    WrongFormat {
        path: PathBuf,
        format: Source,
        /// What it seems to be instead, as a sentence's end (may be empty).
        hint: String,
    },
    #[error("the URI map {path}: {reason}")]
    BadUriMap { path: PathBuf, reason: String },
    #[error("storing the import: {0}")]
    Database(#[from] sqlx::Error),
}

/// A comment of the source that is not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The source's id of it.
    pub source_id: String,
    pub reason: SkipReason,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// Its thread is named by something that is not a path (Isso's `data-isso-id`, a
    /// Disqus thread without a link) and the URI map does not name it.
    NotAPath(String),
    /// Its thread is not in the export.
    MissingThread(String),
    Spam,
    Trash,
    /// A pingback or trackback, not a reader's comment.
    Ping,
    /// Deleted, and nothing answers it: nothing of it would show.
    DeletedUnanswered,
    /// Its id was used by an earlier comment of the same export.
    DuplicateId,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAPath(thread) => write!(
                f,
                "its thread {thread:?} is not a path; name its URI in a --uri-map file"
            ),
            Self::MissingThread(thread) => write!(f, "its thread {thread:?} is not in the export"),
            Self::Spam => f.write_str("marked as spam"),
            Self::Trash => f.write_str("in the trash"),
            Self::Ping => f.write_str("a pingback or trackback"),
            Self::DeletedUnanswered => f.write_str("deleted, and no reply answers it"),
            Self::DuplicateId => f.write_str("an earlier comment of the export has its id"),
        }
    }
}

/// A source as read, before anything is stored.
#[derive(Debug)]
pub struct Read {
    pub source: Source,
    pub comments: Vec<ImportedComment>,
    pub skipped: Vec<Skipped>,
}

/// An import's outcome, as the command prints it.
#[derive(Debug)]
pub struct Report {
    pub source: Source,
    pub stored: Stored,
    pub skipped: Vec<Skipped>,
    pub dry_run: bool,
}

impl Report {
    /// A dry run's report for a database that does not exist yet.
    pub fn into_new(read: Read) -> Self {
        let threads: BTreeSet<&str> = read.comments.iter().map(|c| c.uri.as_str()).collect();
        Self {
            source: read.source,
            stored: Stored {
                threads: threads.len(),
                comments: read.comments.len(),
                already: 0,
            },
            skipped: read.skipped,
            dry_run: true,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Stored {
            threads,
            comments,
            already,
        } = self.stored;
        let verb = if self.dry_run {
            "would import"
        } else {
            "imported"
        };
        writeln!(
            f,
            "{}: {verb} {comments} comments on {threads} articles; {already} imported before; {} skipped",
            self.source.name(),
            self.skipped.len()
        )?;
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for skipped in &self.skipped {
            let kind = match &skipped.reason {
                SkipReason::NotAPath(_) => "thread not a path".to_owned(),
                SkipReason::MissingThread(_) => "thread missing".to_owned(),
                SkipReason::DuplicateId => "id used twice".to_owned(),
                other => other.to_string(),
            };
            *counts.entry(kind).or_default() += 1;
        }
        for (kind, count) in counts {
            writeln!(f, "  skipped, {kind}: {count}")?;
        }
        for skipped in &self.skipped {
            writeln!(
                f,
                "  {} comment {}: {}",
                self.source.name(),
                skipped.source_id,
                skipped.reason
            )?;
        }
        if self.dry_run {
            writeln!(f, "Dry run: nothing was written.")?;
        }
        Ok(())
    }
}

/// Thread names of the source (Isso's custom ids, links) mapped to article URIs: a JSON
/// object, `{"artikel-42": "/politik/artikel-42.html"}`.
pub fn read_uri_map(path: &Path) -> Result<BTreeMap<String, String>, SourceError> {
    let bad = |reason: String| SourceError::BadUriMap {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|err| bad(err.to_string()))?;
    let map: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|err| {
        bad(format!(
            "expected a JSON object of names and URIs ({{\"artikel-42\": \"/politik/artikel-42.html\"}}): {err}"
        ))
    })?;
    for (name, uri) in &map {
        if readerbox_api::uri::check_article_uri(uri).is_err() {
            return Err(bad(format!(
                "{name:?} maps to {uri:?}, which is not an absolute path"
            )));
        }
    }
    Ok(map)
}

/// Reads `path` as `source` would have written it. Nothing is stored yet.
pub async fn read(
    source: Source,
    path: &Path,
    uri_map: &BTreeMap<String, String>,
) -> Result<Read, SourceError> {
    let unreadable = |reason: String| SourceError::Unreadable {
        path: path.to_owned(),
        reason,
    };
    let read = match source {
        Source::Isso => {
            if !path.is_file() {
                return Err(unreadable("no such file".into()));
            }
            read_isso(path, uri_map).await?
        }
        Source::Disqus | Source::WordPress => {
            let xml = std::fs::read_to_string(path).map_err(|err| unreadable(err.to_string()))?;
            let wrong = |hint: String| SourceError::WrongFormat {
                path: path.to_owned(),
                format: source,
                hint,
            };
            let document = roxmltree::Document::parse(&xml)
                .map_err(|err| wrong(format!(" (not XML: {err})")))?;
            let root = document.root_element();
            let kind = xml_kind(root);
            if kind != Some(source) {
                let hint = match kind {
                    Some(other) => {
                        format!("; it is {}: use --import-{}", other.expected(), other.key())
                    }
                    None => format!(" (its root element is <{}>)", root.tag_name().name()),
                };
                return Err(wrong(hint));
            }
            match source {
                Source::Disqus => read_disqus(root, uri_map),
                _ => read_wordpress(root, uri_map),
            }
        }
    };
    Ok(read)
}

/// Stores what [`read`] found (or, with `dry_run`, says what it would store).
pub async fn store(store: &Store, read: Read, dry_run: bool) -> Result<Report, SourceError> {
    let stored = store
        .import_comments(read.source.key(), read.comments, dry_run)
        .await?;
    Ok(Report {
        source: read.source,
        stored,
        skipped: read.skipped,
        dry_run,
    })
}

/// Which export an XML document is.
fn xml_kind(root: roxmltree::Node) -> Option<Source> {
    match root.tag_name().name() {
        "disqus" => Some(Source::Disqus),
        "rss"
            if root
                .descendants()
                .any(|node| node.tag_name().namespace().is_some_and(is_wxr_namespace)) =>
        {
            Some(Source::WordPress)
        }
        _ => None,
    }
}

fn is_wxr_namespace(namespace: &str) -> bool {
    namespace.starts_with("http://wordpress.org/export/")
}

/// The path (and query) of a URL or path: readerbox names articles by path.
fn article_path(link: &str) -> Option<String> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .map(|rest| rest.find('/').map_or("/", |at| &rest[at..]))
        .unwrap_or(link);
    let path = rest.split('#').next().unwrap_or(rest);
    readerbox_api::uri::check_article_uri(path)
        .is_ok()
        .then(|| path.to_owned())
}

/// A thread's URI: as the URI map names it, else its path.
fn thread_uri(name: &str, uri_map: &BTreeMap<String, String>) -> Option<String> {
    uri_map.get(name).cloned().or_else(|| article_path(name))
}

async fn read_isso(path: &Path, uri_map: &BTreeMap<String, String>) -> Result<Read, SourceError> {
    let wrong = |hint: String| SourceError::WrongFormat {
        path: path.to_owned(),
        format: Source::Isso,
        hint,
    };
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut isso = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(|err| wrong(format!(" ({err})")))?;
    let rows = sqlx::query(
        "SELECT c.id, c.parent, c.created, c.modified, c.mode, c.text, c.author, c.email,
                c.website, c.likes, c.dislikes, t.uri
           FROM comments c JOIN threads t ON t.id = c.tid
          ORDER BY c.id",
    )
    .fetch_all(&mut isso)
    .await
    .map_err(|err| wrong(format!(" ({err})")))?;
    let _ = isso.close().await;
    let mut comments = Vec::new();
    let mut skipped = Vec::new();
    for row in rows {
        let source_id = row.try_get::<i64, _>("id")?.to_string();
        let thread: String = row.try_get("uri")?;
        let Some(uri) = thread_uri(&thread, uri_map) else {
            skipped.push(Skipped {
                source_id,
                reason: SkipReason::NotAPath(thread),
            });
            continue;
        };
        let mode: i64 = row.try_get("mode")?;
        let seconds: f64 = row.try_get("created")?;
        let modified: Option<f64> = row.try_get("modified")?;
        // Isso keeps these HTML-escaped (and unescapes them when it shows them).
        let unescaped = |field: &str| -> Result<Option<String>, sqlx::Error> {
            Ok(row
                .try_get::<Option<String>, _>(field)?
                .map(|value| decode_entities(&value)))
        };
        let likes: Option<i64> = row.try_get("likes")?;
        let dislikes: Option<i64> = row.try_get("dislikes")?;
        comments.push(ImportedComment {
            source_id,
            parent: row
                .try_get::<Option<i64>, _>("parent")?
                .map(|p| p.to_string()),
            uri,
            author: unescaped("author")?.unwrap_or_default(),
            email: unescaped("email")?.filter(|e| !e.is_empty()),
            website: unescaped("website")?.filter(|w| !w.is_empty()),
            text: row
                .try_get::<Option<String>, _>("text")?
                .unwrap_or_default(),
            created_ms: (seconds * 1000.0).round() as i64,
            edited_ms: modified.map(|m| (m * 1000.0).round() as i64),
            status: match mode {
                2 => CommentStatus::Pending,
                4 => CommentStatus::Deleted,
                _ => CommentStatus::Published,
            },
            score: likes.unwrap_or(0) - dislikes.unwrap_or(0),
        });
    }
    Ok(keep_needed(Source::Isso, comments, skipped))
}

const DSQ: &str = "http://disqus.com/disqus-internals";

fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|child| child.tag_name().name() == name)
}

/// The trimmed text of `node`'s child `name` ("" when there is none).
fn child_text(node: roxmltree::Node, name: &str) -> String {
    child(node, name)
        .and_then(|child| child.text())
        .map(str::trim)
        .unwrap_or("")
        .to_owned()
}

fn read_disqus(root: roxmltree::Node, uri_map: &BTreeMap<String, String>) -> Read {
    // Thread id → its URI, or why it has none.
    let mut threads: BTreeMap<String, Result<String, String>> = BTreeMap::new();
    for thread in root.children().filter(|n| n.tag_name().name() == "thread") {
        let Some(id) = thread.attribute((DSQ, "id")) else {
            continue;
        };
        let link = child_text(thread, "link");
        let uri = thread_uri(&link, uri_map)
            .or_else(|| uri_map.get(id).cloned())
            .ok_or(if link.is_empty() { id.to_owned() } else { link });
        threads.insert(id.to_owned(), uri);
    }
    let mut comments = Vec::new();
    let mut skipped = Vec::new();
    for post in root.children().filter(|n| n.tag_name().name() == "post") {
        let Some(id) = post.attribute((DSQ, "id")) else {
            continue;
        };
        let reference = |name: &str| {
            child(post, name).and_then(|c| c.attribute((DSQ, "id")).map(str::to_owned))
        };
        let thread = reference("thread").unwrap_or_default();
        let reason = match threads.get(&thread) {
            None => Some(SkipReason::MissingThread(thread.clone())),
            Some(Err(name)) => Some(SkipReason::NotAPath(name.clone())),
            Some(Ok(_)) if child_text(post, "isSpam") == "true" => Some(SkipReason::Spam),
            Some(Ok(_)) => None,
        };
        if let Some(reason) = reason {
            skipped.push(Skipped {
                source_id: id.to_owned(),
                reason,
            });
            continue;
        }
        let Some(Ok(uri)) = threads.get(&thread) else {
            continue;
        };
        let author = child(post, "author");
        comments.push(ImportedComment {
            source_id: id.to_owned(),
            parent: reference("parent"),
            uri: uri.clone(),
            author: author.map(|a| child_text(a, "name")).unwrap_or_default(),
            email: author
                .map(|a| child_text(a, "email"))
                .filter(|e| !e.is_empty()),
            website: None,
            text: markdown_from_html(&child_text(post, "message")),
            created_ms: rfc3339_ms(&child_text(post, "createdAt")),
            edited_ms: None,
            status: if child_text(post, "isDeleted") == "true" {
                CommentStatus::Deleted
            } else {
                CommentStatus::Published
            },
            score: 0,
        });
    }
    keep_needed(Source::Disqus, comments, skipped)
}

fn rfc3339_ms(text: &str) -> i64 {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
}

/// WordPress writes comment times as `2021-03-01 10:05:00` (`comment_date_gmt`: UTC).
fn wordpress_time_ms(text: &str) -> Option<i64> {
    let format = time::format_description::parse_borrowed::<2>(
        "[year]-[month]-[day] [hour]:[minute]:[second]",
    )
    .ok()?;
    time::PrimitiveDateTime::parse(text.trim(), &format)
        .ok()
        .map(|t| (t.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
}

fn read_wordpress(root: roxmltree::Node, uri_map: &BTreeMap<String, String>) -> Read {
    let wp = |node: roxmltree::Node, name: &str| -> String {
        node.children()
            .find(|c| {
                c.tag_name().name() == name
                    && c.tag_name().namespace().is_some_and(is_wxr_namespace)
            })
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_owned()
    };
    let mut comments = Vec::new();
    let mut skipped = Vec::new();
    for item in root.descendants().filter(|n| n.tag_name().name() == "item") {
        let link = child_text(item, "link");
        let uri = thread_uri(&link, uri_map).ok_or(link);
        for comment in item.children().filter(|n| {
            n.tag_name().name() == "comment"
                && n.tag_name().namespace().is_some_and(is_wxr_namespace)
        }) {
            let source_id = wp(comment, "comment_id").trim().to_owned();
            let approved = wp(comment, "comment_approved");
            let kind = wp(comment, "comment_type");
            let reason = match (&uri, approved.trim(), kind.trim()) {
                (Err(link), _, _) => Some(SkipReason::NotAPath(link.clone())),
                (_, _, "pingback" | "trackback") => Some(SkipReason::Ping),
                (_, "spam", _) => Some(SkipReason::Spam),
                (_, "trash" | "post-trashed", _) => Some(SkipReason::Trash),
                _ => None,
            };
            if let Some(reason) = reason {
                skipped.push(Skipped { source_id, reason });
                continue;
            }
            let Ok(uri) = &uri else { continue };
            let parent = wp(comment, "comment_parent").trim().to_owned();
            let created_ms = wordpress_time_ms(&wp(comment, "comment_date_gmt"))
                .filter(|ms| *ms > 0)
                .or_else(|| wordpress_time_ms(&wp(comment, "comment_date")))
                .unwrap_or(0);
            comments.push(ImportedComment {
                source_id,
                parent: Some(parent).filter(|p| !p.is_empty() && p != "0"),
                uri: uri.clone(),
                author: wp(comment, "comment_author").trim().to_owned(),
                email: Some(wp(comment, "comment_author_email").trim().to_owned())
                    .filter(|e| !e.is_empty()),
                website: Some(wp(comment, "comment_author_url").trim().to_owned())
                    .filter(|url| readerbox_api::validate::is_web_url(url)),
                text: html::markdown_from_wordpress(&wp(comment, "comment_content")),
                created_ms,
                edited_ms: None,
                status: if approved.trim() == "1" {
                    CommentStatus::Published
                } else {
                    CommentStatus::Pending
                },
                score: 0,
            });
        }
    }
    keep_needed(Source::WordPress, comments, skipped)
}

/// Leaves behind deleted comments that nothing answers (nothing of them would show) and
/// the second of two comments with one id, reporting them.
fn keep_needed(source: Source, comments: Vec<ImportedComment>, mut skipped: Vec<Skipped>) -> Read {
    let mut ids = BTreeSet::new();
    let (comments, duplicates): (Vec<_>, Vec<_>) = comments
        .into_iter()
        .partition(|c| ids.insert(c.source_id.clone()));
    skipped.extend(duplicates.into_iter().map(|c| Skipped {
        source_id: c.source_id,
        reason: SkipReason::DuplicateId,
    }));
    let answered: BTreeSet<String> = comments.iter().filter_map(|c| c.parent.clone()).collect();
    let (kept, dropped): (Vec<_>, Vec<_>) = comments
        .into_iter()
        .partition(|c| c.status != CommentStatus::Deleted || answered.contains(&c.source_id));
    skipped.extend(dropped.into_iter().map(|c| Skipped {
        source_id: c.source_id,
        reason: SkipReason::DeletedUnanswered,
    }));
    Read {
        source,
        comments: kept,
        skipped,
    }
}

/// HTML entities (`&amp;`, `&#39;`, `&#x27;`) as the characters they stand for: Isso
/// keeps names and websites escaped.
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(end) = after.find(';').filter(|end| *end <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disqus_html_becomes_markdown_text() {
        assert_eq!(
            markdown_from_html("<p>Hallo <b>Welt</b> &amp; <a href=\"https://a.example/?x=1&amp;y=2\" rel=\"nofollow\">Quelle</a></p><p>Zweiter<br>Absatz</p>"),
            "Hallo **Welt** & [Quelle](https://a.example/?x=1&y=2)\n\nZweiter\nAbsatz"
        );
        assert_eq!(
            markdown_from_html("<script>alert(1)</script>x &lt;3"),
            "x \\<3"
        );
        assert_eq!(
            article_path("https://www.example.org/a/b.html?x=1#c").as_deref(),
            Some("/a/b.html?x=1")
        );
        assert_eq!(article_path("/a.html").as_deref(), Some("/a.html"));
        assert_eq!(article_path("ftp:nothing"), None);
    }

    #[test]
    fn wordpress_times_are_utc() {
        assert_eq!(
            wordpress_time_ms("2021-03-01 10:05:00"),
            Some(1_614_593_100_000)
        );
        assert_eq!(wordpress_time_ms("0000-00-00 00:00:00"), None);
    }
}
