//! Connection limits against the real binary over loopback, and the request and stream limits
//! through the router.

use crate::support::{get, options, repo_path, send, Server};
use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use server::net::Limits;
use server::watch::WatchedSite;
use server::LoadOptions;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Reads until the server closes the connection; `None` when it is still open after the read
/// timeout.
fn closed_by_server(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some(got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Some(got),
            Err(_) => return None,
        }
    }
}

#[test]
fn half_sent_and_idle_connections_are_closed() {
    let server = Server::start(&["--header-timeout", "1"]);

    // Half a request line: the socket is not held for ever.
    let mut half = server.connect();
    half.write_all(b"GET / HT").unwrap();
    let started = Instant::now();
    assert!(
        closed_by_server(&mut half).is_some(),
        "a half-sent request keeps its socket"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // A kept-alive connection left idle after its answer is closed too.
    let mut idle = server.connect();
    idle.write_all(b"GET /api/articles HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let answer = closed_by_server(&mut idle).expect("closed after idling");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

#[test]
fn sigterm_stops_the_server_within_its_deadline_whatever_clients_hold_open() {
    // Headers may take long here, so only the shutdown deadline can end these connections.
    let mut server = Server::start(&["--header-timeout", "60", "--shutdown-timeout", "1"]);
    let mut held = Vec::new();
    for _ in 0..20 {
        let mut s = server.connect();
        s.write_all(b"GET / HT").unwrap();
        held.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let asked = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(6),
            "SIGTERM did not stop the server in time"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    drop(held);
}

/// A catalog that counts the searches it runs: `panic` panics, a query that starts with `quick`
/// answers at once, any other takes the catalog's time.
struct TestSearch {
    ran: Arc<std::sync::atomic::AtomicUsize>,
    slow: Duration,
}

impl TestSearch {
    fn taking(slow: Duration) -> TestSearch {
        TestSearch {
            ran: Arc::default(),
            slow,
        }
    }
}

impl app::catalog::Catalog for TestSearch {
    fn summaries(&self) -> Arc<[app::model::ArticleSummary]> {
        Arc::new([])
    }

    fn article(&self, _slug: &str) -> Option<Arc<app::model::Article>> {
        None
    }

    fn search(
        &self,
        query: &str,
        _tag: Option<&str>,
        _limit: u32,
    ) -> Result<app::hits::SearchResults, app::hits::SearchError> {
        self.ran.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if query == "panic" {
            panic!("a search that fails badly");
        }
        if !query.starts_with("quick") {
            std::thread::sleep(self.slow);
        }
        Ok(app::hits::SearchResults {
            query: query.into(),
            ..Default::default()
        })
    }
}

#[tokio::test]
async fn a_request_over_its_time_is_answered_408() {
    let limits = Limits {
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let app = server::router_with(
        SharedCatalog(Arc::new(TestSearch::taking(Duration::from_secs(2)))),
        options(),
        server::Routing {
            limits,
            ..Default::default()
        },
    );
    let r = send(&app, Request::get("/api/search?q=flash").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::REQUEST_TIMEOUT);
}

#[tokio::test]
async fn live_reload_streams_are_capped_in_total_and_per_client() {
    let (app, _dir) = stream_router(Limits {
        max_event_streams: 3,
        max_event_streams_per_client: 2,
        ..Limits::default()
    });
    let open = |client: &'static str| open_stream(&app, client, None);
    let a1 = open("10.0.0.1").await;
    let a2 = open("10.0.0.1").await;
    assert_eq!((a1.status(), a2.status()), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        open("10.0.0.1").await.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "per client"
    );
    let b1 = open("10.0.0.2").await;
    assert_eq!(b1.status(), StatusCode::OK);
    assert_eq!(
        open("10.0.0.3").await.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "in total"
    );
    drop(a1);
    let a3 = open("10.0.0.1").await;
    assert_eq!(a3.status(), StatusCode::OK, "a closed stream frees its place");
    drop((a2, a3, b1));
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_stream_cap() {
    let (app, _dir) = stream_router(Limits {
        max_event_streams: 10,
        max_event_streams_per_client: 1,
        trusted_proxies: vec!["10.9.9.9".parse().unwrap()],
        ..Limits::default()
    });
    let open = |peer: &'static str, forwarded: &'static str| open_stream(&app, peer, Some(forwarded));
    // Two visitors through the proxy: one stream each, not one between them.
    let a = open("10.9.9.9", "198.51.100.1").await;
    let b = open("10.9.9.9", "198.51.100.2").await;
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        open("10.9.9.9", "198.51.100.1").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // A client that is no trusted proxy cannot dodge its cap by naming others.
    let c = open("203.0.113.3", "198.51.100.7").await;
    assert_eq!(c.status(), StatusCode::OK);
    assert_eq!(
        open("203.0.113.3", "198.51.100.8").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    drop((a, b, c));
}

/// A watch-mode router over a copy of the seed article, with these limits, for the live-reload
/// caps (the folder lives as long as the returned guard).
fn stream_router(limits: Limits) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("content/firmware-flash-failed.md"),
        dir.path().join("firmware-flash-failed.md"),
    )
    .unwrap();
    let watched = Arc::new(WatchedSite::load(dir.path(), LoadOptions::default()).unwrap());
    let app = server::router_with(
        SharedCatalog(watched.clone()),
        options(),
        server::Routing {
            watched: Some(watched),
            limits,
            ..Default::default()
        },
    );
    (app, dir)
}

/// Opens a live-reload stream as `peer` (port 5000), relaying `forwarded` in `X-Forwarded-For`.
fn open_stream(
    app: &axum::Router,
    peer: &str,
    forwarded: Option<&str>,
) -> impl std::future::Future<Output = axum::response::Response> {
    let mut req = Request::get(server::watch::EVENTS_PATH);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::empty()).unwrap();
    let peer: SocketAddr = format!("{peer}:5000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    let app = app.clone();
    async move { tower::ServiceExt::oneshot(app, req).await.unwrap() }
}

#[tokio::test]
async fn searches_beyond_the_limit_wait_their_turn() {
    // Each search takes 2 s; requests may take 3 s. One at a time, the second (from the search
    // page's server function: the same queue) waits for the first and runs out of time; two at a
    // time, both finish.
    for (searches, second) in [(1, StatusCode::REQUEST_TIMEOUT), (2, StatusCode::OK)] {
        let app = server::router_with(
            SharedCatalog(Arc::new(TestSearch::taking(Duration::from_secs(2)))),
            options(),
            server::Routing {
                limits: Limits {
                    request_timeout: Duration::from_millis(3000),
                    searches,
                    ..Limits::default()
                },
                ..Default::default()
            },
        );
        let first = send(&app, Request::get("/api/search?q=flash").body(Body::empty()).unwrap());
        let later = async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            send(&app, Request::get("/rpc/search?q=power").body(Body::empty()).unwrap()).await
        };
        let (a, b) = tokio::join!(first, later);
        assert_eq!(a.status, StatusCode::OK, "searches={searches}");
        assert_eq!(b.status, second, "searches={searches}");
    }
}

/// One search at a time, requests of half a second at most, over a [`TestSearch`] whose slow
/// searches take a second.
fn counted_searches() -> (axum::Router, Arc<std::sync::atomic::AtomicUsize>) {
    let catalog = TestSearch::taking(Duration::from_secs(1));
    let ran = catalog.ran.clone();
    let app = server::router_with(
        SharedCatalog(Arc::new(catalog)),
        options(),
        server::Routing {
            limits: Limits {
                request_timeout: Duration::from_millis(500),
                searches: 1,
                ..Limits::default()
            },
            ..Default::default()
        },
    );
    (app, ran)
}

#[tokio::test]
async fn a_search_whose_request_gave_up_is_not_run() {
    // The slow search holds the only turn for a second; the two behind it run out of time after
    // half a second, so no one is waiting for their answers when the turn comes: they are
    // skipped, and the next search runs at once.
    let (app, ran) = counted_searches();
    let behind = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        tokio::join!(
            get(&app, "/api/search?q=quick-one"),
            get(&app, "/api/search?q=quick-two")
        )
    };
    let (slow, (one, two)) = tokio::join!(get(&app, "/api/search?q=slow"), behind);
    assert_eq!(
        (slow.status, one.status, two.status),
        (
            StatusCode::REQUEST_TIMEOUT,
            StatusCode::REQUEST_TIMEOUT,
            StatusCode::REQUEST_TIMEOUT
        )
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(get(&app, "/api/search?q=quick-three").await.status, StatusCode::OK);
    assert_eq!(
        ran.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the slow search and the last one only"
    );
}

#[tokio::test]
async fn a_search_that_panics_fails_alone() {
    // With one search thread, a panic that took the thread with it would leave every later
    // search waiting until its time ran out.
    let (app, ran) = counted_searches();
    assert_eq!(
        get(&app, "/api/search?q=panic").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(get(&app, "/api/search?q=quick-flash").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/search?q=quick-power").await.status, StatusCode::OK);
    assert_eq!(ran.load(std::sync::atomic::Ordering::SeqCst), 3);
}
