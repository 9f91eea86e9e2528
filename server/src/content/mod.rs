//! The content folder: reads every Markdown article, parses it, checks the collection as a whole
//! (duplicate slugs, links between articles) and keeps the good articles ready to serve.

mod callouts;
mod dates;
pub mod escape;
pub mod firmware;
mod folder;
mod front_matter;
pub mod highlight;
mod links;
pub mod markdown;
pub mod moved;
mod parse;
mod suggest;
pub mod synonyms;

pub use app::diagnostic::{Diagnostic, Severity};
pub use folder::{has_article_extension, source_text};
pub use links::{anchors_of, ArticleLink, Pos, Reference};
use links::{check_images, link_diagnostics, Drafts};
pub use parse::{parse, parse_bytes, shorten, Parsed};

use app::model::{Article, ArticleSummary};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Articles larger than this are refused rather than read.
pub const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// How to load a content folder.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish articles marked `draft: true`.
    pub drafts: bool,
    /// The folder of public files (`public/`) that image addresses like `/images/a.png` resolve
    /// in; `None` skips the image check.
    pub public: Option<PathBuf>,
    /// Fill in each article's last-updated date from git or the file's modification time when the
    /// front matter has none.
    pub dates: bool,
    /// Show images from other hosts (`--allow-remote-images`); otherwise each becomes a link to
    /// the image, so a page never makes a visitor's browser call a third party.
    pub remote_images: bool,
}

/// Why a content folder could not be read at all (single bad articles are diagnostics instead).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder itself is missing or unreadable.
    #[error("cannot read the content folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The loaded collection: every publishable article plus everything wrong with the folder.
#[derive(Debug, Default, Clone)]
pub struct Library {
    articles: BTreeMap<String, Arc<Article>>,
    /// The file each published article comes from.
    paths: BTreeMap<String, PathBuf>,
    /// Shared, so the server hands them out without copying (see [`Library::shared_summaries`]).
    summaries: Arc<[ArticleSummary]>,
    /// What the home page shows, made once per load (it reads every summary).
    overview: app::browse::Overview,
    /// The firmware versions log, made once per load.
    firmware_log: Arc<app::firmware::log::FirmwareLog>,
    /// Every section (folder) with its title and count.
    sections: Arc<app::browse::Sections>,
    /// Each section's index page (`index.md` or `_index.md`) by the section's address; `""`
    /// is the content folder's own, which introduces the home page.
    section_index: BTreeMap<String, Arc<Article>>,
    /// The writers' groups of synonyms (`synonyms.yml`), for search.
    synonyms: Vec<Vec<String>>,
    /// Errors (articles left out) and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Article files read.
    pub files: usize,
    /// Every link between articles, checked again when [`Library::keep_last_good`] brings an
    /// article back.
    links: Vec<(PathBuf, ArticleLink)>,
    /// Drafts, published or not.
    drafts: Drafts,
    /// The diagnostics about those links, among `diagnostics`.
    link_problems: Vec<Diagnostic>,
    /// Old addresses of the articles (front matter `aliases` that are paths).
    moved: moved::Moved,
}

