//! Shared by the real-data tests: where the reference data sets are.

use std::path::PathBuf;

/// The folder named by `WFMSIM_DATA_DIR`, or `None` after saying plainly that the test skips.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("WFMSIM_DATA_DIR") {
        Some(d) => Some(PathBuf::from(d)),
        None => {
            // Written to the process's stderr directly, so that the test harness's output
            // capture does not hide it.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipping: WFMSIM_DATA_DIR is unset");
            None
        }
    }
}
