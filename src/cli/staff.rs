//! `wfmsim staff`: recommended head-count per interval and group, with its evidence.

use super::progress::Spinner;
use super::run_args::RunArgs;
use super::scenario_arg;
use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::experiment::with_threads;
use wfmsim::model::Model;
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::staffing_out;
use wfmsim::routing::BuiltinPolicy;
use wfmsim::staffing::{kpi_curves, recommend, StaffingOptions};

/// Arguments of `wfmsim staff`.
#[derive(Debug, clap::Args)]
pub struct StaffArgs {
    /// Scenario TOML file, or an embedded example: single-queue, bilingual-bank, peaked-day.
    pub scenario: String,
    /// Replications per evaluated plan (common random numbers across plans).
    /// Default: 100 (or 20 to start from with --ci-width).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(2..), conflicts_with = "ci_width")]
    pub replications: Option<u32>,
    /// Instead of a fixed count, double the replications (from 20) until every service-level
    /// and abandonment confidence interval is at most this wide (e.g. 0.02 = 2 points).
    #[arg(long)]
    pub ci_width: Option<f64>,
    /// Require the lower bound of this two-sided confidence interval of the service level
    /// (upper bound for abandonment and ASA) to meet the target, e.g. 0.95. Default: the mean.
    #[arg(long)]
    pub confidence: Option<f64>,
    #[command(flatten)]
    pub search: SearchArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip the KPI curves and plots (faster).
    #[arg(long)]
    pub no_plots: bool,
}

/// Options of the search's margin and of its fresh evidence.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Safety margin of the search in standard errors of the mean: a target counts as met on
    /// the search's replications only when the mean beats it by this many standard errors.
    #[arg(long, default_value_t = StaffingOptions::default().margin_se)]
    pub margin_se: f64,
    /// Upper bound on the search's raise/trim iterations.
    #[arg(long, default_value_t = StaffingOptions::default().max_iterations, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_iterations: u32,
    /// Seed of the fresh replications the reported KPIs come from.
    /// Default: derived from --seed (SplitMix64 of seed ^ "EVIDENCE"), see docs/staffing.md.
    #[arg(long)]
    pub evidence_seed: Option<u64>,
    /// Replications of the evidence (default: 8 × the search's, at most 5000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    pub evidence_replications: Option<u32>,
}

impl Default for SearchArgs {
    fn default() -> Self {
        let d = StaffingOptions::default();
        SearchArgs {
            margin_se: d.margin_se,
            max_iterations: d.max_iterations,
            evidence_seed: None,
            evidence_replications: None,
        }
    }
}

/// Runs `wfmsim staff`.
pub fn run(args: StaffArgs) -> Result<()> {
    let model = scenario_arg::load(&args.scenario)?.model;
    let out = args
        .run
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&model.name).join("staffing"));
    plan(&model, &args, &out)
}

/// Recommends staffing for `model` and writes the plan, summary, curves and plots into `out`.
pub fn plan(model: &Model, args: &StaffArgs, out: &Path) -> Result<()> {
    if let Some(c) = args.confidence {
        anyhow::ensure!(
            c > 0.0 && c < 1.0,
            "--confidence must be between 0 and 1 (e.g. 0.95), got {c}"
        );
    }
    if let Some(w) = args.ci_width {
        anyhow::ensure!(
            w > 0.0 && w < 1.0,
            "--ci-width is a width in shares, between 0 and 1 (e.g. 0.02), got {w}"
        );
    }
    anyhow::ensure!(
        args.search.margin_se.is_finite() && args.search.margin_se >= 0.0,
        "--margin-se is a number of standard errors, 0 or more (e.g. 0.5), got {}",
        args.search.margin_se
    );
    let options = StaffingOptions {
        seed: args.run.seed,
        replications: args.replications.unwrap_or(if args.ci_width.is_some() { 20 } else { 100 }),
        ci_width: args.ci_width,
        confidence: args.confidence,
        margin_se: args.search.margin_se,
        max_iterations: args.search.max_iterations,
        evidence_seed: args.search.evidence_seed,
        evidence_replications: args.search.evidence_replications,
        ..StaffingOptions::default()
    };
    let policy = BuiltinPolicy::new(model.policy);
    let spinner = Spinner::new("staffing search", args.quiet);
    let (rec, curves) = with_threads(args.run.threads(), || {
        let rec = recommend(model, &policy, &options, &spinner)?;
        spinner.phase("KPI curves");
        // The curves are evidence too: simulated on the fresh replications (the first
        // `stats.replications` of the evidence seed), not on those the search tuned on.
        let curves = if args.no_plots {
            Vec::new()
        } else {
            kpi_curves(
                model,
                &policy,
                &rec.plan.staffing,
                rec.evidence.seed,
                rec.stats.replications,
                4,
                &spinner,
            )?
        };
        Ok::<_, wfmsim::staffing::StaffingError>((rec, curves))
    })??;
    spinner.finish();
    let report = staffing_out::StaffingReport::new(model, &rec, &curves, &options);
    let mut files = vec![
        ("staffing.csv".to_string(), report.staffing_csv()),
        ("plan_intervals.csv".to_string(), report.intervals_csv()),
        ("summary.json".to_string(), report.summary_json().into_bytes()),
    ];
    if !curves.is_empty() {
        files.push(("curves.csv".to_string(), report.curves_csv()));
    }
    for (name, bytes) in &files {
        let path = out.join(name);
        write_atomic(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let plots = if args.no_plots { Vec::new() } else { report.plots(out)? };
    if args.run.json {
        print!("{}", report.summary_json());
    } else {
        print!("{}", report.table());
        println!(
            "\nwrote {}/{{staffing.csv, plan_intervals.csv, summary.json{}}}",
            out.display(),
            if curves.is_empty() { "" } else { ", curves.csv" }
        );
        for p in plots {
            println!("plot  {}", p.display());
        }
    }
    Ok(())
}