impl Library {
    /// Builds a library from parsed articles, checking slugs and links across the collection.
    ///
    /// `hidden` are slugs that exist but are not published (drafts): links to them are not broken.
    /// `section_index` are the folders' index pages by section (see [`Library::section_page`]).
    pub fn from_parsed(
        parsed: Vec<(PathBuf, Parsed)>,
        mut diagnostics: Vec<Diagnostic>,
        hidden: &[String],
        public: Option<&Path>,
        section_index: BTreeMap<String, Arc<Article>>,
    ) -> Library {
        let mut articles: BTreeMap<String, Arc<Article>> = BTreeMap::new();
        let mut paths: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut alias_lines: BTreeMap<String, u32> = BTreeMap::new();
        let mut links: Vec<(PathBuf, ArticleLink)> = Vec::new();
        let mut drafts = Drafts {
            slugs: hidden.iter().cloned().collect(),
            files: Default::default(),
        };
        for (path, p) in parsed.iter().filter(|(_, p)| p.draft) {
            drafts.slugs.insert(p.article.slug.clone());
            drafts.files.insert(path.clone());
        }
        diagnostics.extend(firmware::conflicts(parsed.iter().flat_map(|(path, p)| {
            p.article
                .firmware
                .iter()
                .zip(&p.firmware_lines)
                .map(move |(image, line)| (path.as_path(), image, *line))
        })));
        for (path, p) in parsed {
            diagnostics.extend(p.problems);
            let slug = p.article.slug.clone();
            if let Some(first) = paths.get(&slug) {
                diagnostics.push(
                    Diagnostic::error(
                        &path,
                        1,
                        format!("duplicate slug `{slug}`: {} already uses it", first.display()),
                    )
                    .with_hint("rename one of the files: the file name is the article's address"),
                );
                continue;
            }
            if let Some(public) = public {
                check_images(&path, &p.images, public, &mut diagnostics);
            }
            links.extend(p.links.into_iter().map(|l| (path.clone(), l)));
            alias_lines.insert(slug.clone(), p.aliases_line);
            paths.insert(slug.clone(), path);
            articles.insert(slug, p.article);
        }
        for c in moved::Moved::build(&articles).1 {
            let Some(path) = paths.get(&c.slug) else {
                continue;
            };
            let line = alias_lines.get(&c.slug).copied().unwrap_or(1);
            let holder = paths
                .get(&c.holder)
                .map_or(c.holder.clone(), |p| p.display().to_string());
            let d = if c.is_there {
                Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "the alias `{}` is the address of {holder}, so it is not redirected",
                        c.path
                    ),
                )
                .with_hint("a page's own address is never redirected: remove the alias")
            } else {
                Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "the alias `{}` is already an old address of {holder}, which it leads to",
                        c.path
                    ),
                )
                .with_hint("an old address leads to one article: remove it from one of them")
            };
            diagnostics.push(d);
        }
        let link_problems = link_diagnostics(&articles, &links, &drafts);
        diagnostics.extend(link_problems.iter().cloned());
        sort_in_file_order(&mut diagnostics);
        let mut library = Library {
            articles,
            paths,
            diagnostics,
            links,
            drafts,
            link_problems,
            section_index,
            ..Library::default()
        };
        library.refresh();
        library
    }

    /// Makes what is derived from the articles again: titles in breadcrumbs, the summaries, the
    /// sections, the home page's overview and the firmware versions log.
    fn refresh(&mut self) {
        let mut titles: BTreeMap<String, String> = self
            .section_index
            .iter()
            .filter(|(path, _)| !path.is_empty())
            .map(|(path, index)| (path.clone(), index.title.clone()))
            .collect();
        for a in self.articles.values_mut() {
            // A folder's index page titles it in every breadcrumb. Most articles already say
            // so, and are not copied.
            let stale = a
                .section
                .iter()
                .any(|l| titles.get(&l.path).is_some_and(|t| *t != l.title));
            if stale {
                for l in &mut Arc::make_mut(a).section {
                    if let Some(t) = titles.get(&l.path) {
                        l.title.clone_from(t);
                    }
                }
            }
        }
        app::browse::add_trail_titles(&mut titles, self.articles.values().map(AsRef::as_ref));
        self.summaries = listed(&self.articles).into();
        self.sections = Arc::new(app::browse::count_sections(&self.summaries, titles));
        self.overview = app::browse::overview(&self.summaries, &self.sections);
        if let Some(home) = self.section_index.get("") {
            self.overview.intro = home.intro.clone();
            self.overview.intro_sections = home.extra.clone();
        }
        self.firmware_log = Arc::new(firmware_log(&self.articles, &self.summaries));
        self.moved = moved::Moved::build(&self.articles).0;
    }

    /// Where a request for an old address (`path`, with `query`) goes now; see [`moved`].
    pub fn moved(&self, path: &str, query: Option<&str>) -> Option<String> {
        self.moved.resolve(path, query)
    }

    /// Reads and parses every `*.md` article under `dir` (a `README.md` is documentation, not an article).
    pub fn load(dir: &Path, opts: LoadOptions) -> Result<Library, LoadError> {
        Self::load_inner(dir, opts, None)
    }

    /// [`Library::load`], reusing the parse of every file that has not changed since `cache` saw
    /// it (same size, modification time and inode), and updating `cache`.
    pub fn load_cached(dir: &Path, opts: LoadOptions, cache: &mut ParseCache) -> Result<Library, LoadError> {
        Self::load_inner(dir, opts, Some(cache))
    }

    fn load_inner(dir: &Path, opts: LoadOptions, cache: Option<&mut ParseCache>) -> Result<Library, LoadError> {
        let folder::Walk { mut files, skipped } = folder::walk(dir).map_err(|source| LoadError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        files.sort();
        let count = files.len() + skipped.len();
        let mut parsed = Vec::new();
        let mut diagnostics = skipped;
        let (synonyms, problems) = synonyms::load(dir);
        diagnostics.extend(problems);
        let mut hidden = Vec::new();
        // Reading and parsing are independent per file: spread them over the cores, then go on
        // in file order so diagnostics and duplicate-slug decisions do not depend on timing.
        let known = cache.as_deref().map(|c| &c.entries);
        // (file, its stamp when watched, its parse, whether it was parsed now)
        let mut results: Vec<(PathBuf, Option<Stamp>, FileResult, bool)> = files
            .into_par_iter()
            .map(|path| {
                let load = |path: &Path| {
                    markdown::with_remote_images(opts.remote_images, || load_file(path)).map(|mut p| {
                        // Parsed just now, so not shared yet: this does not copy.
                        Arc::make_mut(&mut p.article).section = section_trail(dir, path);
                        p
                    })
                };
                let Some(cache) = known else {
                    let r = load(&path);
                    return (path, None, r, true);
                };
                let stamp = Stamp::of(&path);
                match (stamp, cache.get(&path)) {
                    (Some(now), Some((then, r))) if now == *then => (path, stamp, r.clone(), false),
                    _ => {
                        let r = load(&path);
                        (path, stamp, r, true)
                    }
                }
            })
            .collect();
        if opts.dates {
            // Only files parsed now are dated: a remembered parse keeps the date it was given, so
            // a save costs one `git status` (an edited file is dated by its modification time),
            // not a walk of the whole history.
            let undated: Vec<&Path> = results
                .iter()
                .filter(|(_, _, r, fresh)| *fresh && r.as_ref().is_ok_and(|p| !p.dated))
                .map(|(path, ..)| path.as_path())
                .collect();
            if !undated.is_empty() {
                let found = dates::last_changed(dir, &undated);
                for (path, _, r, fresh) in &mut results {
                    if let Some(p) = r.as_mut().ok().filter(|p| *fresh && !p.dated) {
                        // Parsed just now, so not shared yet: this does not copy.
                        Arc::make_mut(&mut p.article).updated = found.get(path.as_path()).cloned();
                    }
                }
            }
        }
        if let Some(cache) = cache {
            cache.entries = results
                .iter()
                .filter_map(|(path, stamp, r, _)| Some((path.clone(), ((*stamp)?, r.clone()))))
                .collect();
        }
        let mut index = BTreeMap::new();
        for (path, _, result, _) in results {
            match result {
                // A folder's index page introduces its section (the first one, if a folder has
                // both `index.md` and `_index.md`).
                Ok(p) if folder::is_index_file(&path) => {
                    diagnostics.extend(p.problems);
                    let key = p.article.section.last().map(|l| l.path.clone()).unwrap_or_default();
                    match index.entry(key) {
                        std::collections::btree_map::Entry::Vacant(slot) => {
                            slot.insert(p.article);
                        }
                        std::collections::btree_map::Entry::Occupied(_) => diagnostics.push(Diagnostic::warning(
                            &path,
                            1,
                            "this folder has another index page; only the first (by name) introduces it",
                        )),
                    }
                }
                Ok(p) if p.draft && !opts.drafts => {
                    // A draft is still checked, so `fixpath check` catches its mistakes too.
                    diagnostics.extend(p.problems);
                    hidden.push(p.article.slug.clone());
                }
                Ok(p) => parsed.push((path, p)),
                Err(mut d) => diagnostics.append(&mut d),
            }
        }
        let mut library = Library::from_parsed(parsed, diagnostics, &hidden, opts.public.as_deref(), index);
        library.synonyms = synonyms;
        library.files = count;
        Ok(library)
    }

    /// The file an article was loaded from.
    pub fn path_of(&self, slug: &str) -> Option<&Path> {
        self.paths.get(slug).map(PathBuf::as_path)
    }

    /// Keeps `old`'s version of each article whose file now fails to parse, so a save that breaks
    /// an article does not take it offline. Returns the slugs kept.
    pub fn keep_last_good(&mut self, old: &Library) -> Vec<String> {
        let failing: std::collections::BTreeSet<&Path> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.path.as_path())
            .collect();
        let mut kept = Vec::new();
        for (slug, path) in &old.paths {
            if self.articles.contains_key(slug) || !failing.contains(path.as_path()) || !path.exists() {
                continue;
            }
            if let Some(a) = old.articles.get(slug) {
                self.articles.insert(slug.clone(), a.clone());
                self.paths.insert(slug.clone(), path.clone());
                kept.push(slug.clone());
            }
        }
        if !kept.is_empty() {
            // A link to a kept article is not broken: its last good version is online.
            let stale = std::mem::take(&mut self.link_problems);
            self.diagnostics.retain(|d| !stale.contains(d));
            self.link_problems = link_diagnostics(&self.articles, &self.links, &self.drafts);
            self.diagnostics.extend(self.link_problems.iter().cloned());
            sort_in_file_order(&mut self.diagnostics);
            self.refresh();
        }
        kept
    }

    /// Attaches each article's problems to it, for the banner writers see in watch mode.
    /// `stale` are the slugs [`Library::keep_last_good`] kept; paths are shown relative to `root`.
    pub fn annotate_for_writers(&mut self, stale: &[String], root: &Path) {
        let slugs: Vec<String> = self.articles.keys().cloned().collect();
        for slug in slugs {
            let problems: Vec<Diagnostic> = self
                .diagnostics_for(&slug)
                .into_iter()
                .map(|d| relative_to(d, root))
                .collect();
            let is_stale = stale.contains(&slug);
            if problems.is_empty() && !is_stale {
                continue;
            }
            let path = self
                .paths
                .get(&slug)
                .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
                .unwrap_or_default();
            if let Some(a) = self.articles.get_mut(&slug) {
                let mut article = (**a).clone();
                article.writer = Some(app::model::WriterNotice {
                    stale: is_stale,
                    path,
                    problems,
                });
                *a = Arc::new(article);
            }
        }
    }

    /// Errors in files that have no published article (a file that never loaded, or a draft).
    pub fn offline_errors(&self) -> Vec<&Diagnostic> {
        let published: std::collections::HashSet<&Path> = self.paths.values().map(PathBuf::as_path).collect();
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && !published.contains(d.path.as_path()))
            .collect()
    }

    /// Every diagnostic about the file an article comes from.
    pub fn diagnostics_for(&self, slug: &str) -> Vec<&Diagnostic> {
        match self.paths.get(slug) {
            Some(path) => self.diagnostics.iter().filter(|d| &d.path == path).collect(),
            None => vec![],
        }
    }

    /// Every published article.
    pub fn articles(&self) -> impl Iterator<Item = &Arc<Article>> {
        self.articles.values()
    }

    /// Number of published articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when no article is published.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Every published article's summary, sorted by title.
    pub fn summaries(&self) -> &[ArticleSummary] {
        &self.summaries
    }

    /// The same summaries, shared without copying.
    pub fn shared_summaries(&self) -> Arc<[ArticleSummary]> {
        self.summaries.clone()
    }

    /// What the home page shows (see [`app::browse::overview`]).
    pub fn overview(&self) -> &app::browse::Overview {
        &self.overview
    }

    /// The writers' groups of synonyms (`synonyms.yml`), for search.
    pub fn synonyms(&self) -> &[Vec<String>] {
        &self.synonyms
    }

    /// Every section (folder) with its title and count.
    pub fn sections(&self) -> &app::browse::Sections {
        &self.sections
    }

    /// Page `page` of a section with its index page's text (see [`app::browse::section_page`]).
    pub fn section_page(&self, path: &str, page: usize) -> Option<app::browse::SectionPage> {
        let mut p = app::browse::section_page(&self.summaries, &self.sections, path, page)?;
        if let Some(index) = self.section_index.get(path) {
            p.intro = index.intro.clone();
            p.intro_sections = index.extra.clone();
        }
        Some(p)
    }

    /// The firmware versions log (see [`app::firmware::log`]).
    pub fn firmware_log(&self) -> &app::firmware::log::FirmwareLog {
        &self.firmware_log
    }

    /// One article by slug.
    pub fn article(&self, slug: &str) -> Option<Arc<Article>> {
        self.articles.get(slug).cloned()
    }

    /// Number of errors (articles left out or collection problems).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Logs a diagnostic at its severity (errors as errors, warnings as warnings).
