//! Value stability: a small scenario's outputs at a fixed seed are checked in and compared
//! byte for byte, so that any change in the numbers — a new random stream, a changed KPI
//! formula, a reordered column — is seen in review rather than slipping through statistical
//! tests that would still pass.
//!
//! When a change of numbers is intended, regenerate and commit the files (see
//! `docs/testing.md`):
//!
//! ```text
//! WFMSIM_UPDATE_GOLDEN=1 cargo test --release --test engine golden
//! git diff tests/data/golden   # review: every difference must be explained by the change
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: &[&str] = &["summary.json", "intervals.csv", "groups.csv"];

fn golden_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden").join(name)
}

fn check(scenario: &str, args: &[&str]) {
    let out = tempfile_dir(scenario);
    let status = Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .args(["simulate", scenario, "--out"])
        .arg(&out)
        .args(args)
        .output()
        .expect("wfmsim runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let dir = golden_dir(scenario);
    let update = std::env::var_os("WFMSIM_UPDATE_GOLDEN").is_some();
    for f in FILES {
        let got = std::fs::read(out.join(f)).unwrap();
        let path = dir.join(f);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run WFMSIM_UPDATE_GOLDEN=1 cargo test --release --test engine golden",
                path.display()
            )
        });
        if got != want {
            let (g, w) = (String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
            let first = g.lines().zip(w.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{scenario}/{f} changed (first difference at line {}):\n  golden: {}\n  now:    {}\nIf the change is intended, see docs/testing.md (WFMSIM_UPDATE_GOLDEN=1).",
                first + 1,
                w.lines().nth(first).unwrap_or(""),
                g.lines().nth(first).unwrap_or("")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

fn tempfile_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wfmsim-golden-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn bilingual_bank_outputs_are_stable() {
    check("bilingual-bank", &["-r", "3", "--seed", "20261123", "--threads", "1"]);
}

#[test]
fn single_queue_outputs_are_stable() {
    check("single-queue", &["-r", "2", "--seed", "7", "--threads", "2"]);
}
