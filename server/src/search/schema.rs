//! The index's schema in one place: its fields, how much each weighs, and the two analyzers
//! (English stems for ranking, words as written for typos and prefixes).

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};
use tantivy::Index;

const TOKENIZER: &str = "fixpath_en";
const RAW_TOKENIZER: &str = "fixpath_raw";

/// Every field of a node document.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    /// The node's id in the side tables.
    pub(super) node_id: Field,
    /// The article's slug, to delete its documents when it changes.
    pub(super) slug: Field,
    pub(super) title: Field,
    pub(super) symptom: Field,
    pub(super) branch: Field,
    pub(super) body: Field,
    pub(super) tags: Field,
    /// Technical tokens kept whole (`ERR_CERT_DATE_INVALID`, `802.3af`).
    pub(super) code: Field,
    /// Unstemmed copies for typo and prefix matching (stems of misspelt words drift too far).
    pub(super) title_raw: Field,
    pub(super) text_raw: Field,
}

impl Fields {
    /// The schema and its fields.
    pub(super) fn schema() -> (Schema, Fields) {
        let mut sb = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let raw = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(RAW_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            node_id: sb.add_u64_field("node_id", FAST),
            slug: sb.add_text_field("slug", STRING),
            title: sb.add_text_field("title", text.clone()),
            symptom: sb.add_text_field("symptom", text.clone()),
            branch: sb.add_text_field("branch", text.clone()),
            body: sb.add_text_field("body", text.clone()),
            tags: sb.add_text_field("tags", text),
            code: sb.add_text_field("code", STRING),
            title_raw: sb.add_text_field("title_raw", raw.clone()),
            text_raw: sb.add_text_field("text_raw", raw),
        };
        (sb.build(), fields)
    }

    /// The stemmed prose fields with their boosts: title > symptom > cause > tags > steps.
    pub(super) fn weighted(&self) -> [(Field, f32); 5] {
        [
            (self.title, 4.0),
            (self.symptom, 2.5),
            (self.branch, 2.0),
            (self.tags, 1.5),
            (self.body, 1.0),
        ]
    }

    /// True for the fields that name a guide and its branches: the title (and aliases) and a
    /// cause's label or a section's heading (not the symptom's or steps' prose, not the tags).
    pub(super) fn is_name(&self, field: Field) -> bool {
        field == self.title || field == self.branch
    }

    /// The unstemmed fields typos and prefixes match in, with their boosts.
    pub(super) fn raw_weighted(&self) -> [(Field, f32); 2] {
        [(self.title_raw, 4.0), (self.text_raw, 1.5)]
    }
}

/// Words lowercased, over-long ones dropped.
fn words_as_written() -> tantivy::tokenizer::TextAnalyzerBuilder<impl tantivy::tokenizer::Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
}

/// Words the English stemmer would merge with words that mean something else to a reader: a
/// recorder is a device (an NVR), recording is what it does, and both stem to `record`.
const KEPT_WHOLE: &[(&str, &str)] = &[("recorder", "recorder"), ("recorders", "recorder")];

/// Marks a word of [`KEPT_WHOLE`] so the stemmer leaves it alone (no word of the tokenizer's
/// ends in a NUL), then [`unmark`] takes the mark off again.
fn mark(word: &mut String) {
    if let Some((_, kept)) = KEPT_WHOLE.iter().find(|(w, _)| w == word) {
        word.clear();
        word.push_str(kept);
        word.push('\0');
    }
}

fn unmark(word: &mut String) {
    if word.ends_with('\0') {
        word.pop();
    }
}

