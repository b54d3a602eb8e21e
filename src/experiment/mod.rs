//! Replications: seeding, parallel execution with rayon, shards.
//!
//! Replication r always uses the streams of r (see `sim::Streams`), and results are collected
//! in replication order, so the numbers are identical for any thread count and any split into
//! shards.

use crate::model::{Model, Staffing};
use crate::routing::RoutingPolicy;
use crate::sim::{run_replication, NoObserver, SimError};
use crate::stats::ReplicationTally;
use rayon::prelude::*;
use std::ops::Range;
use thiserror::Error;

/// Errors of the experiment layer.
#[derive(Debug, Error)]
pub enum ExperimentError {
    /// The rayon thread pool could not be created.
    #[error("could not start {threads} worker threads: {source}")]
    ThreadPool {
        /// Threads requested.
        threads: usize,
        /// Cause.
        source: rayon::ThreadPoolBuildError,
    },
    /// A shard specification outside `1..=n`.
    #[error("shard {index}/{count}: expected i/n with 1 ≤ i ≤ n (e.g. --shard 2/8)")]
    Shard {
        /// 1-based shard index.
        index: u32,
        /// Number of shards.
        count: u32,
    },
}

/// Runs replications `reps` in parallel on the current rayon pool; results in replication order.
///
/// Fails when the policy breaks the routing contract in any replication; the error reported is
/// that of the earliest such replication, whatever the thread count.
pub fn run_replications<P: RoutingPolicy>(
    model: &Model,
    staffing: &Staffing,
    policy: &P,
    seed: u64,
    reps: Range<u32>,
) -> Result<Vec<ReplicationTally>, SimError> {
    let results: Vec<_> = reps
        .into_par_iter()
        .map(|r| run_replication(model, staffing, policy, seed, r, &mut NoObserver))
        .collect();
    results.into_iter().collect()
}

/// Runs `f` on a pool of `threads` workers (`None` = one per core).
pub fn with_threads<R: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> R + Send,
) -> Result<R, ExperimentError> {
    let n = threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|source| ExperimentError::ThreadPool { threads: n, source })?;
    Ok(pool.install(f))
}

/// The i-th of n shares of a set of replications (1-based, as written on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// Checks `1 ≤ index ≤ count`.
    pub fn new(index: u32, count: u32) -> Result<Self, ExperimentError> {
        if count == 0 || index == 0 || index > count {
            return Err(ExperimentError::Shard { index, count });
        }
        Ok(Shard { index, count })
    }

    /// The whole run as one shard.
    pub fn whole() -> Self {
        Shard { index: 1, count: 1 }
    }

    /// This shard's contiguous block of `0..replications`.
    pub fn replications(self, replications: u32) -> Range<u32> {
        let (i, n, r) = (self.index as u64 - 1, self.count as u64, replications as u64);
        ((i * r / n) as u32)..(((i + 1) * r / n) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_replications() {
        for n in 1..7 {
            let mut all = Vec::new();
            for i in 1..=n {
                all.extend(Shard::new(i, n).unwrap().replications(20));
            }
            assert_eq!(all, (0..20).collect::<Vec<_>>());
        }
        assert!(Shard::new(0, 3).is_err());
        assert!(Shard::new(4, 3).is_err());
    }
}
