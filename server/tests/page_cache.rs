//! The rendered-page cache (`server::page_cache`): tags and `304`, compressed bodies that say
//! what the page says, one page per address and trail, bounds, and invalidation when the
//! watched content changes.

use crate::support::{bundled, get, options, repo_path, send, watched_router, Reply};
use app::catalog::SharedCatalog;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::watch::WatchedSite;
use server::LoadOptions;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const SEED: &str = "/articles/firmware-flash-failed";

async fn get_with(app: &Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

fn etag(r: &Reply) -> String {
    r.headers
        .get(header::ETAG)
        .unwrap_or_else(|| panic!("no ETag: {:?}", r.headers))
        .to_str()
        .unwrap()
        .to_string()
}

/// A router over the bundled content with `limits`.
fn with_limits(limits: server::net::Limits) -> Router {
    let site = Arc::new(server::Site::load(&repo_path("content"), LoadOptions::default()).unwrap());
    server::router_with(
        SharedCatalog(site),
        options(),
        server::Routing {
            limits,
            ..Default::default()
        },
    )
}

#[tokio::test]
async fn a_page_is_tagged_and_a_client_that_has_it_gets_304_with_the_page_s_policy() {
    let app = bundled();
    let first = get(&app, SEED).await;
    assert_eq!(first.status, StatusCode::OK);
    let tag = etag(&first);
    assert!(tag.starts_with("W/\"") && tag.ends_with('"') && tag.len() > 10, "{tag}");
    let strong = tag.trim_start_matches("W/").to_string();
    let again = get(&app, SEED).await;
    assert_eq!(again.body, first.body, "the same page, from the cache");
    assert_eq!(etag(&again), tag);

    for sent in [
        tag.clone(),
        strong.clone(),
        format!("\"other\", {strong}"),
        "*".to_string(),
    ] {
        let r = get_with(&app, SEED, &[(header::IF_NONE_MATCH, &sent)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{sent}");
        assert!(r.body.is_empty());
        assert_eq!(etag(&r), tag);
        // The browser updates the stored page's headers from a 304: it keeps the page's policy
        // and the page's cache rule.
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'sha256-"), "{csp}");
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-cache");
    }
    // Another page's tag, or a stale one, gets the page.
    let other = get(&app, "/articles/firmware-flash-failed/fix/power/1").await;
    assert_ne!(etag(&other), tag);
    let r = get_with(&app, SEED, &[(header::IF_NONE_MATCH, &etag(&other))]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, first.body);
}

#[tokio::test]
async fn kept_pages_are_sent_compressed_as_accepted_and_say_the_same() {
    let app = bundled();
    let plain = get(&app, "/search?q=checksum").await;
    assert!(plain.body.contains("checksum"), "{}", plain.body);
    let read = |app: Router, coding: &'static str| async move {
        let req = Request::get("/search?q=checksum")
            .header(header::ACCEPT_ENCODING, coding)
            .body(Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        let encoding = res
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_string());
        let vary = res.headers().get(header::VARY).map(|v| v.to_str().unwrap().to_string());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (encoding, vary, bytes)
    };
    let (enc, vary, br) = read(app.clone(), "gzip, deflate, br").await;
    assert_eq!(enc.as_deref(), Some("br"));
    assert!(vary.is_some_and(|v| v.to_lowercase().contains("accept-encoding")));
    let mut text = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut text).unwrap();
    assert_eq!(String::from_utf8(text).unwrap(), plain.body);
    let (enc, _, gz) = read(app.clone(), "gzip").await;
    assert_eq!(enc.as_deref(), Some("gzip"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text).unwrap();
    assert_eq!(text, plain.body);
    // A HEAD of a kept page: its headers, no body.
    let head = send(
        &app,
        Request::builder()
            .method(Method::HEAD)
            .uri("/search?q=checksum")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(etag(&head), etag(&plain));
}

#[tokio::test]
async fn two_trails_never_get_each_other_s_page_and_parameter_order_does_not_matter() {
    let app = bundled();
    let a_url = format!("{SEED}?tried=power");
    let b_url = format!("{SEED}?tried=power,checksum");
    let a = get(&app, &a_url).await;
    let b = get(&app, &b_url).await;
    assert_ne!(a.body, b.body);
    assert_ne!(etag(&a), etag(&b));
    // Asked again, in the other order, each gets its own page back.
    for _ in 0..2 {
        assert_eq!(get(&app, &b_url).await.body, b.body);
        assert_eq!(get(&app, &a_url).await.body, a.body);
    }
    // The tag of one trail's page is not the other's.
    let r = get_with(&app, &b_url, &[(header::IF_NONE_MATCH, &etag(&a))]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, b.body);
    // The same parameters in another order are the same page (and a fresh router renders it
    // the same: what the cache keeps is what the page is).
    let escalate = "/articles/firmware-flash-failed/escalate?tried=space&fixed=power";
    let swapped = "/articles/firmware-flash-failed/escalate?fixed=power&tried=space";
    let one = get(&app, escalate).await;
    let two = get(&app, swapped).await;
    assert_eq!(one.body, two.body);
    assert_eq!(get(&bundled(), swapped).await.body, one.body);
    // Searches are keyed by their query too.
    let cam = get(&app, "/api/search?q=camera").await;
    let fw = get(&app, "/api/search?q=firmware").await;
    assert_ne!(cam.body, fw.body);
    assert_eq!(get(&app, "/api/search?q=camera").await.body, cam.body);
}

#[tokio::test]
async fn errors_are_not_kept_and_the_bounds_hold() {
    let app = bundled();
    let missing = get(&app, "/articles/no-such-guide").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!missing.headers.contains_key(header::ETAG), "a 404 is not kept");
    // Off: pages are rendered each time, untagged.
    let off = with_limits(server::net::Limits {
        page_cache: 0,
        ..Default::default()
    });
    let r = get(&off, SEED).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.headers.contains_key(header::ETAG));
    // Pages larger than an entry may be are sent whole, not kept.
    let small = with_limits(server::net::Limits {
        page_cache_entry: 1000,
        ..Default::default()
    });
    let big = get(&small, SEED).await;
    assert_eq!(big.status, StatusCode::OK);
    assert!(big.body.len() > 1000 && big.body.ends_with("</script>"), "sent whole");
    assert_eq!(big.body, get(&bundled(), SEED).await.body);
    assert!(!big.headers.contains_key(header::ETAG));
    // Addresses too long to key are rendered, not kept.
    let long = format!("{SEED}?x={}", "a".repeat(server::page_cache::MAX_KEY));
    let r = get(&app, &long).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.headers.contains_key(header::ETAG));
}

