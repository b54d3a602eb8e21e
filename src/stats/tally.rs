//! Raw per-replication counts and sums, per interval and queue or group.

use serde::{Deserialize, Serialize};

/// Counts for one queue in one interval (contacts attributed to the interval they arrived in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueTally {
    /// Contacts that arrived.
    pub offered: u64,
    /// Contacts whose service started.
    pub answered: u64,
    /// Contacts who hung up before service.
    pub abandoned: u64,
    /// Answered with a wait ≤ the queue's service-level threshold.
    pub answered_within: u64,
    /// Answered or abandoned after a positive wait.
    pub waited: u64,
    /// Sum of the waits of answered contacts, seconds.
    pub wait_answered_s: f64,
    /// Sum of the waits of abandoned contacts (time until hang-up), seconds.
    pub wait_abandoned_s: f64,
    /// Offered contacts that were a customer's first call (offered = first attempts + redials).
    #[serde(default)]
    pub first_attempts: u64,
    /// Offered contacts that were redials after an abandonment.
    #[serde(default)]
    pub redials: u64,
    /// Redials that would have come after the end of the horizon (lost, not simulated), by the
    /// interval of the abandoned call.
    #[serde(default)]
    pub redials_lost: u64,
    /// Customers answered at any attempt (or reached by a callback), by the interval of their
    /// first call.
    #[serde(default)]
    pub eventually_answered: u64,
    /// Contacts offered a callback.
    #[serde(default)]
    pub callbacks_offered: u64,
    /// Contacts that accepted the callback (they left the line for the virtual queue).
    #[serde(default)]
    pub callbacks_accepted: u64,
    /// Accepted callbacks whose customer was reached.
    #[serde(default)]
    pub callbacks_reached: u64,
    /// Accepted callbacks given up after their last unreached attempt.
    #[serde(default)]
    pub callbacks_not_reached: u64,
    /// Accepted callbacks whose first attempt started.
    #[serde(default)]
    pub callbacks_attempted: u64,
    /// Sum over first attempts of the delay from acceptance to the attempt, seconds.
    #[serde(default)]
    pub callback_delay_s: f64,
    /// Accepted callbacks reached by an attempt that started within the promise.
    #[serde(default)]
    pub callbacks_within_promise: u64,
    /// Accuracy of each EWT predictor (`Predictor::ALL` order) over answered contacts that
    /// were announced a wait.
    #[serde(default)]
    pub ewt: [EwtTally; 3],
}

/// Errors (actual wait − announced) of one EWT predictor: count and sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EwtTally {
    /// Announcements scored.
    pub n: u64,
    /// Sum of errors, seconds.
    pub sum_error_s: f64,
    /// Sum of absolute errors, seconds.
    pub sum_abs_error_s: f64,
    /// Sum of squared errors, seconds².
    pub sum_sq_error_s: f64,
}

impl EwtTally {
    /// Scores one announcement against the actual wait.
    #[inline]
    pub fn add_error(&mut self, error_s: f64) {
        self.n += 1;
        self.sum_error_s += error_s;
        self.sum_abs_error_s += error_s.abs();
        self.sum_sq_error_s += error_s * error_s;
    }

    /// Adds another tally.
    pub fn add(&mut self, o: &EwtTally) {
        self.n += o.n;
        self.sum_error_s += o.sum_error_s;
        self.sum_abs_error_s += o.sum_abs_error_s;
        self.sum_sq_error_s += o.sum_sq_error_s;
    }
}

impl QueueTally {
    /// Adds another tally's counts (used to total intervals within one replication).
    pub fn add(&mut self, o: &QueueTally) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.answered_within += o.answered_within;
        self.waited += o.waited;
        self.wait_answered_s += o.wait_answered_s;
        self.wait_abandoned_s += o.wait_abandoned_s;
        self.first_attempts += o.first_attempts;
        self.redials += o.redials;
        self.redials_lost += o.redials_lost;
        self.eventually_answered += o.eventually_answered;
        self.callbacks_offered += o.callbacks_offered;
        self.callbacks_accepted += o.callbacks_accepted;
        self.callbacks_reached += o.callbacks_reached;
        self.callbacks_not_reached += o.callbacks_not_reached;
        self.callbacks_attempted += o.callbacks_attempted;
        self.callback_delay_s += o.callback_delay_s;
        self.callbacks_within_promise += o.callbacks_within_promise;
        for (a, b) in self.ewt.iter_mut().zip(&o.ewt) {
            a.add(b);
        }
    }
}

