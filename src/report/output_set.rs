//! Atomic output sets: a command's whole output folder is written into a temporary sibling
//! directory and swapped into place in one step, so that a reader (or a run killed at any
//! instant) sees either the complete old set of files or the complete new one — never a new
//! `summary.json` beside an old `intervals.csv`.
//!
//! ```no_run
//! use wfmsim::report::output_set::OutputSet;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let set = OutputSet::begin("output/bilingual-bank")?;
//! set.write("summary.json", b"{}")?;
//! std::fs::write(set.path().join("intervals.csv"), b"...")?; // any writer that takes a path
//! set.commit()?; // output/bilingual-bank now holds exactly the files written above
//! # Ok(()) }
//! ```
//!
//! **The folder is owned by the run.** A commit replaces the whole folder: files in it that
//! the new set does not write (left by an older run, or put there by a user) are gone
//! afterwards, except the entries the set was told to keep with [`OutputSet::begin_keeping`]
//! (the outputs of *other* commands that live inside the folder, such as the `staffing/`
//! folder of `wfmsim staff` inside the folder of `wfmsim simulate`).
//!
//! How the swap is done:
//! - **Linux:** `renameat2(RENAME_EXCHANGE)` exchanges the temporary directory with the
//!   existing folder atomically; the swapped-out old set is then deleted. A folder that does
//!   not exist yet is created by a plain `rename`.
//! - **Elsewhere** (or on a Linux file system without `RENAME_EXCHANGE`): the old folder is
//!   renamed aside (`.NAME.old-PID-N`), the new one renamed into place, the old one deleted.
//!   Between the two renames the folder is briefly absent; a run killed in that window leaves
//!   the complete old set aside, and the next [`OutputSet::begin`] puts it back.
//!
//! Kept files are hard-linked into the new set before the swap (the old folder is untouched
//! until then); kept directories are moved into the new set just before the swap, so for a
//! moment they are absent from the old folder. A run killed in that moment leaves them in its
//! temporary sibling, and the next `begin` on the folder moves them back.
//!
//! Dropping a set that was not committed deletes its temporary directory: a failed run leaves
//! nothing behind. A killed run cannot clean up; `begin` removes the temporary and old siblings
//! of the same folder (`.NAME.tmp-*`, `.NAME.old-*`) whatever process left them, so two runs
//! must not write the same folder at the same time.

