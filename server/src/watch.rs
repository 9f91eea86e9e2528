//! Watch mode: the published site is swapped whole when a Markdown file changes, open pages learn
//! of it over server-sent events and refresh themselves.
//!
//! Each reload reads the folder again and builds a fresh [`Site`] (articles and search index)
//! beside the one being served, then swaps it in atomically: a request sees either the old site
//! or the new one, never half of each. An article whose file stops loading keeps its last good
//! version online, with the diagnostics attached for the writer's banner.

use crate::content::{log_diagnostic, Diagnostic, LoadOptions, ParseCache};
use crate::search::{IndexUpdater, SearchIndex};
use crate::site::Site;
use anyhow::Context as _;
use app::catalog::Catalog;
use app::hits::{SearchError, SearchResults};
use app::model::{Article, ArticleSummary, FirmwareImage};
use arc_swap::ArcSwap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use notify_debouncer_full::notify::RecursiveMode;
use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long the watcher waits for a burst of file events (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(75);

/// The served site, replaceable while requests run.
pub struct WatchedSite {
    current: ArcSwap<Site>,
    /// Bumped after every swap of `current` (see [`Catalog::generation`]).
    generation: std::sync::atomic::AtomicU64,
    content: PathBuf,
    options: LoadOptions,
    /// Bumped after every reload; live pages compare it.
    version: watch::Sender<u64>,
    /// Told when the server stops, so event streams end and shutdown is not held up.
    stopping: watch::Sender<bool>,
    /// Serialises reloads; remembers what was logged last time, each file's parse, and keeps
    /// the search index's writer for incremental updates.
    reload_state: Mutex<ReloadState>,
    /// Live-reload streams open now, to hold them under their limits.
    streams: Arc<Mutex<StreamCount>>,
    /// Distinguishes this process's versions from a restarted server's.
    instance: String,
}

struct ReloadState {
    logged: BTreeSet<String>,
    cache: ParseCache,
    updater: IndexUpdater,
}

/// What one reload did.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// Published articles.
    pub articles: usize,
    /// Articles whose file has errors and whose last good version stays online.
    pub kept: Vec<String>,
    /// Time to read, parse and index everything.
    pub took: Duration,
    /// Of which reading and parsing.
    pub parse: Duration,
    /// Articles indexed again or dropped from the index.
    pub reindexed: usize,
    /// Something readers or writers see changed, so open pages were told to refresh.
    pub visible: bool,
}

impl WatchedSite {
    /// Loads the folder, attaching each article's problems for the writer's banner.
    pub fn load(content: &Path, options: LoadOptions) -> anyhow::Result<WatchedSite> {
        let mut cache = ParseCache::default();
        let mut library = crate::content::Library::load_cached(content, options.clone(), &mut cache)?;
        library.annotate_for_writers(&[], content);
        let (mut search, updater) = SearchIndex::build_live(library.articles().map(std::convert::AsRef::as_ref))
            .context("building the search index")?;
        search.set_synonyms(library.synonyms());
        let site = Site { library, search };
        let logged = site
            .library
            .diagnostics
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        Ok(WatchedSite {
            current: ArcSwap::from_pointee(site),
            generation: std::sync::atomic::AtomicU64::new(0),
            content: content.to_path_buf(),
            options,
            version: watch::channel(0).0,
            stopping: watch::channel(false).0,
            reload_state: Mutex::new(ReloadState { logged, cache, updater }),
            streams: Arc::default(),
            instance,
        })
    }

    /// The version pages are rendered from, as the event stream names it: a page compares the
    /// first version it hears with the one it was rendered with, so a reload that happens between
    /// rendering and listening still refreshes it.
    pub fn version_tag(&self) -> String {
        format!("{}-{}", self.instance, *self.version.borrow())
    }

    /// The site being served now.
    pub fn site(&self) -> Arc<Site> {
        self.current.load_full()
    }

    /// Reads the folder again and swaps the new site in; logs diagnostics that are new since the
    /// last reload. On failure (the folder vanished) the old site stays.
    pub fn reload(&self) -> anyhow::Result<Reloaded> {
        self.reload_changed(&[])
    }

