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

impl SearchIndex {
    /// The listed guides whose names are nearest `query` by letters, nearest first (ties by
    /// title); none when nothing shares enough. Only guides sharing a trigram with the query
    /// are looked at (counted from the trigram → guides table), so the cost follows how many
    /// guides share its trigrams, not how many there are.
    pub(super) fn closest(&self, query: &str) -> Vec<GuideLink> {
        let q = trigrams(query);
        if q.is_empty() {
            return Vec::new();
        }
        let tables = &self.tables;
        let mut counts = vec![0u16; tables.next_article as usize];
        let mut touched = Vec::new();
        for g in &q {
            for &a in tables.gram_guides.get(g).map_or(&[][..], Vec::as_slice) {
                let n = &mut counts[a as usize];
                if *n == 0 {
                    touched.push(a);
                }
                *n = n.saturating_add(1);
            }
        }
        let mut near: Vec<(f32, &str, &str)> = touched
            .into_iter()
            .filter_map(|no| {
                let n = usize::from(counts[no as usize]);
                let a = tables.articles.get(&no)?;
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
}
