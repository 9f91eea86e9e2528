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
//! shorthand; "most words must match" is [`at_least`], which walks only the documents the
//! rarest words have); [`thesaurus`] brings in the words people use for the articles' words and
//! [`correct`] the words a misspelt one was meant to be; [`rank`] groups matching documents by
//! article into hits and picks where each lands; [`snippet`] marks the matched words.

mod at_least;
mod closest;
mod correct;
mod documents;
mod english;
mod index;
mod query;
mod rank;
mod schema;
mod snippet;
mod thesaurus;

pub use index::{IndexUpdater, SearchIndex};
pub use query::{parse as parse_query, ParsedQuery, MAX_TERMS};
pub use thesaurus::Thesaurus;

use app::hits::{SearchError, SearchResults};
use tantivy::collector::TopDocs;

/// How many node documents a search looks at before grouping them by article.
const CANDIDATES: usize = 100;

/// A query whose strict form matches fewer documents than this (not a page of results) is
/// searched again needing fewer of its words, step by step (see `Built::relaxations`). Chosen
/// with both relevance suites: 3 left the right guide out of the top 3 for 1 query in 176.
const RELAX_BELOW: usize = 8;

/// `cleaned` with each misspelt word replaced by its correction.
fn corrected(cleaned: &str, corrections: &[(String, String)]) -> String {
    cleaned
        .split(' ')
        .map(|w| {
            let key = query::normalise_word(w);
            corrections
                .iter()
                .find(|(typed, _)| *typed == key)
                .map_or_else(|| w.to_string(), |(_, right)| w.to_lowercase().replace(&key, right))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

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
        let built = query::QueryBuilder::new(self.fields, &self.analyzers, &searcher, &self.thesaurus).build(&parsed);
        let run = |query: Box<dyn tantivy::query::Query>| {
            searcher
                .search(&*query, &TopDocs::with_limit(CANDIDATES).order_by_score())
                .map_err(|e| SearchError::Engine(Box::new(e)))
        };
        let mut top = run(built.query())?;
        // No dead ends: when (almost) no page has most of the words, fewer of them will do, step
        // by step. A query that found enough is never searched twice.
        let strict_found = !top.is_empty();
        for required in built.relaxations() {
            if top.len() >= RELAX_BELOW {
                break;
            }
            let more = run(built.with_minimum(required))?;
            if more.len() > top.len() {
                top = more;
                results.relaxed = !strict_found;
                results.widened = strict_found;
            }
        }
        built
            .rescore(&searcher, &mut top)
            .map_err(|e| SearchError::Engine(Box::new(e)))?;
        if !top.is_empty() && !built.corrections.is_empty() {
            results.corrected = Some(corrected(&parsed.cleaned, &built.corrections));
        }
        let matcher = built.matcher;
        let words = rank::Words::resolve(&matcher, &self.tables);
        let ranked = rank::rank(
            &searcher,
            top,
            &self.tables,
            &words,
            &schema::title_key(&parsed.cleaned),
            parsed.is_question(),
        )?;
        results.tags = rank::tag_counts(&ranked, &self.tables);
        let tag = tag.filter(|t| !t.is_empty());
        let mut analyzer = self.analyzers.stemmer();
        results.hits = ranked
            .iter()
            .filter(|r| tag.is_none_or(|tag| self.tables.articles[&r.article].tags.iter().any(|t| t == tag)))
            .take(limit as usize)
            .map(|r| rank::hit(r, &self.tables, &mut analyzer, &matcher, &words))
            .collect();
        if results.hits.is_empty() {
            results.closest = self.closest(&parsed.cleaned);
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{BooleanQuery, Occur, Query};
    use tantivy::DocAddress;

    /// The bundled guides, indexed in several segments (as watch mode leaves them).
    fn segmented() -> SearchIndex {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content"));
        let site = crate::site::Site::load(dir, crate::content::LoadOptions::default()).unwrap();
        let articles: Vec<app::model::Article> = site.library.articles().map(|a| (**a).clone()).collect();
        let (index, mut updater) = SearchIndex::build_live(&articles).unwrap();
        let (first, rest) = articles.split_at(articles.len() / 2);
        let index = index
            .updated(&mut updater, &[], &first.iter().collect::<Vec<_>>())
            .unwrap();
        let index = index
            .updated(&mut updater, &[], &rest.iter().collect::<Vec<_>>())
            .unwrap();
        assert!(index.reader.searcher().segment_readers().len() >= 2);
        index
    }

    /// Each document's node id, in the order of the index's documents.
    fn layout(index: &SearchIndex) -> Vec<u64> {
        let searcher = index.reader.searcher();
        searcher
            .segment_readers()
            .iter()
            .flat_map(|r| {
                let ids = r.fast_fields().u64("node_id").unwrap();
                (0..r.max_doc()).map(move |d| ids.first(d).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_index_is_laid_out_the_same_every_time() {
        // Equal scores are cut at the candidate limit in the order of the documents: the same
        // articles must give the same order, or results change from one start to the next.
        let dir = tempfile::tempdir().unwrap();
        fixpath_corpus::write(dir.path(), 300, 42).unwrap();
        let site = crate::site::Site::load(dir.path(), crate::content::LoadOptions::default()).unwrap();
        let articles: Vec<&app::model::Article> = site.library.articles().map(AsRef::as_ref).collect();
        let first = layout(&SearchIndex::build(articles.iter().copied()).unwrap());
        assert!(first.len() > 2000, "{}", first.len());
        for _ in 0..3 {
            assert_eq!(layout(&SearchIndex::build(articles.iter().copied()).unwrap()), first);
        }
        // In the order the articles were given.
        assert!(first.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn rescoring_the_candidates_scores_them_as_one_query_would() {
        let index = segmented();
        let searcher = index.reader.searcher();
        let mut boosted = 0;
        for q in [
            "firmware flash failed",
            "power lost during flashing",
            "camera offline after power outage",
            "certificate warning",
            "not enough free space",
            "recording stopped because storage is full",
        ] {
            let parsed = parse_query(q).unwrap();
            let built =
                query::QueryBuilder::new(index.fields, &index.analyzers, &searcher, &index.thesaurus).build(&parsed);
            // Every document the words find, scored with the phrases in the query itself.
            let mut whole: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, built.query())];
            whole.extend(built.boosts().map(|b| (Occur::Should, b.box_clone())));
            let all: std::collections::HashMap<DocAddress, f32> = searcher
                .search(
                    &BooleanQuery::new(whole),
                    &TopDocs::with_limit(100_000).order_by_score(),
                )
                .unwrap()
                .into_iter()
                .map(|(s, a)| (a, s))
                .collect();
            let mut top = searcher
                .search(&*built.query(), &TopDocs::with_limit(CANDIDATES).order_by_score())
                .unwrap();
            let before: std::collections::HashMap<DocAddress, f32> = top.iter().map(|(s, a)| (*a, *s)).collect();
            built.rescore(&searcher, &mut top).unwrap();
            assert!(!top.is_empty(), "{q}");
            assert!(top.windows(2).all(|w| w[0].0 >= w[1].0), "{q}: sorted again");
            for (score, addr) in &top {
                let want = all[addr];
                assert!(
                    (score - want).abs() <= 1e-3 * want.max(1.0),
                    "{q}: {addr:?} {score} ≠ {want}"
                );
                boosted += usize::from(*score > before[addr] + 1e-3);
            }
        }
        assert!(
            boosted > 0,
            "no candidate said the words together: nothing was compared"
        );
    }
}
