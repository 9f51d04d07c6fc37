//! Server configuration: every setting is a command-line flag with an environment
//! variable of the same meaning (`--help` lists both). Flags win over the environment.

use clap::Parser;
use readerbox_api::Limits;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "readerbox-server",
    version,
    about = "readerbox backend: comment API over SQLite, serving the widget and the demo page.",
    after_help = "Every flag can also be set through the environment variable shown beside it."
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "READERBOX_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file; created (with its folder) when missing.
    #[arg(
        long,
        env = "READERBOX_DATABASE",
        default_value = "data/readerbox.sqlite3"
    )]
    pub database: PathBuf,

    /// Origins (scheme://host[:port]) of pages allowed to call the API from another
    /// origin, comma-separated. Same-origin pages never need to be listed.
    #[arg(long, env = "READERBOX_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Folder with the built widget and demo page (Trunk's output): its files are served
    /// under /readerbox/ (embed.js and the hashed JS and wasm), its index.html also at /.
    #[arg(long, env = "READERBOX_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Write requests (posting a comment) one client may make per minute.
    #[arg(long, env = "READERBOX_WRITES_PER_MINUTE", default_value_t = 10)]
    pub writes_per_minute: u32,

    /// Longest comment text, in characters.
    #[arg(long, env = "READERBOX_MAX_TEXT_CHARS", default_value_t = Limits::default().text_max_chars)]
    pub max_text_chars: usize,

    /// Longest author name, in characters.
    #[arg(long, env = "READERBOX_MAX_NAME_CHARS", default_value_t = Limits::default().name_max_chars)]
    pub max_name_chars: usize,
}

impl Config {
    pub fn limits(&self) -> Limits {
        Limits {
            text_max_chars: self.max_text_chars,
            name_max_chars: self.max_name_chars,
            ..Limits::default()
        }
    }

    /// A configuration for tests and tools: defaults, with the given database file.
    pub fn for_database(database: PathBuf) -> Self {
        let mut config = Self::parse_from(["readerbox-server"]);
        config.database = database;
        config
    }
}
