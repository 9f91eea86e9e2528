//! One error type across the wire: a caller's mistake is a 4xx with a message, a missing thing a
//! 404, and a failure inside the server a 500 whose detail stays in the log.

use crate::support::{bundled, get, options};
use app::catalog::{Catalog, SharedCatalog};
use app::hits::{SearchError, SearchResults};
use app::model::{Article, ArticleSummary};
use axum::http::StatusCode;
use std::sync::Arc;

#[tokio::test]
async fn bad_search_arguments_are_the_callers_mistake() {
    let app = bundled();
    let long = format!("/rpc/search?q={}", "a".repeat(60 * 1024));
    for uri in [
        "/rpc/search?q=flash&limit=ten",
        "/rpc/search?q=flash&limit=0",
        "/rpc/search?q=flash&limit=51",
        "/rpc/search?q=flash&q=camera",
        "/rpc/search?limit=3",
        long.as_str(),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{}: {}",
            &uri[..uri.len().min(60)],
            r.body
        );
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("a JSON error");
        assert!(v["BadRequest"].as_str().is_some_and(|m| !m.is_empty()), "{}", r.body);
    }
    let r = get(&app, "/rpc/search?q=flash&limit=3").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = get(&app, "/api/search?q=flash&limit=ten").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("limit must be a whole number"), "{}", r.body);
}

#[tokio::test]
async fn a_long_search_on_the_search_page_is_a_400_with_the_reason() {
    let app = bundled();
    let r = get(&app, &format!("/search?q={}", "a".repeat(600))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("the search is too long"), "{}", r.body);
}

#[tokio::test]
async fn the_checklist_node_is_404_in_an_article_without_a_verify_section() {
    let app = bundled();
    let r = get(&app, "/articles/device-not-found-on-network/verify").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/articles/firmware-flash-failed/verify").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = get(&app, "/api/articles/device-not-found-on-network").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let tree = v["tree"].as_array().expect("tree");
    assert!(tree.iter().all(|n| n["kind"] != "verify"), "{tree:?}");
    for n in tree {
        let url = n["url"].as_str().expect("url");
        assert_eq!(
            get(&app, url).await.status,
            StatusCode::OK,
            "every listed node exists: {url}"
        );
    }
}

/// A catalog whose search index is broken.
struct BrokenIndex;

impl Catalog for BrokenIndex {
    fn summaries(&self) -> Arc<[ArticleSummary]> {
        Arc::new([])
    }

    fn article(&self, _slug: &str) -> Option<Arc<Article>> {
        None
    }

    fn search(&self, _query: &str, _tag: Option<&str>, _limit: u32) -> Result<SearchResults, SearchError> {
        Err(SearchError::Engine(Box::new(std::io::Error::other(
            "segment /srv/secret/index.idx is corrupt",
        ))))
    }
}

#[tokio::test]
async fn a_failing_search_index_is_a_500_never_an_empty_result() {
    let app = server::router(SharedCatalog(Arc::new(BrokenIndex)), options());
    for uri in ["/rpc/search?q=flash", "/api/search?q=flash", "/search?q=flash"] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}: {}", r.body);
        assert!(
            !r.body.contains("secret"),
            "{uri}: the detail stays in the log: {}",
            r.body
        );
        assert!(!r.body.contains("No results"), "{uri}: not an empty result");
    }
}

#[tokio::test]
async fn pages_take_their_status_from_the_error() {
    // The broken catalog has no articles: the article page is a 404 from `AppError::NotFound`.
    let app = server::router(SharedCatalog(Arc::new(BrokenIndex)), options());
    let r = get(&app, "/articles/firmware-flash-failed").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"), "{}", r.body);
    let r = get(&app, "/rpc/article?slug=firmware-flash-failed").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
