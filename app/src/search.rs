//! Search results as the pages and the JSON API see them, and the server function behind the
//! search box. The index itself lives on the server (`server::search`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Longest query accepted, in bytes; longer ones get a clear error instead of a slow search.
pub const MAX_QUERY_BYTES: usize = 500;

/// Most results one request may ask for.
pub const MAX_LIMIT: u32 = 50;

/// A piece of a snippet: plain text, marked when it matched the query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// True when this part matched a query word.
    pub hit: bool,
}

/// One result: an article, the branch of its tree that matched best, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Article slug.
    pub slug: String,
    /// Article title.
    pub title: String,
    /// The tree node the hit opens (`start`, `fix/checksum/1`, …).
    pub node: String,
    /// What that node is, for people ("Fix: If the checksum is wrong").
    pub branch: String,
    /// Site-relative URL of that node.
    pub url: String,
    /// The snippet as plain text.
    pub snippet: String,
    /// The same snippet split into marked and unmarked parts.
    pub snippet_parts: Vec<SnippetPart>,
    /// Relevance; higher is better. Only the order is meaningful.
    pub score: f32,
}

/// Results of one search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as understood (trimmed, control characters removed).
    pub query: String,
    /// Hits in rank order.
    pub hits: Vec<SearchHit>,
    /// Tags present among all matches, with counts, for filtering.
    pub tags: Vec<(String, u32)>,
}

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Longer than [`MAX_QUERY_BYTES`].
    #[error("the search is too long: use at most {MAX_QUERY_BYTES} characters")]
    TooLong,
}

/// Searches the articles (the header box and the search page call this).
#[server(prefix = "/rpc", endpoint = "search", input = GetUrl)]
pub async fn search(q: String, tag: Option<String>, limit: Option<u32>) -> Result<SearchResults, ServerFnError> {
    use crate::catalog::SharedCatalog;
    let catalog = use_context::<SharedCatalog>().ok_or_else(|| ServerFnError::new("no catalog"))?;
    let limit = limit.unwrap_or(20).clamp(1, MAX_LIMIT);
    catalog
        .0
        .search(&q, tag.as_deref(), limit)
        .map_err(|e| ServerFnError::new(e.to_string()))
}
