//! The decision tree over an [`Article`]: where a person is (`Node`), what they already tried
//! (`Trail`), where each answer leads, and the summary of attempts for a support ticket.
//!
//! Everything here is a plain function of the article and the URL, so the server renders any
//! node from its link alone.

use crate::model::{Article, Cause, Procedure, Rich};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The reserved attempt name for the article's last resort.
pub const LAST_RESORT: &str = "last-resort";

/// At most this many entries of `tried=` are read, however long a hostile URL is.
const MAX_TRAIL_ITEMS: usize = 64;

/// A place in an article's tree (or the whole-article view).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// The symptom and "Which of these matches?".
    Start,
    /// Step `step` (1-based) of the fix for cause `cause`.
    Fix {
        /// Cause id.
        cause: String,
        /// 1-based step number.
        step: u32,
    },
    /// Step `step` (1-based) of the last resort.
    LastResort {
        /// 1-based step number.
        step: u32,
    },
    /// The verification checklist after a fix worked.
    Verify,
    /// The problem is solved.
    Resolved,
    /// Nothing worked: what to collect, whom to contact, and what was tried.
    Escalate,
    /// Everything at once, for reading and printing.
    Whole,
}

impl Node {
    /// Parses the part of the URL path after `/articles/{slug}`; `None` when it names no node.
    ///
    /// This is syntax only: [`Article::has_node`] says whether the node exists in an article.
    pub fn parse(rest: &str) -> Option<Node> {
        let rest = rest.trim_matches('/');
        let parts: Vec<&str> = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').collect()
        };
        let step = |s: &str| -> Option<u32> {
            // Digits only: no sign, no spaces, no leading zeros, so each step has one URL.
            if s.is_empty() || s.len() > 4 || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        match parts.as_slice() {
            [] | ["start"] => Some(Node::Start),
            ["fix", cause] if is_id(cause) => Some(Node::Fix {
                cause: (*cause).to_string(),
                step: 1,
            }),
            ["fix", cause, n] if is_id(cause) => Some(Node::Fix {
                cause: (*cause).to_string(),
                step: step(n)?,
            }),
            ["last-resort"] => Some(Node::LastResort { step: 1 }),
            ["last-resort", n] => Some(Node::LastResort { step: step(n)? }),
            ["verify"] => Some(Node::Verify),
            ["resolved"] => Some(Node::Resolved),
            ["escalate"] => Some(Node::Escalate),
            ["full"] => Some(Node::Whole),
            _ => None,
        }
    }

    /// The path segment(s) for this node, without a leading slash ("" for the start).
    pub fn path(&self) -> String {
        match self {
            Node::Start => String::new(),
            Node::Fix { cause, step } => format!("fix/{cause}/{step}"),
            Node::LastResort { step } => format!("last-resort/{step}"),
            Node::Verify => "verify".into(),
            Node::Resolved => "resolved".into(),
            Node::Escalate => "escalate".into(),
            Node::Whole => "full".into(),
        }
    }

    /// The node's id as lists and search hits name it: its path, or `start`.
    pub fn id(&self) -> String {
        match self {
            Node::Start => "start".into(),
            other => other.path(),
        }
    }

    /// What kind of place this is.
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Start => NodeKind::Start,
            Node::Fix { .. } => NodeKind::FixStep,
            Node::LastResort { .. } => NodeKind::LastResortStep,
            Node::Verify => NodeKind::Verify,
            Node::Resolved => NodeKind::Resolved,
            Node::Escalate => NodeKind::Escalate,
            Node::Whole => NodeKind::Whole,
        }
    }
}

/// What kind of place a [`Node`] is, as the JSON API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// The symptom and the list of causes.
    Start,
    /// A step of a cause's fix.
    FixStep,
    /// A step of the last resort.
    LastResortStep,
    /// The checklist after a fix worked.
    Verify,
    /// The problem is solved.
    Resolved,
    /// Nothing worked: contact support.
    Escalate,
    /// The whole article at once.
    Whole,
}

