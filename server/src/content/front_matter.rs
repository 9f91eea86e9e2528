//! Splits the optional YAML front matter off an article and reads its typed fields.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Every key [`FrontMatter`] reads, for "did you mean" hints.
pub(super) const KNOWN_KEYS: &[&str] = &["title", "tags", "products", "updated", "draft", "summary", "firmware"];

/// The front-matter keys an article may set.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FrontMatter {
    /// Title; defaults to the `# ` heading.
    pub title: Option<String>,
    /// Tags for grouping and search.
    pub tags: Vec<String>,
    /// Products the article applies to.
    pub products: Vec<String>,
    /// Date of the last change, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Hidden unless the server runs with drafts on.
    pub draft: bool,
    /// One-line description; defaults to the symptom's first paragraph.
    pub summary: Option<String>,
    /// Known firmware images (read by the verification feature).
    pub firmware: Option<serde_yaml_ng::Value>,
    /// Anything else: reported as likely typos.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_yaml_ng::Value>,
}

/// A problem in the front matter, with its 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(super) struct FrontMatterError {
    /// 1-based line in the whole file.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// The front matter (if any) and the Markdown body, with the body's first line number.
#[derive(Debug)]
pub(super) struct Split<'a> {
    /// YAML text between the `---` lines.
    pub yaml: Option<&'a str>,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: u32,
}

/// Splits `---`-fenced front matter from the start of `text` (a leading BOM is ignored).
pub(super) fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    };
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        col: 1,
        message: "front matter starts with `---` but is never closed".into(),
        hint: Some("add a line with `---` after the last key".into()),
    })
}

/// Parses the YAML of the front matter; line numbers are counted in the whole file.
pub(super) fn parse(yaml: &str) -> Result<FrontMatter, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str::<FrontMatter>(yaml).map_err(|e| {
        // The YAML starts on line 2 of the file (line 1 is `---`).
        let line = e.location().map_or(2, |l| l.line() as u32 + 1);
        let col = e.location().map_or(1, |l| l.column() as u32);
        let message = e.to_string();
        // serde_yaml appends " at line N column M"; our prefix already says where.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let hint = if message.contains("invalid type") {
            Some("see the front-matter table in content/README.md for each key's type".to_string())
        } else if message.contains("did not find expected") {
            Some("look for an unclosed `[`, `{` or quote on this line or the one above".to_string())
        } else if message.contains("mapping values are not allowed") {
            Some("check the indentation, and quote values that contain `: ` or `#`".to_string())
        } else {
            None
        };
        FrontMatterError {
            line,
            col,
            message: format!("front matter: {message}"),
            hint,
        }
    })
}

/// The line (1-based, in the whole file) where a top-level key is written, if it can be found.
pub(super) fn key_line(yaml: &str, key: &str) -> Option<u32> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i as u32 + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let s = split("---\ntitle: X\n---\n# X\n").unwrap();
        assert_eq!(s.yaml, Some("title: X\n"));
        assert_eq!(s.body, "# X\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_fine() {
        let s = split("# Title\n").unwrap();
        assert!(s.yaml.is_none());
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_1() {
        let e = split("---\ntitle: X\n# X\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn yaml_errors_carry_the_file_line() {
        let e = parse("title: ok\ntags: [a, b\n").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = parse("title: ok\ntags: 5\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("tags"), "{e:?}");
    }

    #[test]
    fn unknown_keys_are_collected() {
        let fm = parse("tittle: X\ntags: [a]\n").unwrap();
        assert!(fm.unknown.contains_key("tittle"));
        assert_eq!(key_line("tittle: X\ntags: [a]\n", "tags"), Some(3));
    }
}
