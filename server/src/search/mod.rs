//! Full-text search over every node of every article, with tantivy in memory.
//!
//! Each tree node (start, each cause with its fix, last resort, verify, escalation) is one
//! document, and each article as a whole is one more, so a hit lands on the branch that matched.
//! Queries are built by hand rather than parsed: words match exactly (English stems), within one
//! or two typos (words of 4+ and 8+ letters), and as a prefix for the word being typed; quoted
//! phrases must match in order; technical tokens (`ERR_CERT_DATE_INVALID`, `802.3af`) also match
//! whole. Fields are weighted title > symptom > cause > steps.

mod query;
mod snippet;

pub use query::{parse as parse_query, ParsedQuery, MAX_TERMS};

use app::model::Article;
use app::search::{SearchError, SearchHit, SearchResults};
use app::tree::{node_href, Node, Trail};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING};
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// How many node documents a search looks at before grouping them by article.
const CANDIDATES: usize = 100;
const TOKENIZER: &str = "fixpath_en";
const RAW_TOKENIZER: &str = "fixpath_raw";

/// Support shorthand expanded at query time: agents type these, articles spell them out.
const SHORTHAND: &[(&str, &[&str])] = &[
    ("fw", &["firmware"]),
    ("gw", &["gateway"]),
    ("cam", &["camera"]),
    ("cams", &["camera"]),
    ("pwd", &["password"]),
    ("pw", &["password"]),
    ("cert", &["certificate"]),
    ("certs", &["certificate"]),
    ("err", &["error"]),
    ("sw", &["switch"]),
    ("nvr", &["recorder", "novavms"]),
    ("vms", &["novavms"]),
    ("rec", &["recording"]),
    ("cust", &["customer"]),
    ("dl", &["download"]),
    ("pwr", &["power"]),
    ("conn", &["connection"]),
    ("cfg", &["configuration"]),
    ("config", &["configuration"]),
    ("fail", &["failed"]),
    ("wont", &["not"]),
];

/// Words too common to search for on their own.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "it", "its", "of", "on", "in", "to", "for", "at", "by",
    "with", "my", "our", "your", "this", "that", "these", "those", "i", "we", "you", "do", "does", "did", "can",
    "from", "as", "so", "if", "then", "there", "has", "have", "had",
];

/// Typos tolerated in a word of this many letters.
pub fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[derive(Clone, Copy)]
struct Fields {
    node_id: Field,
    /// The article's slug, to delete its documents when it changes.
    slug: Field,
    title: Field,
    symptom: Field,
    branch: Field,
    body: Field,
    tags: Field,
    code: Field,
    /// Unstemmed copies for typo and prefix matching (stems of misspelt words drift too far).
    title_raw: Field,
    text_raw: Field,
}

impl Fields {
    /// The stemmed prose fields with their boosts: title > symptom > cause > tags > steps.
    fn weighted(&self) -> [(Field, f32); 5] {
        [
            (self.title, 4.0),
            (self.symptom, 2.5),
            (self.branch, 2.0),
            (self.tags, 1.5),
            (self.body, 1.0),
        ]
    }
}

/// What a search result needs to know about a node, kept beside the index.
struct NodeInfo {
    article: u32,
    node: Node,
    label: String,
    /// Searchable text shown as the snippet (label first, then the body).
    text: String,
    whole_article: bool,
}

struct ArticleInfo {
    slug: String,
    title: String,
    title_key: String,
    tags: Vec<String>,
    /// Its node ids; the first is the start node.
    nodes: Vec<u64>,
}

/// The side tables that turn a document's `node_id` into a hit. Ids are never reused, so an
/// updated index (watch mode) can drop an article's documents and add new ones beside the rest.
#[derive(Clone, Default)]
struct Tables {
    nodes: HashMap<u64, Arc<NodeInfo>>,
    articles: HashMap<u32, Arc<ArticleInfo>>,
    by_slug: HashMap<String, u32>,
    next_node: u64,
    next_article: u32,
}

