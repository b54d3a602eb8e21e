//! `wfmsim merge`: combine shard tallies into the outputs a single run would give.

use super::{outputs, scenario_arg};
use anyhow::{Context, Result};
use std::path::PathBuf;
use wfmsim::model::Staffing;
use wfmsim::report::shard_file;
use wfmsim::routing::PolicyKind;

/// Arguments of `wfmsim merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Folders holding tallies-*.json shard files (or the files themselves).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output folder (default: output/<scenario name>/, or output/<scenario name>-<policy>/ for
    /// shards run with --policy), replaced as a whole.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Print summary.json to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Folder holding the files the scenario reads (staffing and forecast CSVs), when it is
    /// not the scenario's folder recorded in the shards (e.g. shards made on another machine).
    /// The files must be identical to those the shards were made from (SHA-256 checked).
    #[arg(long)]
    pub scenario_dir: Option<PathBuf>,
}

/// Runs `wfmsim merge`.
pub fn run(args: MergeArgs) -> Result<()> {
    let shards = shard_file::read_shards(&args.dirs)?;
    let count = shards.len();
    let (head, tallies) = shard_file::combine(shards)?;
    let base = args
        .scenario_dir
        .clone()
        .or_else(|| head.scenario_dir.as_ref().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let loaded = scenario_arg::from_text(
        head.scenario_toml.clone(),
        &format!("<scenario of {}>", head.scenario),
        &base,
    )
    .with_context(|| {
        format!(
            "cannot rebuild the shards' scenario from the folder {}; if its files are elsewhere, give that folder with --scenario-dir",
            base.display()
        )
    })?;
    let short = |h: &str| h.chars().take(12).collect::<String>();
    for input in &loaded.inputs {
        let pinned = head.inputs.iter().find(|p| p.file == input.name);
        anyhow::ensure!(
            pinned.is_some_and(|p| p.sha256 == input.sha256),
            "{} differs from the {} the shards were made from (SHA-256 {} now, {} in the shards); restore that file or run the shards again",
            input.path.display(),
            input.name,
            short(&input.sha256),
            pinned.map_or("none".to_string(), |p| short(&p.sha256))
        );
    }
    let mut model = loaded.model;
    let own_policy = model.policy();
    model.set_policy(PolicyKind::from_name(&head.policy).context("shard names an unknown policy")?);
    let staffing = Staffing::new(&model, head.staffing)
        .context("the shards' staffing plan does not fit the scenario")?;
    shard_file::check_fits(&model, &tallies)?;
    // The folder `simulate` would have used: the shards' policy differs from the scenario's
    // only when they were run with --policy.
    let out = args
        .out
        .unwrap_or_else(|| super::simulate::default_folder(&model, model.policy() != own_policy));
    if !args.json {
        println!("merged {count} shard file(s), {} replications\n", tallies.len());
    }
    outputs::write_and_print(&model, &staffing, &tallies, head.seed, &out, args.json, false)
}