use super::atomic::unique_sibling;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why an output set could not be prepared or put in place.
#[derive(Debug, thiserror::Error)]
pub enum OutputSetError {
    /// The final folder has no file name or no parent (e.g. `/` or `..`).
    #[error("cannot write an output folder at {0}: give a folder path such as output/run")]
    BadPath(PathBuf),
    /// An I/O step failed.
    #[error("cannot write the output folder {dir}: {step} {path}: {source}")]
    Io {
        /// The final output folder.
        dir: PathBuf,
        /// What was being done ("creating the temporary folder", "writing", ...).
        step: &'static str,
        /// The file or folder the step was working on.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

/// Which entries of an existing output folder a new set keeps: called with each entry's file
/// name and whether it is a directory.
pub type Keep = fn(name: &str, is_dir: bool) -> bool;

/// An output folder being written: files go into [`OutputSet::path`], a temporary sibling of
/// the final folder, and [`OutputSet::commit`] puts the whole set in place atomically.
#[derive(Debug)]
pub struct OutputSet {
    final_dir: PathBuf,
    tmp: PathBuf,
    keep: Option<Keep>,
    committed: bool,
    /// Try the atomic exchange (false only in tests of the fallback).
    exchange: bool,
}

/// `.NAME.tmp-` and `.NAME.old-`: the prefixes of a folder's siblings made by output sets
/// (`atomic::unique_sibling` with tags `tmp` and `old`).
fn prefixes(name: &str) -> [String; 2] {
    [format!(".{name}.tmp-"), format!(".{name}.old-")]
}

impl OutputSet {
    /// Starts a set that will replace the whole folder `final_dir` (created with its parents
    /// on commit if needed). Removes stale siblings left by killed runs, then creates a fresh
    /// temporary sibling `.NAME.tmp-PID-N` in the same parent directory, so that the final
    /// rename never crosses a file system.
    pub fn begin(final_dir: impl AsRef<Path>) -> Result<OutputSet, OutputSetError> {
        Self::start(final_dir.as_ref(), None)
    }

    /// Like [`OutputSet::begin`], but entries of the existing folder for which `keep` is true
    /// and that the new set does not write are carried over into the new set (see the module
    /// documentation). Used where other commands' outputs live inside this folder.
    pub fn begin_keeping(
        final_dir: impl AsRef<Path>,
        keep: Keep,
    ) -> Result<OutputSet, OutputSetError> {
        Self::start(final_dir.as_ref(), Some(keep))
    }

    fn start(final_dir: &Path, keep: Option<Keep>) -> Result<OutputSet, OutputSetError> {
        let bad = || OutputSetError::BadPath(final_dir.to_path_buf());
        let name = final_dir.file_name().ok_or_else(bad)?.to_string_lossy().into_owned();
        if name == ".." {
            return Err(bad());
        }
        let parent = match final_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let io = |step, path: &Path| {
            let dir = final_dir.to_path_buf();
            let path = path.to_path_buf();
            move |source| OutputSetError::Io { dir, step, path, source }
        };
        fs::create_dir_all(&parent).map_err(io("creating the parent folder", &parent))?;
        recover_stale(final_dir, &parent, &name, keep)
            .map_err(io("cleaning what a killed run left beside", final_dir))?;
        let tmp = unique_sibling(final_dir, "tmp", "");
        fs::create_dir(&tmp).map_err(io("creating the temporary folder", &tmp))?;
        Ok(OutputSet {
            final_dir: final_dir.to_path_buf(),
            tmp,
            keep,
            committed: false,
            exchange: true,
        })
    }

    /// The temporary directory to write the set's files into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The folder the set will replace on commit.
    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Where `path` (a path inside [`OutputSet::path`]) will be once the set is committed;
    /// other paths are returned unchanged. For printing the paths of written files.
    pub fn final_path(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.tmp) {
            Ok(rest) => self.final_dir.join(rest),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Writes `bytes` as the file `name` of the set and returns its final path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputSetError> {
        let path = self.tmp.join(name);
        fs::write(&path, bytes).map_err(|source| OutputSetError::Io {
            dir: self.final_dir.clone(),
            step: "writing",
            path: path.clone(),
            source,
        })?;
        Ok(self.final_path(&path))
    }

    /// Puts the complete set in place of the final folder in one atomic step (see the module
    /// documentation), then deletes the old set. On error the final folder is left as it was
    /// (kept directories already moved are moved back) and the temporary directory is deleted.
    pub fn commit(mut self) -> Result<(), OutputSetError> {
        let result = self.swap();
        if result.is_ok() {
            self.committed = true;
        }
        result
    }

    fn io_err(&self, step: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputSetError {
        let (dir, path) = (self.final_dir.clone(), path.to_path_buf());
        move |source| OutputSetError::Io { dir, step, path, source }
    }

    fn swap(&self) -> Result<(), OutputSetError> {
        for file in sync_targets(&self.tmp) {
            // Durability of the new set before it becomes visible (best effort: a file
            // system that cannot sync still gets a consistent folder).
            let _ = fs::File::open(&file).and_then(|f| f.sync_all());
        }
        let exists = self.final_dir.is_dir();
        let moved = if exists { self.carry_over()? } else { Vec::new() };
        let swapped = if exists && !self.exchange {
            Ok(false)
        } else if exists {
            exchange(&self.tmp, &self.final_dir)
        } else {
            fs::rename(&self.tmp, &self.final_dir).map(|()| true)
        };
        match swapped {
            Ok(true) => {
                // `self.tmp` now holds the old set.
                let _ = fs::remove_dir_all(&self.tmp);
            }
            Ok(false) => {
                // No atomic exchange here: old aside, new in place, old deleted.
                let old = unique_sibling(&self.final_dir, "old", "");
                if let Err(e) = fs::rename(&self.final_dir, &old) {
                    self.move_back(&moved);
                    return Err(self.io_err("moving the old set aside", &old)(e));
                }
                if let Err(e) = fs::rename(&self.tmp, &self.final_dir) {
                    let _ = fs::rename(&old, &self.final_dir);
                    self.move_back(&moved);
                    return Err(self.io_err("renaming the new set into place", &self.tmp)(e));
                }
                let _ = fs::remove_dir_all(&old);
            }
            Err(e) => {
                self.move_back(&moved);
                return Err(self.io_err("renaming the new set into place", &self.tmp)(e));
            }
        }
        let (parent, _) = self.parent_and_name();
        let _ = fs::File::open(parent).and_then(|d| d.sync_all());
        Ok(())
    }

    fn parent_and_name(&self) -> (PathBuf, String) {
        let parent = match self.final_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self.final_dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        (parent, name)
    }

    /// Carries the kept entries of the existing folder that the new set did not write into
    /// the new set: files by hard link (copy if links are refused), directories by rename.
    /// Returns the names of the directories moved.
    fn carry_over(&self) -> Result<Vec<String>, OutputSetError> {
        let Some(keep) = self.keep else { return Ok(Vec::new()) };
        let read = fs::read_dir(&self.final_dir)
            .map_err(self.io_err("reading the old set", &self.final_dir))?;
        let mut dirs = Vec::new();
        for entry in read {
            let entry = entry.map_err(self.io_err("reading the old set", &self.final_dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let target = self.tmp.join(&name);
            if !keep(&name, is_dir) || target.exists() {
                continue;
            }
            if is_dir {
                dirs.push(name);
            } else {
                fs::hard_link(entry.path(), &target)
                    .or_else(|_| fs::copy(entry.path(), &target).map(|_| ()))
                    .map_err(self.io_err("keeping", &entry.path()))?;
            }
        }
        for (i, name) in dirs.iter().enumerate() {
            if let Err(e) = fs::rename(self.final_dir.join(name), self.tmp.join(name)) {
                self.move_back(&dirs[..i]);
                return Err(self.io_err("keeping", &self.final_dir.join(name))(e));
            }
        }
        Ok(dirs)
    }

    /// Moves kept directories back from the temporary set into the final folder (after a
    /// failed swap, so that dropping the set does not delete them).
    fn move_back(&self, dirs: &[String]) {
        for name in dirs {
            let _ = fs::rename(self.tmp.join(name), self.final_dir.join(name));
        }
    }
}

impl Drop for OutputSet {
    /// An uncommitted set deletes its temporary directory.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The regular files directly inside `dir`.
fn sync_targets(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// Deals with the siblings of `final_dir` that killed runs left: an old set moved aside by the
/// fallback swap is put back when the folder is missing; kept directories stranded in a
/// sibling are moved back into the folder when it lacks them; then every sibling is deleted.
fn recover_stale(
    final_dir: &Path,
    parent: &Path,
    name: &str,
    keep: Option<Keep>,
) -> io::Result<()> {
    let [tmp_prefix, old_prefix] = prefixes(name);
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let n = entry.file_name().to_string_lossy().into_owned();
        let is_old = n.starts_with(&old_prefix);
        if is_old || n.starts_with(&tmp_prefix) {
            stale.push((entry.path(), is_old));
        }
    }
    stale.sort();
    if !final_dir.exists() {
        if let Some((old, _)) = stale.iter().find(|(_, is_old)| *is_old) {
            fs::rename(old, final_dir)?;
        }
    }
    for (path, _) in &stale {
        if !path.exists() {
            continue;
        }
        if let (Some(keep), true) = (keep, final_dir.is_dir()) {
            for entry in fs::read_dir(path)?.filter_map(Result::ok) {
                let n = entry.file_name().to_string_lossy().into_owned();
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if is_dir && keep(&n, true) && !final_dir.join(&n).exists() {
                    fs::rename(entry.path(), final_dir.join(&n))?;
                }
            }
        }
        if path.is_dir() {
            fs::remove_dir_all(path)?;
        } else {
            fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// Exchanges the directories `a` and `b` atomically. `Ok(false)` when the system or the file
/// system has no atomic exchange (the caller falls back).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))
    };
    let (ca, cb) = (cstr(a)?, cstr(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; the
    // syscall reads them and touches no other memory of this process.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

/// No atomic exchange off Linux: the caller renames the old set aside first.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("wfmsim-output-set-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    /// The sorted entries of `dir` with their bytes (directories as `name/`).
    fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let n = e.file_name().to_string_lossy().into_owned();
                if e.file_type().unwrap().is_dir() {
                    (format!("{n}/"), Vec::new())
                } else {
                    (n, fs::read(e.path()).unwrap())
                }
            })
            .collect();
        out.sort();
        out
    }

    fn names(dir: &Path) -> Vec<String> {
        listing(dir).into_iter().map(|(n, _)| n).collect()
    }

    fn set_of(dir: &Path, files: &[(&str, &str)]) {
        let set = OutputSet::begin(dir).unwrap();
        for (n, b) in files {
            set.write(n, b.as_bytes()).unwrap();
        }
        set.commit().unwrap();
    }

    #[test]
    fn commit_into_a_missing_folder_creates_it_with_its_parents() {
        let root = scratch("missing");
        let dir = root.join("a/b/run");
        let set = OutputSet::begin(&dir).unwrap();
        assert!(!dir.exists(), "nothing is visible before the commit");
        assert_eq!(set.write("x.csv", b"1").unwrap(), dir.join("x.csv"));
        set.commit().unwrap();
        assert_eq!(listing(&dir), vec![("x.csv".to_string(), b"1".to_vec())]);
        assert_eq!(names(&root.join("a/b")), vec!["run/"], "no temporary sibling left");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn commit_replaces_the_whole_old_set() {
        let root = scratch("replace");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old"), ("curves.csv", "old curves")]);
        set_of(&dir, &[("summary.json", "new"), ("intervals.csv", "new rows")]);
        assert_eq!(
            listing(&dir),
            vec![
                ("intervals.csv".to_string(), b"new rows".to_vec()),
                ("summary.json".to_string(), b"new".to_vec()),
            ],
            "curves.csv of the old set is gone"
        );
        assert_eq!(names(&root), vec!["run/"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_dropped_set_leaves_the_old_folder_as_it_was_and_no_temporary_folder() {
        let root = scratch("drop");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old"), ("intervals.csv", "rows")]);
        let before = listing(&dir);
        {
            let set = OutputSet::begin(&dir).unwrap();
            set.write("summary.json", b"half a run").unwrap();
            assert!(set.path().is_dir());
        }
        assert_eq!(listing(&dir), before);
        assert_eq!(names(&root), vec!["run/"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn begin_removes_stale_siblings_of_the_same_folder_only() {
        let root = scratch("stale");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old")]);
        // What killed runs of other processes leave: a half-written set, a swapped-out old
        // set, a stray file; and a sibling of another folder that must survive.
        fs::create_dir(root.join(".run.tmp-99999-3")).unwrap();
        fs::write(root.join(".run.tmp-99999-3/summary.json"), b"partial").unwrap();
        fs::create_dir(root.join(".run.old-12-0")).unwrap();
        fs::write(root.join(".run.tmp-1-1"), b"stray").unwrap();
        fs::create_dir(root.join(".runner.tmp-5-0")).unwrap();
        let set = OutputSet::begin(&dir).unwrap();
        let mut expected = vec![".runner.tmp-5-0/".to_string(), "run/".to_string()];
        expected.push(format!("{}/", set.path().file_name().unwrap().to_string_lossy()));
        expected.sort();
        assert_eq!(names(&root), expected);
        drop(set);
        assert_eq!(listing(&dir), vec![("summary.json".to_string(), b"old".to_vec())]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_old_set_moved_aside_by_a_killed_fallback_swap_is_put_back() {
        let root = scratch("aside");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old")]);
        fs::rename(&dir, root.join(".run.old-77-0")).unwrap();
        drop(OutputSet::begin(&dir).unwrap());
        assert_eq!(listing(&dir), vec![("summary.json".to_string(), b"old".to_vec())]);
        assert_eq!(names(&root), vec!["run/"]);
        fs::remove_dir_all(&root).unwrap();
    }

    fn keep_dirs_and_shards(name: &str, is_dir: bool) -> bool {
        is_dir || name.starts_with("tallies-")
    }

    #[test]
    fn kept_entries_survive_a_commit_and_a_killed_one() {
        let root = scratch("keep");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old"), ("tallies-1-of-2.json", "shard")]);
        set_of(&dir.join("staffing"), &[("staffing.csv", "plan")]);
        let set = OutputSet::begin_keeping(&dir, keep_dirs_and_shards).unwrap();
        set.write("summary.json", b"new").unwrap();
        set.commit().unwrap();
        assert_eq!(names(&dir), vec!["staffing/", "summary.json", "tallies-1-of-2.json"]);
        assert_eq!(fs::read(dir.join("staffing/staffing.csv")).unwrap(), b"plan");
        // Without keeping, the same commit owns the whole folder.
        set_of(&dir, &[("summary.json", "newer")]);
        assert_eq!(names(&dir), vec!["summary.json"]);
        // A run killed after moving a kept folder into its temporary sibling: the next begin
        // moves it back.
        set_of(&dir.join("staffing"), &[("staffing.csv", "plan")]);
        let stranded = root.join(".run.tmp-4242-0");
        fs::create_dir(&stranded).unwrap();
        fs::rename(dir.join("staffing"), stranded.join("staffing")).unwrap();
        drop(OutputSet::begin_keeping(&dir, keep_dirs_and_shards).unwrap());
        assert_eq!(fs::read(dir.join("staffing/staffing.csv")).unwrap(), b"plan");
        assert_eq!(names(&root), vec!["run/"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_rename_aside_fallback_replaces_the_set_and_keeps_what_it_must() {
        let root = scratch("fallback");
        let dir = root.join("run");
        set_of(&dir, &[("summary.json", "old"), ("curves.csv", "old")]);
        set_of(&dir.join("staffing"), &[("staffing.csv", "plan")]);
        let mut set = OutputSet::begin_keeping(&dir, keep_dirs_and_shards).unwrap();
        set.exchange = false;
        set.write("summary.json", b"new").unwrap();
        set.commit().unwrap();
        assert_eq!(names(&dir), vec!["staffing/", "summary.json"]);
        assert_eq!(fs::read(dir.join("summary.json")).unwrap(), b"new");
        assert_eq!(names(&root), vec!["run/"], "the old set aside is deleted");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_path_without_a_folder_name_is_refused() {
        assert!(matches!(OutputSet::begin("/"), Err(OutputSetError::BadPath(_))));
        assert!(matches!(OutputSet::begin("a/.."), Err(OutputSetError::BadPath(_))));
    }
}
