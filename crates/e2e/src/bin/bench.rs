//! `cargo xtask bench`: readerbox measured in headless Chromium against the real server
//! on loopback, written to `target/bench/report.{md,json}` with the machine it ran on
//! and min/median/max of every figure over several runs.
//!
//! Figures: bytes of embed.js, wasm, JS glue and CSS (raw, gzip, brotli, and what the
//! browser received); navigation start → all comments in the DOM for 10, 100 and 1000
//! comments (20 % replies, realistic Markdown; `data-readerbox-load-all`) and for the
//! first page of 1000; the longest main-thread task and the sum of long tasks while
//! rendering; JS heap and wasm memory after 1000 comments, before and after a forced GC;
//! click on "Senden" → the comment visible; a keystroke → the preview of a
//! 5,000-character comment updated; and the server alone under wrk: reads of a
//! 100-comment thread (and their 304 revalidations) and posts, per second, with latency
//! percentiles. The phone profile (CPU throttled 4×, 1.6 Mbit/s down, 750 kbit/s up,
//! 150 ms round trip, nothing cached) loads 10 and 100 comments and notes when embed.js
//! and the wasm arrived, when the first comment's text could be painted and when every
//! comment was complete. Budgets are checked in the report, not asserted.
//!
//! Knobs for work on the widget (after one full run): `READERBOX_BENCH_QUICK=10|100|1000`
//! measures one thread, `READERBOX_BENCH_PHONE=1` only the phone profile;
//! `READERBOX_BENCH_RUNS`, `_LATENCY=50`, `_ARRIVE=1`, `_TIMELINE=1` and
//! `_PROFILE=/tmp/load.cpuprofile` (a CPU profile for DevTools) refine them; run as
//! `READERBOX_BENCH_QUICK=1000 CHROMEDRIVER=/usr/bin/chromedriver READERBOX_DIST=$PWD/dist
//! target/bench-native/bench /tmp/bench`.

use readerbox_api::{CommentStatus, Lang, Limits, NewComment};
use readerbox_e2e::{dist_dir, Browser, HostPage, HostSite, Server};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 5;
/// The round trip added for the mobile-network row of the rendering table.
const MOBILE_LATENCY_MS: f64 = 50.0;
const SIZES: [usize; 3] = [10, 100, 1000];
/// The phone profile: DevTools' CPU throttling and network emulation (bytes per second).
const PHONE_CPU_SLOWDOWN: f64 = 4.0;
const PHONE_LATENCY_MS: f64 = 150.0;
const PHONE_DOWN_BYTES_PER_S: f64 = 1_600_000.0 / 8.0;
const PHONE_UP_BYTES_PER_S: f64 = 750_000.0 / 8.0;

/// The client-rendered widget in the phone profile, before the first screen came from the
/// server (medians, ms): the figures the server-rendered one must not fall behind.
/// Measured by `cargo xtask bench` (its phone profile alone: `READERBOX_BENCH_PHONE=1`).
fn phone_baseline(size: &str, figure: &str) -> f64 {
    match (size, figure) {
        ("10", "interactive_ms") => PHONE_BASELINE_INTERACTIVE_MS.0,
        ("100", "interactive_ms") => PHONE_BASELINE_INTERACTIVE_MS.1,
        _ => f64::NAN,
    }
}
/// At 5083007 (the widget as it was before this profile existed), 2026-12-07, on the
/// 2-core machine whose calibration is in docs/benchmark.md.
const PHONE_BASELINE_INTERACTIVE_MS: (f64, f64) = (1615.0, 1936.0);
/// Heap + wasm after GC of the client-rendered widget (MiB, medians; the same run).
const MEMORY_BASELINE_MIB_100: f64 = 3.25;
const MEMORY_BASELINE_MIB_1000: f64 = 5.17;

/// min / median / max of some runs.
#[derive(Clone, Debug, Default)]
struct Stats(Vec<f64>);

impl Stats {
    fn push(&mut self, value: f64) {
        self.0.push(value);
    }
    fn sorted(&self) -> Vec<f64> {
        let mut values = self.0.clone();
        values.sort_by(f64::total_cmp);
        values
    }
    fn min(&self) -> f64 {
        self.sorted().first().copied().unwrap_or(f64::NAN)
    }
    fn max(&self) -> f64 {
        self.sorted().last().copied().unwrap_or(f64::NAN)
    }
    fn median(&self) -> f64 {
        let values = self.sorted();
        match values.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => values[n / 2],
            n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        }
    }
    fn json(&self) -> Value {
        json!({"min": self.min(), "median": self.median(), "max": self.max(), "runs": self.0})
    }
}

/// Deterministic pseudo-random numbers (the same threads on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SENTENCES: &[&str] = &[
    "Der Stadtrat hat lange genug über die Radwege gestritten.",
    "Ich fahre jeden Tag mit dem Rad zur Arbeit und freue mich auf sichere Wege.",
    "Wer bezahlt das eigentlich, und was wird aus den Parkplätzen in der Innenstadt?",
    "Die Verwaltung sollte die Anwohner früher einbeziehen.",
    "In Kopenhagen funktioniert das seit Jahrzehnten hervorragend.",
    "Die Kosten von 18 Millionen Euro sind für ein solches Netz durchaus angemessen.",
    "Vielleicht hilft ein Blick in die Zahlen des letzten Jahres.",
    "Ich bin skeptisch, ob die Bauzeit eingehalten wird.",
];

/// A comment as readers write them: a few sentences, some emphasis, links, quotes and
/// lists.
fn markdown(rng: &mut Lcg) -> String {
    let mut text = String::new();
    let paragraphs = 1 + rng.below(3);
    for p in 0..paragraphs {
        if p > 0 {
            text.push_str("\n\n");
        }
        match rng.below(6) {
            0 => {
                let _ = write!(text, "> {}\n\n", SENTENCES[rng.below(SENTENCES.len())]);
            }
            1 => {
                for _ in 0..(2 + rng.below(2)) {
                    let _ = writeln!(text, "- {}", SENTENCES[rng.below(SENTENCES.len())]);
                }
                text.push('\n');
            }
            _ => {}
        }
        for s in 0..(1 + rng.below(3)) {
            if s > 0 {
                text.push(' ');
            }
            let sentence = SENTENCES[rng.below(SENTENCES.len())];
            match rng.below(5) {
                0 => {
                    let _ = write!(text, "**{sentence}**");
                }
                1 => {
                    let _ = write!(
                        text,
                        "{sentence} ([Quelle](https://www.example.org/artikel/{}))",
                        rng.below(1000)
                    );
                }
                2 => {
                    let _ = write!(text, "*{sentence}*");
                }
                _ => text.push_str(sentence),
            }
        }
    }
    text
}

