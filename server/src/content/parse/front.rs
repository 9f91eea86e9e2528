//! The front matter's keys as the parser checks them: unknown keys (likely typos) and dates.

use super::super::front_matter::{self, FrontMatter};
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

/// True for `YYYY-MM-DD` naming a day that exists.
pub(in crate::content) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && real_date(&s[..4], &s[5..7], &s[8..10])
}

/// True for a day that exists on the calendar (no 31 April, no 29 February 2026).
fn real_date(y: &str, m: &str, d: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return false;
    };
    time::Month::try_from(m).is_ok_and(|m| time::Date::from_calendar_date(y, m, d).is_ok())
}
