//! Browsing at any size: what the home page shows (sections and tags with counts, recently
//! updated, and the whole list only for a small site), and section and tag pages with stable,
//! numbered pages.

use crate::model::{Article, ArticleSummary, Rich, Section, SectionLink};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Articles on one tag page (and one API page by default).
pub const PER_PAGE: usize = 50;
/// Up to this many articles, the home page lists them all, grouped by tag.
pub const SMALL_SITE: usize = 60;
/// Recently updated articles the home page shows.
pub const RECENT: usize = 10;
/// The tag articles without tags are listed under.
pub const UNTAGGED: &str = "other";

/// A tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    /// The tag.
    pub tag: String,
    /// Articles with it.
    pub count: usize,
}

/// What the home page needs, whatever the size of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Listed articles.
    pub total: usize,
    /// Every tag with its count, most used first (untagged articles under [`UNTAGGED`], last).
    pub tags: Vec<TagCount>,
    /// The most recently updated articles, newest first.
    pub recent: Vec<ArticleSummary>,
    /// Every article, for a site of at most [`SMALL_SITE`] articles (the home page then lists
    /// them by tag); `None` for a larger one.
    pub all: Option<Vec<ArticleSummary>>,
    /// The top-level sections (folders) with listed articles, by title.
    #[serde(default)]
    pub sections: Vec<SectionCount>,
    /// The content folder's own index page (`index.md`), introducing the site: its text before
    /// the first heading, and its sections.
    #[serde(default)]
    pub intro: Rich,
    /// See `intro`.
    #[serde(default)]
    pub intro_sections: Vec<Section>,
}

/// A known section: every folder a listed article is in, and every folder with an index page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionInfo {
    /// Its title.
    pub title: String,
    /// Listed articles in it and in its subsections.
    pub count: usize,
}

/// Every known section by its address.
pub type Sections = BTreeMap<String, SectionInfo>;

/// A section and how many listed articles it holds, subsections included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionCount {
    /// Its address and title.
    pub link: SectionLink,
    /// Listed articles in it and its subsections.
    pub count: usize,
}

/// One page of a section: its introduction, subsections, and the articles directly in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPage {
    /// The section.
    pub link: SectionLink,
    /// The sections it is in, outermost first.
    pub crumbs: Vec<SectionLink>,
    /// Its index page's text before the first heading.
    pub intro: Rich,
    /// Its index page's sections.
    pub intro_sections: Vec<Section>,
    /// Its subsections with counts, by title.
    pub subsections: Vec<SectionCount>,
    /// Articles directly in it.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Number of pages (1 for a section with subsections only).
    pub pages: usize,
    /// This page's articles, by title.
    pub items: Vec<ArticleSummary>,
}

/// `a`, `a/b`, `a/b/c` for the section `a/b/c`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(move |(i, _)| &path[..i])
        .chain(std::iter::once(path))
}

/// Adds to `titles` the title each listed article's breadcrumbs give its folders, for the
/// folders `titles` does not name yet (an index page's title comes first).
pub fn add_trail_titles<'a>(titles: &mut BTreeMap<String, String>, articles: impl IntoIterator<Item = &'a Article>) {
    for a in articles.into_iter().filter(|a| !a.unlisted) {
        for l in &a.section {
            titles.entry(l.path.clone()).or_insert_with(|| l.title.clone());
        }
    }
}

