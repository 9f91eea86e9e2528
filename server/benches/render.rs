//! Server-side render time of article pages, through the full router (no socket).
//!
//! `cargo bench -p server --bench render` prints the median and p99 over many requests for a
//! few representative pages of the bundled content.

use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use server::{LoadOptions, Site};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const ROUNDS: usize = 2000;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let started = Instant::now();
    let site = Site::load(&root.join("content"), LoadOptions::default()).expect("content loads");
    println!("loaded {} articles in {:.2?}", site.library.len(), started.elapsed());
    let options = LeptosOptions::builder()
        .output_name("fixpath")
        .site_root("target/site")
        .build();
    let app = server::router(SharedCatalog(Arc::new(site)), options);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("{:<58} {:>10} {:>10} {:>10}", "page", "median", "p99", "bytes");
    for uri in [
        "/",
        "/articles/firmware-flash-failed",
        "/articles/firmware-flash-failed/fix/power/2?tried=space",
        "/articles/firmware-flash-failed/escalate?tried=space,power&lr=1",
        "/articles/firmware-flash-failed/full",
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
        let mut bytes = 0;
        rt.block_on(async {
            for i in 0..ROUNDS + 50 {
                let req = Request::get(uri).body(Body::empty()).expect("request");
                let t = Instant::now();
                let res = app.clone().oneshot(req).await.expect("response");
                let body = res.into_body().collect().await.expect("body").to_bytes();
                let dt = t.elapsed();
                bytes = body.len();
                if i >= 50 {
                    times.push(dt);
                }
            }
        });
        times.sort();
        let median = times[times.len() / 2];
        let p99 = times[times.len() * 99 / 100];
        println!("{uri:<58} {median:>10.1?} {p99:>10.1?} {bytes:>10}");
    }
}
