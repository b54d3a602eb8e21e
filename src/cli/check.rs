//! `wfmsim check`: re-run a scenario and compare it with its baseline (exit 0 pass, 1
//! regression, 2 bad input).

use super::baseline::{simulate, write};
use super::scenario_arg;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use wfmsim::check::{compare, Baseline, CheckOptions, Kpi};
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::check_out::{check_json, check_junit, check_markdown, check_table};

/// Arguments of `wfmsim check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Scenario TOML file, or an embedded example.
    pub scenario: String,
    /// Baseline file written by `wfmsim baseline`.
    #[arg(long, short = 'b')]
    pub baseline: PathBuf,
    /// Tolerance of a KPI in its unit, repeatable: service_level=0.02 (shares), abandon_rate=0.01,
    /// asa_s=10 (seconds), mean_wait_s=10. Defaults: 0.01, 0.005, 5, 5.
    #[arg(long, value_name = "KPI=VALUE", value_parser = parse_tolerance)]
    pub tolerance: Vec<(Kpi, f64)>,
    /// Family-wise significance level over every KPI compared (Holm's correction).
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Also compare each recorded interval (with enough offered contacts).
    #[arg(long)]
    pub per_interval: bool,
    /// Run with this seed instead of the baseline's (the comparison is then Welch, unpaired).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Run this many replications instead of the baseline's (Welch when different).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(2..))]
    pub replications: Option<u32>,
    /// Write a JUnit XML report (one test case per queue × KPI) to this file.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// Write a Markdown summary (for a pull-request comment) to this file.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// Print the comparison as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// After the comparison, rewrite the baseline with this run (accept the change); exit 0.
    /// Creates the baseline when the file does not exist.
    #[arg(long)]
    pub update: bool,
    /// Worker threads (default: one per core); results are identical for any value.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
}

/// Parses `KPI=VALUE`.
pub fn parse_tolerance(s: &str) -> Result<(Kpi, f64), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KPI=VALUE such as service_level=0.02, got {s:?}"))?;
    let kpi = Kpi::from_name(k).map_err(|e| e.to_string())?;
    let value: f64 = v
        .trim()
        .parse()
        .map_err(|_| format!("tolerance of {k}: expected a number such as 0.02, got {v:?}"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("tolerance of {k} must be ≥ 0, got {value}"));
    }
    Ok((kpi, value))
}

/// Runs `wfmsim check`.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        args.alpha > 0.0 && args.alpha < 1.0,
        "--alpha is a significance level between 0 and 1 (e.g. 0.05), got {}",
        args.alpha
    );
    let loaded = scenario_arg::load(&args.scenario)?;
    let path = &args.baseline;
    let baseline = if path.exists() {
        let text = wfmsim::text_file::read_text(path)?;
        Some(Baseline::from_json(&text).with_context(|| format!("baseline {}", path.display()))?)
    } else if args.update {
        None
    } else {
        anyhow::bail!(
            "no baseline file {}; create it with `wfmsim baseline {} --out {}` (or `wfmsim check --update`)",
            path.display(),
            args.scenario,
            path.display()
        );
    };
    let seed = args.seed.or(baseline.as_ref().map(|b| b.seed)).unwrap_or(1);
    let reps = args.replications.or(baseline.as_ref().map(|b| b.replications)).unwrap_or(100);
    let min_offered = baseline
        .as_ref()
        .map_or(wfmsim::check::DEFAULT_MIN_INTERVAL_OFFERED, |b| b.min_interval_offered);
    let current = simulate(&loaded.model, &loaded.text, seed, reps, args.threads, min_offered)?;
    let Some(baseline) = baseline else {
        write(&current, path)?;
        println!("created baseline {} ({reps} replications, seed {seed})", path.display());
        return Ok(ExitCode::SUCCESS);
    };
    let mut options =
        CheckOptions { alpha: args.alpha, per_interval: args.per_interval, ..Default::default() };
    for (kpi, v) in &args.tolerance {
        options.tolerances.set(*kpi, *v);
    }
    let report = compare(&baseline, &current, &options);
    if let Some(p) = &args.junit {
        write_atomic(p, check_junit(&report).as_bytes())
            .with_context(|| format!("cannot write JUnit report {}", p.display()))?;
    }
    if let Some(p) = &args.markdown {
        write_atomic(p, check_markdown(&report).as_bytes())
            .with_context(|| format!("cannot write Markdown summary {}", p.display()))?;
    }
    if args.json {
        print!("{}", check_json(&report));
    } else {
        print!("{}", check_table(&report));
    }
    if args.update {
        write(&current, path)?;
        eprintln!("baseline {} updated with this run", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
