//! `wfmsim compare` end to end: a variant against itself gives exact zeros, one more agent gives
//! a paired interval far narrower than the unpaired one, verdicts agree with their intervals,
//! threads do not change a byte, and bad variants fail with exit 2 and a message that names
//! what is wrong.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::svg::{Svg, GREY, VERMILLION};
use common::{text, wfmsim};

fn tmp(name: &str) -> PathBuf {
    common::tmp_dir("compare", name)
}

/// Runs compare with `args` into `out` and asserts success.
fn run(out: &Path, args: &[&str]) -> Output {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap()]);
    let o = wfmsim(&all);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    o
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn a_variant_compared_with_itself_differs_by_exactly_zero() {
    for (name, args) in [
        ("files", vec!["bilingual-bank", "bilingual-bank", "-r", "20"]),
        (
            "policies",
            vec!["bilingual-bank", "--policy", "priority", "--policy", "priority", "-r", "20"],
        ),
    ] {
        let d = tmp(name);
        run(&d, &args);
        for file in ["compare.csv", "compare_intervals.csv"] {
            let (h, rows) = csv_rows(&d.join(file));
            let (diff, lo, hi, verdict) =
                (col(&h, "diff"), col(&h, "diff_lo"), col(&h, "diff_hi"), col(&h, "verdict"));
            assert!(rows.len() > 20, "{file}: {} rows", rows.len());
            let labels: std::collections::BTreeSet<_> = rows.iter().map(|r| r[0].clone()).collect();
            assert_eq!(labels.len(), 2, "two variants with unique labels: {labels:?}");
            for r in &rows {
                for c in [diff, lo, hi] {
                    assert_eq!(r[c], "0", "{file} {name}: every difference is exactly 0: {r:?}");
                }
                assert_eq!(r[verdict], "same", "{r:?}");
            }
        }
        for svg in ["compare_service_level.svg", "compare_abandonment.svg", "compare_kpis.svg"] {
            Svg::read(&d.join(svg)).assert_legends_outside(svg);
        }
        // The two variants coincide exactly: the second is drawn thin with a dot per interval
        // over the first's wide line, so both stay visible; clock times on the time axis.
        let sl = Svg::read(&d.join("compare_service_level.svg"));
        let areas = sl.plot_areas();
        assert_eq!(areas.len(), 2, "one panel per queue");
        for a in &areas {
            assert_eq!(sl.markers(a, VERMILLION, 3.0), 24, "{name}: variant 1's dots");
            assert!(sl.has_target_line(a, GREY), "{name}: the 80% target");
            let x = sl.x_ticks(a);
            assert!(x.contains(&"08:00".to_string()) && x.contains(&"20:00".to_string()), "{x:?}");
        }
        let kpis = Svg::read(&d.join("compare_kpis.svg"));
        for a in kpis.plot_areas() {
            assert_eq!(kpis.x_ticks(&a), ["0", "1"], "{name}: whole variant indices");
        }
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The row of variant 1, queue `queue`, KPI `kpi` in compare.json.
fn row<'a>(c: &'a serde_json::Value, queue: &str, kpi: &str) -> &'a serde_json::Value {
    c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["variant"] == 1 && r["scope"] == "queue" && r["name"] == queue && r["kpi"] == kpi
        })
        .unwrap_or_else(|| panic!("no row {queue} {kpi}"))
}

#[test]
fn one_more_agent_gives_a_paired_interval_three_times_narrower() {
    // bilingual-bank: group[2] is "bilingual" with 6 agents, serving both queues.
    let d = tmp("agent");
    let o = run(&d, &["bilingual-bank", "--set", "group[2].agents=7", "-r", "30"]);
    let table = text(&o.stdout);
    assert!(table.contains("group[2].agents=7") && table.contains("service_level"), "{table}");
    let c = json(&d.join("compare.json"));
    assert_eq!(c["kind"], "wfmsim-compare");
    for queue in ["english", "french"] {
        // Answered contacts: the same callers in both variants, so the paired interval is far
        // narrower (measured 12-14x at 400 replications, 11.6x and 13.2x here; the test needs 3x).
        let answered = &row(&c, queue, "answered")["difference"];
        let vr = answered["variance_reduction"].as_f64().unwrap();
        assert!(vr >= 3.0, "{queue}: answered variance reduction {vr} < 3: {answered}");
        // Service level: pairing helps less, because one agent changes the queueing itself
        // (measured 2.4-3.3x at 400 replications depending on queue and seed; 3.5x and 3.8x
        // here). Required: at least 2x, and the verdict "better" with a positive difference.
        let sl = row(&c, queue, "service_level");
        let diff = &sl["difference"];
        let vr = diff["variance_reduction"].as_f64().unwrap();
        assert!(vr >= 2.0, "{queue}: service-level variance reduction {vr} < 2: {diff}");
        assert!(diff["diff"].as_f64().unwrap() > 0.0, "{diff}");
        assert_eq!(sl["verdict"], "better", "{sl}");
        assert!(diff["holm_p"].as_f64().is_some(), "{diff}");
    }
}

