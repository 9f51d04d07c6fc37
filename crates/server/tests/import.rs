//! Importing from Isso (`data/isso/comments.db`, made by the real Isso 0.14 through its
//! own API: `data/isso/make-fixture.py`), Disqus and WordPress exports (in their formats,
//! written here): threads, replies, times, authors, votes, what is left behind and why,
//! and that running an import again adds nothing.

mod common;

use common::test_server;
use readerbox_api::CommentStatus;
use readerbox_server::import::{self, Read, SkipReason, Source, SourceError};
use sqlx::{Connection, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn isso_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/isso/comments.db")
}

async fn read_isso(map: &BTreeMap<String, String>) -> Read {
    import::read(Source::Isso, &isso_fixture(), map)
        .await
        .unwrap()
}

/// What `read` leaves behind: (source id, reason), sorted.
fn skipped_of(read: &Read) -> Vec<(String, SkipReason)> {
    let mut skipped: Vec<(String, SkipReason)> = read
        .skipped
        .iter()
        .map(|s| (s.source_id.clone(), s.reason.clone()))
        .collect();
    skipped.sort();
    skipped
}

/// The fixture's comments as Isso keeps them: id → (created, modified) in seconds.
async fn isso_times() -> BTreeMap<i64, (f64, Option<f64>)> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(isso_fixture())
        .read_only(true);
    let mut db = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let rows = sqlx::query("SELECT id, created, modified FROM comments")
        .fetch_all(&mut db)
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            (
                row.get::<i64, _>("id"),
                (row.get::<f64, _>("created"), row.get("modified")),
            )
        })
        .collect()
}

/// RFC 3339 with milliseconds, as the API writes times.
fn api_time(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as i128;
    let time = time::OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000).unwrap();
    let text = time
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    // The API leaves out a zero fraction's trailing zeros, as time does.
    text
}

#[tokio::test]
async fn an_isso_database_comes_over_exactly() {
    let server = test_server(|_| {}).await;
    let read = read_isso(&BTreeMap::new()).await;
    assert_eq!(
        read.skipped
            .iter()
            .map(|s| (s.source_id.as_str(), &s.reason))
            .collect::<Vec<_>>(),
        vec![("7", &SkipReason::NotAPath("artikel-42".into()))],
        "a thread named by data-isso-id is reported, not dropped silently"
    );
    let report = import::store(&server.state.store, read, false)
        .await
        .unwrap();
    assert_eq!(
        (report.stored.threads, report.stored.comments),
        (2, 8),
        "{report}"
    );
    let printed = report.to_string();
    assert!(
        printed.contains("Isso comment 7: its thread \"artikel-42\" is not a path"),
        "{printed}"
    );

    let page = server.list("/politik/stadtrat-radwege.html").await;
    let times = isso_times().await;
    let by_author = |name: &str| {
        page.comments
            .iter()
            .find(|c| c.author == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", page.comments))
    };
    let first = by_author("Müller & Söhne");
    assert_eq!(
        first.text, "Endlich **Radwege** für alle 🚲 – „gut so“.\n\n- sicher\n- schnell",
        "text byte for byte"
    );
    assert_eq!(
        first.website.as_deref(),
        Some("https://example.org/?a=1&b=2")
    );
    assert_eq!(first.score, 3, "5 likes, 2 dislikes");
    assert_eq!(
        first.created_at,
        api_time(times[&1].0),
        "to the millisecond"
    );
    let reply = by_author("Jonas <J.>");
    assert_eq!(reply.parent_id, Some(first.id));
    assert_eq!(reply.score, -1);
    assert_eq!(by_author("Erika").parent_id, Some(first.id));
    let edited = by_author("Paul");
    assert_eq!(edited.text, "Erster Entwurf (korrigiert)");
    assert_eq!(
        edited.edited_at.as_deref(),
        Some(api_time(times[&4].1.unwrap()).as_str())
    );
    let placeholder = page
        .comments
        .iter()
        .find(|c| c.status == CommentStatus::Deleted)
        .expect("a deleted comment with a reply is a placeholder");
    assert_eq!(
        (placeholder.author.as_str(), placeholder.text.as_str()),
        ("", "")
    );
    assert_eq!(by_author("Dora").parent_id, Some(placeholder.id));
    let json = serde_json::to_string(&page).unwrap();
    assert!(!json.contains("erika@example.org"), "no e-mail in public");
    assert_eq!(
        server
            .state
            .store
            .private_email_of(first.id)
            .await
            .unwrap()
            .as_deref(),
        Some("erika@example.org")
    );

    let derby = server.list("/sport/derby.html").await;
    assert_eq!(derby.total, 1, "Isso's queue stays in the queue");
    assert_eq!(derby.comments[0].author, "Anonym");
    assert_eq!(derby.comments[0].text, "Anonym und <b>fett</b>?");
    let queue = server
        .state
        .store
        .admin_comments(Some(CommentStatus::Pending), None, None)
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].comment.text, "Wartet in der Moderation.");
}

