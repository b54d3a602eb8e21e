//! The one interface through which the engine reports what happens, and the recorder that
//! turns it into a [`ReplicationTally`].
//!
//! The engine never does tally arithmetic itself: it calls a [`Recorder`] at each step of a
//! contact's life and at each interval boundary. A new KPI is added here, in one place.

use super::ReplicationTally;
use crate::model::{GroupId, Model, QueueId};

/// What a contact brought when it arrived; passed with every call about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactInfo {
    /// Arrival order within the replication (0-based).
    pub id: u64,
    /// The contact type.
    pub queue: QueueId,
    /// Interval of arrival: every KPI of this contact is attributed to it.
    pub interval: u32,
    /// Arrival time, seconds from the start of the horizon.
    pub arrival_s: f64,
    /// Work content at speed 1, seconds.
    pub handle_s: f64,
    /// Patience, seconds (`f64::INFINITY` for a patient queue).
    pub patience_s: f64,
    /// 0 for a customer's first call, k for its k-th redial.
    pub attempt: u32,
    /// Interval of the customer's first call (redials are attributed there for
    /// `eventually_answered`).
    pub origin_interval: u32,
    /// The waits announced to the contact when it had to wait, by predictor
    /// (`Predictor::ALL` order); `None` when it did not wait.
    pub announced_s: Option<[f64; 3]>,
}

/// One callback attempt, reported when an agent starts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallbackAttempt {
    /// The agent's group.
    pub group: GroupId,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// Interval in which the attempt started, `None` after the end of the horizon.
    pub start_interval: Option<usize>,
    /// Time from acceptance of the callback to this attempt, seconds.
    pub since_acceptance_s: f64,
    /// The customer picked up.
    pub reached: bool,
    /// Reached within the promise (false when not reached).
    pub within_promise: bool,
    /// When the attempt started, seconds.
    pub start_s: f64,
    /// Agent time the attempt takes: the callback's service, or the unanswered ringing.
    pub busy_s: f64,
}

/// Receives the engine's account of one replication. Every method defaults to doing nothing.
pub trait Recorder {
    /// A contact arrived (it is offered).
    #[inline(always)]
    fn offered(&mut self, _contact: &ContactInfo) {}

    /// A contact's service started after `wait_s`, by an agent of `group`, for `service_s`
    /// (handle time ÷ speed). `start_interval` is the interval in which service started, or
    /// `None` after the end of the horizon (while the day drains).
    #[inline(always)]
    fn answered(
        &mut self,
        _contact: &ContactInfo,
        _group: GroupId,
        _wait_s: f64,
        _service_s: f64,
        _start_interval: Option<usize>,
    ) {
    }

    /// A contact hung up after waiting `wait_s`.
    #[inline(always)]
    fn abandoned(&mut self, _contact: &ContactInfo, _wait_s: f64) {}

    /// A contact that had to wait was offered a callback, and `accepted` it or not.
    #[inline(always)]
    fn callback_offered(&mut self, _contact: &ContactInfo, _accepted: bool) {}

    /// An agent started a callback attempt.
    #[inline(always)]
    fn callback_attempt(&mut self, _contact: &ContactInfo, _attempt: &CallbackAttempt) {}

    /// An accepted callback was given up after its last unreached attempt.
    #[inline(always)]
    fn callback_not_reached(&mut self, _contact: &ContactInfo) {}

    /// An abandoning customer would redial after the end of the horizon: lost, not simulated.
    #[inline(always)]
    fn redial_lost(&mut self, _contact: &ContactInfo) {}

    /// On-duty agent-seconds of `group` in `interval`, reported once the interval has ended.
    /// (Busy time is not reported: it is the sum of the services and callback attempts the
    /// recorder was told of, split over the intervals they span.)
    #[inline(always)]
    fn agent_time(&mut self, _interval: usize, _group: GroupId, _staffed_s: f64) {}

    /// The replication ended: contacts no agent could serve, events processed.
    #[inline(always)]
    fn finished(&mut self, _left_in_system: u64, _events: u64) {}
}

impl Recorder for () {}

