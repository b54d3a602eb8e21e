//! `wfmsim staff`: recommended head-count per interval and group, with its evidence.

use super::progress::Spinner;
use super::run_args::RunArgs;
use super::scenario_arg;
use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::experiment::with_threads;
use wfmsim::model::Model;
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::html::{REPORT_DATA_FILE, REPORT_FILE};
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
    pub run: RunArgs,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip the KPI curves and plots (faster).
    #[arg(long)]
    pub no_plots: bool,
    /// Also write a self-contained HTML report (report.html) into the output folder.
    #[arg(long)]
    pub html: bool,
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
    let options = StaffingOptions {
        seed: args.run.seed,
        replications: args.replications.unwrap_or(if args.ci_width.is_some() { 20 } else { 100 }),
        ci_width: args.ci_width,
        confidence: args.confidence,
        ..StaffingOptions::default()
    };
    let policy = BuiltinPolicy::new(model.policy);
    let spinner = Spinner::new("staffing search", args.quiet);
    let (rec, curves) = with_threads(args.run.threads(), || {
        let rec = recommend(model, &policy, &options, &spinner)?;
        spinner.phase("KPI curves");
        let curves = if args.no_plots {
            Vec::new()
        } else {
            kpi_curves(
                model,
                &policy,
                &rec.plan.staffing,
                options.seed,
                rec.stats.replications,
                4,
                &spinner,
            )
        };
        Ok::<_, wfmsim::staffing::StaffingError>((rec, curves))
    })??;
    spinner.finish();
    let report = staffing_out::StaffingReport::new(model, &rec, &curves, &options);
    let mut files = vec![
        ("staffing.csv".to_string(), report.staffing_csv()),
        ("plan_intervals.csv".to_string(), report.intervals_csv()),
        ("summary.json".to_string(), report.summary_json().into_bytes()),
        (REPORT_DATA_FILE.to_string(), report.html_doc().to_json().into_bytes()),
    ];
    if !curves.is_empty() {
        files.push(("curves.csv".to_string(), report.curves_csv()));
    }
    for (name, bytes) in &files {
        let path = out.join(name);
        write_atomic(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let plots = if args.no_plots { Vec::new() } else { report.plots(out)? };
    let html = out.join(REPORT_FILE);
    if args.html {
        super::report::write_html(&report.html_doc(), &html)?;
    }
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
        if args.html {
            println!("report {}", html.display());
        }
    }
    Ok(())
}
