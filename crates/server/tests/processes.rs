//! Several real `readerbox-server` processes on one database (the SQLite file, or the
//! PostgreSQL database of `READERBOX_TEST_POSTGRES`): nothing that matters lives in one
//! process's memory. Rate limits, one-time proof-of-work challenges, idempotent posting,
//! votes, edit tokens and cached pages hold across processes.

mod common;

use common::solve;
use readerbox_api::spam::Challenge;
use readerbox_api::{CommentPage, CreatedComment, VoteResult};
use readerbox_server::database::DatabaseLocation;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const URI: &str = "/politik/prozesse.html";

/// One server process, killed when dropped.
struct Process {
    child: Child,
    base: String,
}

impl Process {
    fn start(database: &DatabaseLocation, dir: &std::path::Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_readerbox-server"))
            .args(["--bind", "127.0.0.1:0", "--database"])
            .arg(match database {
                DatabaseLocation::Sqlite(path) => path.display().to_string(),
                DatabaseLocation::Postgres(url) => url.clone(),
            })
            .arg("--static-dir")
            .arg(dir.join("dist"))
            .args([
                "--writes-per-minute",
                "4",
                "--pow-bits",
                "4",
                "--min-send-ms",
                "0",
            ])
            .env_remove("READERBOX_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start readerbox-server");
        // The server prints its address once it listens: "readerbox läuft: http://…/".
        let stdout = child.stdout.take().expect("stdout");
        let (found, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let url = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    let _ = found.send(url.trim_end_matches('/').to_owned());
                }
            }
        });
        let base = address
            .recv_timeout(Duration::from_secs(60))
            .expect("the server announces its address within 60 s");
        Self { child, base }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    server: &Process,
    path: &str,
) -> T {
    client
        .get(format!("{}{path}", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn challenge(client: &reqwest::Client, server: &Process) -> Value {
    solve(&get::<Challenge>(client, server, "/api/v1/challenge").await)
}

async fn post(client: &reqwest::Client, server: &Process, body: Value) -> (u16, Value) {
    let response = client
        .post(format!("{}/api/v1/comments", server.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn two_server_processes_on_one_database_act_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let database = readerbox_server::testing::fresh_database(dir.path()).await;
    let first = Process::start(&database, dir.path());
    let second = Process::start(&database, dir.path());
    assert_ne!(first.base, second.base);
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{}/healthz", second.base))
        .send()
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "second server never became healthy"
        );
        tokio::task::yield_now().await;
    }

    // A comment posted on the first process, with a proof from the second's challenge
    // (the server secret is shared through the database).
    let proof = challenge(&client, &second).await;
    let key = "3f0c6c1e-8a7d-4d1b-9f59-0d7d1c0e2a11";
    let (status, body) = post(
        &client,
        &first,
        json!({"uri": URI, "text": "eins", "pow": proof.clone(), "idempotency_key": key}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let created: CreatedComment = serde_json::from_value(body).unwrap();

    // The first process now holds this page in its cache; changes made through the
    // second one must still show on it (below).
    let early: CommentPage = get(&client, &first, &format!("/api/v1/comments?uri={URI}")).await;
    assert_eq!(early.comments[0].text, "eins");

    // The same proof is spent for the other process too.
    let (status, body) = post(
        &client,
        &second,
        json!({"uri": URI, "text": "noch mal", "pow": proof}),
    )
    .await;
    assert_eq!(
        status, 422,
        "a challenge used on one process is used on all: {body}"
    );

    // A retry of the same post on the other process returns the stored comment.
    let (status, body) = post(
        &client,
        &second,
        json!({"uri": URI, "text": "eins", "pow": challenge(&client, &first).await,
               "idempotency_key": key}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let replayed: CreatedComment = serde_json::from_value(body).unwrap();
    assert_eq!(replayed.comment.id, created.comment.id);
    assert_eq!(
        replayed.edit_token, created.edit_token,
        "same token everywhere"
    );

    // The edit token from one process works on the other.
    let response = client
        .put(format!(
            "{}/api/v1/comments/{}",
            second.base, created.comment.id
        ))
        .json(&json!({"text": "eins, korrigiert", "edit_token": created.edit_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    // Votes from two readers, one on each process, add up.
    for (server, voter) in [
        (&first, "leserin-aaaaaaaaaaaa"),
        (&second, "leser-bbbbbbbbbbbbbb"),
    ] {
        let result: VoteResult = client
            .post(format!(
                "{}/api/v1/comments/{}/vote",
                server.base, created.comment.id
            ))
            .json(&json!({"voter": voter, "value": 1}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(result.value, 1);
    }

    // Four writes per minute per client, counted together: the first process had the
    // first post, the second the spent proof, the retry and the edit; the next write is
    // refused on both.
    for server in [&first, &second] {
        let (status, body) = post(
            &client,
            server,
            json!({"uri": URI, "text": "zu viel", "pow": challenge(&client, server).await}),
        )
        .await;
        assert_eq!(status, 429, "the processes count writes together: {body}");
    }

    let page: CommentPage = get(&client, &first, &format!("/api/v1/comments?uri={URI}")).await;
    assert_eq!(page.comments.len(), 1, "stored exactly once");
    assert_eq!(page.comments[0].text, "eins, korrigiert");
    assert_eq!(page.comments[0].score, 2);
}
