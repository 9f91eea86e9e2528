//! Parses one Markdown article into the typed [`Article`] behind its decision tree.
//!
//! The format (documented for writers in `content/README.md`):
//!
//! * optional YAML front matter between `---` lines;
//! * `# Title`, then optional introduction text;
//! * `## Symptom` (also "Symptoms", "Problem"): required;
//! * `## Likely causes` (also "Possible causes", "Causes"): required, a list with one cause per item;
//! * `## Fix` (also "Fixes", "Solution(s)", "Resolution"): required, one `###` subsection per cause.
//!   Causes and fixes pair by order; a fix heading may carry an id (`### If power was lost {#power}`)
//!   that a cause links to (`[…](#power)`), and explicit links win. The first list of a subsection
//!   holds its steps, one per item; text before it is the introduction, text after it the outro;
//! * optional `## Last resort…`, `## Verify`, `## If none of this worked` (also "Escalation",
//!   "Escalate", "Still not working") and `## See also` (also "Related");
//! * any other `##` section is kept and rendered as background.

use super::firmware;
use super::front_matter::{self, FrontMatter};
use super::markdown::{self, classify_link, slugify, LinkTarget};
use super::Diagnostic;
use app::model::{Article, Cause, Procedure, Rich, Section};
use app::tree::LAST_RESORT;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A successfully parsed article and what the collection-wide checks need from it. Cheap to
/// clone: watch mode keeps one per file and hands the same article to each new library.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The article.
    pub article: Arc<Article>,
    /// `draft: true` in the front matter.
    pub draft: bool,
    /// The front matter gave `updated`; otherwise the loader dates the article from git or the file.
    pub dated: bool,
    /// Links to other articles, for the collection's link check.
    pub links: Vec<ArticleLink>,
    /// Images the article shows, for the collection's file check.
    pub images: Vec<Reference>,
    /// Problems that do not keep the article offline: warnings, and errors that only fail
    /// `fixpath check` (a link to an anchor the article lacks). Each keeps its own severity.
    pub problems: Vec<Diagnostic>,
}

/// Where something is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// An image (or other file) the article refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The address as written.
    pub url: String,
    /// Where it is written.
    pub pos: Pos,
}

/// A link from this article to another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLink {
    /// Target slug.
    pub slug: String,
    /// Anchor in the target, if any.
    pub anchor: Option<String>,
    /// 1-based line of the link.
    pub line: u32,
    /// 1-based column of the link.
    pub col: u32,
}

/// The role of a `##` section, recognised from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Symptom,
    Causes,
    Fix,
    LastResort,
    Verify,
    Escalate,
    SeeAlso,
    Other,
}

impl Kind {
    fn of(heading: &str) -> Kind {
        let h = heading.trim().trim_end_matches([':', '.', '?', '!']).to_lowercase();
        match h.as_str() {
            "symptom" | "symptoms" | "problem" | "the problem" => Kind::Symptom,
            "likely causes" | "possible causes" | "causes" | "probable causes" | "likely cause" | "possible cause" => {
                Kind::Causes
            }
            "fix" | "fixes" | "solution" | "solutions" | "resolution" | "how to fix it" => Kind::Fix,
            "verify" | "verification" | "check that it worked" | "verify the fix" => Kind::Verify,
            "if none of this worked" | "escalation" | "escalate" | "still not working" | "if nothing worked" => {
                Kind::Escalate
            }
            "see also" | "related" | "related articles" | "related guides" => Kind::SeeAlso,
            _ if h.starts_with("last resort") => Kind::LastResort,
            _ => Kind::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Symptom => "## Symptom",
            Kind::Causes => "## Likely causes",
            Kind::Fix => "## Fix",
            Kind::LastResort => "## Last resort",
            Kind::Verify => "## Verify",
            Kind::Escalate => "## If none of this worked",
            Kind::SeeAlso => "## See also",
            Kind::Other => "section",
        }
    }
}

/// One top-level piece of the body: a heading or a block (paragraph, list, table, code, …).
#[derive(Debug)]
struct Item<'a> {
    events: Vec<Event<'a>>,
    /// The line of each event, parallel to `events`.
    lines: Vec<u32>,
    /// The column of each event, parallel to `events`.
    cols: Vec<u32>,
    line: u32,
    heading: Option<Heading>,
    is_list: bool,
}

#[derive(Debug, Clone)]
struct Heading {
    level: HeadingLevel,
    text: String,
    id: Option<String>,
}

/// A `##` section with the items under it.
struct SectionItems<'a> {
    kind: Kind,
    title: String,
    line: u32,
    items: Vec<Item<'a>>,
}

/// Maps byte offsets of the body to 1-based file lines and columns.
struct Lines<'a> {
    body: &'a str,
    starts: Vec<usize>,
    first: u32,
}

impl<'a> Lines<'a> {
    fn new(body: &'a str, first: u32) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { body, starts, first }
    }

    fn pos(&self, offset: usize) -> Pos {
        let idx = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[idx];
        let col = self
            .body
            .get(start..offset.min(self.body.len()))
            .map_or(0, |s| s.chars().count());
        Pos {
            line: self.first + idx as u32,
            col: col as u32 + 1,
        }
    }
}

struct Ctx {
    path: PathBuf,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    links: Vec<ArticleLink>,
    anchors: Vec<(String, Pos)>,
    images: Vec<Reference>,
}