/// Agent time of one group in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupTally {
    /// Agent-seconds spent serving contacts.
    pub busy_s: f64,
    /// Agent-seconds on duty (idle or busy).
    pub staffed_s: f64,
    /// Services started.
    pub handled: u64,
}

impl GroupTally {
    /// Adds another tally (used to total intervals within one replication).
    pub fn add(&mut self, o: &GroupTally) {
        self.busy_s += o.busy_s;
        self.staffed_s += o.staffed_s;
        self.handled += o.handled;
    }
}

/// Everything one replication measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationTally {
    /// Replication index (its seed stream), so merged shards can be put back in order.
    pub replication: u32,
    /// Number of intervals.
    pub intervals: usize,
    /// Number of queues.
    pub queues: usize,
    /// Number of groups.
    pub groups: usize,
    /// `[interval * queues + queue]`.
    pub queue: Vec<QueueTally>,
    /// `[interval * groups + group]`.
    pub group: Vec<GroupTally>,
    /// Number of (group, queue) skills (`Topology::skill_count`).
    #[serde(default)]
    pub skills: usize,
    /// Busy agent-seconds per skill (`Topology::skill_index`) and interval,
    /// `[interval * skills + skill]`: where each group's busy time went.
    #[serde(default)]
    pub busy_by_skill: Vec<f64>,
    /// Contacts still waiting when no event was left (no agent could ever serve them).
    pub left_in_system: u64,
    /// Contacts that arrived, including the warm-up.
    pub contacts: u64,
    /// Events processed (for benchmarks).
    pub events: u64,
}

impl ReplicationTally {
    /// An empty tally for the given shape.
    pub fn new(
        replication: u32,
        intervals: usize,
        queues: usize,
        groups: usize,
        skills: usize,
    ) -> Self {
        ReplicationTally {
            replication,
            intervals,
            queues,
            groups,
            queue: vec![QueueTally::default(); intervals * queues],
            group: vec![GroupTally::default(); intervals * groups],
            skills,
            busy_by_skill: vec![0.0; intervals * skills],
            left_in_system: 0,
            contacts: 0,
            events: 0,
        }
    }

    /// The tally of `queue` in `interval`.
    pub fn queue_at(&self, interval: usize, queue: usize) -> &QueueTally {
        &self.queue[interval * self.queues + queue]
    }

    /// Mutable tally of `queue` in `interval`.
    #[inline]
    pub fn queue_at_mut(&mut self, interval: usize, queue: usize) -> &mut QueueTally {
        &mut self.queue[interval * self.queues + queue]
    }

    /// The tally of `group` in `interval`.
    pub fn group_at(&self, interval: usize, group: usize) -> &GroupTally {
        &self.group[interval * self.groups + group]
    }

    /// Mutable tally of `group` in `interval`.
    #[inline]
    pub fn group_at_mut(&mut self, interval: usize, group: usize) -> &mut GroupTally {
        &mut self.group[interval * self.groups + group]
    }

    /// Busy agent-seconds on skill `skill` in `interval` (0 for tallies written before skills
    /// were recorded).
    pub fn skill_busy_at(&self, interval: usize, skill: usize) -> f64 {
        self.busy_by_skill.get(interval * self.skills + skill).copied().unwrap_or(0.0)
    }

    /// Totals of `queue` over the intervals `from..` (the warm-up excluded).
    pub fn queue_total(&self, queue: usize, from: usize) -> QueueTally {
        self.queue_sum(queue, from..self.intervals)
    }

    /// Totals of `group` over the intervals `from..`.
    pub fn group_total(&self, group: usize, from: usize) -> GroupTally {
        self.group_sum(group, from..self.intervals)
    }

    /// Totals of `queue` over the intervals `range`.
    pub fn queue_sum(&self, queue: usize, range: std::ops::Range<usize>) -> QueueTally {
        let mut t = QueueTally::default();
        range.for_each(|i| t.add(self.queue_at(i, queue)));
        t
    }

    /// Totals of `group` over the intervals `range`.
    pub fn group_sum(&self, group: usize, range: std::ops::Range<usize>) -> GroupTally {
        let mut t = GroupTally::default();
        range.for_each(|i| t.add(self.group_at(i, group)));
        t
    }
}
