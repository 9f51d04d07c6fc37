//! How fast the widget's JSON reader decodes a page of 1000 comments, beside serde_json
//! (natively; `cargo run --release -p readerbox-api --example decode_speed`). The
//! widget's own rendering figures are `cargo xtask bench`'s.

use readerbox_api::{Comment, CommentPage, Limits};
use std::time::Instant;
fn main() {
    let comments: Vec<Comment> = (0..1000).map(|i| Comment { id: i, parent_id: if i % 5 == 0 { Some(i - 1) } else { None }, depth: 1, author: format!("Leser {i}"), website: Some("https://example.org".into()), avatar: "0123456789abcdef".into(), text: "Ein **realistischer** Kommentar mit [Link](https://example.org) und „Anführungszeichen“.\n\nZweiter Absatz mit ein paar Worten mehr, damit es nach echtem Text aussieht.".repeat(2), created_at: "2026-12-01T05:00:00Z".into(), edited_at: None, score: 3, status: Default::default() }).collect();
    let page = CommentPage {
        uri: "/a".into(),
        total: 1000,
        comments,
        next_cursor: None,
        limits: Limits::default(),
        closed: false,
    };
    let text = serde_json::to_string(&page).unwrap();
    println!("{} bytes", text.len());
    for round in 0..3 {
        let t = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(serde_json::from_str::<CommentPage>(&text).unwrap());
        }
        let serde = t.elapsed().as_secs_f64() * 1000.0 / 50.0;
        let t = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(readerbox_api::json::decode::<CommentPage>(&text).unwrap());
        }
        let ours = t.elapsed().as_secs_f64() * 1000.0 / 50.0;
        println!("round {round}: serde_json {serde:.2} ms, ours {ours:.2} ms");
    }
}