#[tokio::test]
async fn an_import_run_again_adds_nothing_and_a_dry_run_writes_nothing() {
    let server = test_server(|_| {}).await;
    let dry = import::store(&server.state.store, read_isso(&BTreeMap::new()).await, true)
        .await
        .unwrap();
    assert_eq!(dry.stored.comments, 8);
    assert!(dry.to_string().contains("would import 8 comments"), "{dry}");
    assert_eq!(server.stored().await, 0, "a dry run writes nothing");

    import::store(
        &server.state.store,
        read_isso(&BTreeMap::new()).await,
        false,
    )
    .await
    .unwrap();
    let before = server.list("/politik/stadtrat-radwege.html").await;
    let again = import::store(
        &server.state.store,
        read_isso(&BTreeMap::new()).await,
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        (again.stored.comments, again.stored.already),
        (0, 8),
        "{again}"
    );
    assert_eq!(server.stored().await, 8, "nothing doubled");
    assert_eq!(server.list("/politik/stadtrat-radwege.html").await, before);

    // The custom id, mapped now: only that one comment comes in.
    let map = BTreeMap::from([(
        "artikel-42".to_owned(),
        "/politik/artikel-42.html".to_owned(),
    )]);
    let mapped = import::store(&server.state.store, read_isso(&map).await, false)
        .await
        .unwrap();
    assert_eq!(
        (mapped.stored.comments, mapped.stored.already),
        (1, 8),
        "{mapped}"
    );
    assert_eq!(
        server.list("/politik/artikel-42.html").await.comments[0].text,
        "Ein Thread mit data-isso-id."
    );
}

#[tokio::test]
async fn files_that_are_not_what_they_should_be_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nicht-da.db");
    let error = import::read(Source::Isso, &missing, &BTreeMap::new())
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("nicht-da.db"),
        "names the file: {error}"
    );

    let other = dir.path().join("andere.db");
    std::fs::write(&other, b"").unwrap();
    let error = import::read(Source::Isso, &other, &BTreeMap::new())
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::WrongFormat { .. }), "{error}");
    assert!(
        error.to_string().contains("is not an Isso database"),
        "{error}"
    );

    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, WORDPRESS).unwrap();
    let error = import::read(Source::Disqus, &wxr, &BTreeMap::new())
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("export.xml is not a Disqus export")
            && message.contains("use --import-wordpress"),
        "{message}"
    );

    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"artikel-42": "javascript:alert(1)"}"#).unwrap();
    assert!(matches!(
        import::read_uri_map(&map),
        Err(SourceError::BadUriMap { .. })
    ));
}

/// A WordPress export (WXR 1.2, as Tools → Export writes it; trimmed to what an import
/// reads): two posts, replies, every comment state, a pingback, HTML in a comment.
const WORDPRESS: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Stadtanzeiger</title>
	<link>https://www.example.org</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<item>
		<title><![CDATA[Stadtrat beschließt Radwege]]></title>
		<link>https://www.example.org/2021/03/01/stadtrat-radwege/</link>
		<wp:post_id>12</wp:post_id>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:comment>
			<wp:comment_id>5</wp:comment_id>
			<wp:comment_author><![CDATA[Müller & Söhne]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[erika@example.org]]></wp:comment_author_email>
			<wp:comment_author_url>https://example.org/?a=1&amp;b=2</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.10]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2021-03-01 11:05:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2021-03-01 10:05:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Endlich <strong>Radwege</strong>!
Zweite Zeile.