#[tokio::test]
async fn the_budget_bounds_the_memory_used() {
    let site = Arc::new(server::Site::load(&repo_path("content"), LoadOptions::default()).unwrap());
    let cache = Arc::new(server::page_cache::PageCache::new(
        200_000,
        1 << 20,
        Arc::from(vec![]),
        SharedCatalog(site),
    ));
    // Pages of 20 KB that compress poorly (each one different), through the middleware.
    let app = Router::new()
        .route(
            "/p",
            axum::routing::get(|q: axum::extract::RawQuery| async move {
                let seed = q.0.unwrap_or_default();
                let mut x: u64 = seed.bytes().fold(1469598103934665603, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(1099511628211)
                });
                let noise: String = (0..20_000)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        char::from(b'a' + (x % 26) as u8)
                    })
                    .collect();
                axum::response::Html(noise)
            }),
        )
        .layer(axum::middleware::from_fn({
            let cache = cache.clone();
            move |req, next| server::page_cache::serve(cache.clone(), req, next)
        }));
    let first = get(&app, "/p?n=0").await;
    assert_eq!(first.body.len(), 20_000);
    for i in 0..40 {
        let r = get(&app, &format!("/p?n={i}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers.contains_key(header::ETAG));
    }
    let (pages, bytes) = cache.usage();
    assert!(bytes <= 200_000, "{bytes} bytes in {pages} pages");
    assert!((2..40).contains(&pages), "{pages} pages kept of 40");
    // Evicted or not, every answer is the page itself.
    assert_eq!(get(&app, "/p?n=0").await.body, first.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_to_the_watched_content_replaces_the_kept_pages() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("firmware-flash-failed.md");
    std::fs::copy(repo_path("content/firmware-flash-failed.md"), &guide).unwrap();
    let live = Arc::new(WatchedSite::load(dir.path(), LoadOptions::default()).unwrap());
    let _watch = live.watch().unwrap();
    let app = watched_router(&live, false);
    let before = get(&app, SEED).await;
    assert!(before.body.contains("Firmware flash failed"));
    let old_tag = etag(&before);
    assert_eq!(etag(&get(&app, SEED).await), old_tag, "kept");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replace("title: Firmware flash failed", "title: Firmware flash went wrong"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = get(&app, SEED).await;
        if now.body.contains("Firmware flash went wrong") {
            assert_ne!(etag(&now), old_tag);
            // A client holding the old page is sent the new one.
            let r = get_with(&app, SEED, &[(header::IF_NONE_MATCH, &old_tag)]).await;
            assert_eq!(r.status, StatusCode::OK);
            assert!(r.body.contains("Firmware flash went wrong"));
            break;
        }
        assert!(Instant::now() < deadline, "the edit never showed: {}", now.body);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
