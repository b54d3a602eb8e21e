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
    assert!(text.contains("output/sample-week/staffing.csv"), "{text}");
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
    // The plan meets the targets on the whole week (mean over replications).
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let q = &s["queues"]["support"]["plan"];
    assert!(q["service_level"]["mean"].as_f64().unwrap() >= 0.8);
    assert!(q["abandon_rate"]["mean"].as_f64().unwrap() <= 0.05);
    std::fs::remove_dir_all(&dir).unwrap();
}
