//! The article model shared by the server (which builds it from Markdown) and the browser (which renders it).

pub use fixpath_hasher::Algorithm;
use serde::{Deserialize, Serialize};

/// A fragment of HTML that the server produced from Markdown and passed through a sanitiser.
///
/// Only the content loader creates these; the view inserts them as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Wraps HTML that has already been sanitised. Callers promise it is safe.
    pub fn from_sanitised(html: String) -> Self {
        Self(html)
    }

    /// The HTML text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

/// A piece of content kept both as sanitised HTML (to show) and plain text (to copy, index and summarise).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rich {
    /// Sanitised HTML.
    pub html: SafeHtml,
    /// The same content as plain text, whitespace collapsed.
    pub text: String,
    /// A firmware hash checker the writer placed here with a ```` ```verify ```` block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checker: Option<FirmwareCheck>,
}

impl Rich {
    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.html.is_empty() && self.text.trim().is_empty() && self.checker.is_none()
    }
}

/// A published hash: the algorithm and its lower-case hex digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// Which algorithm.
    pub algorithm: Algorithm,
    /// Lower-case hex, exactly the algorithm's length.
    pub hex: String,
}

/// A firmware image an article knows (front matter `firmware:`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareImage {
    /// The file name the vendor publishes it under.
    pub file: String,
    /// Firmware version.
    pub version: Option<String>,
    /// Hardware (model and revision) it is for.
    pub hardware: Option<String>,
    /// Published hashes, at least one.
    pub digests: Vec<Digest>,
    /// What the image is for or what changed in it (`purpose:`), for the firmware versions log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The article that lists it, where images from several articles are shown together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleRef>,
}

/// A link to an article: its slug and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
}

/// A firmware checker placed in an article: the images it checks for and the article's others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareCheck {
    /// The images the writer named (all of the article's when the block was empty).
    pub expected: Vec<FirmwareImage>,
    /// The article's other images, so a file for the wrong hardware is recognised as such.
    pub others: Vec<FirmwareImage>,
}

/// What kind of page an article is. A page with tree sections (`## Symptom`, `## Likely causes`,
/// `## Fix`…) is a [`ArticleKind::Tree`]; a page with none is a plain page: a
/// [`ArticleKind::Faq`] when every section is a question, else a [`ArticleKind::Guide`].
/// Front matter `type:` overrides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// A guided decision tree: symptom, causes, one fix per cause, verify, escalate.
    #[default]
    Tree,
    /// A long-form page read top to bottom (a how-to, a recovery playbook).
    Guide,
    /// Questions, each its own anchored entry.
    Faq,
    /// Tables and facts to look things up in (LED patterns, error codes).
    Reference,
}

impl ArticleKind {
    /// The word front matter `type:` and `fixpath check --format json` use.
    pub fn name(self) -> &'static str {
        match self {
            ArticleKind::Tree => "tree",
            ArticleKind::Guide => "guide",
            ArticleKind::Faq => "faq",
            ArticleKind::Reference => "reference",
        }
    }

    /// True for a decision tree.
    pub fn is_tree(self) -> bool {
        self == ArticleKind::Tree
    }
}

/// An article: a troubleshooting tree (symptom, causes with their fixes, last resort,
/// verification, escalation) or a plain page whose sections are in [`Article::extra`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// URL name, from the file name.
    pub slug: String,
    /// What kind of page it is.
    #[serde(default)]
    pub kind: ArticleKind,
    /// Title shown to people.
    pub title: String,
    /// One-line description for lists (front matter `summary`, else the symptom's first paragraph).
    pub summary: String,
    /// Tags for grouping and filtering.
    pub tags: Vec<String>,
    /// Extra words people search with (front matter `keywords`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Other names of the guide (front matter `aliases` that are not addresses): searched like
    /// its title, and typing one exactly opens it first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its old addresses on this site (front matter `aliases` that are paths, as Hugo writes
    /// them: `/kb/flash-failed/`), normalised (see the server's `content::moved`): each, and the
    /// steps under it, redirects here. Server-side only.
    #[serde(skip)]
    pub moved_from: Vec<String>,
    /// Words people use for one cause or section, by its id (front matter `branch_keywords`):
    /// searched like its name, so a query with them opens it. Server-side only.
    #[serde(skip)]
    pub branch_keywords: std::collections::BTreeMap<String, Vec<String>>,
    /// Codes the tree's tables tie to one cause (a row pairing `SEC_ERROR_UNKNOWN_ISSUER` with
    /// words only that cause uses), by its id: a search for the code opens that fix.
    /// Server-side only.
    #[serde(skip)]
    pub table_codes: std::collections::BTreeMap<String, Vec<String>>,
    /// Served at its address but left out of lists, search and the sitemap.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlisted: bool,
    /// The folders it is in, outermost first (empty at the top of the content folder): each
    /// folder is a section of the site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section: Vec<SectionLink>,
    /// Products this article applies to.
    pub products: Vec<String>,
    /// When the article was last changed (ISO date), if known.
    pub updated: Option<String>,
    /// Firmware images the article knows, for its hash checkers.
    #[serde(default)]
    pub firmware: Vec<FirmwareImage>,
    /// Text between the title and the first section.
    pub intro: Rich,
    /// What the user sees.
    pub symptom: Rich,
    /// Likely causes in the writer's order, each with its fix.
    pub causes: Vec<Cause>,
    /// What to try when no cause's fix worked.
    pub last_resort: Option<Procedure>,
    /// How to confirm the problem is gone.
    pub verify: Option<Procedure>,
    /// What to collect and whom to contact when nothing worked.
    pub escalate: Option<Procedure>,
    /// Links to related articles.
    pub see_also: Option<Section>,
    /// Any other sections, kept in order so nothing the writer wrote is dropped; a plain page's
    /// sections (its `##` and `###` headings).
    pub extra: Vec<Section>,
    /// What the writer should know about this article's file; only set while the server watches
    /// the content folder (`fixpath --watch`), shown as a banner on the article's pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writer: Option<WriterNotice>,
}

