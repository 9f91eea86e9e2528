//! Problems found in articles, with the file and line a writer needs to fix them.

use std::fmt;
use std::path::PathBuf;

/// How bad a problem is: errors keep an article offline, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The article is published; something looks wrong.
    Warning,
    /// The article cannot be published.
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and, where possible, what to do about it.
    pub message: String,
}

impl Diagnostic {
    /// An error at `line`.
    pub fn error(path: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at `line`.
    pub fn warning(path: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: error: message`, the shape editors and CI logs understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {kind}: {}", self.path.display(), self.line, self.message)
    }
}
