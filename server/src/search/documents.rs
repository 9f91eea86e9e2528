//! Article → search documents: one document per place a hit can open (from the tree's own node
//! list) plus one for the whole article, and how each becomes a tantivy document.

use super::query::technical_tokens;
use super::schema::Fields;
use app::model::Article;
use app::tree::Node;
use std::collections::HashSet;
use tantivy::TantivyDocument;

/// One document to index.
pub(super) struct NodeDoc {
    pub(super) node: Node,
    /// The section of a plain page the hit opens at (`#anchor`).
    pub(super) anchor: Option<String>,
    pub(super) label: String,
    symptom: String,
    branch: String,
    /// The writer's words for this cause or section (front matter `branch_keywords`), searched
    /// like its name.
    pub(super) keywords: String,
    /// Codes the article's tables tie to this cause ([`Article::table_codes`]), matched whole.
    pub(super) codes: Vec<String>,
    body: String,
    pub(super) whole: bool,
}

fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn procedure_text(p: &app::model::Procedure) -> String {
    join(
        std::iter::once(p.intro.text.as_str())
            .chain(p.steps.iter().map(|s| s.text.as_str()))
            .chain([p.outro.text.as_str()]),
    )
}

/// One document per place a hit can open: the start, the first step of each fix and of the last
/// resort, the checklist and the escalation page (when the article writes them), plus the whole
/// article. Which nodes exist and what they are called comes from the tree ([`Article::nodes`]).
pub(super) fn node_docs(a: &Article) -> Vec<NodeDoc> {
    // Unlisted articles are found by their address only.
    if a.unlisted {
        return vec![];
    }
    let proc_doc = |p: &app::model::Procedure| (String::new(), p.title.clone(), procedure_text(p));
    let mut docs: Vec<NodeDoc> = a
        .nodes()
        .into_iter()
        .filter_map(|n| {
            let node = n.node?;
            let (symptom, branch, body) = match &node {
                Node::Start => (
                    join(
                        [a.intro.text.as_str(), a.symptom.text.as_str()]
                            .into_iter()
                            .chain(a.keywords.iter().map(String::as_str)),
                    ),
                    String::new(),
                    // A plain page's sections are documents of their own.
                    if a.kind.is_tree() {
                        join(a.extra.iter().map(|s| s.body.text.as_str()))
                    } else {
                        String::new()
                    },
                ),
                Node::Fix { cause, step: 1 } => {
                    let c = a.cause(cause)?;
                    (
                        String::new(),
                        c.label.text.clone(),
                        join([c.fix.title.as_str(), procedure_text(&c.fix).as_str()]),
                    )
                }
                Node::LastResort { step: 1 } => proc_doc(a.last_resort.as_ref()?),
                Node::Verify => proc_doc(a.verify.as_ref()?),
                Node::Escalate => proc_doc(a.escalate.as_ref()?),
                _ => return None,
            };
            let (keywords, codes) = match &node {
                Node::Fix { cause, .. } => (
                    keywords_of(a, cause),
                    a.table_codes.get(cause).cloned().unwrap_or_default(),
                ),
                _ => (String::new(), Vec::new()),
            };
            Some(NodeDoc {
                node,
                anchor: None,
                label: n.label,
                symptom,
                branch,
                keywords,
                codes,
                body,
                whole: false,
            })
        })
        .collect();
    if !a.kind.is_tree() {
        docs.extend(section_docs(a));
    }
    let everything = join(docs.iter().flat_map(|d| {
        [
            d.symptom.as_str(),
            d.branch.as_str(),
            d.keywords.as_str(),
            d.body.as_str(),
        ]
    }));
    docs.push(NodeDoc {
        node: Node::Start,
        anchor: None,
        label: app::tree::labels::START.into(),
        symptom: String::new(),
        branch: String::new(),
        keywords: String::new(),
        codes: Vec::new(),
        body: everything,
        whole: true,
    });
    docs
}

