//! The summary of an experiment: KPIs per queue and group over the horizon, and per interval.

use super::{GroupKpis, QueueKpis, ReplicationTally};
use crate::model::Model;

/// KPIs of one queue in one interval.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    /// Interval index (0-based).
    pub interval: usize,
    /// Queue index.
    pub queue: usize,
    /// KPIs of the contacts that arrived in this interval.
    pub kpis: QueueKpis,
}

/// Everything an experiment reports, computed from replication tallies.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Replications summarised.
    pub replications: usize,
    /// Per queue, over the horizon after warm-up.
    pub queues: Vec<QueueKpis>,
    /// Per group, over the horizon after warm-up.
    pub groups: Vec<GroupKpis>,
    /// Per group and interval (`[interval][group]`), occupancy etc.
    pub group_intervals: Vec<Vec<GroupKpis>>,
    /// Per interval after warm-up and queue.
    pub intervals: Vec<IntervalRow>,
    /// Contacts left waiting at the end, summed over replications (0 when the day drained).
    pub left_in_system: u64,
}

/// Summarises tallies given in replication order (the order fixes every bit of the result).
pub fn summarise(model: &Model, tallies: &[ReplicationTally]) -> Summary {
    let warm = model.horizon.warmup_intervals;
    let nq = model.queues.len();
    let ng = model.groups.len();
    let queues = (0..nq)
        .map(|q| {
            let per_rep: Vec<_> = tallies.iter().map(|t| t.queue_total(q, warm)).collect();
            QueueKpis::from_tallies(&per_rep)
        })
        .collect();
    let groups = (0..ng)
        .map(|g| {
            let per_rep: Vec<_> = tallies.iter().map(|t| t.group_total(g, warm)).collect();
            GroupKpis::from_tallies(&per_rep)
        })
        .collect();
    let mut intervals = Vec::new();
    let mut group_intervals = Vec::new();
    for i in warm..model.horizon.intervals {
        for q in 0..nq {
            let per_rep: Vec<_> = tallies.iter().map(|t| *t.queue_at(i, q)).collect();
            intervals.push(IntervalRow {
                interval: i,
                queue: q,
                kpis: QueueKpis::from_tallies(&per_rep),
            });
        }
        group_intervals.push(
            (0..ng)
                .map(|g| {
                    let per_rep: Vec<_> = tallies.iter().map(|t| *t.group_at(i, g)).collect();
                    GroupKpis::from_tallies(&per_rep)
                })
                .collect(),
        );
    }
    Summary {
        replications: tallies.len(),
        queues,
        groups,
        group_intervals,
        intervals,
        left_in_system: tallies.iter().map(|t| t.left_in_system).sum(),
    }
}