<a href="https://example.org/plan" rel="nofollow ugc">Der Plan</a>]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>6</wp:comment_id>
			<wp:comment_author><![CDATA[Jonas]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[]]></wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_date><![CDATA[2021-03-01 11:09:30]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2021-03-01 10:09:30]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Und wer zahlt?]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>5</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>7</wp:comment_id>
			<wp:comment_author><![CDATA[Neu]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2021-03-01 12:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Wartet noch.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[0]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>8</wp:comment_id>
			<wp:comment_author><![CDATA[Billig]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2021-03-01 12:01:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Kaufen Sie hier]]></wp:comment_content>
			<wp:comment_approved><![CDATA[spam]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>9</wp:comment_id>
			<wp:comment_author><![CDATA[Weg]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2021-03-01 12:02:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Im Papierkorb]]></wp:comment_content>
			<wp:comment_approved><![CDATA[trash]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>10</wp:comment_id>
			<wp:comment_author><![CDATA[Ein Blog]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2021-03-01 12:03:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[[&#8230;] verlinkt [&#8230;]]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[pingback]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>
	<item>
		<title><![CDATA[Derby]]></title>
		<link>https://www.example.org/2021/03/02/derby/</link>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:comment>
			<wp:comment_id>11</wp:comment_id>
			<wp:comment_author><![CDATA[]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2021-03-02 08:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Anonym &amp; kurz.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[]]></wp:comment_type>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>
</channel>
</rss>
"#;

#[tokio::test]
async fn a_wordpress_export_comes_over_with_its_states_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wordpress.xml");
    std::fs::write(&path, WORDPRESS).unwrap();
    let server = test_server(|_| {}).await;
    let read = import::read(Source::WordPress, &path, &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(
        skipped_of(&read),
        vec![
            ("10".into(), SkipReason::Ping),
            ("8".into(), SkipReason::Spam),
            ("9".into(), SkipReason::Trash),
        ]
    );
    let report = import::store(&server.state.store, read, false)
        .await
        .unwrap();
    assert_eq!((report.stored.threads, report.stored.comments), (2, 4));

    let page = server.list("/2021/03/01/stadtrat-radwege/").await;
    assert_eq!(page.total, 2, "the pending one waits");
    let first = &page.comments[0];
    assert_eq!(first.author, "Müller & Söhne");
    assert_eq!(
        first.text,
        "Endlich **Radwege**!\nZweite Zeile.\n\n[Der Plan](https://example.org/plan)"
    );
    assert_eq!(
        first.website.as_deref(),
        Some("https://example.org/?a=1&b=2")
    );
    assert_eq!(first.created_at, "2021-03-01T10:05:00Z", "the GMT time");
    assert_eq!(page.comments[1].parent_id, Some(first.id));
    assert_eq!(page.comments[1].created_at, "2021-03-01T10:09:30Z");
    let derby = server.list("/2021/03/02/derby/").await;
    assert_eq!(derby.comments[0].author, "Anonym");
    assert_eq!(derby.comments[0].text, "Anonym & kurz.");

    let again = import::store(
        &server.state.store,
        import::read(Source::WordPress, &path, &BTreeMap::new())
            .await
            .unwrap(),
        false,
    )
    .await
    .unwrap();
    assert_eq!((again.stored.comments, again.stored.already), (0, 4));
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
  <post dsq:id="105"><id/><message><![CDATA[<p>Verwaist</p>]]></message>
    <createdAt>2021-03-01T10:11:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Drei</name></author><thread dsq:id="99"/></post>
</disqus>"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("disqus.xml");
    std::fs::write(&path, xml).unwrap();
    let server = test_server(|_| {}).await;
    let read = import::read(Source::Disqus, &path, &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(
        skipped_of(&read),
        vec![
            ("104".into(), SkipReason::Spam),
            ("105".into(), SkipReason::MissingThread("99".into())),
        ],
        "spam and a post whose thread is missing are reported"
    );
    let done = import::store(&server.state.store, read, false)
        .await
        .unwrap();
    assert_eq!((done.stored.threads, done.stored.comments), (1, 2));
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
    std::fs::write(&path, "<kein xml").unwrap();
    let error = import::read(Source::Disqus, &path, &BTreeMap::new())
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("disqus.xml is not a Disqus export"),
        "{error}"
    );
}

/// `readerbox-server` with `args`: its exit status, standard output and error.
fn run_server(args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_readerbox-server"))
        .args(args)
        .env_remove("READERBOX_CONFIG")
        .env_remove("READERBOX_DATABASE")
        .output()
        .expect("run readerbox-server");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_import_command_leaves_one_complete_file_and_refuses_without_leaving_one() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("neu.sqlite3");
    let fixture = isso_fixture();
    let import = |extra: &[&str]| {
        let mut args = vec![
            "--database".as_ref(),
            database.as_os_str(),
            "--import-isso".as_ref(),
            fixture.as_os_str(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        run_server(&args)
    };

    let (ok, out, err) = import(&["--dry-run"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("would import 8 comments on 2 articles"),
        "{out}"
    );
    assert!(!database.exists(), "a dry run makes no database");

    let (ok, out, err) = import(&[]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Isso: imported 8 comments on 2 articles; 0 imported before; 1 skipped"),
        "{out}"
    );
    assert!(out.contains("Isso comment 7"), "{out}");
    let wal = dir.path().join("neu.sqlite3-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |meta| meta.len() == 0),
        "everything is in the database file, nothing left in its -wal"
    );
    // The file alone, copied elsewhere, holds the import.
    let copy = dir.path().join("kopie.sqlite3");
    std::fs::copy(&database, &copy).unwrap();
    let mut db = sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&copy)
            .read_only(true),
    )
    .await
    .unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(count, 8);

    let (ok, out, _) = import(&[]);
    assert!(ok);
    assert!(
        out.contains("imported 0 comments on 0 articles; 8 imported before"),
        "{out}"
    );

    let elsewhere = dir.path().join("anderswo.sqlite3");
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, WORDPRESS).unwrap();
    let (ok, _, err) = run_server(&[
        "--database".as_ref(),
        elsewhere.as_os_str(),
        "--import-disqus".as_ref(),
        wxr.as_os_str(),
    ]);
    assert!(!ok, "a WordPress export is not a Disqus export");
    assert!(err.contains("export.xml is not a Disqus export"), "{err}");
    assert_eq!(
        err.matches("is not a Disqus export").count(),
        1,
        "said once: {err}"
    );
    assert!(!elsewhere.exists(), "no empty database left behind");
}

/// Comments as Disqus keeps them (its HTML subset), with text that looks like Markdown,
/// every block Disqus shows and the odd spacing of real ones.
const DISQUS_CORPUS: &[&str] = &[
    "<p>1. FC Köln ist wieder da!</p>",
    "<p># 1 der Tabelle</p><p>* x</p>",
    "<p>- nur ein Strich</p><p>+ plus</p><p>&gt; kein Zitat</p>",
    "<p>Zeile eins<br>2) zweite<br>= gleich</p>",
    "<p>1982. Das Jahr.</p><p>---</p><p>===</p><p>* * *</p>",
    "<blockquote>Das stimmt so nicht.<br>Sagt wer?</blockquote><p>Ich.</p>",
    "<blockquote><p>Erster Absatz</p><p>Zweiter Absatz</p></blockquote>",
    "<blockquote><blockquote>innen</blockquote>außen</blockquote>",
    "<blockquote><ul><li>a</li><li>b</li></ul></blockquote><p>Darunter</p>",
    "<ul><li>Punkt A</li><li>Punkt B mit <b>fett</b></li></ul><p>Danach.</p>",
    "<ol start=\"3\"><li>drei</li><li>vier</li></ol>",
    "<ul><li>a</li></ul><ul><li>b</li></ul>",
    "<ol><li>erstens<br>weiter</li><li>zweitens</li></ol>",
    "<ul><li>außen<ul><li>innen</li></ul></li></ul>",
    "<pre><code>def f():\n    return 1\n\n# Kommentar\n</code></pre>",
    "<pre>```\nin einem Zaun\n```</pre><p>danach</p>",
    "<p>Nutze <code>a`b</code> und <code>x</code> oder <code> y </code></p>",
    "<p><s>falsch</s> richtig <del>weg</del> <strike>alt</strike></p>",
    "<p><b> fett mit Leerzeichen </b>und<i>kursiv</i>!</p>",
    "<p><b><i>beides</i></b> und <strong>stark</strong> <em>betont</em></p>",
    "<p>snake_case_name und 2*3*4 = 24 und __init__</p>",
    "<p>[1] Quelle: <a href=\"https://disq.us/url?url=https%3A%2F%2Fexample.org%2Fa_(b)%3Axyz&amp;cuid=1\" rel=\"nofollow noopener\">example.org/a_(b)</a></p>",
    "<p>AT&amp;T, &amp;copy; und &lt;b&gt;kein HTML&lt;/b&gt;</p>",
    "<p>&lt;https://example.org&gt; und ![Bild](x)</p>",
    "<p>Vorsicht: <span class=\"spoiler\">Der Mörder ist der Gärtner</span></p>",
    "<p><u>wichtig</u></p>",
    "<p>C:\\Programme\\ und \\n und \\*</p>",
    "<p>Super 👍&nbsp;! – „Zitat“</p>",
    "<p>~~kein Strich~~ und ~ungefähr 5</p>",
    "<p>Tor #3 und C# und #hashtag</p>",
    "<p>Text</p><hr><p>mehr</p>",
    "Einfach Text ohne Absatz",
    "<p>  viel    Platz \n\n hier </p>",
    "<p>    eingerückt</p>",
    "<p>Mail an <a href=\"mailto:leser@example.org\">die Redaktion</a>.</p>",
    "<p>Ende mit Umbruch<br></p><p><br></p><p>nach Leerem</p>",
];

/// What a reader sees of some HTML: each run of text with the blocks it sits in (every
/// quote, list and item numbered in document order, so that merged or split blocks
/// show) and its inline markup (strong, em, del, code, links with their target, line
/// breaks), whitespace collapsed as a browser collapses it.
fn visible(html: &str) -> Vec<String> {
    use scraper::{ElementRef, Html, Node};
    struct Walk {
        records: Vec<String>,
        text: String,
        path: Vec<String>,
        counter: usize,
    }
    impl Walk {
        fn flush(&mut self) {
            // A space just inside an inline element shows as the same space outside it.
            let mut text = self.text.replace(" \n", "\n").replace("\n ", "\n");
            for tag in ["strong", "em", "del"] {
                text = text
                    .replace(&format!("<{tag}> "), &format!(" <{tag}>"))
                    .replace(&format!(" </{tag}>"), &format!("</{tag}> "));
            }
            while text.contains("  ") {
                text = text.replace("  ", " ");
            }
            let text = text.trim_matches([' ', '\n']).to_owned();
            if !text.is_empty() {
                self.records
                    .push(format!("{}: {text}", self.path.join(" ")));
            }
            self.text.clear();
        }
        fn push_text(&mut self, text: &str, verbatim: bool) {
            for c in text.chars() {
                if c.is_ascii_whitespace() && !verbatim {
                    if !self.text.ends_with([' ', '\n']) && !self.text.is_empty() {
                        self.text.push(' ');
                    }
                } else {
                    self.text.push(c);
                }
            }
        }
        fn walk(&mut self, element: ElementRef, verbatim: bool) {
            for child in element.children() {
                match child.value() {
                    Node::Text(text) => self.push_text(text, verbatim),
                    Node::Element(_) => {
                        let child = ElementRef::wrap(child).unwrap();
                        self.element(child, verbatim);
                    }
                    _ => {}
                }
            }
        }
        fn element(&mut self, element: ElementRef, verbatim: bool) {
            let name = element.value().name();
            let inline = match name {
                "b" | "strong" => Some("strong"),
                "i" | "em" => Some("em"),
                "s" | "strike" | "del" => Some("del"),
                "code" | "tt" | "kbd" if !verbatim => Some("code"),
                _ => None,
            };
            match name {
                "script" | "style" => {}
                "br" => self.text.push('\n'),
                _ if inline.is_some() => {
                    let tag = inline.unwrap();
                    self.text.push_str(&format!("<{tag}>"));
                    if tag == "code" {
                        let code: String = element.text().collect();
                        self.push_text(code.trim(), false);
                    } else {
                        self.walk(element, verbatim);
                    }
                    self.text.push_str(&format!("</{tag}>"));
                }
                "a" => {
                    let href = element.value().attr("href").unwrap_or("");
                    self.text.push_str(&format!("<a {href}>"));
                    self.walk(element, verbatim);
                    self.text.push_str("</a>");
                }
                "p" | "div" => {
                    self.flush();
                    self.walk(element, verbatim);
                    self.flush();
                }
                "blockquote" | "ul" | "ol" | "li" | "pre" | "hr" => {
                    self.flush();
                    self.counter += 1;
                    let start = element.value().attr("start").unwrap_or("1");
                    let label = match name {
                        "ol" => format!("ol{}(from {start})", self.counter),
                        _ => format!("{name}{}", self.counter),
                    };
                    self.path.push(label);
                    if name == "hr" {
                        self.records.push(self.path.join(" "));
                    }
                    self.walk(element, verbatim || name == "pre");
                    self.flush();
                    self.path.pop();
                }
                _ => self.walk(element, verbatim),
            }
        }
    }
    let fragment = Html::parse_fragment(html);
    let mut walk = Walk {
        records: Vec::new(),
        text: String::new(),
        path: Vec::new(),
        counter: 0,
    };
    walk.walk(fragment.root_element(), false);
    walk.flush();
    walk.records
}

#[test]
fn disqus_comments_read_the_same_after_the_import() {
    let mut differences = Vec::new();
    for html in DISQUS_CORPUS {
        let markdown = import::markdown_from_html(html);
        let rendered = readerbox_markdown::to_html(&readerbox_markdown::render(&markdown));
        let (before, after) = (visible(html), visible(&rendered));
        if before != after {
            differences.push(format!(
                "{html}\n  as Markdown: {markdown:?}\n  Disqus showed: {before:?}\n  we show:       {after:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
}

fn isso_export(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/isso-exports")
        .join(name)
}

/// Isso's own Disqus test export: an orphaned post, a thread without a link, a deleted
/// post with a reply.
#[tokio::test]
async fn isso_s_disqus_export_comes_over_with_its_odd_cases_reported() {
    let server = test_server(|_| {}).await;
    let read = import::read(Source::Disqus, &isso_export("disqus.xml"), &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(
        skipped_of(&read),
        vec![("6".into(), SkipReason::MissingThread("1337".into()))]
    );
    let report = import::store(&server.state.store, read, false)
        .await
        .unwrap();
    assert_eq!(
        (report.stored.threads, report.stored.comments),
        (2, 5),
        "{report}"
    );
    let home = server.list("/").await;
    let texts: Vec<(&str, &str)> = home
        .comments
        .iter()
        .map(|c| (c.author.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("peter", "..."),
            ("user", "Hello, World."),
            ("", ""),
            ("user", "Hello, World."),
        ],
        "the deleted post stays as a placeholder for its reply"
    );
    assert_eq!(home.comments[1].parent_id, Some(home.comments[0].id));
    assert_eq!(home.comments[3].parent_id, Some(home.comments[2].id));
    let other = server.list("/blog/2013/02/12/redacted/index.html").await;
    assert_eq!(
        other.comments[0].text,
        "Message from thread with empty title and id"
    );
}

/// Isso's own WordPress test export: replies two deep, multi-line text, an id used twice.
#[tokio::test]
async fn isso_s_wordpress_export_comes_over_with_its_odd_cases_reported() {
    let server = test_server(|_| {}).await;
    let read = import::read(
        Source::WordPress,
        &isso_export("wordpress.xml"),
        &BTreeMap::new(),
    )
    .await
    .unwrap();
    assert_eq!(
        skipped_of(&read),
        vec![("11".into(), SkipReason::DuplicateId)]
    );
    let report = import::store(&server.state.store, read, false)
        .await
        .unwrap();
    assert_eq!(
        (report.stored.threads, report.stored.comments),
        (1, 7),
        "{report}"
    );
    let page = server.list("/2014/test/").await;
    let by_text = |text: &str| {
        page.comments
            .iter()
            .find(|c| c.text == text)
            .unwrap_or_else(|| panic!("{text:?} in {:?}", page.comments))
    };
    assert_eq!(by_text("Erster!1").author, "Ohai");
    assert_eq!(by_text("Erster!1").created_at, "2014-01-14T17:32:12Z");
    let second = by_text("Zweiter.");
    let third = by_text("Drölfter!");
    assert_eq!(third.parent_id, Some(second.id));
    assert_eq!(by_text("Yet another reply.").parent_id, Some(third.id));
    assert_eq!(
        by_text("When you have a comment with multiple lines:\nWordPress exports it like this.")
            .created_at,
        "2022-06-06T02:13:14Z",
        "the GMT time, not the site's local one"
    );
}
