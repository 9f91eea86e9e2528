//! Code blocks as the page shows them: highlighted on the server with syntect's grammars (the
//! ones Sublime Text and `bat` use), written as a handful of short classes that the stylesheet
//! colours for light and dark, so pages carry no highlighter script and no inline style. Each
//! block also gets a copy button, hidden where JavaScript does not run (it needs the clipboard).
//!
//! Highlighting is bounded: a block longer than [`MAX_BLOCK_BYTES`] or with a line longer than
//! [`MAX_LINE_BYTES`] (minified code, where a grammar's regexes get slow), and every block once a
//! file has had [`FILE_BUDGET_BYTES`] highlighted, is shown as plain text instead. An unknown
//! language is plain text too.

use std::cell::Cell;
use std::fmt::Write;
use std::sync::LazyLock;
use syntect::parsing::{Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Blocks larger than this are not highlighted.
pub const MAX_BLOCK_BYTES: usize = 32 * 1024;
/// Blocks with a line longer than this are not highlighted.
pub const MAX_LINE_BYTES: usize = 1_000;
/// Bytes of code highlighted per file; later blocks are plain.
pub const FILE_BUDGET_BYTES: usize = 256 * 1024;

/// The grammars, loaded on first use (about 20 ms) and shared by every thread.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Scope prefixes and the class their text gets, most specific first. A token takes the class of
/// the innermost scope on its stack that has one.
const CLASSES: [(&str, &str); 17] = [
    ("comment", "hl-c"),
    ("string", "hl-s"),
    ("constant.numeric", "hl-n"),
    ("constant.character.escape", "hl-e"),
    ("constant", "hl-l"),
    ("keyword.operator", "hl-o"),
    ("keyword", "hl-k"),
    ("storage.type", "hl-t"),
    ("storage", "hl-k"),
    ("entity.name.function", "hl-f"),
    ("support.function", "hl-f"),
    ("entity.name.tag", "hl-g"),
    ("entity.other.attribute-name", "hl-a"),
    ("entity.name", "hl-t"),
    ("support.type", "hl-t"),
    ("markup.deleted", "hl-d"),
    ("markup.inserted", "hl-i"),
];

/// Every class a highlighted block may contain, for the sanitiser's allow-list.
pub fn span_classes() -> impl Iterator<Item = &'static str> {
    CLASSES.iter().map(|(_, class)| *class)
}

static SCOPES: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    CLASSES
        .iter()
        .filter_map(|(name, class)| Some((Scope::new(name).ok()?, *class)))
        .collect()
});

thread_local! {
    /// Bytes still to highlight in the file being parsed on this thread.
    static BUDGET: Cell<usize> = const { Cell::new(FILE_BUDGET_BYTES) };
}

/// Starts a file: it may highlight [`FILE_BUDGET_BYTES`] of code.
pub fn reset_budget() {
    BUDGET.set(FILE_BUDGET_BYTES);
}

/// The HTML of a code block: `lang` is the fence's first word (`rust`, `sh`, `yaml`…), empty
/// for an indented block. The result still goes through the sanitiser with the rest.
pub fn code_block(lang: &str, code: &str) -> String {
    let mut html = String::with_capacity(code.len() + 128);
    html.push_str(
        "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden>Copy</button><pre><code>",
    );
    match syntax_for(lang).filter(|_| worth_highlighting(code)) {
        Some(syntax) => match highlighted(syntax, code) {
            Some(body) => html.push_str(&body),
            None => super::escape::escape_html_into(&mut html, code),
        },
        None => super::escape::escape_html_into(&mut html, code),
    }
    html.push_str("</code></pre></div>\n");
    html
}

/// The grammar for a fence's language word, if there is one.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('.');
    if lang.is_empty() || lang.len() > 32 {
        return None;
    }
    let lang = match lang.to_ascii_lowercase().as_str() {
        // Names writers use that the grammars know under another.
        "console" | "shell" | "shell-session" | "zsh" | "powershell" | "ps1" | "pwsh" => "bash".to_string(),
        "yml" => "yaml".to_string(),
        "jsonc" | "json5" => "json".to_string(),
        "text" | "txt" | "plain" | "plaintext" => return None,
        other => other.to_string(),
    };
    SYNTAXES.find_syntax_by_token(&lang)
}

