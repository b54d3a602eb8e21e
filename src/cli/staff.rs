//! `wfmsim staff`: recommended head-count per interval and group, with its evidence.

use super::progress::Spinner;
use super::run_args::RunArgs;
use super::scenario_arg;
use anyhow::Result;
use std::path::Path;
use wfmsim::job::{staff, write_staffing_into, Phases, SearchSettings, StaffRun};
use wfmsim::model::Model;
use wfmsim::report::html::REPORT_FILE;
use wfmsim::report::output_set::OutputSet;

/// Arguments of `wfmsim staff`.
#[derive(Debug, clap::Args)]
pub struct StaffArgs {
    /// Scenario TOML file, or an embedded example: single-queue, bilingual-bank, peaked-day,
    /// bilingual-peak, callback-peak.
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
    /// Also write a self-contained HTML report (report.html) into the output folder.
    #[arg(long)]
    pub html: bool,
    /// Staff for this routing policy instead of the scenario's (priority, longest-wait,
    /// longest-queue, weighted-wait, sla-urgency; see docs/routing.md). The default output
    /// folder is then output/<scenario>-<policy>/staffing.
    #[arg(long)]
    pub policy: Option<String>,
}

/// Options of the search's margin and of its fresh evidence.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Safety margin of the search in standard errors of the mean: a target counts as met on
    /// the search's replications only when the mean beats it by this many standard errors.
    #[arg(long, default_value_t = SearchSettings::default().margin_se)]
    pub margin_se: f64,
    /// Upper bound on the search's raise rounds (the trims always finish).
    #[arg(long, default_value_t = SearchSettings::default().max_iterations, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_iterations: u32,
    /// Seed of the fresh replications the reported KPIs come from.
    /// Default: derived from --seed (SplitMix64 of seed ^ "EVIDENCE"), see docs/staffing.md.
    #[arg(long)]
    pub evidence_seed: Option<u64>,
    /// Replications of the evidence (default: 8 × the search's, at most 5000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    pub evidence_replications: Option<u32>,
    /// Let the search leave an interval where contacts are expected without any agent able to
    /// serve them (by default every such interval keeps at least one).
    #[arg(long)]
    pub allow_unstaffed: bool,
}

/// Runs `wfmsim staff`.
pub fn run(args: StaffArgs) -> Result<()> {
    let mut model = scenario_arg::load(&args.scenario)?.model;
    if let Some(p) = &args.policy {
        model.set_policy(scenario_arg::parse_policy(p)?);
    }
    let out = args.run.out.clone().unwrap_or_else(|| {
        super::simulate::default_folder(&model, args.policy.is_some()).join("staffing")
    });
    let run = StaffRun {
        seed: args.run.seed,
        replications: args.replications,
        ci_width: args.ci_width,
        confidence: args.confidence,
        search: SearchSettings {
            margin_se: args.search.margin_se,
            max_iterations: args.search.max_iterations,
            evidence_seed: args.search.evidence_seed,
            evidence_replications: args.search.evidence_replications,
            allow_unstaffed: args.search.allow_unstaffed,
        },
        threads: args.run.threads(),
        plots: !args.no_plots,
    };
    let display = Display { quiet: args.quiet, json: args.run.json, html: args.html, brief: false };
    plan(&model, &run, &out, display)
}

/// How a staffing run shows itself on the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Display {
    /// No progress spinner.
    pub quiet: bool,
    /// Print summary.json instead of the table.
    pub json: bool,
    /// Also write the self-contained HTML report.
    pub html: bool,
    /// A few lines on the plan instead of the per-interval table (the main job).
    pub brief: bool,
}

impl Phases for Spinner {
    fn phase(&self, label: &str) {
        Spinner::phase(self, label);
    }
}

/// Recommends staffing for `model` (the library's [`wfmsim::job::staff`]), writes the plan,
/// summary, curves and plots (and the HTML report) as one output set replacing the folder
/// `out`, and prints the table or the JSON.
pub fn plan(model: &Model, run: &StaffRun, out: &Path, display: Display) -> Result<()> {
    let spinner = Spinner::new("staffing search", display.quiet);
    let result = staff(model, run, &spinner)?;
    spinner.finish();
    let set = OutputSet::begin(out)?;
    let written = write_staffing_into(model, &result, &set)?;
    if display.html {
        super::report::write_html(&written.report, &set.path().join(REPORT_FILE))?;
    }
    set.commit()?;
    let html = out.join(REPORT_FILE);
    if display.json {
        written.warnings.iter().for_each(|w| eprintln!("{w}"));
        print!("{}", written.summary_json);
    } else if display.brief {
        written.brief.iter().chain(&written.warnings).for_each(|l| println!("{l}"));
        println!(
            "files: {}/ (staffing.csv, plan_intervals.csv, summary.json{}, {} plot files)",
            out.display(),
            if result.curves.is_empty() { "" } else { ", curves.csv" },
            written.plots.len(),
        );
        if display.html {
            println!("report: {}", html.display());
        }
    } else {
        print!("{}", written.table);
        println!(
            "\nwrote {}/{{staffing.csv, plan_intervals.csv, summary.json{}}}",
            out.display(),
            if result.curves.is_empty() { "" } else { ", curves.csv" }
        );
        for p in written.plots {
            println!("plot  {}", p.display());
        }
        if display.html {
            println!("report {}", html.display());
        }
    }
    Ok(())
}
