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
//!
//! [`ArticleParser`] reads a file in stages, one method per construct, each reporting what is
//! wrong with its line and column and a hint for the writer: front matter ([`front`]), the
//! blocks of the body ([`blocks`]), the title and sections ([`sections`]), causes and fixes
//! ([`causes`]), firmware images and hash checkers ([`checkers`]), and the codes other
//! sections' tables tie to one cause, for search ([`glance`]).

mod blocks;
mod causes;
mod checkers;
mod encoding;
mod foreign;
mod front;
mod glance;
mod plain;
mod sections;
#[cfg(test)]
mod tests;

pub use encoding::parse_bytes;

use super::front_matter::{self, FrontMatter, FrontMatterError};
use super::links::{self, ArticleLink, Pos, Reference};
use super::markdown::{self, classify_link, slugify, LinkTarget};
use super::{firmware, Diagnostic};
use app::model::{Article, Procedure, Rich, Section};
use blocks::{procedure, render_items, Item, Lines};
use pulldown_cmark::{Event, Tag};
use sections::{Kind, Outline, SectionItems};
use std::path::Path;
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
    /// The file line of each of the article's firmware images, in its order, for the
    /// collection's check that images agree across articles.
    pub firmware_lines: Vec<u32>,
    /// The file line of the front matter's `aliases`, for the collection's check of old
    /// addresses (1 when there is none).
    pub aliases_line: u32,
}

/// Parses one article's text. `slug` comes from the file name.
pub fn parse(path: &Path, slug: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    super::highlight::reset_budget();
    ArticleParser::new(path).run(slug, text)
}

/// One file's parse: what it has found so far besides the article.
pub(super) struct ArticleParser<'p> {
    path: &'p Path,
    /// Problems that keep the article offline.
    errors: Vec<Diagnostic>,
    /// Problems that do not (see [`Parsed::problems`]).
    problems: Vec<Diagnostic>,
    links: Vec<ArticleLink>,
    /// Links to `#anchor`s in this article, checked once the article is built.
    anchors: Vec<(String, Pos)>,
    images: Vec<Reference>,
    /// See [`Parsed::firmware_lines`].
    firmware_lines: Vec<u32>,
    /// See [`Parsed::aliases_line`].
    aliases_line: u32,
    /// The file is a folder's index page (`index.md`, `_index.md`): it introduces a section, and
    /// may be empty or have no title (the folder's name is used).
    index: bool,
}

impl<'p> ArticleParser<'p> {
    fn new(path: &'p Path) -> Self {
        Self {
            path,
            errors: vec![],
            problems: vec![],
            links: vec![],
            anchors: vec![],
            images: vec![],
            firmware_lines: vec![],
            aliases_line: 1,
            index: super::folder::is_index_file(path),
        }
    }

    /// An error that keeps the article offline, with what to do about it.
    fn error(&mut self, line: u32, message: impl Into<String>, hint: impl Into<String>) {
        self.errors
            .push(Diagnostic::error(self.path, line, message).with_hint(hint));
    }

