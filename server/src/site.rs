//! The published site: a loaded library and its search index, finished and read-only. It is
//! what the server serves without `--watch`, what the tests and benchmarks build, and what watch
//! mode swaps whole on every change.

use crate::content::{Library, LoadOptions};
use crate::search::SearchIndex;
use anyhow::Context as _;
use app::catalog::Catalog;
use app::hits::{SearchError, SearchResults};
use app::model::{Article, ArticleSummary};
use std::sync::Arc;

/// The published site: the loaded articles and their search index.
pub struct Site {
    /// The articles.
    pub library: Library,
    /// Full-text search over them.
    pub search: SearchIndex,
}

impl Site {
    /// Indexes a loaded library.
    pub fn new(library: Library) -> anyhow::Result<Site> {
        let mut search =
            SearchIndex::build(library.articles().map(AsRef::as_ref)).context("building the search index")?;
        search.set_synonyms(library.synonyms());
        Ok(Site { library, search })
    }

    /// Loads and indexes a content folder.
    pub fn load(dir: &std::path::Path, opts: LoadOptions) -> anyhow::Result<Site> {
        let library = Library::load(dir, opts).context("loading the content folder")?;
        Site::new(library)
    }
}

impl Catalog for Site {
    fn summaries(&self) -> Arc<[ArticleSummary]> {
        self.library.shared_summaries()
    }

    fn article(&self, slug: &str) -> Option<Arc<Article>> {
        self.library.article(slug)
    }

    fn moved(&self, path: &str, query: Option<&str>) -> Option<String> {
        self.library.moved(path, query)
    }

    fn overview(&self) -> app::browse::Overview {
        self.library.overview().clone()
    }

    fn sections(&self) -> app::browse::Sections {
        self.library.sections().clone()
    }

    fn section_page(&self, path: &str, page: usize) -> Option<app::browse::SectionPage> {
        self.library.section_page(path, page)
    }

    fn firmware_log(&self) -> app::firmware::log::FirmwareLog {
        self.library.firmware_log().clone()
    }

    fn search(&self, query: &str, tag: Option<&str>, limit: u32) -> Result<SearchResults, SearchError> {
        self.search.search(query, tag, limit)
    }
}
