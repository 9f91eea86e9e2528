//! What a person typed → the tantivy query. First it is split into words and phrases, refusing
//! nothing but absurd lengths (unbalanced quotes, operators, `field:` syntax, emoji and control
//! characters are all just text); then each word becomes its alternatives: stems, a technical
//! token kept whole, words a typo or two away, support shorthand, and a prefix while typing.

use super::at_least::AtLeast;
use super::schema::{Analyzers, Fields};
use super::snippet::{Concept, Matcher};
use super::thesaurus::Thesaurus;
use app::hits::{SearchError, MAX_QUERY_BYTES};
use std::collections::HashSet;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::query::{EnableScoring, Scorer};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Searcher, SeekDangerResult, Term};

/// At most this many words and phrases are searched; the rest of a very long query is ignored.
pub const MAX_TERMS: usize = 16;

/// A query split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The query as understood: control characters removed, whitespace collapsed.
    pub cleaned: String,
    /// Single words, lowercased, surrounding punctuation trimmed.
    pub words: Vec<String>,
    /// Quoted phrases, lowercased.
    pub phrases: Vec<String>,
    /// The last word may be unfinished (no trailing space): match it as a prefix too.
    pub last_is_prefix: bool,
}

impl ParsedQuery {
    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// True when the query is asked as a question ("how do I…", "can cameras…").
    pub fn is_question(&self) -> bool {
        self.cleaned
            .split_whitespace()
            .next()
            .is_some_and(|w| QUESTION_WORDS.contains(&normalise_word(w).as_str()))
    }
}

/// Splits a query into words and quoted phrases.
pub fn parse(raw: &str) -> Result<ParsedQuery, SearchError> {
    if raw.len() > MAX_QUERY_BYTES {
        return Err(SearchError::TooLong);
    }
    let cleaned: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let trailing_space = cleaned.ends_with(char::is_whitespace);
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = ParsedQuery {
        cleaned: collapsed.clone(),
        ..ParsedQuery::default()
    };
    let mut in_quote = false;
    for (i, chunk) in collapsed.split('"').enumerate() {
        if i > 0 {
            in_quote = !in_quote;
        }
        if in_quote {
            let phrase = chunk.trim().to_lowercase();
            if !phrase.is_empty() {
                out.phrases.push(phrase);
            }
            continue;
        }
        for w in chunk.split_whitespace() {
            let w = normalise_word(w);
            if !w.is_empty() && !is_operator(&w) {
                out.words.push(w);
            }
        }
    }
    out.words.dedup();
    let total = out.words.len() + out.phrases.len();
    if total > MAX_TERMS {
        out.words
            .truncate(MAX_TERMS.saturating_sub(out.phrases.len().min(MAX_TERMS)));
        out.phrases.truncate(MAX_TERMS - out.words.len());
    }
    out.last_is_prefix = !trailing_space && !in_quote && !collapsed.ends_with('"') && !out.words.is_empty();
    Ok(out)
}

/// Lowercases and trims punctuation around a word, keeping inner `_ . - / :` (for `ERR_CERT`, `169.254`).
pub(super) fn normalise_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

fn is_operator(w: &str) -> bool {
    matches!(w, "and" | "or" | "not")
}

/// True for tokens worth matching whole: error codes, addresses, versions, part numbers.
pub(super) fn is_technical(w: &str) -> bool {
    let has_digit = w.chars().any(|c| c.is_ascii_digit());
    let has_alpha = w.chars().any(char::is_alphabetic);
    let inner_punct = w.chars().any(|c| matches!(c, '_' | '.' | '-' | '/' | ':'));
    w.len() >= 2 && (inner_punct || (has_digit && has_alpha) || (has_digit && w.len() >= 3))
}

/// The technical tokens of a text, normalised the way queries are.
pub(super) fn technical_tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '"' | '`' | '\'' | '<' | '>' | '='
            )
    })
    .map(normalise_word)
    .filter(|w| is_technical(w))
}

