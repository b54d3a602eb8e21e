//! Atomic file writes: every output is written to a temporary file in the same directory and
//! then renamed over the destination, so a reader never sees a half-written file and a failed
//! run never leaves one behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Error of an atomic write: which file, which step, and the underlying I/O error.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {step}: {source}")]
pub struct AtomicWriteError {
    /// The destination file.
    pub path: PathBuf,
    /// What was being done ("creating the directory", "writing the temporary file", ...).
    pub step: &'static str,
    /// The I/O error.
    #[source]
    pub source: std::io::Error,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh name beside `path`: `.NAME.TAG-PID-N` followed by `ext`, unique within the process
/// (a counter) and across processes (the PID). Temporary files and output sets share it.
pub(crate) fn unique_sibling(path: &Path, tag: &str, ext: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{tag}-{}-{n}{ext}", std::process::id()))
}

/// A temporary path next to `path` (same directory, so the final rename is atomic). The
/// temporary name keeps the destination's extension last, because some writers (the PNG
/// encoder) choose the format from the extension.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    unique_sibling(path, "tmp", &ext)
}

fn ensure_parent(path: &Path) -> Result<(), AtomicWriteError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => fs::create_dir_all(dir).map_err(|source| {
            AtomicWriteError { path: path.to_path_buf(), step: "creating the directory", source }
        }),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same directory, flushed, then
/// renamed). Creates the parent directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AtomicWriteError> {
    write_atomic_with(path, |tmp| {
        let mut file = fs::File::create(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Runs `write` on a temporary path next to `path`, then renames the result over `path`.
/// If `write` fails, the temporary file is removed and `path` is left untouched. Use this for
/// writers that insist on opening the file themselves (for example an image encoder).
pub fn write_atomic_with<F>(path: &Path, write: F) -> Result<(), AtomicWriteError>
where
    F: FnOnce(&Path) -> std::io::Result<()>,
{
    ensure_parent(path)?;
    let tmp = temp_path_for(path);
    if let Err(source) = write(&tmp) {
        let _ = fs::remove_file(&tmp);
        return Err(AtomicWriteError {
            path: path.to_path_buf(),
            step: "writing the temporary file",
            source,
        });
    }
    fs::rename(&tmp, path).map_err(|source| {
        let _ = fs::remove_file(&tmp);
        AtomicWriteError {
            path: path.to_path_buf(),
            step: "renaming the temporary file into place",
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = std::env::temp_dir().join(format!("wfmsim-atomic-{}", std::process::id()));
        let path = dir.join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let failed = write_atomic_with(&path, |_| Err(std::io::Error::other("boom")));
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let entries: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(entries.len(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
