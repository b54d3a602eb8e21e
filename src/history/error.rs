//! Errors of the `history` module: each names the file, the line and the column where it can,
//! says what was expected and how to fix it.

use std::path::PathBuf;

/// One rejected data row: where it is and why it was rejected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BadRow {
    /// 1-based line number in the file (the header is line 1 when there is one).
    pub line: u64,
    /// The column (as named by the mapping) that could not be read, if one is to blame.
    pub column: Option<String>,
    /// What was wrong, including the offending value and what was expected.
    pub reason: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column `{}`: {}", self.line, c, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// Errors of ingestion, mapping files and forecast CSV files.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The mapping (flags, preset or mapping file) is incomplete or contradictory.
    #[error("invalid column mapping: {message} (fix: {hint})")]
    Mapping {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// A mapping TOML file could not be parsed.
    #[error("{path}: invalid mapping file: {message}")]
    MappingFile {
        /// The mapping file.
        path: PathBuf,
        /// The parser's message (with line and column).
        message: String,
    },
    /// `--preset NAME` names no built-in preset.
    #[error("unknown preset `{name}`; the built-in presets are: {known}")]
    UnknownPreset {
        /// The name given.
        name: String,
        /// The names that exist, comma-separated.
        known: String,
    },
    /// A mapped column is not in the file's header.
    #[error(
        "{path}: column `{column}` ({role}) is not in the header; the header has: {available}"
    )]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The missing column.
        column: String,
        /// What the column was mapped for (arrival time, queue, ...).
        role: String,
        /// The header's columns, comma-separated.
        available: String,
    },
    /// A data row could not be read and `--strict` was given.
    #[error("{path}: {row} (the run stops at the first bad row because of --strict; drop --strict to skip bad rows)")]
    StrictBadRow {
        /// The file.
        path: PathBuf,
        /// The bad row.
        row: BadRow,
    },
    /// The file could not be read (missing, not a regular file, too large, not UTF-8).
    #[error(transparent)]
    Read(#[from] crate::text_file::TextFileError),
    /// The file held a CSV structure error (for example an unterminated quote).
    #[error("{path}: line {line}: malformed CSV: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// The CSV parser's message.
        message: String,
    },
    /// The file has no usable data row.
    #[error("{path}: no usable data row ({detail})")]
    Empty {
        /// The file.
        path: PathBuf,
        /// What was seen (rows read, rows dropped, bad rows).
        detail: String,
    },
    /// A forecast CSV file (as written by `wfmsim forecast`) is malformed.
    #[error(
        "{path}: line {line}: {message} (expected a forecast CSV as written by `wfmsim forecast`)"
    )]
    ForecastCsv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
}