    /// [`WatchedSite::reload`], parsing `changed` again whatever their stamps say (the paths a file
    /// event named); other files are parsed again only if their size, time or inode changed.
    pub fn reload_changed(&self, changed: &[PathBuf]) -> anyhow::Result<Reloaded> {
        let started = Instant::now();
        let mut state = self
            .reload_state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let ReloadState { logged, cache, updater } = &mut *state;
        // The folder itself is named when its listing changes; that alone says nothing of the
        // files' contents, and forgetting every parse would make the reload a full one.
        let root = absolute(&self.content);
        for path in changed.iter().filter(|p| absolute(p) != root) {
            cache.forget(path);
        }
        let old = self.current.load_full();
        let mut library = crate::content::Library::load_cached(&self.content, self.options.clone(), cache)?;
        let parse = started.elapsed();
        let kept = library.keep_last_good(&old.library);
        library.annotate_for_writers(&kept, &self.content);
        let now: BTreeSet<String> = library
            .diagnostics
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let problems_changed = now != *logged;
        for d in library.diagnostics.iter().filter(|d| !logged.contains(&d.to_string())) {
            log_diagnostic(d);
        }
        for slug in &kept {
            tracing::warn!(target: "fixpath::content", "`{slug}` has errors: its last good version stays online until they are fixed");
        }
        *logged = now;
        let articles = library.len();
        // Index only what changed: articles whose parsed form differs, and those that went away.
        let removed: Vec<&str> = old
            .library
            .articles()
            .filter(|a| library.article(&a.slug).is_none())
            .map(|a| a.slug.as_str())
            .collect();
        let changed: Vec<Arc<Article>> = library
            .articles()
            .filter(|a| match old.library.article(&a.slug) {
                Some(before) => !Arc::ptr_eq(&before, a) && before != **a,
                None => true,
            })
            .cloned()
            .collect();
        let changed_refs: Vec<&Article> = changed.iter().map(std::convert::AsRef::as_ref).collect();
        let search = match old.search.updated(updater, &removed, &changed_refs) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("updating the search index failed ({e}); rebuilding it");
                let (s, u) = SearchIndex::build_live(library.articles().map(std::convert::AsRef::as_ref))
                    .context("building the search index")?;
                *updater = u;
                s
            }
        };
        let mut search = search;
        search.set_synonyms(library.synonyms());
        let reindexed = changed.len() + removed.len();
        let site = Site { library, search };
        self.current.store(Arc::new(site));
        // Open pages refresh only when there is something new to see: an editor's probe file
        // or a save that changes nothing leaves them be.
        let visible = reindexed > 0 || problems_changed;
        if visible {
            self.version.send_modify(|v| *v += 1);
        }
        // After the swap and the version: a page kept under the new number is never from the
        // old site, nor names the old version for its live reload (the number the page cache
        // keys on adds the version itself, so a client told of the new version never gets a
        // page kept before it, even before this line runs).
        self.generation.fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(Reloaded {
            articles,
            kept,
            took: started.elapsed(),
            parse,
            reindexed,
            visible,
        })
    }

    /// [`WatchedSite::reload_changed`] for the watcher: logs what the reload did, or why it failed.
    fn reload_and_log(&self, named: &[PathBuf]) {
        match self.reload_changed(named) {
            Ok(r) => tracing::info!(
                "reloaded {} articles in {:.0?} (parse {:.0?}, index {:.0?} for {} changed){}",
                r.articles,
                r.took,
                r.parse,
                r.took.saturating_sub(r.parse),
                r.reindexed,
                if r.kept.is_empty() {
                    String::new()
                } else {
                    format!(" ({} kept at their last good version)", r.kept.len())
                }
            ),
            Err(e) => tracing::error!(
                "reloading {} failed, the site stays as it was: {e}{}",
                self.content.display(),
                if self.content.is_dir() {
                    ""
                } else {
                    " (if the folder was deleted, restart the server once it is back: \
                 the watch ended with it)"
                }
            ),
        }
    }

    /// Starts watching the content folder; reloads run on the watcher's thread. Keep the returned
    /// handle alive as long as the watch should last.
    pub fn watch(self: &Arc<Self>) -> anyhow::Result<WatchHandle> {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)
            .with_context(|| format!("cannot watch {}", self.content.display()))?;
        debouncer
            .watch(&self.content, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", self.content.display()))?;
        // Adding the image an article is missing clears its error, so the public folder is
        // watched too (unless the content folder's watch covers it already). The watcher names
        // changed files by absolute path, so the folder is compared in that form.
        let public = self.options.public.as_deref().filter(|p| p.is_dir()).map(absolute);
        if let Some(public) = public.as_ref().filter(|p| !p.starts_with(absolute(&self.content))) {
            if let Err(e) = debouncer.watch(public, RecursiveMode::Recursive) {
                tracing::warn!("cannot watch {} for images: {e}", public.display());
            }
        }
        let site = Arc::downgrade(self);
        let thread = std::thread::Builder::new()
            .name("fixpath-watch".into())
            .spawn(move || {
                for result in rx {
                    let Some(site) = site.upgrade() else { break };
                    match result {
                        Ok(events) => {
                            // Paths of changes that can touch articles; none when only images changed.
                            let named: Vec<PathBuf> = events
                                .iter()
                                .filter(|e| concerns_articles(&e.event))
                                .flat_map(|e| e.event.paths.iter().cloned())
                                .collect();
                            if !named.is_empty() || events.iter().any(|e| concerns_images(&e.event, public.as_deref()))
                            {
                                site.reload_and_log(&named);
                            }
                        }
                        Err(errors) => {
                            for e in errors {
                                tracing::warn!("watching the content folder: {e}");
                            }
                        }
                    }
                }
            })?;
        Ok(WatchHandle {
            _debouncer: debouncer,
            _thread: thread,
        })
    }

    /// Ends the live-reload event streams (call on shutdown).
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// `/_fixpath/live.js` and `/_fixpath/events`.
    /// Event streams are capped in total and per client address (`limits`); one over the cap is
    /// answered 503 (that page then does not refresh by itself; the others do).
    pub fn routes(self: &Arc<Self>, limits: &crate::net::Limits) -> Router {
        let (max_total, max_per_client) = (limits.max_event_streams, limits.max_event_streams_per_client);
        let trusted: Arc<[std::net::IpAddr]> = limits.trusted_proxies.clone().into();
        let events = {
            let site = self.clone();
            move |req: axum::extract::Request| {
                let site = site.clone();
                let trusted = trusted.clone();
                async move {
                    let client = crate::net::client_ip(req.headers(), crate::net::peer_of(&req), &trusted);
                    match StreamSlot::take(&site.streams, client, max_total, max_per_client) {
                        Some(slot) => site.events(slot).into_response(),
                        None => (
                            axum::http::StatusCode::SERVICE_UNAVAILABLE,
                            [(axum::http::header::RETRY_AFTER, "30")],
                            "too many live-reload streams are open",
                        )
                            .into_response(),
                    }
                }
            }
        };
        Router::new()
            .route(
                app::LIVE_RELOAD_SCRIPT,
                get(|| async {
                    (
                        [
                            (axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                            (axum::http::header::CACHE_CONTROL, "no-cache"),
                        ],
                        LIVE_JS,
                    )
                }),
            )
            .route(EVENTS_PATH, get(events))
    }

    /// Server-sent events: the current version at once, then each new one, until shutdown.
    /// The stream holds `slot` until it ends, so the count stays right.
    fn events(
        &self,
        slot: StreamSlot,
    ) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
        let versions = self.version.subscribe();
        let stopping = self.stopping.subscribe();
        let instance = self.instance.clone();
        let stream = futures_util::stream::unfold(
            (versions, stopping, instance, true, slot),
            |(mut versions, mut stopping, instance, first, slot)| async move {
                if *stopping.borrow() {
                    return None;
                }
                if !first {
                    tokio::select! {
                        changed = versions.changed() => changed.ok()?,
                        _ = stopping.changed() => return None,
                    }
                }
                let v = *versions.borrow_and_update();
                let event = Event::default().event("version").data(format!("{instance}-{v}"));
                Some((Ok(event), (versions, stopping, instance, false, slot)))
            },
        );
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
    }
}

