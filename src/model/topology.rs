//! Which groups serve which queues, precomputed once so routing decisions cost
//! O(queues + groups) and never look at individual agents.

use super::{GroupId, GroupSpec, QueueId, Skill};

/// Skill topology of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// For each queue: the groups with that skill and their speed, in group order.
    by_queue: Vec<Vec<(GroupId, f64)>>,
    /// For each group: its skills sorted by priority (stable: ties keep the written order).
    by_group: Vec<Vec<Skill>>,
    /// Speed of group g on queue q (0 = not skilled), flattened `[g * queues + q]`.
    speed: Vec<f64>,
    queues: usize,
}

impl Topology {
    /// Builds the topology of `groups` over `queues` contact types.
    pub fn new(queues: usize, groups: &[GroupSpec]) -> Self {
        let mut by_queue = vec![Vec::new(); queues];
        let mut speed = vec![0.0; queues * groups.len()];
        let mut by_group = Vec::with_capacity(groups.len());
        for (gi, g) in groups.iter().enumerate() {
            let mut skills = g.skills.clone();
            skills.sort_by_key(|s| s.priority);
            for s in &skills {
                by_queue[s.queue.index()].push((GroupId::new(gi), s.speed));
                speed[gi * queues + s.queue.index()] = s.speed;
            }
            by_group.push(skills);
        }
        Topology { by_queue, by_group, speed, queues }
    }

    /// Groups able to serve `queue`, with their speed.
    pub fn groups_for(&self, queue: QueueId) -> &[(GroupId, f64)] {
        &self.by_queue[queue.index()]
    }

    /// Skills of `group` in priority order.
    pub fn skills_of(&self, group: GroupId) -> &[Skill] {
        &self.by_group[group.index()]
    }

    /// Speed of `group` on `queue` (0 when it lacks the skill).
    pub fn speed(&self, group: GroupId, queue: QueueId) -> f64 {
        self.speed[group.index() * self.queues + queue.index()]
    }
}
