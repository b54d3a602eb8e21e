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
