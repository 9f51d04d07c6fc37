//! Server configuration: every setting is a command-line flag with an environment
//! variable of the same meaning (`--help` lists both), and may also be written in a TOML
//! file (`--config readerbox.toml` or `READERBOX_CONFIG`) under the flag's name:
//! `page-size = 30`, `allowed-origins = ["https://www.example.org"]`. Flags win over the
//! environment, the environment over the file, the file over the defaults.

use crate::database::DatabaseLocation;
use clap::{Parser, ValueEnum};
use readerbox_api::Limits;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "readerbox-server",
    version,
    about = "readerbox backend: comment API over SQLite or PostgreSQL, serving the widget and the demo page.",
    after_help = "Every flag can also be set through the environment variable shown beside it, \
                  or in the TOML file given with --config under the flag's name (page-size = 30)."
)]
pub struct Config {
    /// A TOML file with settings (keys are the flag names without dashes in front).
    #[arg(long = "config", env = "READERBOX_CONFIG")]
    pub config_file: Option<PathBuf>,

    /// Address and port to listen on.
    #[arg(long, env = "READERBOX_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Where the data lives: an SQLite file (created with its folder when missing), or a
    /// PostgreSQL database as postgres://user:password@host:port/name. Migrated on start.
    #[arg(
        long,
        env = "READERBOX_DATABASE",
        default_value = "data/readerbox.sqlite3"
    )]
    pub database: DatabaseLocation,

    /// Origins (scheme://host[:port]) of pages allowed to call the API from another
    /// origin, comma-separated. Same-origin pages never need to be listed.
    #[arg(long, env = "READERBOX_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Reverse proxies or CDN addresses (CIDRs like 10.0.0.0/8, or single addresses),
    /// comma-separated, whose `Forwarded` / `X-Forwarded-For`, `-Proto` and `-Host`
    /// headers are believed: the client is then the rightmost forwarded address not in
    /// this list, and the public origin the forwarded scheme and host. Empty: those
    /// headers are ignored and the client is the socket peer.
    #[arg(long, env = "READERBOX_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// Folder with the built widget and demo page (Trunk's output): its files are served
    /// under /readerbox/ (embed.js and the hashed JS and wasm), its index.html also at /.
    /// Unset: the files the binary carries (a release from `cargo xtask dist`), else
    /// `dist`.
    #[arg(long, env = "READERBOX_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Write requests (posting, editing, deleting a comment) one client may make per
    /// minute.
    #[arg(long, env = "READERBOX_WRITES_PER_MINUTE", default_value_t = 10)]
    pub writes_per_minute: u32,

    /// Longest comment text, in characters.
    #[arg(long, env = "READERBOX_MAX_TEXT_CHARS", default_value_t = Limits::default().text_max_chars)]
    pub max_text_chars: usize,

    /// Longest author name, in characters.
    #[arg(long, env = "READERBOX_MAX_NAME_CHARS", default_value_t = Limits::default().name_max_chars)]
    pub max_name_chars: usize,

    /// Top-level comments per page (each with all its replies); "mehr" loads the next.
    #[arg(long, env = "READERBOX_PAGE_SIZE", default_value_t = Limits::default().page_size,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(readerbox_api::MAX_SITE_PAGE_SIZE)))]
    pub page_size: u32,

    /// Reply levels shown indented; deeper replies show at the last level with "@Name".
    #[arg(long, env = "READERBOX_MAX_DEPTH", default_value_t = Limits::default().max_depth,
          value_parser = clap::value_parser!(u32).range(1..=10))]
    pub max_depth: u32,

    /// Seconds after posting during which the author may edit or delete a comment.
    #[arg(long, env = "READERBOX_EDIT_WINDOW_SECS", default_value_t = Limits::default().edit_window_secs)]
    pub edit_window_secs: u64,

    /// Which new comments wait for the editors (shown only to their author, marked
    /// "wartet auf Freischaltung"): none, all, or those of first-time commenters (known by
    /// their e-mail having a published comment).
    #[arg(long, env = "READERBOX_MODERATION", value_enum, default_value_t = ModerationMode::None)]
    pub moderation: ModerationMode,

    /// Proof of work: leading zero bits of SHA-256 a post must find (16 ≈ 65,000 hashes,
    /// well under a second in the widget). 0 with --min-send-ms 0 turns the check off.
    #[arg(long, env = "READERBOX_POW_BITS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(0..=28))]
    pub pow_bits: u32,

    /// Milliseconds that must pass between showing a form and sending it (bots are
    /// faster).
    #[arg(long, env = "READERBOX_MIN_SEND_MS", default_value_t = 3_000)]
    pub min_send_ms: u64,

    /// A comment with more links than this waits for the editors.
    #[arg(long, env = "READERBOX_MAX_LINKS", default_value_t = 3)]
    pub max_links: usize,

    /// Corrections and letters to the editor one client may send per minute.
    #[arg(long, env = "READERBOX_REPORTS_PER_MINUTE", default_value_t = 5)]
    pub reports_per_minute: u32,

    /// Longest correction description, in characters.
    #[arg(long, env = "READERBOX_MAX_CORRECTION_CHARS", default_value_t = Limits::default().correction_max_chars)]
    pub max_correction_chars: usize,

    /// Longest letter to the editor, in characters.
    #[arg(long, env = "READERBOX_MAX_LETTER_CHARS", default_value_t = Limits::default().letter_max_chars)]
    pub max_letter_chars: usize,

    /// Secret token of the editors' API (`Authorization: Bearer <token>`): lists
    /// corrections and letters, changes a correction's status. Closed when unset.
    #[arg(long, env = "READERBOX_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Editor accounts for the editors' UI at /admin/, `name:argon2-hash`, separated by
    /// `;` (make a hash with `--hash-password`).
    #[arg(
        long = "admin-user",
        env = "READERBOX_ADMIN_USERS",
        value_delimiter = ';',
        hide_env_values = true
    )]
    pub admin_users: Vec<String>,

    /// Writes all data (comments, votes, corrections, letters, the server secret) as JSON
    /// to this file, and exits.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,

    /// Loads an --export file into the (empty) database, and exits.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,

    /// Imports the comments of an Isso database (comments.db), and exits.
    #[arg(long, value_name = "FILE")]
    pub import_isso: Option<PathBuf>,

    /// Imports the comments of a Disqus XML export, and exits.
    #[arg(long, value_name = "FILE")]
    pub import_disqus: Option<PathBuf>,

    /// Imports the comments of a WordPress export (WXR, Tools → Export), and exits.
    #[arg(long, value_name = "FILE")]
    pub import_wordpress: Option<PathBuf>,

    /// For --import-isso/-disqus/-wordpress: a JSON object naming the article URI of
    /// threads the source names otherwise (Isso's data-isso-id, a Disqus thread's link or
    /// id): {"artikel-42": "/politik/artikel-42.html"}.
    #[arg(long, value_name = "FILE")]
    pub uri_map: Option<PathBuf>,

    /// For --import-isso/-disqus/-wordpress: report what would be imported and skipped,
    /// and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Reads a password from standard input, prints its argon2id hash for --admin-user,
    /// and exits.
    #[arg(long)]
    pub hash_password: bool,

    /// SMTP server for mail (smtp://host:port for a plain local relay,
    /// smtps://user:pass@host or smtp://user:pass@host?tls=required otherwise). No mail
    /// without it.
    #[arg(long, env = "READERBOX_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of readerbox's mails.
    #[arg(
        long,
        env = "READERBOX_MAIL_FROM",
        default_value = "readerbox <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Editors' addresses for new corrections, letters and waiting comments, comma-separated.
    #[arg(long, env = "READERBOX_EDITOR_MAIL", value_delimiter = ',')]
    pub editor_mail: Vec<String>,

    /// How readers reach this server, for links in mails (https://comments.example.org);
    /// http://<bind> when unset.
    #[arg(long, env = "READERBOX_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Serves Prometheus metrics at /metrics on the main address to requests with
    /// `Authorization: Bearer <this token>`. Off (404) unless set.
    #[arg(long, env = "READERBOX_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Serves Prometheus metrics at /metrics on this address of their own, without a
    /// token (keep it on loopback or an internal network), e.g. 127.0.0.1:9464.
    #[arg(long, env = "READERBOX_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,

    /// Seconds a shared cache (a CDN, a caching proxy) may keep a comment page or first
    /// screen (`s-maxage`); browsers revalidate on every use anyway (`max-age=0`, ETag).
    #[arg(long, env = "READERBOX_CDN_CACHE_SECS", default_value_t = 30)]
    pub cdn_cache_secs: u32,

    /// Seconds a shared cache may go on serving a page it is revalidating
    /// (`stale-while-revalidate`); 0 leaves it out. Browsers honour it too: readers may
    /// then see a page this much older.
    #[arg(long, env = "READERBOX_CDN_STALE_SECS", default_value_t = 0)]
    pub cdn_stale_secs: u32,

    /// Votes one client may cast per minute.
    #[arg(long, env = "READERBOX_VOTES_PER_MINUTE", default_value_t = 60)]
    pub votes_per_minute: u32,

    /// A task instead of serving (settings go before it:
    /// `readerbox-server --config readerbox.toml backup FILE`).
    #[command(subcommand)]
    pub task: Option<Task>,
}

