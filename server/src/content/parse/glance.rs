//! Codes in a tree's "at a glance" tables: a row that pairs a code (`SEC_ERROR_UNKNOWN_ISSUER`)
//! with words only one cause's label or fix heading uses ("Self-signed certificate or unknown
//! issuer") tells which cause that code means. Search treats such codes as that cause's keywords,
//! so a reader pasting the code lands on its fix, not on the symptom.
//!
//! Only unambiguous rows count: a row whose words name two causes ("Wrong clock or expired
//! certificate") or none attributes nothing. Cost is linear in the tables' text.

use super::blocks::Item;
use app::model::Cause;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Codes attributed to at most this many per cause (a table is a summary, not an index).
const MAX_CODES_PER_CAUSE: usize = 32;

/// A table's body rows, each as its cells' plain text, with whether a cell is all inline code.
fn rows(items: &[Item<'_>]) -> Vec<Vec<(String, bool)>> {
    let mut rows = Vec::new();
    for item in items {
        let mut row: Option<Vec<(String, bool)>> = None;
        // The current cell's text, and whether everything in it so far is inline code.
        let mut cell: Option<(String, bool)> = None;
        let mut head = false;
        for event in item.plain_events() {
            match event {
                Event::Start(Tag::TableHead) => head = true,
                Event::End(TagEnd::TableHead) => head = false,
                Event::Start(Tag::TableRow) if !head => row = Some(Vec::new()),
                Event::End(TagEnd::TableRow) => rows.extend(row.take()),
                Event::Start(Tag::TableCell) => cell = Some((String::new(), true)),
                Event::End(TagEnd::TableCell) => {
                    if let (Some(r), Some((text, code))) = (row.as_mut(), cell.take()) {
                        let text = crate::content::markdown::collapse_whitespace(&text);
                        let code = code && !text.is_empty();
                        r.push((text, code));
                    }
                }
                Event::Code(t) => {
                    if let Some((text, _)) = cell.as_mut() {
                        text.push_str(t);
                    }
                }
                Event::Text(t) => {
                    if let Some((text, code)) = cell.as_mut() {
                        text.push_str(t);
                        *code &= t.trim().is_empty();
                    }
                }
                _ => {}
            }
        }
    }
    rows
}

/// True for a cell that is a code: all inline code, or one token with a digit, `_` or `::` and
/// a letter (`E1043`, `SEC_ERROR_UNKNOWN_ISSUER`), not a measurement (`30 W`).
fn is_code(text: &str, all_code: bool) -> bool {
    if text.is_empty() || text.len() > 80 || text.contains(char::is_whitespace) {
        return false;
    }
    let letter = text.chars().any(char::is_alphabetic);
    let marked = text.chars().any(|c| c.is_ascii_digit() || c == '_') || text.contains("::");
    all_code || (letter && marked)
}

/// Lowercase words of three letters or more, as a set.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| {
            !matches!(
                w.as_str(),
                "the" | "and" | "for" | "not" | "with" | "its" | "you" | "your" | "was"
            )
        })
        .collect()
}

/// The codes of `sections`' tables, by the id of the one cause each row names.
pub(super) fn codes_by_cause(sections: &[&[Item<'_>]], causes: &[Cause]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let names: Vec<HashSet<String>> = causes
        .iter()
        .map(|c| words(&format!("{} {}", c.label.text, c.fix.title)))
        .collect();
    // How many causes use each word: a word of one cause only names it.
    let mut used: HashMap<&str, usize> = HashMap::new();
    for n in &names {
        for w in n {
            *used.entry(w.as_str()).or_default() += 1;
        }
    }
    for row in sections.iter().flat_map(|items| rows(items)) {
        let codes: Vec<&str> = row
            .iter()
            .filter(|(t, all_code)| is_code(t, *all_code))
            .map(|(t, _)| t.as_str())
            .collect();
        if codes.is_empty() {
            continue;
        }
        let said = words(
            &row.iter()
                .filter(|(t, all_code)| !is_code(t, *all_code))
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let named: Vec<usize> = (0..causes.len())
            .filter(|&i| names[i].iter().any(|w| used[w.as_str()] == 1 && said.contains(w)))
            .collect();
        if let [one] = named.as_slice() {
            let list = out.entry(causes[*one].id.clone()).or_default();
            for code in codes {
                if list.len() < MAX_CODES_PER_CAUSE && !list.iter().any(|c| c == code) {
                    list.push(code.to_string());
                }
            }
        }
    }
    out
}
