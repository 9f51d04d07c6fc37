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
    let first = server
        .post_comment(
            DEMO_ARTICLE_URI,
            "Radlerin aus der Südstadt",
            "Endlich! Ich fahre jeden Tag über die **Ringstraße** zur Arbeit und habe dort mehr als einmal Glück gehabt.\nGeschützte Streifen sind überfällig.",
        )
        .await;
    let reply = server
        .post_json(serde_json::json!({
            "uri": DEMO_ARTICLE_URI,
            "author": "H. Berger",
            "parent_id": first,
            "text": "Und im Winter? Ich hoffe, die Stadt denkt auch an die *Beleuchtung* der Fahrradstraßen.",
        }))
        .await;
    server
        .post_json(serde_json::json!({
            "uri": DEMO_ARTICLE_URI,
            "author": "Radlerin aus der Südstadt",
            "parent_id": reply,
            "text": "Steht im Beschluss:\n\n> Beleuchtung aller neuen Fahrradstraßen bis 2028.\n\nSiehe [Ratsinformationssystem](https://example.org/rat).",
        }))
        .await;
    server
        .post_comment(
            DEMO_ARTICLE_URI,
            "",
            "Die Parkhäuser sind tatsächlich fast immer halb leer. Das Argument des Handels überzeugt mich nicht.",
        )
        .await;
    let voters = [
        "voter-aaaaaaaaaaaaaaaa",
        "voter-bbbbbbbbbbbbbbbb",
        "voter-cccccccccccccccc",
    ];
    for voter in voters {
        reqwest::Client::new()
            .post(server.url(&format!("/api/v1/comments/{first}/vote")))
            .json(&serde_json::json!({"voter": voter, "value": 1}))
            .send()
            .await
            .expect("vote");
    }
    let browser = Browser::start_sized(1000, 2700).await;
    browser.goto(&server.url("/")).await;
    browser
        .wait_text(".comments-host >> .readerbox-heading", "4 Kommentare")
        .await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main input[name=author]",
            "Erika Muster",
        )
        .await;
    browser
        .type_into(
            ".comments-host >> .readerbox-form-main textarea",
            "Wann beginnen die Bauarbeiten in der **Weststadt**?",
        )
        .await;
    browser
        .click(".comments-host >> .readerbox-form-main .readerbox-preview-toggle")
        .await;
    browser
        .element(".comments-host >> .readerbox-form-main .readerbox-preview strong")
        .await;
    let png = browser.screenshot_png().await;
    browser.close().await;
    if let Some(parent) = std::path::Path::new(&target).parent() {
        std::fs::create_dir_all(parent).expect("create the screenshot folder");
    }
    std::fs::write(&target, png).expect("write the screenshot");
}
