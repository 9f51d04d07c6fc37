//! A fault-injecting proxy between Chromium and the real server: the page, the widget and
//! the API all load through it, and chosen API requests fail the way real ones do.
//!
//! - [`Fault::Stopped`]: the connection closes without an answer (a server that is
//!   down, from the browser's side);
//! - [`Fault::ServerError`]: a 500 with a gateway's HTML page;
//! - [`Fault::Slow`]: forwarded at once (the server does its work), answered only after
//!   the delay;
//! - [`Fault::DropAfterStore`]: forwarded, the server stores and answers, then the
//!   connection closes before the answer reaches the browser;
//! - [`Fault::Held`]: forwarded, the answer held back until the test calls
//!   [`FaultProxy::release`] (say, the wasm, to look at the page before it arrives).

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Stopped,
    ServerError,
    Slow(Duration),
    DropAfterStore,
    Held,
}

/// Which requests a fault hits: a test of the method and the path with its query.
pub type Target = Arc<dyn Fn(&Method, &str) -> bool + Send + Sync>;

type Active = Arc<Mutex<Option<(Fault, Target)>>>;

/// Answers held back ([`Fault::Held`]): how many wait, and the signal that lets them go.
#[derive(Clone)]
struct Holding {
    waiting: Arc<AtomicUsize>,
    released: tokio::sync::watch::Sender<bool>,
}

pub struct FaultProxy {
    pub address: SocketAddr,
    active: Active,
    in_flight: Arc<AtomicUsize>,
    holding: Holding,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a loopback port and forwards to `backend`.
    pub async fn start(backend: SocketAddr) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().unwrap();
        let active: Active = Arc::new(Mutex::new(None));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let shared = active.clone();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let counter = in_flight.clone();
        let holding = Holding {
            waiting: Arc::new(AtomicUsize::new(0)),
            released: tokio::sync::watch::channel(false).0,
        };
        let held = holding.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let active = shared.clone();
                let client = client.clone();
                let counter = counter.clone();
                let held = held.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        handle(
                            request,
                            backend,
                            active.clone(),
                            client.clone(),
                            counter.clone(),
                            held.clone(),
                        )
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            address,
            active,
            in_flight,
            holding,
            task,
        }
    }

    /// How many answers [`Fault::Held`] keeps back right now.
    pub fn holding(&self) -> usize {
        self.holding.waiting.load(Ordering::SeqCst)
    }

    /// Lets every held answer (and any later one) go.
    pub fn release(&self) {
        self.holding.released.send_replace(true);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// From now on, requests that `target` picks fail with `fault`.
    pub fn inject(&self, fault: Fault, target: Target) {
        *self.active.lock().unwrap() = Some((fault, target));
    }

    /// Waits until every forwarded request has been answered by the server (also those
    /// whose browser side gave up).
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while self.in_flight.load(Ordering::SeqCst) > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "requests still in flight after 30 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The API works again.
    pub fn heal(&self) {
        *self.active.lock().unwrap() = None;
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The fault for this request, if any.
fn fault_for(active: &Active, method: &Method, path: &str) -> Option<Fault> {
    let guard = active.lock().unwrap();
    let (fault, target) = guard.as_ref()?;
    target(method, path).then_some(*fault)
}

/// Counts a forwarded request until the server has answered it.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn new(counter: Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        Self(counter)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

type Answer = (StatusCode, hyper::HeaderMap, Bytes);

async fn handle(
    request: Request<hyper::body::Incoming>,
    backend: SocketAddr,
    active: Active,
    client: reqwest::Client,
    in_flight: Arc<AtomicUsize>,
    holding: Holding,
) -> Result<Response<Full<Bytes>>, std::io::Error> {
    let method = request.method().clone();
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let fault = fault_for(&active, &method, &path);
    let closed = || std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "fault");
    match fault {
        Some(Fault::Stopped) => return Err(closed()),
        Some(Fault::ServerError) => {
            let mut response = Response::new(Full::new(Bytes::from_static(
                b"<html><body><h1>500 Internal Server Error</h1></body></html>",
            )));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
                .headers_mut()
                .insert("content-type", "text/html".parse().unwrap());
            return Ok(response);
        }
        _ => {}
    }
    let target = format!(
        "http://{backend}{}",
        request.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    let headers = request.headers().clone();
    let body = request
        .into_body()
        .collect()
        .await
        .map_err(|_| closed())?
        .to_bytes();
    // Detached: the server gets the whole request even when the browser gives up.
    let guard = InFlight::new(in_flight);
    let forwarded = tokio::spawn(async move {
        let _guard = guard;
        let mut forward = client.request(method, target).body(body);
        for (name, value) in &headers {
            if name != "host" && name != "content-length" {
                forward = forward.header(name, value);
            }
        }
        let answer = forward.send().await.ok()?;
        let status = answer.status();
        let headers = answer.headers().clone();
        let bytes = answer.bytes().await.ok()?;
        Some::<Answer>((status, headers, bytes))
    });
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    if fault == Some(Fault::Held) {
        let mut released = holding.released.subscribe();
        holding.waiting.fetch_add(1, Ordering::SeqCst);
        let _ = released.wait_for(|go| *go).await;
        holding.waiting.fetch_sub(1, Ordering::SeqCst);
    }
    let (status, answer_headers, bytes) = forwarded.await.ok().flatten().ok_or_else(closed)?;
    if fault == Some(Fault::DropAfterStore) {
        return Err(closed());
    }
    let mut response = Response::new(Full::new(bytes));
    *response.status_mut() = status;
    for (name, value) in &answer_headers {
        if name != "content-length" && name != "transfer-encoding" && name != "connection" {
            response.headers_mut().insert(name, value.clone());
        }
    }
    Ok(response)
}

/// Targets by method and path (without the query).
pub fn target(method: Method, test: fn(&str) -> bool) -> Target {
    Arc::new(move |m: &Method, path: &str| {
        *m == method && test(path.split('?').next().unwrap_or(path))
    })
}
