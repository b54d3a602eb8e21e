//! `wfmsim simulate` end to end: output contract, byte-identical determinism, examples, errors.

use std::path::{Path, PathBuf};
use std::process::Command;

fn wfmsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wfmsim")).args(args).output().expect("binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wfmsim-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn run_to(dir: &Path, extra: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let mut args = vec![
        "simulate",
        "bilingual-bank",
        "--replications",
        "8",
        "--seed",
        "7",
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = wfmsim(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        std::fs::read(dir.join("summary.json")).unwrap(),
        std::fs::read(dir.join("intervals.csv")).unwrap(),
    )
}

#[test]
fn same_seed_gives_the_same_bytes_for_any_thread_count() {
    let a = run_to(&tmp("t1"), &["--threads", "1"]);
    let b = run_to(&tmp("t2"), &["--threads", "2"]);
    let c = run_to(&tmp("t2b"), &["--threads", "2"]);
    assert_eq!(a, b, "1 vs 2 threads");
    assert_eq!(b, c, "run to run");
}

#[test]
fn summary_json_has_the_contract_shape() {
    let o = wfmsim(&[
        "simulate",
        "bilingual-bank",
        "-r",
        "5",
        "--json",
        "--out",
        tmp("json").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("stdout is the JSON summary");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["scenario"], "bilingual-bank");
    assert_eq!(v["replications"], 5);
    for q in ["french", "english"] {
        for k in [
            "offered",
            "answered",
            "abandoned",
            "service_level",
            "asa_s",
            "mean_wait_all_s",
            "abandon_rate",
            "p_wait",
        ] {
            let e = &v["queues"][q][k];
            let (m, lo, hi) = (
                e["mean"].as_f64().unwrap(),
                e["ci95"][0].as_f64().unwrap(),
                e["ci95"][1].as_f64().unwrap(),
            );
            assert!(lo <= m && m <= hi, "{q}.{k}: {e}");
            if ["service_level", "abandon_rate", "p_wait"].contains(&k) {
                // Proportions get intervals inside [0, 1] (logit scale), however few runs.
                assert!(0.0 <= lo && hi <= 1.0, "{q}.{k}: {e}");
            }
        }
        let offered = v["queues"][q]["offered"]["mean"].as_f64().unwrap();
        let ended = v["queues"][q]["answered"]["mean"].as_f64().unwrap()
            + v["queues"][q]["abandoned"]["mean"].as_f64().unwrap();
        assert!((offered - ended).abs() < 1e-9, "{q}: offered = answered + abandoned");
    }
    for g in ["french-only", "english-only", "bilingual"] {
        let occ = v["groups"][g]["occupancy"]["mean"].as_f64().unwrap();
        assert!(occ > 0.0 && occ < 1.0, "{g}: {occ}");
    }
}

#[test]
fn intervals_csv_has_one_row_per_interval_and_queue() {
    let dir = tmp("csv");
    run_to(&dir, &[]);
    let mut rdr = csv::Reader::from_path(dir.join("intervals.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    for col in [
        "interval",
        "interval_start",
        "queue",
        "offered",
        "service_level",
        "service_level_lo",
        "service_level_hi",
        "asa_s",
        "abandon_rate",
        "p_wait",
    ] {
        assert!(headers.iter().any(|h| h == col), "missing column {col}");
    }
    let rows: Vec<_> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 24 * 2);
    assert_eq!(&rows[0][1], "08:00");
    assert_eq!(&rows[47][1], "19:30");
    for r in &rows {
        let (sl, lo, hi): (f64, f64, f64) =
            (r[6].parse().unwrap(), r[7].parse().unwrap(), r[8].parse().unwrap());
        assert!(lo <= sl && sl <= hi);
    }
}

#[test]
fn every_example_scenario_runs_from_its_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out = tmp(path.file_stem().unwrap().to_str().unwrap());
            let o = wfmsim(&[
                "simulate",
                path.to_str().unwrap(),
                "-r",
                "3",
                "--out",
                out.to_str().unwrap(),
            ]);
            assert!(
                o.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(out.join("summary.json").exists() && out.join("groups.csv").exists());
        }
    }
}

