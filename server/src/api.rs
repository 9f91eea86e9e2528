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

/// `/api/articles` and `/api/articles/{slug}`.
pub fn routes(catalog: SharedCatalog) -> Router {
    Router::new()
        .route("/api/articles", get(list))
        .route("/api/articles/{slug}", get(one))
        .route("/api/search", get(search))
        .with_state(catalog)
}

#[derive(Serialize)]
struct ArticleList {
    articles: Vec<ArticleSummary>,
}

async fn list(State(catalog): State<SharedCatalog>) -> Json<ArticleList> {
    Json(ArticleList {
        articles: catalog.0.summaries(),
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
    State(catalog): State<SharedCatalog>,
    Path(slug): Path<String>,
) -> Result<Json<ArticleWithTree>, AppError> {
    let article = catalog
        .0
        .article(&slug)
        .ok_or_else(|| AppError::NotFound(format!("no article named `{slug}`")))?;
    let tree = article.nodes();
    Ok(Json(ArticleWithTree {
        url: format!("/articles/{}", article.slug),
        article: (*article).clone(),
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
async fn search(
    State(catalog): State<SharedCatalog>,
    Query(p): Query<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
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
