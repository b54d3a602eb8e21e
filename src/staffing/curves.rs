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
            let mut s = plan.clone();
            let row = &mut s.agents[g];
            if row[warm..].iter().any(|&a| (a as i64 + offset as i64) < 1) {
                continue; // no interval may drop to zero agents
            }
            row.iter_mut().for_each(|a| *a = (*a as i64 + offset as i64) as u32);
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
