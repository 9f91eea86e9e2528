//! `## Likely causes` and `## Fix`: one cause per list item, one `###` fix per cause, paired by
//! explicit `#id` links first and then by order, each given a stable id for its URL.

use super::super::markdown::{self, slugify};
use super::super::suggest::closest;
use super::blocks::{list_entries, procedure, render_items, Heading, Item};
use super::sections::SectionItems;
use super::ArticleParser;
use app::model::{Cause, Procedure, Section};
use app::tree::LAST_RESORT;
use pulldown_cmark::{Event, HeadingLevel, Tag};

/// A cause as listed, with the fix id it links to.
pub(super) struct CauseItem {
    label: app::model::Rich,
    target: Option<String>,
    line: u32,
}

/// A `###` fix as written.
pub(super) struct FixItem {
    title: String,
    id: Option<String>,
    line: u32,
    procedure: Procedure,
}

impl ArticleParser<'_> {
    /// The causes, one per item of the section's list; other blocks become "About the causes".
    pub(super) fn causes(
        &mut self,
        section: Option<SectionItems<'_>>,
        title_line: u32,
        extra: &mut Vec<Section>,
    ) -> Vec<CauseItem> {
        let Some(section) = section else {
            self.error(
                title_line,
                "no `## Likely causes` section",
                "list the possible causes, one per list item",
            );
            return vec![];
        };
        let Some(k) = section.items.iter().position(|i| i.is_list) else {
            self.error(
                section.line,
                "`## Likely causes` has no list",
                "write one `- cause` item per cause",
            );
            return vec![];
        };
        let causes = list_entries(&section.items[k])
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
        let others: Vec<&Item<'_>> = section
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| (i != k).then_some(it))
            .collect();
        if !others.is_empty() {
            extra.push(Section {
                title: "About the causes".into(),
                id: "about-the-causes".into(),
                level: 2,
                body: markdown::render(others.iter().flat_map(|i| i.plain_events().cloned())),
            });
        }
        causes
    }

    /// The fixes, one per `###` subsection; text before the first becomes "Before you start".
    pub(super) fn fixes(
        &mut self,
        section: Option<SectionItems<'_>>,
        title_line: u32,
        extra: &mut Vec<Section>,
    ) -> Vec<FixItem> {
        let Some(section) = section else {
            self.error(
                title_line,
                "no `## Fix` section",
                "add one with a `### If …` subsection per cause",
            );
            return vec![];
        };
        let mut fixes: Vec<(Heading, u32, Vec<Item<'_>>)> = Vec::new();
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
                level: 2,
                body: render_items(&preamble),
            });
        }
        if fixes.is_empty() {
            self.error(
                section.line,
                "`## Fix` has no subsections",
                "add one `### If …` subsection per cause",
            );
        }
        fixes
            .into_iter()
            .map(|(h, line, items)| {
                let mut p = procedure(h.text.clone(), &items);
                if p.steps.is_empty() {
                    if p.intro.is_empty() {
                        self.error(line, format!("the fix `### {}` is empty", h.text), "list its steps");
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

    /// Pairs causes with fixes (explicit `#id` links first, then by order) and gives each pair
    /// its id. Every cause or fix left without a partner is an error.
    pub(super) fn pair(&mut self, causes: Vec<CauseItem>, fixes: Vec<FixItem>) -> Vec<Cause> {
        let mut taken = vec![false; fixes.len()];
        let mut chosen: Vec<Option<usize>> = causes.iter().map(|c| self.linked_fix(c, &fixes, &mut taken)).collect();
        let mut free = (0..fixes.len()).filter(|i| !taken[*i]).collect::<Vec<_>>().into_iter();
        for (c, slot) in causes.iter().zip(chosen.iter_mut()) {
            if slot.is_some() || c.target.is_some() {
                continue;
            }
            match free.next() {
                Some(fi) => {
                    taken[fi] = true;
                    *slot = Some(fi);
                }
                None => self.error(
                    c.line,
                    format!("cause “{}” has no matching fix", c.label.text),
                    "add a `### If …` subsection for it under `## Fix`",
                ),
            }
        }
        for (f, _) in fixes.iter().zip(&taken).filter(|(_, t)| !**t) {
            self.error(
                f.line,
                format!("the fix `### {}` has no matching cause", f.title),
                "add the cause to the `## Likely causes` list",
            );
        }
        let mut fixes: Vec<Option<FixItem>> = fixes.into_iter().map(Some).collect();
        let mut ids = Ids::default();
        causes
            .into_iter()
            .zip(chosen)
            .filter_map(|(c, fi)| {
                let fix = fixes.get_mut(fi?)?.take()?;
                Some(Cause {
                    id: ids.next(&fix),
                    label: c.label,
                    fix: fix.procedure,
                })
            })
            .collect()
    }

    /// The fix a cause's `#id` link names, marking it taken; reports a link to no fix or to a
    /// fix another cause already took.
    fn linked_fix(&mut self, c: &CauseItem, fixes: &[FixItem], taken: &mut [bool]) -> Option<usize> {
        let target = c.target.as_ref()?;
        match fixes.iter().position(|f| f.id.as_deref() == Some(target.as_str())) {
            Some(fi) if taken[fi] => {
                self.error_only(
                    c.line,
                    format!(
                        "cause “{}” links to #{target}, but another cause already links to that fix",
                        c.label.text
                    ),
                );
                None
            }
            Some(fi) => {
                taken[fi] = true;
                Some(fi)
            }
            None => {
                let ids: Vec<&str> = fixes.iter().filter_map(|f| f.id.as_deref()).collect();
                let hint = match closest(target, ids.iter().copied()) {
                    Some(id) => format!("did you mean `#{id}`?"),
                    None if ids.is_empty() => format!("add `{{#{target}}}` to the end of the fix's `###` heading"),
                    None => format!(
                        "fix ids here: {}",
                        ids.iter().map(|i| format!("`#{i}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.error(
                    c.line,
                    format!(
                        "cause “{}” links to `#{target}`, but no fix heading has `{{#{target}}}`",
                        c.label.text
                    ),
                    hint,
                );
                None
            }
        }
    }
}

/// Gives each cause a unique id: the fix heading's `{#id}`, else one made from its title, with
/// `-2`, `-3`… on a clash (`last-resort` is taken).
#[derive(Default)]
struct Ids {
    used: std::collections::HashSet<String>,
}

impl Ids {
    fn next(&mut self, fix: &FixItem) -> String {
        if self.used.is_empty() {
            self.used.insert(LAST_RESORT.to_string());
        }
        let base = fix
            .id
            .as_deref()
            .map(slugify)
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| cause_id(&fix.title));
        let stem = if base.is_empty() { "cause".to_string() } else { base };
        let mut id = stem.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// A short URL id from a fix heading: "If the checksum is wrong" → "checksum-is-wrong".
pub(super) fn cause_id(title: &str) -> String {
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
