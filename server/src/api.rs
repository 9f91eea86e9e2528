//! The JSON API for integrations (help desks, chat bots): articles and their trees.

use crate::AppError;
use app::catalog::SharedCatalog;
use app::model::{Article, ArticleSummary};
use app::search::{SearchResults, MAX_LIMIT};
use app::tree::{node_href, Node, Trail};
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

/// One node of the tree as an integration sees it: what it is and where it lives.
#[derive(Serialize)]
struct TreeNode {
    /// `start`, `fix/{cause}/{n}`, `last-resort/{n}`, `verify`, `escalate`.
    id: String,
    kind: &'static str,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ArticleWithTree {
    url: String,
    #[serde(flatten)]
    article: Article,
    tree: Vec<TreeNode>,
}

fn tree_nodes(a: &Article) -> Vec<TreeNode> {
    let node = |n: Node, kind, title: String| {
        let id = match n.path() {
            p if p.is_empty() => "start".to_string(),
            p => p,
        };
        TreeNode {
            url: node_href(&a.slug, &n, &Trail::default()),
            id,
            kind,
            title,
        }
    };
    let mut out = vec![node(Node::Start, "start", a.title.clone())];
    for c in &a.causes {
        for step in 1..=c.fix.step_count() {
            out.push(node(
                Node::Fix {
                    cause: c.id.clone(),
                    step,
                },
                "fix-step",
                c.label.text.clone(),
            ));
        }
    }
    if let Some(lr) = &a.last_resort {
        for step in 1..=lr.step_count() {
            out.push(node(Node::LastResort { step }, "last-resort-step", lr.title.clone()));
        }
    }
    if a.verify.is_some() {
        out.push(node(Node::Verify, "verify", "Check that everything works".into()));
    }
    out.push(node(Node::Escalate, "escalate", "Contact support".into()));
    out
}

async fn one(
    State(catalog): State<SharedCatalog>,
    Path(slug): Path<String>,
) -> Result<Json<ArticleWithTree>, AppError> {
    let article = catalog
        .0
        .article(&slug)
        .ok_or_else(|| AppError::NotFound(format!("no article named `{slug}`")))?;
    let tree = tree_nodes(&article);
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
    let limit = match p.limit.as_deref() {
        None | Some("") => 10,
        Some(l) => match l.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(AppError::BadRequest(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}"
                )))
            }
        },
    };
    // Searching is CPU work: keep it off the threads that serve other requests.
    let results = tokio::task::spawn_blocking(move || catalog.0.search(&q, p.tag.as_deref(), limit))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(Json(results))
}