impl Ctx {
    fn error(&mut self, line: u32, msg: impl Into<String>) {
        self.errors.push(with_hint(Diagnostic::error(&self.path, line, msg)));
    }
    fn warn(&mut self, line: u32, msg: impl Into<String>) {
        self.warnings
            .push(with_hint(Diagnostic::warning(&self.path, line, msg)));
    }
}

/// Our messages follow one house style, `what is wrong: what to do`; the part after the first
/// `: ` outside backticks, quotes and brackets becomes the diagnostic's hint.
fn with_hint(mut d: Diagnostic) -> Diagnostic {
    let mut depth = 0i32;
    let mut in_code = false;
    let mut split = None;
    let bytes = d.message.as_bytes();
    for (i, ch) in d.message.char_indices() {
        match ch {
            '`' => in_code = !in_code,
            '(' | '[' | '{' | '“' if !in_code => depth += 1,
            ')' | ']' | '}' | '”' if !in_code => depth -= 1,
            ':' if !in_code && depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                split = Some(i);
                break;
            }
            _ => {}
        }
    }
    if let Some(i) = split {
        let hint = d.message[i + 2..].trim().to_string();
        if !hint.is_empty() {
            d.message.truncate(i);
            d.hint = Some(hint);
        }
    }
    d
}

/// Parses the bytes of one article file. `slug` comes from the file name.
pub fn parse_bytes(path: &Path, slug: &str, bytes: &[u8]) -> Result<Parsed, Vec<Diagnostic>> {
    // A zero byte is valid UTF-8 but never text a writer meant: UTF-16 without a byte-order mark.
    let bad_at = match std::str::from_utf8(bytes) {
        Ok(text) => match bytes.iter().position(|&b| b == 0) {
            None => return parse(path, slug, text),
            Some(at) => at,
        },
        Err(e) => e.valid_up_to(),
    };
    let valid = &bytes[..bad_at];
    let line = 1 + valid.iter().filter(|&&b| b == b'\n').count() as u32;
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // The valid prefix is UTF-8 by definition.
    let col = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
    // UTF-16 (Windows editors' "Unicode") starts with a byte-order mark or, for ASCII
    // text, has a zero byte in every other place.
    let zeros = bytes.iter().take(512).filter(|&&b| b == 0).count();
    let utf16 =
        bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || zeros * 4 > bytes.len().min(512);
    let hint = if utf16 {
        "save it as UTF-8 in your editor (it looks like UTF-16, which Windows calls “Unicode”)"
    } else {
        "save it as UTF-8 in your editor (it looks like Latin-1 or Windows-1252)"
    };
    Err(vec![Diagnostic::error(path, line, "the file is not valid UTF-8 text")
        .at_col(col as u32)
        .with_hint(hint)])
}

