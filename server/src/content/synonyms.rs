//! `synonyms.yml` in the content folder: the writers' own groups of words and phrases that mean
//! the same to their readers, added to search's built-in thesaurus.
//!
//! ```yaml
//! # one group per item: a reader typing any of these finds pages with the others
//! - [novahub, hub, base station]
//! - [doorbell, door bell, chime]
//! ```
//! A group needs at least two terms; a term is plain text of at most [`MAX_TERM_CHARS`]
//! characters. A broken group is reported (an error, so `fixpath check` fails) and left out;
//! the others are used.

use super::Diagnostic;
use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};

/// The file names read, in this order (the first found is used).
pub const FILE_NAMES: [&str; 2] = ["synonyms.yml", "synonyms.yaml"];
/// Larger files are refused.
pub const MAX_BYTES: u64 = 256 * 1024;
/// Groups read; the rest are reported and left out.
pub const MAX_GROUPS: usize = 2_000;
/// Terms in one group.
pub const MAX_TERMS: usize = 40;
/// Characters in one term.
pub const MAX_TERM_CHARS: usize = 60;

/// The groups of the content folder's synonyms file (none without one), and its problems.
pub fn load(dir: &Path) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
    let Some(path) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
        return (vec![], vec![]);
    };
    match super::folder::read_bounded(&path, MAX_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&path, &text),
            Err(_) => (
                vec![],
                vec![Diagnostic::error(&path, 1, "the synonyms file is not UTF-8 text")],
            ),
        },
        Err(e) => (vec![], vec![Diagnostic::error(&path, 1, e.to_string())]),
    }
}

/// The file line of each top-level list item (`- …`), in order.
fn item_lines(text: &str) -> Vec<u32> {
    let indent = text
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.len() > indent && l[indent..].starts_with('-') && l[..indent].trim().is_empty())
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect()
}

/// Reads the groups from the file's text.
pub fn parse(path: &Path, text: &str) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
    let path: PathBuf = path.to_path_buf();
    let hint = "write one group per line: `- [bricked, dead, won't boot]`";
    let value: Value = match serde_yaml_ng::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(1, |l| u32::try_from(l.line()).unwrap_or(1));
            return (
                vec![],
                vec![
                    Diagnostic::error(&path, line, format!("the synonyms file is not valid YAML: {e}")).with_hint(hint),
                ],
            );
        }
    };
    let items = match value {
        Value::Null => return (vec![], vec![]),
        Value::Sequence(items) => items,
        _ => {
            return (
                vec![],
                vec![Diagnostic::error(&path, 1, "the synonyms file must be a list of groups").with_hint(hint)],
            )
        }
    };
    let lines = item_lines(text);
    let mut groups = Vec::new();
    let mut problems = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let line = lines.get(n).copied().unwrap_or(1);
        if n == MAX_GROUPS {
            problems.push(Diagnostic::error(
                &path,
                line,
                format!("more than {MAX_GROUPS} groups: the rest are left out"),
            ));
            break;
        }
        let Value::Sequence(terms) = item else {
            problems.push(
                Diagnostic::error(&path, line, format!("group {} is not a list of words", n + 1)).with_hint(hint),
            );
            continue;
        };
        let mut group: Vec<String> = Vec::new();
        let mut bad = None;
        for term in terms {
            let text = match term {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                _ => {
                    bad = Some("every term must be text".to_string());
                    break;
                }
            };
            let text = super::markdown::collapse_whitespace(&text);
            if text.is_empty() || text.chars().count() > MAX_TERM_CHARS {
                bad = Some(format!(
                    "a term must have 1 to {MAX_TERM_CHARS} characters: `{}`",
                    super::shorten(&text, 40)
                ));
                break;
            }
            if !group.contains(&text) {
                group.push(text);
            }
        }
        match bad {
            Some(why) => problems.push(Diagnostic::error(&path, line, format!("group {}: {why}", n + 1))),
            None if group.len() < 2 => problems.push(
                Diagnostic::error(&path, line, format!("group {} has fewer than two terms", n + 1))
                    .with_hint("a group lists words that mean the same: at least two"),
            ),
            None if group.len() > MAX_TERMS => problems.push(Diagnostic::error(
                &path,
                line,
                format!("group {} has more than {MAX_TERMS} terms: split it", n + 1),
            )),
            None => groups.push(group),
        }
    }
    (groups, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_and_broken_ones_reported_on_their_line() {
        let text = "# ours\n- [novahub, hub, base station]\n- [lonely]\n- just text\n-\n  - door bell\n  - doorbell\n- [ok, '  spaced   out  ']\n- [x, {a: 1}]\n";
        let (groups, problems) = parse(Path::new("synonyms.yml"), text);
        assert_eq!(
            groups,
            [
                vec!["novahub".to_string(), "hub".into(), "base station".into()],
                vec!["door bell".into(), "doorbell".into()],
                vec!["ok".into(), "spaced out".into()],
            ]
        );
        let got: Vec<(u32, String)> = problems.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(
            got,
            [
                (3, "group 2 has fewer than two terms".to_string()),
                (4, "group 3 is not a list of words".to_string()),
                (9, "group 6: every term must be text".to_string()),
            ]
        );
        let (_, problems) = parse(Path::new("synonyms.yml"), "a: [b, c]\n");
        assert!(problems[0].message.contains("must be a list"));
        let (_, problems) = parse(Path::new("synonyms.yml"), "- [a, b\n");
        assert!(problems[0].message.contains("not valid YAML"));
        assert!(parse(Path::new("synonyms.yml"), "").0.is_empty());
    }
}
