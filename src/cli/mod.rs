//! Command-line layer: one clap struct per command, glue to the library, exit codes.

use clap::{Parser, Subcommand};

mod erlang;
mod forecast;
mod learn;
mod mapping;
mod merge;
mod outputs;
mod pipeline;
mod progress;
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
}

/// Entry point called by `main`: parses arguments, runs the command, maps errors to exit codes.
pub(crate) fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Erlang(args)) => erlang::run(args),
        Some(Command::Forecast(args)) => forecast::run(args),
        Some(Command::Learn(args)) => learn::run(args),
        Some(Command::Simulate(args)) => simulate::run(args),
        Some(Command::Merge(args)) => merge::run(args),
        Some(Command::Staff(args)) => staff::run(args),
        None => pipeline::run(),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}
