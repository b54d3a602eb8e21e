//! `wfmsim merge`: combine shard tallies into the outputs a single run would give.

use super::{outputs, scenario_arg};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use wfmsim::model::{PolicyKind, Staffing};
use wfmsim::report::shard_file;

/// Arguments of `wfmsim merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Folders holding tallies-*.json shard files (or the files themselves).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output folder (default: output/<scenario name>/).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Print summary.json to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `wfmsim merge`.
pub fn run(args: MergeArgs) -> Result<()> {
    let shards = shard_file::read_shards(&args.dirs)?;
    let count = shards.len();
    let (head, tallies) = shard_file::combine(shards)?;
    let mut model = scenario_arg::from_text(
        head.scenario_toml,
        &format!("<scenario of {}>", head.scenario),
        Path::new("."),
    )?
    .model;
    model.policy = PolicyKind::from_name(&head.policy).context("shard names an unknown policy")?;
    let staffing = Staffing { agents: head.staffing };
    anyhow::ensure!(
        staffing.agents.len() == model.groups.len(),
        "shard staffing has {} groups but the scenario has {}",
        staffing.agents.len(),
        model.groups.len()
    );
    let out = args.out.unwrap_or_else(|| Path::new("output").join(&model.name));
    if !args.json {
        println!("merged {count} shard file(s), {} replications\n", tallies.len());
    }
    outputs::write_and_print(&model, &staffing, &tallies, head.seed, &out, args.json, false)
}
