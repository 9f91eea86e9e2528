//! Old addresses. A front-matter alias that is a path on this site (`/kb/flash-failed/`, as Hugo
//! writes them) is where the article used to be: a request there, or for any step under it
//! (`/articles/old-name/fix/power/1?tried=…`), is redirected to the same place in the article,
//! so links in old tickets, bookmarks and other sites keep working after a file is renamed or
//! moved. Only addresses nothing else answers are redirected (see `server::moved`).

use app::model::Article;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Longest old address, in bytes.
pub const MAX_PATH_BYTES: usize = 512;
/// Most `/`-separated parts in an old address; a request is matched against at most this many
/// of its leading parts, however long its path.
pub const MAX_SEGMENTS: usize = 16;

/// An alias written as a path, normalised as requests are compared with it (no trailing `/`,
/// characters outside ASCII percent-encoded), or why it cannot be an old address.
pub fn normalise(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if !raw.starts_with('/') || raw.starts_with("//") {
        return Err(format!(
            "`{raw}` is not a path on this site: write it as `/old/address`"
        ));
    }
    if raw.len() > MAX_PATH_BYTES {
        return Err(format!("the old address is longer than {MAX_PATH_BYTES} bytes"));
    }
    if let Some(c) = raw
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'))
    {
        return Err(format!(
            "`{raw}` has {c:?} in it: an old address is a path, without a query, fragment or spaces"
        ));
    }
    let trimmed = raw.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("`/` is the home page, not an old address".into());
    }
    let segments: Vec<&str> = trimmed[1..].split('/').collect();
    if segments.len() > MAX_SEGMENTS {
        return Err(format!("`{raw}` has more than {MAX_SEGMENTS} parts"));
    }
    if segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return Err(format!("`{raw}` has an empty, `.` or `..` part"));
    }
    let mut out = String::with_capacity(trimmed.len());
    for b in trimmed.bytes() {
        if b.is_ascii() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// The address of the article `slug`.
fn article_path(slug: &str) -> String {
    format!("/articles/{slug}")
}

/// An old address no article gets: another one already claims it, or an article is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The article whose alias it is.
    pub slug: String,
    /// The address.
    pub path: String,
    /// The article that keeps it: the one that claimed it first (by slug), or the one there.
    pub holder: String,
    /// True when `holder` is the article at that address.
    pub is_there: bool,
}

/// Old addresses → the article each now is.
#[derive(Debug, Clone, Default)]
pub struct Moved {
    to: HashMap<String, String>,
}

impl Moved {
    /// The old addresses of `articles` (by slug, the first claim of an address wins); an address
    /// that is an article's own is no old address. Also returns the aliases left out.
    pub fn build(articles: &BTreeMap<String, Arc<Article>>) -> (Moved, Vec<Conflict>) {
        let mut to: HashMap<String, String> = HashMap::new();
        let mut conflicts = Vec::new();
        for (slug, article) in articles {
            for path in &article.moved_from {
                let there = path.strip_prefix("/articles/").filter(|s| articles.contains_key(*s));
                let holder = match (there, to.get(path)) {
                    (Some(s), _) => Some((s.to_string(), true)),
                    (None, Some(first)) if first != slug => Some((first.clone(), false)),
                    (None, Some(_)) => continue,
                    (None, None) => None,
                };
                match holder {
                    Some((holder, is_there)) => conflicts.push(Conflict {
                        slug: slug.clone(),
                        path: path.clone(),
                        holder,
                        is_there,
                    }),
                    None => {
                        to.insert(path.clone(), slug.clone());
                    }
                }
            }
        }
        (Moved { to }, conflicts)
    }

    /// Where a request for `path` (with `query`) goes now: the article whose old address is the
    /// longest leading part of `path`, with the rest of the path and the query kept. `None`
    /// when no old address matches.
    pub fn resolve(&self, path: &str, query: Option<&str>) -> Option<String> {
        if self.to.is_empty() || !path.starts_with('/') {
            return None;
        }
        let path = match path.trim_end_matches('/') {
            "" => return None,
            p => p,
        };
        // Where each leading part ends: before each later `/`, and at the end.
        let mut ends: Vec<usize> = path
            .match_indices('/')
            .skip(1)
            .map(|(i, _)| i)
            .take(MAX_SEGMENTS)
            .collect();
        if ends.len() < MAX_SEGMENTS {
            ends.push(path.len());
        }
        let (end, slug) = ends
            .iter()
            .rev()
            .filter(|&&end| end <= MAX_PATH_BYTES * 3)
            .find_map(|&end| Some((end, self.to.get(&path[..end])?)))?;
        let mut to = article_path(slug);
        to.push_str(&path[end..]);
        if let Some(q) = query.filter(|q| !q.is_empty()) {
            to.push('?');
            to.push_str(q);
        }
        Some(to)
    }

