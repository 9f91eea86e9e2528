//! The index itself: tantivy in memory plus the side tables that turn a matching document back
//! into an article and a tree node. Built once and merged for serving; kept open for cheap
//! updates in watch mode.

use super::documents::node_docs;
use super::schema::{title_key, Analyzers, Fields};
use app::model::Article;
use app::tree::Node;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// What a search result needs to know about a node, kept beside the index.
pub(super) struct NodeInfo {
    pub(super) article: u32,
    pub(super) node: Node,
    /// The section of a plain page it opens at.
    pub(super) anchor: Option<String>,
    pub(super) label: String,
    /// The text the snippet is cut from.
    pub(super) text: String,
    pub(super) whole_article: bool,
    /// The distinct stems of what the node says (for the start, with the title), as ids in
    /// [`Tables::stem_ids`], sorted: where a hit lands is decided from these.
    pub(super) stems: Box<[u32]>,
    /// The distinct stems of a branch's or section's own name (a cause's label, a heading, the
    /// writer's keywords for it), sorted; empty for the start.
    pub(super) name_stems: Box<[u32]>,
    /// The distinct stems of the writer's keywords for it (front matter `branch_keywords`),
    /// sorted: they open it even where the start says them too.
    pub(super) keyword_stems: Box<[u32]>,
    /// Each code the article's tables tie to this cause, as its sorted stem ids: a searched
    /// word that is one of them, whole, is this branch's own.
    pub(super) code_stems: Box<[Box<[u32]>]>,
}

/// True when the sorted set of stem ids `set` has every one of `stems`.
pub(super) fn has_all(set: &[u32], stems: &[u32]) -> bool {
    stems.iter().all(|id| set.binary_search(id).is_ok())
}

impl NodeInfo {
    /// True when the node says every one of `stems` (ids from [`Tables::stem_id`]).
    pub(super) fn says(&self, stems: &[u32]) -> bool {
        has_all(&self.stems, stems)
    }

    /// True when the node's own name says every one of `stems`.
    pub(super) fn names(&self, stems: &[u32]) -> bool {
        !self.name_stems.is_empty() && has_all(&self.name_stems, stems)
    }

    /// True when the writer's keywords for the node say every one of `stems`.
    pub(super) fn keyword_says(&self, stems: &[u32]) -> bool {
        !self.keyword_stems.is_empty() && has_all(&self.keyword_stems, stems)
    }

    /// True when a hit may open at this node: the start, a fix, the last resort or a section of
    /// a plain page. Never the checklist or the escalation page: every guide has them in some
    /// words, so they add to their guide ([`super::rank::Group::add_aside`]) but never carry it.
    pub(super) fn opens_a_hit(&self) -> bool {
        self.anchor.is_some() || matches!(self.node, Node::Start | Node::Fix { .. } | Node::LastResort { .. })
    }

    /// True when the set of stem ids `stems` (sorted, each once, as [`super::rank::Words`] holds
    /// them) is one of the codes the article's tables tie to the node, whole (a code may say a
    /// stem twice, `SEC_ERROR_OCSP_SERVER_ERROR`: its set has it once).
    pub(super) fn is_code(&self, stems: &[u32]) -> bool {
        self.code_stems.iter().any(|code| **code == *stems)
    }
}

/// What a search result needs to know about an article.
pub(super) struct ArticleInfo {
    pub(super) slug: String,
    pub(super) title: String,
    /// Its title's and its aliases' keys (`schema::title_key`): typing one exactly opens it first.
    pub(super) title_keys: Vec<String>,
    /// The character trigrams of its title, aliases, keywords and tags (sorted), for the closest
    /// guides when a search finds nothing.
    pub(super) grams: Vec<u64>,
    pub(super) tags: Vec<String>,
    /// The distinct stems of its tags and products (sorted): what the whole guide is about, so
    /// none of them tells one branch from another.
    pub(super) about: Box<[u32]>,
    /// Its node ids; the first is the start node.
    pub(super) nodes: Vec<u64>,
}

/// The side tables that turn a document's `node_id` into a hit. Ids are never reused, so an
/// updated index (watch mode) can drop an article's documents and add new ones beside the rest.
#[derive(Clone, Default)]
pub(super) struct Tables {
    pub(super) nodes: HashMap<u64, Arc<NodeInfo>>,
    pub(super) articles: HashMap<u32, Arc<ArticleInfo>>,
    by_slug: HashMap<String, u32>,
    /// Every stem the nodes say, numbered (ids are never reused).
    stem_ids: HashMap<String, u32>,
    /// Each trigram of a listed guide's names → the guides that have it, for the closest guides
    /// (`closest`): a search that found nothing looks only at guides sharing its trigrams.
    pub(super) gram_guides: HashMap<u64, Vec<u32>>,
    next_node: u64,
    pub(super) next_article: u32,
}

impl Tables {
    /// The id of a stem some node says; none for a stem no node says.
    pub(super) fn stem_id(&self, stem: &str) -> Option<u32> {
        self.stem_ids.get(stem).copied()
    }

