//! Full-text search over every node of every article, with tantivy in memory.
//!
//! The path of a search, one module per stage:
//! [`documents`] turns each article's tree nodes (start, each cause with its fix, last resort,
//! checklist, escalation) into one document each, plus one for the whole article, so a hit lands
//! on the branch that matched; [`schema`] says which fields they have and how much each weighs
//! (title > symptom > cause > steps); [`index`] holds them with the side tables that map a
//! document back to its node; [`query`] turns what a person typed into the tantivy query (words
//! by English stem, within one or two typos for words of 4+ and 8+ letters, as a prefix while
//! typing, quoted phrases in order, technical tokens like `ERR_CERT_DATE_INVALID` whole, support
//! shorthand); [`rank`] groups matching documents by article into hits; [`snippet`] marks the
//! matched words.

mod documents;
mod index;
mod query;
mod rank;
mod schema;
mod snippet;

pub use index::{IndexUpdater, SearchIndex};
pub use query::{parse as parse_query, ParsedQuery, MAX_TERMS};

use app::hits::{SearchError, SearchResults};
use tantivy::collector::TopDocs;

/// How many node documents a search looks at before grouping them by article.
const CANDIDATES: usize = 100;

impl SearchIndex {
    /// Searches, groups hits by article (landing on the best node), filters by tag. A failure
    /// of the index is an error, never an empty result.
    pub fn search(&self, raw: &str, tag: Option<&str>, limit: u32) -> Result<SearchResults, SearchError> {
        let parsed = parse_query(raw)?;
        let mut results = SearchResults {
            query: parsed.cleaned.clone(),
            ..SearchResults::default()
        };
        if parsed.is_empty() || self.is_empty() {
            return Ok(results);
        }
        let searcher = self.reader.searcher();
        let (query, matcher) = query::QueryBuilder::new(self.fields, &self.analyzers, &searcher).build(&parsed);
        let top = searcher
            .search(&*query, &TopDocs::with_limit(CANDIDATES).order_by_score())
            .map_err(|e| SearchError::Engine(Box::new(e)))?;
        let ranked = rank::rank(&searcher, top, &self.tables, &schema::title_key(&parsed.cleaned))?;
        results.tags = rank::tag_counts(&ranked, &self.tables);
        let tag = tag.filter(|t| !t.is_empty());
        let mut analyzer = self.analyzers.stemmer();
        results.hits = ranked
            .iter()
            .filter(|r| tag.is_none_or(|tag| self.tables.articles[&r.article].tags.iter().any(|t| t == tag)))
            .take(limit as usize)
            .map(|r| rank::hit(r, &self.tables, &mut analyzer, &matcher))
            .collect();
        Ok(results)
    }
}
