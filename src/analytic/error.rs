//! Typed errors of the analytic module.

use thiserror::Error;

/// Why an analytic computation could not give a number.
///
/// Every public function of [`crate::analytic`] reports bad input and impossible questions
/// through this type instead of returning NaN or panicking, so that callers (the CLI, the
/// staffing search) can tell the user what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AnalyticError {
    /// A parameter that must be a finite number greater than zero was not.
    #[error("{name} must be a finite number greater than 0, got {value}")]
    NotPositive {
        /// Name of the offending parameter, as the caller knows it.
        name: &'static str,
        /// The value that was given.
        value: f64,
    },
    /// A parameter that must be a finite number of at least zero was not.
    #[error("{name} must be a finite number of at least 0, got {value}")]
    Negative {
        /// Name of the offending parameter.
        name: &'static str,
        /// The value that was given.
        value: f64,
    },
    /// A target probability was outside the open interval it must lie in.
    #[error("{name} must lie strictly between 0 and 1, got {value}")]
    NotAProbability {
        /// Name of the offending target.
        name: &'static str,
        /// The value that was given.
        value: f64,
    },
    /// The number of agents was zero; every model here needs at least one agent.
    #[error("the number of agents must be at least 1")]
    NoAgents,
    /// More agents than the formulas evaluate (their cost grows with the head-count).
    #[error("{agents} agents is more than the {limit} agents the Erlang formulas evaluate")]
    TooManyAgents {
        /// The number of agents asked about.
        agents: u32,
        /// The largest number of agents evaluated ([`crate::analytic::MAX_AGENTS`]).
        limit: u32,
    },
    /// Erlang C (no abandonment) with offered load at or above the number of agents: the
    /// queue grows without bound, so there is no steady state to report.
    #[error(
        "unstable queue: offered load {load_erlangs:.4} Erlangs needs more than {agents} agents \
         when callers never abandon (Erlang C is stable only if load < agents)"
    )]
    Unstable {
        /// Offered load λ·AHT in Erlangs.
        load_erlangs: f64,
        /// The number of agents that was asked about.
        agents: u32,
    },
    /// [`crate::analytic::min_agents`] was called without any target to meet.
    #[error("no staffing target given: set a service-level, abandonment or ASA target")]
    NoTargets,
    /// No agent count up to the search limit meets the targets.
    #[error("no number of agents up to {limit} meets the targets")]
    TargetUnreachable {
        /// The largest agent count that was tried.
        limit: u32,
    },
    /// Erlang A with callers so patient, relative to the arrivals and handle times, that the
    /// queue lengths its sums walk over cannot be told apart in double precision
    /// (see [`crate::analytic::erlang_a`]).
    #[error(
        "mean patience {patience_s:.3e} s is too long for Erlang A with these arrivals and agents \
         (at most {max_patience_s:.3e} s); callers this patient practically never abandon, so \
         leave the patience out (Erlang C) where the queue is stable"
    )]
    PatienceTooLong {
        /// The mean patience given.
        patience_s: f64,
        /// The longest mean patience that can be evaluated for these arrivals and agents.
        max_patience_s: f64,
    },
    /// An internal series or continued fraction did not converge (should not happen for
    /// finite inputs; reported rather than returning an inaccurate number).
    #[error("numerical evaluation did not converge: {what}")]
    NoConvergence {
        /// Which evaluation failed.
        what: &'static str,
    },
}

/// Checks that `value` is finite and > 0.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, AnalyticError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(AnalyticError::NotPositive { name, value })
    }
}

/// Checks that `value` is finite and ≥ 0.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, AnalyticError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(AnalyticError::Negative { name, value })
    }
}

/// Checks a head-count: at least one agent, and at most [`super::MAX_AGENTS`] (the Erlang B
/// recursion under every formula takes one step per agent).
pub(crate) fn agent_count(agents: u32) -> Result<(), AnalyticError> {
    if agents == 0 {
        Err(AnalyticError::NoAgents)
    } else if agents > super::MAX_AGENTS {
        Err(AnalyticError::TooManyAgents { agents, limit: super::MAX_AGENTS })
    } else {
        Ok(())
    }
}
