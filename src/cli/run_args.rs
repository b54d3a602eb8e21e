//! Options shared by the commands that run replications (`simulate`, `staff`, `compare`).

use std::path::PathBuf;

/// Seed, threads and output options.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RunArgs {
    /// Master seed: the same seed gives the same bytes, whatever --threads.
    #[arg(long, short = 's', default_value_t = 1)]
    pub(crate) seed: u64,
    /// Worker threads (default: one per core); results are identical for any value.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) threads: Option<u32>,
    /// Output folder (default: under output/<scenario name>/). A run replaces the whole folder
    /// atomically: files an earlier run or a user left in it are not kept (simulate keeps
    /// sub-folders such as staffing/ and shard files).
    #[arg(long, short = 'o')]
    pub(crate) out: Option<PathBuf>,
    /// Print the JSON result (summary.json; compare.json for compare) to stdout instead of the
    /// table.
    #[arg(long)]
    pub(crate) json: bool,
}

impl RunArgs {
    /// The thread count for `experiment::with_threads`.
    pub(crate) fn threads(&self) -> Option<usize> {
        self.threads.map(|t| t as usize)
    }
}
