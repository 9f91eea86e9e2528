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

/// A troubleshooting article: symptom, causes with their fixes, last resort, verification, escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// URL name, from the file name.
    pub slug: String,
    /// Title shown to people.
    pub title: String,
    /// One-line description for lists (front matter `summary`, else the symptom's first paragraph).
    pub summary: String,
    /// Tags for grouping and filtering.
    pub tags: Vec<String>,
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
    /// Any other sections, kept in order so nothing the writer wrote is dropped.
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
    /// Anchor id for the heading.
    pub id: String,
    /// The body.
    pub body: Rich,
}

/// What lists need to know about an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Last change, if known.
    pub updated: Option<String>,
}

impl From<&Article> for ArticleSummary {
    fn from(a: &Article) -> Self {
        Self {
            slug: a.slug.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            tags: a.tags.clone(),
            updated: a.updated.clone(),
        }
    }
}

impl Article {
    /// The cause with this id.
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// Position of the cause with this id.
    pub fn cause_index(&self, id: &str) -> Option<usize> {
        self.causes.iter().position(|c| c.id == id)
    }
}