/// Stores `count` comments on `uri`, a fifth of them replies to earlier ones.
async fn seed(server: &Server, uri: &str, count: usize, rng: &mut Lcg) {
    let limits = Limits::default();
    let mut ids: Vec<i64> = Vec::new();
    for n in 0..count {
        let parent = (n % 5 == 4 && !ids.is_empty()).then(|| ids[rng.below(ids.len())]);
        let new: NewComment = serde_json::from_value(json!({
            "uri": uri,
            "author": format!("Leserin {}", rng.below(300)),
            "text": markdown(rng),
            "parent_id": parent,
        }))
        .unwrap();
        let valid = new
            .validate(&limits, Lang::De)
            .expect("valid bench comment");
        let inserted = server
            .state
            .store
            .insert_comment(
                &valid,
                &format!("bench-{uri}-{n:06}"),
                CommentStatus::Published,
            )
            .await
            .expect("stored");
        ids.push(inserted.authored.comment.id);
    }
}

/// In every bench page: long tasks as they happen, and a watch that notes when the
/// comment area holds `want` comments (`done`), and when none of them is still in
/// outline (`complete`: every comment has its header, formatted text and actions).
const PAGE_SCRIPT: &str = r#"
window.__bench = {long: [], done: null, complete: null, first: null, ready: null, shift: 0};
try {
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) __bench.shift += e.value; })
    .observe({type: "layout-shift", buffered: true});
} catch (e) {}
try {
  new PerformanceObserver(list => { for (const e of list.getEntries()) __bench.long.push([e.startTime, e.duration]); })
    .observe({type: 'longtask', buffered: true});
} catch (e) {}
window.__loaf = [];
try {
  new PerformanceObserver(list => { for (const e of list.getEntries()) __loaf.push([Math.round(e.startTime), Math.round(e.duration), Math.round(e.renderStart ? e.renderStart - e.startTime : -1), Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : -1), Math.round(e.scripts.reduce((a, s) => a + s.duration, 0))]); })
    .observe({type: 'long-animation-frame', buffered: true});
} catch (e) {}
window.__watch = function (want) {
  const host = document.getElementById('c');
  // Comments added so far, counted in the added subtrees only (an upper bound: a node
  // moved is counted again); the whole area is counted only once that reaches `want`,
  // so the watch costs the page O(n), not a full query per mutation batch.
  let added = 0;
  const COMMENT = 'li.readerbox-comment';
  // The server's first screen (embed.js marks the host) is not the widget: interactive
  // only once the widget has taken it over (`readerbox-ready`).
  host.addEventListener('readerbox-ready', () => { __bench.ready = performance.now(); check(); });
  const check = (records) => {
    if (__bench.complete !== null || !host.shadowRoot) return;
    if (__bench.done !== null && host.dataset.readerboxDrawn === 'server' && __bench.ready === null) return;
    if (__bench.done !== null) {
      if (!host.shadowRoot.querySelector('.readerbox-outline')) __bench.complete = performance.now();
      return;
    }
    if (records === undefined) {
      added = host.shadowRoot.querySelectorAll(COMMENT).length;
    } else {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          added += (node.matches(COMMENT) ? 1 : 0) + node.querySelectorAll(COMMENT).length;
        }
      }
    }
    if (added >= want && host.shadowRoot.querySelectorAll(COMMENT).length >= want) {
      __bench.done = performance.now();
      const widget = host.dataset.readerboxDrawn !== 'server' || __bench.ready !== null;
      if (widget && !host.shadowRoot.querySelector('.readerbox-outline')) __bench.complete = __bench.done;
    }
  };
  // The first comment's text in the page: checked before each frame is painted, so the
  // time is that of the first frame that can show it (whoever put it there).
  const first = () => {
    const root = host.shadowRoot;
    const text = root && root.querySelector(COMMENT + ' .readerbox-text');
    if (text && text.textContent.trim()) __bench.first = performance.now();
    else requestAnimationFrame(first);
  };
  requestAnimationFrame(first);
  let watching = false;
  new MutationObserver(() => {
    if (!watching && host.shadowRoot) {
      watching = true;
      new MutationObserver(check).observe(host.shadowRoot, {childList: true, subtree: true});
      check();
    }
  }).observe(host, {attributes: true});
};
"#;

fn page(widget: &str, uri: &str, load_all: bool, want: usize) -> String {
    let all = if load_all {
        " data-readerbox-load-all"
    } else {
        ""
    };
    format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bench</title>
<script>{PAGE_SCRIPT}</script>
<script src="{widget}/readerbox/embed.js" defer></script></head>
<body><main><article><h1>Artikel</h1><p>Text.</p></article>
<section id="c" data-readerbox-comments data-readerbox-uri="{uri}"{all}></section>
<script>__watch({want})</script></main></body></html>"#
    )
}

