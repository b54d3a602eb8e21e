//! `wfmsim erlang` end to end: the binary's JSON against the library, the inverse path,
//! and bad input.

use std::process::{Command, Output};

use serde_json::Value;
use wfmsim::analytic::{evaluate, Queue};

fn wfmsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .arg("erlang")
        .args(args)
        .output()
        .expect("the wfmsim binary runs")
}

/// Runs with `--json`, expects success and exactly one JSON object on stdout.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = wfmsim(&all);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value: Value = serde_json::from_str(stdout.trim()).expect("stdout is one JSON value");
    assert!(value.is_object(), "{stdout}");
    value
}

fn number(v: &Value, field: &str) -> f64 {
    v[field].as_f64().unwrap_or_else(|| panic!("field {field} missing or not a number in {v}"))
}

#[test]
fn json_fields_equal_the_library() {
    for (patience, model) in [(None, "erlang_c"), (Some(180.0), "erlang_a")] {
        let mut args = vec!["--calls-per-hour", "300", "--aht", "300", "--agents", "28"];
        let patience_text = patience.map(|p: f64| p.to_string());
        if let Some(p) = &patience_text {
            args.extend(["--patience", p.as_str()]);
        }
        args.extend(["--sl-seconds", "15"]);
        let v = json(&args);
        let k = evaluate(&Queue::new(300.0, 300.0, patience).unwrap(), 28, 15.0).unwrap();
        assert_eq!(v["model"], model);
        assert_eq!(v["agents"], 28);
        assert_eq!(v["patience_s"].as_f64(), patience);
        for (field, want) in [
            ("calls_per_hour", 300.0),
            ("aht_s", 300.0),
            ("sl_seconds", 15.0),
            ("offered_load_erlangs", k.offered_load_erlangs),
            ("p_wait", k.p_wait),
            ("service_level", k.service_level),
            ("sl_answered", k.sl_answered),
            ("asa_s", k.asa_s),
            ("mean_wait_all_s", k.mean_wait_all_s),
            ("p_abandon", k.p_abandon),
            ("occupancy", k.occupancy),
        ] {
            // serde_json round-trips f64 exactly.
            assert_eq!(number(&v, field), want, "{field} ({model})");
        }
    }
}

#[test]
fn sl_seconds_defaults_to_20() {
    let v = json(&["--calls-per-hour", "300", "--aht", "300", "--agents", "30"]);
    assert_eq!(number(&v, "sl_seconds"), 20.0);
    let k = evaluate(&Queue::new(300.0, 300.0, None).unwrap(), 30, 20.0).unwrap();
    assert_eq!(number(&v, "service_level"), k.service_level);
}

#[test]
fn target_sl_gives_the_reference_staffing() {
    let base = ["--calls-per-hour", "300", "--aht", "300", "--target-sl", "0.8"];
    let c = json(&base);
    assert_eq!(c["agents"], 30);
    assert_eq!(c["model"], "erlang_c");
    assert!(number(&c, "service_level") >= 0.8);
    let mut with_patience = base.to_vec();
    with_patience.extend(["--patience", "180"]);
    let a = json(&with_patience);
    assert_eq!(a["agents"], 28);
    assert_eq!(a["model"], "erlang_a");
    assert!(number(&a, "service_level") >= 0.8);
}

#[test]
fn table_output_is_readable() {
    let out =
        wfmsim(&["--calls-per-hour", "300", "--aht", "300", "--agents", "28", "--patience", "180"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["Erlang A", "agents", "28", "service level (20 s)", "%", "ASA", " s"] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let k = evaluate(&Queue::new(300.0, 300.0, Some(180.0)).unwrap(), 28, 20.0).unwrap();
    let sl_percent = format!("{:.2}", k.service_level * 100.0);
    assert!(text.contains(&sl_percent), "SL {sl_percent}% missing from:\n{text}");
}

/// Runs, expects exit code 2, no panic, and every `needle` in stderr.
fn rejects(args: &[&str], needles: &[&str]) {
    let out = wfmsim(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed {:?}", out.stdout);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{args:?}: {needle:?} missing from {stderr}");
    }
}

#[test]
fn bad_input_exits_2_with_a_helpful_message() {
    let q = ["--calls-per-hour", "300", "--aht", "300"];
    let with = |extra: &[&'static str]| [q.as_slice(), extra].concat();
    rejects(&with(&["--agents", "20"]), &["unstable", "--agents 26 or more", "--patience"]);
    rejects(&with(&["--agents", "28", "--target-sl", "0.8"]), &["--agents", "cannot be used with"]);
    rejects(&q, &["--agents", "--target-sl"]);
    rejects(&with(&["--target-sl", "80"]), &["between 0 and 1", "0.8 for 80%"]);
    rejects(&with(&["--agents", "0", "--patience", "60"]), &["at least 1"]);
    rejects(
        &["--calls-per-hour", "300", "--aht", "-300", "--agents", "28"],
        &["--aht", "greater than 0", "-300"],
    );
    rejects(&with(&["--agents", "28", "--patience", "0"]), &["--patience", "greater than 0"]);
    rejects(&with(&["--agents", "28", "--sl-seconds", "-1"]), &["at least 0"]);
}

/// Issue 11's reproducers: an Erlang A patience far beyond the handle time returns at once
/// (it used to sum billions of terms), an absurd one and an absurd head-count are refused with
/// the flag to change, and a `--max-abandon` without a patience says that abandonment is zero
/// by assumption.
#[test]
fn extreme_inputs_answer_at_once_or_say_what_to_change() {
    let q = ["--calls-per-hour", "300", "--aht", "300"];
    let with = |extra: &[&'static str]| [q.as_slice(), extra].concat();
    let out = wfmsim(&with(&["--agents", "20", "--patience", "1e20", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 25 Erlangs on 20 agents, callers who (almost) never give up: the fluid limit 1 − c/A.
    assert!((number(&v, "p_abandon") - 0.2).abs() < 1e-3, "{v}");
    // The table shows those waits (about 2e19 s) in scientific notation, never as 20 digits.
    let out = wfmsim(&with(&["--agents", "20", "--patience", "1e20"]));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("mean patience 1e20 s"), "{table}");
    let asa = table.lines().find(|l| l.contains("ASA (answered)")).unwrap();
    assert!(asa.contains("e19 s"), "{asa}");
    let digits = |l: &str| l.chars().filter(char::is_ascii_digit).count();
    assert!(table.lines().all(|l| digits(l) < 12), "{table}");
    rejects(&with(&["--agents", "20", "--patience", "1e300"]), &["too long", "--patience"]);
    rejects(&with(&["--agents", "4000000000"]), &["1000000", "--agents 1000000 or fewer"]);
    let out = wfmsim(&with(&["--max-abandon", "0.05"]));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("never abandon") && stderr.contains("--patience"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("callers never abandon"));
}