/// Support shorthand expanded at query time: agents type these, articles spell them out.
const SHORTHAND: &[(&str, &[&str])] = &[
    ("fw", &["firmware"]),
    ("gw", &["gateway"]),
    ("cam", &["camera"]),
    ("cams", &["camera"]),
    ("pwd", &["password"]),
    ("pw", &["password"]),
    ("cert", &["certificate"]),
    ("certs", &["certificate"]),
    ("err", &["error"]),
    ("sw", &["switch"]),
    ("nvr", &["recorder", "novavms"]),
    ("vms", &["novavms"]),
    ("rec", &["recording"]),
    ("cust", &["customer"]),
    ("dl", &["download"]),
    ("pwr", &["power"]),
    ("conn", &["connection"]),
    ("cfg", &["configuration"]),
    ("config", &["configuration"]),
    ("fail", &["failed"]),
    ("wont", &["not"]),
];

/// Words a question starts with.
const QUESTION_WORDS: &[&str] = &[
    "how", "what", "why", "where", "when", "which", "who", "can", "could", "is", "are", "does", "do", "should", "will",
    "would",
];

/// Words too common to search for on their own.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "it", "its", "of", "on", "in", "to", "for", "at", "by",
    "with", "my", "our", "your", "this", "that", "these", "those", "i", "we", "you", "do", "does", "did", "can",
    "from", "as", "so", "if", "then", "there", "has", "have", "had",
    // Question words, time words, negations and the verbs of asking: how people frame a problem
    // ("how do I put…", "how to tell if…", "…after the update", "…won't connect", "it went"),
    // not what it is about. They still count in runs of related words (`won't boot`, `not
    // enough space`) and in the phrase of the words typed.
    "how", "what", "why", "when", "where", "which", "who", "after", "before", "while", "since", "now", "still", "just",
    "again", "also", "all", "any", "some", "me", "im", "i'm", "it's", "get", "got", "went", "goes", "going", "gone",
    "keeps", "into", "about", "put", "tell", "want", "need", "know", "try", "trying", "tried", "not", "no", "cant",
    "can't", "cannot", "wont", "won't", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't",
    "will", "would", "should", "could", "ok",
];

/// True for a word too common to search for on its own ([`STOP_WORDS`]).
fn is_small(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Words that, before [`TIME_UNITS`] (a number between is allowed), say when (`since last
/// week`, `past 7 days`), not what: `last` is no last resort there.
const WHEN: &[&str] = &["last", "past", "next", "every", "each"];

/// Units of time that make a [`WHEN`] word say when.
const TIME_UNITS: &[&str] = &[
    "night", "nights", "week", "weeks", "weekend", "month", "months", "year", "years", "day", "days", "morning",
    "evening", "time", "hour", "hours", "minute", "minutes", "few", "couple",
];

/// True when `words[i]` says when, with the unit after it (`last` in `last week`, `last 24
/// hours`).
fn when(words: &[String], i: usize) -> bool {
    let unit = |j: usize| words.get(j).is_some_and(|w| TIME_UNITS.contains(&w.as_str()));
    let number = |j: usize| {
        words
            .get(j)
            .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
    };
    WHEN.contains(&words[i].as_str()) && (unit(i + 1) || (number(i + 1) && unit(i + 2)))
}

/// Typos tolerated in a word of this many letters.
fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// One alternative of a clause.
type Clause = (Occur, Box<dyn Query>);

/// Builds the tantivy query for a parsed query, and the matcher that marks its words in the
/// snippets.
pub(super) struct QueryBuilder<'a> {
    fields: Fields,
    analyzers: &'a Analyzers,
    searcher: &'a Searcher,
    thesaurus: &'a Thesaurus,
    stems: HashSet<String>,
    fuzzy_words: Vec<(String, u8)>,
    prefix: Option<String>,
    /// Each misspelt word and the word it was corrected to.
    corrections: Vec<(String, String)>,
    /// The ways of matching the word being built (stems with their weight).
    concept: Concept,
    /// Each searched word's (or quoted phrase's) ways of matching.
    concepts: Vec<Concept>,
    /// The query has small words only ([`says_only_small_words`]): they are looked for in the
    /// names of guides and branches only.
    names_only: bool,
}

/// True for a query of small words only (`the`, `how do i`, `"in the"`: often the first words
/// of what is still being typed). Nearly every page's steps say them, so matching them there
/// finds every document and tells nothing: the query is looked for in the guides' and branches'
/// names (titles, causes, headings; the last word as the start of a title's word).
/// That is what such words can mean ("How do I…" opens the FAQ questions that ask it) and a
/// fraction of the work.
fn says_only_small_words(q: &ParsedQuery) -> bool {
    !q.is_empty()
        && q.words.iter().all(|w| is_small(w))
        && q.phrases
            .iter()
            .all(|p| p.split_whitespace().all(|w| is_small(&normalise_word(w))))
}