pub fn log_diagnostic(d: &Diagnostic) {
    match d.severity {
        Severity::Error => tracing::error!(target: "fixpath::content", "{d}"),
        Severity::Warning => tracing::warn!(target: "fixpath::content", "{d}"),
    }
}

/// Orders diagnostics by file, then line, then column, as writers read them.
fn sort_in_file_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
}

/// The sections (folders) a file under the content folder `root` is in, outermost first: each
/// folder's name made URL-safe and joined with `/` is the section's address, and the name is its
/// title until the folder's index page gives one. A folder whose name has no letters or digits
/// is no section.
pub fn section_trail(root: &Path, path: &Path) -> Vec<app::model::SectionLink> {
    let Some(folder) = path.strip_prefix(root).ok().and_then(Path::parent) else {
        return vec![];
    };
    let mut trail: Vec<app::model::SectionLink> = Vec::new();
    for name in folder.components().filter_map(|c| match c {
        std::path::Component::Normal(name) => name.to_str(),
        _ => None,
    }) {
        let slug = markdown::slugify(name);
        if slug.is_empty() {
            continue;
        }
        let path = match trail.last() {
            Some(parent) => format!("{}/{slug}", parent.path),
            None => slug,
        };
        trail.push(app::model::SectionLink {
            path,
            title: folder_title(name),
        });
    }
    trail
}

