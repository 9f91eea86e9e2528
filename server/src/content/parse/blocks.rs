//! The body as top-level blocks (headings, paragraphs, lists, tables, code), each with the line
//! and column of every event, and the small helpers that turn blocks into rich text and steps.

use super::super::markdown;
use super::Pos;
use app::model::{Procedure, Rich};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::HashMap;

/// One top-level piece of the body: a heading or a block (paragraph, list, table, code, …).
#[derive(Debug)]
pub(super) struct Item<'a> {
    /// Its events, each with where it is written.
    pub(super) events: Vec<(Event<'a>, Pos)>,
    /// The line it starts on.
    pub(super) line: u32,
    /// Set for headings.
    pub(super) heading: Option<Heading>,
    /// True for lists.
    pub(super) is_list: bool,
}

impl<'a> Item<'a> {
    /// The events alone.
    pub(super) fn plain_events(&self) -> impl Iterator<Item = &Event<'a>> {
        self.events.iter().map(|(e, _)| e)
    }
}

/// A heading's level, text and explicit `{#id}`.
#[derive(Debug, Clone)]
pub(super) struct Heading {
    pub(super) level: HeadingLevel,
    pub(super) text: String,
    pub(super) id: Option<String>,
}

/// Bytes between the checkpoints kept for lines with characters outside ASCII.
const CHECKPOINT: usize = 64;

/// Maps byte offsets of the body to 1-based file lines and columns (in characters). Each
/// lookup costs the same however long the line is: ASCII lines need no counting, and other
/// lines keep the character count every [`CHECKPOINT`] bytes (built once, when first asked).
pub(super) struct Lines<'a> {
    body: &'a str,
    starts: Vec<usize>,
    first: u32,
    /// Per non-ASCII line: (byte offset, characters before it) at each checkpoint.
    checkpoints: RefCell<HashMap<usize, Vec<(usize, u32)>>>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(body: &'a str, first: u32) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            body,
            starts,
            first,
            checkpoints: RefCell::default(),
        }
    }

    pub(super) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.body.len());
        let idx = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[idx];
        let end = self.starts.get(idx + 1).map_or(self.body.len(), |&e| e);
        let line = &self.body[start..end];
        // Length first: `is_ascii` reads the whole line, which on one long line for every
        // event would make the parse quadratic.
        let col = if line.len() <= CHECKPOINT && line.is_ascii() {
            offset - start
        } else {
            self.chars_before(idx, start, line, offset)
        };
        Pos {
            line: self.first + u32::try_from(idx).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1),
        }
    }

    /// Characters of line `idx` (starting at byte `start`) before byte `offset`.
    fn chars_before(&self, idx: usize, start: usize, line: &str, offset: usize) -> usize {
        let mut cache = self.checkpoints.borrow_mut();
        let marks = cache.entry(idx).or_insert_with(|| {
            let mut marks = vec![(start, 0u32)];
            let mut next = CHECKPOINT;
            for (count, (i, _)) in line.char_indices().enumerate() {
                if i >= next {
                    marks.push((start + i, u32::try_from(count).unwrap_or(u32::MAX)));
                    next = i + CHECKPOINT;
                }
            }
            marks
        });
        let k = marks.partition_point(|&(at, _)| at <= offset).saturating_sub(1);
        let (at, before) = marks[k];
        let rest = self.body.get(at..offset).map_or(0, |s| s.chars().count());
        before as usize + rest
    }
}

/// Deepest nesting of quotes, lists and HTML elements an article may have. Real pages stay
/// far below it; far beyond it the HTML sanitiser's tree builder slows down with the square
/// of the depth (65,000 nested `>` quotes in 128 KB took 9 s).
pub(super) const MAX_NESTING: usize = 100;

/// Most Markdown events (text runs, emphasis, links, list items…) one article may have. Each
/// costs a few hundred bytes on its way to sanitised HTML, so this bounds a file's memory and
/// time (about 120 MB and a quarter second) whatever it holds; a long real guide has a few
/// thousand. A 4 MB line of `*a* ` repeated had 1.8 million and took 870 MB.
pub(super) const MAX_EVENTS: usize = 250_000;

/// Why the body is refused before anything is rendered, and where.
#[derive(Debug)]
pub(super) enum Overrun {
    /// Nested deeper than [`MAX_NESTING`].
    Deep(Pos),
    /// More than [`MAX_EVENTS`] events.
    Busy(Pos),
}