/// The headings of the nodes whose text the writer does not write: the one table that pages,
/// the JSON API, search hits and `fixpath check --tree` all read.
pub mod labels {
    /// The start node, in lists of nodes and search hits.
    pub const START: &str = "Symptom";
    /// The post-fix checklist (`## Verify`).
    pub const VERIFY: &str = "Check that everything works";
    /// The problem is solved.
    pub const RESOLVED: &str = "Fixed. Your device is working again.";
    /// Nothing worked.
    pub const ESCALATE: &str = "Contact support";
    /// The whole-article view.
    pub const WHOLE: &str = "Whole article";
}

/// One node of an article's tree, as lists, the JSON API and `fixpath check --tree` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    /// Its id: `start`, `fix/{cause}/{n}`, `last-resort/{n}`, `verify`, `resolved`, `escalate`.
    pub id: String,
    /// What kind of place it is.
    pub kind: NodeKind,
    /// What it is, for people ("Fix: If the checksum is wrong").
    #[serde(rename = "title")]
    pub label: String,
    /// Site-relative URL, with nothing tried.
    pub url: String,
    /// The node itself.
    #[serde(skip)]
    pub node: Option<Node>,
}

/// A fix's heading as a label: "Cause: DNS" reads "DNS"; "If power was lost" stays as it is.
fn fix_title(title: &str) -> &str {
    title.strip_prefix("Cause:").map_or(title, str::trim)
}

impl Procedure {
    /// Calls `f` on the introduction, each step and the outro.
    pub fn for_each_rich_mut(&mut self, f: &mut impl FnMut(&mut Rich)) {
        f(&mut self.intro);
        self.steps.iter_mut().for_each(&mut *f);
        f(&mut self.outro);
    }

    /// Calls `f` on the introduction, each step and the outro.
    pub fn for_each_rich(&self, f: &mut impl FnMut(&Rich)) {
        f(&self.intro);
        self.steps.iter().for_each(&mut *f);
        f(&self.outro);
    }
}

/// True for ids the loader can produce: lowercase ASCII letters, digits and inner hyphens.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Something a person tried: a cause's fix, or the last resort.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Attempt {
    /// The fix for the cause with this id.
    Cause(String),
    /// The last resort.
    LastResort,
}

impl Attempt {
    fn as_str(&self) -> &str {
        match self {
            Attempt::Cause(id) => id,
            Attempt::LastResort => LAST_RESORT,
        }
    }
}

/// What a person has done so far, carried in the query string so every link is self-contained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail {
    /// Causes whose fix was followed to the end without success, in order.
    pub tried: Vec<String>,
    /// The last resort was followed without success.
    pub last_resort_tried: bool,
    /// "I'm not sure": walk the causes in order instead of returning to the list.
    pub walk: bool,
    /// The attempt that fixed it (on the verify and resolved nodes).
    pub fixed: Option<Attempt>,
}

