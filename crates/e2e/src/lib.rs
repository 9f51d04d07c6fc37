//! End-to-end harness: the real readerbox server (in this process, on a loopback port,
//! with its own SQLite file) serving the Trunk-built release widget from `dist/`, and a
//! real headless Chromium driven over WebDriver (chromedriver + fantoccini).
//!
//! Invariants:
//! - Everything a test starts is stopped by that test, also when it panics: [`Browser`]
//!   kills chromedriver's whole process group on drop (Chromium included), [`Server`]
//!   signals shutdown on drop, and temp dirs are removed on drop.
//! - No sleeps as synchronisation: [`Browser::eventually`] polls a condition against a
//!   deadline and fails with what it last saw.
//!
//! Selectors: the widget renders inside shadow roots, which CSS can't pierce. A selector
//! `"HOST >> INNER"` finds HOST in the page, then INNER inside HOST's shadow root.

pub mod fault;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use readerbox_server::config::Config;
use readerbox_server::{serve, AppState};
use serde_json::{json, Value};
use sha2::Digest;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long a condition in the browser may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(15);

/// The folder with the Trunk-built widget and demo page.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("READERBOX_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: build the widget first (`cargo xtask test` does, or `trunk build --release`)",
        dir.display()
    );
    dir
}

/// The readerbox server on a loopback port. Stops when dropped.
pub struct Server {
    pub address: SocketAddr,
    pub state: AppState,
    config: Config,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    _data: TempDir,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_database(data.path().join("readerbox.sqlite3"));
        config.static_dir = Some(dist_dir());
        config.writes_per_minute = 1000;
        config.reports_per_minute = 1000;
        // The widget solves a real proof of work, kept small so tests stay quick; no
        // minimum wait (one test turns the production settings on).
        config.pow_bits = 8;
        config.min_send_ms = 0;
        configure(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().unwrap();
        let mut server = Self {
            address,
            state: AppState::from_config(&config).await.unwrap(),
            config,
            stop: None,
            task: None,
            _data: data,
        };
        server.run(listener);
        server
    }

    fn run(&mut self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = self.state.clone();
        self.task = Some(tokio::spawn(async move {
            serve(listener, state, async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
        }));
        self.stop = Some(stop);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// `http://127.0.0.1:PORT`: where embed.js, the widget and the API live.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops serving (connections are then refused); the data stays for [`Self::resume`].
    pub async fn pause(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task ends cleanly");
        }
    }

    /// Serves again on the same address and database, like a restarted server.
    pub async fn resume(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.address)
            .await
            .expect("rebind the same port");
        self.state = AppState::from_config(&self.config).await.unwrap();
        self.run(listener);
    }

    pub async fn stored_comments(&self) -> i64 {
        self.state.store.count_all_comments().await.unwrap()
    }

    /// The texts of an article's published comments as stored, oldest first, replies
    /// after their top-level comment.
    pub async fn texts_of(&self, uri: &str) -> Vec<String> {
        let page = self
            .state
            .store
            .list_page(uri, readerbox_api::Sort::Oldest, None, 1_000, None)
            .await
            .unwrap();
        page.comments.into_iter().map(|c| c.text).collect()
    }

    /// Posts a comment through the public API, as another reader would; returns its id.
    pub async fn post_comment(&self, uri: &str, author: &str, text: &str) -> i64 {
        self.post_json(json!({"uri": uri, "author": author, "text": text}))
            .await
    }

    /// A solved proof of work for a fresh challenge, as the widget sends it.
    pub async fn proof_of_work(&self) -> Value {
        let challenge: readerbox_api::spam::Challenge = reqwest::get(self.url("/api/v1/challenge"))
            .await
            .expect("challenge")
            .json()
            .await
            .expect("JSON");
        let nonce = (0u64..)
            .find(|nonce| {
                let input = readerbox_api::spam::proof_input(&challenge.challenge, *nonce);
                let hash = sha2::Sha256::digest(input.as_bytes());
                readerbox_api::spam::leading_zero_bits(&hash) >= challenge.bits
            })
            .unwrap();
        json!({"challenge": challenge.challenge, "nonce": nonce})
    }

