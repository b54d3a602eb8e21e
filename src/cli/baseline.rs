//! `wfmsim baseline`: simulate a scenario and record its per-replication KPIs for later checks.

use super::scenario_arg;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use wfmsim::check::{record_run, scenario_hash, Baseline, DEFAULT_MIN_INTERVAL_OFFERED};
use wfmsim::experiment::with_threads;
use wfmsim::model::Model;
use wfmsim::report::atomic::write_atomic;

/// Arguments of `wfmsim baseline`.
#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    /// Scenario TOML file, or an embedded example: single-queue, bilingual-bank, peaked-day,
    /// bilingual-peak, callback-peak.
    pub scenario: String,
    /// Replications recorded (a check reuses them, paired).
    #[arg(long, short = 'r', default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..))]
    pub replications: u32,
    /// Master seed (a check reuses it, so an unchanged model gives identical numbers).
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Baseline file to write (default: baselines/<scenario name>.json).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core); results are identical for any value.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Record intervals whose mean offered contacts per replication is at least this.
    #[arg(long, default_value_t = DEFAULT_MIN_INTERVAL_OFFERED)]
    pub min_interval_offered: f64,
}

/// Simulates `model` and records the run (the command line's one path into the engine for
/// baselines and checks).
pub fn simulate(
    model: &Model,
    text: &str,
    seed: u64,
    replications: u32,
    threads: Option<u32>,
    min_interval_offered: f64,
) -> Result<Baseline> {
    let hash = scenario_hash(text);
    let run = with_threads(threads.map(|t| t as usize), || {
        record_run(model, seed, replications, &hash, min_interval_offered)
    })??;
    Ok(run)
}

/// Writes `baseline` to `path` atomically.
pub fn write(baseline: &Baseline, path: &Path) -> Result<()> {
    write_atomic(path, baseline.to_json().as_bytes())
        .with_context(|| format!("cannot write baseline {}", path.display()))
}

/// Runs `wfmsim baseline`.
pub fn run(args: BaselineArgs) -> Result<()> {
    anyhow::ensure!(
        args.min_interval_offered.is_finite() && args.min_interval_offered >= 0.0,
        "--min-interval-offered must be a number of contacts ≥ 0, got {}",
        args.min_interval_offered
    );
    let loaded = scenario_arg::load(&args.scenario)?;
    let model = &loaded.model;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("baselines").join(format!("{}.json", model.name())));
    let b = simulate(
        model,
        &loaded.text,
        args.seed,
        args.replications,
        args.threads,
        args.min_interval_offered,
    )?;
    write(&b, &out)?;
    println!(
        "{}: baseline of {} replications (seed {}, {} queues, {} groups, {} queue-intervals with ≥ {} offered) → {}",
        model.name(),
        b.replications,
        b.seed,
        b.queues.len(),
        b.groups.len(),
        b.intervals.len(),
        b.min_interval_offered,
        out.display()
    );
    println!("check later with: wfmsim check {} --baseline {}", args.scenario, out.display());
    Ok(())
}