/// What the binary can do besides serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Task {
    /// Copies the SQLite database into FILE while the server goes on (a consistent
    /// snapshot: SQLite's VACUUM INTO). For PostgreSQL use pg_dump (see the README).
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Puts a backup made with `backup` where --database says (that file must not exist
    /// yet: move the old one away first), and migrates it. Stop the server first.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Which new comments are held for the editors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ModerationMode {
    /// Comments appear at once (links over the limit and spam still wait).
    #[default]
    None,
    /// Every comment waits.
    All,
    /// Comments of people without a published comment (by e-mail) wait.
    FirstTime,
}

impl Config {
    /// The configuration from flags, environment and the TOML file they name.
    pub fn load() -> Result<Self, String> {
        Self::load_from(std::env::args_os().collect())
    }

    /// [`Config::load`] with these command-line arguments.
    pub fn load_from(mut args: Vec<std::ffi::OsString>) -> Result<Self, String> {
        let first = Self::parse_from(&args);
        if let Some(path) = &first.config_file {
            let text = std::fs::read_to_string(path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            let given: Vec<String> = args
                .iter()
                .filter_map(|arg| arg.to_str())
                .filter_map(|arg| arg.strip_prefix("--"))
                .map(|arg| arg.split('=').next().unwrap_or(arg).to_owned())
                .collect();
            for (key, env, value) in file_settings(&text)? {
                // Flags and the environment win over the file.
                if !given.contains(&key) && std::env::var_os(&env).is_none() {
                    // Right after the program's name: before a task (`backup FILE`).
                    args.insert(1, format!("--{key}={value}").into());
                }
            }
        }
        Ok(Self::parse_from(&args))
    }

    /// `Cache-Control` of comment pages and first screens, from `--cdn-cache-secs` and
    /// `--cdn-stale-secs`.
    pub fn shared_cache_control(&self) -> axum::http::HeaderValue {
        let mut value = format!("public, max-age=0, s-maxage={}", self.cdn_cache_secs);
        if self.cdn_stale_secs > 0 {
            value.push_str(&format!(", stale-while-revalidate={}", self.cdn_stale_secs));
        }
        axum::http::HeaderValue::from_str(&value).expect("digits and ASCII")
    }

    pub fn limits(&self) -> Limits {
        Limits {
            text_max_chars: self.max_text_chars,
            name_max_chars: self.max_name_chars,
            page_size: self.page_size,
            max_depth: self.max_depth,
            edit_window_secs: self.edit_window_secs,
            correction_max_chars: self.max_correction_chars,
            letter_max_chars: self.max_letter_chars,
            ..Limits::default()
        }
    }

    pub fn spam_rules(&self) -> crate::spam::SpamRules {
        crate::spam::SpamRules {
            pow_bits: self.pow_bits,
            min_wait_ms: self.min_send_ms,
            max_links: self.max_links,
        }
    }

    /// A configuration for tests and tools: defaults, with the given database.
    pub fn for_database(database: impl Into<DatabaseLocation>) -> Self {
        let mut config = Self::parse_from(["readerbox-server"]);
        config.database = database.into();
        config
    }
}

/// The settings of a TOML config file: flag name, its environment variable, value.
pub fn file_settings(text: &str) -> Result<Vec<(String, String, String)>, String> {
    use clap::CommandFactory;
    let table: toml::Table = text.parse().map_err(|err| format!("config file: {err}"))?;
    let command = Config::command();
    let mut settings = Vec::new();
    for (key, value) in table {
        let arg = command
            .get_arguments()
            .find(|arg| arg.get_long() == Some(key.as_str()) && key != "config")
            .ok_or_else(|| format!("config file: unknown setting {key:?} (see --help)"))?;
        let env = arg
            .get_env()
            .and_then(|env| env.to_str())
            .ok_or_else(|| format!("config file: {key:?} can only be given as a flag"))?;
        let delimiter = arg.get_value_delimiter().unwrap_or(',');
        let scalar = |value: &toml::Value| -> Result<String, String> {
            match value {
                toml::Value::String(text) => Ok(text.clone()),
                toml::Value::Integer(number) => Ok(number.to_string()),
                toml::Value::Boolean(flag) => Ok(flag.to_string()),
                _ => Err(format!(
                    "config file: {key:?} needs a string, number or true/false"
                )),
            }
        };
        let value = match &value {
            toml::Value::Array(items) => items
                .iter()
                .map(scalar)
                .collect::<Result<Vec<_>, _>>()?
                .join(&delimiter.to_string()),
            other => scalar(other)?,
        };
        settings.push((key.clone(), env.to_owned(), value));
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_keys_are_flag_names_and_map_to_their_variables() {
        let settings = file_settings(
            r#"
            page-size = 30
            moderation = "first-time"
            allowed-origins = ["https://a.example", "https://b.example"]
            admin-user = ["anna:$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"]
            "#,
        )
        .unwrap();
        let find = |env: &str| {
            settings
                .iter()
                .find(|(_, name, _)| name == env)
                .map(|(key, _, value)| (key.as_str(), value.as_str()))
        };
        assert_eq!(find("READERBOX_PAGE_SIZE"), Some(("page-size", "30")));
        assert_eq!(
            find("READERBOX_MODERATION"),
            Some(("moderation", "first-time"))
        );
        assert_eq!(
            find("READERBOX_ALLOWED_ORIGINS"),
            Some(("allowed-origins", "https://a.example,https://b.example"))
        );
        assert!(find("READERBOX_ADMIN_USERS").is_some_and(|(_, v)| v.contains("m=19456,t=2")));
        assert!(file_settings("pagesize = 3")
            .unwrap_err()
            .contains("unknown setting"));
        assert!(file_settings("page-size = [[1]]").is_err());
    }

    #[test]
    fn a_site_page_is_at_most_a_hundred_threads() {
        let parse = |size: &str| Config::try_parse_from(["readerbox-server", "--page-size", size]);
        assert_eq!(parse("100").unwrap().page_size, 100);
        let err = parse("101").unwrap_err().to_string();
        assert!(err.contains("1..=100"), "{err}");
        assert!(parse("0").is_err());
    }
}