/// True when the block is small enough, its lines short enough, and the file's budget allows.
fn worth_highlighting(code: &str) -> bool {
    let left = BUDGET.get();
    if code.len() > MAX_BLOCK_BYTES || code.len() > left || code.lines().any(|l| l.len() > MAX_LINE_BYTES) {
        return false;
    }
    BUDGET.set(left - code.len());
    true
}

/// The block's text in spans of the classes above; `None` if the grammar fails on it.
fn highlighted(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut out = String::with_capacity(code.len() * 2);
    let mut state = syntect::parsing::ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // Text waiting to be written, and its class: neighbours with the same class share one span.
    let mut run = String::new();
    let mut run_class: Option<&str> = None;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        for (i, op) in ops {
            let i = i.min(line.len());
            if i > at {
                push_run(&mut out, &mut run, &mut run_class, class_of(&stack), &line[at..i]);
                at = i;
            }
            stack.apply(&op).ok()?;
        }
        push_run(&mut out, &mut run, &mut run_class, class_of(&stack), &line[at..]);
    }
    flush(&mut out, &mut run, run_class);
    Some(out)
}

fn push_run<'c>(
    out: &mut String,
    run: &mut String,
    run_class: &mut Option<&'c str>,
    class: Option<&'c str>,
    text: &str,
) {
    if text.is_empty() {
        return;
    }
    // Whitespace takes any class, so it never splits a span.
    if class != *run_class && !text.trim().is_empty() {
        flush(out, run, *run_class);
        *run_class = class;
    }
    run.push_str(text);
}

fn flush(out: &mut String, run: &mut String, class: Option<&str>) {
    if run.is_empty() {
        return;
    }
    match class {
        Some(c) => {
            let _ = write!(out, "<span class=\"{c}\">");
            super::escape::escape_html_into(out, run);
            out.push_str("</span>");
        }
        None => super::escape::escape_html_into(out, run),
    }
    run.clear();
}

/// The class of the innermost scope on the stack that has one.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|scope| {
        SCOPES
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(*scope))
            .map(|(_, class)| *class)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        // Tags out, entities back: what a reader would copy (the block ends in a newline).
        let html = html.strip_suffix('\n').unwrap_or(html);
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    #[test]
    fn known_languages_get_classes_and_keep_their_text() {
        reset_budget();
        let code = "fn main() {\n    // say hi\n    println!(\"<hi> & bye\", 42);\n}\n";
        let html = code_block("rust", code);
        assert!(html.contains("<span class=\"hl-c\">// say hi"), "{html}");
        assert!(
            html.contains("<span class=\"hl-s\">&quot;&lt;hi&gt; &amp; bye&quot;</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-n\">42</span>"), "{html}");
        assert!(html.contains("class=\"copy-code\" hidden"), "{html}");
        assert_eq!(text_of(&html), format!("Copy{code}"));
        for (lang, code) in [
            ("sh", "sha256sum fw.bin # check it\n"),
            ("yaml", "firmware:\n  - file: a.bin # the image\n"),
            ("json", "{\"a\": 1}\n"),
            ("console", "$ echo hi # greet\n"),
        ] {
            let html = code_block(lang, code);
            assert!(html.contains("<span class=\"hl-"), "{lang}: {html}");
            assert_eq!(text_of(&html), format!("Copy{code}"), "{lang}");
        }
    }

    #[test]
    fn unknown_languages_and_oversized_blocks_are_plain_escaped_text() {
        reset_budget();
        for (lang, code) in [
            ("", "plain <b>text</b>\n"),
            ("no-such-language", "x = 1\n"),
            ("text", "fn main() {}\n"),
            ("rust", &"x".repeat(MAX_LINE_BYTES + 1)),
            ("rust", &"let x = 1;\n".repeat(MAX_BLOCK_BYTES / 10)),
        ] {
            let html = code_block(lang, code);
            assert!(!html.contains("<span"), "{lang}: {}", &html[..200.min(html.len())]);
            assert!(!html.contains("<b>"), "escaped");
            assert_eq!(text_of(&html), format!("Copy{code}"));
        }
    }

    #[test]
    fn a_file_highlights_at_most_its_budget() {
        reset_budget();
        let block = "let x = 1; // one\n".repeat(1_500); // 27 KB
        let highlighted = (0..20).filter(|_| code_block("rust", &block).contains("<span")).count();
        assert_eq!(highlighted, FILE_BUDGET_BYTES / block.len());
        reset_budget();
        assert!(code_block("rust", &block).contains("<span"), "a new file starts afresh");
    }
}
