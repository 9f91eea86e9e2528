//! Splits the optional YAML front matter off an article and reads its typed fields.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Every key [`FrontMatter`] reads, for "did you mean" hints.
pub(super) const KNOWN_KEYS: &[&str] = &[
    "title",
    "type",
    "tags",
    "products",
    "updated",
    "draft",
    "summary",
    "firmware",
    "keywords",
    "aliases",
    "branch_keywords",
];

/// Keys other documentation tools (Docusaurus, MkDocs Material, Jekyll, Hugo, VuePress) write
/// that mean nothing here (sidebars, layouts, comments…): read silently, so a help center moves
/// over without a warning per page.
pub(super) const OTHER_TOOLS_KEYS: &[&str] = &[
    "id",
    "slug",
    "permalink",
    "layout",
    "sidebar_label",
    "sidebar_position",
    "sidebar_class_name",
    "sidebar_custom_props",
    "displayed_sidebar",
    "hide_title",
    "hide_table_of_contents",
    "pagination_label",
    "pagination_next",
    "pagination_prev",
    "custom_edit_url",
    "image",
    "toc_min_heading_level",
    "toc_max_heading_level",
    "weight",
    "nav_order",
    "nav_exclude",
    "parent",
    "grand_parent",
    "has_children",
    "categories",
    "category",
    "author",
    "authors",
    "toc",
    "hide",
    "template",
    "icon",
    "status",
    "search",
    "comments",
    "menu",
    "linktitle",
    "linkTitle",
    "lang",
    "excerpt",
    "redirect_from",
    "search_exclude",
    "sidebar",
    "sidebarDepth",
    "prev",
    "next",
    "editLink",
    "lastUpdated",
    "pageClass",
    "head",
    "subtitle",
    "subject",
    "order",
];

/// The front-matter keys an article may set.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FrontMatter {
    /// Title; defaults to the `# ` heading.
    pub title: Option<String>,
    /// The kind of page (`tree`, `guide`, `faq`, `reference`); decided from the sections when
    /// absent.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Tags for grouping and search: a list, or words in one string (Jekyll), or Docusaurus'
    /// `{label: …}` objects.
    #[serde(deserialize_with = "words")]
    pub tags: Vec<String>,
    /// Extra words people search with (Docusaurus, Hugo).
    #[serde(deserialize_with = "words")]
    pub keywords: Vec<String>,
    /// Other names of the guide, searched like its title: a list, or one name. Entries that are
    /// addresses (`/old/path/`, as Hugo writes them) are old URLs, not names, and not searched.
    #[serde(deserialize_with = "phrases")]
    pub aliases: Vec<String>,
    /// Words people use for one cause (a tree) or section (a plain page), by its id: a list of
    /// phrases, or phrases separated by commas.
    #[serde(deserialize_with = "phrases_by_id")]
    pub branch_keywords: BTreeMap<String, Vec<String>>,
    /// One-line description (Docusaurus, MkDocs, Hugo): the summary when `summary` is absent.
    pub description: Option<String>,
    /// Published at its address but left out of lists, search and the sitemap (Docusaurus).
    pub unlisted: bool,
    /// Last change as other tools write it, used when `updated` is absent: Docusaurus
    /// `last_update` (a date or `{date: …}`), Hugo `lastmod`, Jekyll `last_modified_at`, then `date`.
    pub last_update: Option<serde_yaml_ng::Value>,
    /// See `last_update`.
    pub lastmod: Option<serde_yaml_ng::Value>,
    /// See `last_update`.
    pub last_modified_at: Option<serde_yaml_ng::Value>,
    /// See `last_update`.
    pub date: Option<serde_yaml_ng::Value>,
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

impl FrontMatter {
    /// The last-change date other tools' keys give, as `YYYY-MM-DD` (a date-time is cut to its
    /// day); `None` when none is a date.
    pub(super) fn other_tools_date(&self) -> Option<String> {
        let day = |v: &serde_yaml_ng::Value| -> Option<String> {
            let text = match v {
                serde_yaml_ng::Value::String(s) => s.clone(),
                serde_yaml_ng::Value::Mapping(m) => m.get("date").and_then(|d| d.as_str()).map(str::to_string)?,
                _ => return None,
            };
            let day = text.trim().get(..10)?.to_string();
            is_iso_date(&day).then_some(day)
        };
        [&self.last_update, &self.lastmod, &self.last_modified_at, &self.date]
            .into_iter()
            .flatten()
            .find_map(day)
    }
}

