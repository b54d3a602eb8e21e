//! One replication: the event loop and the state it mutates.

use super::event::{Event, EventQueue};
use super::observer::{ContactRecord, Observer, Outcome};
use super::streams::{SimRng, Streams};
use crate::model::{GroupId, Model, QueueId, Staffing, SECONDS_PER_DAY};
use crate::routing::{GroupView, QueueView, RoutingPolicy, View};
use crate::stats::ReplicationTally;
use rand_distr::{Distribution as _, Exp1, Gamma};
use std::collections::VecDeque;

/// A contact waiting in queue, in a reusable slot.
#[derive(Clone, Copy)]
struct Contact {
    id: u64,
    arrival: f64,
    handle: f64,
    interval: u32,
    queue: u32,
    generation: u32,
    waiting: bool,
}

/// Slots for waiting contacts, reused so memory follows the queue length, not the horizon.
#[derive(Default)]
struct Slab {
    slots: Vec<Contact>,
    free: Vec<u32>,
}

impl Slab {
    fn insert(&mut self, mut c: Contact) -> u32 {
        if let Some(s) = self.free.pop() {
            c.generation = self.slots[s as usize].generation;
            self.slots[s as usize] = c;
            s
        } else {
            self.slots.push(c);
            (self.slots.len() - 1) as u32
        }
    }

    fn release(&mut self, slot: u32) {
        let c = &mut self.slots[slot as usize];
        c.generation = c.generation.wrapping_add(1);
        c.waiting = false;
        self.free.push(slot);
    }
}

/// Arrival generator state of one queue (non-homogeneous Poisson, optional busyness).
struct ArrivalState {
    /// Day whose busyness factor is `factor`.
    day: usize,
    factor: f64,
    /// Rate (per second) until `boundary`, the end of the current interval.
    rate: f64,
    boundary: f64,
}

struct Engine<'a, P, O> {
    model: &'a Model,
    staffing: &'a Staffing,
    policy: &'a P,
    observer: &'a mut O,
    streams: Streams,
    fel: EventQueue<Event>,
    now: f64,
    end: f64,
    slab: Slab,
    waiting: Vec<VecDeque<u32>>,
    qview: Vec<QueueView>,
    idle: Vec<VecDeque<f64>>,
    gview: Vec<GroupView>,
    busy: Vec<u32>,
    staffed: Vec<u32>,
    leaving: Vec<u32>,
    last_touch: Vec<f64>,
    busy_area: Vec<f64>,
    staffed_area: Vec<f64>,
    arrivals: Vec<ArrivalState>,
    sl_threshold: Vec<f64>,
    next_id: u64,
    tally: ReplicationTally,
}

/// Runs replication `replication` of `model` under `staffing` and `policy` with master `seed`.
///
/// Arrivals stop at the end of the horizon; the agents on duty in the last interval then serve
/// everyone still waiting, so every contact ends answered or abandoned (unless no agent could
/// ever serve it: then it is counted in `left_in_system`). Every random draw comes from the
/// replication's own streams, so the result depends only on the inputs.
pub fn run_replication<P: RoutingPolicy, O: Observer>(
    model: &Model,
    staffing: &Staffing,
    policy: &P,
    seed: u64,
    replication: u32,
    observer: &mut O,
) -> ReplicationTally {
    let h = &model.horizon;
    let (nq, ng) = (model.queues.len(), model.groups.len());
    let mut e = Engine {
        model,
        staffing,
        policy,
        observer,
        streams: Streams::new(seed, replication, nq),
        fel: EventQueue::new(),
        now: 0.0,
        end: h.end_s(),
        slab: Slab::default(),
        waiting: vec![VecDeque::new(); nq],
        qview: vec![QueueView { waiting: 0, head_arrival_s: f64::INFINITY }; nq],
        idle: vec![VecDeque::new(); ng],
        gview: vec![GroupView { idle: 0, longest_idle_since_s: f64::INFINITY }; ng],
        busy: vec![0; ng],
        staffed: vec![0; ng],
        leaving: vec![0; ng],
        last_touch: vec![0.0; ng],
        busy_area: vec![0.0; ng],
        staffed_area: vec![0.0; ng],
        arrivals: (0..nq)
            .map(|_| ArrivalState { day: usize::MAX, factor: 1.0, rate: 0.0, boundary: 0.0 })
            .collect(),
        sl_threshold: model.queues.iter().map(|q| q.service_level.threshold_s).collect(),
        next_id: 0,
        tally: ReplicationTally::new(replication, h.intervals, nq, ng),
    };
    e.run();
    e.tally
}

