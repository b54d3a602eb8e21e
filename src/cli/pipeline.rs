//! The main job (`wfmsim` with no command): learn from the embedded sample history, forecast
//! the next week, recommend staffing per interval, and write the plan and its curves. The
//! steps are library functions (`wfmsim::job`); this module prints what they found.

use super::staff;
use anyhow::Result;
use std::path::Path;
use wfmsim::forecast::Fitted;
use wfmsim::job::{sample_week, StaffRun, SAMPLE_WEEKS};

/// Runs the whole pipeline on the embedded sample and writes `output/sample-week/`: a few
/// lines on what was learned, forecast and planned, or the per-interval table with
/// `full_table`.
pub(crate) fn run(full_table: bool) -> Result<()> {
    println!("wfmsim: no command given; running the main job on the embedded sample (see `wfmsim --help`)\n");
    let week = sample_week(SAMPLE_WEEKS, 2026)?;
    println!(
        "history: {} simulated calls of a support line over {SAMPLE_WEEKS} weeks from {} (wfmsim's own generator)",
        week.calls, week.first_day
    );
    println!(
        "learned: handle time {} (true: lognormal 280 s, cv 0.9); patience {} (true: exponential 300 s)",
        human(&week.handle_time),
        week.patience.as_ref().map_or("none".into(), human),
    );
    println!(
        "forecast: week of {}, {:.0} calls expected; targets 80% in 20 s, abandonment ≤ 5%, shrinkage 30%",
        week.week_of, week.expected_calls
    );
    let run = StaffRun {
        seed: 1,
        replications: Some(50),
        ci_width: None,
        confidence: None,
        search: Default::default(),
        threads: None,
        plots: true,
    };
    let out = Path::new("output").join("sample-week");
    let display = staff::Display { quiet: false, json: false, html: true, brief: !full_table };
    staff::plan(&week.model, &run, &out, display)?;
    if !full_table {
        println!("the table per half-hour: `wfmsim --full-table`, or plan_intervals.csv");
    }
    Ok(())
}

/// A learned distribution as a planner reads it: "lognormal, mean 279.5 s, cv 0.91".
fn human(f: &Fitted) -> String {
    let shape = match *f {
        Fitted::Exponential { .. } => String::new(),
        Fitted::Lognormal { cv, .. } | Fitted::Gamma { cv, .. } => format!(", cv {cv:.2}"),
        Fitted::Weibull { shape, .. } => format!(", shape {shape:.2}"),
    };
    format!("{}, mean {:.1} s{shape}", f.name(), f.mean_s())
}