/// A folder's name as a title: `getting-started` is "Getting started", `NVR_cameras` "NVR cameras".
fn folder_title(name: &str) -> String {
    let words: Vec<&str> = name.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// The slug a file is served under: its name without `.md`, made URL-safe.
pub fn slug_for(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    markdown::slugify(stem)
}

/// One file's article, or why it has none.
type FileResult = Result<Parsed, Vec<Diagnostic>>;

/// Parse results by file, kept between loads in watch mode so a save re-parses one file only.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: std::collections::HashMap<PathBuf, (Stamp, FileResult)>,
}

impl ParseCache {
    /// Files remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets the parse of `path` (and of everything under it, for a folder), so the next load
    /// reads it again even if its size, time and inode look the same: a file system with coarse
    /// timestamps (FAT, some network and container mounts) can hide a same-length edit.
    pub fn forget(&mut self, path: &Path) {
        // Paths from the watcher are the folder's path joined with the name, as the cache's are;
        // matching either way round also covers one absolute and one relative spelling.
        self.entries
            .retain(|known, _| !(known.starts_with(path) || path.ends_with(known)));
    }
}

/// What tells a changed file from an unchanged one without reading it. Editors that save by
/// rename-and-replace give the file a new inode; in-place writes change the time or the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

/// The listed articles' summaries, by title: unlisted articles are served at their address but
/// in no list.
fn listed(articles: &BTreeMap<String, Arc<Article>>) -> Vec<ArticleSummary> {
    let mut summaries: Vec<ArticleSummary> = articles
        .values()
        .filter(|a| !a.unlisted)
        .map(|a| ArticleSummary::from(a.as_ref()))
        .collect();
    summaries.sort_by_key(|s| s.title.to_lowercase());
    summaries
}