/// How raw HTML changes the nesting: `(deepest rise, net change)` over its tags. Void elements,
/// self-closing tags and elements whose end tag is optional (which close themselves) do not
/// nest; an end tag closes one level.
fn html_nesting(html: &str) -> (usize, isize) {
    const FLAT: [&str; 21] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "dt", "dd", "tr", "td", "th", "option",
    ];
    let (mut level, mut deepest) = (0isize, 0isize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        // Comments and `<!DOCTYPE>` open nothing.
        if name.is_empty() || name.starts_with('!') || FLAT.contains(&name.as_str()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        if closing {
            level -= 1;
        } else if !rest[..end].ends_with('/') {
            level += 1;
            deepest = deepest.max(level);
        }
    }
    (usize::try_from(deepest).unwrap_or(0), level)
}

/// Splits the body into top-level headings and blocks, with their lines; fails where the body
/// nests deeper than [`MAX_NESTING`] or holds more than [`MAX_EVENTS`] events.
pub(super) fn top_level_items<'a>(body: &'a str, lines: &Lines<'_>) -> Result<Vec<Item<'a>>, Overrun> {
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut depth = 0usize;
    // Markdown containers plus open raw HTML elements.
    let mut nesting = 0usize;
    let mut current: Option<Item<'a>> = None;
    let mut heading_text = String::new();
    for (n, (event, range)) in Parser::new_ext(body, markdown::options())
        .into_offset_iter()
        .enumerate()
    {
        let pos = lines.pos(range.start);
        if n >= MAX_EVENTS {
            return Err(Overrun::Busy(pos));
        }
        match &event {
            Event::Start(_) => nesting += 1,
            Event::End(_) => nesting = nesting.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let (rise, net) = html_nesting(html);
                if nesting + rise > MAX_NESTING {
                    return Err(Overrun::Deep(pos));
                }
                nesting = nesting.saturating_add_signed(net);
            }
            _ => {}
        }
        if nesting > MAX_NESTING {
            return Err(Overrun::Deep(pos));
        }
        if depth == 0 {
            let mut item = Item {
                events: vec![],
                line: pos.line,
                heading: None,
                is_list: false,
            };
            match &event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    item.heading = Some(Heading {
                        level: *level,
                        text: String::new(),
                        id: id.as_ref().map(ToString::to_string),
                    });
                    heading_text.clear();
                }
                Event::Start(Tag::List(_)) => item.is_list = true,
                _ => {}
            }
            let opens = matches!(event, Event::Start(_));
            item.events.push((event, pos));
            if opens {
                depth = 1;
                current = Some(item);
            } else {
                items.push(item);
            }
            continue;
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => heading_text.push_str(t),
            _ => {}
        }
        if let Some(item) = current.as_mut() {
            item.events.push((event, pos));
            if depth == 0 {
                if let Some(mut done) = current.take() {
                    if let Some(h) = done.heading.as_mut() {
                        h.text = markdown::collapse_whitespace(&heading_text);
                    }
                    items.push(done);
                }
            }
        }
    }
    items.extend(current);
    Ok(items)
}

/// The items rendered as one piece of rich text.
pub(super) fn render_items(items: &[Item<'_>]) -> Rich {
    markdown::render(items.iter().flat_map(|i| i.plain_events().cloned()))
}

/// The line and inner events of each item of a top-level list.
pub(super) fn list_entries<'a>(list: &Item<'a>) -> Vec<(u32, Vec<Event<'a>>)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur: Vec<Event<'a>> = Vec::new();
    let mut cur_line = list.line;
    // Skip the list's own Start and End.
    let end = list.events.len().saturating_sub(1);
    for (e, pos) in list.events.get(1..end).unwrap_or_default() {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                depth = 1;
                cur.clear();
                cur_line = pos.line;
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                depth = 0;
                out.push((cur_line, std::mem::take(&mut cur)));
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        cur.push(e.clone());
    }
    out
}

/// Intro, steps (the first list's items) and outro of a section's items.
pub(super) fn procedure(title: String, items: &[Item<'_>]) -> Procedure {
    match items.iter().position(|i| i.is_list) {
        Some(k) => Procedure {
            title,
            intro: render_items(&items[..k]),
            steps: list_entries(&items[k])
                .into_iter()
                .map(|(_, events)| markdown::render(events))
                .collect(),
            outro: render_items(&items[k + 1..]),
        },
        None => Procedure {
            title,
            intro: render_items(items),
            steps: vec![],
            outro: Rich::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_on_any_line() {
        let body = "ab\nçé x\n";
        let lines = Lines::new(body, 5);
        assert_eq!(lines.pos(0), Pos { line: 5, col: 1 });
        assert_eq!(lines.pos(1), Pos { line: 5, col: 2 });
        let x = body.find('x').unwrap();
        assert_eq!(lines.pos(x), Pos { line: 6, col: 4 });
        let long = format!("{}é{}x", "a".repeat(500), "b".repeat(700));
        let lines = Lines::new(&long, 1);
        let x = long.find('x').unwrap();
        assert_eq!(lines.pos(x).col, 1202, "checkpoints agree with a plain count");
        assert_eq!(lines.pos(3).col, 4);
    }
}
