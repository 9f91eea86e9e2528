//! Matching documents → ranked hits: documents are grouped by article (the best node is where
//! the hit lands; other matching nodes, the checklist and escalation pages and the
//! whole-article document add a little, so broadly relevant articles rise), an exact title wins,
//! and each hit gets its snippet.

use super::index::{NodeInfo, Tables};
use super::snippet::{self, Matcher};
use app::hits::{SearchError, SearchHit};
use app::tree::{labels, node_href, Node, Trail};
use std::collections::HashMap;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher};

/// The searched words' ways of matching ([`Matcher::concepts`]) as sets of stem ids (sorted,
/// each once: a way matches where all its stems are, and a table code is compared as a set),
/// resolved once per query; a way whose stems no node says is dropped.
pub(super) struct Words(Vec<Vec<(Box<[u32]>, f32)>>);

impl Words {
    pub(super) fn resolve(matcher: &Matcher, tables: &Tables) -> Words {
        Words(
            matcher
                .concepts
                .iter()
                .map(|ways| {
                    ways.iter()
                        .filter_map(|(stems, w)| {
                            let mut ids: Vec<u32> = stems.iter().map(|s| tables.stem_id(s)).collect::<Option<_>>()?;
                            ids.sort_unstable();
                            ids.dedup();
                            Some((ids.into_boxed_slice(), *w))
                        })
                        .collect()
                })
                .collect(),
        )
    }

    /// How well `node` says searched word `i`: the weight of its best way of matching there, 0
    /// for none.
    fn weight(&self, i: usize, node: &NodeInfo) -> f32 {
        self.0[i]
            .iter()
            .filter(|(ids, _)| node.says(ids) || node.is_code(ids))
            .map(|(_, w)| *w)
            .fold(0.0, f32::max)
    }

    /// True when some way of matching searched word `i` has all its stems in what `says` checks.
    fn said_by(&self, i: usize, says: impl Fn(&[u32]) -> bool) -> bool {
        self.0[i].iter().any(|(ids, _)| says(ids))
    }

    /// True when a guide's tags or products say searched word `i`.
    fn about(&self, i: usize, about: &[u32]) -> bool {
        self.said_by(i, |ids| super::index::has_all(about, ids))
    }

    /// True when the node's own name (a cause's label, a heading) says searched word `i`.
    fn named(&self, i: usize, node: &NodeInfo) -> bool {
        self.said_by(i, |ids| node.names(ids))
    }

    /// True when the writer's keywords for the node say searched word `i`, or it is a code
    /// the article's tables tie to the node.
    fn keyword(&self, i: usize, node: &NodeInfo) -> bool {
        self.said_by(i, |ids| node.keyword_says(ids) || node.is_code(ids))
    }

    /// The share of the searched words (each by its weight) that `node` says; 0 for one word.
    fn coverage(&self, node: &NodeInfo) -> f32 {
        if self.0.len() < 2 {
            return 0.0;
        }
        let mut said = 0.0;
        let mut all = 0.0;
        for i in 0..self.0.len() {
            let top = self.0[i].iter().map(|(_, w)| *w).fold(0.0, f32::max);
            all += top;
            if self.weight(i, node) > 0.0 {
                said += top;
            }
        }
        if all > 0.0 {
            said / all
        } else {
            0.0
        }
    }
}

/// One article's share of the matching documents.
#[derive(Default)]
struct Group {
    /// The best node's score and id.
    best: Option<(f32, u64)>,
    /// Every matching node (not the whole article), for choosing where the hit lands (best
    /// first once grouped, equal scores in the article's order).
    nodes: Vec<(u64, f32)>,
    /// Scores of its other matching nodes, its checklist and escalation pages among them.
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
        self.nodes.push((id, score));
        match self.best {
            // Equal scores go to the node written first (ids follow the article), whatever
            // order the index holds them in.
            Some((b, best)) if b > score || (b == score && best < id) => self.rest += score,
            Some((b, _)) => {
                self.rest += b;
                self.best = Some((score, id));
            }
            None => self.best = Some((score, id)),
        }
    }

    /// A checklist or escalation page: it adds to its article like the other matching nodes, but
    /// never carries it (its text is the guide's boilerplate, "Check that everything works",
    /// "Contact support", and a hit never opens there).
    fn add_aside(&mut self, score: f32) {
        self.rest += score;
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
    /// Its matching nodes with their scores, best first.
    nodes: Vec<(u64, f32)>,
}

