//! Per-contact traces for small runs: a [`Recorder`] that keeps one record per contact. The
//! default, [`NoObserver`], records nothing and compiles away.

use crate::model::{GroupId, QueueId};
use crate::stats::{CallbackAttempt, ContactInfo, Recorder};

/// How a contact's wait ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Service started by an agent of `group`, lasting `service_s`.
    Answered {
        /// The serving group.
        group: GroupId,
        /// Service duration in seconds (handle time ÷ speed).
        service_s: f64,
    },
    /// The caller hung up.
    Abandoned,
    /// The caller accepted a callback offer and left the line (its wait ends at once).
    CallbackAccepted,
    /// An agent of `group` started callback attempt `attempt` (1 = first); `wait_s` is then
    /// the time from arrival to the attempt.
    CallbackAttempt {
        /// The calling group.
        group: GroupId,
        /// 1 for the first attempt.
        attempt: u32,
        /// The customer picked up.
        reached: bool,
    },
}

/// One contact's life, reported when its wait ends (and at each callback attempt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactRecord {
    /// Arrival order within the replication (0-based).
    pub id: u64,
    /// The contact type.
    pub queue: QueueId,
    /// 0 for a customer's first call, k for its k-th redial.
    pub attempt: u32,
    /// Arrival time, seconds from the start of the horizon.
    pub arrival_s: f64,
    /// Work content the contact brought (at speed 1), seconds.
    pub handle_s: f64,
    /// Patience the contact brought, seconds (`f64::INFINITY` when patient).
    pub patience_s: f64,
    /// Time in queue, seconds.
    pub wait_s: f64,
    /// The waits announced when it had to wait (`Predictor::ALL` order), `None` if it did not.
    pub announced_s: Option<[f64; 3]>,
    /// Answered or abandoned.
    pub outcome: Outcome,
}

impl ContactRecord {
    fn new(c: &ContactInfo, wait_s: f64, outcome: Outcome) -> Self {
        ContactRecord {
            id: c.id,
            queue: c.queue,
            attempt: c.attempt,
            arrival_s: c.arrival_s,
            handle_s: c.handle_s,
            patience_s: c.patience_s,
            wait_s,
            announced_s: c.announced_s,
            outcome,
        }
    }
}

/// Records nothing (the fast path).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Recorder for NoObserver {}

/// A trace: one record per contact, in the order their waits ended.
impl Recorder for Vec<ContactRecord> {
    fn answered(
        &mut self,
        c: &ContactInfo,
        group: GroupId,
        wait_s: f64,
        service_s: f64,
        _: Option<usize>,
    ) {
        self.push(ContactRecord::new(c, wait_s, Outcome::Answered { group, service_s }));
    }

    fn abandoned(&mut self, c: &ContactInfo, wait_s: f64) {
        self.push(ContactRecord::new(c, wait_s, Outcome::Abandoned));
    }

    fn callback_offered(&mut self, c: &ContactInfo, accepted: bool) {
        if accepted {
            self.push(ContactRecord::new(c, 0.0, Outcome::CallbackAccepted));
        }
    }

    fn callback_attempt(&mut self, c: &ContactInfo, a: &CallbackAttempt) {
        let outcome =
            Outcome::CallbackAttempt { group: a.group, attempt: a.attempt, reached: a.reached };
        self.push(ContactRecord::new(c, a.start_s - c.arrival_s, outcome));
    }
}
