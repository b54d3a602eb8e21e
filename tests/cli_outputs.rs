//! Output folders are replaced as a whole (issue 11, item 5): a run killed at any instant leaves
//! either the previous set of files or the complete new one, never a mix; runs of different
//! policies go to different folders by default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_wfmsim");

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wfmsim-outputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every entry of `dir` with its bytes (a directory as `name/` with no bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                (format!("{name}/"), Vec::new())
            } else {
                (name, std::fs::read(e.path()).unwrap())
            }
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

fn simulate_cmd(out: &Path, seed: u64) -> Command {
    let mut c = Command::new(BIN);
    c.args(["simulate", "bilingual-bank", "-r", "400", "--threads", "2", "--html"])
        .args(["--seed", &seed.to_string(), "--out", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn seed_of(set: &BTreeMap<String, Vec<u8>>) -> u64 {
    let v: serde_json::Value = serde_json::from_slice(&set["summary.json"]).unwrap();
    v["seed"].as_u64().unwrap_or_else(|| panic!("summary.json has no seed: {v}"))
}

/// How to kill a run: after a fixed delay, or as soon as its temporary sibling exists (it is
/// created only once the simulation is done, so this is during the writes) plus a delay.
#[derive(Debug, Clone, Copy)]
enum Kill {
    After(Duration),
    WhileWriting(Duration),
}

/// The temporary siblings of `root/run` that exist now.
fn temps(root: &Path) -> Vec<String> {
    names(root).into_iter().filter(|n| n.starts_with(".run.tmp-")).collect()
}

/// Starts `simulate` with `seed`, kills it (SIGKILL) as `kill` says, and returns whether it
/// was still running when killed and whether it left a temporary folder (was killed while
/// writing its set).
fn run_and_kill(root: &Path, out: &Path, seed: u64, kill: Kill) -> (bool, bool) {
    let stale = temps(root);
    let fresh = || temps(root).iter().any(|n| !stale.contains(n));
    let mut child = simulate_cmd(out, seed).spawn().unwrap();
    let start = Instant::now();
    match kill {
        Kill::After(d) => std::thread::sleep(d),
        Kill::WhileWriting(d) => {
            while start.elapsed() < Duration::from_secs(20) {
                if fresh() || child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(100));
            }
            std::thread::sleep(d);
        }
    }
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    (running, fresh())
}

#[test]
fn a_run_killed_between_writes_leaves_the_old_set_or_the_complete_new_one() {
    let root = scratch("kill");
    let out = root.join("run");
    let status = simulate_cmd(&out, 1).status().unwrap();
    assert!(status.success());
    let mut current = snapshot(&out);
    let files: Vec<String> = current.keys().cloned().collect();
    assert_eq!(
        files,
        ["groups.csv", "intervals.csv", "report-data.json", "report.html", "summary.json"]
    );
    assert_eq!(seed_of(&current), 1);

    let ms = Duration::from_millis;
    let kills = [
        Kill::After(ms(10)),
        Kill::After(ms(100)),
        Kill::WhileWriting(ms(0)),
        Kill::WhileWriting(Duration::from_micros(300)),
        Kill::WhileWriting(ms(1)),
        Kill::WhileWriting(ms(2)),
        Kill::WhileWriting(ms(5)),
        Kill::WhileWriting(ms(15)),
        Kill::WhileWriting(ms(40)),
        Kill::After(ms(1000)),
    ];
    let (mut old, mut new, mut killed, mut mid_write) = (0, 0, 0, 0);
    for (k, kill) in kills.into_iter().enumerate() {
        let seed = 2 + k as u64;
        let (running, writing) = run_and_kill(&root, &out, seed, kill);
        killed += usize::from(running);
        mid_write += usize::from(writing);
        let now = snapshot(&out);
        eprintln!("{kill:?}: {}", if now == current { "old set" } else { "new set" });
        assert_eq!(now.keys().cloned().collect::<Vec<_>>(), files, "{kill:?}: file list");
        if now == current {
            old += 1;
            continue;
        }
        // Not the old set: it must be the complete new one, with no file left from the old.
        assert_eq!(seed_of(&now), seed, "{kill:?}: summary.json of another run");
        for name in &files {
            assert_ne!(
                now[name], current[name],
                "{kill:?}: {name} is the old run's beside a new summary"
            );
        }
        let data: serde_json::Value = serde_json::from_slice(&now["report-data.json"]).unwrap();
        assert!(data.is_object(), "{kill:?}: report-data.json");
        new += 1;
        current = now;
    }
    eprintln!(
        "{killed} runs killed while running, {mid_write} of them while writing their set; \
         afterwards {old} old sets, {new} new sets"
    );
    assert!(killed >= 4, "too few runs were killed before finishing ({killed}) to prove anything");
    assert!(mid_write >= 1, "no run was killed while writing its set");
    for n in names(&root) {
        assert!(n == "run/" || n.starts_with(".run.tmp-"), "unexpected leftover {n}");
    }

    // The next successful run cleans whatever killed runs left beside the folder.
    assert!(simulate_cmd(&out, 99).status().unwrap().success());
    assert_eq!(names(&root), ["run/"]);
    assert_eq!(seed_of(&snapshot(&out)), 99);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_policy_run_gets_its_own_folder_and_a_run_owns_its_folder() {
    let root = scratch("policy");
    let run = |args: &[&str]| {
        let o = Command::new(BIN).current_dir(&root).args(args).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    run(&["simulate", "bilingual-bank", "-r", "2"]);
    let plain = root.join("output/bilingual-bank");
    // What a user and another command left in the folder: a note (not kept) and the staffing
    // folder of `wfmsim staff` (kept, it is another command's output).
    std::fs::write(plain.join("notes.txt"), b"mine").unwrap();
    std::fs::create_dir(plain.join("staffing")).unwrap();
    std::fs::write(plain.join("staffing/staffing.csv"), b"plan").unwrap();
    run(&["simulate", "bilingual-bank", "-r", "2"]);
    let before = snapshot(&plain);
    assert!(!before.contains_key("notes.txt"), "the run owns its folder");
    assert_eq!(std::fs::read(plain.join("staffing/staffing.csv")).unwrap(), b"plan");

    let text = run(&["simulate", "bilingual-bank", "-r", "2", "--policy", "longest-wait"]);
    assert!(text.contains("output/bilingual-bank-longest-wait"), "{text}");
    let policy = root.join("output/bilingual-bank-longest-wait");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(policy.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["policy"], "longest-wait");
    assert_eq!(snapshot(&plain), before, "the scenario's own folder is untouched");
    assert_eq!(names(&root.join("output")), ["bilingual-bank-longest-wait/", "bilingual-bank/"]);
    std::fs::remove_dir_all(&root).unwrap();
}