/// How much more a node that says every word searched scores, in proportion to the share of the
/// words (by rarity) it says (the coordination factor BM25 alone lacks: a page with all the words
/// ranks above one repeating a few of them).
const COORDINATION: f32 = 1.0;

/// How much more a section of a plain page (an FAQ's question, a guide's section) scores for a
/// query asked as a question.
const QUESTION: f32 = 2.0;

/// Groups the top documents by article and ranks the articles; a title equal to the query
/// (`query_key`, see `schema::title_key`) comes first.
pub(super) fn rank(
    searcher: &Searcher,
    top: Vec<(f32, DocAddress)>,
    tables: &Tables,
    words: &Words,
    query_key: &str,
    question: bool,
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
        let info = node.1;
        let score = if info.whole_article {
            score
        } else {
            score * (1.0 + COORDINATION * words.coverage(info))
        };
        // A question ("how do I…", "what does…") is answered by a section of a guide or an FAQ.
        let score = if question && info.anchor.is_some() {
            score * QUESTION
        } else {
            score
        };
        let group = groups.entry(info.article).or_default();
        if !info.opens_a_hit() {
            group.add_aside(score);
        } else {
            group.add(score, node.0, info.whole_article);
        }
    }
    let mut ranked: Vec<Ranked> = groups
        .into_iter()
        .map(|(article, mut g)| {
            g.nodes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let exact_title = if tables.articles[&article].title_keys.iter().any(|k| k == query_key) {
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
    // Sorted, equal tags are neighbours: counting runs needs no hashing of a hundred strings.
    let mut all: Vec<&str> = ranked
        .iter()
        .flat_map(|r| tables.articles[&r.article].tags.iter().map(String::as_str))
        .collect();
    all.sort_unstable();
    let mut tags: Vec<(String, u32)> = all
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0].to_string(), u32::try_from(run.len()).unwrap_or(u32::MAX)))
        .collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    tags
}

/// How much the search engine's opinion of a node weighs in where a hit lands, against its own
/// words' (1). Chosen with both relevance suites (bundled content and generated corpus).
const ENGINE_SAY: f32 = 0.4;

/// How much a word a branch says only in its steps (not in its name) counts towards opening it,
/// against one its name says (1): a cause is named by its label.
const STEPS_SAY: f32 = 0.5;

