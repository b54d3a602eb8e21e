//! Routing: the two decisions of DESIGN.md §3 behind one trait, and the built-in policies.
//!
//! A policy sees a read-only [`View`] of the queues and agent groups (counts and times, never
//! individual agents) and returns a decision; the engine carries it out. Every decision costs
//! O(queues + groups). The per-skill overflow rules (`after_s`, `min_waiting`) are part of the
//! model, and [`View::eligible`] applies them for every policy alike. See `docs/routing.md`.

mod builtin;
mod kind;
mod view;

pub use builtin::BuiltinPolicy;
pub use kind::{AgentChoice, PolicyKind, RoutingConfig};
pub use view::{GroupView, QueueView, View};

use crate::model::{GroupId, QueueId};

/// A routing policy: the two decisions the engine asks for.
///
/// Policies are pure: they read the view and return a decision, never mutate state, do I/O or
/// draw random numbers. The engine validates every decision in release builds and stops the
/// replication with a [`crate::sim::SimError`] naming the policy when one breaks the contract
/// below.
pub trait RoutingPolicy: Sync {
    /// The policy's name, for error messages and outputs.
    fn name(&self) -> &str;

    /// A contact has just joined `queue`'s line (it is counted in `view.queues[queue].waiting`;
    /// it is the head when nobody else waits): the group one of whose idle agents takes the
    /// queue's *head* contact at once, or `None` to leave everyone waiting. Must return a
    /// group with the skill, an idle agent and [`View::eligible`] for the queue.
    ///
    /// Also asked, repeatedly until it returns `None`, when a waiting contact of `queue` may
    /// have become eligible for more groups: at each `after_s` of the queue's skills, and at
    /// the times the policy asked for with [`Self::wake_for_waiting`].
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId>;

    /// An agent of `group` is free: the queue whose head contact it takes, or `None` to stay
    /// idle. Must return a queue in the group's skills for which it is [`View::eligible`]
    /// (so at least one contact waits).
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId>;

    /// A contact of `queue` that arrived at `arrival_s` has just started to wait: a time (≥ now)
    /// at which the policy wants to be asked [`Self::agent_for_arrival`] for `queue` again, or
    /// `None` (DESIGN.md §3: a policy may ask to be woken). For rules of the policy's own whose
    /// eligibility changes with time; the built-in policies need none (the skills' `after_s` is
    /// scheduled by the engine).
    fn wake_for_waiting(&self, _view: &View<'_>, _queue: QueueId, _arrival_s: f64) -> Option<f64> {
        None
    }
}

/// The longest-idle agent among the groups eligible for `queue`'s head (the default agent
/// choice). Ties go to the group listed first, so the choice is deterministic.
#[inline]
pub fn longest_idle_group(view: &View<'_>, queue: QueueId) -> Option<GroupId> {
    let mut best: Option<(GroupId, f64)> = None;
    for (g, skill) in view.topology.groups_for(queue) {
        let gv = view.groups[g.index()];
        if gv.idle > 0
            && best.is_none_or(|(_, t)| gv.longest_idle_since_s < t)
            && view.eligible(skill)
        {
            best = Some((*g, gv.longest_idle_since_s));
        }
    }
    best.map(|(g, _)| g)
}