/// A built query, strict or relaxed, and what it found out about the words typed.
pub(super) struct Built {
    /// Every clause: one per word, each quoted phrase, the phrases of the words together.
    clauses: Vec<Clause>,
    /// Word clauses that must match in the strict query.
    required: usize,
    /// A quoted phrase is required, so no minimum applies.
    has_phrases: bool,
    /// The words typed, together as a phrase (in the title; a few words apart in the symptom,
    /// branch and steps): what the best candidates score more for ([`Built::rescore`]).
    boosts: Vec<Box<dyn Query>>,
    pub(super) matcher: Matcher,
    /// Each misspelt word and its correction.
    pub(super) corrections: Vec<(String, String)>,
    /// Clauses for words (a relaxed search only helps when there are two or more).
    pub(super) word_clauses: usize,
}

impl Built {
    /// The strict query: most words must match.
    pub(super) fn query(&self) -> Box<dyn Query> {
        self.with_minimum(self.required)
    }

    /// The fewer words each next try requires when the one before found too little: about half
    /// the words, then two, then any one (each only when below the one before). What matched
    /// before still ranks first, having more of the words.
    pub(super) fn relaxations(&self) -> Vec<usize> {
        // A required quoted phrase sets no minimum to lower.
        if self.has_phrases {
            return Vec::new();
        }
        let mut steps: Vec<usize> = Vec::new();
        let mut last = self.required;
        for step in [self.word_clauses.div_ceil(2), 2, 1] {
            if step < last {
                steps.push(step);
                last = step;
            }
        }
        steps
    }

