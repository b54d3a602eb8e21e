//! The steady-state KPIs every evaluator returns.

use serde::Serialize;

use super::queue::QueueModel;

/// Steady-state KPIs of one queue at one head-count, with the definitions of DESIGN.md §4.
///
/// Probabilities are fractions in [0, 1]; times are in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErlangKpis {
    /// Which model produced the figures.
    pub model: QueueModel,
    /// Number of agents c.
    pub agents: u32,
    /// Offered load A = λ·AHT in Erlangs.
    pub offered_load_erlangs: f64,
    /// The threshold T (seconds) at which `service_level` and `sl_answered` are evaluated.
    pub sl_seconds: f64,
    /// P(an arriving caller finds every agent busy), i.e. P(wait > 0).
    pub p_wait: f64,
    /// SL(T) = callers answered within T ÷ all arrivals (abandons count as failures).
    pub service_level: f64,
    /// Callers answered within T ÷ answered callers.
    pub sl_answered: f64,
    /// ASA: mean wait of answered callers (s).
    pub asa_s: f64,
    /// Mean wait of all callers (s), an abandoner's wait being its time until it hung up.
    pub mean_wait_all_s: f64,
    /// Share of callers who abandon (0 for Erlang C).
    pub p_abandon: f64,
    /// Busy agent time ÷ staffed agent time = λ(1 − P(ab))·AHT / c.
    pub occupancy: f64,
}