/// The phone profile for 10 and 100 comments: min/median/max of each moment, by size.
async fn phone(browser: &Browser, site: &HostSite) -> serde_json::Map<String, Value> {
    let mut figures = serde_json::Map::new();
    for size in [10, 100] {
        eprintln!("bench: phone, {size} comments …");
        let (mut embed_js, mut wasm, mut first, mut all, mut complete) = Default::default();
        let url = site.url(&format!("/t{size}.html"));
        emulate_phone(browser, true).await;
        for _ in 0..RUNS {
            browser.goto("about:blank").await;
            let load = phone_run(browser, &url).await;
            eprintln!(
                "bench: phone {size}: embed.js {:.0}, wasm {:.0}, first text {:.0}, all {:.0}, complete {:.0} ms",
                load.embed_js, load.wasm, load.first_text, load.all, load.complete
            );
            Stats::push(&mut embed_js, load.embed_js);
            Stats::push(&mut wasm, load.wasm);
            Stats::push(&mut first, load.first_text);
            Stats::push(&mut all, load.all);
            Stats::push(&mut complete, load.complete);
        }
        emulate_phone(browser, false).await;
        figures.insert(
            size.to_string(),
            json!({"embed_js_received_ms": embed_js.json(), "wasm_received_ms": wasm.json(),
                   "first_comment_text_ms": first.json(), "all_comments_ms": all.json(),
                   "interactive_ms": complete.json()}),
        );
    }
    figures
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// What one page load measured (ms since navigation start).
struct Rendered {
    /// Every comment in the DOM.
    done: f64,
    /// Every comment complete: none in outline any more.
    complete: f64,
    /// The longest long task and the sum of long tasks until `complete`.
    longest: f64,
    long_sum: f64,
    /// Cumulative layout shift up to then (the server's first screen and the widget
    /// taking over must not move anything).
    shift: f64,
}

/// One page load until `__bench.complete`.
async fn render_run(browser: &Browser, url: &str) -> Rendered {
    browser.goto(url).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let state = browser.script("return window.__bench;").await;
        if let (Some(done), Some(complete)) = (state["done"].as_f64(), state["complete"].as_f64()) {
            let long: Vec<(f64, f64)> = state["long"]
                .as_array()
                .map(|all| {
                    all.iter()
                        .filter_map(|e| Some((e[0].as_f64()?, e[1].as_f64()?)))
                        .filter(|(start, _)| *start <= complete)
                        .collect()
                })
                .unwrap_or_default();
            return Rendered {
                done,
                complete,
                shift: state["shift"].as_f64().unwrap_or(0.0),
                longest: long.iter().map(|(_, d)| *d).fold(0.0, f64::max),
                // An empty float sum is -0.0, which the report would print as "-0".
                long_sum: long.iter().map(|(_, d)| *d).sum::<f64>() + 0.0,
            };
        }
        assert!(Instant::now() < deadline, "{url} never finished rendering");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `READERBOX_BENCH_QUICK=<10|100|1000>`: one thread's figures only, printed (`1`: the
/// 1000-comment thread).
async fn quick(browser: &Browser, site: &HostSite, size: &str) {
    let size = if matches!(size, "10" | "100") {
        size
    } else {
        "1000"
    };
    let url = &site.url(&format!("/t{size}.html"));
    let (mut time, mut after_gc) = (Stats::default(), Stats::default());
    let runs = std::env::var("READERBOX_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(RUNS);
    // READERBOX_BENCH_LATENCY=<ms>: every request takes that much longer (DevTools'
    // network emulation), as on a mobile network.
    if let Some(latency) = std::env::var("READERBOX_BENCH_LATENCY")
        .ok()
        .and_then(|ms| ms.parse::<f64>().ok())
    {
        emulate_latency(browser, latency).await;
    }
    // READERBOX_BENCH_ARRIVE=1: each load comes from another site (localhost instead of
    // 127.0.0.1), as a reader from a search engine or a social network: Chromium gives
    // the article a fresh renderer process (cold V8, ICU not loaded), the HTTP and code
    // caches stay warm.
    let arrive_from = std::env::var_os("READERBOX_BENCH_ARRIVE")
        .map(|_| site.url("/blank.html").replace("127.0.0.1", "localhost"));
    let (mut busy, mut completed) = (Stats::default(), Stats::default());
    for _ in 0..runs {
        if let Some(elsewhere) = &arrive_from {
            browser.goto(elsewhere).await;
        }
        let Rendered {
            done,
            complete,
            longest,
            ..
        } = render_run(browser, url).await;
        let spent = main_thread(browser).await;
        let (_, wasm, heap) = memory(browser).await;
        eprintln!(
            "bench: {size} comments in {done:.0} ms, complete at {complete:.0} ms (longest task {longest:.0} ms; main thread: script {:.0}, style and layout {:.0}, all tasks {:.0} ms); heap {:.1} + wasm {:.1} MiB after GC",
            spent.script,
            spent.style_and_layout,
            spent.busy,
            heap / 1_048_576.0,
            wasm / 1_048_576.0
        );
        busy.push(spent.busy);
        time.push(done);
        completed.push(complete);
        after_gc.push((heap + wasm) / 1_048_576.0);
    }
    // After the measured runs: the caches are as warm as in them.
    if let Some(file) = std::env::var_os("READERBOX_BENCH_PROFILE") {
        browser
            .goto(arrive_from.as_deref().unwrap_or("about:blank"))
            .await;
        browser.cdp("Profiler.enable", json!({})).await;
        browser
            .cdp("Profiler.setSamplingInterval", json!({"interval": 100}))
            .await;
        browser.cdp("Profiler.start", json!({})).await;
        let done = render_run(browser, url).await.done;
        let profile = browser.cdp("Profiler.stop", json!({})).await;
        std::fs::write(&file, profile["profile"].to_string()).unwrap();
        eprintln!("bench: profiled load ({done:.0} ms) written");
    }
    if std::env::var_os("READERBOX_BENCH_TIMELINE").is_some() {
        if let Some(elsewhere) = &arrive_from {
            browser.goto(elsewhere).await;
        }
        let Rendered { done, complete, .. } = render_run(browser, url).await;
        let timeline = browser
            .script(
                "return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
                   .map(e => [e.name.split('/').pop().slice(0, 60), Math.round(e.startTime), Math.round(e.responseEnd)]);",
            )
            .await;
        for entry in timeline.as_array().into_iter().flatten() {
            eprintln!("bench: {entry}");
        }
        eprintln!("bench: done at {done:.0} ms, complete at {complete:.0} ms");
        let frames = browser.script("return window.__loaf;").await;
        eprintln!(
            "bench: frames [start, duration, render starts after, style+layout, scripts] {frames}"
        );
    }
    eprintln!(
        "bench: median {:.0} ms, complete {:.0} ms, main thread busy {:.0} ms, {:.1} MiB",
        time.median(),
        completed.median(),
        busy.median(),
        after_gc.median()
    );
}

/// Main-thread time of the current page since its navigation, by kind (ms): Chromium's
/// own counters (`Performance.getMetrics`, enabled once per browser). Far steadier than
/// the wall clock on a shared machine, so small changes show.
struct MainThread {
    script: f64,
    style_and_layout: f64,
    busy: f64,
}

async fn main_thread(browser: &Browser) -> MainThread {
    let answer = browser.cdp("Performance.getMetrics", json!({})).await;
    let mut found = BTreeMap::new();
    for metric in answer["metrics"].as_array().into_iter().flatten() {
        if let (Some(name), Some(value)) = (metric["name"].as_str(), metric["value"].as_f64()) {
            found.insert(name.to_owned(), value * 1000.0);
        }
    }
    let get = |name: &str| found.get(name).copied().unwrap_or(0.0);
    MainThread {
        script: get("ScriptDuration"),
        style_and_layout: get("RecalcStyleDuration") + get("LayoutDuration"),
        busy: get("TaskDuration"),
    }
}

/// Adds `ms` to every request's round trip from now on (0: none).
async fn emulate_latency(browser: &Browser, ms: f64) {
    browser.cdp("Network.enable", json!({})).await;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({"offline": false, "latency": ms, "downloadThroughput": -1, "uploadThroughput": -1}),
        )
        .await;
}

/// Turns the phone profile on or off: a slower CPU, a mobile network, and no HTTP cache
/// (a reader who arrives from a search engine has none of our files yet).
async fn emulate_phone(browser: &Browser, on: bool) {
    browser.cdp("Network.enable", json!({})).await;
    let (rate, latency, down, up) = if on {
        (
            PHONE_CPU_SLOWDOWN,
            PHONE_LATENCY_MS,
            PHONE_DOWN_BYTES_PER_S,
            PHONE_UP_BYTES_PER_S,
        )
    } else {
        (1.0, 0.0, -1.0, -1.0)
    };
    browser
        .cdp("Emulation.setCPUThrottlingRate", json!({"rate": rate}))
        .await;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({"offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up}),
        )
        .await;
    browser
        .cdp("Network.setCacheDisabled", json!({"cacheDisabled": on}))
        .await;
}

/// One load in the phone profile (ms since navigation start).
struct PhoneLoad {
    /// embed.js and the wasm received (resource timing's `responseEnd`).
    embed_js: f64,
    wasm: f64,
    /// The first frame in which a comment's text was in the page.
    first_text: f64,
    /// Every comment in the page, and every comment complete (the widget interactive).
    all: f64,
    complete: f64,
}

async fn phone_run(browser: &Browser, url: &str) -> PhoneLoad {
    let rendered = render_run(browser, url).await;
    let timing = wait_value(
        browser,
        "const ends = performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd]);
         const end = test => (ends.find(([name]) => test(name)) || [])[1];
         const embed = end(n => n.endsWith('/embed.js')), wasm = end(n => n.endsWith('_bg.wasm'));
         return __bench.first !== null && embed && wasm ? [embed, wasm, __bench.first] : null;",
    )
    .await;
    let at = |i: usize| timing[i].as_f64().unwrap_or(f64::NAN);
    PhoneLoad {
        embed_js: at(0),
        wasm: at(1),
        first_text: at(2),
        all: rendered.done,
        complete: rendered.complete,
    }
}

/// What this machine is like today, to compare runs of other days by: a fixed JS loop
/// in this Chromium, and navigation → DOMContentLoaded of a page without the widget.
async fn calibration(browser: &Browser, blank_url: &str) -> Value {
    let (mut cpu, mut blank) = (Stats::default(), Stats::default());
    for _ in 0..RUNS {
        browser.goto(blank_url).await;
        let loop_ms = browser
            .script(
                "const start = performance.now(); let x = 0;
                 for (let i = 0; i < 2e7; i++) { x += Math.sqrt(i) % 3; }
                 window.__sink = x; return performance.now() - start;",
            )
            .await;
        cpu.push(loop_ms.as_f64().unwrap_or(0.0));
        let ready = browser
            .script(
                "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;",
            )
            .await;
        blank.push(ready.as_f64().unwrap_or(0.0));
    }
    json!({"js_loop_2e7_sqrt_ms": cpu.json(), "blank_page_dom_content_loaded_ms": blank.json()})
}

/// JS heap and wasm memory now, and the heap after a forced GC (bytes).
async fn memory(browser: &Browser) -> (f64, f64, f64) {
    let measured = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const glue = performance.getEntriesByType('resource').map(e => e.name)
               .find(n => /readerbox-[0-9a-f]+\\.js$/.test(n));
             import(glue).then(async m => {
               const heap = performance.memory.usedJSHeapSize;
               const wasm = m.memoryBytes();
               if (window.gc) { gc(); await new Promise(r => setTimeout(r, 50)); gc(); }
               done([heap, wasm, performance.memory.usedJSHeapSize]);
             }).catch(e => done(['' + e]));",
            Vec::new(),
        )
        .await
        .expect("memory measured");
    let number = |i: usize| {
        measured[i]
            .as_f64()
            .unwrap_or_else(|| panic!("memory: {measured}"))
    };
    (number(0), number(1), number(2))
}

/// Send → visible: ms from the click on "Senden" until the comment's text is shown.
async fn send_run(browser: &Browser, text: &str) -> f64 {
    browser
        .type_into("#c >> .readerbox-form-main textarea[name=text]", text)
        .await;
    browser
        .client
        .execute(
            "const text = arguments[0];
             const root = document.getElementById('c').shadowRoot;
             window.__send = {t0: null, t1: null};
             root.querySelector('.readerbox-form-main .readerbox-send')
               .addEventListener('click', () => { __send.t0 = performance.now(); }, {capture: true, once: true});
             new MutationObserver((_, observer) => {
               for (const el of root.querySelectorAll('li.readerbox-comment .readerbox-text'))
                 if (el.textContent.includes(text)) { __send.t1 = performance.now(); observer.disconnect(); return; }
             }).observe(root, {childList: true, subtree: true, characterData: true});",
            vec![json!(text)],
        )
        .await
        .unwrap();
    browser
        .click("#c >> .readerbox-form-main .readerbox-send")
        .await;
    wait_number(
        browser,
        "return window.__send.t1 !== null ? window.__send.t1 - window.__send.t0 : null;",
    )
    .await
}

/// Keystroke → preview: ms from the key going down until the preview changed.
async fn preview_run(browser: &Browser) -> f64 {
    browser
        .script(
            "const root = document.getElementById('c').shadowRoot;
             const preview = root.querySelector('.readerbox-form-main .readerbox-preview');
             window.__preview = {t0: null, t1: null};
             document.addEventListener('keydown', () => { __preview.t0 = performance.now(); }, {capture: true, once: true});
             new MutationObserver((_, observer) => {
               if (__preview.t0 !== null) { __preview.t1 = performance.now(); observer.disconnect(); }
             }).observe(preview, {childList: true, subtree: true, characterData: true});",
        )
        .await;
    browser
        .element("#c >> .readerbox-form-main textarea[name=text]")
        .await
        .send_keys("x")
        .await
        .unwrap();
    wait_number(
        browser,
        "return window.__preview.t1 !== null ? window.__preview.t1 - window.__preview.t0 : null;",
    )
    .await
}

/// The first answer of `probe` that is not null.
async fn wait_value(browser: &Browser, probe: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let value = browser.script(probe).await;
        if !value.is_null() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out: {probe}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn wait_number(browser: &Browser, probe: &str) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(n) = browser.script(probe).await.as_f64() {
            return n;
        }
        assert!(Instant::now() < deadline, "timed out: {probe}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// One wrk run: (requests per second, latency percentiles in ms by "50%"…"99%").
fn wrk(url: &str, seconds: u32, extra: &[&str]) -> (f64, BTreeMap<String, f64>) {
    let output = std::process::Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{seconds}s"), "--latency"])
        .args(extra)
        .arg(url)
        .output()
        .expect("wrk runs (cargo xtask bench installs it)");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut rps = f64::NAN;
    let mut percentiles = BTreeMap::new();
    let mut in_distribution = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(value) = line.strip_prefix("Requests/sec:") {
            rps = value.trim().parse().unwrap_or(f64::NAN);
        }
        if line.starts_with("Latency Distribution") {
            in_distribution = true;
            continue;
        }
        if in_distribution {
            let mut parts = line.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(p), Some(value)) if p.ends_with('%') => {
                    percentiles.insert(p.to_owned(), millis(value));
                }
                _ => in_distribution = false,
            }
        }
    }
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx") || l.contains("Socket errors"));
    if let Some(errors) = errors {
        eprintln!("wrk {url}: {errors}");
    }
    (rps, percentiles)
}

fn millis(value: &str) -> f64 {
    let (number, unit) = value.split_at(
        value
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(value.len()),
    );
    let n: f64 = number.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => n,
    }
}

