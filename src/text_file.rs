//! Reading a text input (scenario, baseline, report data) with a message a person can act on.
//!
//! `std::fs::read_to_string` says only "stream did not contain valid UTF-8" for a file saved
//! in another encoding (a spreadsheet's export, UTF-16 from Windows tools); this says where
//! the first bad byte is and what to do. Errors carry their cause in their own text (no
//! separate `source`), so a chain of contexts never repeats the operating system's message.

use std::path::Path;
use thiserror::Error;

/// The largest input file read (scenario, staffing or forecast CSV, baseline): far beyond any
/// real one, and small enough to hold in memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Why a text file could not be read.
#[derive(Debug, Error)]
pub enum TextFileError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{path} is not UTF-8 text (first invalid byte at line {line}, column {column}{hint}); \
         save it as UTF-8"
    )]
    NotUtf8 {
        /// The file.
        path: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
        /// A guess at the encoding, when the file starts with a UTF-16 byte-order mark.
        hint: &'static str,
    },
}

/// Reads the whole file at `path` as UTF-8 text (a leading UTF-8 byte-order mark is kept; the
/// parsers skip it where it matters).
pub fn read_text(path: &Path) -> Result<String, TextFileError> {
    let shown = path.display().to_string();
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = &bytes[..e.utf8_error().valid_up_to()];
        // `good` is valid UTF-8 by construction.
        let before = std::str::from_utf8(good).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            "; it looks like UTF-16"
        } else {
            ""
        };
        TextFileError::NotUtf8 { path: shown, line, column, hint }
    })
}

/// Reads the whole file at `path` as bytes, with the same message as [`read_text`] when it
/// cannot be read.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, TextFileError> {
    let io = |reason: String| TextFileError::Io { path: path.display().to_string(), reason };
    // A device or pipe (/dev/zero, a FIFO) could be endless: only regular files are read.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            return Err(io("not a regular file".into()));
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(io(format!(
                "{} MB is more than the {} MB an input may have",
                meta.len() / 1_000_000,
                MAX_INPUT_BYTES / 1_000_000
            )));
        }
    }
    std::fs::read(path).map_err(|e| TextFileError::Io {
        path: path.display().to_string(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
            _ => e.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_utf8_says_where_and_what_to_do() {
        let dir = std::env::temp_dir().join(format!("wfmsim-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("latin1.toml");
        std::fs::write(&p, b"name = \"x\"\nqueue = \"caf\xe9\"\n").unwrap();
        let text = read_text(&p).unwrap_err().to_string();
        assert!(text.contains("line 2, column 13") && text.contains("save it as UTF-8"), "{text}");
        let p16 = dir.join("utf16.toml");
        std::fs::write(&p16, b"\xff\xfen\x00a\x00").unwrap();
        assert!(read_text(&p16).unwrap_err().to_string().contains("UTF-16"));
        let missing = read_text(&dir.join("missing.toml")).unwrap_err().to_string();
        assert!(missing.ends_with("missing.toml: no such file"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
