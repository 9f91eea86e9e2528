//! The link pass: links between articles, links to anchors, and images, checked against the
//! whole collection once every article is parsed (as Zola's `link_checking` does).

use super::markdown;
use super::suggest::closest;
use super::Diagnostic;
use app::model::Article;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where something is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// An image (or other file) the article refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The address as written.
    pub url: String,
    /// Where it is written.
    pub pos: Pos,
}

/// A link from this article to another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLink {
    /// Target slug.
    pub slug: String,
    /// Anchor in the target, if any.
    pub anchor: Option<String>,
    /// 1-based line of the link.
    pub line: u32,
    /// 1-based column of the link.
    pub col: u32,
}

/// The anchors a link can point to in an article's whole view: each fix (`fix-<cause>` or the
/// cause's id) and each extra section.
pub fn anchors_of(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &article.causes {
        out.push(format!("fix-{}", c.id));
        out.push(c.id.clone());
    }
    out.extend(article.extra.iter().map(|s| s.id.clone()));
    out.extend(article.see_also.iter().map(|s| s.id.clone()));
    out
}

/// A hint for a link to a missing anchor: the closest known one, or the list.
fn anchor_hint(anchor: &str, known: &[String]) -> String {
    match closest(anchor, known.iter().map(String::as_str)) {
        Some(k) => format!("did you mean `#{k}`?"),
        None if known.is_empty() => "the article has no anchors to link to".to_string(),
        None => format!(
            "anchors are `fix-<cause>` or a section's id, e.g. {}",
            known
                .iter()
                .take(4)
                .map(|k| format!("`#{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Links to `#anchor`s within `article` that name no anchor of its own. They are errors (they
/// fail `fixpath check`) that do not keep the article offline.
pub(super) fn check_anchors(path: &Path, article: &Article, anchors: &[(String, Pos)]) -> Vec<Diagnostic> {
    let known = anchors_of(article);
    anchors
        .iter()
        .filter(|(anchor, _)| !anchor.is_empty() && !known.contains(anchor))
        .map(|(anchor, pos)| {
            Diagnostic::error(
                path,
                pos.line,
                format!("link to `#{anchor}`, but this article has no such anchor"),
            )
            .at_col(pos.col)
            .with_hint(anchor_hint(anchor, &known))
        })
        .collect()
}

/// The articles marked `draft: true`, by slug, and the files they are in.
#[derive(Debug, Default, Clone)]
pub(super) struct Drafts {
    pub(super) slugs: std::collections::BTreeSet<String>,
    pub(super) files: std::collections::BTreeSet<PathBuf>,
}

/// Checks every link between articles against the published ones: the article must exist and
/// have the anchor linked to. A link from a published article to a draft is a warning: readers
/// of a server that does not publish drafts get "not found" there.
pub(super) fn link_diagnostics(
    articles: &BTreeMap<String, Arc<Article>>,
    links: &[(PathBuf, ArticleLink)],
    drafts: &Drafts,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, link) in links {
        if drafts.slugs.contains(&link.slug) && !drafts.files.contains(path) {
            out.push(
                Diagnostic::warning(path, link.line, format!("link to `{}.md`, which is a draft", link.slug))
                    .at_col(link.col)
                    .with_hint("readers get “not found” there until it is published: remove `draft: true` from it first, or make this article a draft too"),
            );
        }
        let Some(target) = articles.get(&link.slug) else {
            if drafts.slugs.contains(&link.slug) {
                continue;
            }
            let hint = match closest(&link.slug, articles.keys().map(String::as_str)) {
                Some(k) => format!("did you mean `{k}.md`?"),
                None => "link to the file name of an article in the content folder, e.g. `camera-offline.md`".into(),
            };
            out.push(
                Diagnostic::error(
                    path,
                    link.line,
                    format!("link to `{}.md`, but there is no such article", link.slug),
                )
                .at_col(link.col)
                .with_hint(hint),
            );
            continue;
        };
        if let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) {
            let known = anchors_of(target);
            if !known.iter().any(|k| k == anchor || *k == markdown::slugify(anchor)) {
                out.push(
                    Diagnostic::error(
                        path,
                        link.line,
                        format!(
                            "link to `{}.md#{anchor}`, but that article has no such anchor",
                            link.slug
                        ),
                    )
                    .at_col(link.col)
                    .with_hint(anchor_hint(anchor, &known)),
                );
            }
        }
    }
    out
}

/// Reports images whose files are not in `public`: addresses must start at the site root
/// (`/images/a.png`, served from `public/images/a.png`) or be full `https://` URLs.
pub(super) fn check_images(path: &Path, images: &[Reference], public: &Path, out: &mut Vec<Diagnostic>) {
    for img in images {
        let url = img.url.as_str();
        if url.contains("://") || url.starts_with("data:") || url.starts_with("//") {
            continue;
        }
        let clean = url.split(['?', '#']).next().unwrap_or("");
        let Some(rel) = clean.strip_prefix('/') else {
            out.push(
                Diagnostic::error(path, img.pos.line, format!("image `{url}` has a relative address"))
                    .at_col(img.pos.col)
                    .with_hint(format!(
                        "put the file in `{}` and write its address from the site root, e.g. `/{}`",
                        public.display(),
                        clean.trim_start_matches("./").trim_start_matches("../")
                    )),
            );
            continue;
        };
        let escapes = rel.split('/').any(|c| c == "..");
        let file = public.join(rel);
        if escapes || !file.is_file() {
            out.push(
                Diagnostic::error(path, img.pos.line, format!("image `{url}` does not exist"))
                    .at_col(img.pos.col)
                    .with_hint(format!("add the file as `{}`", file.display())),
            );
        }
    }
}
