//! One replication: the event loop and the state it mutates.

mod behaviour;

use super::contacts::{Contact, ContactKey, ContactState, ContactTable};
use super::error::{Decision, Fault, SimError, Step, Violation};
use super::event::{Event, EventQueue};
use super::streams::{stream, ContactDraw, ContactStream, ContactStreams, Purpose, SimRng};
use super::timers::{TimerKey, TimerKind, Timers};
use crate::model::{GroupId, Model, QueueId, Skill, Staffing, SECONDS_PER_DAY};
use crate::routing::{GroupView, QueueView, RoutingPolicy, View};
use crate::stats::{ContactInfo, Recorder, ReplicationTally, TallyRecorder};
use behaviour::Waits;
use rand_distr::{Distribution as _, Exp1, Gamma};
use std::collections::VecDeque;

/// Arrival generator state of one queue (non-homogeneous Poisson, optional busyness), with the
/// arrival stream of the current day.
struct ArrivalState {
    /// Day whose stream, busyness factor and contact count these are (`u32::MAX` before the
    /// first arrival is scheduled).
    day: u32,
    rng: SimRng,
    factor: f64,
    /// Rate (per second) until `boundary`, the end of the current interval.
    rate: f64,
    boundary: f64,
    /// Index within the day of the next contact (its substream).
    index_in_day: u32,
    /// Seed prefix of this queue's contact substreams (seed, replication, queue).
    contacts: ContactStreams,
}

struct Engine<'a, P, R> {
    model: &'a Model,
    staffing: &'a Staffing,
    policy: &'a P,
    rec: R,
    seed: u64,
    replication: u32,
    fel: EventQueue<Event>,
    now: f64,
    end: f64,
    /// The interval `now` is in (the last one once the horizon has ended), kept by the
    /// boundary events so that no event divides by the interval length.
    interval: usize,
    contacts: ContactTable,
    timers: Timers,
    /// Per queue, the keys of waiting contacts in arrival order; keys of contacts that
    /// abandoned stay until they reach the head (lazy removal), so the head is always live.
    lines: Vec<VecDeque<ContactKey>>,
    qview: Vec<QueueView>,
    idle: Vec<VecDeque<f64>>,
    gview: Vec<GroupView>,
    leaving: Vec<u32>,
    /// Per group, when its on-duty agent time was last integrated, and the integral since the
    /// interval began (busy time is the recorder's: it adds up the services it is told of).
    last_touch: Vec<f64>,
    staffed_area: Vec<f64>,
    arrivals: Vec<ArrivalState>,
    next_id: u64,
    /// Per queue, accepted `low-priority` callbacks in order of acceptance (or retry).
    virtual_queues: Vec<VecDeque<ContactKey>>,
    /// Contacts in all virtual queues (0 lets a freed agent skip the search).
    virtual_total: usize,
    /// Per queue, the wait of the last contact whose service started (the `les` predictor).
    last_entered_wait_s: Vec<f64>,
    /// Per queue, the mean handle time (the `ql` predictor), computed once: an empirical
    /// distribution's mean is a sum over all its values.
    mean_handle_s: Vec<f64>,
}

