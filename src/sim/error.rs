//! Why a replication stopped: a routing policy broke its contract, or an event was scheduled in
//! the past. With the built-in policies and a validated model neither can happen; the engine
//! checks anyway, in release builds, and never trusts a policy blindly.

use super::event::PastEvent;
use thiserror::Error;

/// Which of the two routing decisions (DESIGN.md §3) went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A contact arrived: which idle agent takes it.
    Arrival,
    /// An agent became free: which waiting contact it takes.
    FreedAgent,
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decision::Arrival => "arrival → which idle agent",
            Decision::FreedAgent => "freed agent → which waiting contact",
        })
    }
}

/// A routing decision the engine cannot honour.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Violation {
    /// The chosen group does not exist.
    #[error("it chose group #{group}, but the model has {groups} groups")]
    UnknownGroup {
        /// Index returned by the policy.
        group: usize,
        /// Groups in the model.
        groups: usize,
    },
    /// The chosen queue does not exist.
    #[error("it chose queue #{queue}, but the model has {queues} queues")]
    UnknownQueue {
        /// Index returned by the policy.
        queue: usize,
        /// Queues in the model.
        queues: usize,
    },
    /// The chosen group lacks the skill for the queue.
    #[error("group '{group}' has no skill for queue '{queue}'")]
    NotSkilled {
        /// Group name.
        group: String,
        /// Queue name.
        queue: String,
    },
    /// The chosen group has no idle agent.
    #[error("group '{group}' has no idle agent for a contact of queue '{queue}'")]
    NoIdleAgent {
        /// Group name.
        group: String,
        /// Queue name.
        queue: String,
    },
    /// The chosen group's overflow rule for the queue does not allow it yet.
    #[error("group '{group}' may not take queue '{queue}' yet: {waiting} waiting and the head has waited {head_wait_s:.3} s, but its skill needs min_waiting = {min_waiting} and after_s = {after_s}")]
    NotEligible {
        /// Group name.
        group: String,
        /// Queue name.
        queue: String,
        /// Contacts waiting in the queue.
        waiting: u32,
        /// Wait of the head contact, seconds.
        head_wait_s: f64,
        /// The skill's `min_waiting`.
        min_waiting: u32,
        /// The skill's `after_s`.
        after_s: f64,
    },
    /// The chosen queue has nobody waiting.
    #[error("queue '{queue}' has nobody waiting for the freed agent of group '{group}'")]
    EmptyQueue {
        /// Group name.
        group: String,
        /// Queue name.
        queue: String,
    },
}

/// Why a replication could not be completed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SimError {
    /// A routing policy returned a decision that breaks the routing contract.
    #[error("routing policy '{policy}' made an invalid decision ({decision}) at t = {time_s:.3} s: {violation}")]
    Routing {
        /// The policy's name.
        policy: String,
        /// Which decision.
        decision: Decision,
        /// Simulation time, seconds.
        time_s: f64,
        /// What was wrong.
        violation: Violation,
    },
    /// An event was scheduled before the current time (for example a policy's wake-up).
    #[error("{0}")]
    PastEvent(#[from] PastEvent),
    /// The staffing plan has not the model's shape (it was built for another model), so the
    /// engine refuses it before the first event instead of indexing past its end.
    #[error("the staffing plan does not fit the model: {0}")]
    Staffing(crate::model::ModelError),
}

/// A [`SimError`] on its way out of the engine: boxed, so that the `Result` every event
/// handler returns is one pointer wide and the error path costs nothing until it is taken.
#[derive(Debug)]
pub(crate) struct Fault(Box<SimError>);

/// What an event handler returns.
pub(crate) type Step = Result<(), Fault>;

impl Fault {
    /// The error itself.
    pub fn into_error(self) -> SimError {
        *self.0
    }
}

impl From<SimError> for Fault {
    #[cold]
    #[inline(never)]
    fn from(e: SimError) -> Self {
        Fault(Box::new(e))
    }
}

impl From<PastEvent> for Fault {
    #[cold]
    #[inline(never)]
    fn from(e: PastEvent) -> Self {
        Fault(Box::new(SimError::PastEvent(e)))
    }
}