/// Where a hit lands: the node of the article that best answers the query. The symptom's words
/// tell which guide, a cause's words which branch: a node other than the start scores by its
/// own words, the searched words it says and neither the start, the guide's tags and products
/// nor more than two thirds of the other candidates (fixes and last resort, or sections) say,
/// each at the weight of how it matched (typed, corrected or related) and of how rare it is
/// in the whole index, times how few of the article's nodes have it (a word every fix has tells
/// nothing), in full when its name (the cause's label, a section's heading) says it and
/// [`STEPS_SAY`] when only its steps do; measured against the query's strongest word, so one
/// strong word of the cause's own is enough, however long the description of the symptom around
/// it. The search engine's score of each node's document (title and symptom on the start, the
/// cause on a fix), scaled to the best, adds [`ENGINE_SAY`] of itself. So a query
/// that only describes the symptom opens the start, and one that names a cause's own words
/// (`169.254`, `self-signed`, `budget`) opens that fix. Candidates are a tree's start, fixes and
/// last resort (the checklist and the escalation page restate the symptom and only make sense
/// after a fix) and a plain page's start and sections; among equals, the engine's better node
/// wins. A tree none of whose branches says a searched word of its own opens at the start,
/// whatever the engine thinks of its branches' documents. The writer's keywords for a branch
/// (front matter `branch_keywords`) and the codes the guide's tables tie to a cause
/// ([`app::model::Article::table_codes`]) are its own words, in full, even where the start says
/// them too.
fn landing(r: &Ranked, tables: &Tables, words: &Words) -> Option<u64> {
    let info = &tables.articles[&r.article];
    let nodes: Vec<(u64, &NodeInfo)> = info
        .nodes
        .iter()
        .filter_map(|id| Some((*id, tables.nodes.get(id)?.as_ref())))
        .filter(|(_, n)| !n.whole_article && n.opens_a_hit())
        .collect();
    if nodes.is_empty() {
        return r.best;
    }
    let count = nodes.len() as f32;
    let mut scores = vec![0.0f32; nodes.len()];
    let mut strongest = 0.0f32;
    for concept in 0..words.0.len() {
        let weights: Vec<f32> = nodes.iter().map(|(_, n)| words.weight(concept, n)).collect();
        let df = weights.iter().filter(|w| **w > 0.0).count();
        if df == 0 {
            continue;
        }
        let idf = ((count + 1.0) / df as f32).ln();
        strongest = strongest.max(weights.iter().copied().fold(0.0, f32::max) * idf);
        // Only a node's own words count: what the start says too, or what the whole guide is
        // about (its tags and products: `gateway`), tells the guide, not the branch.
        // Nor does what more than two thirds of the other candidates say (`live view`, in the
        // steps of four fixes of five): the guide's vocabulary, not one branch's. The writer's
        // keywords for a branch, and the codes its tables tie to it, are its own whatever else
        // says them.
        let branches = df - usize::from(weights[0] > 0.0);
        let everywhere = branches >= 3 && branches * 3 > (nodes.len() - 1) * 2;
        let own = weights[0] == 0.0 && !words.about(concept, &info.about) && !everywhere;
        for ((score, w), (_, n)) in scores.iter_mut().zip(&weights).zip(&nodes).skip(1) {
            let keyword = words.keyword(concept, n);
            if own || keyword {
                let say = if keyword || words.named(concept, n) {
                    1.0
                } else {
                    STEPS_SAY
                };
                *score += say * w * idf;
            }
        }
    }
    // A tree opens a branch for words of its own; a query with none describes the symptom.
    let tree = !nodes.iter().any(|(_, n)| n.anchor.is_some());
    if tree && scores.iter().skip(1).all(|s| *s == 0.0) {
        return Some(nodes[0].0);
    }
    let engine = |id: u64| r.nodes.iter().find(|n| n.0 == id).map_or(0.0, |n| n.1);
    let top_engine = r.nodes.iter().map(|n| n.1).fold(0.0, f32::max);
    for (i, (id, _)) in nodes.iter().enumerate() {
        let lex = if strongest > 0.0 { scores[i] / strongest } else { 0.0 };
        let eng = if top_engine > 0.0 {
            engine(*id) / top_engine
        } else {
            0.0
        };
        scores[i] = lex + ENGINE_SAY * eng;
    }
    let engine_rank = |id: u64| r.nodes.iter().position(|n| n.0 == id).unwrap_or(usize::MAX);
    // Where the search engine ranked each node (unmatched ones last), for ties.
    let best = (0..nodes.len()).max_by(|&a, &b| {
        scores[a]
            .total_cmp(&scores[b])
            .then_with(|| engine_rank(nodes[b].0).cmp(&engine_rank(nodes[a].0)))
    });
    match best {
        Some(i) => Some(nodes[i].0),
        None => r.best,
    }
}

/// The hit for a ranked article: where it lands, what that node is, and its snippet with the
/// query's words marked.
pub(super) fn hit(
    r: &Ranked,
    tables: &Tables,
    analyzer: &mut TextAnalyzer,
    matcher: &Matcher,
    words: &Words,
) -> SearchHit {
    let info = &tables.articles[&r.article];
    let start = info.nodes.first().and_then(|id| tables.nodes.get(id));
    let (node, anchor, label, text) = match landing(r, tables, words).and_then(|i| tables.nodes.get(&i)) {
        Some(n) => (n.node.clone(), n.anchor.as_deref(), n.label.clone(), n.text.as_str()),
        // Only the whole article matched: land on the start.
        None => (
            Node::Start,
            None,
            start.map_or_else(|| labels::START.to_string(), |n| n.label.clone()),
            start.map_or("", |n| n.text.as_str()),
        ),
    };
    let parts = snippet::snippet(analyzer, matcher, text);
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
