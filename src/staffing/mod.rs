//! Staffing recommendations by simulation: how many agents, in which groups, in each interval.
//!
//! One search serves every case. Staffing is decided per *block*: a block is a set of
//! intervals that share a head-count and whose contacts are judged together. A stationary
//! scenario is one block (one head-count for the whole horizon); a time-varying scenario has a
//! block per interval. The search starts from an Erlang estimate fed with the
//! modified offered load ([`erlang_start::infinite_server`]: the load of an M_t/G/∞ system,
//! which carries the calls still in service into the next interval), then alternates: while a
//! block misses a target, add agents to the group whose extra agent shrinks that block's
//! shortfall most (one, or as many as Erlang calibrated to the measurement says where one
//! dedicated group serves the missing queue: `step.rs`); when every block meets its targets, trim alternate blocks — one trial per
//! parity, removing an agent in every candidate block at once (the group whose removal leaves
//! the most slack), keeping the removals where the block and the next still meet, and not trying again a block
//! whose removal cost more slack than it left — until two trials in a row remove nothing; the
//! confirmation then judges the trimmed plan on fresh replications. All
//! candidates are simulated with the same replications (common random numbers), so their
//! differences are paired. This is an iterative staffing algorithm in the spirit of Feldman,
//! Mandelbaum, Massey & Whitt (2008): because queues carry over between intervals, each
//! interval's staffing is judged by simulating the whole horizon, not by a stationary
//! formula. The confirmation and the fresh evidence are described in `docs/staffing.md`.

mod blocks;
mod curves;
pub mod erlang_start;
mod evaluator;
mod search;
pub mod seeds;
mod shrinkage;
mod step;
mod targets;

pub use blocks::Blocks;
pub use curves::{kpi_curves, CurvePoint, CurveReach, QueueCurve};
pub use evaluator::{Evaluation, Evaluator, Progress, Stage};
pub use search::{recommend, Calibration, EvidenceInfo, Recommendation, SearchStats};
pub use shrinkage::scheduled;
pub use targets::{Judge, Verdict};

use thiserror::Error;

/// Settings of a staffing search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffingOptions {
    /// Master seed (replication r uses the streams of r for every candidate).
    pub seed: u64,
    /// Replications per evaluation (the starting number when `ci_width` is set).
    pub replications: u32,
    /// When set, replications double until every block's service-level and abandonment
    /// confidence interval (at `confidence`, or 95%) is at most this wide.
    pub ci_width: Option<f64>,
    /// When set, the lower bound of this two-sided confidence interval of the service level
    /// (upper bound for abandonment and ASA) must meet the target; otherwise the mean must.
    pub confidence: Option<f64>,
    /// Blocks with fewer expected contacts than this are kept at their Erlang start and not
    /// judged by simulation (their service level is mostly noise).
    pub min_contacts: f64,
    /// Upper bound on the search's raise rounds; reaching it with a block still short is
    /// [`StaffingError::NotConverged`]. The trims always finish (each kept trial removes an agent).
    pub max_iterations: u32,
    /// Upper bound on replications when `ci_width` is set.
    pub max_replications: u32,
    /// Safety margin of the search, in standard errors: on the search's replications a
    /// service level counts as met only when its mean minus this many standard errors of the
    /// mean reaches the target (abandonment and ASA: mean plus). It offsets the optimism of
    /// judging a plan on the replications it was tuned on (see `docs/staffing.md`).
    pub margin_se: f64,
    /// The margin on the confirmation replications (an independent second set on which
    /// blocks that fail are raised, never trimmed).
    pub confirmation_margin_se: f64,
    /// Replications of the confirmation, as a multiple of the search's (at most
    /// `max_replications`): more than the search's, so that the confirmation itself is not
    /// fooled by noise — with the search's 100 and no margin, an interval truly 3–4 points
    /// short after a peak could still pass it. Default 2: with the 0.5 SE margin, such an
    /// interval passes only on a noise excursion of about 3.7 standard errors (see
    /// `docs/staffing.md`).
    pub confirmation_factor: u32,
    /// Seed of the evidence replications; `None`: derived from `seed` ([`seeds::evidence_seed`]).
    pub evidence_seed: Option<u64>,
    /// Replications of the evidence; `None`: eight times the search's (at most
    /// `max_replications`, unless the search itself used more).
    pub evidence_replications: Option<u32>,
    /// Let the search leave a block with contacts expected (a queue with a positive arrival
    /// rate) without any agent able to serve them. Off by default: such a plan answers no one.
    pub allow_unstaffed: bool,
}

impl Default for StaffingOptions {
    fn default() -> Self {
        StaffingOptions {
            seed: 1,
            replications: 100,
            ci_width: None,
            confidence: None,
            min_contacts: 5.0,
            max_iterations: 60,
            max_replications: 5_000,
            margin_se: 1.0,
            confirmation_margin_se: 0.5,
            confirmation_factor: 2,
            evidence_seed: None,
            evidence_replications: None,
            allow_unstaffed: false,
        }
    }
}

/// Why no recommendation could be made.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum StaffingError {
    /// A simulation failed (the routing policy broke its contract).
    #[error(transparent)]
    Simulation(#[from] crate::sim::SimError),
    /// The analytic starting point could not be computed.
    #[error("queue '{queue}': no Erlang starting point ({reason})")]
    Start {
        /// Queue name.
        queue: String,
        /// Cause.
        reason: String,
    },
    /// The search hit its bound without meeting every target.
    #[error("no plan meets every target within {iterations} iterations (still short in {blocks} block(s)); check that the targets are reachable, or raise --max-iterations")]
    NotConverged {
        /// Iterations run.
        iterations: u32,
        /// Blocks still missing a target.
        blocks: usize,
    },
}