impl<R: Recorder + ?Sized> Recorder for &mut R {
    #[inline(always)]
    fn offered(&mut self, c: &ContactInfo) {
        (**self).offered(c)
    }
    #[inline(always)]
    fn answered(&mut self, c: &ContactInfo, g: GroupId, w: f64, s: f64, i: Option<usize>) {
        (**self).answered(c, g, w, s, i)
    }
    #[inline(always)]
    fn abandoned(&mut self, c: &ContactInfo, w: f64) {
        (**self).abandoned(c, w)
    }
    #[inline(always)]
    fn callback_offered(&mut self, c: &ContactInfo, accepted: bool) {
        (**self).callback_offered(c, accepted)
    }
    #[inline(always)]
    fn callback_attempt(&mut self, c: &ContactInfo, a: &CallbackAttempt) {
        (**self).callback_attempt(c, a)
    }
    #[inline(always)]
    fn callback_not_reached(&mut self, c: &ContactInfo) {
        (**self).callback_not_reached(c)
    }
    #[inline(always)]
    fn redial_lost(&mut self, c: &ContactInfo) {
        (**self).redial_lost(c)
    }
    #[inline(always)]
    fn agent_time(&mut self, i: usize, g: GroupId, staffed: f64) {
        (**self).agent_time(i, g, staffed)
    }
    #[inline(always)]
    fn finished(&mut self, left: u64, events: u64) {
        (**self).finished(left, events)
    }
}

/// Two recorders fed the same account (the tally and a trace, say).
impl<A: Recorder, B: Recorder> Recorder for (A, B) {
    #[inline(always)]
    fn offered(&mut self, c: &ContactInfo) {
        self.0.offered(c);
        self.1.offered(c);
    }
    #[inline(always)]
    fn answered(&mut self, c: &ContactInfo, g: GroupId, w: f64, s: f64, i: Option<usize>) {
        self.0.answered(c, g, w, s, i);
        self.1.answered(c, g, w, s, i);
    }
    #[inline(always)]
    fn abandoned(&mut self, c: &ContactInfo, w: f64) {
        self.0.abandoned(c, w);
        self.1.abandoned(c, w);
    }
    #[inline(always)]
    fn callback_offered(&mut self, c: &ContactInfo, accepted: bool) {
        self.0.callback_offered(c, accepted);
        self.1.callback_offered(c, accepted);
    }
    #[inline(always)]
    fn callback_attempt(&mut self, c: &ContactInfo, a: &CallbackAttempt) {
        self.0.callback_attempt(c, a);
        self.1.callback_attempt(c, a);
    }
    #[inline(always)]
    fn callback_not_reached(&mut self, c: &ContactInfo) {
        self.0.callback_not_reached(c);
        self.1.callback_not_reached(c);
    }
    #[inline(always)]
    fn redial_lost(&mut self, c: &ContactInfo) {
        self.0.redial_lost(c);
        self.1.redial_lost(c);
    }
    #[inline(always)]
    fn agent_time(&mut self, i: usize, g: GroupId, staffed: f64) {
        self.0.agent_time(i, g, staffed);
        self.1.agent_time(i, g, staffed);
    }
    #[inline(always)]
    fn finished(&mut self, left: u64, events: u64) {
        self.0.finished(left, events);
        self.1.finished(left, events);
    }
}

/// Fills a [`ReplicationTally`] by the KPI definitions of DESIGN.md §4 (by arrival interval).
#[derive(Debug, Clone)]
pub struct TallyRecorder {
    tally: ReplicationTally,
    sl_threshold_s: Vec<f64>,
    /// `Topology::skill_indices`: skill index of (group, queue), `u32::MAX` if none.
    skill_of: Vec<u32>,
    /// Per group, the range of its skill indices (numbered group by group).
    group_skills: Vec<std::ops::Range<usize>>,
    interval_s: f64,
}

impl TallyRecorder {
    /// An empty tally for replication `replication` of `model`.
    pub fn new(model: &Model, replication: u32) -> Self {
        let (nq, ng) = (model.queues.len(), model.groups.len());
        let topology = model.topology();
        TallyRecorder {
            tally: ReplicationTally::new(
                replication,
                model.horizon.intervals,
                nq,
                ng,
                topology.skill_count(),
            ),
            sl_threshold_s: model.queues.iter().map(|q| q.service_level.threshold_s).collect(),
            skill_of: topology.skill_indices().to_vec(),
            group_skills: (0..ng)
                .scan(0, |start, g| {
                    let n = topology.skills_of(GroupId::new(g)).len();
                    *start += n;
                    Some(*start - n..*start)
                })
                .collect(),
            interval_s: model.horizon.interval_s,
        }
    }

    /// Spreads agent work of `g` on `q` lasting `service_s` from `start_s` (in interval `i`)
    /// over the intervals it spans, up to the end of the horizon, like the engine's busy-time
    /// integral.
    #[inline(always)]
    fn busy_time(&mut self, q: QueueId, g: GroupId, mut i: usize, start_s: f64, service_s: f64) {
        let skill = self.skill_of[g.index() * self.tally.queues + q.index()] as usize;
        let t = &mut self.tally;
        if skill >= t.skills {
            return; // the engine validated the skill; nothing to attribute otherwise
        }
        let end_s = start_s + service_s;
        let mut from = start_s;
        while i < t.intervals {
            let boundary = self.interval_s * (i + 1) as f64;
            t.busy_by_skill[i * t.skills + skill] += end_s.min(boundary) - from;
            if end_s <= boundary {
                break;
            }
            from = boundary;
            i += 1;
        }
    }