/// Words from a list of strings, a string of words separated by spaces or commas, or a list of
/// `{label: …}` objects.
fn words<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = serde_yaml_ng::Value::deserialize(d)?;
    let one = |v: &serde_yaml_ng::Value| match v {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        serde_yaml_ng::Value::Mapping(m) => m.get("label").and_then(|l| l.as_str()).map(str::to_string),
        _ => None,
    };
    Ok(match &v {
        serde_yaml_ng::Value::Sequence(items) => items.iter().filter_map(one).collect(),
        serde_yaml_ng::Value::String(s) => s
            .split([',', ' '])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        serde_yaml_ng::Value::Null => vec![],
        other => one(other).into_iter().collect(),
    })
}

/// A list of phrases, or one phrase (kept whole, unlike [`words`]).
fn phrases<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = serde_yaml_ng::Value::deserialize(d)?;
    let one = |v: &serde_yaml_ng::Value| match v {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    Ok(match &v {
        serde_yaml_ng::Value::Sequence(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    })
}

/// Phrases by id: a mapping whose values are lists of phrases or one string of phrases separated
/// by commas.
fn phrases_by_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    use serde::de::Error;
    let v = serde_yaml_ng::Value::deserialize(d)?;
    let text = |v: &serde_yaml_ng::Value| match v {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let map = match v {
        serde_yaml_ng::Value::Null => return Ok(BTreeMap::new()),
        serde_yaml_ng::Value::Mapping(m) => m,
        _ => {
            return Err(D::Error::custom(
                "`branch_keywords` maps a cause's or section's id to its keywords, e.g. `branch_keywords: {lockout: [locked out again, too many attempts]}`",
            ))
        }
    };
    let mut out = BTreeMap::new();
    for (id, phrases) in &map {
        let Some(id) = text(id) else {
            return Err(D::Error::custom(
                "`branch_keywords`: each key is a cause's or section's id",
            ));
        };
        let list: Vec<String> = match phrases {
            serde_yaml_ng::Value::Sequence(items) => items.iter().filter_map(text).collect(),
            serde_yaml_ng::Value::Null => vec![],
            other => text(other)
                .map(|s| s.split(',').map(|p| p.trim().to_string()).collect())
                .unwrap_or_default(),
        };
        out.insert(id, list.into_iter().filter(|p| !p.trim().is_empty()).collect());
    }
    Ok(out)
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

/// Front matter longer than this is refused: it is a handful of keys, and YAML parsing buffers it.
pub(super) const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Parses the YAML of the front matter; line numbers are counted in the whole file. Anchors and
/// aliases are refused before parsing: one alias can stand for another many times over, so a
/// few hundred bytes can expand to gigabytes.
pub(super) fn parse(yaml: &str) -> Result<FrontMatter, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(FrontMatterError {
            line: 1,
            col: 1,
            message: format!(
                "the front matter is {} bytes; at most {} KB is read",
                yaml.len(),
                MAX_FRONT_MATTER_BYTES / 1024
            ),
            hint: Some("keep the front matter to its keys and move long text into the article".into()),
        });
    }
    if let Some((line, col)) = anchor_or_alias(yaml) {
        return Err(FrontMatterError {
            line,
            col,
            message: "front matter: YAML anchors and aliases (`&name`, `*name`) are not read".into(),
            hint: Some("write the value out in full (quote it if it starts with `*` or `&`)".into()),
        });
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

/// Where the first YAML anchor (`&name`) or alias (`*name`) is written, as a file line (the YAML
/// starts on line 2) and a 1-based column; quoted text, comments and block scalars (`|`, `>`)
/// are skipped. One pass over the text.
fn anchor_or_alias(yaml: &str) -> Option<(u32, u32)> {
    let mut block_indent: Option<usize> = None;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(block) = block_indent {
            if line.trim().is_empty() || indent > block {
                continue;
            }
            block_indent = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut quote: Option<char> = None;
        // True where a new value may start: line start, after `- `, `: `, `[`, `{`, `,`.
        let mut value_start = true;
        let mut last_significant = ' ';
        for (col, &c) in chars.iter().enumerate() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '"' | '\'' if value_start => quote = Some(c),
                '#' if col == 0 || chars[col - 1].is_whitespace() => break,
                '&' | '*' if value_start => {
                    let next = chars.get(col + 1).copied().unwrap_or(' ');
                    if !next.is_whitespace() && !",[]{}".contains(next) {
                        return Some((i as u32 + 2, col as u32 + 1));
                    }
                    value_start = false;
                }
                ' ' | '\t' => {
                    value_start = value_start || matches!(last_significant, ':' | '-' | ',' | '[' | '{');
                }
                '[' | '{' | ',' => value_start = true,
                _ => value_start = false,
            }
            if !c.is_whitespace() {
                last_significant = c;
            }
        }
        let body = line.split(" #").next().unwrap_or("").trim_end();
        if body.ends_with(['|', '>'])
            || body.ends_with("|-")
            || body.ends_with(">-")
            || body.ends_with("|+")
            || body.ends_with(">+")
        {
            block_indent = Some(indent);
        }
    }
    None
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

/// The 1-based file line of `nested`, a key inside the mapping under top-level `key`, when it is
/// written on a line of its own (`  lockout: […]`), else the line of `key`; `None` without `key`.
pub(super) fn nested_key_line(yaml: &str, key: &str, nested: &str) -> Option<u32> {
    let at = key_line(yaml, key)?;
    let own = yaml
        .lines()
        .enumerate()
        .skip(at.saturating_sub(1) as usize)
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(nested)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i as u32 + 2);
    Some(own.unwrap_or(at))
}