/// Runs replication `replication` of `model` under `staffing` and `policy` with master `seed`;
/// `recorder` receives the same account as the returned tally (a trace, say, or `NoObserver`).
///
/// Arrivals stop at the end of the horizon; the agents on duty in the last interval then serve
/// everyone still waiting, so every contact ends answered or abandoned (unless no agent could
/// ever serve it: then it is counted in `left_in_system`). Every random draw comes from the
/// replication's own streams, so the result depends only on the inputs.
///
/// Fails when `staffing` has not `model`'s shape (before the first event), or when the policy
/// makes a decision the engine cannot honour (a group without an idle agent, the skill or
/// eligibility, an empty or disallowed queue) or asks to be woken in the past; the built-in
/// policies never do.
pub fn run_replication<P: RoutingPolicy, R: Recorder>(
    model: &Model,
    staffing: &Staffing,
    policy: &P,
    seed: u64,
    replication: u32,
    recorder: &mut R,
) -> Result<ReplicationTally, SimError> {
    staffing.check_shape(model).map_err(SimError::Staffing)?;
    let h = &model.horizon;
    let (nq, ng) = (model.queues.len(), model.groups.len());
    let mut e = Engine {
        model,
        staffing,
        policy,
        rec: (TallyRecorder::new(model, replication), recorder),
        seed,
        replication,
        // One lane per queue: its next arrival.
        fel: EventQueue::new(nq),
        now: 0.0,
        end: h.end_s(),
        interval: 0,
        contacts: ContactTable::default(),
        timers: Timers::default(),
        lines: vec![VecDeque::new(); nq],
        qview: model
            .queues
            .iter()
            .map(|q| QueueView::new(q.service_level.threshold_s, q.service_level.target))
            .collect(),
        idle: vec![VecDeque::new(); ng],
        gview: vec![GroupView::EMPTY; ng],
        leaving: vec![0; ng],
        last_touch: vec![0.0; ng],
        staffed_area: vec![0.0; ng],
        arrivals: (0..nq)
            .map(|q| ArrivalState {
                day: u32::MAX,
                rng: stream(seed, replication, Purpose::Arrivals, q, 0),
                factor: 1.0,
                rate: 0.0,
                boundary: 0.0,
                index_in_day: 0,
                contacts: ContactStreams::new(seed, replication, q),
            })
            .collect(),
        next_id: 0,
        virtual_queues: vec![VecDeque::new(); nq],
        virtual_total: 0,
        last_entered_wait_s: vec![0.0; nq],
        mean_handle_s: model.queues.iter().map(|q| q.handle_time.mean()).collect(),
    };
    e.run().map_err(Fault::into_error)?;
    Ok(e.rec.0.into_tally())
}