    /// The filled tally.
    pub fn into_tally(self) -> ReplicationTally {
        self.tally
    }
}

impl Recorder for TallyRecorder {
    #[inline]
    fn offered(&mut self, c: &ContactInfo) {
        self.tally.contacts += 1;
        let t = self.tally.queue_at_mut(c.interval as usize, c.queue.index());
        t.offered += 1;
        if c.attempt == 0 {
            t.first_attempts += 1;
        } else {
            t.redials += 1;
        }
    }

    // Always inlined into the engine's one call site: called, it was the engine's costliest
    // function by its own instructions, a sixth of them saving and restoring registers.
    #[inline(always)]
    fn answered(
        &mut self,
        c: &ContactInfo,
        g: GroupId,
        wait_s: f64,
        service_s: f64,
        i: Option<usize>,
    ) {
        let within = wait_s <= self.sl_threshold_s[c.queue.index()];
        let t = self.tally.queue_at_mut(c.interval as usize, c.queue.index());
        t.answered += 1;
        t.wait_answered_s += wait_s;
        t.answered_within += within as u64;
        t.waited += (wait_s > 0.0) as u64;
        if let Some(announced) = &c.announced_s {
            for (e, a) in t.ewt.iter_mut().zip(announced) {
                if a.is_finite() {
                    e.add_error(wait_s - a);
                }
            }
        }
        if c.origin_interval == c.interval {
            t.eventually_answered += 1;
        } else {
            let origin = c.origin_interval as usize;
            self.tally.queue_at_mut(origin, c.queue.index()).eventually_answered += 1;
        }
        if let Some(i) = i {
            self.tally.group_at_mut(i, g.index()).handled += 1;
            self.busy_time(c.queue, g, i, c.arrival_s + wait_s, service_s);
        }
    }

    fn callback_offered(&mut self, c: &ContactInfo, accepted: bool) {
        let t = self.tally.queue_at_mut(c.interval as usize, c.queue.index());
        t.callbacks_offered += 1;
        t.callbacks_accepted += accepted as u64;
    }

    fn callback_attempt(&mut self, c: &ContactInfo, a: &CallbackAttempt) {
        let t = self.tally.queue_at_mut(c.interval as usize, c.queue.index());
        if a.attempt == 1 {
            t.callbacks_attempted += 1;
            t.callback_delay_s += a.since_acceptance_s;
        }
        t.callbacks_within_promise += a.within_promise as u64; // only ever when reached
        if a.reached {
            t.callbacks_reached += 1;
            self.tally
                .queue_at_mut(c.origin_interval as usize, c.queue.index())
                .eventually_answered += 1;
        }
        if let Some(i) = a.start_interval {
            if a.reached {
                self.tally.group_at_mut(i, a.group.index()).handled += 1;
            }
            self.busy_time(c.queue, a.group, i, a.start_s, a.busy_s);
        }
    }

    fn callback_not_reached(&mut self, c: &ContactInfo) {
        self.tally.queue_at_mut(c.interval as usize, c.queue.index()).callbacks_not_reached += 1;
    }

    fn redial_lost(&mut self, c: &ContactInfo) {
        self.tally.queue_at_mut(c.interval as usize, c.queue.index()).redials_lost += 1;
    }

    #[inline]
    fn abandoned(&mut self, c: &ContactInfo, wait_s: f64) {
        let t = self.tally.queue_at_mut(c.interval as usize, c.queue.index());
        t.abandoned += 1;
        t.wait_abandoned_s += wait_s;
        t.waited += (wait_s > 0.0) as u64;
    }

    /// Busy time of the interval is complete by now: a service adds its whole span when it
    /// starts, and no later service reaches back into an interval that has ended.
    fn agent_time(&mut self, i: usize, g: GroupId, staffed_s: f64) {
        let skills = self.group_skills[g.index()].clone();
        let t = &mut self.tally;
        let row = i * t.skills;
        let busy_s = t.busy_by_skill[row + skills.start..row + skills.end].iter().sum();
        let gt = t.group_at_mut(i, g.index());
        gt.busy_s = busy_s;
        gt.staffed_s = staffed_s;
    }

    fn finished(&mut self, left_in_system: u64, events: u64) {
        self.tally.left_in_system = left_in_system;
        self.tally.events = events;
    }
}