    /// A public page of an article's comments, as JSON (`query`: more parameters).
    pub async fn comment_page(&self, uri: &str, query: &str) -> Value {
        reqwest::get(self.url(&format!("/api/v1/comments?uri={uri}{query}")))
            .await
            .expect("the API answers")
            .json()
            .await
            .expect("JSON")
    }

    /// A GET of the editors' API with the admin `token`, as JSON.
    pub async fn admin_get(&self, path: &str, token: &str) -> Value {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("the API answers")
            .json()
            .await
            .expect("JSON")
    }

    /// Posts any comment body through the public API (with a proof of work); returns the
    /// new comment's id.
    pub async fn post_json(&self, mut body: Value) -> i64 {
        body["pow"] = self.proof_of_work().await;
        let response = reqwest::Client::new()
            .post(self.url("/api/v1/comments"))
            .json(&body)
            .send()
            .await
            .expect("post comment");
        assert_eq!(response.status(), 201);
        let created: readerbox_api::CreatedComment = response.json().await.expect("JSON");
        created.comment.id
    }

    /// Stores a published comment straight into the database (no proof of work, no rate
    /// limit: for threads of hundreds); `parent`: the comment it answers. Returns its id.
    pub async fn store_comment(
        &self,
        uri: &str,
        author: &str,
        text: &str,
        parent: Option<i64>,
    ) -> i64 {
        let new: readerbox_api::NewComment = serde_json::from_value(
            json!({"uri": uri, "author": author, "text": text, "parent_id": parent}),
        )
        .expect("a new comment");
        let valid = new
            .validate(&readerbox_api::Limits::default(), readerbox_api::Lang::De)
            .expect("a valid comment");
        let token = format!("stored-{}", self.stored_comments().await);
        self.state
            .store
            .insert_comment(&valid, &token, readerbox_api::CommentStatus::Published)
            .await
            .expect("stored")
            .authored
            .comment
            .id
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A news site on its own loopback origin: serves the given pages (path, content type,
/// body) with the given extra headers, nothing else. Stops when dropped.
pub struct HostSite {
    pub origin: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// One file the host site serves.
pub struct HostPage {
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

impl HostPage {
    pub fn html(path: &'static str, body: String) -> Self {
        Self {
            path,
            content_type: "text/html; charset=utf-8",
            body,
            headers: Vec::new(),
        }
    }

    pub fn script(path: &'static str, body: &str) -> Self {
        Self {
            path,
            content_type: "text/javascript",
            body: body.to_owned(),
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl HostSite {
    /// Takes a loopback port, so the origin is known before the pages are written.
    pub async fn bind() -> (Self, tokio::net::TcpListener) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        (Self { origin, stop: None }, listener)
    }

    /// Serves `pages` on the bound listener until dropped.
    pub fn serve(&mut self, listener: tokio::net::TcpListener, pages: Vec<HostPage>) {
        use axum::http::{HeaderName, HeaderValue};
        let mut router = axum::Router::new();
        for page in pages {
            let page = std::sync::Arc::new(page);
            router = router.route(
                page.path,
                axum::routing::get(move || {
                    let page = page.clone();
                    async move {
                        let mut response = axum::response::Response::new(axum::body::Body::from(
                            page.body.clone(),
                        ));
                        let headers = response.headers_mut();
                        headers.insert("content-type", HeaderValue::from_static(page.content_type));
                        for (name, value) in &page.headers {
                            headers.insert(
                                HeaderName::from_static(name),
                                HeaderValue::from_str(value).unwrap(),
                            );
                        }
                        response
                    }
                }),
            );
        }
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .expect("host site runs");
        });
        self.stop = Some(stop);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for HostSite {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// chromedriver + headless Chromium with a fresh profile. Killed when dropped.
pub struct Browser {
    pub client: Client,
    /// chromedriver's address, for its Chromium-only commands.
    webdriver: String,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        Self::start_sized(1200, 1000).await
    }

    pub async fn start_sized(width: u32, height: u32) -> Self {
        Self::start_with_flags(width, height, &[]).await
    }

    /// With extra Chromium flags (the benchmark's `--js-flags=--expose-gc`, say).
    pub async fn start_with_flags(width: u32, height: u32, flags: &[&str]) -> Self {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let port = free_port();
        let mut command = Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command.spawn().unwrap_or_else(|err| {
            panic!("cannot start {chromedriver} (install chromium-driver): {err}")
        });
        // From here on, a panic must not leave chromedriver behind.
        let mut guard = DriverGuard(Some(driver));

        let profile = tempfile::tempdir().expect("profile dir");
        let args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--lang=de-DE",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ])
        .chain(flags.iter().map(|f| (*f).to_owned()))
        .collect();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
                "args": args,
            }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + DEADLINE;
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(err) if Instant::now() < deadline => {
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(err) => {
                    panic!("chromedriver did not accept a session within {DEADLINE:?}: {err}")
                }
            }
        };
        Self {
            client,
            webdriver,
            driver: guard.0.take().unwrap(),
            _profile: profile,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|err| panic!("goto {url}: {err}"));
    }

    /// Waits until `probe` returns `Some`, polling; fails after [`DEADLINE`] saying `what`.
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {DEADLINE:?} waiting until {what}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The element, once it exists.
    pub async fn element(&self, selector: &str) -> Element {
        self.eventually(&format!("{selector} exists"), || self.find(selector))
            .await
    }

    /// Finds one element now; `"HOST >> INNER"` looks inside HOST's shadow root.
    pub async fn find(&self, selector: &str) -> Option<Element> {
        match selector.split_once(" >> ") {
            Some((host, inner)) => {
                let host = self.client.find(Locator::Css(host)).await.ok()?;
                host.shadow_root()
                    .await
                    .ok()?
                    .find(Locator::Css(inner))
                    .await
                    .ok()
            }
            None => self.client.find(Locator::Css(selector)).await.ok(),
        }
    }

    /// The text of the element, once it exists and its text satisfies `accept`.
    pub async fn text_when(&self, css: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut last_seen = None;
        loop {
            if let Some(element) = self.find(css).await {
                if let Ok(text) = element.text().await {
                    if accept(&text) {
                        return text;
                    }
                    last_seen = Some(text);
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {DEADLINE:?} waiting for the text of {css}; last seen: {last_seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the element's text equals `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) {
        self.text_when(css, |text| text.trim() == expected).await;
    }

    /// How many elements match now (`"HOST >> INNER"` counts inside HOST's shadow root).
    pub async fn count(&self, selector: &str) -> usize {
        let found = match selector.split_once(" >> ") {
            Some((host, inner)) => {
                let Ok(host) = self.client.find(Locator::Css(host)).await else {
                    return 0;
                };
                let Ok(shadow) = host.shadow_root().await else {
                    return 0;
                };
                shadow.find_all(Locator::Css(inner)).await
            }
            None => self.client.find_all(Locator::Css(selector)).await,
        };
        found.map(|all| all.len()).unwrap_or(0)
    }

    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.element(css).await.attr(name).await.unwrap()
    }

    /// The `value` property of a form field.
    pub async fn value(&self, css: &str) -> String {
        self.element(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.element(css).await.send_keys(text).await.unwrap();
    }

    /// Clicks the element, found afresh until the click lands: the widget may replace
    /// the server's first screen (and its buttons) between finding and clicking.
    pub async fn click(&self, css: &str) {
        self.eventually(&format!("{css} can be clicked"), || async {
            self.find(css).await?.click().await.ok()
        })
        .await;
    }

    pub async fn script(&self, source: &str) -> Value {
        self.client.execute(source, Vec::new()).await.unwrap()
    }

    /// Presses keys together, as a reader does (`[Key::Control.into(), '\u{E007}']` for
    /// Ctrl+Enter), through WebDriver: the events are trusted, like real ones.
    pub async fn press(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys {
            actions = actions.then(KeyAction::Down { value: *key });
        }
        for key in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value: *key });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Cuts the browser off the network (DevTools network conditions), or back on.
    pub async fn set_offline(&self, offline: bool) {
        let url = self.session_url("chromium/network_conditions").await;
        let http = reqwest::Client::new();
        let response = if offline {
            http.post(url)
                .json(&json!({"network_conditions": {
                    "offline": true, "latency": 0,
                    "download_throughput": 1_000_000_000, "upload_throughput": 1_000_000_000}}))
                .send()
                .await
        } else {
            http.delete(url).send().await
        };
        let response = response.expect("chromedriver answers");
        assert!(
            response.status().is_success(),
            "network conditions: {}",
            response.text().await.unwrap_or_default()
        );
    }

    /// The URL of one of chromedriver's own commands for this session.
    async fn session_url(&self, command: &str) -> String {
        let session = self
            .client
            .session_id()
            .await
            .unwrap()
            .expect("a WebDriver session");
        format!("{}/session/{session}/{command}", self.webdriver)
    }

    /// A Chrome DevTools Protocol command through chromedriver (the benchmark's CPU
    /// profile, say).
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        let url = self.session_url("goog/cdp/execute").await;
        let response = reqwest::Client::new()
            .post(url)
            .json(&json!({"cmd": command, "params": params}))
            .send()
            .await
            .expect("chromedriver answers");
        let answer: Value = response.json().await.expect("a JSON answer");
        answer["value"].clone()
    }

    /// Marks `needle` inside the page's `<article>`, as a reader dragging the mouse would.
    pub async fn select_in_article(&self, needle: &str) {
        let found = self
            .client
            .execute(
                "const [needle] = arguments;
                 const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
                 while (walker.nextNode()) {
                   const at = walker.currentNode.data.indexOf(needle);
                   if (at >= 0) {
                     const range = document.createRange();
                     range.setStart(walker.currentNode, at);
                     range.setEnd(walker.currentNode, at + needle.length);
                     getSelection().removeAllRanges(); getSelection().addRange(range);
                     return true;
                   }
                 }
                 return false;",
                vec![json!(needle)],
            )
            .await
            .unwrap();
        assert_eq!(found, true, "{needle} is in the article");
    }

    /// Logs in to the editors' UI of `server` (its login form at /admin/).
    pub async fn log_in_as_editor(&self, server: &Server, user: &str, password: &str) {
        self.goto(&server.url("/admin/")).await;
        self.type_into("#username", user).await;
        self.type_into("#password", password).await;
        self.click("form button[type=submit]").await;
        self.text_when(".who", |t| t.contains(user)).await;
    }

    pub async fn reload(&self) {
        self.client.refresh().await.unwrap();
    }

    pub async fn screenshot_png(&self) -> Vec<u8> {
        self.client.screenshot().await.unwrap()
    }

    /// Ends the WebDriver session, then the driver. Drop does the same without waiting.
    pub async fn close(self) {
        let client = self.client.clone();
        let _ = client.close().await;
        drop(self);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_process_group(&mut self.driver);
    }
}

struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            kill_process_group(child);
        }
    }
}

/// chromedriver was started as the leader of its own process group; Chromium is in it.
fn kill_process_group(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The article URI of the demo page (from its `<link rel="canonical">`).
pub const DEMO_ARTICLE_URI: &str = "/lokales/2026/11/stadtrat-beschliesst-radwegenetz.html";

/// axe-core's script (from the npm registry; `cargo xtask test` installs it and sets
/// `READERBOX_AXE`), for accessibility checks in the page.
pub fn axe_source() -> String {
    let path = std::env::var_os("READERBOX_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err} (install it: npm install --prefix target/axe axe-core, or run cargo xtask test)",
            path.display()
        )
    })
}

/// The WCAG 2.0–2.2 A and AA rules axe checks.
pub const WCAG_AA_TAGS: &[&str] = &[
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
];

impl Browser {
    /// Runs axe-core on the elements matching `include` (shadow roots included) at the
    /// WCAG A/AA tags; returns one line per violation and node.
    pub async fn axe_violations(&self, include: &[&str]) -> Vec<String> {
        let loaded = self.script("return typeof window.axe === 'object';").await;
        if loaded != Value::Bool(true) {
            self.client
                .execute(&axe_source(), Vec::new())
                .await
                .expect("axe-core loads");
        }
        let result = self
            .client
            .execute_async(
                "const [include, tags, done] = arguments;
                 axe.run({include: include.map(s => [s])},
                         {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                   .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
                      v.id + ' (' + v.impact + '): ' + v.help + ' at ' + JSON.stringify(n.target)
                      + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![json!(include), json!(WCAG_AA_TAGS)],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(result).expect("a list of violations")
    }
}
