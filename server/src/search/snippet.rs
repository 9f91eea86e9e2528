//! Snippets: the part of a node's text around the words that matched, split into marked and
//! plain parts so the page builds `<mark>` elements instead of injecting HTML.

use app::hits::SnippetPart;
use std::collections::HashSet;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// How long a snippet may be, in bytes (snapped to word boundaries).
const WINDOW: usize = 200;

/// The ways one searched word may match a text: each alternative's stems (all must be there)
/// and its weight (how it matched, typed 1 and corrected or related less, times how rare it
/// is), for choosing where a hit lands.
pub(super) type Concept = Vec<(Vec<String>, f32)>;

/// What counts as a match inside a text.
pub(super) struct Matcher {
    /// Analysed (stemmed, lowercased) query tokens.
    pub stems: HashSet<String>,
    /// Lowercased query words long enough to allow typos, with how many each allows.
    pub fuzzy_words: Vec<(String, u8)>,
    /// The unfinished last word, matched as a prefix of raw words.
    pub prefix: Option<String>,
    /// Each searched word's ways of matching, with their weights: a hit lands on the branch
    /// that has the most of the query's distinctive words.
    pub concepts: Vec<Concept>,
}

impl Matcher {
    fn matches(&self, stem: &str, raw: &str) -> bool {
        if self.stems.contains(stem) {
            return true;
        }
        if let Some(p) = &self.prefix {
            if p.len() >= 2 && raw.starts_with(p.as_str()) {
                return true;
            }
        }
        self.fuzzy_words.iter().any(|(w, distance)| {
            let allowed = usize::from(*distance);
            w.len().abs_diff(raw.len()) <= allowed && strsim::damerau_levenshtein(w, raw) <= allowed
        })
    }
}

/// The snippet of `text` for `matcher`: the window around its first match, with the matches
/// in it marked. The text is analysed up to the end of that window only (a fix's steps run to
/// kilobytes; the window is [`WINDOW`] bytes): the same parts as marking the whole text.
pub(super) fn snippet(analyzer: &mut TextAnalyzer, matcher: &Matcher, text: &str) -> Vec<SnippetPart> {
    build(text, &matches(analyzer, matcher, text, Some(SHOWN_AFTER_FIRST)))
}

/// How far past the start of the first match a mark may still be shown: the window, which
/// starts at or before that match, and the bytes of a character its end may be moved over.
const SHOWN_AFTER_FIRST: usize = WINDOW + 4;

/// Byte ranges in `text` whose tokens match: all of them, or (`until`) those that begin up to
/// that many bytes after the first one begins, and the parts of a technical token that runs on
/// from there.
fn matches(analyzer: &mut TextAnalyzer, matcher: &Matcher, text: &str, until: Option<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        let past = until
            .zip(out.first())
            .is_some_and(|(n, first)| t.offset_from > first.0 + n);
        let raw = text.get(t.offset_from..t.offset_to).unwrap_or("").to_lowercase();
        if !matcher.matches(&t.text, &raw) {
            if past {
                break;
            }
            continue;
        }
        // Join the parts of one technical token (`ERR_CERT_DATE_INVALID`, `169.254`) into one mark.
        let joined = out.last_mut().filter(|last| {
            text.get(last.1..t.offset_from).is_some_and(|gap| {
                !gap.is_empty() && gap.len() <= 2 && gap.chars().all(|c| matches!(c, '_' | '.' | '-' | '/' | ':'))
            })
        });
        match joined {
            Some(last) => last.1 = t.offset_to,
            None if past => break,
            None => out.push((t.offset_from, t.offset_to)),
        }
    }
    out
}

