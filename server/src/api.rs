//! The JSON API for integrations (help desks, chat bots): articles and their trees.

use app::catalog::SharedCatalog;
use app::error::AppError;
use app::hits::{parse_limit, SearchResults};
use app::model::{Article, ArticleSummary};
use app::tree::TreeNode;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// What the API handlers share.
#[derive(Clone)]
struct Api {
    catalog: SharedCatalog,
    /// Writers' problems go to every client, not only local ones.
    show_problems_to_all: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    trusted: std::sync::Arc<[std::net::IpAddr]>,
    /// One search at a time per CPU (`--searches`): more at once only share the CPUs and all
    /// finish late; in turn, most finish sooner (first come, first served, within the request
    /// time limit). The same queue as the search page's.
    searching: app::catalog::SearchQueue,
}

/// `/api/articles`, `/api/articles/{slug}`, `/api/search` and `/api/firmware`. An article's `writer` problems
/// (watch mode) go only to clients on this machine unless `show_problems_to_all`.
pub fn routes(
    catalog: SharedCatalog,
    show_problems_to_all: bool,
    trusted: std::sync::Arc<[std::net::IpAddr]>,
    searching: app::catalog::SearchQueue,
) -> Router {
    Router::new()
        .route("/api/articles", get(list))
        .route("/api/articles/{slug}", get(one))
        .route("/api/search", get(search))
        .route("/api/firmware", get(firmware))
        .with_state(Api {
            catalog,
            show_problems_to_all,
            trusted,
            searching,
        })
}

/// `GET /api/firmware`: the firmware versions log, as the `/firmware` page shows it.
async fn firmware(State(api): State<Api>) -> Json<app::firmware::log::FirmwareLog> {
    Json(api.catalog.0.firmware_log())
}

#[derive(Serialize)]
struct ArticleList {
    /// Listed articles in all.
    total: usize,
    /// This page, from 1.
    page: usize,
    /// Articles per page.
    per_page: usize,
    /// Number of pages.
    pages: usize,
    articles: Vec<ArticleSummary>,
}

#[derive(Deserialize)]
struct ListParams {
    page: Option<String>,
    per_page: Option<String>,
}

/// Most articles one API page may hold.
const MAX_PER_PAGE: usize = 500;

/// `GET /api/articles?page=N&per_page=M`: listed articles by title, [`app::browse::PER_PAGE`] to
/// a page unless asked (at most [`MAX_PER_PAGE`]), with the total count.
async fn list(State(api): State<Api>, Query(p): Query<ListParams>) -> Result<Json<ArticleList>, AppError> {
    let page = app::browse::parse_page(p.page.as_deref())
        .ok_or_else(|| AppError::BadRequest("`page` must be a whole number of at least 1".into()))?;
    let per_page = match p.per_page.as_deref() {
        None | Some("") => app::browse::PER_PAGE,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| AppError::BadRequest(format!("`per_page` must be between 1 and {MAX_PER_PAGE}")))?,
    };
    let all = api.catalog.0.summaries();
    let pages = all.len().div_ceil(per_page).max(1);
    if page > pages {
        return Err(AppError::NotFound(format!("there are {pages} pages")));
    }
    Ok(Json(ArticleList {
        total: all.len(),
        page,
        per_page,
        pages,
        articles: all.iter().skip((page - 1) * per_page).take(per_page).cloned().collect(),
    }))
}

#[derive(Serialize)]
struct ArticleWithTree {
    url: String,
    #[serde(flatten)]
    article: Article,
    tree: Vec<TreeNode>,
}

async fn one(
    State(api): State<Api>,
    Path(slug): Path<String>,
    request: axum::http::request::Parts,
) -> Result<Json<ArticleWithTree>, AppError> {
    let catalog = &api.catalog;
    let article = catalog
        .0
        .article(&slug)
        .ok_or_else(|| AppError::NotFound(format!("no article named `{slug}`")))?;
    let tree = article.nodes();
    let mut article = (*article).clone();
    // Writers' problems (watch mode) name files and errors: for the writer at this machine only.
    if !api.show_problems_to_all && !crate::net::parts_are_local(&request, &api.trusted) {
        article.writer = None;
    }
    Ok(Json(ArticleWithTree {
        url: format!("/articles/{}", article.slug),
        article,
        tree,
    }))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    tag: Option<String>,
    limit: Option<String>,
}

/// `GET /api/search?q=…&limit=…&tag=…`: hits in rank order.
async fn search(State(api): State<Api>, Query(p): Query<SearchParams>) -> Result<Json<SearchResults>, AppError> {
    let catalog = api.catalog;
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Err(AppError::BadRequest("add a query: /api/search?q=words".into()));
    }
    let limit = parse_limit(p.limit.as_deref(), 10)?;
    let results = api
        .searching
        .run(move || catalog.0.search(&q, p.tag.as_deref(), limit))
        .await??;
    Ok(Json(results))
}
