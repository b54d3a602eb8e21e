//! The inverse question: the fewest agents that meet service targets.

use super::error::{non_negative, positive, AnalyticError};
use super::evaluate;
use super::kpis::ErlangKpis;
use super::queue::{Queue, QueueModel};
use crate::model::ServiceLevelTarget;

/// Largest head-count [`min_agents`] will consider.
pub const MAX_AGENTS: u32 = 1_000_000;

/// The targets a staffing level must meet together; `None` means "no constraint".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Targets {
    /// Minimum service level at a threshold: at least `target` of all callers answered within
    /// `threshold_s` seconds (abandons count as failures, DESIGN.md §4). For the inverse the
    /// target must be strictly between 0 and 1.
    pub service_level: Option<ServiceLevelTarget>,
    /// Maximum share of callers who abandon, strictly between 0 and 1.
    pub max_abandon: Option<f64>,
    /// Maximum ASA (mean wait of answered callers) in seconds, > 0.
    pub max_asa_s: Option<f64>,
}

impl Targets {
    /// Rejects empty target sets and values no head-count could ever meet by definition.
    fn validate(&self) -> Result<(), AnalyticError> {
        if self.service_level.is_none() && self.max_abandon.is_none() && self.max_asa_s.is_none() {
            return Err(AnalyticError::NoTargets);
        }
        if let Some(sl) = self.service_level {
            non_negative("service-level threshold (s)", sl.threshold_s)?;
            probability("service-level target", sl.target)?;
        }
        if let Some(max) = self.max_abandon {
            probability("maximum abandonment", max)?;
        }
        if let Some(max) = self.max_asa_s {
            positive("maximum ASA (s)", max)?;
        }
        Ok(())
    }

    /// Whether `agents` agents meet every target; an unstable Erlang C head-count meets none.
    fn met_by(&self, queue: &Queue, agents: u32) -> Result<bool, AnalyticError> {
        let threshold = self.service_level.map_or(0.0, |sl| sl.threshold_s);
        let kpis = match evaluate(queue, agents, threshold) {
            Err(AnalyticError::Unstable { .. }) => return Ok(false),
            other => other?,
        };
        Ok(self.service_level.is_none_or(|sl| kpis.service_level >= sl.target)
            && self.max_abandon.is_none_or(|max| kpis.p_abandon <= max)
            && self.max_asa_s.is_none_or(|max| kpis.asa_s <= max))
    }
}

fn probability(name: &'static str, value: f64) -> Result<f64, AnalyticError> {
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(AnalyticError::NotAProbability { name, value })
    }
}

/// The fewest agents meeting all `targets`, with their KPIs (service level reported at
/// `sl_seconds`; the service-level target carries its own threshold).
///
/// Every KPI improves with each added agent, so the search starts at the stability bound
/// (⌊A⌋ + 1 for Erlang C, 1 for Erlang A), doubles its step until a head-count meets the
/// targets, then bisects: O(log c) evaluations. Errors with
/// [`AnalyticError::TargetUnreachable`] if nothing up to [`MAX_AGENTS`] meets them.
pub fn min_agents(
    queue: &Queue,
    targets: &Targets,
    sl_seconds: f64,
) -> Result<ErlangKpis, AnalyticError> {
    targets.validate()?;
    non_negative("service-level threshold (s)", sl_seconds)?;
    let start = match queue.model() {
        QueueModel::ErlangC => queue.offered_load_erlangs().floor() + 1.0,
        QueueModel::ErlangA => 1.0,
    };
    let unreachable = AnalyticError::TargetUnreachable { limit: MAX_AGENTS };
    if start > f64::from(MAX_AGENTS) {
        return Err(unreachable);
    }
    let start = start as u32;
    // Invariant: `fails` does not meet the targets (or is below the start), `meets` does.
    let mut fails = start - 1;
    let mut step = 1_u32;
    let mut meets = start;
    while !targets.met_by(queue, meets)? {
        if meets == MAX_AGENTS {
            return Err(unreachable);
        }
        fails = meets;
        meets = meets.saturating_add(step).min(MAX_AGENTS);
        step = step.saturating_mul(2);
    }
    while meets - fails > 1 {
        let mid = fails + (meets - fails) / 2;
        if targets.met_by(queue, mid)? {
            meets = mid;
        } else {
            fails = mid;
        }
    }
    evaluate(queue, meets, sl_seconds)
}