/// The window of `text` around its first match (or its start), split into parts.
fn build(text: &str, hits: &[(usize, usize)]) -> Vec<SnippetPart> {
    let first = hits.first().map_or(0, |h| h.0);
    let mut start = first.saturating_sub(WINDOW / 3);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        // Begin at a word start.
        start = text[start..]
            .find(char::is_whitespace)
            .map(|i| start + i + 1)
            .filter(|s| *s <= first)
            .unwrap_or(start);
    }
    let mut end = (start + WINDOW).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|e| *e > first)
            .unwrap_or(end);
    }
    let mut parts = Vec::new();
    let mut push = |s: &str, hit: bool| {
        if s.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(SnippetPart { text, hit: h }) if *h == hit => text.push_str(s),
            _ => parts.push(SnippetPart {
                text: s.to_string(),
                hit,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut pos = start;
    let on_boundaries = |a: usize, b: usize| text.is_char_boundary(a) && text.is_char_boundary(b);
    for &(a, b) in hits
        .iter()
        .filter(|(a, b)| *a >= start && *b <= end && on_boundaries(*a, *b))
    {
        if a < pos {
            continue;
        }
        push(&text[pos..a], false);
        push(&text[a..b], true);
        pos = b;
    }
    push(&text[pos..end], false);
    if end < text.len() {
        push("…", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_marks_the_matches() {
        let text = "Re-download the firmware. Compare the SHA-256 to the vendor's published hash before flashing.";
        let a = text.find("SHA").unwrap();
        let parts = build(text, &[(a, a + 3)]);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        assert_eq!(
            parts
                .iter()
                .filter(|p| p.hit)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["SHA"]
        );
    }

    #[test]
    fn long_texts_are_cut_at_word_boundaries_around_the_first_match() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let a = text.find("needle").unwrap();
        let parts = build(&text, &[(a, a + 6)]);
        assert_eq!(parts.first().unwrap().text.chars().next(), Some('…'));
        assert!(parts.last().unwrap().text.ends_with('…'));
        assert!(parts.iter().any(|p| p.hit && p.text == "needle"));
        let len: usize = parts.iter().map(|p| p.text.len()).sum();
        assert!(len <= WINDOW + 8, "{len}");
    }

    #[test]
    fn analysing_up_to_the_window_marks_what_the_whole_text_would() {
        let analyzers = super::super::schema::Analyzers::new();
        let mut analyzer = analyzers.stemmer();
        let matcher = |words: &[&str]| Matcher {
            stems: words.iter().flat_map(|w| analyzers.stems(w)).collect(),
            fuzzy_words: vec![],
            prefix: None,
            concepts: vec![],
        };
        let filler = "The device keeps its settings while you work through the steps below. ";
        let texts = [
            // Matches early, then many more far past the window.
            format!(
                "Check the checksum first. {} checksum again, {}",
                filler.repeat(20),
                "checksum ".repeat(50)
            ),
            // The first match late in a long text.
            format!("{} The checksum is wrong. {}", filler.repeat(30), filler.repeat(30)),
            // A technical token that runs on over the window's end, and non-ASCII text.
            format!(
                "checksum {} ERR_CERT_DATE_INVALID ünïcödé {}",
                "wörd ".repeat(38),
                filler.repeat(5)
            ),
            "No match at all here.".to_string(),
            String::new(),
        ];
        for words in [
            &["checksum"][..],
            &["checksum", "err_cert_date_invalid"],
            &["steps", "settings"],
        ] {
            let m = matcher(words);
            for text in &texts {
                let whole = build(text, &matches(&mut analyzer, &m, text, None));
                assert_eq!(snippet(&mut analyzer, &m, text), whole, "{words:?} in {text:?}");
            }
        }
        // It does stop early: marks far past the first are not looked for.
        let m = matcher(&["checksum"]);
        let all = matches(&mut analyzer, &m, &texts[0], None);
        let near = matches(&mut analyzer, &m, &texts[0], Some(SHOWN_AFTER_FIRST));
        assert!(near.len() < all.len() / 4, "{} of {}", near.len(), all.len());
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        let text = "Ünïcödé ".repeat(60);
        let at = |n: usize| text.char_indices().nth(n).unwrap().0;
        let parts = build(&text, &[(at(104), at(111))]);
        assert!(!parts.is_empty());
    }
}
