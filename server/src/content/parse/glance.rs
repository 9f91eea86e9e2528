//! Codes in a tree's "at a glance" tables: a row that pairs a code (`SEC_ERROR_UNKNOWN_ISSUER`)
//! with words only one cause's label or fix heading uses ("Self-signed certificate or unknown
//! issuer") tells which cause that code means. Search treats such codes as that cause's keywords,
//! so a reader pasting the code lands on its fix, not on the symptom.
//!
//! Only unambiguous rows count: a row whose words name two causes ("Wrong clock or expired
//! certificate") or none attributes nothing. Cost is linear in the tables' and the causes' text
//! (one hash lookup per word).

use super::blocks::Item;
use app::model::Cause;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Codes attributed to at most this many per cause (a table is a summary, not an index).
const MAX_CODES_PER_CAUSE: usize = 32;

/// A table's body rows, each as its cells' plain text.
fn rows(items: &[Item<'_>]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for item in items {
        let mut row: Option<Vec<String>> = None;
        let mut cell: Option<String> = None;
        let mut head = false;
        for event in item.plain_events() {
            match event {
                Event::Start(Tag::TableHead) => head = true,
                Event::End(TagEnd::TableHead) => head = false,
                Event::Start(Tag::TableRow) if !head => row = Some(Vec::new()),
                Event::End(TagEnd::TableRow) => rows.extend(row.take()),
                Event::Start(Tag::TableCell) => cell = Some(String::new()),
                Event::End(TagEnd::TableCell) => {
                    if let (Some(r), Some(text)) = (row.as_mut(), cell.take()) {
                        r.push(crate::content::markdown::collapse_whitespace(&text));
                    }
                }
                Event::Code(t) | Event::Text(t) => {
                    if let Some(text) = cell.as_mut() {
                        text.push_str(t);
                    }
                }
                _ => {}
            }
        }
    }
    rows
}

/// True for a cell that is a code, in backticks or not: one token with a letter and a digit,
/// `_` or `::` (`E1043`, `SEC_ERROR_UNKNOWN_ISSUER`), not a plain word in backticks (`admin`)
/// nor a measurement (`30 W`, `30W`, `5GHz`, `1080p`).
fn is_code(text: &str) -> bool {
    if text.len() < 3 || text.len() > 80 || text.contains(char::is_whitespace) {
        return false;
    }
    let letter = text.chars().any(char::is_alphabetic);
    let marked = text.chars().any(|c| c.is_ascii_digit() || c == '_') || text.contains("::");
    let digits = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let measurement = digits.len() < text.len() && digits.len() <= 4 && digits.chars().all(char::is_alphabetic);
    letter && marked && !measurement
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
    // Each word of the causes' labels and fix headings, with the one cause that uses it (none
    // when several do): such a word names that cause.
    let mut owner: HashMap<String, Option<usize>> = HashMap::new();
    for (i, c) in causes.iter().enumerate() {
        for w in words(&format!("{} {}", c.label.text, c.fix.title)) {
            owner
                .entry(w)
                .and_modify(|o| *o = o.filter(|&j| j == i))
                .or_insert(Some(i));
        }
    }
    for row in sections.iter().flat_map(|items| rows(items)) {
        let codes: Vec<&str> = row.iter().filter(|t| is_code(t)).map(String::as_str).collect();
        if codes.is_empty() {
            continue;
        }
        let said = words(
            &row.iter()
                .filter(|t| !is_code(t))
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let mut named: Vec<usize> = said.iter().filter_map(|w| owner.get(w).copied().flatten()).collect();
        named.sort_unstable();
        named.dedup();
        if let [one] = named.as_slice() {
            let list = out.entry(causes[*one].id.clone()).or_default();
            // A namespaced code (`NET::ERR_CERT_AUTHORITY_INVALID`) is also the code alone,
            // as readers often paste it.
            let bare = codes.iter().filter_map(|c| c.rsplit_once("::").map(|(_, b)| b));
            for code in codes.iter().copied().chain(bare) {
                if list.len() < MAX_CODES_PER_CAUSE && !list.iter().any(|c| c == code) {
                    list.push(code.to_string());
                }
            }
        }
    }
    out
}
