//! The content folder: reads every Markdown article, parses it, checks the collection as a whole
//! (duplicate slugs, links between articles) and keeps the good articles ready to serve.

mod article;
mod diagnostic;
pub mod firmware;
mod front_matter;
pub mod markdown;

pub use article::{parse, parse_bytes, ArticleLink, Parsed};
pub use diagnostic::{Diagnostic, Severity};

use app::model::{Article, ArticleSummary};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Articles larger than this are refused rather than read.
pub const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// Folders deeper than this are not searched for articles.
const MAX_DEPTH: usize = 8;

/// How to load a content folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Publish articles marked `draft: true`.
    pub drafts: bool,
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
#[derive(Debug, Default)]
pub struct Library {
    articles: BTreeMap<String, Arc<Article>>,
    summaries: Vec<ArticleSummary>,
    /// Errors (articles left out) and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// Builds a library from parsed articles, checking slugs and links across the collection.
    pub fn from_parsed(parsed: Vec<(PathBuf, Parsed)>, mut diagnostics: Vec<Diagnostic>) -> Library {
        let mut articles: BTreeMap<String, Arc<Article>> = BTreeMap::new();
        let mut paths: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut links: Vec<(PathBuf, ArticleLink)> = Vec::new();
        for (path, p) in parsed {
            diagnostics.extend(p.warnings);
            let slug = p.article.slug.clone();
            if let Some(first) = paths.get(&slug) {
                diagnostics.push(Diagnostic::error(
                    &path,
                    1,
                    format!(
                        "duplicate slug `{slug}`: {} already uses it; rename one of the files",
                        first.display()
                    ),
                ));
                continue;
            }
            links.extend(p.links.into_iter().map(|l| (path.clone(), l)));
            paths.insert(slug.clone(), path);
            articles.insert(slug, Arc::new(p.article));
        }
        for (path, link) in links {
            if !articles.contains_key(&link.slug) {
                diagnostics.push(Diagnostic::warning(
                    &path,
                    link.line,
                    format!("link to `{}.md`, but there is no such article", link.slug),
                ));
            }
        }
        let mut summaries: Vec<ArticleSummary> = articles.values().map(|a| ArticleSummary::from(a.as_ref())).collect();
        summaries.sort_by_key(|s| s.title.to_lowercase());
        Library {
            articles,
            summaries,
            diagnostics,
        }
    }

    /// Reads and parses every `*.md` article under `dir` (a `README.md` is documentation, not an article).
    pub fn load(dir: &Path, opts: LoadOptions) -> Result<Library, LoadError> {
        let mut files = Vec::new();
        collect_files(dir, 0, &mut files).map_err(|source| LoadError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        files.sort();
        let mut parsed = Vec::new();
        let mut diagnostics = Vec::new();
        for path in files {
            match load_file(&path) {
                Ok(p) if p.draft && !opts.drafts => {}
                Ok(p) => parsed.push((path, p)),
                Err(mut d) => diagnostics.append(&mut d),
            }
        }
        Ok(Library::from_parsed(parsed, diagnostics))
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

    /// One article by slug.
    pub fn article(&self, slug: &str) -> Option<Arc<Article>> {
        self.articles.get(slug).cloned()
    }

    /// Number of errors (articles left out or collection problems).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".md") && !name.starts_with('.') && !name.eq_ignore_ascii_case("readme.md")
}

fn collect_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if ty.is_dir() && !hidden && depth < MAX_DEPTH {
            // An unreadable subfolder should not hide the rest of the content.
            let _ = collect_files(&path, depth + 1, out);
        } else if is_article_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// The slug a file is served under: its name without `.md`, made URL-safe.
pub fn slug_for(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    markdown::slugify(stem)
}

/// Reads and parses one article file.
pub fn load_file(path: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let io_err = |e: std::io::Error| vec![Diagnostic::error(path, 1, format!("cannot read the file: {e}"))];
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(vec![Diagnostic::error(
            path,
            1,
            format!(
                "the file is {} bytes; articles are limited to {MAX_ARTICLE_BYTES} bytes",
                meta.len()
            ),
        )]);
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
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
    if stem != slug {
        parsed.warnings.push(Diagnostic::warning(
            path,
            1,
            format!("the file name is not a clean address; it is served as `{slug}`: rename it to `{slug}.md`"),
        ));
    }
    Ok(parsed)
}
