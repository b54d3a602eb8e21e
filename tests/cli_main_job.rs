//! The main job (`wfmsim` with no arguments): sample history → learn → forecast → staff.

use std::process::Command;

mod common;
use common::svg::{Svg, GREEN, GREY, VERMILLION};

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
        "abandonment_support.png",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // Plots are valid PNG and SVG files carrying the expected series.
    for (name, series) in [
        ("plan_agents", &["simulation plan", "pointwise Erlang"][..]),
        ("service_level_support", &["simulation plan", "pointwise Erlang", "target"][..]),
        ("abandonment_support", &["simulation plan", "pointwise Erlang", "target"][..]),
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
    readable_week_plots(&out);
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

/// Issue 11 item 8, "plots a planner can read", on the main job's week: legends outside the
/// data, weekdays and clock times on time axes, whole-number head-counts, both plans visible
/// where they coincide, the scheduled head-count, the KPI curves with the plan marked and the
/// target drawn, crossing it, and the abandonment per interval with its ceiling.
fn readable_week_plots(out: &std::path::Path) {
    let mut svgs = 0;
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            Svg::read(&path).assert_legends_outside(&path.display().to_string());
            svgs += 1;
        }
    }
    assert_eq!(svgs, 6, "plan, service level, abandonment, three curves");

    let plan = Svg::read(&out.join("plan_agents.svg"));
    let area = plan.plot_area();
    let x = plan.x_ticks(&area);
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        assert!(x.contains(&format!("{day} 00:00")), "{day} 00:00 missing from {x:?}");
    }
    assert_eq!(x.iter().filter(|t| *t == "12:00").count(), 7, "noon of each day: {x:?}");
    let y = plan.y_ticks(&area);
    let counts: Vec<u32> = y.iter().map(|t| t.parse().expect("whole number")).collect();
    assert!(counts.len() >= 4 && counts.windows(2).all(|w| w[1] > w[0]), "{y:?}");
    let labels = plan.legend_labels();
    for l in [
        "simulation plan, on the phones",
        "pointwise Erlang, on the phones",
        "simulation plan, scheduled after 30% shrinkage",
    ] {
        assert!(labels.iter().any(|x| x == l), "{l:?} not in the legend {labels:?}");
    }
    // The pointwise plan coincides with the recommended one in most intervals: it has a dot in
    // every one of the 336 intervals, drawn over the plan's wider line.
    assert_eq!(plan.markers(&area, VERMILLION, 1.0), 7 * 48);
    assert!(plan.polylines.iter().any(|p| p.stroke == GREEN && p.points.len() > 7 * 48));

    for (name, target) in [
        ("curve_support_service_level", "target (80% within 20 s)"),
        ("curve_support_abandonment", "target (ceiling ≤ 5%)"),
        ("abandonment_support", "target (ceiling ≤ 5%)"),
        ("service_level_support", "target (80% within 20 s)"),
    ] {
        let svg = Svg::read(&out.join(format!("{name}.svg")));
        let area = svg.plot_area();
        assert!(svg.legend_labels().iter().any(|l| l == target), "{name}: {target:?}");
        assert!(svg.has_target_line(&area, GREY), "{name}: a dashed target line across");
        if name.starts_with("curve_") {
            assert_eq!(svg.markers(&area, VERMILLION, 8.0), 1, "{name}: the plan's point");
            assert!(svg.legend_labels().iter().any(|l| l.starts_with("recommended plan (")));
        } else {
            assert!(svg.x_ticks(&area).iter().any(|t| t == "Wed 00:00"), "{name}: weekdays");
        }
    }

    // The service-level curve crosses its target: offsets below and above the plan, the
    // plan's point meets 80%, the lowest one does not.
    let rows: Vec<(i32, f64)> = csv::Reader::from_path(out.join("curves.csv"))
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[2].parse().unwrap(), r[4].parse().unwrap())
        })
        .collect();
    let offsets: Vec<i32> = rows.iter().map(|r| r.0).collect();
    assert!(offsets[0] < 0 && *offsets.last().unwrap() > 0 && offsets.len() <= 7, "{rows:?}");
    let plan_sl = rows.iter().find(|r| r.0 == 0).unwrap().1;
    assert!(rows[0].1 < 0.8 && plan_sl >= 0.8, "the curve straddles the target: {rows:?}");
}
