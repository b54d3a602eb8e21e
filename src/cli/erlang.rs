//! `wfmsim erlang` (placeholder until implemented).

/// Arguments of `wfmsim erlang`.
#[derive(Debug, clap::Args)]
pub struct ErlangArgs {}

/// Runs `wfmsim erlang`.
pub fn run(_args: ErlangArgs) -> anyhow::Result<()> {
    anyhow::bail!("`wfmsim erlang` is not implemented yet")
}
