//! The body's outline: the title, the introduction, and the `##` sections with the role each
//! heading names (symptom, causes, fix, …).

use super::blocks::Item;
use super::ArticleParser;
use pulldown_cmark::HeadingLevel;

/// The role of a `##` section, recognised from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    /// True for the sections that make a page a decision tree.
    pub(super) fn is_tree_role(self) -> bool {
        !matches!(self, Kind::SeeAlso | Kind::Other)
    }

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

/// A `##` section with the items under it.
pub(super) struct SectionItems<'a> {
    pub(super) kind: Kind,
    pub(super) title: String,
    /// The heading's explicit `{#id}`, if written.
    pub(super) id: Option<String>,
    pub(super) line: u32,
    pub(super) items: Vec<Item<'a>>,
}

/// The body split at its headings.
pub(super) struct Outline<'a> {
    /// The `# Title` and its line, if the body has one.
    pub(super) title: Option<(String, u32)>,
    /// Blocks between the title and the first section (and any before the title).
    pub(super) intro: Vec<Item<'a>>,
    /// The `##` sections in the writer's order.
    pub(super) sections: Vec<SectionItems<'a>>,
}

impl<'a> Outline<'a> {
    /// Removes and returns the (first) section of this kind.
    pub(super) fn take(&mut self, kind: Kind) -> Option<SectionItems<'a>> {
        let i = self.sections.iter().position(|s| s.kind == kind)?;
        Some(self.sections.remove(i))
    }
}

impl ArticleParser<'_> {
    /// Splits the body at its title and `##` headings; warns about text before the title and
    /// a second `# ` heading, and reports a role given to two sections.
    pub(super) fn outline<'a>(&mut self, items: Vec<Item<'a>>) -> Outline<'a> {
        let mut iter = items.into_iter().peekable();
        let mut intro = Vec::new();
        let mut title = None;
        let mut rest = Vec::new();
        for item in iter.by_ref() {
            match &item.heading {
                Some(h) if h.level == HeadingLevel::H1 => {
                    title = Some((h.text.clone(), item.line));
                    break;
                }
                // No `# Title`: what follows is sections.
                Some(h) if h.level == HeadingLevel::H2 => {
                    rest.push(item);
                    break;
                }
                _ => intro.push(item),
            }
        }
        if let (Some(first), Some(_)) = (intro.first(), &title) {
            self.warn(
                first.line,
                "text before the `# Title` heading",
                Some("move it below the title"),
            );
        }
        while rest.is_empty()
            && iter
                .peek()
                .is_some_and(|i| !matches!(&i.heading, Some(h) if h.level <= HeadingLevel::H2))
        {
            intro.extend(iter.next());
        }
        rest.extend(iter);
        let sections = self.sections(rest);
        Outline { title, intro, sections }
    }

    fn sections<'a>(&mut self, items: Vec<Item<'a>>) -> Vec<SectionItems<'a>> {
        let mut sections: Vec<SectionItems<'a>> = Vec::new();
        for item in items {
            match &item.heading {
                Some(h) if h.level <= HeadingLevel::H2 => {
                    if h.level == HeadingLevel::H1 {
                        self.warn(
                            item.line,
                            "a second `# ` heading",
                            Some("an article has one title; use `## ` for sections"),
                        );
                    }
                    sections.push(SectionItems {
                        kind: Kind::of(&h.text),
                        title: h.text.clone(),
                        id: h.id.clone(),
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
        sections
    }

    /// Reports a tree role (symptom, causes, fix…) given to two sections.
    pub(super) fn check_roles(&mut self, sections: &[SectionItems<'_>]) {
        let mut first_of: Vec<(Kind, u32)> = Vec::new();
        for s in sections.iter().filter(|s| s.kind != Kind::Other) {
            match first_of.iter().find(|(k, _)| *k == s.kind) {
                Some((_, line)) => self.error(
                    s.line,
                    format!("a second {} section (the first is on line {line})", s.kind.name()),
                    "merge them",
                ),
                None => first_of.push((s.kind, s.line)),
            }
        }
    }
}
