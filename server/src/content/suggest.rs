//! "Did you mean …?": the one place that picks the known name a writer probably meant.

/// How alike (Jaro-Winkler, 0 to 1) a name must be to a known one to be suggested.
const CLOSE_ENOUGH: f64 = 0.8;

/// The candidate most like `word`, when it is alike enough to be what the writer meant.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > CLOSE_ENOUGH)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn the_best_candidate_wins_not_the_first() {
        let known = ["fix-power-lost", "fix-power-lost-twice", "fix-power"];
        assert_eq!(closest("fix-power-los", known), Some("fix-power-lost"));
        assert_eq!(closest("fix-pwr", ["symptom", "fix-power"]), Some("fix-power"));
        assert_eq!(closest("zzz", known), None);
        assert_eq!(closest("title", []), None);
    }
}
