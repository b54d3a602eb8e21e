//! Exact steady-state formulas for single-queue systems: Erlang B, Erlang C and Erlang A,
//! and their inverses.
//!
//! Models: Poisson arrivals, exponential handle times, c agents, first come first served;
//! Erlang C (M/M/c) when callers never hang up, Erlang A (M/M/c+M) when they hang up after
//! an exponential patience. KPIs follow DESIGN.md §4 (see [`ErlangKpis`]); the formulas and
//! the reference values they are tested against are in `tests/data/erlang_reference.csv`.
//!
//! Everything is computed in log space or from kernel-scaled incomplete gamma functions, so
//! results stay finite and accurate to about 1e-12 for thousands of agents. Invalid input
//! and unanswerable questions are typed [`AnalyticError`]s, never NaN or a panic.
//!
//! Entry points: [`evaluate`] (model chosen by the queue's patience), [`erlang_b`],
//! [`erlang_c`], [`erlang_a`], the inverse [`min_agents`], and the time-varying offered load
//! [`infinite_server_load`] (an M_t/G/∞ system's mean busy servers per interval).

mod bell;
mod erlang_a;
mod erlang_b;
mod erlang_c;
mod error;
mod gamma;
mod inverse;
mod kpis;
mod offered_load;
mod queue;
mod special;
mod waiting;

#[cfg(test)]
mod crosscheck;

/// The scenario model's service-level target, the same concept here: re-exported so that
/// callers of [`min_agents`] need not reach into `model`. There is one type.
pub use crate::model::ServiceLevelTarget;
pub use erlang_a::erlang_a;
pub use erlang_b::erlang_b;
pub use erlang_c::erlang_c;
pub use error::AnalyticError;
pub use gamma::{ln_regularized_lower, ln_regularized_upper};
pub use inverse::{min_agents, Targets, MAX_AGENTS};
pub use kpis::ErlangKpis;
pub use offered_load::infinite_server_load;
pub use queue::{Queue, QueueModel};

/// KPIs of `queue` staffed with `agents` agents, service level at `sl_seconds`: Erlang C if
/// the queue has no patience, Erlang A otherwise.
///
/// Errors: [`AnalyticError::NoAgents`] for 0 agents, [`AnalyticError::Unstable`] for an
/// Erlang C queue whose load is at least `agents`, and invalid `sl_seconds`.
pub fn evaluate(queue: &Queue, agents: u32, sl_seconds: f64) -> Result<ErlangKpis, AnalyticError> {
    match queue.patience_s() {
        None => erlang_c::erlang_c_for(queue, agents, sl_seconds),
        Some(patience_s) => erlang_a::erlang_a_for(queue, patience_s, agents, sl_seconds),
    }
}