    /// The distinct ids of `text`'s stems, sorted, numbering new ones.
    fn stem_set(&mut self, analyzers: &Analyzers, text: &str) -> Box<[u32]> {
        let mut ids: Vec<u32> = analyzers
            .stems(text)
            .into_iter()
            .map(|s| {
                let next = u32::try_from(self.stem_ids.len()).unwrap_or(u32::MAX);
                *self.stem_ids.entry(s).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into()
    }

    /// Adds an article's documents to `writer` and its entries to the tables.
    fn add(
        &mut self,
        writer: &IndexWriter,
        fields: &Fields,
        analyzers: &Analyzers,
        article: &Article,
    ) -> tantivy::Result<()> {
        let article_no = self.next_article;
        self.next_article += 1;
        let mut ids = Vec::new();
        for doc in node_docs(article) {
            let id = self.next_node;
            self.next_node += 1;
            ids.push(id);
            writer.add_document(doc.to_document(fields, article, id))?;
            let text = doc.snippet_text();
            let said = if doc.node == app::tree::Node::Start && doc.anchor.is_none() {
                format!("{} {text}", article.title)
            } else {
                format!("{} {text} {}", doc.label, doc.keywords)
            };
            let stems = if doc.whole {
                Box::default()
            } else {
                self.stem_set(analyzers, &said)
            };
            let name_stems = if doc.whole || (doc.node == app::tree::Node::Start && doc.anchor.is_none()) {
                Box::default()
            } else {
                self.stem_set(analyzers, &format!("{} {}", doc.label, doc.name()))
            };
            let keyword_stems = if doc.keywords.is_empty() {
                Box::default()
            } else {
                self.stem_set(analyzers, &doc.keywords)
            };
            let code_stems = doc.codes.iter().map(|c| self.stem_set(analyzers, c)).collect();
            let info = NodeInfo {
                article: article_no,
                node: doc.node.clone(),
                anchor: doc.anchor.clone(),
                label: doc.label.clone(),
                whole_article: doc.whole,
                stems,
                name_stems,
                keyword_stems,
                code_stems,
                text,
            };
            self.nodes.insert(id, Arc::new(info));
        }
        self.by_slug.insert(article.slug.clone(), article_no);
        let about = self.stem_set(
            analyzers,
            &format!("{} {}", article.tags.join(" "), article.products.join(" ")),
        );
        let grams = super::closest::trigrams(
            &std::iter::once(&article.title)
                .chain(&article.aliases)
                .chain(&article.keywords)
                .chain(&article.tags)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        );
        // Unlisted guides have no documents: they are found by their address only.
        if !ids.is_empty() {
            for g in &grams {
                self.gram_guides.entry(*g).or_default().push(article_no);
            }
        }
        self.articles.insert(
            article_no,
            Arc::new(ArticleInfo {
                slug: article.slug.clone(),
                title: article.title.clone(),
                title_keys: std::iter::once(&article.title)
                    .chain(&article.aliases)
                    .map(|t| title_key(t))
                    .collect(),
                grams,
                about,
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
                for g in &info.grams {
                    if let Some(guides) = self.gram_guides.get_mut(g) {
                        guides.retain(|a| *a != no);
                        if guides.is_empty() {
                            self.gram_guides.remove(g);
                        }
                    }
                }
            }
            writer.delete_term(Term::from_field_text(fields.slug, slug));
        }
    }
}

/// The search index over a set of articles. Cheap to query from many threads at once.
pub struct SearchIndex {
    index: Index,
    pub(super) reader: IndexReader,
    pub(super) analyzers: Analyzers,
    pub(super) fields: Fields,
    pub(super) tables: Tables,
    /// The words people use for the articles' words (built in, plus `synonyms.yml`).
    pub(super) thesaurus: Arc<super::Thesaurus>,
}

/// Keeps an index open for updates (watch mode): there is one writer per index.
pub struct IndexUpdater {
    writer: IndexWriter,
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
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        let analyzers = Analyzers::new();
        analyzers.register(&index);
        // One indexing thread: documents keep the articles' order, so equal scores are cut at the
        // candidate limit the same way on every start (with several, which thread took which
        // document decides). Reading and parsing, the costly part of a load, stay parallel.
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        let mut tables = Tables::default();
        for article in articles {
            tables.add(&writer, &fields, &analyzers, article)?;
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
            analyzers,
            fields,
            tables,
            thesaurus: Arc::new(super::Thesaurus::new(&[])),
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
            tables.add(&updater.writer, &self.fields, &self.analyzers, article)?;
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
            analyzers: self.analyzers.clone(),
            fields: self.fields,
            tables,
            thesaurus: self.thesaurus.clone(),
        })
    }

    /// Uses the built-in thesaurus plus the writers' groups of synonyms.
    pub fn set_synonyms(&mut self, groups: &[Vec<String>]) {
        self.thesaurus = Arc::new(super::Thesaurus::new(groups));
    }

    /// Number of indexed documents (nodes plus whole articles).
    pub fn len(&self) -> usize {
        self.tables.nodes.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.tables.nodes.is_empty()
    }
}