/// Live-reload streams open now: in total and by client address.
#[derive(Debug, Default)]
struct StreamCount {
    total: usize,
    per_client: HashMap<Option<IpAddr>, usize>,
}

/// One open live-reload stream's place in the count; dropping it frees the place.
struct StreamSlot {
    count: Arc<Mutex<StreamCount>>,
    client: Option<IpAddr>,
}

impl StreamSlot {
    /// A place for a stream from `client`, unless that would pass either limit.
    fn take(
        count: &Arc<Mutex<StreamCount>>,
        client: Option<IpAddr>,
        max_total: usize,
        max_per_client: usize,
    ) -> Option<StreamSlot> {
        let mut c = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mine = c.per_client.get(&client).copied().unwrap_or(0);
        if c.total >= max_total || mine >= max_per_client {
            return None;
        }
        c.total += 1;
        c.per_client.insert(client, mine + 1);
        Some(StreamSlot {
            count: count.clone(),
            client,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut c = self.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.per_client.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.per_client.remove(&self.client);
            }
        }
    }
}

/// Keeps the file watcher running.
pub struct WatchHandle {
    _debouncer: notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    _thread: std::thread::JoinHandle<()>,
}

/// Where pages listen for new versions.
pub const EVENTS_PATH: &str = "/_fixpath/events";

