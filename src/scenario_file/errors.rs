//! Scenario errors: where (file, path) and what was expected.

use std::fmt;
use thiserror::Error;

/// One problem at one place in a scenario, e.g. `queue[1].handle_time.mean_s: must be > 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the value, like `queue[1].handle_time.mean_s`.
    pub path: String,
    /// What is wrong and what is expected.
    pub message: String,
    /// 1-based line and column of the value in the file, when known (type errors).
    pub line_column: Option<(usize, usize)>,
}

impl FieldError {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { path: path.into(), message: message.into(), line_column: None }
    }

    /// The same problem, located at `line` and `column` of the file.
    pub fn at(self, line: usize, column: usize) -> Self {
        FieldError { line_column: Some((line, column)), ..self }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, Error)]
pub enum ScenarioError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("scenario: {0}")]
    Io(crate::text_file::TextFileError),
    /// The TOML is malformed or a value has the wrong type (the message has line and column).
    #[error("{file}: {message}")]
    Syntax {
        /// File name.
        file: String,
        /// The parser's message, with line, column and the offending text.
        message: String,
    },
    /// The TOML is well-formed but describes an invalid scenario.
    #[error("{file}: {} error(s):\n{}", errors.len(), list(errors))]
    Invalid {
        /// File name.
        file: String,
        /// Every problem found.
        errors: Vec<FieldError>,
    },
}

fn list(errors: &[FieldError]) -> String {
    errors.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n")
}

/// Formats a serde_ignored path as `queue[0].handle_time.foo`.
pub(crate) fn format_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", format_path(parent)),
        Path::Map { parent, key } => {
            let p = format_path(parent);
            if p.is_empty() {
                key.clone()
            } else {
                format!("{p}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => format_path(parent),
    }
}
