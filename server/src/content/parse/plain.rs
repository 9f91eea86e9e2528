//! Plain pages: guides, FAQs and references. Which kind a page is, and its sections (one per
//! `##` and `###` heading, each with a stable anchor).

use super::super::front_matter::{self, FrontMatter};
use super::super::markdown::slugify;
use super::blocks::{render_items, Item};
use super::sections::{Outline, SectionItems};
use super::{first_paragraph_of, ArticleParser};
use app::model::{Article, ArticleKind, Section};
use pulldown_cmark::HeadingLevel;
use std::collections::HashSet;

/// The words front matter `type:` accepts for each kind.
const TYPES: &[(&str, ArticleKind)] = &[
    ("tree", ArticleKind::Tree),
    ("troubleshooting", ArticleKind::Tree),
    ("guide", ArticleKind::Guide),
    ("article", ArticleKind::Guide),
    ("how-to", ArticleKind::Guide),
    ("howto", ArticleKind::Guide),
    ("playbook", ArticleKind::Guide),
    ("tutorial", ArticleKind::Guide),
    ("faq", ArticleKind::Faq),
    ("faqs", ArticleKind::Faq),
    ("reference", ArticleKind::Reference),
];

/// True for a heading that asks a question (an FAQ entry); the page asks [`Section::is_question`].
fn is_question(title: &str) -> bool {
    title.trim_end().ends_with('?')
}

impl ArticleParser<'_> {
    /// What kind of page this is: front matter `type:` when given (an unknown word is a warning
    /// and the sections decide); else a tree when any section has a tree role (`## Symptom`,
    /// `## Likely causes`, `## Fix`, …), an FAQ when there are two or more sections and every
    /// one is a question, and a guide otherwise.
    pub(super) fn kind(&mut self, fm: &FrontMatter, yaml: &str, outline: &Outline<'_>) -> ArticleKind {
        if let Some(t) = &fm.kind {
            let word = t.trim().to_lowercase();
            if let Some((_, kind)) = TYPES.iter().find(|(w, _)| *w == word) {
                return *kind;
            }
            let line = front_matter::key_line(yaml, "type").unwrap_or(2);
            self.warn(
                line,
                format!("unknown page type `{t}`; the sections decide"),
                Some("write `type: tree`, `guide`, `faq` or `reference`"),
            );
        }
        let sections = &outline.sections;
        if sections.iter().any(|s| s.kind.is_tree_role()) {
            ArticleKind::Tree
        } else if sections.len() >= 2 && sections.iter().all(|s| is_question(&s.title)) {
            ArticleKind::Faq
        } else {
            ArticleKind::Guide
        }
    }

    /// A plain page: its intro and one section per `##` and `###` heading, each with an anchor
    /// unique in the page (the heading's `{#id}`, else made from its text; a repeated one gets
    /// `-2`, `-3`…).
    pub(super) fn plain(&mut self, outline: Outline<'_>, kind: ArticleKind, title_line: u32) -> Article {
        let mut ids = Anchors::default();
        let mut sections = Vec::new();
        let summary = first_paragraph_of(&outline.intro)
            .or_else(|| outline.sections.iter().find_map(|s| first_paragraph_of(&s.items)))
            .unwrap_or_default();
        for s in outline.sections {
            let SectionItems {
                title, id, items, line, ..
            } = s;
            let (own, subsections) = split_at_subheadings(items);
            if own.is_empty() && subsections.is_empty() {
                self.warn(line, format!("the section `## {title}` is empty"), None);
            }
            sections.push(Section {
                id: ids.unique(id.as_deref(), &title),
                level: 2,
                body: render_items(&own),
                title,
            });
            for (heading, body) in subsections {
                let (text, explicit) = heading
                    .heading
                    .as_ref()
                    .map(|h| (h.text.clone(), h.id.clone()))
                    .unwrap_or_default();
                sections.push(Section {
                    id: ids.unique(explicit.as_deref(), &text),
                    level: 3,
                    body: render_items(&body),
                    title: text,
                });
            }
        }
        let intro = render_items(&outline.intro);
        if intro.is_empty() && sections.is_empty() && !self.index {
            self.error(
                title_line,
                "the page has no text",
                "write something under the title, or remove the file",
            );
        }
        Article {
            summary,
            intro,
            extra: sections,
            ..Article::empty(kind)
        }
    }
}

/// A section's own items, and each `###` heading with the items under it.
fn split_at_subheadings(items: Vec<Item<'_>>) -> (Vec<Item<'_>>, Vec<(Item<'_>, Vec<Item<'_>>)>) {
    let mut own = Vec::new();
    let mut subs: Vec<(Item<'_>, Vec<Item<'_>>)> = Vec::new();
    for item in items {
        if item.heading.as_ref().is_some_and(|h| h.level == HeadingLevel::H3) {
            subs.push((item, Vec::new()));
        } else if let Some((_, body)) = subs.last_mut() {
            body.push(item);
        } else {
            own.push(item);
        }
    }
    (own, subs)
}

/// The anchors given out in one page, so each is unique.
#[derive(Default)]
struct Anchors {
    taken: HashSet<String>,
}

impl Anchors {
    fn unique(&mut self, explicit: Option<&str>, title: &str) -> String {
        let base = explicit
            .map(str::to_string)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| slugify(title));
        let base = if base.is_empty() {
            format!("section-{}", self.taken.len() + 1)
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_unique_explicit_first_and_never_empty() {
        let mut a = Anchors::default();
        assert_eq!(a.unique(None, "Power LED"), "power-led");
        assert_eq!(a.unique(None, "Power LED"), "power-led-2");
        assert_eq!(a.unique(Some("leds"), "Anything"), "leds");
        assert_eq!(a.unique(None, "电源"), "section-4");
        assert_eq!(a.unique(None, "Power LED"), "power-led-3");
    }
}
