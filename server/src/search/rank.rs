//! Matching documents → ranked hits: documents are grouped by article (the best node is where
//! the hit lands; other matching nodes and the whole-article document add a little, so broadly
//! relevant articles rise), an exact title wins, and each hit gets its snippet.

use super::index::Tables;
use super::snippet::{self, Matcher};
use app::hits::{SearchError, SearchHit};
use app::tree::{labels, node_href, Node, Trail};
use std::collections::HashMap;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher};

/// One article's share of the matching documents.
#[derive(Default)]
struct Group {
    /// The best node's score and id.
    best: Option<(f32, u64)>,
    /// Every matching node (not the whole article), for choosing where the hit lands.
    nodes: Vec<u64>,
    /// Scores of its other matching nodes.
    rest: f32,
    /// Score of the whole-article document.
    whole: f32,
}

impl Group {
    fn add(&mut self, score: f32, id: u64, whole_article: bool) {
        if whole_article {
            self.whole = self.whole.max(score);
            return;
        }
        self.nodes.push(id);
        match self.best {
            Some((b, _)) if b >= score => self.rest += score,
            Some((b, _)) => {
                self.rest += b;
                self.best = Some((score, id));
            }
            None => self.best = Some((score, id)),
        }
    }

    fn score(&self) -> f32 {
        let best = self.best.map_or(0.0, |b| b.0);
        best + 0.25 * self.rest.min(best * 2.0) + 0.5 * self.whole
    }
}

/// An article in rank order, with the node the hit opens (none when only the whole article matched).
pub(super) struct Ranked {
    pub(super) score: f32,
    pub(super) article: u32,
    best: Option<u64>,
    nodes: Vec<u64>,
}

/// Groups the top documents by article and ranks the articles; a title equal to the query
/// (`query_key`, see `schema::title_key`) comes first.
pub(super) fn rank(
    searcher: &Searcher,
    top: Vec<(f32, DocAddress)>,
    tables: &Tables,
    query_key: &str,
) -> Result<Vec<Ranked>, SearchError> {
    let mut groups: HashMap<u32, Group> = HashMap::new();
    // Each segment's `node_id` column, opened once however many of its documents matched.
    let mut columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
    for (score, addr) in top {
        let ids = match columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("node_id")
                    .map_err(|e| SearchError::Engine(Box::new(e)))?,
            ),
        };
        let Some(node) = ids.first(addr.doc_id).and_then(|id| Some((id, tables.nodes.get(&id)?))) else {
            continue;
        };
        groups
            .entry(node.1.article)
            .or_default()
            .add(score, node.0, node.1.whole_article);
    }
    let mut ranked: Vec<Ranked> = groups
        .into_iter()
        .map(|(article, g)| {
            let exact_title = if tables.articles[&article].title_key == query_key {
                1000.0
            } else {
                0.0
            };
            Ranked {
                score: g.score() + exact_title,
                article,
                best: g.best.map(|b| b.1),
                nodes: g.nodes,
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| {
            tables.articles[&a.article]
                .title
                .cmp(&tables.articles[&b.article].title)
        })
    });
    Ok(ranked)
}

/// Tags among all ranked articles with how many carry each, most common first.
pub(super) fn tag_counts(ranked: &[Ranked], tables: &Tables) -> Vec<(String, u32)> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for r in ranked {
        for t in &tables.articles[&r.article].tags {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut tags: Vec<(String, u32)> = counts.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    tags
}

/// Where a tree's hit lands: the fix of the cause whose own words the query names (words the
/// symptom does not have: `169.254`, `self-signed`, `budget`), the most of them first; else the
/// start when the query only describes the symptom; else the best-scoring node (the last
/// resort, the checklist, a plain page's section).
fn landing(r: &Ranked, tables: &Tables, analyzer: &mut TextAnalyzer, matcher: &Matcher) -> Option<u64> {
    let info = &tables.articles[&r.article];
    let start_id = *info.nodes.first()?;
    let start = tables.nodes.get(&start_id)?;
    if start.anchor.is_some() || !matches!(start.node, Node::Start) {
        return r.best;
    }
    // What the start page says: the title and the symptom.
    let symptom = snippet::matched_stems(analyzer, matcher, &format!("{} {}", info.title, start.text));
    // The query's words each matching fix has, in score order.
    let fixes: Vec<(u64, std::collections::HashSet<String>)> = r
        .nodes
        .iter()
        .filter_map(|&id| {
            let n = tables.nodes.get(&id).filter(|n| matches!(n.node, Node::Fix { .. }))?;
            Some((
                id,
                snippet::matched_stems(analyzer, matcher, &format!("{} {}", n.label, n.text)),
            ))
        })
        .collect();
    // A fix's own words: in it, but neither in the symptom nor in another matching fix.
    let mut named: Option<(usize, u64)> = None;
    for (i, (id, words)) in fixes.iter().enumerate() {
        let own = words
            .iter()
            .filter(|w| !symptom.contains(*w) && !fixes.iter().enumerate().any(|(j, (_, o))| j != i && o.contains(*w)))
            .count();
        // A tie keeps the better-scoring fix.
        if own > 0 && named.is_none_or(|(best, _)| own > best) {
            named = Some((own, *id));
        }
    }
    match (named, r.best.and_then(|b| tables.nodes.get(&b))) {
        (Some((_, id)), _) => Some(id),
        (None, Some(best)) if matches!(best.node, Node::Fix { .. }) && !symptom.is_empty() => Some(start_id),
        _ => r.best,
    }
}

/// The hit for a ranked article: where it lands, what that node is, and its snippet with the
/// query's words marked.
pub(super) fn hit(r: &Ranked, tables: &Tables, analyzer: &mut TextAnalyzer, matcher: &Matcher) -> SearchHit {
    let info = &tables.articles[&r.article];
    let start = info.nodes.first().and_then(|id| tables.nodes.get(id));
    let (node, anchor, label, text) = match landing(r, tables, analyzer, matcher).and_then(|i| tables.nodes.get(&i)) {
        Some(n) => (n.node.clone(), n.anchor.as_deref(), n.label.clone(), n.text.as_str()),
        // Only the whole article matched: land on the start.
        None => (
            Node::Start,
            None,
            start.map_or_else(|| labels::START.to_string(), |n| n.label.clone()),
            start.map_or("", |n| n.text.as_str()),
        ),
    };
    let marks = snippet::matches(analyzer, matcher, text);
    let parts = snippet::build(text, &marks);
    SearchHit {
        slug: info.slug.clone(),
        title: info.title.clone(),
        node: node.id(),
        branch: label,
        url: match anchor {
            Some(a) => format!("{}#{a}", node_href(&info.slug, &node, &Trail::default())),
            None => node_href(&info.slug, &node, &Trail::default()),
        },
        snippet: parts.iter().map(|p| p.text.as_str()).collect(),
        snippet_parts: parts,
        score: r.score,
    }
}