/// The firmware versions log of the listed articles.
fn firmware_log(
    articles: &BTreeMap<String, Arc<Article>>,
    summaries: &[ArticleSummary],
) -> app::firmware::log::FirmwareLog {
    app::firmware::log::of_articles(
        summaries
            .iter()
            .filter_map(|s| articles.get(&s.slug))
            .map(AsRef::as_ref),
    )
}

/// `d` with its path relative to the content folder `root`, as pages show it: the server's own
/// folders are nobody else's business.
pub fn relative_to(d: &Diagnostic, root: &Path) -> Diagnostic {
    let mut d = d.clone();
    if let Ok(rel) = d.path.strip_prefix(root) {
        d.path = rel.to_path_buf();
    }
    d
}

/// Reads and parses one article file.
pub fn load_file(path: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let bytes =
        folder::read_bounded(path, MAX_ARTICLE_BYTES).map_err(|e| vec![Diagnostic::error(path, 1, e.to_string())])?;
    let slug = slug_for(path);
    if slug.is_empty() {
        return Err(vec![Diagnostic::error(
            path,
            1,
            "the file name has no letters or digits to make an address from: rename it, e.g. `camera-offline.md`",
        )]);
    }
    let mut parsed = parse_bytes(path, &slug, &bytes)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != slug && !folder::is_index_file(path) {
        parsed.problems.push(Diagnostic::warning(
            path,
            1,
            format!("the file name is not a clean address; it is served as `{slug}`: rename it to `{slug}.md`"),
        ));
    }
    Ok(parsed)
}