/// Irregular forms of verbs the stemmer cannot bring to their stem (it only cuts endings), as
/// their plain form: `overwritten` is `overwrite`, `worn` is `wear`. Left out: forms that are
/// other words too (`led` is an LED, `left` a side, `stuck` no `stick`, `won` half of `won't`),
/// and `froze`, `lost` and `forgot`, measured with the relevance suites: as `freeze`, `lose` and
/// `forget` they sent a frozen update to the stuttering video guide ("freezes") and a dome that
/// forgets its settings to a forgotten password. Sorted, for a binary search per word.
const IRREGULAR: &[(&str, &str)] = &[
    ("began", "begin"),
    ("begun", "begin"),
    ("broke", "break"),
    ("broken", "break"),
    ("built", "build"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("drawn", "draw"),
    ("drew", "draw"),
    ("fallen", "fall"),
    ("fell", "fall"),
    ("found", "find"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("overwritten", "overwrite"),
    ("overwrote", "overwrite"),
    ("ran", "run"),
    ("rebuilt", "rebuild"),
    ("rewritten", "rewrite"),
    ("rewrote", "rewrite"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shown", "show"),
    ("spent", "spend"),
    ("taken", "take"),
    ("took", "take"),
    ("understood", "understand"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("written", "write"),
    ("wrote", "write"),
];

/// Brings an irregular form of a verb to its plain form ([`IRREGULAR`]).
fn plain_form(word: &mut String) {
    if let Ok(i) = IRREGULAR.binary_search_by(|(w, _)| (*w).cmp(word.as_str())) {
        word.clear();
        word.push_str(IRREGULAR[i].1);
    }
}

/// English stems, as the index keeps its prose (the thesaurus compares terms by these too).
pub(super) fn english_stems() -> TextAnalyzer {
    words_as_written()
        .filter(Rewrite(plain_form))
        .filter(Rewrite(mark))
        .filter(Stemmer::new(Language::English))
        .filter(Rewrite(unmark))
        .build()
}

/// A token filter that rewrites each word in place.
#[derive(Clone, Copy)]
struct Rewrite(fn(&mut String));

impl TokenFilter for Rewrite {
    type Tokenizer<T: Tokenizer> = Rewriting<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> Rewriting<T> {
        Rewriting { inner, rewrite: self.0 }
    }
}

#[derive(Clone)]
struct Rewriting<T> {
    inner: T,
    rewrite: fn(&mut String),
}

impl<T: Tokenizer> Tokenizer for Rewriting<T> {
    type TokenStream<'a> = Rewritten<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        Rewritten {
            inner: self.inner.token_stream(text),
            rewrite: self.rewrite,
        }
    }
}

struct Rewritten<S> {
    inner: S,
    rewrite: fn(&mut String),
}

impl<S: TokenStream> TokenStream for Rewritten<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        (self.rewrite)(&mut self.inner.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The two analyzers, as the index uses them and as queries must use them too.
#[derive(Clone)]
pub(super) struct Analyzers {
    stemmed: TextAnalyzer,
    raw: TextAnalyzer,
}

impl Analyzers {
    pub(super) fn new() -> Analyzers {
        Analyzers {
            stemmed: english_stems(),
            raw: words_as_written().build(),
        }
    }

    /// Registers both with an index, under the names its fields use.
    pub(super) fn register(&self, index: &Index) {
        index.tokenizers().register(TOKENIZER, self.stemmed.clone());
        index.tokenizers().register(RAW_TOKENIZER, self.raw.clone());
    }

    /// English stems of `text`, lowercased.
    pub(super) fn stems(&self, text: &str) -> Vec<String> {
        tokens(&self.stemmed, text)
    }

    /// Words of `text` as written, lowercased.
    pub(super) fn words(&self, text: &str) -> Vec<String> {
        tokens(&self.raw, text)
    }

    /// The stemming analyzer, for snippets.
    pub(super) fn stemmer(&self) -> TextAnalyzer {
        self.stemmed.clone()
    }
}

fn tokens(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// A title as a comparable key: lowercased words, punctuation dropped.
pub(super) fn title_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorder_is_not_a_recording() {
        let a = Analyzers::new();
        assert_eq!(a.stems("recorder recorders"), ["recorder", "recorder"]);
        assert_eq!(a.stems("recording recorded records"), ["record", "record", "record"]);
        // Everything else is stemmed as before, with no mark left behind.
        assert_eq!(a.stems("stutters updating"), ["stutter", "updat"]);
    }

    #[test]
    fn irregular_forms_stem_like_their_plain_form() {
        let a = Analyzers::new();
        assert_eq!(a.stems("overwritten"), a.stems("overwrite"));
        assert_eq!(a.stems("worn out"), a.stems("wear out"));
        assert_eq!(a.stems("broken hung"), a.stems("breaks hangs"));
        // Forms that are other words too stay themselves.
        assert_eq!(a.stems("led left stuck"), ["led", "left", "stuck"]);
        assert!(
            IRREGULAR.windows(2).all(|p| p[0].0 < p[1].0),
            "IRREGULAR must stay sorted"
        );
    }
}
