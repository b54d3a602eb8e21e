//! Routing: the two decisions of DESIGN.md §3 behind one trait, and the built-in policies.
//!
//! A policy sees a read-only [`View`] of the queues and agent groups (counts and times, never
//! individual agents) and returns a decision; the engine carries it out. Every decision costs
//! O(queues + groups).

mod kind;
mod longest_wait;
mod priority;

pub use kind::PolicyKind;
pub use longest_wait::LongestWait;
pub use priority::Priority;

use crate::model::{GroupId, QueueId, Topology};

/// What a policy may know about one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueView {
    /// Contacts waiting (not yet answered nor abandoned).
    pub waiting: u32,
    /// Arrival time of the longest-waiting contact; `f64::INFINITY` when none waits.
    pub head_arrival_s: f64,
}

/// What a policy may know about one agent group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupView {
    /// Idle agents on duty.
    pub idle: u32,
    /// Time since which the longest-idle agent has been idle; `f64::INFINITY` when none is.
    pub longest_idle_since_s: f64,
}

/// A read-only snapshot of the system at the moment of a decision.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Current simulation time in seconds.
    pub now_s: f64,
    /// Who can serve what.
    pub topology: &'a Topology,
    /// Per queue, indexed by `QueueId`.
    pub queues: &'a [QueueView],
    /// Per group, indexed by `GroupId`.
    pub groups: &'a [GroupView],
}

/// A routing policy: the two decisions the engine asks for.
///
/// The engine validates every decision in release builds and stops the replication with a
/// [`crate::sim::SimError`] naming the policy when one breaks the contract below.
pub trait RoutingPolicy: Sync {
    /// The policy's name, for error messages and outputs.
    fn name(&self) -> &str;

    /// A contact arrives at `queue`: the group whose idle agent takes it at once, or `None` to
    /// queue it. Must return a group with the skill and at least one idle agent.
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId>;

    /// An agent of `group` is free: the queue whose head contact it takes, or `None` to stay
    /// idle. Must return a queue in the group's skills with at least one waiting contact.
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId>;

    /// A contact of `queue` that arrived at `arrival_s` has just joined the line: a time (≥ now)
    /// at which idle agents able to serve `queue` should be offered its work again, or `None`.
    /// Policies whose eligibility changes with waiting time (overflow after a delay) use this;
    /// the engine schedules a timer and, when it fires, asks [`Self::contact_for_agent`] for
    /// each idle agent of the groups with the skill.
    fn wake_for_waiting(&self, _view: &View<'_>, _queue: QueueId, _arrival_s: f64) -> Option<f64> {
        None
    }
}

/// The longest-idle agent among the groups able to serve `queue` (shared by the built-ins).
/// Ties go to the group listed first, so the choice is deterministic.
pub fn longest_idle_group(view: &View<'_>, queue: QueueId) -> Option<GroupId> {
    let mut best: Option<(GroupId, f64)> = None;
    for &(g, _) in view.topology.groups_for(queue) {
        let gv = view.groups[g.index()];
        if gv.idle > 0 && best.is_none_or(|(_, t)| gv.longest_idle_since_s < t) {
            best = Some((g, gv.longest_idle_since_s));
        }
    }
    best.map(|(g, _)| g)
}

/// A built-in policy chosen by name; dispatches statically to the concrete policy.
#[derive(Debug, Clone, Copy)]
pub enum BuiltinPolicy {
    /// See [`Priority`].
    Priority(Priority),
    /// See [`LongestWait`].
    LongestWait(LongestWait),
}

impl BuiltinPolicy {
    /// The policy for a scenario's `routing.policy`.
    pub fn new(kind: PolicyKind) -> Self {
        match kind {
            PolicyKind::Priority => BuiltinPolicy::Priority(Priority),
            PolicyKind::LongestWait => BuiltinPolicy::LongestWait(LongestWait),
        }
    }
}

impl RoutingPolicy for BuiltinPolicy {
    fn name(&self) -> &str {
        match self {
            BuiltinPolicy::Priority(p) => p.name(),
            BuiltinPolicy::LongestWait(p) => p.name(),
        }
    }

    #[inline]
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        match self {
            BuiltinPolicy::Priority(p) => p.agent_for_arrival(view, queue),
            BuiltinPolicy::LongestWait(p) => p.agent_for_arrival(view, queue),
        }
    }

    #[inline]
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        match self {
            BuiltinPolicy::Priority(p) => p.contact_for_agent(view, group),
            BuiltinPolicy::LongestWait(p) => p.contact_for_agent(view, group),
        }
    }
}