/// The parent of a section's address (`""` for a top-level one).
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Every known section with its count: `titles` names each section (every folder an article is
/// in and every folder with an index page); articles in `all` are counted in their section and
/// each one above it.
pub fn count_sections(all: &[ArticleSummary], titles: BTreeMap<String, String>) -> Sections {
    let mut out: Sections = titles
        .into_iter()
        .map(|(path, title)| (path, SectionInfo { title, count: 0 }))
        .collect();
    for a in all {
        for p in a.section.iter().flat_map(|s| prefixes(s)) {
            if let Some(info) = out.get_mut(p) {
                info.count += 1;
            }
        }
    }
    out
}

/// The sections directly under `parent` (`""` for the top) that hold listed articles, by title.
pub fn children(sections: &Sections, parent: &str) -> Vec<SectionCount> {
    let mut out: Vec<SectionCount> = sections
        .iter()
        .filter(|(path, info)| !path.is_empty() && info.count > 0 && parent_of(path) == parent)
        .map(|(path, info)| SectionCount {
            link: SectionLink {
                path: path.clone(),
                title: info.title.clone(),
            },
            count: info.count,
        })
        .collect();
    out.sort_by_key(|s| s.link.title.to_lowercase());
    out
}

/// Page `page` of the section at `path`, without its index page's text (the caller adds it);
/// `None` for an unknown section or a page past the last.
pub fn section_page(all: &[ArticleSummary], sections: &Sections, path: &str, page: usize) -> Option<SectionPage> {
    if path.is_empty() || !sections.contains_key(path) {
        return None;
    }
    let direct: Vec<&ArticleSummary> = all.iter().filter(|a| a.section.as_deref() == Some(path)).collect();
    // A section with subsections only still has its first page.
    let (total, pages, items) = numbered_page(direct, page)?;
    let link = |p: &str| SectionLink {
        path: p.to_string(),
        title: sections.get(p).map_or_else(|| p.to_string(), |s| s.title.clone()),
    };
    Some(SectionPage {
        link: link(path),
        crumbs: prefixes(path).filter(|p| *p != path).map(link).collect(),
        intro: Rich::default(),
        intro_sections: vec![],
        subsections: children(sections, path),
        total,
        page,
        pages,
        items,
    })
}

/// Page `page` (from 1) of `items`, [`PER_PAGE`] to a page: `(total, pages, this page's items)`;
/// `None` past the last page. An empty list has one empty page.
fn numbered_page(items: Vec<&ArticleSummary>, page: usize) -> Option<(usize, usize, Vec<ArticleSummary>)> {
    let total = items.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    if page == 0 || page > pages {
        return None;
    }
    let this = items
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .cloned()
        .collect();
    Some((total, pages, this))
}

/// One page of a tag's articles, by title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPage {
    /// The tag.
    pub tag: String,
    /// Articles with the tag.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// This page's articles.
    pub items: Vec<ArticleSummary>,
}

/// The tags an article is listed under.
fn tags_of(a: &ArticleSummary) -> impl Iterator<Item = &str> {
    let untagged = a.tags.is_empty().then_some(UNTAGGED);
    a.tags.iter().map(String::as_str).chain(untagged)
}

/// The home page's view of `all` (sorted by title, as the library keeps them).
pub fn overview(all: &[ArticleSummary], sections: &Sections) -> Overview {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in all {
        // A tag written twice on one article counts once, as its tag page lists it once.
        let mut mine: Vec<&str> = tags_of(a).collect();
        mine.sort_unstable();
        mine.dedup();
        for t in mine {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut tags: Vec<TagCount> = counts
        .into_iter()
        .map(|(tag, count)| TagCount {
            tag: tag.to_string(),
            count,
        })
        .collect();
    tags.sort_by(|a, b| {
        (a.tag == UNTAGGED)
            .cmp(&(b.tag == UNTAGGED))
            .then(b.count.cmp(&a.count))
            .then(a.tag.cmp(&b.tag))
    });
    Overview {
        total: all.len(),
        tags,
        recent: recently_updated(all, RECENT),
        all: (all.len() <= SMALL_SITE).then(|| all.to_vec()),
        sections: children(sections, ""),
        intro: Rich::default(),
        intro_sections: vec![],
    }
}

/// The `n` most recently updated articles of `all`, newest first (on the same day, by title);
/// articles without a date are left out. The home page and the Atom feed list these.
pub fn recently_updated(all: &[ArticleSummary], n: usize) -> Vec<ArticleSummary> {
    let mut dated: Vec<&ArticleSummary> = all.iter().filter(|a| a.updated.is_some()).collect();
    dated.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.title.cmp(&b.title)));
    dated.into_iter().take(n).cloned().collect()
}

/// Page `page` (from 1) of the articles tagged `tag`; `None` when no article has the tag or
/// the page is past the last.
pub fn tag_page(all: &[ArticleSummary], tag: &str, page: usize) -> Option<TagPage> {
    let tagged: Vec<&ArticleSummary> = all.iter().filter(|a| tags_of(a).any(|t| t == tag)).collect();
    // A tag no article has has no page at all.
    if tagged.is_empty() {
        return None;
    }
    let (total, pages, items) = numbered_page(tagged, page)?;
    Some(TagPage {
        tag: tag.to_string(),
        total,
        page,
        pages,
        items,
    })
}