/// Parses one article's text. `slug` comes from the file name.
pub fn parse(path: &Path, slug: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let mut cx = Ctx {
        path: path.to_path_buf(),
        errors: vec![],
        warnings: vec![],
        links: vec![],
        anchors: vec![],
        images: vec![],
    };
    if text.trim().is_empty() {
        cx.error(
            1,
            "the file is empty: an article needs at least a `# Title`, a `## Symptom`, `## Likely causes` and `## Fix`",
        );
        return Err(cx.errors);
    }
    let split = match front_matter::split(text) {
        Ok(s) => s,
        Err(e) => return Err(vec![with_hint(Diagnostic::error(path, e.line, e.message))]),
    };
    let fm = match split.yaml.map(front_matter::parse).transpose() {
        Ok(fm) => fm.unwrap_or_default(),
        Err(e) => {
            let d = Diagnostic::error(path, e.line, e.message).at_col(e.col);
            return Err(vec![match e.hint {
                Some(h) => d.with_hint(h),
                None => d,
            }]);
        }
    };
    check_front_matter(&mut cx, &fm, split.yaml.unwrap_or(""));
    let firmware_images = read_firmware(&mut cx, &fm, split.yaml.unwrap_or(""));

    let lines = Lines::new(split.body, split.body_line);
    let items = top_level_items(split.body, &lines);
    for item in &items {
        collect_links(&mut cx, item);
        check_verify_blocks(&mut cx, item, &firmware_images);
    }

    // Title and introduction.
    let mut iter = items.into_iter().peekable();
    let mut before_title = Vec::new();
    let mut title: Option<(String, u32)> = None;
    while let Some(item) = iter.next() {
        match &item.heading {
            Some(h) if h.level == HeadingLevel::H1 => {
                title = Some((h.text.clone(), item.line));
                break;
            }
            Some(h) if h.level == HeadingLevel::H2 => {
                // No H1: put the heading back by treating what follows as sections.
                let mut rest = vec![item];
                rest.extend(iter.by_ref());
                iter = rest.into_iter().peekable();
                break;
            }
            _ => before_title.push(item),
        }
    }
    let title_line = title.as_ref().map_or(split.body_line, |t| t.1);
    if !before_title.is_empty() && title.is_some() {
        cx.warn(
            before_title[0].line,
            "text before the `# Title` heading: move it below the title",
        );
    }
    let title = match (fm.title.clone().filter(|t| !t.trim().is_empty()), title) {
        (Some(t), _) => t,
        (None, Some((t, _))) if !t.trim().is_empty() => t,
        _ => {
            cx.error(
                1,
                "the article has no title: start it with a `# Title` line (or set `title:` in the front matter)",
            );
            String::new()
        }
    };
    let mut intro_items = before_title;
    while iter
        .peek()
        .is_some_and(|i| !matches!(&i.heading, Some(h) if h.level <= HeadingLevel::H2))
    {
        intro_items.extend(iter.next());
    }

    // Sections.
    let mut sections: Vec<SectionItems> = Vec::new();
    for item in iter {
        match &item.heading {
            Some(h) if h.level <= HeadingLevel::H2 => {
                if h.level == HeadingLevel::H1 {
                    cx.warn(
                        item.line,
                        "a second `# ` heading: an article has one title; use `## ` for sections",
                    );
                }
                sections.push(SectionItems {
                    kind: Kind::of(&h.text),
                    title: h.text.clone(),
                    line: item.line,
                    items: vec![],
                });
            }
            _ => {
                if let Some(s) = sections.last_mut() {
                    s.items.push(item);
                }
            }
        }
    }
    for (i, s) in sections.iter().enumerate() {
        if s.kind == Kind::Other {
            continue;
        }
        if let Some(first) = sections[..i].iter().find(|p| p.kind == s.kind) {
            cx.error(
                s.line,
                format!(
                    "a second {} section (the first is on line {}): merge them",
                    s.kind.name(),
                    first.line
                ),
            );
        }
    }

    let mut take = |kind: Kind| -> Option<SectionItems> {
        let i = sections.iter().position(|s| s.kind == kind)?;
        Some(sections.remove(i))
    };
    let symptom = take(Kind::Symptom);
    let causes = take(Kind::Causes);
    let fix = take(Kind::Fix);
    let last_resort = take(Kind::LastResort);
    let verify = take(Kind::Verify);
    let escalate = take(Kind::Escalate);
    let see_also = take(Kind::SeeAlso);
    let mut extra: Vec<Section> = Vec::new();

    let symptom_rich = match &symptom {
        None => {
            cx.error(
                title_line,
                "no `## Symptom` section: describe what the user sees under a `## Symptom` heading",
            );
            Rich::default()
        }
        Some(s) if s.items.is_empty() => {
            cx.error(s.line, "the `## Symptom` section is empty: describe what the user sees");
            Rich::default()
        }
        Some(s) => render_items(&s.items),
    };
    let summary = fm.summary.clone().unwrap_or_else(|| {
        symptom
            .as_ref()
            .and_then(|s| s.items.iter().find(|i| i.heading.is_none() && !i.is_list))
            .map(|i| shorten(&markdown::plain_text(&i.events), 220))
            .unwrap_or_default()
    });

    let cause_items = parse_causes(&mut cx, causes, title_line, &mut extra);
    let fixes = parse_fixes(&mut cx, fix, title_line, &mut extra);
    let causes = pair(&mut cx, cause_items, fixes);

    let last_resort = last_resort.map(|s| {
        let p = procedure(s.title.clone(), &s.items);
        if p.steps.is_empty() && p.intro.is_empty() {
            cx.error(
                s.line,
                "the last-resort section is empty: list its steps or remove the heading",
            );
        }
        p
    });
    let verify = verify.map(|s| {
        if s.items.is_empty() {
            cx.warn(
                s.line,
                "the `## Verify` section is empty: list how the user can tell it works",
            );
        }
        procedure(s.title, &s.items)
    });
    let escalate = escalate.map(|s| {
        if s.items.is_empty() {
            cx.warn(
                s.line,
                "the escalation section is empty: say what to collect and whom to contact",
            );
        }
        procedure(s.title, &s.items)
    });
    let see_also = see_also.map(|s| {
        if s.items.is_empty() {
            cx.warn(
                s.line,
                format!(
                    "the section `## {}` is empty: link related articles or remove the heading",
                    s.title
                ),
            );
        }
        Section {
            id: slugify(&s.title),
            body: render_items(&s.items),
            title: s.title,
        }
    });
    for s in sections {
        if s.items.is_empty() {
            cx.warn(s.line, format!("the section `## {}` is empty", s.title));
        }
        extra.push(Section {
            id: slugify(&s.title),
            body: render_items(&s.items),
            title: s.title,
        });
    }

    if !cx.errors.is_empty() {
        // Report everything at once: the warnings too, in file order.
        let mut all = std::mem::take(&mut cx.errors);
        all.append(&mut cx.warnings);
        all.sort_by_key(|d| (d.line, d.col));
        return Err(all);
    }
    let mut article = Article {
        slug: slug.to_string(),
        title,
        summary,
        tags: fm
            .tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect(),
        products: fm.products.clone(),
        updated: fm.updated.clone(),
        firmware: firmware_images.images,
        intro: render_items(&intro_items),
        symptom: symptom_rich,
        causes,
        last_resort,
        verify,
        escalate,
        see_also,
        extra,
        writer: None,
    };
    firmware::resolve_blocks(&mut article);
    let known = anchors_of(&article);
    for (anchor, pos) in std::mem::take(&mut cx.anchors) {
        if !anchor.is_empty() && !known.contains(&anchor) {
            cx.warnings.push(
                Diagnostic::error(
                    path,
                    pos.line,
                    format!("link to `#{anchor}`, but this article has no such anchor"),
                )
                .at_col(pos.col)
                .with_hint(anchor_hint(&anchor, &known)),
            );
        }
    }
    Ok(Parsed {
        dated: article.updated.is_some(),
        article: Arc::new(article),
        draft: fm.draft,
        links: cx.links,
        images: cx.images,
        problems: cx.warnings,
    })
}

