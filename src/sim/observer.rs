//! Per-contact observation, for traces of small runs. The default observer compiles away.

use crate::model::{GroupId, QueueId};

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
}

/// One contact's life, reported when its wait ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactRecord {
    /// Arrival order within the replication (0-based).
    pub id: u64,
    /// The contact type.
    pub queue: QueueId,
    /// Arrival time, seconds from the start of the horizon.
    pub arrival_s: f64,
    /// Time in queue, seconds.
    pub wait_s: f64,
    /// Answered or abandoned.
    pub outcome: Outcome,
}

/// Receives every contact's record.
pub trait Observer {
    /// Called when a contact is answered or abandons.
    fn contact(&mut self, record: &ContactRecord);
}

/// Observes nothing (the fast path).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Observer for NoObserver {
    #[inline(always)]
    fn contact(&mut self, _: &ContactRecord) {}
}

impl Observer for Vec<ContactRecord> {
    fn contact(&mut self, record: &ContactRecord) {
        self.push(*record);
    }
}
