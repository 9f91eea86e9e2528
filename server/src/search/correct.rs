//! Misspelt words corrected against the index's own dictionary: the words within one or two
//! edits (a swap of neighbours counts as one), nearest first, then one with the same first
//! letter, then a slip to a neighbouring key on a keyboard, then the most common. The query then
//! searches the corrected word like any other, so it is scored by BM25 as the word the person
//! meant (with a small penalty), not by a fuzzy match's flat score.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use std::collections::HashMap;
use std::sync::LazyLock;
use tantivy::schema::Field;
use tantivy::Searcher;

/// Most dictionary words looked at for one misspelt word (a short word in a large dictionary
/// has many neighbours; the first this many are plenty to choose from).
const MAX_SCANNED: usize = 400;

/// Building a Levenshtein automaton builder is the expensive part (milliseconds for two edits):
/// once, for one and two edits, with transpositions.
static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

/// A dictionary word near a misspelt one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    /// The word as indexed (lower case).
    pub(super) word: String,
    /// Edits from the misspelt word (Damerau–Levenshtein).
    pub(super) distance: usize,
    /// It starts with the letter the misspelt word starts with (people rarely get the first
    /// letter wrong: `recoding` is `recording` rather than `decoding`).
    pub(super) same_start: bool,
    /// The edits are slips to neighbouring keys.
    pub(super) adjacent: bool,
    /// Documents it is in.
    pub(super) doc_freq: u64,
}

/// The automaton as tantivy's term dictionary walks it.
struct Automaton(DFA);

impl tantivy_fst::Automaton for Automaton {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The words of `fields` within `distance` (1 or 2) edits of `word`, best first.
pub(super) fn candidates(searcher: &Searcher, fields: &[Field], word: &str, distance: u8) -> Vec<Candidate> {
    let builder = &BUILDERS[usize::from(distance.clamp(1, 2)) - 1];
    let mut found: HashMap<String, u64> = HashMap::new();
    'fields: for &field in fields {
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = index.terms().search(Automaton(builder.build_dfa(word))).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term != word && term.chars().count() >= 3 && !with_a_prefix(word, term) {
                    *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
                }
                if found.len() >= MAX_SCANNED {
                    break 'fields;
                }
            }
        }
    }
    let mut out: Vec<Candidate> = found
        .into_iter()
        .map(|(w, doc_freq)| candidate(word, w, doc_freq))
        .collect();
    best_first(&mut out);
    out
}

/// Prefixes that make a word into its opposite (or its failure).
const NEGATIONS: &[&str] = &["anti", "de", "dis", "il", "im", "in", "ir", "mis", "non", "un"];

/// True when one word is the other with a prefix that negates it (`unreachable`, `reachable`;
/// `disabled`, `abled`): the opposite, not a slip. Other prefixes stay corrections
/// (`reflashing` is `flashing` again), and so does a letter left out at the start
/// (`nreachable`).
fn with_a_prefix(typed: &str, word: &str) -> bool {
    let (short, long) = if typed.len() < word.len() {
        (typed, word)
    } else {
        (word, typed)
    };
    long.strip_suffix(short)
        .is_some_and(|prefix| NEGATIONS.contains(&prefix))
}

fn candidate(typed: &str, word: String, doc_freq: u64) -> Candidate {
    Candidate {
        distance: strsim::damerau_levenshtein(typed, &word),
        same_start: typed.chars().next() == word.chars().next(),
        adjacent: slipped(typed, &word),
        word,
        doc_freq,
    }
}

/// The words of a small list (the thesaurus' one-word terms: `stuttering` where the guides only
/// say `stutters`) within `distance` edits of `word`, best first; `known` tells how many
/// documents have a word's stems (none: left out, it would find nothing).
pub(super) fn among<'a>(
    words: impl Iterator<Item = &'a str>,
    word: &str,
    distance: u8,
    known: impl Fn(&str) -> u64,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = words
        .filter(|w| {
            *w != word && !with_a_prefix(word, w) && strsim::damerau_levenshtein(word, w) <= usize::from(distance)
        })
        .filter_map(|w| {
            let docs = known(w);
            (docs > 0).then(|| candidate(word, w.to_string(), docs))
        })
        .collect();
    best_first(&mut out);
    out
}