    /// The query with at least `required` of the words (all share the clauses, built once).
    pub(super) fn with_minimum(&self, required: usize) -> Box<dyn Query> {
        let copy = |c: &[Clause]| -> Vec<Clause> { c.iter().map(|(occur, q)| (*occur, q.box_clone())).collect() };
        let (words, rest) = self.clauses.split_at(self.word_clauses);
        // The minimum counts words only: a phrase of them adds to the score of a page that has
        // enough of the words, it is not one of them.
        let mut clauses = copy(rest);
        if !words.is_empty() {
            let words = copy(words);
            if required > 1 && required < words.len() && !self.has_phrases {
                let words = words.into_iter().map(|(_, q)| q).collect();
                clauses.push((Occur::Must, Box::new(AtLeast::new(words, required))));
            } else if required > 0 && !self.has_phrases {
                clauses.push((
                    Occur::Must,
                    Box::new(BooleanQuery::with_minimum_required_clauses(words, required)),
                ));
            } else {
                clauses.push((Occur::Should, Box::new(BooleanQuery::new(words))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The phrases of all the words, as [`Built::rescore`] scores them.
    #[cfg(test)]
    pub(super) fn boosts(&self) -> impl Iterator<Item = &Box<dyn Query>> {
        self.boosts.iter()
    }

    /// Adds what the phrases of all the words score on each of `top`'s documents, and sorts them
    /// again. Phrases are checked on these candidates only (a seek per candidate in each
    /// phrase's postings), not on every document that has the words: the costliest part of a
    /// query when done for all of them, and it only reorders what the words found.
    pub(super) fn rescore(&self, searcher: &Searcher, top: &mut [(f32, DocAddress)]) -> tantivy::Result<()> {
        if self.boosts.is_empty() || top.is_empty() {
            return Ok(());
        }
        let mut order: Vec<usize> = (0..top.len()).collect();
        order.sort_unstable_by_key(|&i| (top[i].1.segment_ord, top[i].1.doc_id));
        for query in &self.boosts {
            let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
            // The segment being looked at, its scorer, and the lowest document it may still have.
            let mut current: Option<(u32, Box<dyn Scorer>, DocId)> = None;
            for &i in &order {
                let DocAddress { segment_ord, doc_id } = top[i].1;
                let found = match &mut current {
                    Some((segment, scorer, lowest)) if *segment == segment_ord => {
                        doc_id >= *lowest && seek(scorer.as_mut(), doc_id, lowest)
                    }
                    _ => {
                        let reader = searcher.segment_reader(segment_ord);
                        let (result, scorer) = weight.scorer_danger(reader, doc_id, 1.0)?;
                        let (found, lowest) = outcome(result, doc_id);
                        current = Some((segment_ord, scorer, lowest));
                        found
                    }
                };
                if let (true, Some((_, scorer, _))) = (found, &mut current) {
                    top[i].0 += scorer.score();
                }
            }
        }
        top.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(())
    }
}

/// Whether a seek found its target, and the lowest document the scorer may still have.
fn outcome(result: SeekDangerResult, target: DocId) -> (bool, DocId) {
    match result {
        SeekDangerResult::Found => (true, target + 1),
        SeekDangerResult::SeekLowerBound(lowest) => (false, lowest),
    }
}

/// Seeks `scorer` to `target` (above the last target: `seek_danger`'s contract), updating `lowest`.
fn seek(scorer: &mut dyn Scorer, target: DocId, lowest: &mut DocId) -> bool {
    let (found, next) = outcome(scorer.seek_danger(target), target);
    *lowest = next;
    found
}

/// A word in more than one document in this many is common: its related terms are not added.
const COMMON_SHARE: u64 = 8;

/// A word matched in several fields scores as its best field plus this share of the others
/// (a common word in the title, symptom and tags must not outweigh a rare one in the steps).
const OTHER_FIELDS: f32 = 0.2;

/// Weight of a related term (thesaurus) against the word typed.
const RELATED: f32 = 0.6;
/// Weight of the best correction of a misspelt word, and of the next ones.
const CORRECTED: [f32; 2] = [0.8, 0.45];

/// Longest code whose swapped digits are tried (`h256`, `e1043`; a long number is an id).
const MAX_SWAPPED_CODE: usize = 12;

impl<'a> QueryBuilder<'a> {
    pub(super) fn new(
        fields: Fields,
        analyzers: &'a Analyzers,
        searcher: &'a Searcher,
        thesaurus: &'a Thesaurus,
    ) -> Self {
        Self {
            fields,
            analyzers,
            searcher,
            thesaurus,
            stems: HashSet::new(),
            fuzzy_words: Vec::new(),
            prefix: None,
            corrections: Vec::new(),
            concept: Vec::new(),
            concepts: Vec::new(),
            names_only: false,
        }
    }

    /// The query: one clause per word (most must match), each quoted phrase required, and the
    /// whole query as a title phrase ranking exact titles first.
    pub(super) fn build(mut self, q: &ParsedQuery) -> Built {
        // Stop words only add cost and noise, unless they are all there is.
        // Each searched word with its place among all the words typed.
        let content: Vec<(usize, &String)> = q
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| !is_small(w))
            .filter(|(i, _)| !when(&q.words, *i))
            .collect();
        let words: Vec<(usize, &String)> = if content.is_empty() {
            q.words.iter().enumerate().collect()
        } else {
            content
        };
        self.names_only = says_only_small_words(q);
        let mut clauses: Vec<Clause> = Vec::new();
        // Related terms are looked up in all the words typed (`log in`, `power went out`), and
        // count for the last searched word of their run.
        let typed: Vec<&str> = q.words.iter().map(String::as_str).collect();
        let expansions = self.thesaurus.expansions(&typed);
        let related: Vec<(usize, Vec<&str>)> = expansions
            .iter()
            // A word most pages use already finds plenty: its related terms would only add cost
            // and noise. Runs of several words are specific enough to expand.
            .filter(|(first, last, _)| first != last || !self.is_common(typed[*first]))
            .filter_map(|(first, last, terms)| {
                let at = words.iter().rposition(|(orig, _)| (*first..=*last).contains(orig))?;
                Some((at, terms.clone()))
            })
            .collect();
        // A term of several words with only one searched word in it (`log in`, `not found`)
        // means the term, not that word: `log in` is no boot log. That word is searched as the
        // term's words together.
        let as_term: Vec<(usize, String)> = expansions
            .iter()
            .filter(|(first, last, _)| first != last)
            .filter_map(|(first, last, _)| {
                let inside: Vec<usize> = (0..words.len())
                    .filter(|i| (*first..=*last).contains(&words[*i].0))
                    .collect();
                match inside.as_slice() {
                    [one] => Some((*one, typed[*first..=*last].join(" "))),
                    _ => None,
                }
            })
            .collect();
        for (i, (_, word)) in words.iter().enumerate() {
            let last = i + 1 == words.len();
            let term = as_term
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|(_, t)| t.as_str())
                .max_by_key(|t| t.len());
            let mut groups = self.word(word, term, last && q.last_is_prefix);
            // Terms that mean the same as the run of words ending here ("power cut" → "power
            // lost"): a match counts for that run's last word, below the words typed.
            for (_, terms) in related.iter().filter(|(at, _)| *at == i) {
                for term in terms {
                    let tokens = self.analyzers.stems(term);
                    groups.push(self.in_weighted_fields(&tokens, RELATED));
                }
            }
            let groups: Vec<Box<dyn Query>> = groups
                .into_iter()
                .filter(|g| !g.is_empty())
                .map(|g| {
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(
                        g.into_iter().map(|(_, q)| q).collect(),
                        OTHER_FIELDS,
                    )) as Box<dyn Query>
                })
                .collect();
            self.end_concept();
            if !groups.is_empty() {
                // A word scores as its best way of matching (and a little for the others), so a
                // synonym or a correction never adds to the word itself.
                clauses.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(groups, 0.1)),
                ));
            }
        }
        let word_clauses = clauses.len();
        for phrase in &q.phrases {
            if let Some(clause) = self.phrase(phrase) {
                clauses.push((Occur::Must, clause));
            }
            self.end_concept();
        }
        // Phrases of all the words typed: scored on the best candidates only (`rescore`).
        let mut boosts = Vec::new();
        let all = self.analyzers.stems(&q.words.join(" "));
        if all.len() >= 2 {
            let terms = all
                .iter()
                .map(|t| Term::from_field_text(self.fields.title, t))
                .collect();
            boosts.push(boost(PhraseQuery::new(terms), 6.0));
        }
        // The words typed together, as the page says them (a few words apart at most): the
        // surest sign of the right page, whatever other pages share single words.
        let finished = if q.last_is_prefix {
            all.len().saturating_sub(1)
        } else {
            all.len()
        };
        if finished >= 2 {
            for (field, w) in [
                (self.fields.symptom, 6.0),
                (self.fields.branch, 4.0),
                (self.fields.body, 1.5),
            ] {
                let mut phrase = PhraseQuery::new(
                    all[..finished]
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                );
                phrase.set_slop(3);
                boosts.push(boost(phrase, w));
            }
        }
        // Most words must match (typos, prefixes and shorthand count), so one stray word does not
        // flood the results; with two words either may match and both rank higher.
        let required = match word_clauses {
            0..=2 => word_clauses.min(1),
            3..=4 => word_clauses - 1,
            n => (n * 3).div_ceil(5),
        };
        let matcher = Matcher {
            stems: self.stems,
            fuzzy_words: self.fuzzy_words,
            prefix: self.prefix,
            concepts: self.concepts,
        };
        Built {
            clauses,
            required,
            has_phrases: !q.phrases.is_empty(),
            boosts,
            matcher,
            corrections: self.corrections,
            word_clauses,
        }
    }

    /// Files the ways of matching gathered for the word (or quoted phrase) just built.
    fn end_concept(&mut self) {
        let concept = std::mem::take(&mut self.concept);
        if !concept.is_empty() {
            self.concepts.push(concept);
        }
    }

    /// Documents that have `word` as written in `field` (one of the unstemmed fields).
    fn doc_freq(&self, field: tantivy::schema::Field, word: &str) -> u64 {
        self.searcher.doc_freq(&Term::from_field_text(field, word)).unwrap_or(0)
    }

    /// How rare a stem is among all documents (BM25's inverse document frequency): a hit lands
    /// where the query's rare words are, not its common ones.
    fn rarity(&self, stem: &str) -> f32 {
        let docs = self.searcher.num_docs() as f32;
        let df = self.doc_freq(self.fields.body, stem) as f32;
        (1.0 + (docs - df + 0.5) / (df + 0.5)).ln()
    }

    /// Documents that have every stem of `word` (the rarest stem's count; 0 for no stems).
    fn pages_by_stems(&self, word: &str) -> u64 {
        self.analyzers
            .stems(word)
            .iter()
            .map(|s| self.doc_freq(self.fields.body, s))
            .min()
            .unwrap_or(0)
    }

    /// Documents that have `word` as written, in their text or their title.
    fn pages_as_written(&self, word: &str) -> u64 {
        self.doc_freq(self.fields.text_raw, word)
            .max(self.doc_freq(self.fields.title_raw, word))
    }

    /// True for a word in more than one document in [`COMMON_SHARE`] as written.
    fn is_common(&self, word: &str) -> bool {
        let docs = self.searcher.num_docs();
        docs > 0 && self.doc_freq(self.fields.text_raw, word).saturating_mul(COMMON_SHARE) > docs
    }

    /// Every way one word may match, in groups: the word itself (whole technical token and
    /// stems, in every field), its corrections, the word it may be the start of, and the words
    /// shorthand stands for. Fields within a group add up; the word scores as its best group.
    fn word(&mut self, word: &str, in_term: Option<&str>, may_be_unfinished: bool) -> Vec<Vec<Clause>> {
        let mut exact = Vec::new();
        if is_technical(word) {
            exact.push(self.code(word));
        }
        if let Some(term) = in_term {
            // Part of a term the reader typed whole: searched as that term, never corrected.
            self.exact(term, &mut exact);
            return vec![exact];
        }
        self.exact(word, &mut exact);
        // A namespaced code (`NET::ERR_CERT_COMMON_NAME_INVALID`, as Chrome shows it) is also
        // the code itself, as pages often write it (`ERR_CERT_COMMON_NAME_INVALID`).
        let mut bare = Vec::new();
        if let Some((_, code)) = word.rsplit_once("::").filter(|(_, c)| is_technical(c)) {
            bare.push(self.code(code));
            self.exact(code, &mut bare);
        }
        let (mut typos, mut prefix, mut shorthand) = (Vec::new(), Vec::new(), Vec::new());
        let raw = self.analyzers.words(word);
        if let [raw] = raw.as_slice() {
            // Error codes and versions are what they are, unless no page has the one typed and
            // a swap of two of its digits is one the pages use (`h256` → `h265`).
            if raw.chars().any(|c| c.is_ascii_digit()) {
                self.swapped_digits(raw, &mut typos);
            } else {
                self.typos(raw, &mut typos);
            }
            if may_be_unfinished && raw.chars().count() >= 2 {
                self.prefix(raw, &mut prefix);
            }
        }
        self.shorthand(word, &mut shorthand);
        vec![exact, bare, typos, prefix, shorthand]
    }

    /// A technical token matched whole (`err_cert_date_invalid`, `169.254.1.2`).
    fn code(&self, token: &str) -> Clause {
        let term = Term::from_field_text(self.fields.code, token);
        (
            Occur::Should,
            boost(TermQuery::new(term, IndexRecordOption::Basic), 3.0),
        )
    }

    /// The word's stems in every weighted field (a phrase when it splits into several).
    fn exact(&mut self, word: &str, out: &mut Vec<Clause>) {
        let tokens = self.analyzers.stems(word);
        out.extend(self.in_weighted_fields(&tokens, 1.0));
    }

    /// For a word the articles never use as written: the words they do use a typo or two away,
    /// searched as those words (so scored like them), a little below a word typed right.
    fn typos(&mut self, raw: &str, out: &mut Vec<Clause>) {
        let f = self.fields;
        // A word the articles use, or an English word they do not (`storm` is no typo of
        // `store`), is searched as typed.
        let known = self.pages_as_written(raw) > 0 || super::english::is_word(raw);
        let distance = if known { 0 } else { fuzzy_distance(raw) };
        if distance == 0 {
            return;
        }
        self.fuzzy_words.push((raw.to_string(), distance));
        let mut found = super::correct::candidates(self.searcher, &[f.text_raw, f.title_raw], raw, distance);
        // The words readers use are words too: `stuttring` is `stuttering`, searched by its stem
        // (`stutter`) even where the guides never write it out.
        let terms = super::correct::among(self.thesaurus.single_words(), raw, distance, |w| self.pages_by_stems(w));
        for term in terms {
            if !found.iter().any(|c| c.word == term.word) {
                found.push(term);
            }
        }
        super::correct::best_first(&mut found);
        let Some(best) = found.first() else {
            return;
        };
        let nearest = best.distance;
        self.corrections.push((raw.to_string(), best.word.clone()));
        for (candidate, weight) in found.iter().take_while(|c| c.distance == nearest).zip(CORRECTED) {
            let tokens = self.analyzers.stems(&candidate.word);
            out.extend(self.in_weighted_fields(&tokens, weight));
        }
        let meant = best.word.clone();
        self.related_to_correction(&meant, out);
    }

    /// The word a misspelt one was corrected to brings its related terms too (`dissabled` →
    /// `disabled` → `turned off`, `h256` → `h265` → `H.265`), below the word itself, unless most
    /// pages use it.
    fn related_to_correction(&mut self, meant: &str, out: &mut Vec<Clause>) {
        if self.is_common(meant) {
            return;
        }
        let related: Vec<String> = self
            .thesaurus
            .expansions(&[meant])
            .into_iter()
            .flat_map(|(_, _, terms)| terms.into_iter().map(str::to_string))
            .collect();
        for term in related {
            let tokens = self.analyzers.stems(&term);
            out.extend(self.in_weighted_fields(&tokens, CORRECTED[0] * RELATED));
        }
    }

    /// For a code of letters and digits no page uses (`h256`): the code with two neighbouring
    /// digits swapped that the most pages use (`h265`), searched as that code a little below a
    /// code typed right and shown as a correction. Addresses and versions (`192.168.1.21`,
    /// `2.4.1`) are never changed: a different one is a different thing, not a slip.
    fn swapped_digits(&mut self, raw: &str, out: &mut Vec<Clause>) {
        let chars: Vec<char> = raw.chars().collect();
        // A number alone (a port, `8080`) is what it is.
        if !(3..=MAX_SWAPPED_CODE).contains(&chars.len())
            || !chars.iter().all(char::is_ascii_alphanumeric)
            || !chars.iter().any(char::is_ascii_alphabetic)
        {
            return;
        }
        // Pages that use the code (in their text, titles or names); one for a code the
        // thesaurus knows (`h265` is `H.265`).
        let used = |word: &str| {
            let pages = self.pages_by_stems(word).max(self.pages_as_written(word));
            pages.max(u64::from(!self.thesaurus.expansions(&[word]).is_empty()))
        };
        if used(raw) > 0 {
            return;
        }
        let best = (1..chars.len())
            .filter(|&i| chars[i - 1].is_ascii_digit() && chars[i].is_ascii_digit() && chars[i - 1] != chars[i])
            .map(|i| {
                let mut swapped = chars.clone();
                swapped.swap(i - 1, i);
                let word: String = swapped.into_iter().collect();
                let n = used(&word);
                (word, n)
            })
            .filter(|(_, n)| *n > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        let Some((word, _)) = best else {
            return;
        };
        self.corrections.push((raw.to_string(), word.clone()));
        let tokens = self.analyzers.stems(&word);
        out.extend(self.in_weighted_fields(&tokens, CORRECTED[0]));
        self.related_to_correction(&word, out);
    }

    /// The last word as the start of a longer one, while it is being typed.
    fn prefix(&mut self, raw: &str, out: &mut Vec<Clause>) {
        self.prefix = Some(raw.to_string());
        let fields = self.fields;
        for (field, w) in fields
            .raw_weighted()
            .into_iter()
            .filter(|(f, _)| !self.names_only || *f == fields.title_raw)
        {
            let term = Term::from_field_text(field, raw);
            out.push((Occur::Should, boost(FuzzyTermQuery::new_prefix(term, 0, true), w * 0.5)));
        }
    }

    /// Support shorthand (`fw`, `gw`) as the words it stands for, ranked a little lower.
    fn shorthand(&mut self, word: &str, out: &mut Vec<Clause>) {
        let Some((_, expanded)) = SHORTHAND.iter().find(|(k, _)| *k == word) else {
            return;
        };
        for synonym in *expanded {
            for token in self.analyzers.stems(synonym) {
                out.extend(self.in_weighted_fields(&[token], 0.9));
            }
        }
    }

    /// A quoted phrase, in order, in any weighted field.
    fn phrase(&mut self, phrase: &str) -> Option<Box<dyn Query>> {
        let tokens = self.analyzers.stems(phrase);
        let alternatives = self.in_weighted_fields(&tokens, 1.5);
        (!alternatives.is_empty()).then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
    }

    /// `tokens` (stems) in each weighted field, as one term or, for several, a phrase, boosted by
    /// the field's weight times `factor`; the stems are marked in snippets. Nothing for no tokens.
    fn in_weighted_fields(&mut self, tokens: &[String], factor: f32) -> Vec<Clause> {
        if tokens.is_empty() {
            return Vec::new();
        }
        self.stems.extend(tokens.iter().cloned());
        let rarity = tokens.iter().map(|t| self.rarity(t)).fold(0.0, f32::max);
        self.concept.push((tokens.to_vec(), factor.min(1.0) * rarity));
        let fields = self.fields;
        fields
            .weighted()
            .iter()
            .filter(|(field, _)| !self.names_only || fields.is_name(*field))
            .map(|&(field, w)| {
                let q: Box<dyn Query> = if let [token] = tokens {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, token),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(
                        tokens.iter().map(|t| Term::from_field_text(field, t)).collect(),
                    ))
                };
                (Occur::Should, boost_box(q, w * factor))
            })
            .collect()
    }
}

