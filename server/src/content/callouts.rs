//! Callouts ("admonitions") in the three syntaxes writers bring, rendered as one accessible
//! style:
//!
//! - GitHub: `> [!NOTE]` (also TIP, IMPORTANT, WARNING, CAUTION), read by pulldown-cmark;
//! - Docusaurus: `:::tip Title` or `:::tip[Title]` … `:::` (nested with more colons);
//! - MkDocs Material: `!!! warning "Title"` with a body indented four spaces, and the
//!   collapsible `??? note` (closed) and `???+ note` (open).
//!
//! The last two are rewritten line for line into a block quote that starts with a marker
//! ([`MARKER`], carrying the kind, title and whether it folds), so every line keeps its number
//! (columns inside a callout move by the `> ` added). The renderer ([`transform`]) then turns
//! each such block quote, and each GitHub alert, into `<div class="callout …" role="note">`
//! with its title, or `<details class="callout …">` when it folds.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;

/// The inline HTML tag that opens a rewritten callout's block quote.
const MARKER: &str = "<fixpath-callout";

/// The kinds a callout may have, as written in each syntax, and the one style each maps to.
const KINDS: &[(&str, &str)] = &[
    ("note", "note"),
    ("info", "note"),
    ("abstract", "note"),
    ("summary", "note"),
    ("example", "note"),
    ("quote", "note"),
    ("tip", "tip"),
    ("hint", "tip"),
    ("success", "tip"),
    ("check", "tip"),
    ("question", "tip"),
    ("important", "important"),
    ("warning", "warning"),
    ("caution", "warning"),
    ("attention", "warning"),
    ("danger", "danger"),
    ("error", "danger"),
    ("failure", "danger"),
    ("bug", "danger"),
];

/// The style for a kind as written, or `note` for one this table does not know.
fn style(kind: &str) -> &'static str {
    let kind = kind.to_ascii_lowercase();
    KINDS.iter().find(|(k, _)| *k == kind).map_or("note", |(_, s)| s)
}

/// The title a callout gets when the writer gave none.
fn default_title(style: &str) -> &'static str {
    match style {
        "tip" => "Tip",
        "important" => "Important",
        "warning" => "Warning",
        "danger" => "Danger",
        _ => "Note",
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    String::from_utf8(bytes?).ok()
}

/// The marker line for a callout of `kind` titled `title`; `fold` is `closed`, `open` or empty.
fn marker(kind: &str, title: &str, fold: &str) -> String {
    // Closed on the same line: a tag alone on a line would start a raw HTML block instead.
    format!(
        "{MARKER} k=\"{}\" t=\"{}\" f=\"{fold}\"></fixpath-callout>",
        style(kind),
        hex(title)
    )
}

