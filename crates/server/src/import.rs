//! Moving to readerbox: comments from an Isso SQLite database and from a Disqus XML
//! export, with their threads, replies, times and authors. Deleted comments with replies
//! become placeholders; spam and deleted ones without replies are left behind; Isso's
//! moderation queue stays pending. Votes are not carried over (readerbox counts one vote
//! per voter, which neither source records), so scores start at 0.

use crate::store::{ImportedComment, Store};
use readerbox_api::CommentStatus;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read the source: {0}")]
    Read(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What an import brought in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub threads: usize,
    pub comments: usize,
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

/// Imports from an Isso database (`comments.db`).
pub async fn from_isso(store: &Store, path: &Path) -> Result<Imported, SourceError> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut isso = sqlx::SqliteConnection::connect_with(&options).await?;
    let rows = sqlx::query(
        "SELECT c.id, c.parent, c.created, c.modified, c.mode, c.text, c.author, c.email,
                c.website, t.uri
           FROM comments c JOIN threads t ON t.id = c.tid
          ORDER BY c.id",
    )
    .fetch_all(&mut isso)
    .await?;
    let mut comments = Vec::new();
    for row in rows {
        let Some(uri) = article_path(&row.try_get::<String, _>("uri")?) else {
            continue;
        };
        let mode: i64 = row.try_get("mode")?;
        let seconds: f64 = row.try_get("created")?;
        let modified: Option<f64> = row.try_get("modified")?;
        comments.push(ImportedComment {
            source_id: row.try_get::<i64, _>("id")?.to_string(),
            parent: row
                .try_get::<Option<i64>, _>("parent")?
                .map(|p| p.to_string()),
            uri,
            author: row
                .try_get::<Option<String>, _>("author")?
                .unwrap_or_default(),
            email: row.try_get("email")?,
            website: row.try_get("website")?,
            text: row
                .try_get::<Option<String>, _>("text")?
                .unwrap_or_default(),
            created_ms: (seconds * 1000.0) as i64,
            edited_ms: modified.map(|m| (m * 1000.0) as i64),
            status: match mode {
                2 => CommentStatus::Pending,
                4 => CommentStatus::Deleted,
                _ => CommentStatus::Published,
            },
        });
    }
    Ok(store.import_comments(keep_needed(comments)).await?)
}

/// Imports from a Disqus XML export.
pub async fn from_disqus(store: &Store, xml: &str) -> Result<Imported, SourceError> {
    let document =
        roxmltree::Document::parse(xml).map_err(|err| SourceError::Read(err.to_string()))?;
    const DSQ: &str = "http://disqus.com/disqus-internals";
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|child| child.tag_name().name() == name)
            .and_then(|child| child.text())
            .map(str::trim)
            .unwrap_or("")
            .to_owned()
    };
    let mut thread_paths = BTreeMap::new();
    for thread in document
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "thread")
    {
        if let (Some(id), Some(path)) = (
            thread.attribute((DSQ, "id")),
            article_path(&child_text(thread, "link")),
        ) {
            thread_paths.insert(id.to_owned(), path);
        }
    }
    let mut comments = Vec::new();
    for post in document
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "post")
    {
        let Some(id) = post.attribute((DSQ, "id")) else {
            continue;
        };
        let reference = |name: &str| {
            post.children()
                .find(|child| child.tag_name().name() == name)
                .and_then(|child| child.attribute((DSQ, "id")))
                .map(str::to_owned)
        };
        let Some(uri) = reference("thread").and_then(|thread| thread_paths.get(&thread).cloned())
        else {
            continue;
        };
        if child_text(post, "isSpam") == "true" {
            continue;
        }
        let author = post
            .children()
            .find(|child| child.tag_name().name() == "author");
        let created = time::OffsetDateTime::parse(
            &child_text(post, "createdAt"),
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0);
        comments.push(ImportedComment {
            source_id: id.to_owned(),
            parent: reference("parent"),
            uri,
            author: author.map(|a| child_text(a, "name")).unwrap_or_default(),
            email: author
                .map(|a| child_text(a, "email"))
                .filter(|e| !e.is_empty()),
            website: None,
            text: markdown_from_html(&child_text(post, "message")),
            created_ms: created,
            edited_ms: None,
            status: if child_text(post, "isDeleted") == "true" {
                CommentStatus::Deleted
            } else {
                CommentStatus::Published
            },
        });
    }
    Ok(store.import_comments(keep_needed(comments)).await?)
}

/// Drops deleted comments that nothing answers: nothing would show of them.
fn keep_needed(comments: Vec<ImportedComment>) -> Vec<ImportedComment> {
    let answered: BTreeSet<String> = comments.iter().filter_map(|c| c.parent.clone()).collect();
    comments
        .into_iter()
        .filter(|c| c.status != CommentStatus::Deleted || answered.contains(&c.source_id))
        .collect()
}

/// Disqus keeps comments as HTML; readerbox as Markdown. Paragraphs and line breaks stay,
/// links become Markdown links, every other tag goes, entities are decoded. The result is
/// rendered by our one renderer like any comment.
pub fn markdown_from_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut link: Option<String> = None;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&decode_entities(&rest[start..]));
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("p", true) => out.push_str("\n\n"),
            ("br", _) => out.push('\n'),
            ("a", false) => {
                link = tag
                    .split("href=\"")
                    .nth(1)
                    .and_then(|after| after.split('"').next())
                    .map(decode_entities);
                out.push('[');
            }
            ("a", true) => match link.take() {
                Some(href) => out.push_str(&format!("]({href})")),
                None => out.push(']'),
            },
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&decode_entities(rest));
    out.trim().to_owned()
}

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
            "alert(1)x <3"
        );
        assert_eq!(
            article_path("https://www.example.org/a/b.html?x=1#c").as_deref(),
            Some("/a/b.html?x=1")
        );
        assert_eq!(article_path("/a.html").as_deref(), Some("/a.html"));
        assert_eq!(article_path("ftp:nothing"), None);
    }
}