/// Reloads the page when the server's version differs from the one the page was rendered with
/// (the script tag's `data-version`), and after that on every new version. A dropped connection
/// is not a change: the browser reconnects by itself and the next message tells.
const LIVE_JS: &str = r#"(() => {
  if (!("EventSource" in window)) return;
  let seen = document.currentScript?.dataset.version ?? null;
  const source = new EventSource("/_fixpath/events");
  source.addEventListener("version", (e) => {
    if (seen !== null && e.data !== seen) { source.close(); location.reload(); return; }
    seen = e.data;
  });
})();
"#;

/// True for events that can change the articles: anything but reads, on article files (`.md`,
/// `.markdown`, `.mdx`), the synonyms file, or folders (a renamed folder moves every article
/// in it).
fn concerns_articles(event: &notify_debouncer_full::notify::Event) -> bool {
    use notify_debouncer_full::notify::EventKind;
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        crate::content::has_article_extension(&name)
            || crate::content::synonyms::FILE_NAMES.contains(&name.as_str())
            || p.is_dir()
            || !name.contains('.')
    })
}

/// `path` made absolute against the working folder, as the file watcher reports paths.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// True for changes to files in the public folder (images articles point at); `public` is
/// absolute, like the paths in events.
fn concerns_images(event: &notify_debouncer_full::notify::Event, public: Option<&Path>) -> bool {
    use notify_debouncer_full::notify::EventKind;
    let Some(public) = public else { return false };
    !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|p| p.starts_with(public))
}

impl Catalog for WatchedSite {
    fn summaries(&self) -> Arc<[ArticleSummary]> {
        self.current.load().summaries()
    }

    /// The swaps plus the live-reload version: both only grow, so the sum changes whenever
    /// either does. A page cached before the version its live reload names moved on is never
    /// served after a client heard of the new version, however the reloading thread and the
    /// request interleave (pages name the version they were rendered with).
    fn generation(&self) -> u64 {
        let swaps = self.generation.load(std::sync::atomic::Ordering::Acquire);
        swaps.wrapping_add(*self.version.borrow())
    }

    fn article(&self, slug: &str) -> Option<Arc<Article>> {
        self.current.load().article(slug)
    }

    fn moved(&self, path: &str, query: Option<&str>) -> Option<String> {
        self.current.load().moved(path, query)
    }

    fn overview(&self) -> app::browse::Overview {
        self.current.load().overview()
    }

    fn search(&self, query: &str, tag: Option<&str>, limit: u32) -> Result<SearchResults, SearchError> {
        self.current.load().search(query, tag, limit)
    }

    fn firmware(&self) -> Vec<FirmwareImage> {
        self.current.load().firmware()
    }

    fn offline_problems(&self) -> Vec<Diagnostic> {
        let site = self.current.load();
        site.library
            .offline_errors()
            .into_iter()
            .map(|d| crate::content::relative_to(d, &self.content))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::concerns_articles;
    use notify_debouncer_full::notify::{event::ModifyKind, Event, EventKind};

    #[test]
    fn every_article_extension_and_the_synonyms_file_are_watched() {
        let saved = |name: &str| Event::new(EventKind::Modify(ModifyKind::Any)).add_path(name.into());
        for name in ["a.md", "b.markdown", "c.mdx", "synonyms.yml", "Synonyms.yaml", "sub"] {
            assert!(concerns_articles(&saved(name)), "{name}");
        }
        for name in ["photo.png", "notes.txt", ".a.md.swp"] {
            assert!(!concerns_articles(&saved(name)), "{name}");
        }
    }
}
