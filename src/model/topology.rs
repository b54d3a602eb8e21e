//! Which groups serve which queues, precomputed once so routing decisions cost
//! O(queues + groups) and never look at individual agents.

use super::{GroupId, GroupSpec, QueueId, Skill};

/// Skill topology of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// For each queue: the groups with that skill and their skill, in group order.
    by_queue: Vec<Vec<(GroupId, Skill)>>,
    /// For each group: its skills sorted by priority (stable: ties keep the written order).
    by_group: Vec<Vec<Skill>>,
    /// For each queue: the distinct positive `after_s` of its skills, ascending (the waits at
    /// which a contact becomes eligible for more groups).
    after_levels: Vec<Vec<f64>>,
    /// Index of each (group, queue) skill among all skills (`u32::MAX` = not skilled),
    /// flattened `[g * queues + q]`; skills are numbered group by group in written order.
    skill_index: Vec<u32>,
    /// Every skill, in [`Self::skill_index`] order.
    by_index: Vec<Skill>,
    queues: usize,
}

impl Topology {
    /// Builds the topology of `groups` over `queues` contact types.
    pub fn new(queues: usize, groups: &[GroupSpec]) -> Self {
        let mut by_queue = vec![Vec::new(); queues];
        let mut skill_index = vec![u32::MAX; queues * groups.len()];
        let mut after_levels: Vec<Vec<f64>> = vec![Vec::new(); queues];
        let mut by_group = Vec::with_capacity(groups.len());
        let mut by_index = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            for s in &g.skills {
                skill_index[gi * queues + s.queue.index()] = by_index.len() as u32;
                by_index.push(*s);
            }
            let mut skills = g.skills.clone();
            skills.sort_by_key(|s| s.priority);
            for s in &skills {
                by_queue[s.queue.index()].push((GroupId::new(gi), *s));
                if s.after_s > 0.0 {
                    after_levels[s.queue.index()].push(s.after_s);
                }
            }
            by_group.push(skills);
        }
        for levels in &mut after_levels {
            levels.sort_by(f64::total_cmp);
            levels.dedup();
        }
        Topology { by_queue, by_group, after_levels, skill_index, by_index, queues }
    }

    /// Groups able to serve `queue`, with their skill, in group order.
    pub fn groups_for(&self, queue: QueueId) -> &[(GroupId, Skill)] {
        &self.by_queue[queue.index()]
    }

    /// Skills of `group` in priority order.
    pub fn skills_of(&self, group: GroupId) -> &[Skill] {
        &self.by_group[group.index()]
    }

    /// Speed of `group` on `queue` (0 when it lacks the skill).
    #[inline]
    pub fn speed(&self, group: GroupId, queue: QueueId) -> f64 {
        self.skill(group, queue).map_or(0.0, |s| s.speed)
    }

    /// The skill of `group` on `queue`, if it has one (O(1)).
    #[inline]
    pub fn skill(&self, group: GroupId, queue: QueueId) -> Option<&Skill> {
        self.by_index.get(self.skill_index(group, queue)?)
    }

    /// The distinct positive `after_s` of the skills on `queue`, ascending.
    pub fn after_levels(&self, queue: QueueId) -> &[f64] {
        &self.after_levels[queue.index()]
    }

    /// Number of (group, queue) skills in the model.
    pub fn skill_count(&self) -> usize {
        self.by_index.len()
    }

    /// Index of the skill of `group` on `queue` among [`Self::skill_count`] (numbered group by
    /// group, in written order), or `None` when the group lacks it.
    #[inline]
    pub fn skill_index(&self, group: GroupId, queue: QueueId) -> Option<usize> {
        let i = *self.skill_index.get(group.index() * self.queues + queue.index())?;
        (i != u32::MAX).then_some(i as usize)
    }

    /// [`Self::skill_index`] of every (group, queue), flattened `[group * queues + queue]`,
    /// `u32::MAX` where the group lacks the skill (for per-contact lookups in hot loops).
    pub fn skill_indices(&self) -> &[u32] {
        &self.skill_index
    }
}
