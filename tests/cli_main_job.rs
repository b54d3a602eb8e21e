//! The main job (`wfmsim` with no arguments): sample history → learn → forecast → staff.

use std::process::Command;

#[test]
fn main_job_learns_forecasts_and_writes_a_week_plan() {
    let dir = std::env::temp_dir().join(format!("wfmsim-main-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_wfmsim")).current_dir(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    // A short summary a planner reads at a glance (issue 11): what was learned, the forecast,
    // the plan's agent-hours and worst interval, where the files are; no 336-row table, no
    // Rust debug structures, no NaN.
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(lines <= 15, "{lines} lines:\n{text}");
    for needle in [
        "learned: handle time",
        "forecast: week of",
        "agent-hours on the phones",
        "service level",
        "worst interval:",
        "output/sample-week/ (staffing.csv",
        "report: output/sample-week/report.html",
        "--full-table",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    for bad in ["mean_s:", "Some(", " {", "NaN"] {
        assert!(!text.contains(bad), "{bad:?} in:\n{text}");
    }
    let out = dir.join("output/sample-week");
    let rows: Vec<_> = csv::Reader::from_path(out.join("staffing.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), 7 * 48, "one row per half hour of the forecast week");
    assert!(rows[0][1].ends_with("T00:00:00"), "ISO interval starts: {}", &rows[0][1]);
    for f in [
        "summary.json",
        "curves.csv",
        "plan_agents.svg",
        "plan_agents.png",
        "curve_support_service_level.png",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // Plots are valid PNG and SVG files carrying the expected series.
    for (name, series) in [
        ("plan_agents", &["simulation plan", "pointwise Erlang"][..]),
        ("service_level_support", &["simulation plan", "pointwise Erlang", "target"][..]),
        ("curve_support_service_level", &["simulated mean", "95% CI", "target"][..]),
        ("curve_support_asa", &["simulated mean", "95% CI"][..]),
        ("curve_support_abandonment", &["simulated mean", "95% CI", "target"][..]),
    ] {
        let png = std::fs::read(out.join(format!("{name}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}.png signature");
        assert!(png.len() > 10_000, "{name}.png has content");
        let svg = std::fs::read_to_string(out.join(format!("{name}.svg"))).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}.svg is an SVG document"
        );
        for s in series {
            assert!(svg.contains(s), "{name}.svg lacks the series {s:?}");
        }
        assert!(svg.contains("<polyline") || svg.contains("<path"), "{name}.svg draws lines");
    }
    // The plan meets the targets on the whole week (mean over replications).
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let q = &s["queues"]["support"]["plan"];
    assert!(q["service_level"]["mean"].as_f64().unwrap() >= 0.8);
    assert!(q["abandon_rate"]["mean"].as_f64().unwrap() <= 0.05);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The full table per half-hour stays available behind a flag.
#[test]
fn main_job_prints_the_full_table_with_a_flag() {
    let dir = std::env::temp_dir().join(format!("wfmsim-main-full-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .arg("--full-table")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let rows = text.lines().filter(|l| l.contains("T") && l.contains('%')).count();
    assert!(rows >= 7 * 48, "{rows} interval rows:\n{text}");
    assert!(!text.contains("NaN"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
