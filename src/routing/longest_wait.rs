//! Longest wait first across an agent's skills, ignoring priorities.

use super::{longest_idle_group, RoutingPolicy, View};
use crate::model::{GroupId, QueueId};

/// A freed agent takes the contact that has waited longest among all its skills; an arriving
/// contact goes to the longest-idle eligible agent.
#[derive(Debug, Clone, Copy, Default)]
pub struct LongestWait;

impl RoutingPolicy for LongestWait {
    fn name(&self) -> &str {
        "longest-wait"
    }

    #[inline]
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        longest_idle_group(view, queue)
    }

    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        let mut best: Option<(QueueId, f64)> = None;
        for skill in view.topology.skills_of(group) {
            let qv = view.queues[skill.queue.index()];
            if qv.waiting > 0 && best.is_none_or(|(_, t)| qv.head_arrival_s < t) {
                best = Some((skill.queue, qv.head_arrival_s));
            }
        }
        best.map(|(q, _)| q)
    }
}
