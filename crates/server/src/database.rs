//! Where the data lives: an SQLite file (the default) or a PostgreSQL database, named by
//! one `--database` setting, and the small SQL dialect both understand.
//!
//! Invariants:
//! - A value starting with `postgres://` or `postgresql://` is PostgreSQL; anything else
//!   is an SQLite file path (an optional `sqlite:` prefix is dropped).
//! - [`DatabaseLocation`]'s `Display` never shows a password.
//! - Store SQL is written with `?` placeholders and passed through [`numbered`], which
//!   both SQLite and PostgreSQL accept as `$1, $2, …`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseLocation {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }
}

impl FromStr for DatabaseLocation {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty database location".into());
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(Self::Postgres(text.to_owned()));
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        Ok(Self::Sqlite(PathBuf::from(path)))
    }
}

impl From<PathBuf> for DatabaseLocation {
    fn from(path: PathBuf) -> Self {
        Self::Sqlite(path)
    }
}

impl fmt::Display for DatabaseLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) if parsed.password().is_some() => {
                    let _ = parsed.set_password(Some("***"));
                    write!(f, "{parsed}")
                }
                _ => write!(f, "{url}"),
            },
        }
    }
}

/// `sql` with each `?` placeholder (outside quoted text) replaced by `$1`, `$2`, …: the
/// form PostgreSQL needs and SQLite also reads, so the store writes each statement once.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1;
    let mut quote: Option<char> = None;
    for ch in sql.chars() {
        match (quote, ch) {
            (None, '?') => {
                out.push('$');
                out.push_str(&next.to_string());
                next += 1;
                continue;
            }
            (None, '\'' | '"') => quote = Some(ch),
            (Some(open), _) if ch == open => quote = None,
            _ => {}
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered("SELECT '?' FROM t WHERE a = ? AND b IN (?, ?) AND \"c?\" = ?"),
            "SELECT '?' FROM t WHERE a = $1 AND b IN ($2, $3) AND \"c?\" = $4"
        );
        assert_eq!(numbered("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn locations_parse_and_hide_passwords() {
        assert_eq!(
            "data/x.sqlite3".parse(),
            Ok(DatabaseLocation::Sqlite("data/x.sqlite3".into()))
        );
        assert_eq!(
            "sqlite:/tmp/x.db".parse(),
            Ok(DatabaseLocation::Sqlite("/tmp/x.db".into()))
        );
        let pg: DatabaseLocation = "postgres://rb:secret@127.0.0.1:5432/rb".parse().unwrap();
        assert!(pg.is_postgres());
        assert!(!pg.to_string().contains("secret"), "{pg}");
        assert!("".parse::<DatabaseLocation>().is_err());
    }
}
