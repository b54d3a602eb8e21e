//! `wfmsim baseline` and `wfmsim check` end to end: exit codes 0/1/2, identical runs, named
//! regressions, JUnit/Markdown/JSON outputs, added and removed queues, --update, bad input.

use std::path::{Path, PathBuf};

mod common;
use common::{text, wfmsim};

fn tmp(name: &str) -> PathBuf {
    common::tmp_dir("check", name)
}

fn bank() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bilingual-bank.toml"),
    )
    .unwrap()
}

fn baseline(dir: &Path, scenario: &str) -> PathBuf {
    let b = dir.join("base.json");
    let o =
        wfmsim(&["baseline", scenario, "-r", "30", "--seed", "4", "--out", b.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    b
}

#[test]
fn an_unchanged_scenario_is_identical_and_exits_0() {
    let d = tmp("same");
    let b = baseline(&d, "bilingual-bank");
    let (j, m) = (d.join("junit.xml"), d.join("summary.md"));
    let o = wfmsim(&[
        "check",
        "bilingual-bank",
        "--baseline",
        b.to_str().unwrap(),
        "--junit",
        j.to_str().unwrap(),
        "--markdown",
        m.to_str().unwrap(),
        "--per-interval",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).contains("identical: every KPI"), "{}", text(&o.stdout));
    let junit = std::fs::read_to_string(j).unwrap();
    assert!(
        junit.starts_with("<?xml")
            && junit.contains("failures=\"0\"")
            && !junit.contains("<failure")
    );
    assert!(
        junit.contains("classname=\"wfmsim.bilingual-bank.queue.french\" name=\"service_level\"")
    );
    assert!(std::fs::read_to_string(m).unwrap().contains("✅"));
}

#[test]
fn one_agent_fewer_fails_with_exit_1_and_names_the_queue_and_kpi() {
    let d = tmp("worse");
    let b = baseline(&d, "bilingual-bank");
    let cut = d.join("cut.toml");
    std::fs::write(&cut, bank().replacen("agents = 10", "agents = 9", 1)).unwrap();
    let j = d.join("junit.xml");
    let o = wfmsim(&[
        "check",
        cut.to_str().unwrap(),
        "-b",
        b.to_str().unwrap(),
        "--junit",
        j.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("regression: english service level worse by"), "{out}");
    assert!(out.contains("the scenario changed since the baseline"), "{out}");
    let junit = std::fs::read_to_string(j).unwrap();
    assert!(junit.contains("<failure message=\"english service level worse by"), "{junit}");
    // A looser tolerance accepts it; --json gives the same comparison as data.
    let o = wfmsim(&[
        "check",
        cut.to_str().unwrap(),
        "-b",
        b.to_str().unwrap(),
        "--tolerance",
        "service_level=0.1",
        "--tolerance",
        "abandon_rate=0.1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["method"], "paired");
    assert!(v["rows"].as_array().unwrap().iter().any(|r| r["verdict"] == "worse_within_tolerance"));
}

#[test]
fn added_and_removed_queues_are_reported_and_update_accepts_them() {
    let d = tmp("structure");
    let b = baseline(&d, "bilingual-bank");
    let renamed = d.join("renamed.toml");
    std::fs::write(&renamed, bank().replace("\"english\"", "\"anglais\"")).unwrap();
    let m = d.join("pr.md");
    let o = wfmsim(&[
        "check",
        renamed.to_str().unwrap(),
        "-b",
        b.to_str().unwrap(),
        "--markdown",
        m.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("queues added (not in the baseline): anglais"), "{out}");
    assert!(
        out.contains("queues removed (in the baseline, not in the scenario): english"),
        "{out}"
    );
    assert!(std::fs::read_to_string(m).unwrap().contains("❌"));
    let o = wfmsim(&["check", renamed.to_str().unwrap(), "-b", b.to_str().unwrap(), "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = wfmsim(&["check", renamed.to_str().unwrap(), "-b", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("identical"), "{}", text(&o.stdout));
}

#[test]
fn another_seed_is_compared_unpaired() {
    let d = tmp("welch");
    let b = baseline(&d, "single-queue");
    let o = wfmsim(&["check", "single-queue", "-b", b.to_str().unwrap(), "--seed", "99"]);
    let out = text(&o.stdout);
    assert!(out.contains("Welch"), "{out}");
    assert!(!out.contains("identical:"), "{out}");
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let d = tmp("bad");
    let missing = d.join("nope.json");
    let o = wfmsim(&["check", "bilingual-bank", "-b", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("create it with `wfmsim baseline"), "{}", text(&o.stderr));
    let o = wfmsim(&[
        "check",
        "bilingual-bank",
        "-b",
        missing.to_str().unwrap(),
        "--tolerance",
        "sl=0.1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown KPI \"sl\""), "{}", text(&o.stderr));
    let corrupt = d.join("corrupt.json");
    std::fs::write(&corrupt, "{\n \"kind\": \"wfmsim-baseline\",\n oops").unwrap();
    let o = wfmsim(&["check", "bilingual-bank", "-b", corrupt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("corrupt.json") && e.contains("line 3"), "{e}");
    let o = wfmsim(&["check", "bilingual-bank", "-b", corrupt.to_str().unwrap(), "--alpha", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--alpha"), "{}", text(&o.stderr));
}
