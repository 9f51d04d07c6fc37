//! Behind a real reverse proxy: Debian's nginx, started here on a loopback port in front
//! of the server (`cargo xtask test` installs it; `READERBOX_NGINX` names another
//! binary). Readers arrive from different loopback addresses (127.0.0.2, 127.0.0.3), as
//! they would from different machines.

mod common;

use common::{socket_config, SocketServer};
use serde_json::json;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx, or `None` outside CI when it isn't installed (CI must have it).
fn nginx_binary() -> Option<PathBuf> {
    let path = std::env::var_os("READERBOX_NGINX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"));
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no nginx at {} (cargo xtask test installs Debian's)",
        path.display()
    );
    eprintln!(
        "skipped: no nginx at {} (apt-get install nginx)",
        path.display()
    );
    None
}

/// An nginx in front of `upstream` (`127.0.0.1:port`), as the site example configures it;
/// stopped (by its process id) when dropped.
struct Nginx {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(binary: &Path, upstream: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let root = dir.path().display();
        let config = format!(
            "daemon off;
master_process off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://{upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"
        );
        std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
        let child = Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let nginx = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not listen: {}",
                std::fs::read_to_string(nginx._dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    let nginx = Nginx::start(&binary, server.base.trim_start_matches("http://"));

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
    let nginx = Nginx::start(&binary, server.base.trim_start_matches("http://"));
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