/// `body` with Docusaurus and MkDocs callouts rewritten into marked block quotes, line for line.
/// Code blocks are left alone.
pub(super) fn rewrite(body: &str) -> Cow<'_, str> {
    if !body.contains(":::") && !body.contains("!!!") && !body.contains("???") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 64);
    // Open Docusaurus callouts: their colon counts, innermost last.
    let mut colons: Vec<usize> = Vec::new();
    // Inside an MkDocs callout: its body is indented.
    let mut mkdocs = false;
    let mut fence: Option<&str> = None;
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let text = line.trim_end_matches(['\n', '\r']);
        let ending = &line[text.len()..];
        let quote = "> ".repeat(colons.len() + usize::from(mkdocs));
        let trimmed = text.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            out.push_str(&quote);
            out.push_str(strip_indent(text, mkdocs));
            out.push_str(ending);
            continue;
        }
        if mkdocs {
            let indented = text.starts_with("    ") || text.starts_with('\t');
            let blank = text.trim().is_empty();
            let continues = indented
                || (blank
                    && lines[i + 1..]
                        .iter()
                        .find(|l| !l.trim().is_empty())
                        .is_some_and(|l| l.starts_with("    ") || l.starts_with('\t')));
            if continues {
                out.push_str(quote.trim_end());
                if !blank {
                    out.push(' ');
                    out.push_str(strip_indent(text, true));
                }
                out.push_str(ending);
                if let Some(f) = ["```", "~~~"].into_iter().find(|f| text.trim_start().starts_with(f)) {
                    fence = Some(f);
                }
                continue;
            }
            mkdocs = false;
        }
        let quote = "> ".repeat(colons.len());
        if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
            out.push_str(&quote);
            out.push_str(text);
            out.push_str(ending);
            continue;
        }
        let run = trimmed.chars().take_while(|c| *c == ':').count();
        if run >= 3 {
            let rest = trimmed[run..].trim();
            if rest.is_empty() && colons.last() == Some(&run) {
                // The close of the innermost callout: an empty line ends its block quote.
                colons.pop();
                out.push_str("> ".repeat(colons.len()).trim_end());
                out.push_str(ending);
                continue;
            }
            if let Some((kind, title)) = docusaurus_opening(rest) {
                out.push_str(&quote);
                out.push_str("> ");
                out.push_str(&marker(kind, title, ""));
                out.push_str(ending);
                colons.push(run);
                continue;
            }
        }
        if colons.is_empty() {
            if let Some((kind, title, fold)) = mkdocs_opening(trimmed) {
                out.push_str("> ");
                out.push_str(&marker(kind, title, fold));
                out.push_str(ending);
                mkdocs = true;
                continue;
            }
        }
        if text.trim().is_empty() {
            out.push_str(quote.trim_end());
        } else {
            out.push_str(&quote);
            out.push_str(text);
        }
        out.push_str(ending);
    }
    Cow::Owned(out)
}

/// A line of an MkDocs body without its four-space (or tab) indent.
fn strip_indent(text: &str, mkdocs: bool) -> &str {
    if !mkdocs {
        return text;
    }
    text.strip_prefix("    ")
        .or_else(|| text.strip_prefix('\t'))
        .unwrap_or(text)
}

/// `tip Title`, `tip[Title]` or `tip` after the colons: the kind and title.
fn docusaurus_opening(rest: &str) -> Option<(&str, &str)> {
    let kind_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
    if kind_len == 0 {
        return None;
    }
    let (kind, after) = rest.split_at(kind_len);
    let title = match after.trim() {
        t if t.starts_with('[') && t.ends_with(']') => &t[1..t.len() - 1],
        t => t,
    };
    Some((kind, title.trim()))
}

/// `!!! warning "Title"`, `??? note`, `???+ tip ""`: the kind, title and how it folds.
fn mkdocs_opening(trimmed: &str) -> Option<(&str, &str, &'static str)> {
    let (rest, fold) = if let Some(r) = trimmed.strip_prefix("!!!") {
        (r, "")
    } else if let Some(r) = trimmed.strip_prefix("???+") {
        (r, "open")
    } else if let Some(r) = trimmed.strip_prefix("???") {
        (r, "closed")
    } else {
        return None;
    };
    let rest = rest.trim();
    let kind_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(rest.len());
    if kind_len == 0 || !rest[..kind_len].chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (kind, after) = rest.split_at(kind_len);
    let after = after.trim();
    let title = after
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(after);
    Some((kind, title, fold))
}

/// What a marker says: style, title (the default when none was written), fold.
fn read_marker(html: &str) -> Option<(&'static str, String, String)> {
    let attr = |name: &str| -> Option<String> {
        let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(html[start..].split('"').next()?.to_string())
    };
    if !html.starts_with(MARKER) {
        return None;
    }
    let style = style(&attr("k")?);
    let title = unhex(&attr("t")?).filter(|t| !t.trim().is_empty());
    let fold = attr("f").unwrap_or_default();
    Some((style, title.unwrap_or_else(|| default_title(style).to_string()), fold))
}

/// Escapes text for HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::escape::escape_html_into(&mut out, s);
    out
}

fn opening(style: &str, title: &str, fold: &str) -> String {
    let title = escape(title);
    match fold {
        "closed" => {
            format!("<details class=\"callout callout-{style}\"><summary class=\"callout-title\">{title}</summary>")
        }
        "open" => format!(
            "<details class=\"callout callout-{style}\" open><summary class=\"callout-title\">{title}</summary>"
        ),
        _ => format!("<div class=\"callout callout-{style}\" role=\"note\"><p class=\"callout-title\">{title}</p>"),
    }
}

