//! Shared helpers: build the router over a content folder and send it requests.

use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use server::{LoadOptions, Site};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub(crate) fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

pub(crate) fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

pub(crate) fn options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("fixpath")
        .site_root(repo_path("target/site").to_string_lossy().to_string())
        .build()
}

pub(crate) fn router_for(dir: &Path) -> (Router, Arc<Site>) {
    let site = Arc::new(Site::load(dir, LoadOptions::default()).expect("content folder loads"));
    (server::router(SharedCatalog(site.clone()), options()), site)
}

/// The router serving `live` in watch mode, with the default limits; writers' problems go to
/// every client when `problems_to_all`, else to this machine only.
pub(crate) fn watched_router(live: &Arc<server::watch::WatchedSite>, problems_to_all: bool) -> Router {
    server::router_with(
        SharedCatalog(live.clone()),
        options(),
        server::Routing {
            watched: Some(live.clone()),
            show_problems_to_all: problems_to_all,
            ..Default::default()
        },
    )
}

pub(crate) fn bundled() -> Router {
    router_for(&repo_path("content")).0
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub(crate) async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

/// Sends a request and reads the whole reply; a reply that takes more than 30 seconds fails the
/// test instead of hanging the run.
pub(crate) async fn send(app: &Router, req: Request<Body>) -> Reply {
    let what = format!("{} {}", req.method(), req.uri());
    let reply = async {
        let res = app.clone().oneshot(req).await.expect("router never fails");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes)
    };
    let (status, headers, bytes) = tokio::time::timeout(std::time::Duration::from_secs(30), reply)
        .await
        .unwrap_or_else(|_| panic!("{what}: no complete reply within 30 s"));
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The `fixpath` binary serving the bundled content on a free loopback port.
pub(crate) struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// The server's `--data` folder (its SQLite database).
    pub data: tempfile::TempDir,
}

impl Server {
    pub(crate) fn start(extra: &[&str]) -> Server {
        let data = tempfile::tempdir().expect("a data folder");
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let child = Command::new(env!("CARGO_BIN_EXE_fixpath"))
            .current_dir(repo_path(""))
            .args(["--addr", &addr.to_string(), "--content", "content"])
            .arg("--data")
            .arg(data.path())
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("fixpath starts");
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, addr, data }
    }

    pub(crate) fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(6))).unwrap();
        s
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
