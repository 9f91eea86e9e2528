//! Common English words (SCOWL up to size 35, words of four letters or more; see
//! `english-words.COPYRIGHT`): a word people type that is in this list is a word, not a typo,
//! even when no article uses it (`storm`, `going`, `watts`), so it is never "corrected" into
//! some other word the articles do use (`store`, `doing`, `waits`).

use std::collections::HashSet;
use std::sync::LazyLock;

static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| include_str!("english-words.txt").lines().collect());

/// True for a common English word (lower case, letters only).
pub(super) fn is_word(word: &str) -> bool {
    WORDS.contains(word)
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_known_and_typos_are_not() {
        for w in ["storm", "going", "getting", "watts", "halfway", "choppy"] {
            assert!(super::is_word(w), "{w}");
        }
        for w in [
            "enogh",
            "firmwre",
            "cabel",
            "lokced",
            "stuttring",
            "chcksum",
            "updaet",
            "acount",
        ] {
            assert!(!super::is_word(w), "{w}");
        }
    }
}
