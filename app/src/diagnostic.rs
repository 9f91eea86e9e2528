//! Problems found in articles, with the file, line and column a writer needs to fix them: what
//! `fixpath check` prints, the server logs, and the writer's banner shows (so it lives in the
//! shared model).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// How bad a problem is. Errors fail `fixpath check`; errors found while parsing an article also
/// keep it offline. Warnings never do either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something looks wrong; the article is published.
    Warning,
    /// Must be fixed before shipping.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    fn new(path: impl Into<PathBuf>, line: u32, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            col: 1,
            severity,
            message: message.into(),
            hint: None,
        }
    }

    /// An error at `line`.
    pub fn error(path: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Error, message)
    }

    /// A warning at `line`.
    pub fn warning(path: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Warning, message)
    }

    /// The same diagnostic at column `col` (1-based).
    pub fn at_col(mut self, col: u32) -> Self {
        self.col = col.max(1);
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message and hint as one sentence, for logs and banners.
    pub fn text(&self) -> String {
        let text = match &self.hint {
            Some(h) => format!("{}: {h}", self.message),
            None => self.message.clone(),
        };
        match printable(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped,
        }
    }
}

impl Diagnostic {
    /// `line:col: error: message: hint`, without the file (the banner names it once).
    pub fn located(&self) -> String {
        format!(
            "{}:{}: {}: {}",
            self.line,
            self.col,
            self.severity.as_str(),
            self.text()
        )
    }
}

/// `s` with every control character written as an escape (`\u{1b}`), so a file name or a
/// message quoting the file can never drive the terminal or the log reader that shows it.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message: hint`, the one-line shape editors and CI logs understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            printable(&self.path.display().to_string()),
            self.line,
            self.col,
            self.severity.as_str(),
            self.text()
        )
    }
}
