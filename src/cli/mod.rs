//! Command-line layer: one clap struct per command, glue to the library, exit codes.

use anyhow::Result;
use clap::{Parser, Subcommand};

mod baseline;
mod check;
mod compare;
mod erlang;
mod forecast;
mod learn;
mod mapping;
mod merge;
mod outputs;
mod pipeline;
mod progress;
mod report;
mod run_args;
mod scenario_arg;
mod simulate;
mod staff;

/// Predictive workforce planning and routing simulation for contact centres.
#[derive(Debug, Parser)]
#[command(name = "wfmsim", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no command (the main job): print the plan's table per interval instead of the
    /// short summary.
    #[arg(long)]
    full_table: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Exact Erlang B/C/A figures for one queue, or the fewest agents meeting targets.
    Erlang(erlang::ErlangArgs),
    /// Forecast arrivals per interval from a historical export, with uncertainty.
    Forecast(forecast::ForecastArgs),
    /// Learn handle-time and patience distributions from a historical export.
    Learn(learn::LearnArgs),
    /// Simulate a scenario: replications in parallel, KPIs with confidence intervals.
    Simulate(simulate::SimulateArgs),
    /// Recommend head-count per interval and group by simulation (with Erlang as the start).
    Staff(staff::StaffArgs),
    /// Combine the tallies of `simulate --shard i/n` runs into one summary.
    Merge(merge::MergeArgs),
    /// Simulate a scenario and record its per-replication KPIs as a baseline for `check`.
    Baseline(baseline::BaselineArgs),
    /// Re-run a scenario and fail (exit 1) on a significant regression against its baseline.
    Check(check::CheckArgs),
    /// Compare routing policies, staffing or scenario variants on common random numbers (paired CIs).
    Compare(compare::CompareArgs),
    /// Render the self-contained HTML report of a finished simulate or staff run.
    Report(report::ReportArgs),
}

/// One line for an error and its chain of causes, leaving out a cause whose text an outer
/// message already contains (a library error that prints its source, wrapped again by the
/// CLI's context, would otherwise say the operating system's reason twice).
fn render(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Entry point called by `main`: parses arguments, runs the command, maps errors to exit codes
/// (0 success, 1 a check found a regression, 2 bad input or failure).
pub(crate) fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let ok = |r: Result<()>| r.map(|()| std::process::ExitCode::SUCCESS);
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Baseline(args)) => ok(baseline::run(args)),
        Some(Command::Compare(args)) => ok(compare::run(args)),
        Some(Command::Report(args)) => ok(report::run(args)),
        Some(Command::Erlang(args)) => ok(erlang::run(args)),
        Some(Command::Forecast(args)) => ok(forecast::run(args)),
        Some(Command::Learn(args)) => ok(learn::run(args)),
        Some(Command::Simulate(args)) => ok(simulate::run(args)),
        Some(Command::Merge(args)) => ok(merge::run(args)),
        Some(Command::Staff(args)) => ok(staff::run(args)),
        None => ok(pipeline::run(cli.full_table)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", render(&err));
            std::process::ExitCode::from(2)
        }
    }
}
