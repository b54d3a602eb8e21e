//! Static skill priority: an agent serves its skills in priority order.

use super::{longest_idle_group, RoutingPolicy, View};
use crate::model::{GroupId, QueueId};

/// Static skill priority.
///
/// A freed agent looks at its skills from the highest priority (lowest number) down and takes
/// the head of the first level with anyone waiting; among queues of the same level, the
/// longest-waiting head; FIFO within a queue. An arriving contact goes to the longest-idle
/// eligible agent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Priority;

impl RoutingPolicy for Priority {
    fn name(&self) -> &str {
        "priority"
    }

    #[inline]
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        longest_idle_group(view, queue)
    }

    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        let mut best: Option<(u32, QueueId, f64)> = None;
        for skill in view.topology.skills_of(group) {
            if let Some((level, _, _)) = best {
                if skill.priority > level {
                    break; // skills are sorted by priority: a higher level already has work
                }
            }
            let qv = view.queues[skill.queue.index()];
            if qv.waiting > 0 && best.is_none_or(|(_, _, t)| qv.head_arrival_s < t) {
                best = Some((skill.priority, skill.queue, qv.head_arrival_s));
            }
        }
        best.map(|(_, q, _)| q)
    }
}