/// A hint for a link to a missing anchor: the closest known one, or the list.
pub(super) fn anchor_hint(anchor: &str, known: &[String]) -> String {
    let best = known
        .iter()
        .map(|k| (strsim::jaro_winkler(anchor, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("did you mean `#{k}`?"),
        None if known.is_empty() => "the article has no anchors to link to".to_string(),
        None => format!(
            "anchors are `fix-<cause>` or a section's id, e.g. {}",
            known
                .iter()
                .take(4)
                .map(|k| format!("`#{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn check_front_matter(cx: &mut Ctx, fm: &FrontMatter, yaml: &str) {
    for key in fm.unknown.keys() {
        let line = front_matter::key_line(yaml, key).unwrap_or(2);
        let close = front_matter::KNOWN_KEYS
            .iter()
            .map(|k| (strsim::jaro_winkler(key, k), *k))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let hint = match close {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => format!("known keys: {}", front_matter::KNOWN_KEYS.join(", ")),
        };
        cx.warnings
            .push(Diagnostic::warning(&cx.path, line, format!("unknown front-matter key `{key}`")).with_hint(hint));
    }
    if let Some(u) = &fm.updated {
        if !is_iso_date(u) {
            let line = front_matter::key_line(yaml, "updated").unwrap_or(2);
            cx.error(
                line,
                format!("`updated: {u}` is not a date: write it as YYYY-MM-DD, e.g. 2026-10-14"),
            );
        }
    }
}

fn read_firmware(cx: &mut Ctx, fm: &FrontMatter, yaml: &str) -> firmware::Images {
    let Some(value) = &fm.firmware else {
        return firmware::Images::default();
    };
    let mut images = firmware::parse_images(value, yaml, &cx.path);
    for d in std::mem::take(&mut images.problems) {
        if d.is_error() {
            cx.errors.push(d);
        } else {
            cx.warnings.push(d);
        }
    }
    images
}

/// Reports ```` ```verify ```` blocks that name images the front matter does not list (images
/// listed but rejected for their own error are not reported again).
fn check_verify_blocks(cx: &mut Ctx, item: &Item<'_>, firmware: &firmware::Images) {
    let images = &firmware.images;
    let mut events = item.events.iter().zip(item.lines.iter().zip(&item.cols));
    while let Some((e, (&line, &col))) = events.next() {
        if !markdown::is_verify_block(e) {
            continue;
        }
        let mut names = markdown::verify_fence_names(e);
        for (e, _) in events.by_ref() {
            match e {
                Event::Text(t) => names.extend(firmware::block_names(t)),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        for name in firmware::resolve(&names, images).1 {
            if firmware.rejected.contains(&name) {
                continue;
            }
            let known: Vec<&str> = images.iter().map(|i| i.file.as_str()).collect();
            let hint = if known.is_empty() {
                "the front matter lists no `firmware:` images; add it there, or leave the block empty to check against a pasted hash".to_string()
            } else {
                format!("known images: {}", known.join(", "))
            };
            cx.errors.push(
                Diagnostic::error(
                    &cx.path,
                    line,
                    format!("the `verify` block names `{name}`, which is not in this article's `firmware:` list"),
                )
                .at_col(col)
                .with_hint(hint),
            );
        }
    }
}

fn is_iso_date(s: &str) -> bool {
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

/// Splits the body into top-level headings and blocks, with their lines.
fn top_level_items<'a>(body: &'a str, lines: &Lines) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Item<'a>> = None;
    let mut heading_text = String::new();
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        if depth == 0 {
            let pos = lines.pos(range.start);
            let line = pos.line;
            let mut item = Item {
                events: vec![],
                lines: vec![],
                cols: vec![],
                line,
                heading: None,
                is_list: false,
            };
            match &event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    item.heading = Some(Heading {
                        level: *level,
                        text: String::new(),
                        id: id.as_ref().map(std::string::ToString::to_string),
                    });
                    heading_text.clear();
                }
                Event::Start(Tag::List(_)) => item.is_list = true,
                _ => {}
            }
            item.lines.push(line);
            item.cols.push(pos.col);
            if matches!(event, Event::Start(_)) {
                depth = 1;
                item.events.push(event);
                current = Some(item);
            } else {
                item.events.push(event);
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
            let pos = lines.pos(range.start);
            item.events.push(event);
            item.lines.push(pos.line);
            item.cols.push(pos.col);
            if depth == 0 {
                let mut done = current.take().expect("current item");
                if let Some(h) = done.heading.as_mut() {
                    h.text = heading_text.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                items.push(done);
            }
        }
    }
    items.extend(current);
    items
}

/// Records links to other articles, anchors in this one and images, with where they are written.
fn collect_links(cx: &mut Ctx, item: &Item<'_>) {
    for ((e, &line), &col) in item.events.iter().zip(&item.lines).zip(&item.cols) {
        let pos = Pos { line, col };
        match e {
            Event::Start(Tag::Link { dest_url, .. }) => match classify_link(dest_url) {
                LinkTarget::Article { slug, anchor } | LinkTarget::Page { slug, anchor } => {
                    cx.links.push(ArticleLink {
                        slug,
                        anchor,
                        line,
                        col,
                    });
                }
                LinkTarget::Other => {
                    if let Some(anchor) = dest_url.strip_prefix('#') {
                        cx.anchors.push((anchor.to_string(), pos));
                    }
                }
            },
            Event::Start(Tag::Image { dest_url, .. }) => cx.images.push(Reference {
                url: dest_url.to_string(),
                pos,
            }),
            _ => {}
        }
    }
}

/// The anchors a link can point to in an article's whole view: each fix (`fix-<cause>` or the
/// cause's id) and each extra section.
pub fn anchors_of(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &article.causes {
        out.push(format!("fix-{}", c.id));
        out.push(c.id.clone());
    }
    out.extend(article.extra.iter().map(|s| s.id.clone()));
    out.extend(article.see_also.iter().map(|s| s.id.clone()));
    out
}

fn render_items(items: &[Item<'_>]) -> Rich {
    markdown::render(items.iter().flat_map(|i| i.events.iter().cloned()))
}

/// The line and inner events of each item of a top-level list.
fn list_entries<'a>(list: &Item<'a>) -> Vec<(u32, Vec<Event<'a>>)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur: Vec<Event<'a>> = Vec::new();
    let mut cur_line = list.line;
    // Skip the list's own Start and End.
    let end = list.events.len().saturating_sub(1);
    for (e, &line) in list.events[1..end].iter().zip(&list.lines[1..end]) {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                depth = 1;
                cur.clear();
                cur_line = line;
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
fn procedure(title: String, items: &[Item<'_>]) -> Procedure {
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

struct CauseItem {
    label: Rich,
    target: Option<String>,
    line: u32,
}

struct FixItem {
    title: String,
    id: Option<String>,
    line: u32,
    procedure: Procedure,
}

fn parse_causes(
    cx: &mut Ctx,
    section: Option<SectionItems<'_>>,
    title_line: u32,
    extra: &mut Vec<Section>,
) -> Vec<CauseItem> {
    let Some(section) = section else {
        cx.error(
            title_line,
            "no `## Likely causes` section: list the possible causes, one per list item",
        );
        return vec![];
    };
    let Some(k) = section.items.iter().position(|i| i.is_list) else {
        cx.error(
            section.line,
            "`## Likely causes` has no list: write one `- cause` item per cause",
        );
        return vec![];
    };
    let causes: Vec<CauseItem> = list_entries(&section.items[k])
        .into_iter()
        .map(|(line, events)| {
            let target = events.iter().find_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => dest_url.strip_prefix('#').map(str::to_string),
                _ => None,
            });
            CauseItem {
                label: markdown::render(events),
                target,
                line,
            }
        })
        .collect();
    let others: Vec<&Item> = section
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != k)
        .map(|(_, it)| it)
        .collect();
    if !others.is_empty() {
        let body = markdown::render(others.iter().flat_map(|i| i.events.iter().cloned()));
        extra.push(Section {
            title: "About the causes".into(),
            id: "about-the-causes".into(),
            body,
        });
    }
    causes
}

fn parse_fixes(
    cx: &mut Ctx,
    section: Option<SectionItems<'_>>,
    title_line: u32,
    extra: &mut Vec<Section>,
) -> Vec<FixItem> {
    let Some(section) = section else {
        cx.error(
            title_line,
            "no `## Fix` section: add one with a `### If …` subsection per cause",
        );
        return vec![];
    };
    let mut fixes: Vec<(Heading, u32, Vec<Item>)> = Vec::new();
    let mut preamble = Vec::new();
    for item in section.items {
        match &item.heading {
            Some(h) if h.level == HeadingLevel::H3 => fixes.push((h.clone(), item.line, vec![])),
            _ => match fixes.last_mut() {
                Some(f) => f.2.push(item),
                None => preamble.push(item),
            },
        }
    }
    if !preamble.is_empty() {
        extra.push(Section {
            title: "Before you start".into(),
            id: "before-you-start".into(),
            body: render_items(&preamble),
        });
    }
    if fixes.is_empty() {
        cx.error(
            section.line,
            "`## Fix` has no subsections: add one `### If …` subsection per cause",
        );
    }
    fixes
        .into_iter()
        .map(|(h, line, items)| {
            let mut p = procedure(h.text.clone(), &items);
            if p.steps.is_empty() {
                if p.intro.is_empty() {
                    cx.error(line, format!("the fix `### {}` is empty: list its steps", h.text));
                }
                p.steps = vec![std::mem::take(&mut p.intro)];
            }
            FixItem {
                title: h.text,
                id: h.id,
                line,
                procedure: p,
            }
        })
        .collect()
}

/// Pairs causes with fixes: explicit `#id` links first, then by order.
fn pair(cx: &mut Ctx, causes: Vec<CauseItem>, fixes: Vec<FixItem>) -> Vec<Cause> {
    let mut fix_taken = vec![false; fixes.len()];
    let mut chosen: Vec<Option<usize>> = vec![None; causes.len()];
    for (ci, c) in causes.iter().enumerate() {
        let Some(target) = &c.target else { continue };
        match fixes.iter().position(|f| f.id.as_deref() == Some(target.as_str())) {
            Some(fi) if fix_taken[fi] => cx.error(
                c.line,
                format!(
                    "cause “{}” links to #{target}, but another cause already links to that fix",
                    c.label.text
                ),
            ),
            Some(fi) => {
                fix_taken[fi] = true;
                chosen[ci] = Some(fi);
            }
            None => {
                let ids: Vec<String> = fixes.iter().filter_map(|f| f.id.clone()).collect();
                let hint = match ids.iter().find(|id| strsim::jaro_winkler(target, id) > 0.8) {
                    Some(id) => format!("did you mean `#{id}`?"),
                    None if ids.is_empty() => {
                        format!("add `{{#{target}}}` to the end of the fix's `###` heading")
                    }
                    None => format!(
                        "fix ids here: {}",
                        ids.iter().map(|i| format!("`#{i}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                cx.errors.push(
                    Diagnostic::error(
                        &cx.path,
                        c.line,
                        format!(
                            "cause “{}” links to `#{target}`, but no fix heading has `{{#{target}}}`",
                            c.label.text
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    let free: Vec<usize> = (0..fixes.len()).filter(|i| !fix_taken[*i]).collect();
    let mut free = free.into_iter();
    for (ci, c) in causes.iter().enumerate() {
        if chosen[ci].is_some() || c.target.is_some() {
            continue;
        }
        match free.next() {
            Some(fi) => {
                fix_taken[fi] = true;
                chosen[ci] = Some(fi);
            }
            None => cx.error(
                c.line,
                format!(
                    "cause “{}” has no matching fix: add a `### If …` subsection for it under `## Fix`",
                    c.label.text
                ),
            ),
        }
    }
    for (fi, f) in fixes.iter().enumerate() {
        if !fix_taken[fi] {
            cx.error(
                f.line,
                format!(
                    "the fix `### {}` has no matching cause: add the cause to the `## Likely causes` list",
                    f.title
                ),
            );
        }
    }
    let mut used_ids: Vec<String> = vec![LAST_RESORT.to_string()];
    let mut fixes: Vec<Option<FixItem>> = fixes.into_iter().map(Some).collect();
    causes
        .into_iter()
        .zip(chosen)
        .filter_map(|(c, fi)| {
            let fix = fixes.get_mut(fi?)?.take()?;
            let base = fix
                .id
                .clone()
                .map(|i| slugify(&i))
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| cause_id(&fix.title));
            let mut id = if base.is_empty() { "cause".to_string() } else { base };
            let stem = id.clone();
            let mut n = 2;
            while used_ids.contains(&id) {
                id = format!("{stem}-{n}");
                n += 1;
            }
            used_ids.push(id.clone());
            Some(Cause {
                id,
                label: c.label,
                fix: fix.procedure,
            })
        })
        .collect()
}

/// A short URL id from a fix heading: "If the checksum is wrong" → "checksum-is-wrong".
fn cause_id(title: &str) -> String {
    let lower = title.trim().to_lowercase();
    let mut rest = lower.as_str();
    for prefix in ["if ", "when ", "cause:", "cause ", "fix:", "the "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
        }
    }
    if let Some(r) = rest.strip_prefix("the ") {
        rest = r;
    }
    slugify(rest)
}

/// The first `max` characters of `s`, cut at a word, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Severity;

    const SEED: &str = include_str!("../../../content/firmware-flash-failed.md");

    fn ok(text: &str) -> Parsed {
        match parse(Path::new("t.md"), "t", text) {
            Ok(p) => p,
            Err(e) => panic!("{e:#?}"),
        }
    }

    fn errors(text: &str) -> Vec<String> {
        parse(Path::new("t.md"), "t", text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn seed_article_gives_the_expected_tree() {
        let p = ok(SEED);
        let a = &p.article;
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(a.title, "Firmware flash failed");
        assert_eq!(a.tags, ["firmware", "gateway", "camera"]);
        assert_eq!(a.updated.as_deref(), Some("2026-10-14"));
        assert!(
            a.summary.starts_with("A firmware update aborted partway through."),
            "{}",
            a.summary
        );
        let shape: Vec<(&str, &str, usize)> = a
            .causes
            .iter()
            .map(|c| (c.id.as_str(), c.fix.title.as_str(), c.fix.steps.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("space", "If space ran out", 3),
                ("power", "If power was lost", 3),
                ("checksum", "If the checksum is wrong", 2),
                ("hardware", "If the package is for the wrong hardware", 3),
            ]
        );
        assert_eq!(
            a.causes[2].label.text,
            "Firmware image checksum does not match — the download was truncated or corrupted."
        );
        assert_eq!(
            a.causes[0].fix.steps[1].text,
            "Clear log partitions, old firmware backups, or uploaded snapshots."
        );
        assert!(a.causes[2].fix.steps[1]
            .html
            .as_str()
            .contains("<code>curl</code> or <code>wget</code>"));
        let lr = a.last_resort.as_ref().expect("last resort");
        assert_eq!(lr.title, "Last resort: SD card reflash");
        assert_eq!(lr.steps.len(), 3);
        assert!(lr.intro.text.starts_with("If recovery fails"));
        assert!(lr.steps[0].html.as_str().contains("<code>dd</code>"));
        assert_eq!(a.verify.as_ref().map(|v| v.steps.len()), Some(3));
        assert_eq!(a.escalate.as_ref().map(|v| v.steps.len()), Some(3));
        let see = a.see_also.as_ref().expect("see also");
        assert!(see
            .body
            .html
            .as_str()
            .contains("href=\"/articles/gateway-will-not-pair\""));
        assert_eq!(
            p.links,
            [ArticleLink {
                slug: "gateway-will-not-pair".into(),
                anchor: None,
                line: 92,
                col: 3
            }]
        );
    }

    #[test]
    fn seed_article_places_hash_checkers_with_its_images() {
        let a = ok(SEED).article;
        let files: Vec<&str> = a.firmware.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(
            files,
            ["nova-g2-revA-2.4.1.bin", "nova-g2-revB-2.4.1.bin", "nova-c4-3.1.0.bin"]
        );
        assert_eq!(a.firmware[0].hardware.as_deref(), Some("Nova Gateway G2 rev A"));
        assert_eq!(a.firmware[0].digests.len(), 2);
        let checksum = a.cause("checksum").expect("checksum cause");
        let block = checksum.fix.steps[0]
            .verify
            .as_ref()
            .expect("a checker in the checksum fix");
        assert_eq!(block.expected.len(), 3, "an empty block checks against every image");
        assert!(block.others.is_empty());
        assert!(
            !checksum.fix.steps[0].html.as_str().contains("verify"),
            "the block is not shown as code"
        );
        let hardware = a.cause("hardware").expect("hardware cause");
        let block = hardware.fix.steps[1]
            .verify
            .as_ref()
            .expect("a checker in the hardware fix");
        assert_eq!(
            block.expected.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
            ["nova-g2-revB-2.4.1.bin"]
        );
        assert_eq!(block.others.len(), 2);
        assert!(a.causes[0].fix.steps.iter().all(|s| s.verify.is_none()));
    }

    #[test]
    fn verify_blocks_naming_unknown_images_are_errors_on_their_line() {
        let text = "---\nfirmware:\n  - file: a.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n---\n# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n- Step.\n\n  ```verify\n  b.bin\n  a.bin\n  ```\n";
        assert_eq!(
            errors(text),
            ["t.md:18:3: error: the `verify` block names `b.bin`, which is not in this article's `firmware:` list: known images: a.bin"]
        );
        let no_images = "# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n```verify\nfw.bin\n```\n";
        let e = errors(no_images);
        assert!(
            e.len() == 1 && e[0].starts_with("t.md:11:1: error:") && e[0].contains("lists no `firmware:` images"),
            "{e:?}"
        );
        let empty_ok = ok("# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n```verify\n```\n");
        let block = empty_ok.article.causes[0]
            .fix
            .intro
            .verify
            .as_ref()
            .or(empty_ok.article.causes[0]
                .fix
                .steps
                .first()
                .and_then(|s| s.verify.as_ref()));
        assert!(
            block.is_some_and(|b| b.expected.is_empty()),
            "an empty block with no images still checks pasted hashes"
        );
    }

    #[test]
    fn a_utf16_file_is_named_as_such() {
        let text = "# T\n\n## Symptom\nS.\n";
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let latin1 = b"# Caf\xe9\n".to_vec();
        let hint = |bytes: &[u8]| {
            parse_bytes(Path::new("t.md"), "t", bytes)
                .err()
                .and_then(|d| d[0].hint.clone())
                .unwrap_or_default()
        };
        assert!(hint(&utf16).contains("UTF-16"), "{}", hint(&utf16));
        assert!(hint(&utf16[2..]).contains("UTF-16"), "without a byte-order mark too");
        assert!(hint(&latin1).contains("Latin-1"), "{}", hint(&latin1));
    }

    #[test]
    fn updated_must_be_a_real_day() {
        for good in ["2026-10-14", "2024-02-29", "1999-12-31"] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "2026-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-14",
            "14.10.2026",
            "2026-10-1x",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn verify_blocks_may_name_images_on_the_fence_line() {
        let head = "---\nfirmware:\n  - file: a.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n  - file: b.bin\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n---\n# T\n\n## Symptom\nS.\n\n## Causes\n- C.\n\n## Fix\n### If C\n- Step.\n\n";
        let a = ok(&format!("{head}  ```verify b.bin\n  ```\n")).article;
        let block = a.causes[0].fix.steps[0].verify.as_ref().expect("a checker");
        assert_eq!(
            block.expected.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
            ["b.bin"]
        );
        assert_eq!(block.others.len(), 1);
        assert_eq!(
            errors(&format!("{head}  ```verify a.bin, c.bin\n  ```\n")),
            ["t.md:20:3: error: the `verify` block names `c.bin`, which is not in this article's `firmware:` list: known images: a.bin, b.bin"]
        );
    }

    #[test]
    fn every_heading_synonym_is_recognised() {
        for (symptom, causes, fix, verify, escalate, related) in [
            (
                "Symptom",
                "Likely causes",
                "Fix",
                "Verify",
                "If none of this worked",
                "See also",
            ),
            (
                "Symptoms",
                "Possible causes",
                "Fixes",
                "Verification",
                "Escalation",
                "Related",
            ),
            (
                "Problem",
                "Causes",
                "Solution",
                "Check that it worked",
                "Escalate",
                "Related articles",
            ),
            (
                "Symptom",
                "Causes",
                "Solutions",
                "Verify",
                "Still not working",
                "See also",
            ),
            (
                "Symptom",
                "Causes",
                "Resolution",
                "Verify",
                "If nothing worked",
                "See also",
            ),
        ] {
            let text = format!(
                "# T\n\n## {symptom}\n\nBroken.\n\n## {causes}\n\n- One.\n- Two.\n\n## {fix}\n\n### When one\n\n- Do one.\n\n### Cause: two\n\n- Do two.\n\n## Last resort: reset\n\n- Reset.\n\n## {verify}\n\n- Works.\n\n## {escalate}\n\n- Call.\n\n## {related}\n\n- [x](x.md)\n"
            );
            let a = ok(&text).article;
            assert_eq!(a.symptom.text, "Broken.", "{symptom}");
            assert_eq!(a.causes.len(), 2, "{causes}/{fix}");
            assert_eq!(a.causes[0].id, "one");
            assert_eq!(a.causes[1].id, "two");
            assert!(a.last_resort.is_some());
            assert!(a.verify.is_some(), "{verify}");
            assert!(a.escalate.is_some(), "{escalate}");
            assert!(a.see_also.is_some(), "{related}");
            assert!(a.extra.is_empty(), "{:?}", a.extra);
        }
    }

    #[test]
    fn explicit_ids_win_and_the_rest_pair_by_order() {
        let text = "# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n- [B.](#b)\n- C.\n\n## Fix\n\n### If b {#b}\n\n- Fix b.\n\n### If a\n\n- Fix a.\n\n### If c\n\n- Fix c.\n";
        let a = ok(text).article;
        let pairs: Vec<(&str, &str)> = a
            .causes
            .iter()
            .map(|c| (c.label.text.as_str(), c.fix.steps[0].text.as_str()))
            .collect();
        assert_eq!(pairs, [("A.", "Fix a."), ("B.", "Fix b."), ("C.", "Fix c.")]);
        assert_eq!(a.causes[1].id, "b");
    }

    #[test]
    fn fixes_without_lists_become_one_step_and_text_after_the_list_is_kept() {
        let a = ok(include_str!("../../tests/fixtures/synonyms/synonyms.md")).article;
        assert_eq!(a.causes[1].fix.steps.len(), 1);
        assert_eq!(a.causes[1].fix.steps[0].text, "Just one paragraph, no list.");
        assert_eq!(a.causes[2].id, "third");
        assert_eq!(a.causes[2].fix.outro.text, "More notes after the list.");
        assert_eq!(a.causes[0].fix.steps.len(), 2);
        assert_eq!(a.tags, ["test"]);
        assert_eq!(a.extra.len(), 1);
        assert_eq!(a.extra[0].title, "LED codes");
        assert!(a.extra[0].body.html.as_str().contains("<table>"));
    }

    #[test]
    fn nothing_the_writer_wrote_is_dropped() {
        let text = "# T\n\nIntro para.\n\n## Symptom\n\nX.\n\n> A note.\n\n## Causes\n\nThese are common.\n\n- A.\n\n## Fix\n\nBefore you start, unplug it.\n\n### If a\n\nSome intro.\n\n```\ncode here\n```\n\n- Step.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Background\n\nHistory.\n";
        let a = ok(text).article;
        assert_eq!(a.intro.text, "Intro para.");
        assert!(a.symptom.html.as_str().contains("<blockquote>"));
        let extra: Vec<&str> = a.extra.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(extra, ["About the causes", "Before you start", "Background"]);
        let fix = &a.causes[0].fix;
        assert!(fix.intro.html.as_str().contains("code here"));
        assert!(fix.outro.html.as_str().contains("<table>"));
    }

    #[test]
    fn broken_articles_report_the_right_line() {
        let e = errors("# T\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
        assert_eq!(
            e,
            ["t.md:1:1: error: no `## Symptom` section: describe what the user sees under a `## Symptom` heading"]
        );
        let e = errors("# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n\n## Fix\n\n- not a subsection\n");
        assert_eq!(e.len(), 2, "{e:?}");
        // In file order, each with its hint.
        assert!(
            e[0].starts_with("t.md:9:1: error: cause “A.” has no matching fix: add a `### If …`"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("t.md:11:1: error: `## Fix` has no subsections: add one"),
            "{e:?}"
        );
        let e =
            errors("# T\n\n## Symptom\n\nX.\n\n## Symptom\n\nY.\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
        assert_eq!(
            e,
            ["t.md:7:1: error: a second ## Symptom section (the first is on line 3): merge them"]
        );
    }

    #[test]
    fn unknown_front_matter_keys_warn_but_publish() {
        let p = ok("---\ntittle: X\n---\n# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0]
            .to_string()
            .starts_with("t.md:2:1: warning: unknown front-matter key `tittle`: did you mean `title`?"));
    }

    #[test]
    fn a_link_to_a_missing_anchor_stays_an_error_while_the_article_is_published() {
        let p =
            ok("# T\n\n## Symptom\n\nSee [the fix](#fix-nope).\n\n## Causes\n\n- A.\n\n## Fix\n\n### If a\n\n- x\n");
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].severity, Severity::Error);
        assert!(
            p.problems[0]
                .to_string()
                .starts_with("t.md:5:5: error: link to `#fix-nope`"),
            "{}",
            p.problems[0]
        );
    }

    #[test]
    fn derived_cause_ids_are_short_and_unique() {
        assert_eq!(cause_id("If the checksum is wrong"), "checksum-is-wrong");
        assert_eq!(cause_id("When the port is off"), "port-is-off");
        assert_eq!(cause_id("Cause: DNS"), "dns");
        let a = ok("# T\n\n## Symptom\n\nX.\n\n## Causes\n\n- A.\n- B.\n\n## Fix\n\n### If dns\n\n- x\n\n### When DNS\n\n- y\n").article;
        assert_eq!(
            a.causes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["dns", "dns-2"]
        );
    }
}