/// Replaces each callout's block quote (a GitHub alert, or one [`rewrite`] marked) with the
/// callout's HTML; other block quotes stay as they are.
pub(super) fn transform(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|e| {
        matches!(e, Event::Start(Tag::BlockQuote(Some(_))))
            || matches!(e, Event::InlineHtml(h) if h.starts_with(MARKER))
    }) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // For each open block quote, the HTML that closes it when it is a callout.
    let mut closes: Vec<Option<&'static str>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let style = match kind {
                    BlockQuoteKind::Note => "note",
                    BlockQuoteKind::Tip => "tip",
                    BlockQuoteKind::Important => "important",
                    BlockQuoteKind::Warning => "warning",
                    BlockQuoteKind::Caution => "danger",
                };
                out.push(Event::Html(CowStr::from(opening(style, default_title(style), ""))));
                closes.push(Some("</div>"));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                // A marked quote: its first paragraph starts with the marker.
                let marked = match (events.get(i + 1), events.get(i + 2)) {
                    (Some(Event::Start(Tag::Paragraph)), Some(Event::InlineHtml(h))) => read_marker(h),
                    _ => None,
                };
                match marked {
                    Some((style, title, fold)) => {
                        out.push(Event::Html(CowStr::from(opening(style, &title, &fold))));
                        closes.push(Some(if fold.is_empty() { "</div>" } else { "</details>" }));
                        // Drop the marker (and its closing tag and line break); keep the rest of
                        // the paragraph, or the paragraph not at all when the marker was all.
                        let mut j = i + 3;
                        while matches!(events.get(j), Some(Event::InlineHtml(h)) if h.starts_with("</fixpath-callout"))
                        {
                            j += 1;
                        }
                        while matches!(events.get(j), Some(Event::SoftBreak)) {
                            j += 1;
                        }
                        if matches!(events.get(j), Some(Event::End(TagEnd::Paragraph))) {
                            i = j + 1;
                        } else {
                            out.push(Event::Start(Tag::Paragraph));
                            i = j;
                        }
                        continue;
                    }
                    None => {
                        out.push(events[i].clone());
                        closes.push(None);
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match closes.pop().flatten() {
                Some(html) => out.push(Event::Html(CowStr::Borrowed(html))),
                None => out.push(events[i].clone()),
            },
            e => out.push(e.clone()),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docusaurus_and_mkdocs_become_marked_quotes_line_for_line() {
        let src = "Intro.\n\n:::tip[Save time]\nUse the app.\n\n- a list\n:::\n\nAfter.\n\n!!! warning \"Mind the power\"\n    Keep it plugged in.\n\n    Really.\n\nOutside.\n";
        let out = rewrite(src);
        assert_eq!(out.lines().count(), src.lines().count());
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[2].starts_with("> <fixpath-callout k=\"tip\""), "{out}");
        assert_eq!(lines[3], "> Use the app.");
        assert_eq!(lines[4], ">");
        assert_eq!(lines[5], "> - a list");
        assert_eq!(lines[6], "");
        assert_eq!(lines[8], "After.");
        assert!(lines[10].starts_with("> <fixpath-callout k=\"warning\""), "{out}");
        assert_eq!(lines[11], "> Keep it plugged in.");
        assert_eq!(lines[12], ">");
        assert_eq!(lines[13], "> Really.");
        assert_eq!(lines[15], "Outside.");
        // Code blocks are not callouts.
        let code = "```\n:::tip\n!!! note\n```\n";
        assert_eq!(rewrite(code), code);
    }

    #[test]
    fn titles_survive_any_text_and_kinds_map_to_one_style() {
        let m = marker("attention", "Watch <out> & \"see\"", "open");
        let (style, title, fold) = read_marker(&m).unwrap();
        assert_eq!(
            (style, title.as_str(), fold.as_str()),
            ("warning", "Watch <out> & \"see\"", "open")
        );
        assert_eq!(read_marker(&marker("bogus", "", "")).unwrap().1, "Note");
        assert!(opening("tip", "<b>x</b>", "").contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
