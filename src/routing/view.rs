//! What a policy may see at the moment of a decision: per queue and per group counts and
//! times, maintained by the engine in O(1) per event.

use crate::model::{Skill, Topology};

/// What a policy may know about one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueView {
    /// Contacts waiting (not yet answered nor abandoned).
    pub waiting: u32,
    /// Arrival time of the longest-waiting contact (the head); `f64::INFINITY` when none waits.
    pub head_arrival_s: f64,
    /// The queue's service-level threshold T, seconds.
    pub threshold_s: f64,
    /// The queue's service-level target, a share in [0, 1].
    pub target: f64,
    /// Contacts whose wait ended (answered or abandoned) since the current interval began.
    pub ended_in_interval: u32,
    /// Of those, the ones answered within T.
    pub within_in_interval: u32,
}

impl QueueView {
    /// An empty queue with service-level threshold `threshold_s` and `target`.
    pub fn new(threshold_s: f64, target: f64) -> Self {
        QueueView {
            waiting: 0,
            head_arrival_s: f64::INFINITY,
            threshold_s,
            target,
            ended_in_interval: 0,
            within_in_interval: 0,
        }
    }

    /// How long the head contact has waited at `now_s` (0 when nobody waits).
    #[inline]
    pub fn head_wait_s(&self, now_s: f64) -> f64 {
        if self.waiting == 0 {
            0.0
        } else {
            now_s - self.head_arrival_s
        }
    }

    /// Service level achieved so far in the current interval: answered within T ÷ contacts
    /// whose wait ended in it; `None` before the first one.
    #[inline]
    pub fn interval_service_level(&self) -> Option<f64> {
        (self.ended_in_interval > 0)
            .then(|| self.within_in_interval as f64 / self.ended_in_interval as f64)
    }
}

/// What a policy may know about one agent group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupView {
    /// Idle agents on duty.
    pub idle: u32,
    /// Agents serving a contact.
    pub busy: u32,
    /// Agents logged in (idle, busy, or finishing a contact before logging off).
    pub staffed: u32,
    /// Time since which the longest-idle agent has been idle; `f64::INFINITY` when none is.
    pub longest_idle_since_s: f64,
}

impl GroupView {
    /// A group with nobody logged in.
    pub const EMPTY: GroupView =
        GroupView { idle: 0, busy: 0, staffed: 0, longest_idle_since_s: f64::INFINITY };
}

/// A read-only snapshot of the system at the moment of a decision.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Current simulation time in seconds.
    pub now_s: f64,
    /// Who can serve what, with each skill's priority and overflow rules.
    pub topology: &'a Topology,
    /// Per queue, indexed by `QueueId`.
    pub queues: &'a [QueueView],
    /// Per group, indexed by `GroupId`.
    pub groups: &'a [GroupView],
}

impl View<'_> {
    /// May an agent with `skill` take the head contact of `skill.queue` now? Only if someone
    /// waits, at least `skill.min_waiting` contacts wait (counting the one it would take), and
    /// the head has waited at least `skill.after_s`. The same rule for every policy.
    #[inline]
    pub fn eligible(&self, skill: &Skill) -> bool {
        let q = &self.queues[skill.queue.index()];
        q.waiting >= skill.min_waiting.max(1) && q.head_arrival_s + skill.after_s <= self.now_s
    }
}
