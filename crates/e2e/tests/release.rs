//! The release archive as a sysadmin installs it (`cargo xtask dist`; `cargo xtask test`
//! builds it and names it in `READERBOX_RELEASE_ARCHIVE`): unpacked into a temporary
//! folder, the server started from elsewhere with the archive's own `readerbox.toml`
//! (the database and port given through the environment, which wins over the file),
//! behind Debian's nginx including the archive's `readerbox-locations.conf`; a reader
//! opens the demo article through nginx and posts a comment.

use readerbox_e2e::Browser;
use readerbox_server::testing::{nginx_binary, Nginx};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The release server's process, stopped by its process id when dropped.
struct Released(Child);

impl Released {
    /// SIGTERM, as systemd stops it; true if it then ended by itself, cleanly.
    fn stop(&mut self) -> bool {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Released {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn archive() -> Option<PathBuf> {
    match std::env::var_os("READERBOX_RELEASE_ARCHIVE") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs this with READERBOX_RELEASE_ARCHIVE (cargo xtask test sets it)"
            );
            eprintln!("skipped: no READERBOX_RELEASE_ARCHIVE (run cargo xtask dist)");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_release_archive_runs_behind_nginx_and_a_reader_posts() {
    let (Some(archive), Some(nginx_binary)) = (archive(), nginx_binary()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let unpacked = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(unpacked.success(), "tar -xzf {}", archive.display());
    let release = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.is_dir())
        .expect("the archive holds one folder");
    for file in [
        "readerbox-server",
        "readerbox.toml",
        "readerbox.service",
        "INSTALL.md",
        "nginx/readerbox.conf",
        "nginx/readerbox-locations.conf",
    ] {
        assert!(release.join(file).exists(), "the archive has {file}");
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let elsewhere = dir.path().join("run");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let started = Instant::now();
    let mut server = Released(
        Command::new(release.join("readerbox-server"))
            .arg("--config")
            .arg(release.join("readerbox.toml"))
            .current_dir(&elsewhere)
            .env("READERBOX_BIND", format!("127.0.0.1:{port}"))
            .env(
                "READERBOX_DATABASE",
                dir.path().join("data/readerbox.sqlite3"),
            )
            .env_remove("READERBOX_STATIC_DIR")
            .env("TMPDIR", &tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let direct = format!("http://127.0.0.1:{port}");
    loop {
        if let Ok(response) = client.get(format!("{direct}/healthz")).send().await {
            if response.status() == 200 {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the release server did not answer"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!("the release server answered after {:?}", started.elapsed());

    let locations = release.join("nginx/readerbox-locations.conf");
    let nginx = Nginx::start(&nginx_binary, |own| {
        (
            format!(
                "proxy_cache_path {}/cache keys_zone=readerbox:1m;
  upstream readerbox {{ server 127.0.0.1:{port}; keepalive 4; }}",
                own.display()
            ),
            format!("include {};", locations.display()),
        )
    });

    // The widget's files through nginx: embed.js briefly, the hashed wasm from its cache.
    let embed = client
        .get(format!("{}/readerbox/embed.js", nginx.base))
        .send()
        .await
        .unwrap();
    assert_eq!(embed.status(), 200);
    assert!(embed.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age=300"));
    let embed = embed.text().await.unwrap();
    let wasm = embed
        .split(['"', '\'', '`', '/'])
        .find(|part| part.ends_with("_bg.wasm"))
        .expect("embed.js names the wasm")
        .to_owned();
    let wasm_url = format!("{}/readerbox/{wasm}", nginx.base);
    let cached = |response: &reqwest::Response| {
        response
            .headers()
            .get("x-cache-status")
            .map(|value| value.to_str().unwrap().to_owned())
    };
    let first = client.get(&wasm_url).send().await.unwrap();
    assert_eq!(first.status(), 200, "{wasm_url}");
    assert_eq!(cached(&first).as_deref(), Some("MISS"));
    // Read to the end: nginx stores what it passed on whole.
    let wasm_bytes = first.bytes().await.unwrap();
    assert!(wasm_bytes.starts_with(b"\0asm"));
    let again = client.get(&wasm_url).send().await.unwrap();
    assert_eq!(cached(&again).as_deref(), Some("HIT"));
    assert!(again.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));

    // A reader on the demo article page, through nginx.
    let browser = Browser::start().await;
    browser.goto(&format!("{}/", nginx.base)).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "Kommentare")
        .await;
    browser
        .element(".comments-host >> textarea[name=text]")
        .await;
    browser
        .type_into(
            ".comments-host >> textarea[name=text]",
            "Aus dem Release-Archiv, durch nginx.",
        )
        .await;
    browser.click(".comments-host >> button[type=submit]").await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "1 Kommentar")
        .await;
    browser.reload().await;
    assert_eq!(
        browser
            .text_when(".comments-host >> .readerbox-text", |t| !t.is_empty())
            .await,
        "Aus dem Release-Archiv, durch nginx."
    );
    browser.close().await;
    drop(nginx);

    // Stopped as systemd stops it, the server leaves none of its unpacked files behind.
    assert!(server.stop(), "the server ends cleanly on SIGTERM");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
}