impl Tables {
    /// Adds an article's documents to `writer` and its entries to the tables.
    fn add(&mut self, writer: &IndexWriter, fields: &Fields, article: &Article) -> tantivy::Result<()> {
        let article_no = self.next_article;
        self.next_article += 1;
        let mut ids = Vec::new();
        for doc in node_docs(article) {
            let id = self.next_node;
            self.next_node += 1;
            ids.push(id);
            let mut d = TantivyDocument::default();
            d.add_u64(fields.node_id, id);
            d.add_text(fields.slug, &article.slug);
            // The title and tags go on the start node and the whole-article document only:
            // grouping by article carries them to every branch, and the posting lists stay short.
            if doc.node == Node::Start {
                d.add_text(fields.title, &article.title);
                d.add_text(fields.title_raw, &article.title);
                for t in &article.tags {
                    d.add_text(fields.tags, t);
                }
            }
            if !doc.symptom.is_empty() {
                d.add_text(fields.symptom, &doc.symptom);
            }
            d.add_text(fields.branch, &doc.branch);
            d.add_text(fields.body, &doc.body);
            d.add_text(fields.text_raw, &doc.symptom);
            d.add_text(fields.text_raw, &doc.branch);
            d.add_text(fields.text_raw, &doc.body);
            let mut seen = HashSet::new();
            for token in query::technical_tokens(&format!("{} {} {}", doc.symptom, doc.branch, doc.body)) {
                if seen.insert(token.clone()) {
                    d.add_text(fields.code, &token);
                }
            }
            writer.add_document(d)?;
            let text = match (doc.branch.is_empty(), doc.body.is_empty()) {
                (false, false) => format!("{} — {}", doc.branch, doc.body),
                (true, _) => doc.body,
                (false, true) => doc.branch,
            };
            self.nodes.insert(
                id,
                Arc::new(NodeInfo {
                    article: article_no,
                    node: doc.node,
                    label: doc.label,
                    text: if doc.symptom.is_empty() { text } else { doc.symptom },
                    whole_article: doc.whole,
                }),
            );
        }
        self.by_slug.insert(article.slug.clone(), article_no);
        self.articles.insert(
            article_no,
            Arc::new(ArticleInfo {
                slug: article.slug.clone(),
                title: article.title.clone(),
                title_key: title_key(&article.title),
                tags: article.tags.clone(),
                nodes: ids,
            }),
        );
        Ok(())
    }

    /// Drops an article's entries and deletes its documents.
    fn remove(&mut self, writer: &IndexWriter, fields: &Fields, slug: &str) {
        if let Some(no) = self.by_slug.remove(slug) {
            if let Some(info) = self.articles.remove(&no) {
                for id in &info.nodes {
                    self.nodes.remove(id);
                }
            }
            writer.delete_term(Term::from_field_text(fields.slug, slug));
        }
    }
}

/// The search index over a set of articles. Cheap to query from many threads at once.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    analyzer: TextAnalyzer,
    raw_analyzer: TextAnalyzer,
    fields: Fields,
    tables: Tables,
}

/// Keeps an index open for updates (watch mode): there is one writer per index.
pub struct IndexUpdater {
    writer: IndexWriter,
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

fn raw_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .build()
}