    /// An error with nothing more to say than its message.
    fn error_only(&mut self, line: u32, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(self.path, line, message));
    }

    /// A warning: the article is published.
    fn warn(&mut self, line: u32, message: impl Into<String>, hint: Option<&str>) {
        let d = Diagnostic::warning(self.path, line, message);
        self.problems.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }

    /// The front matter's `aliases`: names people search with, and old addresses (paths on this
    /// site, as Hugo writes them) that redirect to the article. A path that cannot be an address
    /// here, or an address on another site, is reported and left out.
    fn aliases(&mut self, fm: &FrontMatter, yaml: &str) -> (Vec<String>, Vec<String>) {
        let (mut names, mut paths) = (Vec::new(), Vec::new());
        let at = front_matter::key_line(yaml, "aliases");
        self.aliases_line = at.unwrap_or(1);
        let line = || at.unwrap_or(2);
        for alias in &fm.aliases {
            let alias = markdown::collapse_whitespace(alias);
            if alias.contains("://") {
                self.warn(
                    line(),
                    format!("the alias `{alias}` is an address on another site: it is neither searched nor redirected"),
                    Some(
                        "an alias is another name of the guide, or an old address on this site such as `/kb/old-name/`",
                    ),
                );
            } else if alias.starts_with('/') {
                match super::moved::normalise(&alias) {
                    Ok(path) if !paths.contains(&path) => paths.push(path),
                    Ok(_) => {}
                    Err(why) => self.warn(line(), format!("the alias is not redirected: {why}"), None),
                }
            } else if !alias.is_empty() {
                names.push(alias);
            }
        }
        (names, paths)
    }

    /// The front matter's `branch_keywords` whose id is one of the article's causes (a tree) or
    /// sections (a plain page); any other id is reported, with the id meant when one is close.
    fn branch_keywords(
        &mut self,
        fm: &FrontMatter,
        yaml: &str,
        article: &Article,
    ) -> std::collections::BTreeMap<String, Vec<String>> {
        let ids: Vec<&str> = if article.kind.is_tree() {
            article.causes.iter().map(|c| c.id.as_str()).collect()
        } else {
            article.extra.iter().map(|s| s.id.as_str()).collect()
        };
        let what = if article.kind.is_tree() { "cause" } else { "section" };
        let mut out = std::collections::BTreeMap::new();
        for (id, phrases) in &fm.branch_keywords {
            if ids.contains(&id.as_str()) {
                let phrases: Vec<String> = phrases.iter().map(|p| markdown::collapse_whitespace(p)).collect();
                out.insert(id.clone(), phrases);
                continue;
            }
            let line = front_matter::nested_key_line(yaml, "branch_keywords", id).unwrap_or(2);
            let hint = match super::suggest::closest(id, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if ids.is_empty() => format!("this article has no {what} to give keywords to"),
                None => format!("the {what}s' ids: {}", ids.join(", ")),
            };
            self.warn(
                line,
                format!(
                    "`branch_keywords` names `{id}`, which is no {what} of this article; its keywords are not searched"
                ),
                Some(&hint),
            );
        }
        out
    }

    fn front_matter_error(&self, e: FrontMatterError) -> Vec<Diagnostic> {
        let d = Diagnostic::error(self.path, e.line, e.message).at_col(e.col);
        vec![match e.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }]
    }

    fn run(mut self, slug: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
        if text.trim().is_empty() && !self.index {
            self.error(
                1,
                "the file is empty",
                "an article needs at least a `# Title`, a `## Symptom`, `## Likely causes` and `## Fix`",
            );
            return Err(self.errors);
        }
        let split = front_matter::split(text).map_err(|e| self.front_matter_error(e))?;
        let yaml = split.yaml.unwrap_or("");
        let fm = match split.yaml.map(front_matter::parse).transpose() {
            Ok(fm) => fm.unwrap_or_default(),
            Err(e) => return Err(self.front_matter_error(e)),
        };
        self.check_front_matter(&fm, yaml);
        let images = self.read_firmware(&fm, yaml);
        let mdx = self.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
        let plain = self.blank_foreign_syntax(split.body, split.body_line, mdx);
        // Docusaurus and MkDocs callouts become marked block quotes, line for line.
        let body = crate::content::callouts::rewrite(&plain);
        let lines = Lines::new(&body, split.body_line);
        let items = match blocks::top_level_items(&body, &lines) {
            Ok(items) => items,
            Err(overrun) => {
                let (pos, message, hint) = match overrun {
                    blocks::Overrun::Deep(pos) => (
                        pos,
                        format!(
                            "quotes, lists or HTML elements nest more than {} levels deep here",
                            blocks::MAX_NESTING
                        ),
                        "flatten the structure: no page needs that many levels",
                    ),
                    blocks::Overrun::Busy(pos) => (
                        pos,
                        format!(
                            "the article has more than {} Markdown elements (text runs, emphasis, links, list items); this is where it passes the limit",
                            blocks::MAX_EVENTS
                        ),
                        "split it into smaller articles and link them",
                    ),
                };
                self.errors.push(
                    Diagnostic::error(self.path, pos.line, message)
                        .at_col(pos.col)
                        .with_hint(hint),
                );
                return Err(self.errors);
            }
        };
        for item in &items {
            self.collect_links(item);
            self.check_checker_blocks(item, &images);
        }
        let outline = self.outline(items);
        let kind = self.kind(&fm, yaml, &outline);
        let title_line = outline.title.as_ref().map_or(split.body_line, |t| t.1);
        let title = match (fm.title.clone().filter(|t| !t.trim().is_empty()), &outline.title) {
            (Some(t), _) => t,
            (None, Some((t, _))) if !t.trim().is_empty() => t.clone(),
            _ if self.index => String::new(),
            _ => {
                self.error(
                    1,
                    "the article has no title",
                    "start it with a `# Title` line (or set `title:` in the front matter)",
                );
                String::new()
            }
        };
        let mut article = if kind.is_tree() {
            self.check_roles(&outline.sections);
            self.article(outline, title_line)
        } else {
            self.plain(outline, kind, title_line)
        };
        article.slug = slug.to_string();
        article.title = title;
        article.summary = fm
            .summary
            .clone()
            .or_else(|| fm.description.clone())
            .unwrap_or(article.summary);
        article.keywords.clone_from(&fm.keywords);
        (article.aliases, article.moved_from) = self.aliases(&fm, yaml);
        article.branch_keywords = self.branch_keywords(&fm, yaml, &article);
        article.unlisted = fm.unlisted;
        let mut seen = std::collections::HashSet::new();
        article.tags = fm
            .tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty() && seen.insert(t.clone()))
            .collect();
        article.products.clone_from(&fm.products);
        article.updated = fm.updated.clone().or_else(|| fm.other_tools_date());
        article.firmware = images.images;
        self.firmware_lines = images.lines;
        self.finish(article, fm.draft)
    }

    /// The article's sections, in the model's fields; the caller fills in front-matter fields.
    fn article(&mut self, mut outline: Outline<'_>, title_line: u32) -> Article {
        let symptom = outline.take(Kind::Symptom);
        let causes = outline.take(Kind::Causes);
        let fix = outline.take(Kind::Fix);
        let last_resort = outline.take(Kind::LastResort);
        let verify = outline.take(Kind::Verify);
        let escalate = outline.take(Kind::Escalate);
        let see_also = outline.take(Kind::SeeAlso);
        let mut extra = Vec::new();
        let summary = symptom.as_ref().map(first_paragraph).unwrap_or_default();
        let symptom = self.symptom(symptom, title_line);
        let cause_items = self.causes(causes, title_line, &mut extra);
        let fixes = self.fixes(fix, title_line, &mut extra);
        let causes = self.pair(cause_items, fixes);
        let last_resort = last_resort.map(|s| self.last_resort(s));
        let verify = verify.map(|s| {
            self.optional(
                s,
                "the `## Verify` section is empty",
                "list how the user can tell it works",
            )
        });
        let escalate = escalate.map(|s| {
            self.optional(
                s,
                "the escalation section is empty",
                "say what to collect and whom to contact",
            )
        });
        let see_also = see_also.map(|s| self.see_also(s));
        // Codes in the other sections' tables, by the cause their row names (search keywords).
        let table_codes = glance::codes_by_cause(
            &outline.sections.iter().map(|s| s.items.as_slice()).collect::<Vec<_>>(),
            &causes,
        );
        for s in std::mem::take(&mut outline.sections) {
            if s.items.is_empty() {
                self.warn(s.line, format!("the section `## {}` is empty", s.title), None);
            }
            extra.push(section(s));
        }
        Article {
            summary,
            intro: render_items(&outline.intro),
            symptom,
            causes,
            last_resort,
            verify,
            escalate,
            see_also,
            extra,
            table_codes,
            ..Article::empty(app::model::ArticleKind::Tree)
        }
    }

    fn symptom(&mut self, section: Option<SectionItems<'_>>, title_line: u32) -> Rich {
        match section {
            None => {
                self.error(
                    title_line,
                    "no `## Symptom` section",
                    "describe what the user sees under a `## Symptom` heading",
                );
                Rich::default()
            }
            Some(s) if s.items.is_empty() => {
                self.error(
                    s.line,
                    "the `## Symptom` section is empty",
                    "describe what the user sees",
                );
                Rich::default()
            }
            Some(s) => render_items(&s.items),
        }
    }

    fn last_resort(&mut self, s: SectionItems<'_>) -> Procedure {
        let p = procedure(s.title.clone(), &s.items);
        if p.steps.is_empty() && p.intro.is_empty() {
            self.error(
                s.line,
                "the last-resort section is empty",
                "list its steps or remove the heading",
            );
        }
        p
    }

    /// A section readers can do without: empty is a warning.
    fn optional(&mut self, s: SectionItems<'_>, empty: &str, hint: &str) -> Procedure {
        if s.items.is_empty() {
            self.warn(s.line, empty, Some(hint));
        }
        procedure(s.title, &s.items)
    }

    fn see_also(&mut self, s: SectionItems<'_>) -> Section {
        if s.items.is_empty() {
            self.warn(
                s.line,
                format!("the section `## {}` is empty", s.title),
                Some("link related articles or remove the heading"),
            );
        }
        section(s)
    }

    /// Records links to other articles, anchors in this one and images, with where they are written.
    fn collect_links(&mut self, item: &Item<'_>) {
        for (e, pos) in &item.events {
            match e {
                Event::Start(Tag::Link { dest_url, .. }) => match classify_link(dest_url) {
                    LinkTarget::Article { slug, anchor } | LinkTarget::Page { slug, anchor } => {
                        self.links.push(ArticleLink {
                            slug,
                            anchor,
                            line: pos.line,
                            col: pos.col,
                        });
                    }
                    LinkTarget::Other => {
                        if let Some(anchor) = dest_url.strip_prefix('#') {
                            self.anchors.push((anchor.to_string(), *pos));
                        }
                    }
                },
                Event::Start(Tag::Image { dest_url, .. }) => self.images.push(Reference {
                    url: dest_url.to_string(),
                    pos: *pos,
                }),
                _ => {}
            }
        }
    }

    /// Everything at once when anything keeps the article offline; otherwise the article with
    /// its checkers resolved and its own anchors checked.
    fn finish(mut self, mut article: Article, draft: bool) -> Result<Parsed, Vec<Diagnostic>> {
        if !self.errors.is_empty() {
            let mut all = self.errors;
            all.append(&mut self.problems);
            all.sort_by_key(|d| (d.line, d.col));
            return Err(all);
        }
        firmware::resolve_blocks(&mut article);
        self.problems
            .extend(links::check_anchors(self.path, &article, &self.anchors));
        Ok(Parsed {
            dated: article.updated.is_some(),
            article: Arc::new(article),
            draft,
            links: self.links,
            images: self.images,
            problems: self.problems,
            firmware_lines: self.firmware_lines,
            aliases_line: self.aliases_line,
        })
    }
}

/// A free-form section as the model keeps it.
fn section(s: SectionItems<'_>) -> Section {
    Section {
        id: slugify(&s.title),
        level: 2,
        body: render_items(&s.items),
        title: s.title,
    }
}

/// The symptom's first paragraph as plain text, for lists (when the front matter gives no
/// `summary`).
fn first_paragraph(s: &SectionItems<'_>) -> String {
    first_paragraph_of(&s.items).unwrap_or_default()
}

/// The first paragraph among `items` as plain text, shortened for lists.
fn first_paragraph_of(items: &[Item<'_>]) -> Option<String> {
    items.iter().find(|i| i.heading.is_none() && !i.is_list).map(|i| {
        shorten(
            &markdown::plain_text(&i.plain_events().cloned().collect::<Vec<_>>()),
            220,
        )
    })
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
