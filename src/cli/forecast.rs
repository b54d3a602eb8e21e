//! `wfmsim forecast` (placeholder until implemented).

/// Arguments of `wfmsim forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {}

/// Runs `wfmsim forecast`.
pub fn run(_args: ForecastArgs) -> anyhow::Result<()> {
    anyhow::bail!("`wfmsim forecast` is not implemented yet")
}
