//! The one seam between the pages and the server's loaded articles: the server puts a
//! [`SharedCatalog`] in context and these server functions read it.

use crate::diagnostic::Diagnostic;
use crate::error::AppError;
use crate::model::{Article, FirmwareImage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Where the server's articles come from (the loaded content folder, or a test double).
#[cfg(feature = "ssr")]
pub trait Catalog: Send + Sync + 'static {
    /// Every listed article, sorted by title; shared, so a caller that needs a page of them
    /// copies only that page.
    fn summaries(&self) -> std::sync::Arc<[crate::model::ArticleSummary]>;
    /// One article by slug.
    fn article(&self, slug: &str) -> Option<std::sync::Arc<Article>>;
    /// A number that changes whenever what the catalog serves may have changed (a reload of a
    /// watched folder); a catalog that never changes keeps 0. Caches of rendered pages key on it.
    fn generation(&self) -> u64 {
        0
    }
    /// Where a request for an old address of an article (`path`, with `query`) goes now, for a
    /// request nothing else answers; `None` when it is no old address.
    fn moved(&self, _path: &str, _query: Option<&str>) -> Option<String> {
        None
    }
    /// Every listed article, in title order.
    fn listed_articles(&self) -> Vec<std::sync::Arc<Article>> {
        self.summaries().iter().filter_map(|s| self.article(&s.slug)).collect()
    }
    /// Full-text search over every node of every article.
    fn search(
        &self,
        query: &str,
        tag: Option<&str>,
        limit: u32,
    ) -> Result<crate::hits::SearchResults, crate::hits::SearchError>;
    /// Every known section (folder) with its count. By default, the folders the listed articles
    /// are in, titled as their articles' breadcrumbs title them.
    fn sections(&self) -> crate::browse::Sections {
        let mut titles = std::collections::BTreeMap::new();
        crate::browse::add_trail_titles(&mut titles, self.listed_articles().iter().map(AsRef::as_ref));
        crate::browse::count_sections(&self.summaries(), titles)
    }
    /// What the home page shows (see [`crate::browse::overview`]).
    fn overview(&self) -> crate::browse::Overview {
        crate::browse::overview(&self.summaries(), &self.sections())
    }
    /// Page `page` of the section at `path` (see [`crate::browse::section_page`]).
    fn section_page(&self, path: &str, page: usize) -> Option<crate::browse::SectionPage> {
        crate::browse::section_page(&self.summaries(), &self.sections(), path, page)
    }
    /// Page `page` of the articles tagged `tag` (see [`crate::browse::tag_page`]).
    fn tag_page(&self, tag: &str, page: usize) -> Option<crate::browse::TagPage> {
        crate::browse::tag_page(&self.summaries(), tag, page)
    }
    /// Errors that keep files offline, for writers while the server watches the content folder;
    /// empty otherwise.
    fn offline_problems(&self) -> Vec<Diagnostic> {
        Vec::new()
    }
    /// The firmware versions log (see [`crate::firmware::log`]).
    fn firmware_log(&self) -> crate::firmware::log::FirmwareLog {
        crate::firmware::log::of_articles(self.listed_articles().iter().map(AsRef::as_ref))
    }
    /// Every firmware image any article lists, once per file (with the first article, in
    /// title order, that lists it).
    fn firmware(&self) -> Vec<FirmwareImage> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for a in self.listed_articles() {
            for img in &a.firmware {
                if seen.insert(img.file.clone()) {
                    out.push(FirmwareImage {
                        article: Some(crate::model::ArticleRef {
                            slug: a.slug.clone(),
                            title: a.title.clone(),
                        }),
                        ..img.clone()
                    });
                }
            }
        }
        out
    }
}

/// The catalog as it sits in Leptos context.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct SharedCatalog(pub std::sync::Arc<dyn Catalog>);

/// Whether this request may see writers' problems (file names and errors, in watch mode): the
/// server puts `ShowProblems(true)` in context for clients on the same machine (or everyone,
/// when told to). Without it, pages and server functions show none.
#[derive(Debug, Clone, Copy)]
pub struct ShowProblems(pub bool);

/// True when the server said this request may see writers' problems.
#[cfg(feature = "ssr")]
fn shows_problems() -> bool {
    use_context::<ShowProblems>().is_some_and(|s| s.0)
}

/// The catalog the server put in context.
#[cfg(feature = "ssr")]
pub(crate) fn catalog() -> Result<SharedCatalog, AppError> {
    use_context::<SharedCatalog>().ok_or_else(|| {
        AppError::internal(
            "server function",
            &std::io::Error::other("no article catalog in context"),
        )
    })
}

/// One article with its tree; [`AppError::NotFound`] when no article has this slug.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "article", input = GetUrl)]
pub async fn get_article(slug: String) -> Result<Article, AppError> {
    catalog()?
        .0
        .article(&slug)
        .map(|a| {
            let mut article = (*a).clone();
            if !shows_problems() {
                article.writer = None;
            }
            article
        })
        .ok_or_else(|| AppError::NotFound(format!("no guide is called `{slug}`")))
}

/// What the home page shows: tags with counts, recently updated guides, and every guide on a
/// small site.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "overview", input = GetUrl)]
pub async fn get_overview() -> Result<crate::browse::Overview, AppError> {
    Ok(catalog()?.0.overview())
}

