//! Importing from Isso (a real SQLite database in Isso's schema) and Disqus (an XML export
//! in its format), generated here: threads, replies, times, authors, and what is left out.

mod common;

use common::test_server;
use readerbox_server::import::{from_disqus, from_isso};
use sqlx::Connection;

/// Isso's schema (isso/db/threads.py, comments.py) with a few comments.
async fn isso_database(path: &std::path::Path) {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut db = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    for statement in [
        "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256))",
        "CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
            created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR,
            author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
            dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER DEFAULT 0)",
        "INSERT INTO threads VALUES (1, '/politik/a.html', 'A'), (2, '/sport/b.html', 'B')",
        "INSERT INTO comments VALUES
            (1, 1, NULL, 1700000000.5, NULL, 1, '1.2.3.4', 'Erster *Kommentar*', 'Erika', 'e@example.org', 'https://e.example', 3, 1, x'', 0),
            (1, 2, 1, 1700000100.0, 1700000200.0, 1, '1.2.3.4', 'Antwort', NULL, NULL, NULL, 0, 0, x'', 0),
            (1, 3, NULL, 1700000300.0, NULL, 4, '1.2.3.4', '', NULL, NULL, NULL, 0, 0, x'', 0),
            (1, 4, 3, 1700000400.0, NULL, 1, '1.2.3.4', 'Antwort auf Gelöschtes', 'Max', NULL, NULL, 0, 0, x'', 0),
            (1, 5, NULL, 1700000500.0, NULL, 4, '1.2.3.4', '', NULL, NULL, NULL, 0, 0, x'', 0),
            (2, 6, NULL, 1700000600.0, NULL, 2, '1.2.3.4', 'Wartet noch', 'Neu', NULL, NULL, 0, 0, x'', 0)",
    ] {
        sqlx::query(statement).execute(&mut db).await.unwrap();
    }
    db.close().await.unwrap();
}

#[tokio::test]
async fn an_isso_database_comes_over_with_threads_replies_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let isso = dir.path().join("comments.db");
    isso_database(&isso).await;
    let server = test_server(|_| {}).await;
    let done = from_isso(&server.state.store, &isso).await.unwrap();
    assert_eq!(
        (done.threads, done.comments),
        (2, 5),
        "the deleted comment nobody answered stays behind"
    );

    let page = server.list("/politik/a.html").await;
    let shown: Vec<(&str, &str, Option<i64>)> = page
        .comments
        .iter()
        .map(|c| (c.author.as_str(), c.text.as_str(), c.parent_id))
        .collect();
    assert_eq!(shown[0].0, "Erika");
    assert_eq!(shown[1], ("Anonym", "Antwort", Some(page.comments[0].id)));
    assert_eq!(
        shown[2],
        ("", "", None),
        "a deleted comment with a reply is a placeholder"
    );
    assert_eq!(shown[3].1, "Antwort auf Gelöschtes");
    assert_eq!(page.total, 3);
    assert_eq!(page.comments[0].created_at, "2023-11-14T22:13:20.5Z");
    assert!(page.comments[1].edited_at.is_some());
    assert_eq!(
        page.comments[0].website.as_deref(),
        Some("https://e.example")
    );
    assert_eq!(
        server
            .state
            .store
            .private_email_of(page.comments[0].id)
            .await
            .unwrap()
            .as_deref(),
        Some("e@example.org")
    );
    let sport = server.list("/sport/b.html").await;
    assert_eq!(sport.total, 0, "Isso's queue stays in the queue");
}

#[tokio::test]
async fn a_disqus_export_comes_over_with_its_html_made_markdown() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>zeitung</forum><title>General</title></category>
  <thread dsq:id="10"><id/><forum>zeitung</forum><category dsq:id="1"/>
    <link>https://www.example.org/politik/a.html</link><title>A</title>
    <createdAt>2021-03-01T10:00:00Z</createdAt></thread>
  <post dsq:id="101"><id/><message><![CDATA[<p>Guter <b>Artikel</b> &amp; <a href="https://q.example/">Quelle</a></p>]]></message>
    <createdAt>2021-03-01T10:05:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>leser@example.org</email><name>Leser Eins</name><isAnonymous>false</isAnonymous></author>
    <thread dsq:id="10"/></post>
  <post dsq:id="103"><id/><message><![CDATA[<p>Stimmt.</p>]]></message>
    <createdAt>2021-03-01T10:09:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Zwei</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="10"/><parent dsq:id="101"/></post>
  <post dsq:id="104"><id/><message><![CDATA[<p>Billig kaufen</p>]]></message>
    <createdAt>2021-03-01T10:10:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam>
    <author><name>Spam</name></author><thread dsq:id="10"/></post>
</disqus>"#;
    let server = test_server(|_| {}).await;
    let done = from_disqus(&server.state.store, xml).await.unwrap();
    assert_eq!((done.threads, done.comments), (1, 2), "spam stays behind");
    let page = server.list("/politik/a.html").await;
    assert_eq!(
        page.comments[0].text,
        "Guter **Artikel** & [Quelle](https://q.example/)"
    );
    assert_eq!(page.comments[0].author, "Leser Eins");
    assert_eq!(page.comments[0].created_at, "2021-03-01T10:05:00Z");
    assert_eq!(
        page.comments[1].parent_id,
        Some(page.comments[0].id),
        "replies stay replies"
    );
    assert!(from_disqus(&server.state.store, "<kein xml").await.is_err());
}
