//! KPI curves against head-count: the evidence behind a recommendation.

use super::erlang_start::primary_groups;
use super::{Blocks, Evaluator, Progress};
use crate::model::{Model, Staffing};
use crate::routing::RoutingPolicy;
use crate::sim::SimError;
use crate::stats::{Estimate, QueueKpis, QueueTally};

/// One point of a queue's curves: the plan shifted by `offset` agents in one group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Agents added to (or, negative, removed from) every interval of the varied group.
    pub offset: i32,
    /// Mean head-count of the varied group per judged interval.
    pub mean_agents: f64,
    /// Service level over the horizon.
    pub service_level: Estimate,
    /// ASA over the horizon, seconds.
    pub asa_s: Estimate,
    /// Abandonment rate over the horizon.
    pub abandon_rate: Estimate,
}

/// Service level, ASA and abandonment of one queue against the head-count of its primary group.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueCurve {
    /// Queue index.
    pub queue: usize,
    /// The group varied (the queue's first-priority group).
    pub group: usize,
    /// Points in increasing offset.
    pub points: Vec<CurvePoint>,
}

/// `row` with `offset` agents added to every interval, or `None` when a judged interval (from
/// `warm` on) would have fewer than one agent or more than `u32::MAX`. Warm-up intervals are
/// not judged: there the shift stops at zero agents instead of wrapping below it.
fn shifted_row(row: &[u32], offset: i32, warm: usize) -> Option<Vec<u32>> {
    row.iter()
        .enumerate()
        .map(|(i, &a)| match a.checked_add_signed(offset) {
            Some(x) if i < warm || x >= 1 => Some(x),
            None if i < warm && offset < 0 => Some(0),
            _ => None,
        })
        .collect()
}

/// Simulates `plan` shifted by `-span..=span` agents in each queue's primary group.
pub fn kpi_curves<P: RoutingPolicy>(
    model: &Model,
    policy: &P,
    plan: &Staffing,
    seed: u64,
    replications: u32,
    span: i32,
    progress: &dyn Progress,
) -> Result<Vec<QueueCurve>, SimError> {
    let blocks = Blocks::for_model(model);
    let warm = model.horizon.warmup_intervals;
    let n = model.horizon.intervals;
    let mut eval = Evaluator::new(model, policy, &blocks, seed, replications, progress);
    let mut out = Vec::new();
    for q in 0..model.queues.len() {
        let g = primary_groups(model, q)[0].index();
        let mut points = Vec::new();
        for offset in -span..=span {
            let Some(row) = shifted_row(&plan.agents[g], offset, warm) else {
                continue; // a judged interval would drop below one agent
            };
            let mut s = plan.clone();
            s.agents[g] = row;
            let row = &s.agents[g];
            let mean_agents =
                row[warm..].iter().map(|&a| a as f64).sum::<f64>() / (n - warm) as f64;
            let ev = eval.evaluate(&s)?;
            let per_rep: Vec<QueueTally> =
                ev.tallies.iter().map(|t| t.queue_total(q, warm)).collect();
            let k = QueueKpis::from_tallies(&per_rep);
            points.push(CurvePoint {
                offset,
                mean_agents,
                service_level: k.service_level,
                asa_s: k.asa_s,
                abandon_rate: k.abandon_rate,
            });
        }
        out.push(QueueCurve { queue: q, group: g, points });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::shifted_row;

    #[test]
    fn shifting_below_zero_in_the_warm_up_stops_at_zero_instead_of_wrapping() {
        // Issue 11: 0 − 4 in a warm-up interval wrapped to 4 294 967 292 agents.
        assert_eq!(shifted_row(&[0, 1, 6, 7], -4, 1), None, "judged interval 1 − 4 < 1");
        assert_eq!(shifted_row(&[0, 2, 6, 7], -4, 2), Some(vec![0, 0, 2, 3]));
        assert_eq!(shifted_row(&[0, 2, 6, 7], 3, 2), Some(vec![3, 5, 9, 10]));
        assert_eq!(shifted_row(&[5, 6], -5, 0), None, "no judged interval may drop to zero");
        assert_eq!(shifted_row(&[u32::MAX], 1, 0), None, "no overflow above either");
    }
}
