//! Evaluating candidate plans by simulation, with common random numbers.

use super::Blocks;
use crate::experiment::run_replications;
use crate::model::{Model, Staffing};
use crate::routing::RoutingPolicy;
use crate::sim::SimError;
use crate::stats::{QueueKpis, QueueTally, ReplicationTally};
use rayon::prelude::*;

/// The stages of a staffing run, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Raising and trimming the plan on the search's replications.
    Search,
    /// Re-judging the plan on the second, independent set (raising where it misses).
    Confirmation,
    /// Simulating the final plans on the fresh evidence replications.
    Evidence,
    /// The KPI curves around the plan.
    Curves,
}

/// Called after every evaluation, e.g. to drive a progress bar (the core never prints).
pub trait Progress: Sync {
    /// One plan was simulated with `replications` replications.
    fn evaluated(&self, replications: u32);

    /// A stage of the run begins (for progress labels and benchmarks' time splits; the core
    /// reads no clock). Default: nothing.
    fn stage(&self, _stage: Stage) {}
}

impl Progress for () {
    fn evaluated(&self, _: u32) {}
}

/// The simulated outcome of one plan.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The plan.
    pub staffing: Staffing,
    /// One tally per replication, in replication order.
    pub tallies: Vec<ReplicationTally>,
    /// KPIs per block and queue, over the block's judged intervals.
    pub blocks: Vec<Vec<QueueKpis>>,
}

/// Simulates plans of one model with a fixed set of replications.
pub struct Evaluator<'a, P> {
    model: &'a Model,
    policy: &'a P,
    blocks: &'a Blocks,
    seed: u64,
    replications: u32,
    progress: &'a dyn Progress,
    evaluations: u32,
}

impl<'a, P: RoutingPolicy> Evaluator<'a, P> {
    /// An evaluator using replications `0..replications` of `seed` for every plan.
    pub fn new(
        model: &'a Model,
        policy: &'a P,
        blocks: &'a Blocks,
        seed: u64,
        replications: u32,
        progress: &'a dyn Progress,
    ) -> Self {
        Evaluator { model, policy, blocks, seed, replications, progress, evaluations: 0 }
    }

    /// Replications per evaluation.
    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Changes the number of replications (for adaptive precision).
    pub fn set_replications(&mut self, replications: u32) {
        self.replications = replications;
    }

    /// Plans simulated so far.
    pub fn evaluations(&self) -> u32 {
        self.evaluations
    }

    /// Simulates `staffing` on replications `0..replications` (in parallel on the current
    /// rayon pool) and computes every block's KPIs.
    pub fn evaluate(&mut self, staffing: &Staffing) -> Result<Evaluation, SimError> {
        let tallies =
            run_replications(self.model, staffing, self.policy, self.seed, 0..self.replications)?;
        self.evaluations += 1;
        self.progress.evaluated(self.replications);
        let nq = self.model.queues.len();
        // Blocks are independent: their KPIs are formed in parallel, in block order.
        let blocks = self
            .blocks
            .judged
            .par_iter()
            .map(|is| {
                (0..nq)
                    .map(|q| {
                        let per_rep: Vec<QueueTally> = tallies
                            .iter()
                            .map(|t| {
                                let mut a = QueueTally::default();
                                is.iter().for_each(|&i| a.add(t.queue_at(i, q)));
                                a
                            })
                            .collect();
                        QueueKpis::from_tallies(&per_rep)
                    })
                    .collect()
            })
            .collect();
        Ok(Evaluation { staffing: staffing.clone(), tallies, blocks })
    }
}