fn boost(q: impl Query + 'static, by: f32) -> Box<dyn Query> {
    boost_box(Box::new(q), by)
}

fn boost_box(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_before_a_unit_of_time_says_when() {
        let words = |q: &str| parse(q).unwrap().words;
        let q = words("gap since last week");
        assert!(when(&q, 2));
        assert!(!(0..q.len()).any(|i| i != 2 && when(&q, i)));
        assert!(when(&words("offline for the past 7 days"), 3));
        // `last resort` is what it says, and a unit alone is a word like any other.
        for q in [
            "last resort format",
            "camera offline at night",
            "format it last",
            "last 7 resorts",
        ] {
            let q = words(q);
            assert!(!(0..q.len()).any(|i| when(&q, i)), "{q:?}");
        }
    }

    #[test]
    fn words_phrases_and_prefix() {
        let p = parse("camera \"upgrade failed\" recov").unwrap();
        assert_eq!(p.words, ["camera", "recov"]);
        assert_eq!(p.phrases, ["upgrade failed"]);
        assert!(p.last_is_prefix);
        assert!(!parse("camera ").unwrap().last_is_prefix);
    }

    #[test]
    fn questions_are_told_by_their_first_word() {
        for q in ["How do I reset it", "can cameras record", "what's this", "Why? no"] {
            assert_eq!(parse(q).unwrap().is_question(), !q.starts_with("what's"), "{q}");
        }
        assert!(!parse("reset how").unwrap().is_question());
        assert!(!parse("").unwrap().is_question());
    }

    #[test]
    fn hostile_input_is_just_text() {
        for q in [
            "\"unbalanced",
            "((a OR b",
            "AND OR NOT",
            "title:foo",
            "\u{0}\u{7}bell",
            "🔥 fire",
            "",
            "   ",
            "-",
            "\"\"\"",
            "*?~^",
        ] {
            let p = parse(q).unwrap();
            assert!(p.words.len() + p.phrases.len() <= MAX_TERMS, "{q}");
            assert!(!p.cleaned.contains('\u{0}'));
        }
        assert_eq!(parse("AND OR NOT").unwrap().words, Vec::<String>::new());
        assert_eq!(parse("title:foo").unwrap().words, ["title:foo"]);
        assert_eq!(parse("\"unbalanced quote").unwrap().phrases, ["unbalanced quote"]);
    }

    #[test]
    fn long_queries_are_refused_and_many_terms_capped() {
        assert!(matches!(
            parse(&"x".repeat(MAX_QUERY_BYTES + 1)),
            Err(SearchError::TooLong)
        ));
        let many = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let many = &many[..many.len().min(MAX_QUERY_BYTES)];
        assert_eq!(parse(many).unwrap().words.len(), MAX_TERMS);
    }

    #[test]
    fn technical_tokens_stay_whole() {
        let t: Vec<String> =
            technical_tokens("Shows ERR_CERT_DATE_INVALID at 169.254.1.2 (802.3af, aarch64). Done.").collect();
        assert_eq!(t, ["err_cert_date_invalid", "169.254.1.2", "802.3af", "aarch64"]);
        assert!(!is_technical("camera"));
    }
}
