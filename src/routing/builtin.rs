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

    #[inline]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GroupSpec, Topology};
    use crate::routing::{GroupView, RoutingConfig};

    /// One group serving queue 1 then queue 0, both at `priority`, written in that order.
    fn topology(p1: u32, p0: u32) -> Topology {
        let g = GroupSpec {
            name: "g".into(),
            skills: vec![
                Skill::new(QueueId::new(1), p1, 1.0),
                Skill::new(QueueId::new(0), p0, 1.0),
            ],
            agents: vec![1],
            shrinkage: 0.0,
        };
        Topology::new(2, &[g])
    }

    /// A queue whose head arrived at `head` with `waiting` contacts, threshold 20 s, target 80%.
    fn queue(waiting: u32, head: f64) -> QueueView {
        QueueView { waiting, head_arrival_s: head, ..QueueView::new(20.0, 0.8) }
    }

    fn choose(policy: RoutingConfig, topology: &Topology, queues: &[QueueView]) -> Option<usize> {
        let groups =
            [GroupView { idle: 0, busy: 1, staffed: 1, longest_idle_since_s: f64::INFINITY }];
        let view = View { now_s: 100.0, topology, queues, groups: &groups };
        BuiltinPolicy::new(policy).contact_for_agent(&view, GroupId::new(0)).map(|q| q.index())
    }

    #[test]
    fn weighted_wait_multiplies_the_head_wait_by_the_weight() {
        let t = topology(1, 1);
        // Queue 0's head waited 10 s (weight 1), queue 1's 6 s (weight 2): 10 < 12.
        let queues = [queue(1, 90.0), queue(1, 94.0)];
        let mut config = RoutingConfig::new(PolicyKind::WeightedWait);
        assert_eq!(choose(config.clone(), &t, &queues), Some(0), "unit weights: longest wait");
        config.weights = vec![1.0, 2.0];
        assert_eq!(choose(config.clone(), &t, &queues), Some(1));
        config.weights = vec![1.0, 1.5]; // 9 < 10
        assert_eq!(choose(config, &t, &queues), Some(0));
    }

    #[test]
    fn ties_go_to_the_priority_number_then_to_the_queue_listed_first() {
        let queues = [queue(3, 90.0), queue(3, 90.0)];
        for kind in [PolicyKind::LongestQueue, PolicyKind::WeightedWait, PolicyKind::SlaUrgency] {
            // Equal priorities: queue 0 (listed first in the scenario), though the group
            // wrote queue 1 first.
            assert_eq!(choose(RoutingConfig::new(kind), &topology(1, 1), &queues), Some(0));
            // A lower priority number wins the tie.
            assert_eq!(choose(RoutingConfig::new(kind), &topology(1, 2), &queues), Some(1));
        }
        // priority: the number first, whatever the waits.
        let queues = [queue(1, 10.0), queue(5, 99.0)];
        assert_eq!(
            choose(RoutingConfig::new(PolicyKind::Priority), &topology(1, 2), &queues),
            Some(1)
        );
        assert_eq!(
            choose(RoutingConfig::new(PolicyKind::LongestWait), &topology(1, 2), &queues),
            Some(0)
        );
        assert_eq!(
            choose(RoutingConfig::new(PolicyKind::LongestQueue), &topology(2, 1), &queues),
            Some(1)
        );
    }

    #[test]
    fn sla_urgency_adds_the_relative_wait_and_the_shortfall_in_allowed_misses() {
        // Head waited 10 s of a 20 s threshold: 0.5.
        let mut q = queue(2, 90.0);
        assert!((sla_urgency(100.0, &q) - 0.5).abs() < 1e-12);
        // 6 of 10 within T this interval against 80%: behind by 0.2, a whole 0.2 of allowed
        // misses, so +1.
        q.ended_in_interval = 10;
        q.within_in_interval = 6;
        assert!((sla_urgency(100.0, &q) - 1.5).abs() < 1e-12);
        // 9 of 10: above target, nothing added.
        q.within_in_interval = 9;
        assert!((sla_urgency(100.0, &q) - 0.5).abs() < 1e-12);
        // A 100% target allows no misses: the shortfall counts in units of 1%.
        let mut strict = QueueView { target: 1.0, ..q };
        strict.within_in_interval = 9;
        assert!((sla_urgency(100.0, &strict) - (0.5 + 0.1 / 0.01)).abs() < 1e-9);
        // Nobody waiting: only the shortfall.
        let empty =
            QueueView { waiting: 0, head_arrival_s: f64::INFINITY, within_in_interval: 6, ..q };
        assert!((sla_urgency(100.0, &empty) - 1.0).abs() < 1e-12);
        // The queue behind target goes first even with the shorter relative wait.
        let t = topology(1, 1);
        let behind = QueueView { ended_in_interval: 10, within_in_interval: 6, ..queue(1, 95.0) };
        let on_target = queue(1, 85.0);
        let config = RoutingConfig::new(PolicyKind::SlaUrgency);
        assert_eq!(choose(config.clone(), &t, &[on_target, behind]), Some(1));
        assert_eq!(choose(config, &t, &[on_target, queue(1, 95.0)]), Some(0));
    }

    #[test]
    fn skill_priority_takes_the_lowest_number_and_ties_go_to_the_group_listed_first() {
        // Three groups serving queue 0 at priorities 2, 1, 1: the second, listed before the
        // third (mutation testing found `<=` in place of `<`, the last of the tied groups).
        let group = |name: &str, p: u32| GroupSpec {
            name: name.into(),
            skills: vec![Skill::new(QueueId::new(0), p, 1.0)],
            agents: vec![1],
            shrinkage: 0.0,
        };
        let t = Topology::new(1, &[group("a", 2), group("b", 1), group("c", 1)]);
        let idle = GroupView { idle: 1, busy: 0, staffed: 1, longest_idle_since_s: 0.0 };
        let busy = GroupView { idle: 0, ..idle };
        let queues = [queue(1, 90.0)];
        let mut config = RoutingConfig::new(PolicyKind::Priority);
        config.agent_choice = AgentChoice::SkillPriority;
        let policy = BuiltinPolicy::new(config);
        let pick = |groups: &[GroupView]| {
            let view = View { now_s: 100.0, topology: &t, queues: &queues, groups };
            policy.agent_for_arrival(&view, QueueId::new(0)).map(|g| g.index())
        };
        assert_eq!(pick(&[idle, idle, idle]), Some(1));
        assert_eq!(pick(&[idle, busy, idle]), Some(2));
        assert_eq!(pick(&[idle, busy, busy]), Some(0));
        assert_eq!(pick(&[busy, busy, busy]), None);
    }
}