/// True for `YYYY-MM-DD` naming a day that exists.
pub(super) fn is_iso_date(s: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_aliases_are_refused_before_they_expand() {
        let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: x\n";
        let e = parse(bomb).unwrap_err();
        assert_eq!((e.line, e.col), (2, 4), "{e:?}");
        assert!(e.message.contains("anchors and aliases"));
        let e = parse("tags:\n  - *x\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 5));
        // Stars and ampersands inside text are text.
        for ok in [
            "title: \"*Bold* & co\"\n",
            "title: Tom & Jerry\n",
            "summary: 'a *b*'\n",
            "summary: |\n  *bold* first\n  &more\ntags: [x] # a * comment\n",
            "title: 5 * 3\n",
        ] {
            assert!(parse(ok).is_ok(), "{ok:?}: {:?}", parse(ok).err());
        }
    }

    #[test]
    fn branch_keywords_map_ids_to_phrases() {
        let fm = parse("branch_keywords:\n  lockout: [account locked, 30 minutes]\n  two-factor: lost phone, new phone\n  empty:\n").unwrap();
        assert_eq!(fm.branch_keywords["lockout"], ["account locked", "30 minutes"]);
        assert_eq!(fm.branch_keywords["two-factor"], ["lost phone", "new phone"]);
        assert!(fm.branch_keywords["empty"].is_empty());
        let e = parse("branch_keywords: [account locked]\n").unwrap_err();
        assert!(e.message.contains("maps a cause's or section's id"), "{}", e.message);
    }

    #[test]
    fn front_matter_is_capped() {
        let big = format!("title: x\nsummary: \"{}\"\n", "a".repeat(MAX_FRONT_MATTER_BYTES));
        let e = parse(&big).unwrap_err();
        assert!(e.message.contains("at most 64 KB"), "{e:?}");
    }

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
        let e = parse("title: ok\ndraft: maybe\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("draft"), "{e:?}");
    }

    #[test]
    fn unknown_keys_are_collected() {
        let fm = parse("tittle: X\ntags: [a]\n").unwrap();
        assert!(fm.unknown.contains_key("tittle"));
        assert_eq!(key_line("tittle: X\ntags: [a]\n", "tags"), Some(3));
    }
}
