//! The HTML report: self-contained (no external reference of any kind), every expected chart
//! present, missed targets highlighted, and `wfmsim report DIR` rebuilding the same page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::svg::Svg;

fn wfmsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wfmsim")).args(args).output().expect("binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wfmsim-html-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Asserts the page references nothing outside itself.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in ["http", "src=", "<link", "@import", "url(", "<script", "<iframe", "<img"] {
        assert!(!lower.contains(bad), "report contains {bad:?}");
    }
    assert!(lower.starts_with("<!doctype html>") && lower.trim_end().ends_with("</html>"));
}

fn assert_charts(html: &str, keys: &[String]) {
    for k in keys {
        let tag = format!("<figure id=\"chart-{k}\"><svg");
        assert!(html.contains(&tag), "chart {k} missing");
    }
    let figures = html.matches("<figure id=\"chart-").count();
    assert_eq!(figures, html.matches("What this means:").count(), "every chart says what it means");
    assert_eq!(figures, keys.len(), "no unexpected charts");
}

/// Each inline chart of the page, parsed: (key, SVG geometry). Asserts every chart's legend
/// lies outside its plotting area (issue 11: legends never over data).
fn inline_charts(html: &str) -> Vec<(String, Svg)> {
    html.split("<figure id=\"chart-")
        .skip(1)
        .map(|chunk| {
            let key = chunk[..chunk.find('"').unwrap()].to_string();
            let svg = Svg::parse(&chunk[..chunk.find("</svg>").unwrap()]);
            svg.assert_legends_outside(&key);
            (key, svg)
        })
        .collect()
}

fn per_queue(queues: &[&str], kinds: &[&str]) -> Vec<String> {
    queues.iter().flat_map(|q| kinds.iter().map(move |k| format!("{k}_{q}"))).collect()
}

#[test]
fn simulate_html_is_self_contained_and_report_rebuilds_it() {
    let out = tmp("sim");
    let o =
        wfmsim(&["simulate", "peaked-day", "-r", "5", "--html", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("report.html"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert_charts(&html, &per_queue(&["support"], &["sl", "asa", "abandon"]));
    for text in [
        "Scenario at a glance",
        "KPIs with confidence intervals",
        "Per interval",
        "service level",
        "average speed of answer (s)",
    ] {
        assert!(html.contains(text), "{text}");
    }
    // Clock times on the time axes (peaked-day runs 00:00 to 24:00, no date given).
    for (key, svg) in inline_charts(&html) {
        let x = svg.x_ticks(&svg.plot_area());
        assert!(
            x.contains(&"12:00".to_string()) && x.contains(&"24:00".to_string()),
            "{key}: {x:?}"
        );
    }
    // Peaked-day misses its 80% target after each peak: those cells are highlighted.
    assert!(html.contains("<td class=\"miss\">"));
    // `wfmsim report DIR` renders the same page from the run's outputs.
    let again = out.join("again.html");
    let o = wfmsim(&["report", out.to_str().unwrap(), "--out", again.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(again).unwrap(), html);
}

#[test]
fn staff_html_shows_both_plans_and_the_curves() {
    let out = tmp("staff");
    let o = wfmsim(&[
        "staff",
        "bilingual-bank",
        "-r",
        "20",
        "--quiet",
        "--html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    let queues = ["french", "english"];
    let mut keys: Vec<String> =
        ["plan_french-only", "plan_english-only", "plan_bilingual"].map(String::from).to_vec();
    keys.extend(per_queue(&queues, &["service_level", "abandonment"]));
    keys.extend(per_queue(&queues, &["sl", "asa", "abandon"]));
    for q in queues {
        keys.extend(["service_level", "asa", "abandonment"].map(|k| format!("curve_{q}_{k}")));
    }
    assert_charts(&html, &keys);
    assert_eq!(inline_charts(&html).len(), keys.len());
    assert!(html.contains("Staffing plan next to the pointwise Erlang plan"));
    assert!(html.contains("french-only Erlang"));
}

#[test]
fn report_on_a_folder_without_a_run_says_what_to_do() {
    let dir = tmp("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let o = wfmsim(&["report", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("report-data.json") && e.contains("wfmsim simulate"), "{e}");
    let _ = Path::new(&dir);
}