/// Nearest first, then the same first letter, then a keyboard slip, then the most common.
pub(super) fn best_first(out: &mut [Candidate]) {
    out.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.same_start.cmp(&a.same_start))
            .then(b.adjacent.cmp(&a.adjacent))
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then_with(|| a.word.cmp(&b.word))
    });
}

/// Keys of a QWERTY keyboard by row; a key's neighbours are beside it and in the rows above and
/// below.
const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn position(c: char) -> Option<(i32, i32)> {
    ROWS.iter().enumerate().find_map(|(r, row)| {
        row.find(c)
            .map(|col| (i32::try_from(r).unwrap_or(0), i32::try_from(col).unwrap_or(0)))
    })
}

/// True when `a` and `b` are neighbouring keys.
fn neighbours(a: char, b: char) -> bool {
    match (position(a), position(b)) {
        (Some((ra, ca)), Some((rb, cb))) => (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1 && (ra, ca) != (rb, cb),
        _ => false,
    }
}

/// True when `typed` is `meant` with every differing letter a neighbouring key (same length).
fn slipped(typed: &str, meant: &str) -> bool {
    let (t, m): (Vec<char>, Vec<char>) = (typed.chars().collect(), meant.chars().collect());
    t.len() == m.len()
        && t.iter()
            .zip(&m)
            .filter(|(a, b)| a != b)
            .all(|(a, b)| neighbours(*a, *b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_slips_are_told_from_other_substitutions() {
        assert!(slipped("chwcksum", "checksum"), "w is beside e");
        assert!(!slipped("chpcksum", "checksum"), "p is far from e");
        assert!(!slipped("chcksum", "checksum"), "a missing letter is not a slip");
        assert!(neighbours('g', 'h') && neighbours('g', 't') && !neighbours('g', 'p'));
    }

    #[test]
    fn the_first_letter_is_kept_before_a_keyboard_slip() {
        // `recoding`: one edit from `recording` (a letter left out) and from `decoding` (r and
        // d are neighbours, and `decoding` is more common here); people rarely miss the first letter.
        let mut found = vec![
            candidate("recoding", "decoding".into(), 9),
            candidate("recoding", "recording".into(), 2),
        ];
        assert!(found[0].adjacent && !found[1].adjacent);
        best_first(&mut found);
        assert_eq!(found[0].word, "recording");
    }

    #[test]
    fn a_negating_prefix_makes_the_opposite_not_a_typo() {
        assert!(with_a_prefix("reachable", "unreachable"));
        assert!(with_a_prefix("unreachable", "reachable"));
        assert!(with_a_prefix("abled", "disabled"));
        assert!(!with_a_prefix("nreachable", "unreachable"), "one letter left out");
        assert!(!with_a_prefix("recoding", "recording"));
        assert!(!with_a_prefix("reflashing", "flashing"), "again, not the opposite");
        let list = ["unreachable", "disabled"];
        assert!(among(list.into_iter(), "reachable", 2, |_| 1).is_empty());
        assert_eq!(among(list.into_iter(), "nreachable", 2, |_| 1)[0].word, "unreachable");
    }

    #[test]
    fn words_of_a_list_are_candidates_when_they_find_something() {
        let list = ["stuttering", "storage", "stutter", "jerky"];
        let found = among(list.into_iter(), "stuttring", 2, |w| u64::from(w != "stutter"));
        let words: Vec<&str> = found.iter().map(|c| c.word.as_str()).collect();
        // `stutter` is near too, but no document has it: it would find nothing.
        assert_eq!(words, ["stuttering"]);
        assert!(among(list.into_iter(), "jerky", 1, |_| 1).is_empty(), "not itself");
    }
}
