//! The summary of an experiment: KPIs per queue and group over the horizon, and per interval.

use super::{busy_share, Estimate, GroupKpis, QueueKpis, ReplicationTally};
use crate::model::{GroupId, Model};

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
    /// Per group, the share of its busy time spent on each of its skills' queues (in the
    /// order the skills are written), over the horizon after warm-up.
    pub busy_share: Vec<Vec<(usize, Estimate)>>,
    /// The same per interval after warm-up: `[interval][group]`.
    pub busy_share_intervals: Vec<Vec<Vec<(usize, Estimate)>>>,
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
    // Busy share of group g on each of its skills' queues, per replication.
    let share = |g: usize, intervals: std::ops::Range<usize>| {
        model.groups[g]
            .skills
            .iter()
            .map(|s| {
                let est =
                    Estimate::from_proportions(tallies.iter().map(|t| {
                        busy_share(model, t, GroupId::new(g), s.queue, intervals.clone())
                    }));
                (s.queue.index(), est)
            })
            .collect::<Vec<_>>()
    };
    let n = model.horizon.intervals;
    let busy_share = (0..ng).map(|g| share(g, warm..n)).collect();
    let busy_share_intervals =
        (warm..n).map(|i| (0..ng).map(|g| share(g, i..i + 1)).collect()).collect();
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
        busy_share,
        busy_share_intervals,
        left_in_system: tallies.iter().map(|t| t.left_in_system).sum(),
    }
}
