//! `wfmsim simulate`: replications of one scenario, summary and per-interval KPIs.

use super::scenario_arg;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use wfmsim::experiment::{run_replications, with_threads, Shard};
use wfmsim::model::{Model, PolicyKind, Staffing};
use wfmsim::report::{self, atomic::write_atomic, SummaryMeta};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::sim::{run_replication, ContactRecord, Outcome};
use wfmsim::stats::summarise;

/// Arguments of `wfmsim simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Scenario TOML file, or an embedded example: single-queue, bilingual-bank, peaked-day.
    pub scenario: String,
    /// Independent replications (each a full horizon with its own random streams).
    #[arg(long, short = 'r', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: u32,
    /// Master seed: the same seed gives the same bytes, whatever --threads.
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: one per core).
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Output folder (default: output/<scenario name>/).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Print summary.json to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Override the scenario's routing policy (priority, longest-wait).
    #[arg(long)]
    pub policy: Option<String>,
    /// Also write a per-contact CSV of replication 0 to this file (for small runs).
    #[arg(long)]
    pub trace: Option<PathBuf>,
}

/// Runs `wfmsim simulate`.
pub fn run(args: SimulateArgs) -> Result<()> {
    let mut model = scenario_arg::load(&args.scenario)?;
    if let Some(p) = &args.policy {
        model.policy = PolicyKind::from_name(p).with_context(|| {
            format!("unknown --policy {p:?}; expected one of {}", PolicyKind::NAMES.join(", "))
        })?;
    }
    let out = args.out.clone().unwrap_or_else(|| Path::new("output").join(&model.name));
    let staffing = model.staffing();
    simulate_and_write(&model, &staffing, &args, &out)
}

/// Simulates `model` under `staffing` and writes summary.json, intervals.csv and groups.csv.
pub fn simulate_and_write(
    model: &Model,
    staffing: &Staffing,
    args: &SimulateArgs,
    out: &Path,
) -> Result<()> {
    let policy = BuiltinPolicy::new(model.policy);
    let reps = Shard::whole().replications(args.replications);
    let tallies = with_threads(args.threads.map(|t| t as usize), || {
        run_replications(model, staffing, &policy, args.seed, reps)
    })?;
    let summary = summarise(model, &tallies);
    let meta = SummaryMeta { seed: args.seed, policy: model.policy.name().to_string() };
    let json = report::summary_json(model, &summary, &meta);
    let files = [
        ("summary.json", json.clone().into_bytes()),
        ("intervals.csv", report::intervals_csv(model, &summary)),
        ("groups.csv", report::group_intervals_csv(model, &summary, &staffing.agents)),
    ];
    for (name, bytes) in &files {
        let path = out.join(name);
        write_atomic(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(trace) = &args.trace {
        write_trace(model, staffing, &policy, args.seed, trace)?;
    }
    if args.json {
        print!("{json}");
    } else {
        println!(
            "{} — {} replications, seed {}, policy {}\n",
            model.name,
            summary.replications,
            args.seed,
            model.policy.name()
        );
        print!("{}", report::summary_table(model, &summary));
        println!("\nwrote {}/{{summary.json, intervals.csv, groups.csv}}", out.display());
    }
    Ok(())
}

fn write_trace(
    model: &Model,
    staffing: &Staffing,
    policy: &BuiltinPolicy,
    seed: u64,
    path: &Path,
) -> Result<()> {
    let mut records: Vec<ContactRecord> = Vec::new();
    run_replication(model, staffing, policy, seed, 0, &mut records);
    records.sort_by_key(|r| r.id);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "queue", "arrival_s", "wait_s", "outcome", "group", "service_s"])?;
    for r in &records {
        let (outcome, group, service) = match r.outcome {
            Outcome::Answered { group, service_s } => {
                ("answered", model.groups[group.index()].name.clone(), format!("{service_s:.3}"))
            }
            Outcome::Abandoned => ("abandoned", String::new(), String::new()),
        };
        w.write_record([
            r.id.to_string(),
            model.queues[r.queue.index()].name.clone(),
            format!("{:.3}", r.arrival_s),
            format!("{:.3}", r.wait_s),
            outcome.to_string(),
            group,
            service,
        ])?;
    }
    let bytes = w.into_inner().context("trace buffer")?;
    write_atomic(path, &bytes).with_context(|| format!("cannot write trace {}", path.display()))
}