#[test]
fn trace_lists_every_contact_of_replication_zero() {
    let out = tmp("trace");
    let trace = out.join("trace.csv");
    let o = wfmsim(&[
        "simulate",
        "single-queue",
        "-r",
        "2",
        "--json",
        "--out",
        out.to_str().unwrap(),
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let rows: Vec<_> =
        csv::Reader::from_path(&trace).unwrap().records().map(|r| r.unwrap()).collect();
    // 24 hours at 300/h: about 7,200 contacts (Poisson, sd 85).
    assert!((6_800..7_600).contains(&rows.len()), "{}", rows.len());
    let ids: Vec<u64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "ids are consecutive: nobody lost");
    assert!(rows.iter().all(|r| &r[4] == "answered" || &r[4] == "abandoned"));
}

#[test]
fn a_bad_scenario_fails_with_a_clear_message_and_no_output() {
    let dir = tmp("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(&file, "schema_version = 1\nname = \"bad\"\n[horizon]\nintervals = 2\n[[queue]]\nname = \"a\"\narrivals_per_hour = -5\nhandle_time = { distribution = \"exponential\", mean_s = 60 }\n[[group]]\nname = \"g\"\nskills = [\"a\"]\nagents = 1\n").unwrap();
    let out = dir.join("out");
    let o = wfmsim(&["simulate", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("queue[0].arrivals_per_hour: must be a number ≥ 0, got -5"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(!out.exists(), "nothing written");
    let o = wfmsim(&["simulate", "no-such-file.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("embedded examples: single-queue, bilingual-bank, peaked-day"));
}

#[test]
fn merged_shards_equal_a_single_run_byte_for_byte() {
    let base = tmp("shards");
    let parts = merge_matches_single_run(&base, "peaked-day", 7, 5, &["1/3", "2/3", "3/3"]);
    // A missing shard is an error that names the missing replications.
    std::fs::remove_file(parts.join("tallies-0002-of-0003.json")).unwrap();
    let o =
        wfmsim(&["merge", parts.to_str().unwrap(), "--out", base.join("bad").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing [2, 3],"), "{err}");
    let o = wfmsim(&["simulate", "peaked-day", "--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
}

fn wfmsim_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("binary runs")
}

/// A fresh folder `name` holding `scenario/` (where the scenario and its files go) and
/// `elsewhere/` (the working directory of the runs, which is not the scenario's folder).
fn travel_dirs(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let base = tmp(name);
    let (scen_dir, elsewhere) = (base.join("scenario"), base.join("elsewhere"));
    std::fs::create_dir_all(&scen_dir).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    (base, scen_dir, elsewhere)
}

/// Issue 7, item 5: shards of a scenario that reads `agents = { file = .. }` merge from any
/// working directory, pin their inputs by content, and are refused when an input differs.
#[test]
fn shards_travel_and_pin_the_files_their_scenario_reads() {
    let (base, scen_dir, elsewhere) = travel_dirs("travel");
    let text = wfmsim::scenario_file::embedded("bilingual-bank").unwrap();
    let text = text.replacen("agents = 5", "agents = { file = \"staffing.csv\" }", 1);
    std::fs::write(scen_dir.join("bank.toml"), &text).unwrap();
    let csv: String = std::iter::once("interval,group,agents\n".to_string())
        .chain((0..24).map(|i| format!("{i},french-only,{}\n", 5 + i % 2)))
        .collect();
    std::fs::write(scen_dir.join("staffing.csv"), &csv).unwrap();
    let scenario = scen_dir.join("bank.toml");
    let parts = base.join("parts");
    // Shard i of 2, run from a working directory that is not the scenario's folder.
    let shard_run = |i: u32| {
        let spec = format!("{i}/2");
        let args = [
            "simulate",
            scenario.to_str().unwrap(),
            "-r",
            "4",
            "--shard",
            &spec,
            "--out",
            parts.to_str().unwrap(),
        ];
        wfmsim_in(&elsewhere, &args)
    };
    for i in 1..=2 {
        let o = shard_run(i);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let shard: serde_json::Value =
        serde_json::from_slice(&std::fs::read(parts.join("tallies-0001-of-0002.json")).unwrap())
            .unwrap();
    assert_eq!(shard["inputs"][0]["file"], "staffing.csv");
    assert_eq!(shard["inputs"][0]["sha256"], wfmsim::report::hash::hash_hex(csv.as_bytes()));
    assert_eq!(shard["scenario_sha256"], wfmsim::report::hash::hash_hex(text.as_bytes()));

    // Merged from a working directory that is neither the scenario's folder nor the shards'.
    let merge = |extra: &[&str]| {
        let mut args = vec!["merge", parts.to_str().unwrap(), "--json", "--out"];
        let out = base.join("merged");
        let out = out.to_str().unwrap().to_string();
        args.push(&out);
        args.extend_from_slice(extra);
        wfmsim_in(&elsewhere, &args)
    };
    let o = merge(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let single = wfmsim_in(
        &elsewhere,
        &[
            "simulate",
            scenario.to_str().unwrap(),
            "-r",
            "4",
            "--json",
            "--out",
            base.join("single").to_str().unwrap(),
        ],
    );
    assert!(single.status.success());
    assert_eq!(o.stdout, single.stdout, "merge gives the numbers of a single run");

    // The staffing file changed since the shards were made: merge says which file differs.
    let changed = csv.replace(",french-only,5\n", ",french-only,4\n");
    std::fs::write(scen_dir.join("staffing.csv"), &changed).unwrap();
    let o = merge(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("staffing.csv differs from the staffing.csv the shards were made from"),
        "{err}"
    );

    // A shard made from the changed file is refused next to one made from the original.
    let o = shard_run(2);
    assert!(o.status.success());
    let o = merge(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tallies-0002-of-0002.json: made from a different staffing.csv"), "{err}");

    // Shards that travelled: the original folder is gone, the files are given elsewhere.
    let o = shard_run(1);
    assert!(o.status.success());
    let moved = base.join("moved");
    std::fs::rename(&scen_dir, &moved).unwrap();
    let o = merge(&[]);
    assert_eq!(o.status.code(), Some(2), "the recorded folder is gone");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--scenario-dir"));
    let o = merge(&["--scenario-dir", moved.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The same for a queue's `arrivals = { forecast = .. }`: the forecast CSV is pinned next to
/// the staffing file, and a changed forecast is named when the shards are merged.
#[test]
fn shards_pin_the_forecast_csv_their_scenario_reads() {
    let (base, scen_dir, elsewhere) = travel_dirs("travel-forecast");
    let forecast = |peak: f64| -> String {
        let mut csv = String::from("interval_start,queue,mean,p10,p50,p90,interval_minutes\n");
        for i in 0..4 {
            let mean = if i == 2 { peak } else { 40.0 };
            let t = format!("1999-11-08T{:02}:{:02}:00", 8 + i / 2, 30 * (i % 2));
            csv += &format!("{t},sales,{mean},{},{mean},{},30\n", mean * 0.8, mean * 1.2);
        }
        csv
    };
    let original = forecast(60.0);
    std::fs::write(scen_dir.join("fc.csv"), &original).unwrap();
    let staffing: String = std::iter::once("interval,group,agents\n".to_string())
        .chain((0..4).map(|i| format!("{i},g,{}\n", 5 + i % 2)))
        .collect();
    std::fs::write(scen_dir.join("staffing.csv"), staffing).unwrap();
    let text = "schema_version = 1\nname = \"fc\"\n[horizon]\nintervals = 4\n[[queue]]\n\
                name = \"sales\"\narrivals = { forecast = \"fc.csv\", use = \"mean\" }\n\
                handle_time = { distribution = \"exponential\", mean_s = 180 }\n[[group]]\n\
                name = \"g\"\nskills = [\"sales\"]\nagents = { file = \"staffing.csv\" }\n";
    std::fs::write(scen_dir.join("fc.toml"), text).unwrap();
    let scenario = scen_dir.join("fc.toml");
    let parts = base.join("parts");
    for i in 1..=2 {
        let spec = format!("{i}/2");
        let args = ["simulate", scenario.to_str().unwrap(), "-r", "4", "--shard", &spec, "--out"];
        let o = wfmsim_in(&elsewhere, &[&args[..], &[parts.to_str().unwrap()]].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let shard: serde_json::Value =
        serde_json::from_slice(&std::fs::read(parts.join("tallies-0002-of-0002.json")).unwrap())
            .unwrap();
    assert_eq!(shard["inputs"][0]["file"], "staffing.csv");
    assert_eq!(shard["inputs"][1]["file"], "fc.csv");
    assert_eq!(shard["inputs"][1]["sha256"], wfmsim::report::hash::hash_hex(original.as_bytes()));
    let merged = base.join("merged");
    let merge = || {
        wfmsim_in(
            &elsewhere,
            &["merge", parts.to_str().unwrap(), "--out", merged.to_str().unwrap()],
        )
    };
    let o = merge();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A new forecast (a higher peak) since the shards were made: merge names the file.
    std::fs::write(scen_dir.join("fc.csv"), forecast(90.0)).unwrap();
    let o = merge();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fc.csv differs from the fc.csv the shards were made from"), "{err}");
}

#[test]
fn callbacks_redials_and_announcements_are_in_the_output_contract() {
    let dir = tmp("callbacks");
    let o = wfmsim(&[
        "simulate",
        "callback-peak",
        "-r",
        "6",
        "--seed",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let q = &s["queues"]["cards"];
    for k in [
        "callbacks_offered",
        "callbacks_accepted",
        "callbacks_reached",
        "callbacks_not_reached",
        "callback_delay_s",
        "callbacks_within_promise",
        "callback_offer_rate",
        "callback_accept_rate",
        "callback_reach_rate",
        "first_attempts",
        "redials",
        "eventually_answered_rate",
    ] {
        assert!(q[k]["mean"].is_number() && q[k]["ci95"].is_array(), "queues.cards.{k}: {}", q[k]);
    }
    for p in ["ql", "hol", "les"] {
        for k in ["n", "mean_error_s", "mae_s", "rmse_s"] {
            assert!(q["ewt"][p][k]["mean"].is_number(), "queues.cards.ewt.{p}.{k}");
        }
    }
    // Conservation on the means: offered = answered + abandoned + accepted callbacks.
    let m = |k: &str| q[k]["mean"].as_f64().unwrap();
    assert!((m("offered") - m("answered") - m("abandoned") - m("callbacks_accepted")).abs() < 1e-6);
    assert!((m("offered") - m("first_attempts") - m("redials")).abs() < 1e-6);
    assert!(m("callbacks_accepted") > 0.0 && m("redials") > 0.0);
    let mut r = csv::Reader::from_path(dir.join("intervals.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for c in
        ["callbacks_accepted", "callbacks_within_promise", "redials", "ewt.ql.rmse_s", "ewt.les.n"]
    {
        assert!(header.iter().any(|h| h == c), "intervals.csv lacks {c}: {header:?}");
    }
}

#[test]
fn shards_with_callbacks_and_redials_merge_to_the_single_run() {
    merge_matches_single_run(&tmp("cb-shards"), "callback-peak", 5, 9, &["1/2", "2/2"]);
}

/// Runs `scenario` as `shards` into `base/parts`, merges them into `base/merged`, and checks
/// the merged outputs equal a single one-thread run byte for byte; returns the parts folder.
fn merge_matches_single_run(
    base: &Path,
    scenario: &str,
    reps: u32,
    seed: u64,
    shards: &[&str],
) -> PathBuf {
    let (reps, seed) = (reps.to_string(), seed.to_string());
    let parts = base.join("parts");
    for s in shards {
        let p = parts.to_str().unwrap();
        let o =
            wfmsim(&["simulate", scenario, "-r", &reps, "--seed", &seed, "--shard", s, "--out", p]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let merged = base.join("merged");
    let o = wfmsim(&["merge", parts.to_str().unwrap(), "--out", merged.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let single = base.join("single");
    let out = single.to_str().unwrap();
    let o = wfmsim(&[
        "simulate",
        scenario,
        "-r",
        &reps,
        "--seed",
        &seed,
        "--threads",
        "1",
        "--out",
        out,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["summary.json", "intervals.csv", "groups.csv"] {
        let (a, b) =
            (std::fs::read(merged.join(f)).unwrap(), std::fs::read(single.join(f)).unwrap());
        assert_eq!(a, b, "{scenario}: {f}");
    }
    parts
}
