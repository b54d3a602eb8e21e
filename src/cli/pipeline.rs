//! The main job (`wfmsim` with no command): learn from the embedded sample history, forecast
//! the next week, recommend staffing per interval, and write the plan and its curves. The
//! steps are library functions (`wfmsim::job`); this module prints what they found.

use super::staff;
use anyhow::Result;
use std::path::Path;
use wfmsim::job::{sample_week, StaffRun, SAMPLE_WEEKS};

/// Runs the whole pipeline on the embedded sample and writes `output/sample-week/`.
pub(crate) fn run() -> Result<()> {
    println!("wfmsim: no command given; running the main job on the embedded sample (see `wfmsim --help`)\n");
    let week = sample_week(SAMPLE_WEEKS, 2026)?;
    println!(
        "1. history: {} simulated calls of a support line over {SAMPLE_WEEKS} weeks from {} (wfmsim's own generator)",
        week.calls, week.first_day
    );
    println!("2. learned: handle time {:?} (true: lognormal 280 s, cv 0.9)", week.handle_time);
    println!("            patience {:?} (true: exponential 300 s)", week.patience);
    println!("3. forecast: week of {}, {:.0} calls expected", week.week_of, week.expected_calls);
    println!("4. staffing by simulation: 80% in 20 s, abandonment ≤ 5%, shrinkage 30%\n");
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
    staff::plan(&week.model, &run, &out, staff::Display { quiet: false, json: false, html: true })?;
    println!("\nthe plan is {}/staffing.csv; curves and plots are beside it", out.display());
    Ok(())
}
