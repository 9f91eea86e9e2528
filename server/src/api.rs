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
}

/// `/api/articles`, `/api/articles/{slug}` and `/api/search`. An article's `writer` problems
/// (watch mode) go only to clients on this machine unless `show_problems_to_all`.
pub fn routes(catalog: SharedCatalog, show_problems_to_all: bool) -> Router {
    Router::new()
        .route("/api/articles", get(list))
        .route("/api/articles/{slug}", get(one))
        .route("/api/search", get(search))
        .with_state(Api {
            catalog,
            show_problems_to_all,
        })
}

#[derive(Serialize)]
struct ArticleList {
    articles: Vec<ArticleSummary>,
}

async fn list(State(api): State<Api>) -> Json<ArticleList> {
    Json(ArticleList {
        articles: api.catalog.0.summaries(),
    })
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
    let peer = request
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    if !api.show_problems_to_all && !crate::net::is_local(&request.headers, peer) {
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
    // Searching is CPU work: keep it off the threads that serve other requests.
    let results = tokio::task::spawn_blocking(move || catalog.0.search(&q, p.tag.as_deref(), limit))
        .await
        .map_err(|e| AppError::internal("search task", &e))??;
    Ok(Json(results))
}
