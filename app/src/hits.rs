//! Search hits as the pages and the JSON API see them, the limits on a query, and why a search
//! can fail. The index lives on the server (`server::search`); the server function that asks it
//! is `catalog::search`.

use crate::error::AppError;
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
    /// The query with its misspelt words corrected, when some word is in no article and the
    /// results are for the corrected one ("Showing results for …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// No article has (most of) the words: these results have only some of them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relaxed: bool,
    /// Few articles have most of the words: those come first, then ones with fewer of them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub widened: bool,
    /// When nothing matched: the guides whose names are closest to the query by letters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closest: Vec<GuideLink>,
}

/// A guide to offer by name: its title and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideLink {
    /// The guide's title.
    pub title: String,
    /// Site-relative URL of its start.
    pub url: String,
}

/// Why a search gave no results.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Longer than [`MAX_QUERY_BYTES`]: the caller's mistake.
    #[error("the search is too long: use at most {MAX_QUERY_BYTES} characters")]
    TooLong,
    /// The index failed: never shown as an empty result.
    #[error("the search index failed")]
    Engine(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<SearchError> for AppError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::TooLong => AppError::BadRequest(e.to_string()),
            SearchError::Engine(_) => AppError::internal("search", &e),
        }
    }
}

/// A `limit` argument: absent or empty means `default`; otherwise a whole number from 1 to
/// [`MAX_LIMIT`].
pub fn parse_limit(raw: Option<&str>, default: u32) -> Result<u32, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(l) => match l.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(AppError::BadRequest(format!(
                "limit must be a whole number from 1 to {MAX_LIMIT}"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_whole_numbers_in_range() {
        assert_eq!(parse_limit(None, 20), Ok(20));
        assert_eq!(parse_limit(Some(""), 10), Ok(10));
        assert_eq!(parse_limit(Some("50"), 10), Ok(50));
        for bad in ["0", "51", "-1", "ten", "1.5", "99999999999"] {
            assert_eq!(parse_limit(Some(bad), 10).map_err(|e| e.status()), Err(400), "{bad}");
        }
    }
}