    /// How many old addresses there are.
    pub fn len(&self) -> usize {
        self.to.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(slug: &str, moved_from: &[&str]) -> (String, Arc<Article>) {
        let mut a = Article::empty(app::model::ArticleKind::Tree);
        a.slug = slug.into();
        a.moved_from = moved_from.iter().map(|p| normalise(p).unwrap()).collect();
        (slug.into(), Arc::new(a))
    }

    #[test]
    fn old_addresses_are_normalised_or_refused() {
        assert_eq!(normalise(" /kb/flash-failed/ ").unwrap(), "/kb/flash-failed");
        assert_eq!(normalise("/kb/café").unwrap(), "/kb/caf%C3%A9");
        for bad in [
            "kb/x",
            "//evil.example/x",
            "/",
            "///",
            "/a//b",
            "/a/../b",
            "/a?b=1",
            "/a#b",
            "/a b",
            "/a\\b",
            "/a\u{7}",
        ] {
            assert!(normalise(bad).is_err(), "{bad:?}");
        }
        assert!(normalise(&format!("/{}", "a".repeat(MAX_PATH_BYTES))).is_err());
        assert!(normalise(&"/a".repeat(MAX_SEGMENTS + 1)).is_err());
        assert!(normalise(&"/a".repeat(MAX_SEGMENTS)).is_ok());
    }

    #[test]
    fn a_request_under_an_old_address_keeps_its_step_and_query() {
        let articles: BTreeMap<_, _> = [
            article("flash-failed", &["/articles/upgrade-failed", "/kb/flash/"]),
            article("nested", &["/kb/flash/deeper"]),
        ]
        .into_iter()
        .collect();
        let (moved, conflicts) = Moved::build(&articles);
        assert!(conflicts.is_empty(), "{conflicts:?}");
        assert_eq!(moved.len(), 3);
        let at = |p: &str, q: Option<&str>| moved.resolve(p, q);
        assert_eq!(at("/kb/flash", None).as_deref(), Some("/articles/flash-failed"));
        assert_eq!(at("/kb/flash/", Some("")).as_deref(), Some("/articles/flash-failed"));
        assert_eq!(
            at("/articles/upgrade-failed/fix/power/1", Some("tried=power")).as_deref(),
            Some("/articles/flash-failed/fix/power/1?tried=power")
        );
        // The longest old address wins.
        assert_eq!(at("/kb/flash/deeper/x", None).as_deref(), Some("/articles/nested/x"));
        // Only whole parts match.
        assert_eq!(at("/kb/flashy", None), None);
        assert_eq!(at("/articles/upgrade-failed-2", None), None);
        assert_eq!(at("/", None), None);
        assert_eq!(at("/other", None), None);
        // A hostile path costs at most MAX_SEGMENTS lookups.
        let long = format!("/kb/flash{}", "/x".repeat(10_000));
        assert!(at(&long, None).is_some_and(|to| to.starts_with("/articles/flash-failed/x/x")));
        assert_eq!(at(&format!("{}/kb/flash", "/x".repeat(MAX_SEGMENTS)), None), None);
    }

    #[test]
    fn an_address_claimed_twice_or_taken_goes_to_the_first_or_the_article_there() {
        let articles: BTreeMap<_, _> = [
            article("a", &["/kb/same", "/articles/b"]),
            article("b", &["/kb/same", "/kb/only-b"]),
        ]
        .into_iter()
        .collect();
        let (moved, conflicts) = Moved::build(&articles);
        assert_eq!(moved.resolve("/kb/same", None).as_deref(), Some("/articles/a"));
        assert_eq!(moved.resolve("/kb/only-b", None).as_deref(), Some("/articles/b"));
        assert_eq!(moved.resolve("/articles/b", None), None);
        assert_eq!(
            conflicts,
            [
                Conflict {
                    slug: "a".into(),
                    path: "/articles/b".into(),
                    holder: "b".into(),
                    is_there: true
                },
                Conflict {
                    slug: "b".into(),
                    path: "/kb/same".into(),
                    holder: "a".into(),
                    is_there: false
                },
            ]
        );
    }
}