/// "min / median / max" of a figure's JSON, to `decimals` places.
fn min_median_max(figure: &Value, decimals: usize) -> String {
    let get = |key: &str| figure[key].as_f64().unwrap_or(f64::NAN);
    format!(
        "{:.decimals$} / {:.decimals$} / {:.decimals$}",
        get("min"),
        get("median"),
        get("max")
    )
}

fn machine() -> Value {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_default();
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_owned()))
        .unwrap_or_default();
    let version = |program: &str, arg: &str| {
        std::process::Command::new(program)
            .arg(arg)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "memory": memory,
        "kernel": read("/proc/sys/kernel/osrelease").trim(),
        "chromium": version(&std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into()), "--version"),
        "wrk": version("wrk", "--version").lines().next().unwrap_or("").to_owned(),
        "date": version("date", "-u"),
        // Which standard library the wasm was built with (xtask says; a dist built by
        // hand is unknown).
        "wasm_build": std::env::var("READERBOX_BENCH_WASM_BUILD")
            .unwrap_or_else(|_| "unknown (dist/ not built by cargo xtask bench)".into()),
    })
}

/// raw, gzip and brotli sizes of a built file (the `.gz`/`.br` xtask wrote beside it).
fn file_sizes(path: &Path) -> Value {
    let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        size(PathBuf::from(name))
    };
    json!({"raw": size(path.to_path_buf()), "gzip": with(".gz"), "brotli": with(".br")})
}

