//! The closest guides, for a search that found nothing: titles (and aliases, keywords, tags)
//! that share the most letter trigrams with the query, as PostgreSQL's `pg_trgm` compares
//! words. It catches what word matching cannot: words run together (`firmwareupdate`), three
//! typos in one word, a half-remembered title.

use super::SearchIndex;
use app::hits::GuideLink;
use app::tree::{node_href, Node, Trail};

/// At most this many closest guides are offered.
const CLOSEST: usize = 5;

/// A guide must share at least this many trigrams with the query…
const MIN_SHARED: usize = 3;
/// …and this share of both sets' union (Jaccard similarity) to be offered.
const MIN_SIMILARITY: f32 = 0.08;

/// The sorted, distinct trigrams of `text`'s words (lowercased letters and digits; each word
/// padded with two spaces before and one after, so starts of words weigh more).
pub(super) fn trigrams(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let chars: Vec<char> = ['\0', '\0']
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase))
            .chain(['\0'])
            .collect();
        out.extend(
            chars
                .windows(3)
                .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2])),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How many trigrams two sorted sets share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl SearchIndex {
    /// The listed guides whose names are nearest `query` by letters, nearest first (ties by
    /// title); none when nothing shares enough. Linear in the number of guides.
    pub(super) fn closest(&self, query: &str) -> Vec<GuideLink> {
        let q = trigrams(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut near: Vec<(f32, &str, &str)> = self
            .tables
            .articles
            .values()
            // Unlisted guides have no documents: they are found by their address only.
            .filter(|a| !a.nodes.is_empty())
            .filter_map(|a| {
                let n = shared(&q, &a.grams);
                let similarity = n as f32 / (q.len() + a.grams.len() - n) as f32;
                (n >= MIN_SHARED && similarity >= MIN_SIMILARITY).then_some((
                    similarity,
                    a.title.as_str(),
                    a.slug.as_str(),
                ))
            })
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        near.into_iter()
            .take(CLOSEST)
            .map(|(_, title, slug)| GuideLink {
                title: title.to_string(),
                url: node_href(slug, &Node::Start, &Trail::default()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_of_words_padded_and_lowercased() {
        assert_eq!(trigrams("Ab"), trigrams("ab"));
        // "  ab ": "  a", " ab", "ab ".
        assert_eq!(trigrams("ab").len(), 3);
        assert_eq!(trigrams("ab, ab"), trigrams("ab"));
        assert!(trigrams("!!").is_empty());
    }

    #[test]
    fn shared_counts_common_trigrams() {
        let a = trigrams("firmware flash failed");
        let b = trigrams("firmwareflash");
        assert!(shared(&a, &b) >= 6, "{}", shared(&a, &b));
        assert_eq!(shared(&a, &trigrams("zebra")), 0);
        assert_eq!(shared(&a, &a), a.len());
    }
}
