//! `fixpath check`: every problem in a content folder, reported the way a compiler would, and
//! `--tree`, an outline of one article's decision tree.

use crate::content::{shorten, source_text, Diagnostic, Library, LoadOptions, Severity};
use app::diagnostic::printable;
use app::model::{Article, Procedure};
use app::tree::{node_href, Attempt, Node, Target, Trail};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The result of checking a folder.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Article files read.
    pub files: usize,
    /// Articles that load (drafts included).
    pub articles: usize,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Every article that loads, with what kind of page it is, in file order.
    pub pages: Vec<Page>,
}

/// One article that loads: its file, address and kind.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page {
    /// The file it comes from.
    pub path: std::path::PathBuf,
    /// Its address, `/articles/{slug}`.
    pub slug: String,
    /// `tree`, `guide`, `faq` or `reference`.
    pub kind: app::model::ArticleKind,
}

impl Report {
    /// The exit status `fixpath check` ends with: 1 when anything must be fixed.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.errors > 0)
    }
}

/// Loads `dir` the way the server does, with drafts and the image check on, and collects the problems.
pub fn check(dir: &Path, public: Option<&Path>) -> Result<(Report, Library), crate::content::LoadError> {
    let library = Library::load(
        dir,
        LoadOptions {
            drafts: true,
            public: public.map(Path::to_path_buf),
            dates: false,
            // Rendering only: what `check` reports does not depend on it.
            remote_images: true,
        },
    )?;
    let diagnostics = library.diagnostics.clone();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut pages: Vec<Page> = library
        .articles()
        .map(|a| Page {
            path: library.path_of(&a.slug).map(Path::to_path_buf).unwrap_or_default(),
            slug: a.slug.clone(),
            kind: a.kind,
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let report = Report {
        pages,
        files: library.files,
        articles: library.len(),
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
    };
    Ok((report, library))
}

/// Terminal colours, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colours when `color` is true.
    pub fn new(color: bool) -> Self {
        Style { color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The report as a person reads it: each diagnostic with its source line, then a summary.
pub fn render_human(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let mut sources: HashMap<PathBuf, Option<Vec<String>>> = HashMap::new();
    for d in &report.diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}: {}: {}",
            style.paint(
                "1",
                &format!("{}:{}:{}", printable(&d.path.display().to_string()), d.line, d.col)
            ),
            style.paint(code, label),
            style.paint("1", &printable(&d.message))
        );
        let lines = sources
            .entry(d.path.clone())
            .or_insert_with(|| source_text(&d.path).map(|t| t.lines().map(str::to_string).collect()))
            .as_deref();
        let gutter = " ".repeat(d.line.to_string().len());
        if let Some(raw) = lines.and_then(|l| l.get(d.line as usize - 1)) {
            write_source_line(&mut out, style, d, raw, code);
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(
                out,
                "{gutter} {} {}: {}",
                style.paint("1;34", "="),
                style.paint("1", "hint"),
                printable(hint)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(report, style));
    out
}

/// The offending line under a diagnostic, with carets under what its column points at.
fn write_source_line(out: &mut String, style: Style, d: &Diagnostic, raw: &str, code: &str) {
    let gutter = " ".repeat(d.line.to_string().len());
    let bar = style.paint("1;34", "|");
    // Tabs are shown as four spaces; the carets move with them.
    let tabs_before = raw.chars().take(d.col as usize - 1).filter(|c| *c == '\t').count() as u32;
    // Other control characters (the zero bytes of UTF-16) show as one replacement mark.
    let shown: String = raw
        .chars()
        .map(|c| match c {
            '\t' => "    ".to_string(),
            c if c.is_control() => "\u{fffd}".to_string(),
            c => c.to_string(),
        })
        .collect();
    let (text, col) = window(&shown, d.col + 3 * tabs_before);
    let (start, len) = underline(&text, col);
    let _ = writeln!(out, "{gutter} {bar}");
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint("1;34", &d.line.to_string()),
        text.trim_end()
    );
    let _ = writeln!(
        out,
        "{gutter} {bar} {}{}",
        " ".repeat(start),
        style.paint(code, &"^".repeat(len.max(1)))
    );
}

/// `checked N files: …`, coloured by the worst problem.
fn summary(report: &Report, style: Style) -> String {
    let summary = match (report.errors, report.warnings) {
        (0, 0) => format!("checked {}: no problems", plural(report.files, "file")),
        (e, w) => format!(
            "checked {}: {}, {}",
            plural(report.files, "file"),
            plural(e, "error"),
            plural(w, "warning")
        ),
    };
    let code = if report.errors > 0 {
        "1;31"
    } else if report.warnings > 0 {
        "1;33"
    } else {
        "1;32"
    };
    style.paint(code, &summary)
}

/// Long lines are shown around the column only: `…` marks what is left out.
fn window(text: &str, col: u32) -> (String, u32) {
    const BEFORE: usize = 30;
    const WIDTH: usize = 100;
    let chars: Vec<char> = text.trim_end().chars().collect();
    if chars.len() <= WIDTH {
        return (chars.into_iter().collect(), col);
    }
    let c = (col as usize).saturating_sub(1);
    let start = c.saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    let mut out = String::new();
    let mut col = col;
    if start > 0 {
        out.push('…');
        col = (c - start) as u32 + 2;
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, col)
}

/// Where to put the carets under a source line: from the column to the end of what starts there
/// (a link or image through its `)`, a heading or list item to the end of the line, else a word).
fn underline(text: &str, col: u32) -> (usize, usize) {
    let chars: Vec<char> = text.trim_end().chars().collect();
    let col = (col as usize).saturating_sub(1).min(chars.len());
    if col == 0 {
        let start = chars.iter().take_while(|c| c.is_whitespace()).count();
        return (start, chars.len().saturating_sub(start));
    }
    let rest = &chars[col..];
    let len = if matches!(rest.first(), Some('[' | '!')) {
        rest.iter().position(|&c| c == ')').map_or(rest.len(), |i| i + 1)
    } else {
        rest.iter().position(|c| c.is_whitespace()).unwrap_or(rest.len())
    };
    (col, len)
}

/// The report as JSON, for editors and CI bots.
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// An article's decision tree as an indented outline: what a reader meets, in order. Where
/// each answer leads comes from the tree's own transitions ([`Article::failed`] and friends),
/// walked as "I'm not sure" walks them.
pub fn outline(article: &Article, path: Option<&Path>) -> String {
    let mut out = String::new();
    let href = |node: &Node| node_href(&article.slug, node, &Trail::default());
    let name = |target: Target| destination(article, &target.node);
    let _ = write!(out, "{}", article.title);
    if let Some(p) = path {
        let _ = write!(out, "  ({})", p.display());
    }
    out.push('\n');
    if !article.kind.is_tree() {
        let _ = writeln!(
            out,
            "│ A {} page, not a decision tree: {}",
            article.kind.name(),
            href(&Node::Start)
        );
        for s in &article.extra {
            let indent = if s.level > 2 { "│  │  " } else { "│  " };
            let _ = writeln!(out, "{indent}├─ {}  #{}", s.title, s.id);
        }
        return out;
    }
    let _ = writeln!(out, "│ Symptom: {}", shorten(&article.symptom.text, 100));
    let _ = writeln!(out, "│");
    let _ = writeln!(out, "├─ Which of these matches?  {}", href(&Node::Start));
    let mut walk = Trail {
        walk: true,
        ..Trail::default()
    };
    for (i, c) in article.causes.iter().enumerate() {
        let attempt = Attempt::Cause(c.id.clone());
        let worked = name(article.worked(&walk, &attempt));
        let next = name(article.failed(&walk, &attempt));
        let first = Node::Fix {
            cause: c.id.clone(),
            step: 1,
        };
        let _ = writeln!(out, "│  ├─ {}. {}  [{}]", i + 1, shorten(&c.label.text, 80), c.id);
        let _ = writeln!(
            out,
            "│  │     {}: {}  {}",
            c.fix.title,
            plural(c.fix.steps.len(), "step"),
            href(&first)
        );
        write_steps(&mut out, "│  │       ", &c.fix);
        let _ = writeln!(out, "│  │     Did that work?  yes → {worked}   no → {next}");
        walk.tried.push(c.id.clone());
    }
    let fallback = name(article.none_match(&Trail::default()));
    let _ = writeln!(out, "│  ├─ Not sure → each cause in turn, then {fallback}");
    let _ = writeln!(out, "│  └─ None of these → {fallback}");
    if let Some(p) = &article.last_resort {
        let node = Node::LastResort { step: 1 };
        let _ = writeln!(
            out,
            "├─ {}: {}  {}",
            p.title,
            plural(p.steps.len(), "step"),
            href(&node)
        );
        write_steps(&mut out, "│     ", p);
        let worked = name(article.worked(&walk, &Attempt::LastResort));
        let next = name(article.failed(&walk, &Attempt::LastResort));
        let _ = writeln!(out, "│     Did that work?  yes → {worked}   no → {next}");
    }
    if let Some(p) = &article.verify {
        let _ = writeln!(
            out,
            "├─ {}: {}  {}",
            p.title,
            plural(p.steps.len(), "check"),
            href(&Node::Verify)
        );
        write_steps(&mut out, "│     ", p);
    }
    let escalate = href(&Node::Escalate);
    match &article.escalate {
        Some(p) => {
            let _ = writeln!(out, "└─ {}: {}  {escalate}", p.title, plural(p.steps.len(), "step"));
            write_steps(&mut out, "      ", p);
        }
        None => {
            let _ = writeln!(
                out,
                "└─ Escalate: (no escalation section; readers see a generic contact page)  {escalate}"
            );
        }
    }
    out
}

/// How the outline names where an answer leads.
fn destination(article: &Article, node: &Node) -> String {
    match node {
        Node::Fix { cause, .. } => match article.cause_index(cause) {
            Some(i) => format!("cause {}", i + 1),
            None => cause.clone(),
        },
        Node::LastResort { .. } => "last resort".into(),
        Node::Start => "the causes".into(),
        other => other.id(),
    }
}

fn write_steps(out: &mut String, indent: &str, p: &Procedure) {
    for (i, s) in p.steps.iter().enumerate() {
        let checker = if s.checker.is_some() { "  [hash checker]" } else { "" };
        let _ = writeln!(out, "{indent}{}. {}{checker}", i + 1, shorten(&s.text, 90));
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_cover_what_the_column_points_at() {
        assert_eq!(underline("## Fix", 1), (0, 6));
        assert_eq!(underline("  - item", 1), (2, 6));
        assert_eq!(underline("See [the guide](other.md) now", 5), (4, 21));
        assert_eq!(underline("tittle: x", 1), (0, 9));
        assert_eq!(underline("abc def", 5), (4, 3));
        assert_eq!(underline("short", 40), (5, 0));
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}[link](x.md){}", "a".repeat(200), "b".repeat(200));
        let (shown, col) = window(&line, 201);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().nth(col as usize - 1), Some('['));
        assert_eq!(window("short", 3), ("short".to_string(), 3));
    }
}
