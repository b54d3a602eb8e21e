//! `wfmsim simulate`: replications of one scenario, summary and per-interval KPIs.

use super::run_args::RunArgs;
use super::{outputs, scenario_arg};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use wfmsim::experiment::{run_replications, with_threads, Shard};
use wfmsim::model::{Model, Staffing};
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::hash::hash_hex;
use wfmsim::report::shard_file::{self, InputPin, ShardFile, SHARD_KIND, SHARD_SCHEMA_VERSION};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::sim::{run_replication, ContactRecord, Outcome};

/// Arguments of `wfmsim simulate`.
#[derive(Debug, clap::Args)]
pub(crate) struct SimulateArgs {
    /// Scenario TOML file, or an embedded example: single-queue, bilingual-bank, peaked-day,
    /// bilingual-peak, callback-peak.
    pub(crate) scenario: String,
    /// Independent replications (each a full horizon with its own random streams).
    #[arg(long, short = 'r', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) replications: u32,
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// Override the scenario's routing policy (priority, longest-wait, longest-queue, weighted-wait,
    /// sla-urgency; see docs/routing.md). The default output folder is then
    /// output/<scenario>-<policy>, so runs of different policies do not replace each other.
    #[arg(long)]
    pub(crate) policy: Option<String>,
    /// Also write a per-contact CSV of replication 0 to this file (for small runs).
    #[arg(long)]
    pub(crate) trace: Option<PathBuf>,
    /// Run only the i-th of n shares of the replications (e.g. 3/8) and write mergeable
    /// tallies into --out; combine shards with `wfmsim merge`.
    #[arg(long, value_parser = parse_shard)]
    pub(crate) shard: Option<Shard>,
    /// Also write a self-contained HTML report (report.html) into the output folder.
    #[arg(long, conflicts_with = "shard")]
    pub(crate) html: bool,
}

/// Parses `i/n`.
pub(crate) fn parse_shard(s: &str) -> Result<Shard, String> {
    let (i, n) = s.split_once('/').ok_or_else(|| format!("expected i/n such as 2/8, got {s:?}"))?;
    let parse = |x: &str| {
        x.trim().parse::<u32>().map_err(|_| format!("expected i/n such as 2/8, got {s:?}"))
    };
    Shard::new(parse(i)?, parse(n)?).map_err(|e| e.to_string())
}

/// Runs `wfmsim simulate`.
pub(crate) fn run(args: SimulateArgs) -> Result<()> {
    let loaded = scenario_arg::load(&args.scenario)?;
    let mut model = loaded.model;
    if let Some(p) = &args.policy {
        model.set_policy(scenario_arg::parse_policy(p)?);
    }
    let out = args.run.out.clone().unwrap_or_else(|| default_folder(&model, args.policy.is_some()));
    let staffing = model.staffing();
    let policy = BuiltinPolicy::new(model.routing());
    let shard = args.shard.unwrap_or_else(Shard::whole);
    let reps = shard.replications(args.replications);
    let tallies = with_threads(args.run.threads(), || {
        run_replications(&model, &staffing, &policy, args.run.seed, reps.clone())
    })??;
    // Computed now, written after the output set (a trace inside --out survives the swap).
    let trace = match &args.trace {
        Some(path) => Some((path, trace_csv(&model, &staffing, &policy, args.run.seed)?)),
        None => None,
    };
    if args.shard.is_some() {
        let file = ShardFile {
            kind: SHARD_KIND.to_string(),
            schema_version: SHARD_SCHEMA_VERSION,
            scenario: model.name().to_string(),
            scenario_sha256: hash_hex(loaded.text.as_bytes()),
            scenario_toml: loaded.text,
            scenario_dir: loaded.dir.map(|d| d.display().to_string()),
            inputs: loaded
                .inputs
                .into_iter()
                .map(|i| InputPin { file: i.name, sha256: i.sha256 })
                .collect(),
            seed: args.run.seed,
            replications: args.replications,
            shard: [shard.index, shard.count],
            policy: model.policy().name().to_string(),
            staffing: staffing.agents().to_vec(),
            tallies,
        };
        let path = out.join(shard_file::shard_file_name(shard.index, shard.count));
        write_atomic(&path, &shard_file::to_bytes(&file))
            .with_context(|| format!("cannot write {}", path.display()))?;
        write_trace(trace)?;
        eprintln!(
            "shard {}/{}: replications {}..{} of {} → {} (combine with `wfmsim merge {}`)",
            shard.index,
            shard.count,
            reps.start,
            reps.end,
            args.replications,
            path.display(),
            out.display()
        );
        return Ok(());
    }
    outputs::write_and_print(
        &model,
        &staffing,
        &tallies,
        args.run.seed,
        &out,
        args.run.json,
        args.html,
    )?;
    write_trace(trace)
}

/// The default output folder: `output/<scenario>`, or `output/<scenario>-<policy>` when
/// `--policy` was given, so that runs of different policies do not replace each other.
pub(crate) fn default_folder(model: &Model, policy_given: bool) -> PathBuf {
    let name = if policy_given {
        format!("{}-{}", model.name(), model.policy().name())
    } else {
        model.name().to_string()
    };
    Path::new("output").join(name)
}

fn write_trace(trace: Option<(&PathBuf, Vec<u8>)>) -> Result<()> {
    match trace {
        Some((path, bytes)) => write_atomic(path, &bytes)
            .with_context(|| format!("cannot write trace {}", path.display())),
        None => Ok(()),
    }
}

/// The per-contact CSV of replication 0.
fn trace_csv(
    model: &Model,
    staffing: &Staffing,
    policy: &BuiltinPolicy,
    seed: u64,
) -> Result<Vec<u8>> {
    let mut records: Vec<ContactRecord> = Vec::new();
    run_replication(model, staffing, policy, seed, 0, &mut records)?;
    records.sort_by_key(|r| r.id);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "queue",
        "arrival_s",
        "wait_s",
        "outcome",
        "group",
        "service_s",
        "attempt",
    ])?;
    for r in &records {
        let (outcome, group, service) = match r.outcome {
            Outcome::Answered { group, service_s } => {
                ("answered", model.groups()[group.index()].name.clone(), format!("{service_s:.3}"))
            }
            Outcome::Abandoned => ("abandoned", String::new(), String::new()),
            Outcome::CallbackAccepted => ("callback-accepted", String::new(), String::new()),
            Outcome::CallbackAttempt { group, reached, .. } => (
                if reached { "callback-reached" } else { "callback-not-reached" },
                model.groups()[group.index()].name.clone(),
                String::new(),
            ),
        };
        w.write_record([
            r.id.to_string(),
            model.queues()[r.queue.index()].name.clone(),
            format!("{:.3}", r.arrival_s),
            format!("{:.3}", r.wait_s),
            outcome.to_string(),
            group,
            service,
            r.attempt.to_string(),
        ])?;
    }
    w.into_inner().context("trace buffer")
}