/// The writer's keywords for the cause or section `id`, as one text (phrases apart).
fn keywords_of(a: &Article, id: &str) -> String {
    a.branch_keywords.get(id).map(|k| k.join(", ")).unwrap_or_default()
}

/// A plain page's sections (an FAQ's questions), one document each, opening at its anchor. The
/// heading is searched like a tree's branch, the text like its steps.
fn section_docs(a: &Article) -> Vec<NodeDoc> {
    a.extra
        .iter()
        .filter(|s| !s.title.trim().is_empty())
        .map(|s| NodeDoc {
            node: Node::Start,
            anchor: Some(s.id.clone()),
            label: s.title.clone(),
            symptom: String::new(),
            branch: s.title.clone(),
            keywords: keywords_of(a, &s.id),
            codes: Vec::new(),
            body: s.body.text.clone(),
            whole: false,
        })
        .collect()
}

impl NodeDoc {
    /// The tantivy document for this node of `article`, under `id`.
    pub(super) fn to_document(&self, fields: &Fields, article: &Article, id: u64) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_u64(fields.node_id, id);
        d.add_text(fields.slug, &article.slug);
        // The title and tags go on the start node and the whole-article document only:
        // grouping by article carries them to every branch, and the posting lists stay short.
        if self.node == Node::Start && self.anchor.is_none() {
            d.add_text(fields.title, &article.title);
            d.add_text(fields.title_raw, &article.title);
            // Other names of the guide weigh like its title.
            for alias in &article.aliases {
                d.add_text(fields.title, alias);
                d.add_text(fields.title_raw, alias);
            }
            for t in &article.tags {
                d.add_text(fields.tags, t);
            }
        }
        if !self.symptom.is_empty() {
            d.add_text(fields.symptom, &self.symptom);
        }
        d.add_text(fields.branch, &self.branch);
        if !self.keywords.is_empty() {
            d.add_text(fields.branch, &self.keywords);
            d.add_text(fields.text_raw, &self.keywords);
        }
        d.add_text(fields.body, &self.body);
        d.add_text(fields.text_raw, &self.symptom);
        d.add_text(fields.text_raw, &self.branch);
        d.add_text(fields.text_raw, &self.body);
        let mut seen = HashSet::new();
        let text = format!("{} {} {}", self.symptom, self.branch, self.body);
        for token in technical_tokens(&text).chain(self.codes.iter().flat_map(|c| technical_tokens(c))) {
            if seen.insert(token.clone()) {
                d.add_text(fields.code, &token);
            }
        }
        d
    }

    /// What the node is called besides its label: a cause's label, a section's heading, and
    /// the writer's keywords for it.
    pub(super) fn name(&self) -> String {
        format!("{} {}", self.branch, self.keywords)
    }

    /// The text a hit on this node shows its snippet from (and where it lands is decided by):
    /// the symptom, else the branch and its steps.
    pub(super) fn snippet_text(&self) -> String {
        if !self.symptom.is_empty() {
            return self.symptom.clone();
        }
        match (self.branch.is_empty(), self.body.is_empty()) {
            (false, false) => format!("{} — {}", self.branch, self.body),
            (true, _) => self.body.clone(),
            (false, true) => self.branch.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_page_s_whole_document_has_its_sections() {
        let text = "# Firmware FAQ\n\nShort answers.\n\n## Can I use the device while it updates?\n\nNo. Recording stops until it restarts.\n\n## How long does it take?\n\nAbout five minutes.\n";
        let parsed = crate::content::parse(std::path::Path::new("faq.md"), "faq", text).unwrap();
        assert!(!parsed.article.kind.is_tree());
        let docs = node_docs(&parsed.article);
        let whole = docs.iter().find(|d| d.whole).expect("a whole-article document");
        // The whole article ranks pages that say the words anywhere: every section is in it.
        for said in [
            "Short answers",
            "Recording stops",
            "About five minutes",
            "How long does it take",
        ] {
            assert!(whole.body.contains(said), "{said:?} missing from {:?}", whole.body);
        }
        assert_eq!(docs.iter().filter(|d| d.anchor.is_some()).count(), 2);
    }
}
