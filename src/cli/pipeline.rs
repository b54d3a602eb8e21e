//! The main job (`wfmsim` with no command): learn from the embedded sample history, forecast
//! the next week, recommend staffing per interval, and write the plan and its curves.

use super::run_args::RunArgs;
use super::staff::{self, StaffArgs};
use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::forecast::learn::{learn, LearnConfig};
use wfmsim::forecast::{fit, ArrivalConfig, Fitted};
use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, PolicyKind, QueueId, QueueSpec,
    ServiceLevelTarget, Skill,
};
use wfmsim::sample;

fn to_distribution(f: &Fitted) -> Result<Distribution> {
    Ok(match *f {
        Fitted::Exponential { mean_s } => Distribution::exponential(mean_s)?,
        Fitted::Lognormal { mean_s, cv } => Distribution::lognormal(mean_s, cv)?,
        Fitted::Weibull { mean_s, shape } => Distribution::weibull(mean_s, shape)?,
        Fitted::Gamma { mean_s, cv } => Distribution::gamma(mean_s, cv)?,
    })
}

/// Runs the whole pipeline on the embedded sample and writes `output/sample-week/`.
pub fn run() -> Result<()> {
    println!("wfmsim: no command given; running the main job on the embedded sample (see `wfmsim --help`)\n");
    let weeks = 8;
    let (records, series) = sample::history(weeks * 7, 2026);
    println!(
        "1. history: {} simulated calls of a support line over {weeks} weeks from {} (wfmsim's own generator)",
        records.len(),
        sample::first_day()
    );
    let learned = learn(&records, &LearnConfig::default());
    let l = learned.first().context("the sample history has a queue")?;
    let handle_fit = &l.handle_time.as_ref().context("handle times were learned")?.chosen;
    let patience_fit = l.patience.as_ref().map(|p| p.chosen);
    println!("2. learned: handle time {handle_fit:?} (true: lognormal 280 s, cv 0.9)");
    println!("            patience {patience_fit:?} (true: exponential 300 s)");
    let handle = to_distribution(handle_fit)?;
    let patience = patience_fit.as_ref().map(to_distribution).transpose()?;
    let model = fit(&series, &ArrivalConfig::default())?;
    let from = model.next_day();
    let days = model.forecast(from, 7);
    let counts: Vec<f64> = days.iter().flat_map(|d| d.intervals.iter().map(|i| i.mean)).collect();
    println!("3. forecast: week of {from}, {:.0} calls expected", counts.iter().sum::<f64>());
    let n = counts.len();
    let clock = Clock::parse(&from.to_string()).context("forecast date")?;
    let horizon = Horizon { interval_s: 1800.0, intervals: n, warmup_intervals: 0, clock };
    let queue = QueueSpec {
        name: sample::QUEUE.into(),
        arrivals: Arrivals {
            rate_per_s: counts.iter().map(|c| c / 1800.0).collect(),
            busyness_shape: None,
        },
        handle_time: handle,
        patience,
        service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
        max_abandon_rate: Some(0.05),
        max_asa_s: None,
    };
    let group = GroupSpec {
        name: "agents".into(),
        skills: vec![Skill { queue: QueueId::new(0), priority: 1, speed: 1.0 }],
        agents: vec![1; n],
        shrinkage: 0.3,
    };
    let week =
        Model::new("sample-week".into(), horizon, vec![queue], vec![group], PolicyKind::Priority)?;
    println!("4. staffing by simulation: 80% in 20 s, abandonment ≤ 5%, shrinkage 30%\n");
    let args = StaffArgs {
        scenario: "sample-week".into(),
        replications: Some(50),
        ci_width: None,
        confidence: None,
        run: RunArgs { seed: 1, threads: None, out: None, json: false },
        quiet: false,
        no_plots: false,
        html: true,
    };
    let out = Path::new("output").join("sample-week");
    staff::plan(&week, &args, &out)?;
    println!("\nthe plan is {}/staffing.csv; curves and plots are beside it", out.display());
    println!("report: {}", out.join(wfmsim::report::html::REPORT_FILE).display());
    Ok(())
}
