//! Where an agent group's time goes: the share of its busy time spent on each queue.

use super::ReplicationTally;
use crate::model::{GroupId, Model, QueueId};
use std::ops::Range;

/// Share of `group`'s busy time over `intervals` spent on `queue` in one replication:
/// busy time on that skill ÷ busy time on all the group's skills. `None` when the group lacks
/// the skill, was never busy, or the tally predates per-skill busy time.
pub fn busy_share(
    model: &Model,
    tally: &ReplicationTally,
    group: GroupId,
    queue: QueueId,
    intervals: Range<usize>,
) -> Option<f64> {
    let topology = model.topology();
    let skill = topology.skill_index(group, queue)?;
    if tally.skills == 0 {
        return None;
    }
    let busy_on = |k: usize| intervals.clone().map(|i| tally.skill_busy_at(i, k)).sum::<f64>();
    let all: f64 = model.groups()[group.index()]
        .skills
        .iter()
        .filter_map(|s| topology.skill_index(group, s.queue))
        .map(busy_on)
        .sum();
    (all > 0.0).then(|| busy_on(skill) / all)
}
