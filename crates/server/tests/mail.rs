//! Mail through a real SMTP conversation: a small SMTP sink on loopback receives what the
//! server sends: editors' notices, the double opt-in for reply mails, reply mails with a
//! one-click unsubscribe.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::test_server;
use readerbox_server::config::ModerationMode;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One received mail: recipients and the raw message.
#[derive(Clone, Debug)]
struct Mail {
    to: Vec<String>,
    data: String,
}

/// An SMTP server that accepts everything and keeps it.
struct Sink {
    url: String,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Sink {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = mails.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut to = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250 sink\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = write.write_all(b"354 go on\r\n").await;
                            let mut data = String::new();
                            while let Ok(Some(body)) = lines.next_line().await {
                                if body == "." {
                                    break;
                                }
                                data.push_str(&body);
                                data.push('\n');
                            }
                            kept.lock().unwrap().push(Mail {
                                to: std::mem::take(&mut to),
                                data,
                            });
                            b"250 kept\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { url, mails }
    }

    /// Waits (up to 10 s) for a mail to `to` whose text contains `needle`.
    async fn wait_for(&self, to: &str, needle: &str) -> Mail {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(mail) = self
                .mails
                .lock()
                .unwrap()
                .iter()
                .find(|m| m.to.iter().any(|t| t == to) && decoded(&m.data).contains(needle))
            {
                return mail.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no mail to {to} with {needle:?}: {:?}",
                self.mails.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn count_to(&self, to: &str) -> usize {
        self.mails
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .count()
    }
}

/// The mail's text with quoted-printable soft breaks and encodings undone.
fn decoded(data: &str) -> String {
    let joined = data.replace("=\n", "");
    let mut out = Vec::new();
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn link_in(text: &str, path: &str) -> String {
    // The last one: the body's (a header may be folded over lines).
    let start = text
        .rfind(&format!("https://comments.example{path}"))
        .expect("link in mail");
    text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('>')
        .replace("https://comments.example", "")
}

#[tokio::test]
async fn editors_hear_of_new_reports_and_waiting_comments() {
    let sink = Sink::start().await;
    let server = test_server(|config| {
        config.smtp_url = Some(sink.url.clone());
        config.editor_mail = vec!["redaktion@example.org".into()];
        config.public_url = Some("https://comments.example".into());
        config.moderation = ModerationMode::All;
    })
    .await;
    server
        .post(json!({"uri": "/a.html", "author": "Erika", "text": "Bitte freischalten"}))
        .await;
    sink.wait_for("redaktion@example.org", "Bitte freischalten")
        .await;
    let correction = json!({"uri": "/a.html", "article_url": "https://x.example/a.html", "selection": "Fehlr", "message": "Fehler"});
    let request = Request::post("/api/v1/corrections")
        .header("content-type", "application/json")
        .body(Body::from(correction.to_string()))
        .unwrap();
    assert_eq!(server.send(request).await.0, StatusCode::CREATED);
    let mail = sink.wait_for("redaktion@example.org", "Fehlr").await;
    assert!(decoded(&mail.data).contains("Subject: Neue Korrektur"));
}

#[tokio::test]
async fn reply_mails_need_a_confirmed_address_and_stop_with_one_click() {
    let sink = Sink::start().await;
    let server = test_server(|config| {
        config.smtp_url = Some(sink.url.clone());
        config.public_url = Some("https://comments.example".into());
    })
    .await;
    let (_, body) = server
        .post(json!({"uri": "/a.html", "author": "Erika", "email": "erika@example.org", "text": "Frage?", "notify_replies": true}))
        .await;
    let parent = body["comment"]["id"].as_i64().unwrap();
    let opt_in = sink.wait_for("erika@example.org", "bestätigen").await;
    let confirm = link_in(&decoded(&opt_in.data), "/api/v1/notifications/confirm");

    // Before confirming: nothing is subscribed.
    assert!(server
        .state
        .store
        .confirmed_subscriptions(parent)
        .await
        .unwrap()
        .is_empty());
    let tampered = confirm.replace("token=", "token=0");
    let request = Request::get(&tampered).body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "a tampered link"
    );
    assert!(
        server
            .state
            .store
            .confirmed_subscriptions(parent)
            .await
            .unwrap()
            .is_empty(),
        "a wrong token confirms nothing"
    );

    let request = Request::get(&confirm).body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        server
            .state
            .store
            .confirmed_subscriptions(parent)
            .await
            .unwrap()
            .len(),
        1
    );

    server
        .post(json!({"uri": "/a.html", "author": "Max", "text": "Antwort!", "parent_id": parent}))
        .await;
    let reply_mail = sink
        .wait_for(
            "erika@example.org",
            "Max hat auf Ihren Kommentar geantwortet",
        )
        .await;
    let text = decoded(&reply_mail.data);
    assert!(
        text.contains(
            "List-Unsubscribe: <https://comments.example/api/v1/notifications/unsubscribe?"
        ),
        "{text}"
    );
    assert!(
        text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{text}"
    );
    assert!(text.contains("https://comments.example/a.html"));

    // One click (RFC 8058: a POST to the link) ends it.
    let unsubscribe = link_in(&text, "/api/v1/notifications/unsubscribe");
    let request = Request::post(&unsubscribe)
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(server
        .state
        .store
        .confirmed_subscriptions(parent)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        sink.count_to("erika@example.org"),
        2,
        "the opt-in and one reply"
    );
}

#[tokio::test]
async fn a_reply_approved_by_an_editor_is_mailed_then() {
    let sink = Sink::start().await;
    let server = test_server(|config| {
        config.smtp_url = Some(sink.url.clone());
        config.public_url = Some("https://comments.example".into());
        config.moderation = ModerationMode::All;
        config.admin_token = Some("redaktion-0123456789".into());
    })
    .await;
    let (_, body) = server
        .post(json!({"uri": "/a.html", "author": "Erika", "email": "erika@example.org", "text": "Frage?", "notify_replies": true}))
        .await;
    let parent = body["comment"]["id"].as_i64().unwrap();
    // The editors approve the question, the asker confirms, then a reply waits.
    let approve = |id: i64| {
        Request::post("/api/v1/admin/comments/moderate")
            .header("content-type", "application/json")
            .header("authorization", "Bearer redaktion-0123456789")
            .body(Body::from(
                json!({"ids": [id], "action": "approve"}).to_string(),
            ))
            .unwrap()
    };
    assert_eq!(server.send(approve(parent)).await.0, StatusCode::OK);
    let opt_in = sink.wait_for("erika@example.org", "bestätigen").await;
    let confirm = link_in(&decoded(&opt_in.data), "/api/v1/notifications/confirm");
    let request = Request::get(&confirm).body(Body::empty()).unwrap();
    tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    let (_, body) = server
        .post(json!({"uri": "/a.html", "author": "Max", "text": "Antwort", "parent_id": parent}))
        .await;
    assert_eq!(body["comment"]["status"], "pending");
    assert_eq!(
        sink.count_to("erika@example.org"),
        1,
        "nothing yet: the reply waits"
    );
    let reply = body["comment"]["id"].as_i64().unwrap();
    assert_eq!(server.send(approve(reply)).await.0, StatusCode::OK);
    sink.wait_for(
        "erika@example.org",
        "Max hat auf Ihren Kommentar geantwortet",
    )
    .await;
}