fn title_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl SearchIndex {
    /// Indexes every node of every article, merged into one segment for the fastest queries.
    pub fn build<'a>(articles: impl IntoIterator<Item = &'a Article>) -> tantivy::Result<SearchIndex> {
        Ok(Self::build_inner(articles, true)?.0)
    }

    /// Indexes every node of every article and keeps the writer for [`SearchIndex::updated`]
    /// (watch mode; no final merge, the writer's merge policy runs in the background).
    pub fn build_live<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
    ) -> tantivy::Result<(SearchIndex, IndexUpdater)> {
        Self::build_inner(articles, false)
    }

    fn build_inner<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
        merge: bool,
    ) -> tantivy::Result<(SearchIndex, IndexUpdater)> {
        let mut sb = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let raw = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(RAW_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            node_id: sb.add_u64_field("node_id", FAST),
            slug: sb.add_text_field("slug", STRING),
            title: sb.add_text_field("title", text.clone()),
            symptom: sb.add_text_field("symptom", text.clone()),
            branch: sb.add_text_field("branch", text.clone()),
            body: sb.add_text_field("body", text.clone()),
            tags: sb.add_text_field("tags", text),
            code: sb.add_text_field("code", STRING),
            title_raw: sb.add_text_field("title_raw", raw.clone()),
            text_raw: sb.add_text_field("text_raw", raw),
        };
        let index = Index::create_in_ram(sb.build());
        index.tokenizers().register(TOKENIZER, analyzer());
        index.tokenizers().register(RAW_TOKENIZER, raw_analyzer());
        let mut writer: IndexWriter = index.writer(64 * 1024 * 1024)?;
        let mut tables = Tables::default();
        for article in articles {
            tables.add(&writer, &fields, article)?;
        }
        writer.commit()?;
        if merge {
            // One segment answers queries fastest; the index is built once, so merge it fully.
            let segments = index.searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
        }
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let search = SearchIndex {
            index,
            reader,
            analyzer: analyzer(),
            raw_analyzer: raw_analyzer(),
            fields,
            tables,
        };
        Ok((search, IndexUpdater { writer }))
    }

    /// A new version of this index with `removed` articles dropped and `changed` ones (new or
    /// edited) indexed again; this version keeps answering from what it saw. Only the changed
    /// articles are analysed, so a save costs the same whatever the size of the collection.
    pub fn updated(
        &self,
        updater: &mut IndexUpdater,
        removed: &[&str],
        changed: &[&Article],
    ) -> tantivy::Result<SearchIndex> {
        let mut tables = self.tables.clone();
        for slug in removed {
            tables.remove(&updater.writer, &self.fields, slug);
        }
        for article in changed {
            tables.remove(&updater.writer, &self.fields, &article.slug);
            tables.add(&updater.writer, &self.fields, article)?;
        }
        updater.writer.commit()?;
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index: self.index.clone(),
            reader,
            analyzer: analyzer(),
            raw_analyzer: raw_analyzer(),
            fields: self.fields,
            tables,
        })
    }

    /// Number of indexed documents (nodes plus whole articles).
    pub fn len(&self) -> usize {
        self.tables.nodes.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.tables.nodes.is_empty()
    }

    fn analyse(&self, text: &str) -> Vec<String> {
        tokens(&self.analyzer, text)
    }

    fn analyse_raw(&self, text: &str) -> Vec<String> {
        tokens(&self.raw_analyzer, text)
    }

    fn build_query(&self, q: &ParsedQuery, searcher: &tantivy::Searcher) -> (Box<dyn Query>, snippet::Matcher) {
        let f = self.fields;
        let weighted = f.weighted();
        let raw_fields = [(f.title_raw, 4.0f32), (f.text_raw, 1.5)];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stems = HashSet::new();
        let mut fuzzy_words = Vec::new();
        let mut prefix = None;
        // Stop words only add cost and noise, unless they are all there is.
        let content_words: Vec<&String> = q.words.iter().filter(|w| !STOP_WORDS.contains(&w.as_str())).collect();
        let words: Vec<&String> = if content_words.is_empty() {
            q.words.iter().collect()
        } else {
            content_words
        };
        let n_words = words.len();
        for (i, word) in words.into_iter().enumerate() {
            let expanded: Vec<&str> = SHORTHAND
                .iter()
                .find(|(k, _)| *k == word)
                .map(|(_, v)| v.to_vec())
                .unwrap_or_default();
            let tokens = self.analyse(word);
            let raw_tokens = self.analyse_raw(word);
            stems.extend(tokens.iter().cloned());
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if query::is_technical(word) {
                let term = Term::from_field_text(f.code, word);
                alternatives.push((
                    Occur::Should,
                    boost(TermQuery::new(term, IndexRecordOption::Basic), 3.0),
                ));
            }
            match tokens.as_slice() {
                [] => {}
                [token] => {
                    for (field, w) in weighted {
                        let term = Term::from_field_text(field, token);
                        alternatives.push((
                            Occur::Should,
                            boost(TermQuery::new(term, IndexRecordOption::WithFreqs), w),
                        ));
                    }
                }
                many => {
                    for (field, w) in weighted {
                        let terms = many.iter().map(|t| Term::from_field_text(field, t)).collect();
                        alternatives.push((Occur::Should, boost(PhraseQuery::new(terms), w)));
                    }
                }
            }
            if let [raw] = raw_tokens.as_slice() {
                // A word the articles use as written needs no spelling correction.
                let known = searcher.doc_freq(&Term::from_field_text(f.text_raw, raw)).unwrap_or(0) > 0
                    || searcher.doc_freq(&Term::from_field_text(f.title_raw, raw)).unwrap_or(0) > 0;
                let distance = if known { 0 } else { fuzzy_distance(raw) };
                if distance > 0 {
                    fuzzy_words.push(raw.clone());
                    for (field, w) in raw_fields {
                        let term = Term::from_field_text(field, raw);
                        alternatives.push((Occur::Should, boost(FuzzyTermQuery::new(term, distance, true), w * 0.4)));
                    }
                }
            }
            for synonym in expanded {
                for token in self.analyse(synonym) {
                    stems.insert(token.clone());
                    for (field, w) in weighted {
                        let term = Term::from_field_text(field, &token);
                        alternatives.push((
                            Occur::Should,
                            boost(TermQuery::new(term, IndexRecordOption::WithFreqs), w * 0.9),
                        ));
                    }
                }
            }
            let is_last = i + 1 == n_words;
            if is_last && q.last_is_prefix && raw_tokens.len() == 1 && raw_tokens[0].chars().count() >= 2 {
                prefix = Some(raw_tokens[0].clone());
                for (field, w) in raw_fields {
                    let term = Term::from_field_text(field, &raw_tokens[0]);
                    alternatives.push((Occur::Should, boost(FuzzyTermQuery::new_prefix(term, 0, true), w * 0.5)));
                }
            }
            if !alternatives.is_empty() {
                clauses.push((Occur::Should, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        self.finish_query(
            q,
            clauses,
            snippet::Matcher {
                stems,
                fuzzy_words,
                prefix,
            },
        )
    }

    fn finish_query(
        &self,
        q: &ParsedQuery,
        mut clauses: Vec<(Occur, Box<dyn Query>)>,
        mut matcher: snippet::Matcher,
    ) -> (Box<dyn Query>, snippet::Matcher) {
        let f = self.fields;
        let weighted = f.weighted();
        let word_clauses = clauses.len();
        for phrase in &q.phrases {
            let tokens = self.analyse(phrase);
            matcher.stems.extend(tokens.iter().cloned());
            let alternatives: Vec<(Occur, Box<dyn Query>)> = weighted
                .iter()
                .map(|&(field, w)| {
                    let q: Box<dyn Query> = if tokens.len() == 1 {
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &tokens[0]),
                            IndexRecordOption::WithFreqs,
                        ))
                    } else {
                        Box::new(PhraseQuery::new(
                            tokens.iter().map(|t| Term::from_field_text(field, t)).collect(),
                        ))
                    };
                    (Occur::Should, boost_box(q, w * 1.5))
                })
                .collect();
            if !tokens.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        // The whole query as a phrase in the title ranks exact titles first.
        let all: Vec<String> = self.analyse(&q.words.join(" "));
        if all.len() >= 2 {
            let terms = all.iter().map(|t| Term::from_field_text(f.title, t)).collect();
            clauses.push((Occur::Should, boost(PhraseQuery::new(terms), 6.0)));
        }
        // Most words must match (typos, prefixes and shorthand count), so one stray word does not
        // flood the results; with two words either may match and both rank higher.
        let required = match word_clauses {
            0..=2 => word_clauses.min(1),
            3..=4 => word_clauses - 1,
            n => (n * 3).div_ceil(5),
        };
        let query: Box<dyn Query> = if required > 0 && q.phrases.is_empty() {
            Box::new(BooleanQuery::with_minimum_required_clauses(clauses, required))
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        (query, matcher)
    }

    /// Searches, groups hits by article (landing on the best node), filters by tag.
    pub fn search(&self, raw: &str, tag: Option<&str>, limit: u32) -> Result<SearchResults, SearchError> {
        let parsed = parse_query(raw)?;
        let mut results = SearchResults {
            query: parsed.cleaned.clone(),
            ..SearchResults::default()
        };
        if parsed.is_empty() || self.tables.nodes.is_empty() {
            return Ok(results);
        }
        let searcher = self.reader.searcher();
        let (query, matcher) = self.build_query(&parsed, &searcher);
        let top = searcher
            .search(&*query, &TopDocs::with_limit(CANDIDATES).order_by_score())
            .map_err(|e| SearchError::Engine(Box::new(e)))?;
        // Group by article: the best node is where the hit lands; other matching nodes and the
        // whole-article document add a little, so broadly relevant articles rise.
        struct Group {
            best: Option<(f32, u64)>,
            rest: f32,
            whole: f32,
        }
        let mut groups: HashMap<u32, Group> = HashMap::new();
        let query_key = title_key(&parsed.cleaned);
        for (score, addr) in top {
            let segment = searcher.segment_reader(addr.segment_ord);
            let ids = segment
                .fast_fields()
                .u64("node_id")
                .map_err(|e| SearchError::Engine(Box::new(e)))?;
            let Some(id) = ids.first(addr.doc_id) else {
                continue;
            };
            let Some(node) = self.tables.nodes.get(&id) else {
                continue;
            };
            let g = groups.entry(node.article).or_insert(Group {
                best: None,
                rest: 0.0,
                whole: 0.0,
            });
            if node.whole_article {
                g.whole = g.whole.max(score);
            } else {
                match g.best {
                    Some((b, _)) if b >= score => g.rest += score,
                    Some((b, _)) => {
                        g.rest += b;
                        g.best = Some((score, id));
                    }
                    None => g.best = Some((score, id)),
                }
            }
        }
        let mut ranked: Vec<(f32, u32, Option<u64>)> = groups
            .into_iter()
            .map(|(article, g)| {
                let exact_title = if self.tables.articles[&article].title_key == query_key {
                    1000.0
                } else {
                    0.0
                };
                let best = g.best.map_or(0.0, |b| b.0);
                (
                    best + 0.25 * g.rest.min(best * 2.0) + 0.5 * g.whole + exact_title,
                    article,
                    g.best.map(|b| b.1),
                )
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.tables.articles[&a.1].title.cmp(&self.tables.articles[&b.1].title))
        });

        let mut tag_counts: HashMap<&str, u32> = HashMap::new();
        for (_, article, _) in &ranked {
            for t in &self.tables.articles[article].tags {
                *tag_counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut tags: Vec<(String, u32)> = tag_counts.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        results.tags = tags;

        let mut analyzer = self.analyzer.clone();
        for (score, article, best) in ranked {
            if results.hits.len() >= limit as usize {
                break;
            }
            let info = &self.tables.articles[&article];
            if let Some(tag) = tag.filter(|t| !t.is_empty()) {
                if !info.tags.iter().any(|t| t == tag) {
                    continue;
                }
            }
            let (node, label, text) = match best.and_then(|i| self.tables.nodes.get(&i)) {
                Some(n) => (n.node.clone(), n.label.clone(), n.text.as_str()),
                None => {
                    // Only the whole article matched: land on the start.
                    let start = info.nodes.first().and_then(|id| self.tables.nodes.get(id));
                    (
                        Node::Start,
                        app::tree::labels::START.to_string(),
                        start.map_or("", |n| n.text.as_str()),
                    )
                }
            };
            let hits = snippet::matches(&mut analyzer, &matcher, text);
            let parts = snippet::build(text, &hits);
            results.hits.push(SearchHit {
                slug: info.slug.clone(),
                title: info.title.clone(),
                node: node.id(),
                branch: label,
                url: node_href(&info.slug, &node, &Trail::default()),
                snippet: parts.iter().map(|p| p.text.as_str()).collect(),
                snippet_parts: parts,
                score,
            });
        }
        Ok(results)
    }
}

fn tokens(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn boost(q: impl Query + 'static, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(q), by))
}

fn boost_box(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

/// One document to index.
struct NodeDoc {
    node: Node,
    label: String,
    symptom: String,
    branch: String,
    body: String,
    whole: bool,
}

fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn procedure_text(p: &app::model::Procedure) -> String {
    join(
        std::iter::once(p.intro.text.as_str())
            .chain(p.steps.iter().map(|s| s.text.as_str()))
            .chain([p.outro.text.as_str()]),
    )
}

/// One document per place a hit can open: the start, the first step of each fix and of the last
/// resort, the checklist and the escalation page (when the article writes them), plus the whole
/// article. Which nodes exist and what they are called comes from the tree ([`Article::nodes`]).
fn node_docs(a: &Article) -> Vec<NodeDoc> {
    let proc_doc = |p: &app::model::Procedure| (String::new(), p.title.clone(), procedure_text(p));
    let mut docs: Vec<NodeDoc> = a
        .nodes()
        .into_iter()
        .filter_map(|n| {
            let node = n.node?;
            let (symptom, branch, body) = match &node {
                Node::Start => (
                    join([a.intro.text.as_str(), a.symptom.text.as_str()]),
                    String::new(),
                    join(a.extra.iter().map(|s| s.body.text.as_str())),
                ),
                Node::Fix { cause, step: 1 } => {
                    let c = a.cause(cause)?;
                    (
                        String::new(),
                        c.label.text.clone(),
                        join([c.fix.title.as_str(), procedure_text(&c.fix).as_str()]),
                    )
                }
                Node::LastResort { step: 1 } => proc_doc(a.last_resort.as_ref()?),
                Node::Verify => proc_doc(a.verify.as_ref()?),
                Node::Escalate => proc_doc(a.escalate.as_ref()?),
                _ => return None,
            };
            Some(NodeDoc {
                node,
                label: n.label,
                symptom,
                branch,
                body,
                whole: false,
            })
        })
        .collect();
    let everything = join(
        docs.iter()
            .flat_map(|d| [d.symptom.as_str(), d.branch.as_str(), d.body.as_str()]),
    );
    docs.push(NodeDoc {
        node: Node::Start,
        label: app::tree::labels::START.into(),
        symptom: String::new(),
        branch: String::new(),
        body: everything,
        whole: true,
    });
    docs
}
