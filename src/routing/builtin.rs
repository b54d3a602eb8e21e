//! The built-in policies: one rule per [`PolicyKind`] for the freed agent, one per
//! [`AgentChoice`] for the arriving contact. The rules are documented in `docs/routing.md`.

use super::View;
use super::{longest_idle_group, AgentChoice, PolicyKind, QueueView, RoutingConfig, RoutingPolicy};
use crate::model::{GroupId, QueueId, Skill};

/// A built-in policy with its scenario configuration (agent choice, queue weights).
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltinPolicy {
    routing: RoutingConfig,
}

impl BuiltinPolicy {
    /// The policy a scenario's `[routing]` table configures (or just a [`PolicyKind`]).
    pub fn new(routing: impl Into<RoutingConfig>) -> Self {
        BuiltinPolicy { routing: routing.into() }
    }

    /// The configuration in use.
    pub fn routing(&self) -> &RoutingConfig {
        &self.routing
    }

    /// The freed agent's rule: the sort key of an eligible queue, larger first; the first
    /// skill in priority order wins exact ties.
    #[inline]
    fn key(&self, view: &View<'_>, skill: &Skill, q: &QueueView) -> [f64; 3] {
        let priority = -(skill.priority as f64);
        let order = -(skill.queue.index() as f64);
        match self.routing.policy {
            PolicyKind::Priority => [priority, -q.head_arrival_s, 0.0],
            PolicyKind::LongestWait => [-q.head_arrival_s, 0.0, 0.0],
            PolicyKind::LongestQueue => [q.waiting as f64, priority, order],
            PolicyKind::WeightedWait => {
                let w = self.routing.weight(skill.queue.index());
                [q.head_wait_s(view.now_s) * w, priority, order]
            }
            PolicyKind::SlaUrgency => [sla_urgency(view.now_s, q), priority, order],
        }
    }
}

/// The `sla-urgency` index of a queue: its head's wait as a share of the service-level
/// threshold, plus how far the queue's service level so far this interval is behind target,
/// in units of the misses the target allows (`(target − SL) ÷ (1 − target)`, 0 when on or
/// above target or before any contact of the interval ended).
///
/// One unit is "the head has waited a whole threshold" or "the interval is behind target by
/// all the misses it may have": a queue behind target is served before one with a longer
/// relative wait that is on target.
pub fn sla_urgency(now_s: f64, q: &QueueView) -> f64 {
    let relative_wait = q.head_wait_s(now_s) / q.threshold_s.max(1.0);
    let allowed_misses = (1.0 - q.target).max(0.01);
    let behind = q.interval_service_level().map_or(0.0, |sl| (q.target - sl).max(0.0));
    relative_wait + behind / allowed_misses
}

impl RoutingPolicy for BuiltinPolicy {
    fn name(&self) -> &str {
        self.routing.policy.name()
    }

    #[inline]
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        match self.routing.agent_choice {
            AgentChoice::LongestIdle => longest_idle_group(view, queue),
            AgentChoice::SkillPriority => {
                let mut best: Option<(GroupId, u32)> = None;
                for (g, skill) in view.topology.groups_for(queue) {
                    if view.groups[g.index()].idle > 0
                        && best.is_none_or(|(_, p)| skill.priority < p)
                        && view.eligible(skill)
                    {
                        best = Some((*g, skill.priority));
                    }
                }
                best.map(|(g, _)| g)
            }
        }
    }

    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        let mut best: Option<(QueueId, [f64; 3])> = None;
        for skill in view.topology.skills_of(group) {
            if !view.eligible(skill) {
                continue;
            }
            let key = self.key(view, skill, &view.queues[skill.queue.index()]);
            if best.is_none_or(|(_, b)| key > b) {
                best = Some((skill.queue, key));
            }
        }
        best.map(|(q, _)| q)
    }
}
