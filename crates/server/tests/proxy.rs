//! Behind a real reverse proxy: Debian's nginx, started here on a loopback port in front
//! of the server (`cargo xtask test` installs it; `READERBOX_NGINX` names another
//! binary). Readers arrive from different loopback addresses (127.0.0.2, 127.0.0.3), as
//! they would from different machines.

mod common;

use common::{socket_config, SocketServer};
use readerbox_server::testing::{nginx_binary, Nginx};
use serde_json::json;
use std::net::IpAddr;

/// A reader's browser on its own address.
fn reader_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn post(client: &reqwest::Client, base: &str, forged: Option<&str>) -> u16 {
    let mut request = client
        .post(format!("{base}/api/v1/comments"))
        .json(&json!({"uri": "/artikel/proxy.html", "text": "Durch den Proxy."}));
    if let Some(forged) = forged {
        request = request.header("x-forwarded-for", forged);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn readers_behind_nginx_get_their_own_rate_limit_and_forged_headers_are_not_believed() {
    let Some(binary) = nginx_binary() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut config = socket_config(dir.path()).await;
    config.writes_per_minute = 1;
    config.trusted_proxies = vec!["127.0.0.1".into()];
    let server = SocketServer::start(&config).await;
    let nginx = Nginx::proxying_to(&binary, server.base.trim_start_matches("http://"));

    let erika = reader_from("127.0.0.2");
    let jonas = reader_from("127.0.0.3");
    assert_eq!(post(&erika, &nginx.base, None).await, 201);
    assert_eq!(
        post(&erika, &nginx.base, None).await,
        429,
        "Erika's second post"
    );
    // A header of her own doesn't give her a new bucket: nginx appends her address.
    assert_eq!(post(&erika, &nginx.base, Some("10.1.1.1")).await, 429);
    assert_eq!(
        post(&jonas, &nginx.base, None).await,
        201,
        "Jonas shares no bucket with Erika, though both come through nginx"
    );

    // Straight to the server, past nginx: the forwarding headers are not believed.
    let direct = reader_from("127.0.0.4");
    assert_eq!(post(&direct, &server.base, Some("10.2.2.2")).await, 201);
    assert_eq!(post(&direct, &server.base, Some("10.3.3.3")).await, 429);

    drop(nginx);
    server.stop().await;
}

/// Without `trusted_proxies` every reader behind nginx is nginx: one bucket. This is why
/// the setting exists (and the README's deployment section sets it).
#[tokio::test]
async fn without_trusted_proxies_nginx_is_one_client() {
    let Some(binary) = nginx_binary() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut config = socket_config(dir.path()).await;
    config.writes_per_minute = 1;
    let server = SocketServer::start(&config).await;
    let nginx = Nginx::proxying_to(&binary, server.base.trim_start_matches("http://"));
    assert_eq!(
        post(&reader_from("127.0.0.2"), &nginx.base, None).await,
        201
    );
    assert_eq!(
        post(&reader_from("127.0.0.3"), &nginx.base, None).await,
        429
    );
    drop(nginx);
    server.stop().await;
}