impl Trail {
    /// Reads a trail from query parameters, dropping anything the article does not know.
    pub fn from_query<'a>(article: &Article, get: impl Fn(&str) -> Option<&'a str>) -> Trail {
        let mut tried: Vec<String> = Vec::new();
        if let Some(list) = get("tried") {
            for id in list.split(',').take(MAX_TRAIL_ITEMS) {
                if article.cause(id).is_some() && !tried.iter().any(|t| t == id) {
                    tried.push(id.to_string());
                }
            }
        }
        let flag = |k: &str| matches!(get(k), Some("1" | "true"));
        let fixed = match get("fixed") {
            Some(LAST_RESORT) if article.last_resort.is_some() => Some(Attempt::LastResort),
            Some(id) if article.cause(id).is_some() => Some(Attempt::Cause(id.to_string())),
            _ => None,
        };
        Trail {
            tried,
            last_resort_tried: flag("lr") && article.last_resort.is_some(),
            walk: flag("walk"),
            fixed,
        }
    }

    /// The query string for this trail, with its leading `?`, or "" when there is nothing to carry.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.tried.is_empty() {
            parts.push(format!("tried={}", self.tried.join(",")));
        }
        if self.last_resort_tried {
            parts.push("lr=1".to_string());
        }
        if self.walk {
            parts.push("walk=1".to_string());
        }
        if let Some(f) = &self.fixed {
            parts.push(format!("fixed={}", f.as_str()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// True when this cause's fix was tried without success.
    pub fn has_tried(&self, cause: &str) -> bool {
        self.tried.iter().any(|t| t == cause)
    }

    /// True when nothing has been tried yet.
    pub fn is_empty(&self) -> bool {
        self.tried.is_empty() && !self.last_resort_tried
    }

    fn with_failure(&self, attempt: &Attempt) -> Trail {
        let mut t = self.clone();
        t.fixed = None;
        match attempt {
            Attempt::Cause(id) => {
                if !t.has_tried(id) {
                    t.tried.push(id.clone());
                }
            }
            Attempt::LastResort => t.last_resort_tried = true,
        }
        t
    }
}

/// A destination: a node plus the trail to carry there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Where to go.
    pub node: Node,
    /// What to carry.
    pub trail: Trail,
}

impl Target {
    /// The site-relative URL of this destination in the article `slug`.
    pub fn href(&self, slug: &str) -> String {
        node_href(slug, &self.node, &self.trail)
    }
}

/// The site-relative URL of `node` in article `slug`, carrying `trail`.
pub fn node_href(slug: &str, node: &Node, trail: &Trail) -> String {
    let path = node.path();
    let q = trail.to_query();
    if path.is_empty() {
        format!("/articles/{slug}{q}")
    } else {
        format!("/articles/{slug}/{path}{q}")
    }
}

impl Article {
    /// True when `node` exists in this article.
    pub fn has_node(&self, node: &Node) -> bool {
        if !self.kind.is_tree() {
            return matches!(node, Node::Start | Node::Whole);
        }
        match node {
            Node::Start | Node::Resolved | Node::Escalate | Node::Whole => true,
            Node::Verify => self.verify.is_some(),
            Node::Fix { cause, step } => self
                .cause(cause)
                .is_some_and(|c| (1..=c.fix.step_count()).contains(step)),
            Node::LastResort { step } => self
                .last_resort
                .as_ref()
                .is_some_and(|lr| (1..=lr.step_count()).contains(step)),
        }
    }

    /// Every node of the decision tree in reading order: the start, each step of each fix, each
    /// step of the last resort, the checklist (when the article has one), resolved, escalation.
    /// (The whole-article view is a view of all of them, not a node of the tree.)
    pub fn nodes(&self) -> Vec<TreeNode> {
        let mut nodes = vec![Node::Start];
        // A plain page is one place: only the start.
        if self.kind.is_tree() {
            for c in &self.causes {
                nodes.extend((1..=c.fix.step_count()).map(|step| Node::Fix {
                    cause: c.id.clone(),
                    step,
                }));
            }
            if let Some(lr) = &self.last_resort {
                nodes.extend((1..=lr.step_count()).map(|step| Node::LastResort { step }));
            }
            if self.verify.is_some() {
                nodes.push(Node::Verify);
            }
            nodes.extend([Node::Resolved, Node::Escalate]);
        }
        nodes
            .into_iter()
            .map(|node| TreeNode {
                id: node.id(),
                kind: node.kind(),
                label: self.label(&node),
                url: node_href(&self.slug, &node, &Trail::default()),
                node: Some(node),
            })
            .collect()
    }

    /// What a node is, for people: the one label table (see [`labels`]).
    pub fn label(&self, node: &Node) -> String {
        match node {
            Node::Start if !self.kind.is_tree() => self.title.clone(),
            Node::Start => labels::START.into(),
            Node::Fix { cause, .. } => match self.cause(cause) {
                Some(c) => format!("Fix: {}", fix_title(&c.fix.title)),
                None => "Fix".into(),
            },
            Node::LastResort { .. } => self
                .last_resort
                .as_ref()
                .map_or_else(|| "Last resort".into(), |p| p.title.clone()),
            Node::Verify => labels::VERIFY.into(),
            Node::Resolved => labels::RESOLVED.into(),
            Node::Escalate => labels::ESCALATE.into(),
            Node::Whole => labels::WHOLE.into(),
        }
    }

    /// Calls `f` on every piece of rich text in the article, in reading order: the one walk
    /// over its content (the firmware resolver and anything else that rewrites content use it).
    pub fn for_each_rich_mut(&mut self, mut f: impl FnMut(&mut Rich)) {
        f(&mut self.intro);
        f(&mut self.symptom);
        for c in &mut self.causes {
            f(&mut c.label);
            c.fix.for_each_rich_mut(&mut f);
        }
        for p in [&mut self.last_resort, &mut self.verify, &mut self.escalate]
            .into_iter()
            .flatten()
        {
            p.for_each_rich_mut(&mut f);
        }
        for s in self.see_also.iter_mut().chain(self.extra.iter_mut()) {
            f(&mut s.body);
        }
    }

    /// Calls `f` on every piece of rich text in the article, in reading order.
    pub fn for_each_rich(&self, mut f: impl FnMut(&Rich)) {
        f(&self.intro);
        f(&self.symptom);
        for c in &self.causes {
            f(&c.label);
            c.fix.for_each_rich(&mut f);
        }
        for p in [&self.last_resort, &self.verify, &self.escalate].into_iter().flatten() {
            p.for_each_rich(&mut f);
        }
        for s in self.see_also.iter().chain(&self.extra) {
            f(&s.body);
        }
    }

    /// The procedure behind an attempt.
    pub fn procedure(&self, attempt: &Attempt) -> Option<&Procedure> {
        match attempt {
            Attempt::Cause(id) => self.cause(id).map(|c| &c.fix),
            Attempt::LastResort => self.last_resort.as_ref(),
        }
    }

    /// Causes not yet tried, in the writer's order.
    pub fn untried<'a>(&'a self, trail: &'a Trail) -> impl Iterator<Item = &'a Cause> + 'a {
        self.causes.iter().filter(move |c| !trail.has_tried(&c.id))
    }

    /// Where to go when every cause is exhausted (or none matches): the last resort if it is
    /// still untried, else escalation.
    fn fallback(&self, trail: Trail) -> Target {
        if self.last_resort.is_some() && !trail.last_resort_tried {
            Target {
                node: Node::LastResort { step: 1 },
                trail,
            }
        } else {
            Target {
                node: Node::Escalate,
                trail,
            }
        }
    }

    /// Choosing a cause from the list.
    pub fn choose(&self, cause: &Cause, trail: &Trail) -> Target {
        let mut trail = trail.clone();
        trail.walk = false;
        trail.fixed = None;
        Target {
            node: Node::Fix {
                cause: cause.id.clone(),
                step: 1,
            },
            trail,
        }
    }

    /// "I'm not sure": the first untried cause, then the next after each failure.
    pub fn not_sure(&self, trail: &Trail) -> Target {
        let mut trail = trail.clone();
        trail.walk = true;
        trail.fixed = None;
        let first = self.untried(&trail).next().map(|c| c.id.clone());
        match first {
            Some(cause) => Target {
                node: Node::Fix { cause, step: 1 },
                trail,
            },
            None => self.fallback(trail),
        }
    }

    /// "None of these": the last resort, then escalation.
    pub fn none_match(&self, trail: &Trail) -> Target {
        let mut trail = trail.clone();
        trail.fixed = None;
        self.fallback(trail)
    }

    /// The attempt went all the way without fixing the problem.
    pub fn failed(&self, trail: &Trail, attempt: &Attempt) -> Target {
        let trail = trail.with_failure(attempt);
        if *attempt == Attempt::LastResort {
            return Target {
                node: Node::Escalate,
                trail,
            };
        }
        let next = self.untried(&trail).next().map(|c| c.id.clone());
        match next {
            Some(id) if trail.walk => Target {
                node: Node::Fix { cause: id, step: 1 },
                trail,
            },
            Some(_) => Target {
                node: Node::Start,
                trail,
            },
            None => self.fallback(trail),
        }
    }

    /// The attempt fixed the problem: check it (when the article has a checklist), then done.
    pub fn worked(&self, trail: &Trail, attempt: &Attempt) -> Target {
        let mut trail = trail.clone();
        trail.fixed = Some(attempt.clone());
        let node = if self.verify.is_some() {
            Node::Verify
        } else {
            Node::Resolved
        };
        Target { node, trail }
    }

    /// The plain-text account of a session, ready to paste into a support ticket.
    pub fn attempts_summary(&self, trail: &Trail, page_url: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Problem: {}", self.title);
        if !self.summary.is_empty() {
            let _ = writeln!(out, "Symptom: {}", self.summary);
        }
        let failed: Vec<Attempt> = trail
            .tried
            .iter()
            .map(|id| Attempt::Cause(id.clone()))
            .chain(trail.last_resort_tried.then_some(Attempt::LastResort))
            .collect();
        if failed.is_empty() {
            let _ = writeln!(out, "\nTried so far: nothing from this guide yet.");
        } else {
            let _ = writeln!(out, "\nTried without success:");
            for (i, attempt) in failed.iter().enumerate() {
                let Some(proc_) = self.procedure(attempt) else { continue };
                let heading = match attempt {
                    Attempt::Cause(id) => self
                        .cause(id)
                        .map(|c| format!("{} (fix: {})", c.label.text, proc_.title))
                        .unwrap_or_default(),
                    Attempt::LastResort => proc_.title.clone(),
                };
                let _ = writeln!(out, "{}. {}", i + 1, heading);
                for step in &proc_.steps {
                    let _ = writeln!(out, "   - {}", step.text);
                }
            }
        }
        if let Some(fixed) = &trail.fixed {
            if let Some(p) = self.procedure(fixed) {
                let _ = writeln!(out, "\nFixed by: {}", p.title);
            }
        }
        let untried: Vec<&str> = self.untried(trail).map(|c| c.label.text.as_str()).collect();
        if !untried.is_empty() && trail.fixed.is_none() {
            let _ = writeln!(out, "\nNot tried (did not match):");
            for u in untried {
                let _ = writeln!(out, "   - {u}");
            }
        }
        let _ = writeln!(out, "\nGuide: {page_url}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rich, SafeHtml};

    fn rich(t: &str) -> Rich {
        Rich {
            html: SafeHtml::from_sanitised(format!("<p>{t}</p>")),
            text: t.into(),
            checker: None,
        }
    }

    fn procedure(title: &str, steps: &[&str]) -> Procedure {
        Procedure {
            title: title.into(),
            intro: Rich::default(),
            steps: steps.iter().map(|s| rich(s)).collect(),
            outro: Rich::default(),
        }
    }

    fn article(last_resort: bool, verify: bool) -> Article {
        Article {
            slug: "flash".into(),
            kind: crate::model::ArticleKind::Tree,
            keywords: vec![],
            aliases: vec![],
            moved_from: vec![],
            branch_keywords: Default::default(),
            table_codes: Default::default(),
            unlisted: false,
            section: vec![],
            title: "Firmware flash failed".into(),
            summary: "An update aborted.".into(),
            tags: vec![],
            products: vec![],
            updated: None,
            firmware: vec![],
            intro: Rich::default(),
            symptom: rich("An update aborted."),
            causes: ["space", "power", "checksum"]
                .iter()
                .map(|id| Cause {
                    id: (*id).into(),
                    label: rich(&format!("cause {id}")),
                    fix: procedure(&format!("If {id}"), &["one", "two"]),
                })
                .collect(),
            last_resort: last_resort.then(|| procedure("Last resort: SD card", &["write card", "boot"])),
            verify: verify.then(|| procedure("Verify", &["LED solid"])),
            escalate: None,
            see_also: None,
            extra: vec![],
            writer: None,
        }
    }

    #[test]
    fn node_paths_round_trip() {
        let nodes = [
            Node::Start,
            Node::Fix {
                cause: "power".into(),
                step: 2,
            },
            Node::LastResort { step: 3 },
            Node::Verify,
            Node::Resolved,
            Node::Escalate,
            Node::Whole,
        ];
        for n in nodes {
            assert_eq!(Node::parse(&n.path()), Some(n.clone()), "{n:?}");
        }
        assert_eq!(
            Node::parse("fix/power"),
            Some(Node::Fix {
                cause: "power".into(),
                step: 1
            })
        );
    }

    #[test]
    fn malformed_node_paths_are_rejected() {
        for bad in [
            "fix",
            "fix/Power/1",
            "fix/power/0",
            "fix/power/01",
            "fix/power/-1",
            "fix/power/1x",
            "fix/power/99999",
            "last-resort/0",
            "verify/1",
            "nope",
            "fix/power/1/2",
            "fix/%20/1",
            "fix/-a/1",
        ] {
            assert_eq!(Node::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn has_node_checks_causes_and_step_bounds() {
        let a = article(false, true);
        assert!(a.has_node(&Node::Fix {
            cause: "power".into(),
            step: 2
        }));
        assert!(!a.has_node(&Node::Fix {
            cause: "power".into(),
            step: 3
        }));
        assert!(!a.has_node(&Node::Fix {
            cause: "ghost".into(),
            step: 1
        }));
        assert!(!a.has_node(&Node::LastResort { step: 1 }));
        assert!(article(true, true).has_node(&Node::LastResort { step: 2 }));
    }

    #[test]
    fn the_checklist_node_exists_only_with_a_verify_section() {
        assert!(article(false, true).has_node(&Node::Verify));
        assert!(!article(false, false).has_node(&Node::Verify));
        let ids = |a: &Article| a.nodes().into_iter().map(|n| n.id).collect::<Vec<_>>();
        assert!(ids(&article(false, true)).contains(&"verify".to_string()));
        assert!(!ids(&article(false, false)).contains(&"verify".to_string()));
    }

    #[test]
    fn nodes_list_every_step_once_in_reading_order_with_their_labels_and_urls() {
        let a = article(true, true);
        let nodes = a.nodes();
        let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "start",
                "fix/space/1",
                "fix/space/2",
                "fix/power/1",
                "fix/power/2",
                "fix/checksum/1",
                "fix/checksum/2",
                "last-resort/1",
                "last-resort/2",
                "verify",
                "resolved",
                "escalate"
            ]
        );
        // Every node the list names exists, and parses back from its URL.
        for n in &nodes {
            let node = n.node.clone().expect("node");
            assert!(a.has_node(&node), "{}", n.id);
            let path = n.url.strip_prefix("/articles/flash").expect("article URL");
            assert_eq!(Node::parse(path), Some(node.clone()), "{}", n.url);
            assert_eq!(n.kind, node.kind());
            assert_eq!(n.label, a.label(&node));
        }
        assert_eq!(nodes[0].label, labels::START);
        assert_eq!(nodes[3].label, "Fix: If power");
        assert_eq!(nodes[7].label, "Last resort: SD card");
        assert_eq!(nodes[9].label, labels::VERIFY);
        assert_eq!(nodes[11].label, labels::ESCALATE);
        assert_eq!(
            serde_json::to_value(&nodes[1]).expect("json"),
            serde_json::json!({"id": "fix/space/1", "kind": "fix-step", "title": "Fix: If space", "url": "/articles/flash/fix/space/1"})
        );
    }

    #[test]
    fn cause_prefixes_are_dropped_from_fix_labels() {
        let mut a = article(false, false);
        a.causes[0].fix.title = "Cause: DNS".into();
        let node = Node::Fix {
            cause: "space".into(),
            step: 1,
        };
        assert_eq!(a.label(&node), "Fix: DNS");
    }

    #[test]
    fn the_rich_text_walk_visits_every_field_once() {
        let mut a = article(true, true);
        a.intro = rich("intro");
        a.escalate = Some(procedure("Escalate", &["call"]));
        a.see_also = Some(crate::model::Section {
            title: "See also".into(),
            id: "see-also".into(),
            level: 2,
            body: rich("see"),
        });
        a.extra.push(crate::model::Section {
            title: "Background".into(),
            id: "background".into(),
            level: 2,
            body: rich("extra"),
        });
        let mut seen = Vec::new();
        a.for_each_rich(|r| seen.push(r.text.clone()));
        let texts: Vec<&str> = seen.iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
        assert_eq!(
            texts,
            [
                "intro",
                "An update aborted.",
                "cause space",
                "one",
                "two",
                "cause power",
                "one",
                "two",
                "cause checksum",
                "one",
                "two",
                "write card",
                "boot",
                "LED solid",
                "call",
                "see",
                "extra"
            ]
        );
        let mut count = 0;
        a.for_each_rich_mut(|r| {
            count += 1;
            r.text.make_ascii_uppercase();
        });
        assert_eq!(count, seen.len(), "both walks visit the same fields");
        assert_eq!(a.causes[2].fix.steps[1].text, "TWO");
        assert_eq!(a.extra[0].body.text, "EXTRA");
    }

    #[test]
    fn trail_query_round_trips_and_drops_unknowns() {
        let a = article(true, true);
        let q = [
            ("tried", "power,ghost,power,space"),
            ("lr", "1"),
            ("walk", "1"),
            ("fixed", "checksum"),
        ];
        let get = |k: &str| q.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
        let t = Trail::from_query(&a, get);
        assert_eq!(t.tried, vec!["power".to_string(), "space".to_string()]);
        assert!(t.last_resort_tried && t.walk);
        assert_eq!(t.fixed, Some(Attempt::Cause("checksum".into())));
        assert_eq!(t.to_query(), "?tried=power,space&lr=1&walk=1&fixed=checksum");
        assert_eq!(Trail::default().to_query(), "");
    }

    #[test]
    fn choosing_then_failing_returns_to_the_remaining_causes() {
        let a = article(true, true);
        let t = a.choose(&a.causes[1], &Trail::default());
        assert_eq!(
            t.node,
            Node::Fix {
                cause: "power".into(),
                step: 1
            }
        );
        let back = a.failed(&t.trail, &Attempt::Cause("power".into()));
        assert_eq!(back.node, Node::Start);
        assert_eq!(back.trail.tried, vec!["power"]);
        let names: Vec<&str> = a.untried(&back.trail).map(|c| c.id.as_str()).collect();
        assert_eq!(names, ["space", "checksum"]);
    }

    #[test]
    fn not_sure_walks_every_cause_then_last_resort_then_escalation() {
        let a = article(true, true);
        let mut t = a.not_sure(&Trail::default());
        let mut visited = Vec::new();
        while let Node::Fix { cause, .. } = t.node.clone() {
            visited.push(cause.clone());
            t = a.failed(&t.trail, &Attempt::Cause(cause));
        }
        assert_eq!(visited, ["space", "power", "checksum"]);
        assert_eq!(t.node, Node::LastResort { step: 1 });
        let end = a.failed(&t.trail, &Attempt::LastResort);
        assert_eq!(end.node, Node::Escalate);
        assert!(end.trail.last_resort_tried);
        assert_eq!(end.trail.tried.len(), 3);
    }

    #[test]
    fn none_match_skips_to_escalation_without_last_resort() {
        assert_eq!(article(false, true).none_match(&Trail::default()).node, Node::Escalate);
        assert_eq!(
            article(true, true).none_match(&Trail::default()).node,
            Node::LastResort { step: 1 }
        );
    }

    #[test]
    fn worked_goes_to_verify_or_straight_to_resolved() {
        let fixed = Attempt::Cause("space".into());
        let with = article(false, true).worked(&Trail::default(), &fixed);
        assert_eq!(with.node, Node::Verify);
        assert_eq!(with.trail.fixed, Some(fixed.clone()));
        assert_eq!(
            article(false, false).worked(&Trail::default(), &fixed).node,
            Node::Resolved
        );
    }

    #[test]
    fn summary_lists_each_failed_attempt_with_its_steps() {
        let a = article(true, true);
        let trail = Trail {
            tried: vec!["power".into()],
            last_resort_tried: true,
            walk: false,
            fixed: None,
        };
        let s = a.attempts_summary(&trail, "http://x/articles/flash/escalate");
        assert!(s.contains("Problem: Firmware flash failed"), "{s}");
        assert!(s.contains("1. cause power (fix: If power)\n   - one\n   - two"), "{s}");
        assert!(s.contains("2. Last resort: SD card\n   - write card\n   - boot"), "{s}");
        assert!(
            s.contains("Not tried (did not match):\n   - cause space\n   - cause checksum"),
            "{s}"
        );
        assert!(s.ends_with("Guide: http://x/articles/flash/escalate\n"));
    }

    #[test]
    fn hrefs_carry_the_trail() {
        let t = Target {
            node: Node::Fix {
                cause: "power".into(),
                step: 2,
            },
            trail: Trail {
                tried: vec!["space".into()],
                walk: true,
                ..Trail::default()
            },
        };
        assert_eq!(t.href("flash"), "/articles/flash/fix/power/2?tried=space&walk=1");
        assert_eq!(node_href("flash", &Node::Start, &Trail::default()), "/articles/flash");
    }
}