impl<P: RoutingPolicy, R: Recorder> Engine<'_, P, R> {
    fn run(&mut self) -> Step {
        self.fel.push(0.0, Event::Boundary(0))?;
        for q in 0..self.model.queues.len() {
            self.schedule_arrival(QueueId::new(q), 0.0)?;
        }
        let mut events = 0u64;
        while let Some((t, ev)) = self.fel.pop() {
            self.now = t;
            events += 1;
            match ev {
                Event::Arrival(q) => self.on_arrival(q)?,
                Event::Served(g) => self.on_served(g)?,
                Event::ServiceEnd(c) => self.on_service_end(c)?,
                Event::Patience(c) => self.on_patience(c)?,
                Event::Timer(k) => self.on_timer(k)?,
                Event::Redial(c) => self.on_redial(c)?,
                Event::Retry(c) => self.on_retry(c)?,
                Event::Boundary(i) => self.on_boundary(i as usize)?,
            }
        }
        // Only contacts no agent could ever serve remain at the end.
        let left = self.contacts.len() as u64;
        self.rec.finished(left, events);
        Ok(())
    }

    fn view(&self) -> View<'_> {
        View {
            now_s: self.now,
            topology: self.model.topology(),
            queues: &self.qview,
            groups: &self.gview,
        }
    }

    #[cold]
    #[inline(never)]
    fn violation(&self, decision: Decision, violation: Violation) -> Fault {
        Fault::from(SimError::Routing {
            policy: self.policy.name().to_string(),
            decision,
            time_s: self.now,
            violation,
        })
    }

    fn names(&self, g: GroupId, q: QueueId) -> (String, String) {
        (self.model.groups[g.index()].name.clone(), self.model.queues[q.index()].name.clone())
    }

    // ---- arrivals -------------------------------------------------------------------------

    /// Schedules the next arrival of `q` after time `t`: exponential gaps at the current
    /// interval's rate; a gap that crosses the interval's end restarts there at the next rate
    /// (exact for a piecewise-constant rate, by memorylessness). Each day draws from its own
    /// stream and busyness factor.
    #[inline]
    fn schedule_arrival(&mut self, q: QueueId, mut t: f64) -> Step {
        let h = &self.model.horizon;
        let spec = &self.model.queues[q.index()].arrivals;
        let st = &mut self.arrivals[q.index()];
        while t < self.end {
            if t >= st.boundary {
                let i = (t / h.interval_s) as usize;
                let day = (h.start_of(i) / SECONDS_PER_DAY) as u32;
                if day != st.day {
                    st.day = day;
                    st.index_in_day = 0;
                    st.rng = stream(
                        self.seed,
                        self.replication,
                        Purpose::Arrivals,
                        q.index(),
                        day as u64,
                    );
                    if let Some(shape) = spec.busyness_shape {
                        let mut b = stream(
                            self.seed,
                            self.replication,
                            Purpose::Busyness,
                            q.index(),
                            day as u64,
                        );
                        st.factor = busyness_draw(shape, &mut b);
                    }
                }
                st.rate = spec.rate_per_s[i] * st.factor;
                st.boundary = h.start_of(i + 1);
            }
            if st.rate > 0.0 {
                let e: f64 = Exp1.sample(&mut st.rng);
                let next = t + e / st.rate;
                if next < st.boundary {
                    return Ok(self.fel.push_lane(q.index(), next, Event::Arrival(q))?);
                }
            }
            t = st.boundary;
        }
        Ok(())
    }

    fn on_arrival(&mut self, q: QueueId) -> Step {
        let now = self.now;
        let st = &mut self.arrivals[q.index()];
        let cs = st.contacts.contact(st.day, st.index_in_day);
        st.index_in_day += 1;
        self.schedule_arrival(q, now)?;
        self.admit(q, cs, 0, self.interval as u32)
    }

    /// A call of `q` (a first call, or redial number `attempt` of a customer who first called
    /// in `origin_interval`) arrives now with its substream `cs`: it is offered, takes an
    /// idle agent if the policy picks one, or waits.
    fn admit(&mut self, q: QueueId, cs: ContactStream, attempt: u32, origin_interval: u32) -> Step {
        let now = self.now;
        let spec = &self.model.queues[q.index()];
        // The contact's own randomness is drawn at arrival, whatever happens next (CRN).
        let handle_s = spec.handle_time.sample(&mut cs.rng(ContactDraw::Handle));
        let patience_s = spec
            .patience
            .as_ref()
            .map_or(f64::INFINITY, |d| d.sample(&mut cs.rng(ContactDraw::Patience)));
        let info = ContactInfo {
            id: self.next_id,
            queue: q,
            interval: self.interval as u32,
            arrival_s: now,
            handle_s,
            patience_s,
            attempt,
            origin_interval,
            announced_s: None,
        };
        self.next_id += 1;
        self.rec.offered(&info);
        let qi = q.index();
        // An empty line (the common case) stays empty while the policy decides: the newcomer is
        // its head in the view (counted, so that a `min_waiting` rule may now allow a group),
        // and an agent taking it needs no trip through the line or the contact table.
        let alone = self.qview[qi].waiting == 0;
        self.qview[qi].waiting += 1;
        if alone {
            self.qview[qi].head_arrival_s = now;
        }
        // A decision is asked only when one is possible: with no idle agent in any group able
        // to serve `q`, every answer but "none" would be refused.
        let topology = self.model.topology();
        let any_idle = topology.groups_for(q).iter().any(|(g, _)| self.gview[g.index()].idle > 0);
        let choice = match any_idle {
            true => self.policy.agent_for_arrival(&self.view(), q),
            false => None,
        };
        if let (Some(g), true) = (choice, alone) {
            let speed = self.claim_idle_agent(q, g)?;
            self.qview[qi].waiting = 0;
            self.qview[qi].head_arrival_s = f64::INFINITY;
            return self.begin_service(&info, g, speed);
        }
        // It waits (an agent that took the head of a longer line took someone who arrived
        // before it), in FIFO order.
        let key = self.contacts.insert(Contact::new(info, cs));
        self.lines[qi].push_back(key);
        if let Some(g) = choice {
            let speed = self.claim_idle_agent(q, g)?;
            self.serve_head(q, g, speed)?;
        }
        match self.announce_and_offer(key, q)? {
            Waits::InLine => {
                if patience_s.is_finite() {
                    let k = self.fel.push_cancellable(now + patience_s, Event::Patience(key))?;
                    if let Some(c) = self.contacts.get_mut(key) {
                        c.patience = Some(k);
                    }
                }
            }
            Waits::HoldingPlace => {}
            Waits::Left => return Ok(()),
        }
        self.schedule_wake(key, q, now, 0)?;
        if let Some(at) = self.policy.wake_for_waiting(&self.view(), q, now) {
            let timer = self.timers.add(TimerKind::PolicyWake(q));
            self.fel.push(at, Event::Timer(timer))?;
        }
        Ok(())
    }

    /// Schedules the `level`-th overflow wake-up of the waiting contact `key` (in line in `q`
    /// since `since_s`): the moment it has waited that `after_s` and more groups may take it.
    fn schedule_wake(&mut self, key: ContactKey, q: QueueId, since_s: f64, level: u32) -> Step {
        let Some(&after) = self.model.topology().after_levels(q).get(level as usize) else {
            return Ok(());
        };
        let timer = self.timers.add(TimerKind::Wake { contact: key, level });
        self.fel.push(since_s + after, Event::Timer(timer))?;
        if let Some(c) = self.contacts.get_mut(key) {
            c.wake = Some(timer);
        }
        Ok(())
    }

    /// Validates the policy's choice of `g` for the head of `q` and takes one of its idle
    /// agents (the longest idle) off the idle list; returns the speed of `g` on `q`.
    #[inline]
    fn claim_idle_agent(&mut self, q: QueueId, g: GroupId) -> Result<f64, Fault> {
        let speed = self.check_arrival_decision(q, g)?;
        self.idle[g.index()].pop_front();
        self.refresh_group(g);
        Ok(speed)
    }

    /// The speed of `g` on `q` if an agent of `g` may take the head of `q` now.
    #[inline]
    fn check_arrival_decision(&self, q: QueueId, g: GroupId) -> Result<f64, Fault> {
        let ng = self.model.groups.len();
        if g.index() >= ng {
            let v = Violation::UnknownGroup { group: g.index(), groups: ng };
            return Err(self.violation(Decision::Arrival, v));
        }
        let skill = self.skill_of(Decision::Arrival, g, q)?;
        if self.idle[g.index()].is_empty() {
            let (group, queue) = self.names(g, q);
            return Err(self.violation(Decision::Arrival, Violation::NoIdleAgent { group, queue }));
        }
        self.check_rule(Decision::Arrival, g, q, skill)
    }

    /// The skill of `g` on `q`, or a `NotSkilled` error.
    #[inline]
    fn skill_of(&self, d: Decision, g: GroupId, q: QueueId) -> Result<&Skill, Fault> {
        self.model.topology().skill(g, q).ok_or_else(|| {
            let (group, queue) = self.names(g, q);
            self.violation(d, Violation::NotSkilled { group, queue })
        })
    }

    /// The skill's speed if its overflow rule allows `g` to take the head of `q` now
    /// (`View::eligible`).
    #[inline]
    fn check_rule(&self, d: Decision, g: GroupId, q: QueueId, skill: &Skill) -> Result<f64, Fault> {
        match self.view().eligible(skill) {
            true => Ok(skill.speed),
            false => Err(self.rule_violation(d, g, q, skill)),
        }
    }

    /// Why `g` may not take the head of `q`: nobody waits, or the rule is not met yet.
    #[cold]
    #[inline(never)]
    fn rule_violation(&self, d: Decision, g: GroupId, q: QueueId, skill: &Skill) -> Fault {
        let qv = self.qview[q.index()];
        let (group, queue) = self.names(g, q);
        if qv.waiting == 0 {
            return self.violation(d, Violation::EmptyQueue { group, queue });
        }
        let v = Violation::NotEligible {
            group,
            queue,
            waiting: qv.waiting,
            head_wait_s: qv.head_wait_s(self.now),
            min_waiting: skill.min_waiting,
            after_s: skill.after_s,
        };
        self.violation(d, v)
    }

    // ---- service --------------------------------------------------------------------------

    /// An agent of `g` (already taken off the idle list), working at `speed` on the contact's
    /// queue, starts serving the waiting contact at `key`, which leaves the table.
    #[inline]
    fn start_service(&mut self, key: ContactKey, g: GroupId, speed: f64) -> Step {
        let Some(c) = self.contacts.get(key) else { return Ok(()) };
        let (info, wake, patience) = (c.info, c.wake, c.patience);
        self.contacts.discard(key);
        if let Some(timer) = wake {
            self.timers.cancel(timer);
        }
        if let Some(patience) = patience {
            self.fel.cancel(patience);
        }
        self.begin_service(&info, g, speed)
    }

    /// An agent of `g` (already taken off the idle list), working at `speed`, starts serving
    /// the contact `info`, no longer in the table. Always inlined into its two callers, with the
    /// recorder's `answered`: a call here saved and restored registers for every answered
    /// contact (2.4% of the engine benchmark's instructions).
    #[inline(always)]
    fn begin_service(&mut self, info: &ContactInfo, g: GroupId, speed: f64) -> Step {
        let now = self.now;
        let wait = now - info.arrival_s;
        self.last_entered_wait_s[info.queue.index()] = wait;
        let service_s = info.handle_s / speed;
        let qv = &mut self.qview[info.queue.index()];
        qv.ended_in_interval += 1;
        qv.within_in_interval += (wait <= qv.threshold_s) as u32;
        self.gview[g.index()].busy += 1;
        let start_interval = (now < self.end).then_some(self.interval);
        self.rec.answered(info, g, wait, service_s, start_interval);
        self.fel.push(now + service_s, Event::Served(g))?;
        Ok(())
    }

    /// A callback attempt by an agent ends.
    fn on_service_end(&mut self, key: ContactKey) -> Step {
        let g = match self.contacts.get(key).map(|c| c.state) {
            Some(ContactState::Calling { group, reached }) => {
                self.end_attempt(key, reached)?;
                group
            }
            _ => unreachable!("a service end always names a contact being called back"),
        };
        self.on_served(g)
    }

    /// An agent of `g` finishes a service or a callback attempt: logs off if due to, or takes
    /// the next work.
    fn on_served(&mut self, g: GroupId) -> Step {
        let gi = g.index();
        self.gview[gi].busy -= 1;
        if self.leaving[gi] > 0 {
            // The agent was due to log off and does so now.
            self.touch(g);
            self.leaving[gi] -= 1;
            self.gview[gi].staffed -= 1;
            Ok(())
        } else {
            self.agent_free(g)
        }
    }

    /// An agent of `g` is available (just freed or just logged in): take work or go idle.
    fn agent_free(&mut self, g: GroupId) -> Step {
        // A decision is asked only when one is possible: with nobody waiting in the queues of
        // `g`'s skills, every answer but "none" would be refused.
        let topology = self.model.topology();
        let waiting = topology.skills_of(g).iter().any(|s| self.qview[s.queue.index()].waiting > 0);
        let choice = match waiting {
            true => self.policy.contact_for_agent(&self.view(), g),
            false => None,
        };
        match choice {
            Some(q) => {
                let speed = self.check_agent_decision(g, q)?;
                self.serve_head(q, g, speed)
            }
            None => {
                if self.virtual_total > 0 {
                    if let Some(q) = self.callback_for(g) {
                        return self.call_back(q, g);
                    }
                }
                self.idle[g.index()].push_back(self.now);
                self.refresh_group(g);
                Ok(())
            }
        }
    }

    /// The speed of `g` on `q` if a freed agent of `g` may take the head of `q` now.
    #[inline]
    fn check_agent_decision(&self, g: GroupId, q: QueueId) -> Result<f64, Fault> {
        let nq = self.model.queues.len();
        if q.index() >= nq {
            let v = Violation::UnknownQueue { queue: q.index(), queues: nq };
            return Err(self.violation(Decision::FreedAgent, v));
        }
        let skill = self.skill_of(Decision::FreedAgent, g, q)?;
        self.check_rule(Decision::FreedAgent, g, q, skill)
    }

    /// An agent of `g` takes the head of `q`'s line (validated non-empty): serves it at
    /// `speed`, or calls it back when it is a callback holding its place.
    fn serve_head(&mut self, q: QueueId, g: GroupId, speed: f64) -> Step {
        let key = self.lines[q.index()].pop_front().expect("a non-empty line has a live head");
        self.qview[q.index()].waiting -= 1;
        self.drop_dead_heads(q);
        match self.contacts.get(key).map(|c| c.state) {
            Some(ContactState::HoldingPlace) => self.start_attempt(key, g),
            _ => self.start_service(key, g, speed),
        }
    }

    // ---- abandonment and timers -----------------------------------------------------------

    fn on_patience(&mut self, key: ContactKey) -> Step {
        // A contact leaving the line cancels its patience event, so only a waiting one's pops.
        let Some(c) = self.contacts.get_mut(key).filter(|c| c.state == ContactState::Waiting)
        else {
            return Ok(());
        };
        c.patience = None;
        // Marked as gone from the line before the line is tidied, so its entry is stale.
        c.state = ContactState::RedialDue;
        let (info, wake) = (c.info, c.wake.take());
        if let Some(timer) = wake {
            self.timers.cancel(timer);
        }
        let q = info.queue;
        self.qview[q.index()].waiting -= 1;
        self.qview[q.index()].ended_in_interval += 1;
        self.drop_dead_heads(q);
        self.rec.abandoned(&info, self.now - info.arrival_s);
        self.maybe_redial(key)?;
        if self.qview[q.index()].waiting == 0 {
            self.dispatch_callbacks(q)?;
        }
        Ok(())
    }

    fn on_timer(&mut self, key: TimerKey) -> Step {
        match self.timers.fire(key) {
            Some(TimerKind::Wake { contact, level }) => {
                let Some(c) = self.contacts.get_mut(contact) else { return Ok(()) };
                c.wake = None;
                let (q, since_s) = (c.info.queue, c.since_s);
                self.offer_idle_agents(q)?;
                if self.contacts.get(contact).is_some_and(|c| c.state.in_line()) {
                    self.schedule_wake(contact, q, since_s, level + 1)?;
                }
                Ok(())
            }
            Some(TimerKind::PolicyWake(q)) => self.offer_idle_agents(q),
            None => Ok(()), // cancelled
        }
    }

    /// A waiting contact of `q` may have become eligible for more groups: asks the policy, as
    /// for an arrival, which idle agent takes the head, until it leaves the rest waiting.
    fn offer_idle_agents(&mut self, q: QueueId) -> Step {
        while self.qview[q.index()].waiting > 0 {
            let Some(g) = self.policy.agent_for_arrival(&self.view(), q) else { break };
            let speed = self.claim_idle_agent(q, g)?;
            self.serve_head(q, g, speed)?;
        }
        Ok(())
    }

    /// Pops abandoned contacts off the head of `q` so the head is always a live contact.
    fn drop_dead_heads(&mut self, q: QueueId) {
        let line = &mut self.lines[q.index()];
        while let Some(&k) = line.front() {
            if self.contacts.get(k).is_some_and(|c| c.state.in_line()) {
                break;
            }
            line.pop_front();
        }
        self.refresh_head(q);
    }

    /// The view's head time: when the head took its place in line.
    fn refresh_head(&mut self, q: QueueId) {
        let head = self.lines[q.index()].front().and_then(|&k| self.contacts.get(k));
        self.qview[q.index()].head_arrival_s = head.map_or(f64::INFINITY, |c| c.since_s);
    }

    /// Brings the group's idle count and longest-idle time in the view up to date (busy and
    /// staffed counts live in the view itself).
    #[inline]
    fn refresh_group(&mut self, g: GroupId) {
        let gi = g.index();
        let idle = &self.idle[gi];
        let v = &mut self.gview[gi];
        v.idle = idle.len() as u32;
        v.longest_idle_since_s = idle.front().copied().unwrap_or(f64::INFINITY);
    }

    // ---- staffing and occupancy -----------------------------------------------------------

    /// Integrates the on-duty agent time of `g` up to now (never past the horizon); called
    /// before every change of its head-count.
    #[inline]
    fn touch(&mut self, g: GroupId) {
        let gi = g.index();
        let t = self.now.min(self.end);
        let dt = t - self.last_touch[gi];
        if dt > 0.0 {
            self.staffed_area[gi] += self.gview[gi].staffed as f64 * dt;
            self.last_touch[gi] = t;
        }
    }

    fn on_boundary(&mut self, i: usize) -> Step {
        let h = &self.model.horizon;
        for gi in 0..self.model.groups.len() {
            let g = GroupId::new(gi);
            self.touch(g);
            if i > 0 {
                self.rec.agent_time(i - 1, g, self.staffed_area[gi]);
            }
            self.staffed_area[gi] = 0.0;
        }
        if i >= h.intervals {
            return Ok(()); // end of horizon: the last interval's agents drain the queues
        }
        self.interval = i;
        for qv in &mut self.qview {
            qv.ended_in_interval = 0;
            qv.within_in_interval = 0;
        }
        self.fel.push(h.start_of(i + 1), Event::Boundary(i as u32 + 1))?;
        for gi in 0..self.model.groups.len() {
            self.apply_staffing(GroupId::new(gi), self.staffing.get(GroupId::new(gi), i))?;
        }
        Ok(())
    }

    /// Moves group `g` to `target` agents: extra agents log in and take work; leavers are idle
    /// agents first, then busy ones, who finish their contact before logging off.
    fn apply_staffing(&mut self, g: GroupId, target: u32) -> Step {
        let gi = g.index();
        let on_duty = self.gview[gi].staffed - self.leaving[gi];
        if target > on_duty {
            let mut add = target - on_duty;
            let stay = add.min(self.leaving[gi]);
            self.leaving[gi] -= stay;
            add -= stay;
            for _ in 0..add {
                self.gview[gi].staffed += 1;
                self.agent_free(g)?;
            }
        } else if target < on_duty {
            let mut remove = on_duty - target;
            while remove > 0 && self.idle[gi].pop_front().is_some() {
                self.gview[gi].staffed -= 1;
                remove -= 1;
            }
            self.leaving[gi] += remove;
            self.refresh_group(g);
        }
        Ok(())
    }
}

/// Draws a day's busyness factor B ~ Gamma(k, 1/k): mean 1, variance 1/k.
fn busyness_draw(shape: f64, rng: &mut SimRng) -> f64 {
    // The model validates shape > 0, so construction cannot fail; fall back to 1 regardless.
    Gamma::new(shape, 1.0 / shape).map_or(1.0, |d| d.sample(rng))
}