/// A page number from a query string: absent is 1; anything but a whole number of at least 1
/// is `None`.
pub fn parse_page(raw: Option<&str>) -> Option<usize> {
    match raw {
        None | Some("") => Some(1),
        Some(s) if s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0') => s.parse().ok(),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleKind;

    fn a(slug: &str, tags: &[&str], updated: Option<&str>) -> ArticleSummary {
        ArticleSummary {
            section: None,
            slug: slug.into(),
            kind: ArticleKind::Tree,
            title: slug.into(),
            summary: String::new(),
            tags: tags.iter().map(ToString::to_string).collect(),
            updated: updated.map(str::to_string),
        }
    }

    #[test]
    fn the_overview_counts_tags_and_keeps_the_newest() {
        let all = vec![
            a("a", &["camera"], Some("2026-01-01")),
            a("b", &["camera", "wifi", "camera"], Some("2026-03-01")),
            a("c", &[], None),
            a("d", &["wifi"], Some("2026-02-01")),
        ];
        let o = overview(&all, &Sections::new());
        let tags: Vec<(&str, usize)> = o.tags.iter().map(|t| (t.tag.as_str(), t.count)).collect();
        assert_eq!(tags, [("camera", 2), ("wifi", 2), ("other", 1)]);
        let recent: Vec<&str> = o.recent.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(recent, ["b", "d", "a"]);
        assert_eq!(o.all.as_ref().map(Vec::len), Some(4));
        let big: Vec<ArticleSummary> = (0..=SMALL_SITE).map(|i| a(&format!("x{i}"), &["t"], None)).collect();
        assert!(
            overview(&big, &Sections::new()).all.is_none(),
            "a large site is not listed whole"
        );
    }

    #[test]
    fn sections_count_their_subsections_and_page_their_own_articles() {
        let mut all: Vec<ArticleSummary> = (0..60)
            .map(|i| ArticleSummary {
                section: Some("cameras/nvr".into()),
                ..a(&format!("n{i:02}"), &[], None)
            })
            .collect();
        all.push(ArticleSummary {
            section: Some("cameras".into()),
            ..a("c", &[], None)
        });
        all.push(a("top", &[], None));
        let titles = [
            ("cameras", "Cameras"),
            ("cameras/nvr", "NVR recorders"),
            ("empty", "Empty"),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .into();
        let sections = count_sections(&all, titles);
        assert_eq!(sections["cameras"].count, 61);
        assert_eq!(sections["cameras/nvr"].count, 60);
        let top = children(&sections, "");
        assert_eq!(top.len(), 1, "a section with no listed article is not offered: {top:?}");
        assert_eq!((top[0].link.title.as_str(), top[0].count), ("Cameras", 61));
        assert_eq!(overview(&all, &sections).sections, top);

        let cameras = section_page(&all, &sections, "cameras", 1).unwrap();
        assert_eq!((cameras.total, cameras.pages, cameras.items.len()), (1, 1, 1));
        assert_eq!(cameras.subsections[0].link.path, "cameras/nvr");
        assert!(cameras.crumbs.is_empty());
        let nvr2 = section_page(&all, &sections, "cameras/nvr", 2).unwrap();
        assert_eq!((nvr2.total, nvr2.pages, nvr2.items.len()), (60, 2, 10));
        assert_eq!(nvr2.items[0].slug, "n50");
        assert_eq!(
            nvr2.crumbs,
            [SectionLink {
                path: "cameras".into(),
                title: "Cameras".into()
            }]
        );
        assert!(section_page(&all, &sections, "cameras/nvr", 3).is_none());
        assert!(section_page(&all, &sections, "nope", 1).is_none());
        assert!(
            section_page(&all, &sections, "", 1).is_none(),
            "the top is the home page"
        );
        assert_eq!(
            section_page(&all, &sections, "empty", 1).unwrap().pages,
            1,
            "an index page alone"
        );
    }

    #[test]
    fn tag_pages_are_numbered_and_bounded() {
        let all: Vec<ArticleSummary> = (0..120).map(|i| a(&format!("x{i:03}"), &["t"], None)).collect();
        let p1 = tag_page(&all, "t", 1).unwrap();
        assert_eq!((p1.total, p1.pages, p1.items.len()), (120, 3, 50));
        assert_eq!(p1.items[0].slug, "x000");
        let p3 = tag_page(&all, "t", 3).unwrap();
        assert_eq!((p3.items.len(), p3.items[0].slug.as_str()), (20, "x100"));
        assert!(tag_page(&all, "t", 4).is_none());
        assert!(tag_page(&all, "t", 0).is_none());
        assert!(tag_page(&all, "nope", 1).is_none());
        assert_eq!(parse_page(None), Some(1));
        assert_eq!(parse_page(Some("2")), Some(2));
        for bad in ["0", "02", "-1", "x", "1e3", "9999999"] {
            assert_eq!(parse_page(Some(bad)), None, "{bad}");
        }
    }
}