/// One page of a tag's guides; [`AppError::NotFound`] for an unknown tag or a page past the
/// last, [`AppError::BadRequest`] for a page that is no number.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "tag", input = GetUrl)]
pub async fn get_tag_page(tag: String, page: Option<String>) -> Result<crate::browse::TagPage, AppError> {
    let n = crate::browse::parse_page(page.as_deref())
        .ok_or_else(|| AppError::BadRequest("`page` must be a whole number of at least 1".into()))?;
    catalog()?
        .0
        .tag_page(&tag, n)
        .ok_or_else(|| AppError::NotFound(format!("no page {n} of guides tagged `{tag}`")))
}

/// One page of a section (a folder of the content folder); [`AppError::NotFound`] for an unknown
/// section or a page past the last, [`AppError::BadRequest`] for a page that is no number.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "section", input = GetUrl)]
pub async fn get_section_page(path: String, page: Option<String>) -> Result<crate::browse::SectionPage, AppError> {
    let n = crate::browse::parse_page(page.as_deref())
        .ok_or_else(|| AppError::BadRequest("`page` must be a whole number of at least 1".into()))?;
    let path = path.trim_matches('/');
    catalog()?
        .0
        .section_page(path, n)
        .ok_or_else(|| AppError::NotFound(format!("no page {n} of the section `{path}`")))
}

/// Every known firmware image, for the firmware check page.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "firmware", input = GetUrl)]
pub async fn list_firmware() -> Result<Vec<FirmwareImage>, AppError> {
    Ok(catalog()?.0.firmware())
}

/// The firmware versions log: every known image by hardware, newest first.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "firmware-log", input = GetUrl)]
pub async fn get_firmware_log() -> Result<crate::firmware::log::FirmwareLog, AppError> {
    Ok(catalog()?.0.firmware_log())
}

/// Errors that keep files offline (only while the server watches the content folder).
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "problems", input = GetUrl)]
pub async fn content_problems() -> Result<Vec<Diagnostic>, AppError> {
    if !shows_problems() {
        return Ok(vec![]);
    }
    Ok(catalog()?.0.offline_problems())
}

/// The queue searches wait in, first come, first served: `--searches` threads of their own run
/// them, off the threads that serve other requests. Shared by the search page, the header box
/// and `/api/search`. A thread that finishes a search takes the next one waiting at once; handing
/// each search from a semaphore to the blocking pool instead cost two thread wake-ups between
/// searches, and left a CPU idle a fifth of the time at full load. What waits is bounded by the
/// connections and the request time limit; a search whose request gave up is skipped.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct SearchQueue(std::sync::mpsc::Sender<SearchJob>);

#[cfg(feature = "ssr")]
type SearchJob = Box<dyn FnOnce() + Send>;

#[cfg(feature = "ssr")]
impl SearchQueue {
    /// A queue running `at_once` searches at a time (at least one), each on a thread of its own
    /// (named `search-N`). The threads end when the last clone of the queue is dropped. A thread
    /// the system refuses is logged; with none at all, every search fails with a 500 (and the
    /// log says why) instead of waiting for ever.
    pub fn new(at_once: usize) -> SearchQueue {
        use std::sync::{Arc, Mutex, PoisonError};
        let (send, waiting) = std::sync::mpsc::channel::<SearchJob>();
        let waiting = Arc::new(Mutex::new(waiting));
        for n in 0..at_once.max(1) {
            let waiting = Arc::clone(&waiting);
            let started = std::thread::Builder::new()
                .name(format!("search-{n}"))
                .spawn(move || loop {
                    // One thread at a time waits for the next search; the others wait for the lock.
                    let next = waiting.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok(job) = next else {
                        return; // the queue is gone: the server stopped
                    };
                    // A search that panics fails its own request (500), not the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                });
            if let Err(e) = started {
                tracing::error!("cannot start search thread {n}: {e}");
            }
        }
        SearchQueue(send)
    }

    /// Runs `search` when its turn comes.
    pub async fn run<T: Send + 'static>(&self, search: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: SearchJob = Box::new(move || {
            if !answer.is_closed() {
                let _ = answer.send(search());
            }
        });
        self.0.send(job).map_err(|e| AppError::internal("search queue", &e))?;
        answered.await.map_err(|e| AppError::internal("search task", &e))
    }
}

/// Searches the articles (the header box and the search page call this). `limit` is read as
/// text so that a malformed one is a 400 with a message, like every other bad argument.
#[allow(missing_docs)] // the macro's argument struct; the function is documented
#[server(prefix = "/rpc", endpoint = "search", input = GetUrl)]
pub async fn search(
    q: String,
    tag: Option<String>,
    limit: Option<String>,
) -> Result<crate::hits::SearchResults, AppError> {
    let limit = crate::hits::parse_limit(limit.as_deref(), 20)?;
    let catalog = catalog()?;
    let queue = use_context::<SearchQueue>().ok_or_else(|| {
        AppError::internal(
            "search",
            &std::io::Error::other("no search queue in the request's context"),
        )
    })?;
    Ok(queue.run(move || catalog.0.search(&q, tag.as_deref(), limit)).await??)
}
