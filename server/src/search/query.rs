//! Turns what a person typed into words and phrases, refusing nothing but absurd lengths:
//! unbalanced quotes, operators, `field:` syntax, emoji and control characters are all just text.

use app::search::{SearchError, MAX_QUERY_BYTES};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_prefix() {
        let p = parse("camera \"upgrade failed\" recov").unwrap();
        assert_eq!(p.words, ["camera", "recov"]);
        assert_eq!(p.phrases, ["upgrade failed"]);
        assert!(p.last_is_prefix);
        assert!(!parse("camera ").unwrap().last_is_prefix);
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