#[test]
fn verdicts_agree_with_the_sign_and_significance_of_every_interval() {
    let d = tmp("verdicts");
    run(&d, &["bilingual-bank", "--policy", "priority", "--policy", "longest-wait", "-r", "30"]);
    let c = json(&d.join("compare.json"));
    let (mut better, mut worse) = (0, 0);
    for file in ["compare.csv", "compare_intervals.csv"] {
        let (h, rows) = csv_rows(&d.join(file));
        let (kpi, lo, hi, verdict, change) = (
            col(&h, "kpi"),
            col(&h, "diff_lo"),
            col(&h, "diff_hi"),
            col(&h, "verdict"),
            col(&h, "change"),
        );
        for r in &rows {
            let direction = c["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["kpi"] == r[kpi].as_str())
                .map(|x| x["direction"].as_str().unwrap().to_string())
                .unwrap();
            let (l, u) = match (r[lo].parse::<f64>(), r[hi].parse::<f64>()) {
                (Ok(l), Ok(u)) => (l, u),
                _ => {
                    assert_eq!(r[verdict], "same", "no difference, no verdict: {r:?}");
                    continue;
                }
            };
            let moved = if l > 0.0 {
                "higher"
            } else if u < 0.0 {
                "lower"
            } else {
                "none"
            };
            assert_eq!(r[change], moved, "{r:?}");
            let want = match (direction.as_str(), moved) {
                (_, "none") | ("informational", _) => "same",
                ("higher_is_better", "higher") | ("lower_is_better", "lower") => "better",
                _ => "worse",
            };
            assert_eq!(r[verdict], want, "{direction}: {r:?}");
            better += (want == "better") as u32;
            worse += (want == "worse") as u32;
        }
    }
    // The test must be able to fail both ways: the policies do differ somewhere.
    assert!(better + worse > 0, "no significant difference at all");
}

#[test]
fn results_are_byte_identical_on_one_and_two_threads() {
    let (a, b) = (tmp("t1"), tmp("t2"));
    let args = ["bilingual-bank", "--set", "group[0].agents=6", "-r", "20", "--seed", "9"];
    run(&a, &[&args[..], &["--threads", "1"]].concat());
    run(&b, &[&args[..], &["--threads", "2"]].concat());
    for f in ["compare.csv", "compare.json", "compare_intervals.csv"] {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn variants_with_different_queues_are_refused_naming_the_names() {
    let d = tmp("queues");
    let bank = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bilingual-bank.toml"),
    )
    .unwrap();
    let other = d.join("other.toml");
    std::fs::write(&other, bank.replace("\"french\"", "\"german\"")).unwrap();
    let out = d.join("out");
    let (other, out_s) = (other.to_str().unwrap(), out.to_str().unwrap());
    let o = wfmsim(&["compare", "bilingual-bank", other, "-r", "2", "--out", out_s]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("missing [french]") && e.contains("extra [german]"), "{e}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn bad_set_paths_are_refused_with_the_path_and_what_exists() {
    let d = tmp("set");
    let cases = [
        ("group[7].agents=3", "the scenario has 3 groups: group[0..2]"),
        ("routing[0].policy=priority", "routing is a table, not an array"),
        ("group[x].agents=3", "expected PATH=VALUE"),
        ("group[1].agents=-4", "the --set group[1].agents=-4 variant is not a valid scenario"),
        ("queue[0].handel_time.mean_s=60", "queue[0].handel_time"),
    ];
    for (set, want) in cases {
        let o = wfmsim(&[
            "compare",
            "bilingual-bank",
            "--set",
            set,
            "-r",
            "2",
            "--out",
            d.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{set}");
        let e = text(&o.stderr);
        assert!(e.contains(want), "{set}: {e}");
        assert!(e.contains(set.split('=').next().unwrap()), "names the path: {e}");
    }
    let o = wfmsim(&["compare", "bilingual-bank", "--policy", "priority", "-r", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nothing to compare"), "{}", text(&o.stderr));
}

#[test]
fn set_on_a_scenario_with_a_staffing_file_still_finds_it() {
    let d = tmp("file");
    std::fs::create_dir_all(d.join("sc")).unwrap();
    let scenario = r#"
schema_version = 1
name = "filed"
[horizon]
interval_minutes = 60
intervals = 2
[[queue]]
name = "q"
arrivals_per_interval = [40, 40]
handle_time = { distribution = "exponential", mean_s = 300 }
patience = { distribution = "exponential", mean_s = 200 }
service_level = { within_s = 20, target = 0.8 }
[[group]]
name = "g"
skills = ["q"]
agents = { file = "staffing.csv" }
"#;
    std::fs::write(d.join("sc/s.toml"), scenario).unwrap();
    std::fs::write(d.join("sc/staffing.csv"), "interval,group,agents\n0,g,5\n1,g,5\n").unwrap();
    let path = d.join("sc/s.toml");
    let out = d.join("out");
    run(&out, &[path.to_str().unwrap(), "--set", "queue[0].patience.mean_s=100", "-r", "10"]);
    let (h, rows) = csv_rows(&out.join("compare.csv"));
    let v = col(&h, "variant");
    assert!(
        rows.iter().any(|r| r[v] == "s")
            && rows.iter().any(|r| r[v] == "queue[0].patience.mean_s=100")
    );
}

#[test]
fn callback_thresholds_compare_with_callback_kpis() {
    let out = tmp("callbacks");
    run(
        &out,
        &[
            "callback-peak",
            "--set",
            "queue[0].callback.offer_when_ewt_s=30",
            "-r",
            "12",
            "--seed",
            "4",
        ],
    );
    let c = json(&out.join("compare.json"));
    // A lower threshold offers more callbacks, so fewer customers wait and hang up.
    let accept = row(&c, "cards", "callback_accept_rate");
    assert!(accept["difference"]["ci95"][0].as_f64().unwrap() > 0.0, "{accept}");
    let abandon = row(&c, "cards", "abandon_rate");
    assert!(abandon["difference"]["ci95"][1].as_f64().unwrap() < 0.0, "{abandon}");
    for kpi in
        ["callback_delay_s", "callbacks_within_promise", "redials", "eventually_answered_rate"]
    {
        row(&c, "cards", kpi);
    }
}
