//! Takes the README's screenshot: the demo article page with a few comments, in
//! headless Chromium, against the real server and the release widget.
//!
//! Usage: `cargo xtask screenshot [path]` (default `docs/screenshot.png`).

use readerbox_e2e::{Browser, Server, DEMO_ARTICLE_URI};

#[tokio::main]
async fn main() {
    let target = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docs/screenshot.png".to_owned());
    let server = Server::start().await;
    for (author, text) in [
        ("Radlerin aus der Südstadt", "Endlich! Ich fahre jeden Tag über die Ringstraße zur Arbeit und habe dort mehr als einmal Glück gehabt.\nGeschützte Streifen sind überfällig."),
        ("H. Berger", "18 Millionen Euro sind viel Geld. Ich hoffe, die Stadt denkt auch an die Beleuchtung der Fahrradstraßen im Winter."),
        ("", "Die Parkhäuser sind tatsächlich fast immer halb leer. Das Argument des Handels überzeugt mich nicht."),
    ] {
        server.post_comment(DEMO_ARTICLE_URI, author, text).await;
    }
    let browser = Browser::start_sized(1000, 2250).await;
    browser.goto(&server.url("/")).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "3 Kommentare")
        .await;
    browser
        .type_into(".comments-host >> input[name=author]", "Erika Muster")
        .await;
    browser
        .type_into(
            ".comments-host >> textarea",
            "Wann beginnen die Bauarbeiten in der Weststadt?",
        )
        .await;
    let png = browser.screenshot_png().await;
    browser.close().await;
    if let Some(parent) = std::path::Path::new(&target).parent() {
        std::fs::create_dir_all(parent).expect("create the screenshot folder");
    }
    std::fs::write(&target, png).expect("write the screenshot");
}
