//! `wfmsim learn` (placeholder until implemented).

/// Arguments of `wfmsim learn`.
#[derive(Debug, clap::Args)]
pub struct LearnArgs {}

/// Runs `wfmsim learn`.
pub fn run(_args: LearnArgs) -> anyhow::Result<()> {
    anyhow::bail!("`wfmsim learn` is not implemented yet")
}