impl<P: RoutingPolicy, O: Observer> Engine<'_, P, O> {
    fn run(&mut self) {
        self.fel.push(0.0, Event::Boundary(0));
        for q in 0..self.model.queues.len() {
            self.schedule_arrival(QueueId::new(q), 0.0);
        }
        let mut events = 0u64;
        while let Some((t, ev)) = self.fel.pop() {
            self.now = t;
            events += 1;
            match ev {
                Event::Arrival(q) => self.on_arrival(q),
                Event::Departure(g) => self.on_departure(g),
                Event::Abandon { slot, generation } => self.on_abandon(slot, generation),
                Event::Boundary(i) => self.on_boundary(i as usize),
            }
        }
        self.tally.events = events;
        self.tally.left_in_system = self.qview.iter().map(|v| v.waiting as u64).sum();
    }

    fn view(&self) -> View<'_> {
        View {
            now_s: self.now,
            topology: self.model.topology(),
            queues: &self.qview,
            groups: &self.gview,
        }
    }

    // ---- arrivals -------------------------------------------------------------------------

    /// Schedules the next arrival of `q` after time `t`: exponential gaps at the current
    /// interval's rate; a gap that crosses the interval's end restarts there at the next rate
    /// (exact for a piecewise-constant rate, by memorylessness).
    fn schedule_arrival(&mut self, q: QueueId, mut t: f64) {
        let h = &self.model.horizon;
        let spec = &self.model.queues[q.index()].arrivals;
        let qs = &mut self.streams.queues[q.index()];
        let st = &mut self.arrivals[q.index()];
        while t < self.end {
            if t >= st.boundary {
                let i = (t / h.interval_s) as usize;
                if let Some(shape) = spec.busyness_shape {
                    let day = (h.start_of(i) / SECONDS_PER_DAY) as usize;
                    if day != st.day {
                        st.day = day;
                        st.factor = busyness_draw(shape, &mut qs.busyness);
                    }
                }
                st.rate = spec.rate_per_s[i] * st.factor;
                st.boundary = h.start_of(i + 1);
            }
            if st.rate > 0.0 {
                let e: f64 = Exp1.sample(&mut qs.arrivals);
                let next = t + e / st.rate;
                if next < st.boundary {
                    self.fel.push(next, Event::Arrival(q));
                    return;
                }
            }
            t = st.boundary;
        }
    }

    fn on_arrival(&mut self, q: QueueId) {
        let now = self.now;
        self.schedule_arrival(q, now);
        let spec = &self.model.queues[q.index()];
        let qs = &mut self.streams.queues[q.index()];
        // The contact's own randomness is drawn at arrival, whatever happens next (CRN).
        let handle = spec.handle_time.sample(&mut qs.handle);
        let patience = spec.patience.as_ref().map_or(f64::INFINITY, |d| d.sample(&mut qs.patience));
        let interval = self.model.horizon.interval_of(now);
        let id = self.next_id;
        self.next_id += 1;
        self.tally.contacts += 1;
        self.tally.queue_at_mut(interval, q.index()).offered += 1;
        let contact = Contact {
            id,
            arrival: now,
            handle,
            interval: interval as u32,
            queue: q.index() as u32,
            generation: 0,
            waiting: true,
        };
        if let Some(g) = self.policy.agent_for_arrival(&self.view(), q) {
            let since = self.idle[g.index()].pop_front();
            debug_assert!(since.is_some(), "policy chose a group without idle agents");
            self.refresh_group(g);
            self.start_service(contact, q, g);
            return;
        }
        let slot = self.slab.insert(contact);
        self.waiting[q.index()].push_back(slot);
        self.qview[q.index()].waiting += 1;
        self.refresh_head(q);
        if patience.is_finite() {
            let generation = self.slab.slots[slot as usize].generation;
            self.fel.push(now + patience, Event::Abandon { slot, generation });
        }
    }

    // ---- service --------------------------------------------------------------------------

    fn start_service(&mut self, c: Contact, q: QueueId, g: GroupId) {
        let wait = self.now - c.arrival;
        let t = self.tally.queue_at_mut(c.interval as usize, q.index());
        t.answered += 1;
        t.wait_answered_s += wait;
        t.answered_within += (wait <= self.sl_threshold[q.index()]) as u64;
        t.waited += (wait > 0.0) as u64;
        let speed = self.model.topology().speed(g, q);
        let service_s = c.handle / speed;
        self.touch(g);
        self.busy[g.index()] += 1;
        if self.now < self.end {
            let i = self.model.horizon.interval_of(self.now);
            self.tally.group_at_mut(i, g.index()).handled += 1;
        }
        self.fel.push(self.now + service_s, Event::Departure(g));
        let outcome = Outcome::Answered { group: g, service_s };
        self.observer.contact(&ContactRecord {
            id: c.id,
            queue: q,
            arrival_s: c.arrival,
            wait_s: wait,
            outcome,
        });
    }

    fn on_departure(&mut self, g: GroupId) {
        self.touch(g);
        self.busy[g.index()] -= 1;
        if self.leaving[g.index()] > 0 {
            self.leaving[g.index()] -= 1;
            self.staffed[g.index()] -= 1;
        } else {
            self.agent_free(g);
        }
    }

    /// An agent of `g` is available (just freed or just logged in): take work or go idle.
    fn agent_free(&mut self, g: GroupId) {
        match self.policy.contact_for_agent(&self.view(), g) {
            Some(q) => {
                let slot =
                    self.waiting[q.index()].pop_front().expect("policy chose an empty queue");
                let c = self.slab.slots[slot as usize];
                self.slab.release(slot);
                self.qview[q.index()].waiting -= 1;
                self.drop_dead_heads(q);
                self.start_service(c, q, g);
            }
            None => {
                self.idle[g.index()].push_back(self.now);
                self.refresh_group(g);
            }
        }
    }

    // ---- abandonment ----------------------------------------------------------------------

    fn on_abandon(&mut self, slot: u32, generation: u32) {
        let c = self.slab.slots[slot as usize];
        if c.generation != generation || !c.waiting {
            return; // answered already: a lazily cancelled timer
        }
        self.slab.slots[slot as usize].waiting = false;
        let q = QueueId::new(c.queue as usize);
        let wait = self.now - c.arrival;
        let t = self.tally.queue_at_mut(c.interval as usize, q.index());
        t.abandoned += 1;
        t.wait_abandoned_s += wait;
        t.waited += (wait > 0.0) as u64;
        self.qview[q.index()].waiting -= 1;
        self.drop_dead_heads(q);
        self.observer.contact(&ContactRecord {
            id: c.id,
            queue: q,
            arrival_s: c.arrival,
            wait_s: wait,
            outcome: Outcome::Abandoned,
        });
    }

    /// Pops abandoned contacts off the head of `q` so the head is always a live contact.
    fn drop_dead_heads(&mut self, q: QueueId) {
        let w = &mut self.waiting[q.index()];
        while let Some(&s) = w.front() {
            if self.slab.slots[s as usize].waiting {
                break;
            }
            w.pop_front();
            self.slab.release(s);
        }
        self.refresh_head(q);
    }

    fn refresh_head(&mut self, q: QueueId) {
        let head = self.waiting[q.index()].front().map(|&s| self.slab.slots[s as usize].arrival);
        self.qview[q.index()].head_arrival_s = head.unwrap_or(f64::INFINITY);
    }

    fn refresh_group(&mut self, g: GroupId) {
        let idle = &self.idle[g.index()];
        self.gview[g.index()] = GroupView {
            idle: idle.len() as u32,
            longest_idle_since_s: idle.front().copied().unwrap_or(f64::INFINITY),
        };
    }

    // ---- staffing and occupancy -----------------------------------------------------------

    /// Integrates busy and staffed agent time of `g` up to now (never past the horizon).
    #[inline]
    fn touch(&mut self, g: GroupId) {
        let gi = g.index();
        let t = self.now.min(self.end);
        let dt = t - self.last_touch[gi];
        if dt > 0.0 {
            self.busy_area[gi] += self.busy[gi] as f64 * dt;
            self.staffed_area[gi] += self.staffed[gi] as f64 * dt;
            self.last_touch[gi] = t;
        }
    }

    fn on_boundary(&mut self, i: usize) {
        let h = &self.model.horizon;
        for gi in 0..self.model.groups.len() {
            let g = GroupId::new(gi);
            self.touch(g);
            if i > 0 {
                let t = self.tally.group_at_mut(i - 1, gi);
                t.busy_s = self.busy_area[gi];
                t.staffed_s = self.staffed_area[gi];
            }
            self.busy_area[gi] = 0.0;
            self.staffed_area[gi] = 0.0;
        }
        if i >= h.intervals {
            return; // end of horizon: the last interval's agents drain the queues
        }
        self.fel.push(h.start_of(i + 1), Event::Boundary(i as u32 + 1));
        for gi in 0..self.model.groups.len() {
            self.apply_staffing(GroupId::new(gi), self.staffing.get(GroupId::new(gi), i));
        }
    }

    /// Moves group `g` to `target` agents: extra agents log in and take work; leavers are idle
    /// agents first, then busy ones, who finish their contact before logging off.
    fn apply_staffing(&mut self, g: GroupId, target: u32) {
        let gi = g.index();
        let on_duty = self.staffed[gi] - self.leaving[gi];
        if target > on_duty {
            let mut add = target - on_duty;
            let stay = add.min(self.leaving[gi]);
            self.leaving[gi] -= stay;
            add -= stay;
            for _ in 0..add {
                self.staffed[gi] += 1;
                self.agent_free(g);
            }
        } else if target < on_duty {
            let mut remove = on_duty - target;
            while remove > 0 && self.idle[gi].pop_front().is_some() {
                self.staffed[gi] -= 1;
                remove -= 1;
            }
            self.leaving[gi] += remove;
            self.refresh_group(g);
        }
    }
}

/// Draws a day's busyness factor B ~ Gamma(k, 1/k): mean 1, variance 1/k.
fn busyness_draw(shape: f64, rng: &mut SimRng) -> f64 {
    // The model validates shape > 0, so construction cannot fail; fall back to 1 regardless.
    Gamma::new(shape, 1.0 / shape).map_or(1.0, |d| d.sample(rng))
}
