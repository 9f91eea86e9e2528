//! The front matter's keys as the parser checks them: unknown keys (likely typos) and dates.

use super::super::front_matter::{self, is_iso_date, FrontMatter};
use super::super::suggest::closest;
use super::super::Diagnostic;
use super::ArticleParser;

impl ArticleParser<'_> {
    /// Warns about unknown keys (suggesting the key meant) and reports an `updated:` that is not
    /// a calendar day.
    pub(super) fn check_front_matter(&mut self, fm: &FrontMatter, yaml: &str) {
        for key in fm
            .unknown
            .keys()
            .filter(|k| !front_matter::OTHER_TOOLS_KEYS.contains(&k.as_str()))
        {
            let line = front_matter::key_line(yaml, key).unwrap_or(2);
            let hint = match closest(key, front_matter::KNOWN_KEYS.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("known keys: {}", front_matter::KNOWN_KEYS.join(", ")),
            };
            self.problems.push(
                Diagnostic::warning(self.path, line, format!("unknown front-matter key `{key}`")).with_hint(hint),
            );
        }
        if let Some(u) = &fm.updated {
            if !is_iso_date(u) {
                let line = front_matter::key_line(yaml, "updated").unwrap_or(2);
                self.error(
                    line,
                    format!("`updated: {u}` is not a date"),
                    "write it as YYYY-MM-DD, e.g. 2026-10-14",
                );
            }
        }
    }
}