#[tokio::main]
async fn main() {
    let out_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench"));
    std::fs::create_dir_all(&out_dir).unwrap();
    let dist = dist_dir();
    let mut report = serde_json::Map::new();
    report.insert("machine".into(), machine());

    let (mut site, listener) = HostSite::bind().await;
    let origin = site.origin.clone();
    let server = Server::start_with(move |config| {
        config.allowed_origins = vec![origin];
        config.pow_bits = 0;
        config.min_send_ms = 0;
        config.writes_per_minute = 10_000_000;
        config.votes_per_minute = 10_000_000;
    })
    .await;
    let widget = server.origin();

    // Threads.
    eprintln!("bench: seeding threads …");
    let mut rng = Lcg(2026);
    for n in SIZES {
        seed(&server, &format!("/bench/{n}.html"), n, &mut rng).await;
    }
    seed(&server, "/bench/send.html", 10, &mut rng).await;
    let first_page: Value = reqwest::get(server.url("/api/v1/comments?uri=/bench/1000.html"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first_page_count = first_page["comments"].as_array().unwrap().len();
    // A 100-comment page as a browser receives it (reqwest, built without decoders,
    // hands over the brotli bytes as they came).
    let page_100_over_the_wire = reqwest::Client::new()
        .get(server.url("/api/v1/comments?uri=/bench/100.html&limit=100"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len();
    report.insert(
        "page_100_comments_bytes_brotli".into(),
        json!(page_100_over_the_wire),
    );

    let mut pages = Vec::new();
    for n in SIZES {
        pages.push(HostPage::html(
            leak(format!("/t{n}.html")),
            page(&widget, &format!("/bench/{n}.html"), true, n),
        ));
    }
    pages.push(HostPage::html(
        "/first.html",
        page(&widget, "/bench/1000.html", false, first_page_count),
    ));
    pages.push(HostPage::html(
        "/send.html",
        page(&widget, "/bench/send.html", true, 10),
    ));
    pages.push(HostPage::html(
        "/preview.html",
        page(&widget, "/bench/preview.html", true, 0),
    ));
    pages.push(HostPage::html(
        "/blank.html",
        "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Leer</title></head><body><p>Text.</p></body></html>".to_owned(),
    ));
    site.serve(listener, pages);

    let browser = Browser::start_with_flags(
        1200,
        1000,
        &["--enable-precise-memory-info", "--js-flags=--expose-gc"],
    )
    .await;
    browser.cdp("Performance.enable", json!({})).await;

    // While working on the widget: only the 1000-comment render and its memory, and with
    // READERBOX_BENCH_PROFILE=<file> a CPU profile of one load (open it in DevTools).
    // READERBOX_BENCH_PHONE=1: only the phone profile, printed.
    if std::env::var_os("READERBOX_BENCH_PHONE").is_some() {
        let figures = phone(&browser, &site).await;
        println!("{}", serde_json::to_string_pretty(&figures).unwrap());
        browser.close().await;
        return;
    }
    if let Ok(size) = std::env::var("READERBOX_BENCH_QUICK") {
        quick(&browser, &site, &size).await;
        browser.close().await;
        return;
    }

    eprintln!("bench: calibration …");
    let calibrated = calibration(&browser, &site.url("/blank.html")).await;
    report["machine"]["calibration"] = calibrated;

    // Bytes: built, and as received by the browser.
    eprintln!("bench: bytes …");
    let find = |test: &dyn Fn(&str) -> bool| -> PathBuf {
        std::fs::read_dir(&dist)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(test))
            .unwrap_or_else(|| dist.join("missing"))
    };
    let files = [
        ("embed.js", dist.join("embed.js")),
        (
            "wasm",
            find(&|n| n.starts_with("readerbox-") && n.ends_with("_bg.wasm")),
        ),
        (
            "js glue",
            find(&|n| n.starts_with("readerbox-") && n.ends_with(".js")),
        ),
        ("print.css", dist.join("print.css")),
    ];
    render_run(&browser, &site.url("/t10.html")).await;
    let received = browser
        .script(
            "return Object.fromEntries(performance.getEntriesByType('resource')
               .filter(e => e.name.includes('/readerbox/'))
               .map(e => [e.name.split('/').pop(), {transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}]));",
        )
        .await;
    let mut bytes = serde_json::Map::new();
    for (name, path) in &files {
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let mut entry = file_sizes(path);
        entry["file"] = json!(file);
        entry["received"] = received.get(file).cloned().unwrap_or(Value::Null);
        bytes.insert((*name).to_owned(), entry);
    }
    bytes.insert(
        "css in the wasm".into(),
        json!({"note": "the widget's styles are compiled into the wasm (a constructed stylesheet); print.css is the host page's print stylesheet"}),
    );
    let widget_brotli: u64 = ["wasm", "js glue"]
        .iter()
        .map(|k| bytes[*k]["brotli"].as_u64().unwrap_or(0))
        .sum();
    report.insert("bytes".into(), Value::Object(bytes.clone()));

    // Rendering.
    let mut render = serde_json::Map::new();
    let mut heap = (Stats::default(), Stats::default(), Stats::default());
    let mut memory_by_size: BTreeMap<&str, Stats> = BTreeMap::new();
    // A reader who arrives from another site (a search engine, a social network) gets
    // the article in a fresh renderer process: cold V8, ICU not loaded; the HTTP and code
    // caches stay warm. Each of those loads starts on a page of another site (localhost
    // rather than 127.0.0.1).
    let elsewhere = site.url("/blank.html").replace("127.0.0.1", "localhost");
    for (name, path, latency, arrive) in [
        ("10".to_owned(), "/t10.html", 0.0, false),
        ("100".to_owned(), "/t100.html", 0.0, false),
        (
            "100, arriving from another site".to_owned(),
            "/t100.html",
            0.0,
            true,
        ),
        ("1000".to_owned(), "/t1000.html", 0.0, false),
        (
            format!("first page of 1000 ({first_page_count} comments)"),
            "/first.html",
            0.0,
            false,
        ),
        // Not a budget: what a mobile network's round trips add (DevTools emulation).
        (
            format!("1000 with {MOBILE_LATENCY_MS} ms more per request"),
            "/t1000.html",
            MOBILE_LATENCY_MS,
            false,
        ),
    ] {
        eprintln!("bench: rendering {name} …");
        emulate_latency(&browser, latency).await;
        let (mut time, mut complete, mut longest, mut sum) = (
            Stats::default(),
            Stats::default(),
            Stats::default(),
            Stats::default(),
        );
        let (mut script, mut style_and_layout, mut busy) =
            (Stats::default(), Stats::default(), Stats::default());
        let mut shift = Stats::default();
        for _ in 0..RUNS {
            if arrive {
                browser.goto(&elsewhere).await;
            }
            let rendered = render_run(&browser, &site.url(path)).await;
            time.push(rendered.done);
            complete.push(rendered.complete);
            longest.push(rendered.longest);
            sum.push(rendered.long_sum);
            shift.push(rendered.shift);
            let spent = main_thread(&browser).await;
            script.push(spent.script);
            style_and_layout.push(spent.style_and_layout);
            busy.push(spent.busy);
            if latency == 0.0 && !arrive && path.starts_with("/t") {
                let (js, wasm, after_gc) = memory(&browser).await;
                memory_by_size
                    .entry(path)
                    .or_default()
                    .push((after_gc + wasm) / 1_048_576.0);
                if path == "/t1000.html" {
                    heap.0.push(js);
                    heap.1.push(wasm);
                    heap.2.push(after_gc);
                }
            }
        }
        render.insert(
            name,
            json!({"navigation_to_all_comments_ms": time.json(), "navigation_to_complete_ms": complete.json(), "longest_long_task_ms": longest.json(), "long_tasks_sum_ms": sum.json(),
                   "main_thread_script_ms": script.json(), "main_thread_style_and_layout_ms": style_and_layout.json(), "main_thread_busy_ms": busy.json(),
                   "layout_shift": shift.json()}),
        );
    }
    emulate_latency(&browser, 0.0).await;
    report.insert("render".into(), Value::Object(render.clone()));
    let memory_of = |path: &str| memory_by_size.get(path).cloned().unwrap_or_default();
    report.insert(
        "memory_after_gc_mib".into(),
        json!({"10": memory_of("/t10.html").json(), "100": memory_of("/t100.html").json(), "1000": memory_of("/t1000.html").json()}),
    );
    let phone = phone(&browser, &site).await;
    report.insert("phone".into(), Value::Object(phone.clone()));
    let mib = |s: &Stats| Stats(s.0.iter().map(|b| b / 1_048_576.0).collect());
    let memory_after_gc = Stats(
        heap.2
             .0
            .iter()
            .zip(&heap.1 .0)
            .map(|(h, w)| (h + w) / 1_048_576.0)
            .collect(),
    );
    report.insert(
        "memory_1000_mib".into(),
        json!({"js_heap": mib(&heap.0).json(), "wasm": mib(&heap.1).json(), "js_heap_after_gc": mib(&heap.2).json(), "heap_plus_wasm_after_gc": memory_after_gc.json()}),
    );

    // Send → visible.
    eprintln!("bench: send → visible …");
    let mut send = Stats::default();
    render_run(&browser, &site.url("/send.html")).await;
    for n in 0..RUNS {
        send.push(send_run(&browser, &format!("Bench-Kommentar Nummer {n}")).await);
    }
    report.insert("send_to_visible_ms".into(), send.json());

    // Preview of a 5,000-character comment.
    eprintln!("bench: preview …");
    let mut long_text = String::new();
    while long_text.chars().count() < 4990 {
        long_text.push_str(&markdown(&mut rng));
        long_text.push_str("\n\n");
    }
    let long_text: String = long_text.chars().take(4990).collect();
    browser.goto(&site.url("/preview.html")).await;
    browser
        .element("#c >> .readerbox-form-main textarea[name=text]")
        .await;
    browser
        .client
        .execute(
            "const root = document.getElementById('c').shadowRoot;
             const area = root.querySelector('.readerbox-form-main textarea[name=text]');
             area.value = arguments[0]; area.dispatchEvent(new Event('input', {bubbles: true}));
             root.querySelector('.readerbox-form-main .readerbox-preview-toggle').click();",
            vec![json!(long_text)],
        )
        .await
        .unwrap();
    browser
        .element("#c >> .readerbox-form-main .readerbox-preview p")
        .await;
    let mut preview = Stats::default();
    for _ in 0..RUNS * 2 {
        preview.push(preview_run(&browser).await);
    }
    report.insert("preview_keystroke_ms".into(), preview.json());
    browser.close().await;

    // The server alone.
    eprintln!("bench: server under wrk …");
    let read_url = server.url("/api/v1/comments?uri=/bench/100.html&limit=100");
    let fragment_url = server.url("/embed/comments?uri=/bench/100.html&limit=100&lang=de");
    let etag = reqwest::get(&read_url).await.unwrap().headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let script = out_dir.join("post.lua");
    std::fs::write(
        &script,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\ncounter = 0\n\
         request = function()\n  counter = counter + 1\n  return wrk.format(nil, nil, nil, \
         '{\"uri\":\"/bench/post.html\",\"text\":\"Lastkommentar ' .. counter .. ' mit **Markdown**\"}')\nend\n",
    )
    .unwrap();
    let mut server_report = serde_json::Map::new();
    let header = format!("If-None-Match: {etag}");
    let post_url = server.url("/api/v1/comments");
    let script_path = script.display().to_string();
    let brotli = "Accept-Encoding: br";
    let cases: [(&str, &str, Vec<&str>); 4] = [
        ("read 100-comment thread", read_url.as_str(), vec![]),
        (
            "read 100-comment first screen (HTML, brotli)",
            fragment_url.as_str(),
            vec!["-H", brotli],
        ),
        (
            "revalidate 100-comment thread (304)",
            read_url.as_str(),
            vec!["-H", header.as_str()],
        ),
        (
            "post a comment",
            post_url.as_str(),
            vec!["-s", script_path.as_str()],
        ),
    ];
    for (name, url, extra) in cases {
        let handle = tokio::runtime::Handle::current();
        let (mut rps, mut p50, mut p99) = (Stats::default(), Stats::default(), Stats::default());
        for _ in 0..RUNS {
            let (url, extra) = (
                url.to_owned(),
                extra.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            );
            let (r, percentiles) = handle
                .spawn_blocking(move || {
                    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
                    wrk(&url, 4, &extra)
                })
                .await
                .unwrap();
            rps.push(r);
            p50.push(percentiles.get("50%").copied().unwrap_or(f64::NAN));
            p99.push(percentiles.get("99%").copied().unwrap_or(f64::NAN));
        }
        server_report.insert(
            name.to_owned(),
            json!({"requests_per_second": rps.json(), "p50_ms": p50.json(), "p99_ms": p99.json()}),
        );
    }
    report.insert(
        "server_wrk_16_connections".into(),
        Value::Object(server_report.clone()),
    );

    // Budgets.
    let median = |v: &Value| v["median"].as_f64().unwrap_or(f64::NAN);
    let render_of = |n: &str, key: &str| median(&render[n][key]);
    let phone_of = |n: &str, key: &str| median(&phone[n][key]);
    let read = &server_report["read 100-comment thread"];
    let mut budgets = vec![
        (
            "embed.js ≤ 2 KB brotli",
            bytes["embed.js"]["brotli"].as_f64().unwrap_or(f64::NAN) / 1024.0,
            2.0,
            "KB",
        ),
        (
            "widget wasm + JS + CSS ≤ 120 KB brotli",
            widget_brotli as f64 / 1024.0,
            120.0,
            "KB",
        ),
        (
            "1000 comments in the DOM ≤ 300 ms (median)",
            render_of("1000", "navigation_to_all_comments_ms"),
            300.0,
            "ms",
        ),
        (
            "no main-thread task over 50 ms (1000 comments, median of longest)",
            render_of("1000", "longest_long_task_ms"),
            50.0,
            "ms",
        ),
        (
            "100 comments in the DOM ≤ 120 ms (median)",
            render_of("100", "navigation_to_all_comments_ms"),
            120.0,
            "ms",
        ),
        (
            "heap + wasm after GC, 1000 comments ≤ 10 MiB",
            memory_after_gc.median(),
            10.0,
            "MiB",
        ),
        ("send → visible ≤ 30 ms (median)", send.median(), 30.0, "ms"),
        (
            "preview update ≤ 16 ms (median)",
            preview.median(),
            16.0,
            "ms",
        ),
        (
            "server p99 ≤ 20 ms reading a 100-comment thread",
            median(&read["p99_ms"]),
            20.0,
            "ms",
        ),
    ];
    for (size, after_embed_js) in [("10", 500.0), ("100", 700.0)] {
        budgets.push((
            leak(format!("phone, {size} comments: first comment text before the wasm has arrived (ms before it; median)")),
            phone_of(size, "first_comment_text_ms") - phone_of(size, "wasm_received_ms"),
            0.0,
            "ms",
        ));
        budgets.push((
            leak(format!("phone, {size} comments: first comment text ≤ embed.js received + {after_embed_js} ms (median)")),
            phone_of(size, "first_comment_text_ms") - phone_of(size, "embed_js_received_ms"),
            after_embed_js,
            "ms",
        ));
        budgets.push((
            leak(format!("phone, {size} comments: interactive no later than the client-rendered baseline (median)")),
            phone_of(size, "interactive_ms"),
            phone_baseline(size, "interactive_ms"),
            "ms",
        ));
    }
    let fragments = median(
        &server_report["read 100-comment first screen (HTML, brotli)"]["requests_per_second"],
    );
    budgets.extend([
        (
            "no layout shift as the widget takes over the first screen (1000 comments, desktop, median CLS)",
            render_of("1000", "layout_shift"),
            0.0,
            "",
        ),
        (
            "1000 comments complete ≤ 400 ms (desktop, median)",
            render_of("1000", "navigation_to_complete_ms"),
            400.0,
            "ms",
        ),
        (
            "a 100-comment page ≤ 15 KB over the wire",
            page_100_over_the_wire as f64 / 1024.0,
            15.0,
            "KB",
        ),
        (
            "heap + wasm after GC, 10 comments ≤ 2.0 MiB",
            median(&report["memory_after_gc_mib"]["10"]),
            2.0,
            "MiB",
        ),
        (
            "heap + wasm after GC, 100 comments ≤ the client-rendered baseline",
            median(&report["memory_after_gc_mib"]["100"]),
            MEMORY_BASELINE_MIB_100,
            "MiB",
        ),
        (
            "heap + wasm after GC, 1000 comments ≤ the client-rendered baseline",
            memory_after_gc.median(),
            MEMORY_BASELINE_MIB_1000,
            "MiB",
        ),
    ]);
    let reads = median(&read["requests_per_second"]);
    let mut budget_json = Vec::new();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# readerbox benchmark\n\nMachine: {}\n",
        report["machine"]
    );
    let calibration = &report["machine"]["calibration"];
    let _ = writeln!(
        md,
        "Calibration (min / median / max; compare runs of other days by these): a fixed JS loop (2·10⁷ square roots) {} ms; navigation → DOMContentLoaded of a page without the widget {} ms.\n",
        min_median_max(&calibration["js_loop_2e7_sqrt_ms"], 0),
        min_median_max(&calibration["blank_page_dom_content_loaded_ms"], 0),
    );
    let _ = writeln!(
        md,
        "## Budgets\n\n| budget | measured | met |\n|---|---|---|"
    );
    for (name, value, limit, unit) in &budgets {
        let met = *value <= *limit;
        let _ = writeln!(
            md,
            "| {name} | {value:.1} {unit} | {} |",
            if met { "yes" } else { "**no**" }
        );
        budget_json.push(
            json!({"budget": name, "measured": value, "limit": limit, "unit": unit, "met": met}),
        );
    }
    let met = reads >= 5000.0;
    let _ = writeln!(
        md,
        "| server ≥ 5,000 reads/s of a 100-comment thread at 16 connections | {reads:.0} /s | {} |",
        if met { "yes" } else { "**no**" }
    );
    budget_json.push(json!({"budget": "server reads/s", "measured": reads, "limit": 5000, "unit": "/s", "met": met}));
    let met = fragments >= 5000.0;
    let _ = writeln!(
        md,
        "| server ≥ 5,000 first screens/s of a 100-comment thread (HTML, brotli, from its cache) at 16 connections | {fragments:.0} /s | {} |",
        if met { "yes" } else { "**no**" }
    );
    budget_json.push(json!({"budget": "server first screens/s", "measured": fragments, "limit": 5000, "unit": "/s", "met": met}));
    report.insert("budgets".into(), Value::Array(budget_json));

    let _ = writeln!(md, "\n## Bytes\n\n| file | raw | gzip | brotli | received (transfer / encoded) |\n|---|---|---|---|---|");
    for (name, entry) in &bytes {
        if entry.get("raw").is_none() {
            continue;
        }
        let received = match &entry["received"] {
            Value::Null => "not loaded by this page".to_owned(),
            r => format!("{} / {}", r["transfer"], r["encoded"]),
        };
        let _ = writeln!(
            md,
            "| {name} (`{}`) | {} | {} | {} | {received} |",
            entry["file"].as_str().unwrap_or(""),
            entry["raw"],
            entry["gzip"],
            entry["brotli"],
        );
    }
    let _ = writeln!(md, "\nThe widget's CSS is compiled into the wasm. `received` is from the browser's resource timing on the first load (0 transfer: served from the HTTP cache).");
    let _ = writeln!(md, "\n## Rendering ({RUNS} runs each; min / median / max)\n\n| thread | navigation → all comments in DOM (ms) | → every comment complete (ms) | longest long task (ms) | sum of long tasks (ms) | main thread: script (ms) | style + layout (ms) | all tasks (ms) |\n|---|---|---|---|---|---|---|---|");
    for (name, entry) in &render {
        let f = |key: &str| min_median_max(&entry[key], 0);
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            f("navigation_to_all_comments_ms"),
            f("navigation_to_complete_ms"),
            f("longest_long_task_ms"),
            f("long_tasks_sum_ms"),
            f("main_thread_script_ms"),
            f("main_thread_style_and_layout_ms"),
            f("main_thread_busy_ms")
        );
    }
    let _ = writeln!(
        md,
        "\n\"All comments in DOM\": every comment's `li` with its text. Threads past the first screenful are built in outline first (text as typed, no header or actions) and completed when they come near or when the browser is idle; \"every comment complete\" is when none is left in outline. Long tasks are those over 50 ms (the Long Tasks API) until then; 0 means none. The main-thread columns are Chromium's counters for the page from navigation to the moment they are read, just after completion (`Performance.getMetrics`: ScriptDuration, RecalcStyleDuration + LayoutDuration, TaskDuration); they include the browser's own work on the page."
    );
    let _ = writeln!(md, "\n## Phone profile ({RUNS} runs each; min / median / max, ms since navigation)\n\nCPU throttled {PHONE_CPU_SLOWDOWN}×, {:.1} Mbit/s down, {:.0} kbit/s up, {PHONE_LATENCY_MS} ms round trip, HTTP cache off (DevTools emulation).\n\n| comments | embed.js received | wasm received | first comment text | all comments | interactive (every comment complete) |\n|---|---|---|---|---|---|", PHONE_DOWN_BYTES_PER_S * 8.0 / 1e6, PHONE_UP_BYTES_PER_S * 8.0 / 1e3);
    for (size, entry) in &phone {
        let f = |key: &str| min_median_max(&entry[key], 0);
        let _ = writeln!(
            md,
            "| {size} | {} | {} | {} | {} | {} |",
            f("embed_js_received_ms"),
            f("wasm_received_ms"),
            f("first_comment_text_ms"),
            f("all_comments_ms"),
            f("interactive_ms")
        );
    }
    let _ = writeln!(md, "\nClient-rendered baseline (interactive, median): {:.0} ms with 10 comments, {:.0} ms with 100.", phone_baseline("10", "interactive_ms"), phone_baseline("100", "interactive_ms"));
    let m = &report["memory_after_gc_mib"];
    let _ = writeln!(md, "\n## Memory by thread size (heap + wasm after GC, MiB; min / median / max)\n\n| 10 | 100 | 1000 |\n|---|---|---|\n| {} | {} | {} |", min_median_max(&m["10"], 2), min_median_max(&m["100"], 2), min_median_max(&m["1000"], 2));
    let _ = writeln!(
        md,
        "\nA 100-comment page of the API over the wire (brotli): {page_100_over_the_wire} bytes."
    );
    let s = |v: &Stats| format!("{:.1} / {:.1} / {:.1}", v.min(), v.median(), v.max());
    let _ = writeln!(md, "\n## Memory after 1000 comments (MiB; min / median / max)\n\n| JS heap | wasm memory | JS heap after GC | heap + wasm after GC |\n|---|---|---|---|\n| {} | {} | {} | {} |", s(&mib(&heap.0)), s(&mib(&heap.1)), s(&mib(&heap.2)), s(&memory_after_gc));
    let _ = writeln!(md, "\n## Interaction (ms; min / median / max)\n\n| click on Senden → comment visible (proof of work off) | keystroke → preview of 5,000 characters updated |\n|---|---|\n| {} | {} |", s(&send), s(&preview));
    let _ = writeln!(md, "\n## Server alone (wrk, 2 threads, 16 connections, 4 s × {RUNS}; min / median / max)\n\n| case | requests/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|");
    for (name, entry) in &server_report {
        let f = |key: &str| min_median_max(&entry[key], 1);
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} |",
            f("requests_per_second"),
            f("p50_ms"),
            f("p99_ms")
        );
    }
    std::fs::write(
        out_dir.join("report.json"),
        serde_json::to_string_pretty(&Value::Object(report)).unwrap(),
    )
    .unwrap();
    std::fs::write(out_dir.join("report.md"), &md).unwrap();
    println!("{md}");
    eprintln!("bench: written to {}", out_dir.join("report.md").display());
}