/// Problems in an article's file, for the writer editing it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriterNotice {
    /// The file now has errors, so this is the last version that loaded.
    pub stale: bool,
    /// The file, as the server reads it.
    pub path: String,
    /// Each problem in the file, errors and warnings.
    pub problems: Vec<crate::diagnostic::Diagnostic>,
}

/// One likely cause and the fix that goes with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// Stable id used in URLs (explicit `{#id}` or derived from the fix heading).
    pub id: String,
    /// The cause as the writer listed it.
    pub label: Rich,
    /// The fix for this cause.
    pub fix: Procedure,
}

/// A titled sequence of steps with optional text before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// The heading as written ("If power was lost").
    pub title: String,
    /// Shown before the first step.
    pub intro: Rich,
    /// The steps, one list item each.
    pub steps: Vec<Rich>,
    /// Shown after the last step.
    pub outro: Rich,
}

impl Procedure {
    /// Number of steps as a `u32` (at least one step is guaranteed by the loader for fixes).
    pub fn step_count(&self) -> u32 {
        u32::try_from(self.steps.len()).unwrap_or(u32::MAX)
    }
}

/// A free-form section kept as the writer wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Heading text.
    pub title: String,
    /// Heading level: 2 for `##`, 3 for `###` (plain pages split at both).
    #[serde(default = "section_level")]
    pub level: u8,
    /// Anchor id for the heading.
    pub id: String,
    /// The body.
    pub body: Rich,
}

fn section_level() -> u8 {
    2
}

impl Section {
    /// True when the heading asks a question (an FAQ entry).
    pub fn is_question(&self) -> bool {
        self.title.trim_end().ends_with('?')
    }
}

/// A section (a folder of the content folder) as links name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SectionLink {
    /// Its address under `/sections/`: each folder's name made URL-safe, joined with `/`.
    pub path: String,
    /// Its title: the `title` of its `index.md` (or `_index.md`), else the folder's name.
    pub title: String,
}

/// What lists need to know about an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// URL name.
    pub slug: String,
    /// What kind of page it is.
    #[serde(default)]
    pub kind: ArticleKind,
    /// Title.
    pub title: String,
    /// One-line description.
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Last change, if known.
    pub updated: Option<String>,
    /// The address of the section (folder) it is directly in; `None` at the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl From<&Article> for ArticleSummary {
    fn from(a: &Article) -> Self {
        Self {
            slug: a.slug.clone(),
            kind: a.kind,
            title: a.title.clone(),
            summary: a.summary.clone(),
            tags: a.tags.clone(),
            updated: a.updated.clone(),
            section: a.section.last().map(|s| s.path.clone()),
        }
    }
}

impl Article {
    /// An article of `kind` with nothing in it yet; the loader fills it in.
    pub fn empty(kind: ArticleKind) -> Article {
        Article {
            slug: String::new(),
            kind,
            title: String::new(),
            summary: String::new(),
            tags: vec![],
            keywords: vec![],
            aliases: vec![],
            moved_from: vec![],
            branch_keywords: Default::default(),
            table_codes: Default::default(),
            unlisted: false,
            section: vec![],
            products: vec![],
            updated: None,
            firmware: vec![],
            intro: Rich::default(),
            symptom: Rich::default(),
            causes: vec![],
            last_resort: None,
            verify: None,
            escalate: None,
            see_also: None,
            extra: vec![],
            writer: None,
        }
    }

    /// The cause with this id.
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// Position of the cause with this id.
    pub fn cause_index(&self, id: &str) -> Option<usize> {
        self.causes.iter().position(|c| c.id == id)
    }
}
