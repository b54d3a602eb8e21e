//! What happens around the line: wait-time announcements, callback offers and attempts (the
//! virtual queue), and redials after abandonment (DESIGN.md §3).
//!
//! Every customer decision (accept, picked up, redial, how long the ringing or the redial
//! delay lasts) is drawn from the contact's own substream, one seed per kind of draw and per
//! attempt, so a change of policy or staffing never changes what a customer would do.

use super::Engine;
use crate::model::{CallbackMode, CallbackSpec, GroupId, Model, QueueId};
use crate::routing::RoutingPolicy;
use crate::sim::contacts::{ContactKey, ContactState};
use crate::sim::error::{Fault, Step};
use crate::sim::event::Event;
use crate::sim::streams::ContactDraw;
use crate::stats::{CallbackAttempt, Recorder};
use rand::Rng;

/// Where a contact that has to wait ends up after its announcement.
pub(super) enum Waits {
    /// In line, as an inbound contact that may abandon.
    InLine,
    /// In line as a `keep-place` callback: it never abandons.
    HoldingPlace,
    /// Gone from the line into the virtual queue (`low-priority`).
    Left,
}

/// True with probability `p`, from a generator used for this one decision.
#[inline]
fn chance(p: f64, rng: &mut impl Rng) -> bool {
    rng.random::<f64>() < p
}

impl<P: RoutingPolicy, R: Recorder> Engine<'_, P, R> {
    /// The waits each predictor announces to a contact that has just joined the back of `q`'s
    /// line (`Predictor::ALL` order).
    fn announce(&self, q: QueueId) -> [f64; 3] {
        let qv = &self.qview[q.index()];
        let ahead = qv.waiting.saturating_sub(1) as f64;
        let on_duty: u32 = self
            .model
            .topology()
            .groups_for(q)
            .iter()
            .map(|(g, _)| self.gview[g.index()].staffed - self.leaving[g.index()])
            .sum();
        let mean_handle_s = self.mean_handle_s[q.index()];
        // Infinite when nobody is on duty (x ÷ 0 = ∞ for x > 0).
        let ql = (ahead + 1.0) * mean_handle_s / on_duty as f64;
        let hol = self.now - qv.head_arrival_s.min(self.now);
        [ql, hol, self.last_entered_wait_s[q.index()]]
    }

    /// The contact at `key` has to wait in `q`: announces its expected wait, and offers it a
    /// callback when the queue's announcement exceeds the threshold.
    pub(super) fn announce_and_offer(
        &mut self,
        key: ContactKey,
        q: QueueId,
    ) -> Result<Waits, Fault> {
        let announced = self.announce(q);
        let spec = &self.model.queues[q.index()];
        let Some(c) = self.contacts.get_mut(key) else { return Ok(Waits::InLine) };
        c.info.announced_s = Some(announced);
        let Some(cb) = &spec.callback else { return Ok(Waits::InLine) };
        if announced[spec.announce.index()] <= cb.offer_when_ewt_s {
            return Ok(Waits::InLine);
        }
        let accepted = chance(cb.accept_probability, &mut c.stream.rng(ContactDraw::Accept));
        let info = c.info;
        self.rec.callback_offered(&info, accepted);
        if !accepted {
            return Ok(Waits::InLine);
        }
        c.accepted_s = self.now;
        match cb.mode {
            CallbackMode::KeepPlace => {
                c.state = ContactState::HoldingPlace;
                Ok(Waits::HoldingPlace)
            }
            CallbackMode::LowPriority => {
                c.state = ContactState::VirtualQueue;
                // It has just joined the back of the line, and nobody joined since.
                let back = self.lines[q.index()].pop_back();
                debug_assert_eq!(back, Some(key));
                self.qview[q.index()].waiting -= 1;
                self.drop_dead_heads(q);
                self.join_virtual_queue(q, key)?;
                Ok(Waits::Left)
            }
        }
    }

    /// The callback at `key` joins the back of `q`'s virtual queue; an idle agent takes it at
    /// once if no inbound contact of `q` waits.
    fn join_virtual_queue(&mut self, q: QueueId, key: ContactKey) -> Step {
        self.virtual_queues[q.index()].push_back(key);
        self.virtual_total += 1;
        self.dispatch_callbacks(q)
    }

    /// While no inbound contact of `q` waits, idle agents with the skill (the longest idle
    /// first) call back `q`'s virtual queue in order.
    pub(super) fn dispatch_callbacks(&mut self, q: QueueId) -> Step {
        while !self.virtual_queues[q.index()].is_empty() && self.qview[q.index()].waiting == 0 {
            let best = self
                .model
                .topology()
                .groups_for(q)
                .iter()
                .map(|(g, _)| *g)
                .filter(|g| self.gview[g.index()].idle > 0)
                .min_by(|a, b| {
                    let since = |g: &GroupId| self.gview[g.index()].longest_idle_since_s;
                    since(a).total_cmp(&since(b))
                });
            let Some(g) = best else { break };
            self.idle[g.index()].pop_front();
            self.refresh_group(g);
            self.call_back(q, g)?;
        }
        Ok(())
    }

    /// A queue whose virtual queue an agent of `g` may serve now: one of its skills, with
    /// callbacks waiting and no inbound contact waiting; the best skill priority first, then
    /// the order written.
    pub(super) fn callback_for(&self, g: GroupId) -> Option<QueueId> {
        self.model
            .topology()
            .skills_of(g)
            .iter()
            .filter(|s| {
                !self.virtual_queues[s.queue.index()].is_empty()
                    && self.qview[s.queue.index()].waiting == 0
            })
            .min_by_key(|s| s.priority)
            .map(|s| s.queue)
    }

    /// An agent of `g` (already off the idle list) takes the first callback of `q`'s virtual
    /// queue.
    pub(super) fn call_back(&mut self, q: QueueId, g: GroupId) -> Step {
        let key = self.virtual_queues[q.index()].pop_front().expect("a callback waits");
        self.virtual_total -= 1;
        self.start_attempt(key, g)
    }

    /// An agent of `g` (already taken off the idle list) calls the customer of `key` back: the
    /// customer picks up (the agent serves the callback) or not (the agent is busy for the
    /// attempt time).
    pub(super) fn start_attempt(&mut self, key: ContactKey, g: GroupId) -> Step {
        let now = self.now;
        let Some(c) = self.contacts.get_mut(key) else { return Ok(()) };
        let q = c.info.queue;
        let spec = callback_spec(self.model, q);
        if let Some(timer) = c.wake.take() {
            self.timers.cancel(timer);
        }
        c.attempts += 1;
        let n = c.attempts;
        let reached = chance(spec.reach_probability, &mut c.stream.rng_n(ContactDraw::Reach, n));
        let busy_s = if reached {
            let work = match &spec.handle_time {
                Some(d) => d.sample(&mut c.stream.rng_n(ContactDraw::CallbackHandle, n)),
                None => c.info.handle_s,
            };
            work / self.model.topology().speed(g, q)
        } else {
            spec.attempt_time.sample(&mut c.stream.rng_n(ContactDraw::AttemptTime, n))
        };
        c.state = ContactState::Calling { group: g, reached };
        let since_acceptance_s = now - c.accepted_s;
        let info = c.info;
        let attempt = CallbackAttempt {
            group: g,
            attempt: n,
            start_interval: (now < self.end).then_some(self.interval),
            since_acceptance_s,
            reached,
            within_promise: reached && since_acceptance_s <= spec.promise_s,
            start_s: now,
            busy_s,
        };
        self.gview[g.index()].busy += 1;
        self.rec.callback_attempt(&info, &attempt);
        self.fel.push(now + busy_s, Event::ServiceEnd(key))?;
        Ok(())
    }

    /// The attempt on `key` ended: done when reached; otherwise tried again later while
    /// attempts remain, else given up as not reached.
    pub(super) fn end_attempt(&mut self, key: ContactKey, reached: bool) -> Step {
        let Some(c) = self.contacts.get_mut(key) else { return Ok(()) };
        let spec = callback_spec(self.model, c.info.queue);
        if !reached && c.attempts < spec.max_attempts {
            c.state = ContactState::Retrying;
            let at = self.now + spec.retry_after_s;
            return Ok(self.fel.push(at, Event::Retry(key))?);
        }
        let c = self.contacts.remove(key).expect("checked above");
        if !reached {
            self.rec.callback_not_reached(&c.info);
        }
        Ok(())
    }

    /// An unreached callback returns to where callbacks wait: the back of the virtual queue
    /// (`low-priority`), or a new place at the back of the line (`keep-place`).
    pub(super) fn on_retry(&mut self, key: ContactKey) -> Step {
        let now = self.now;
        let Some(c) = self.contacts.get_mut(key) else { return Ok(()) };
        let q = c.info.queue;
        match callback_spec(self.model, q).mode {
            CallbackMode::LowPriority => {
                c.state = ContactState::VirtualQueue;
                self.join_virtual_queue(q, key)
            }
            CallbackMode::KeepPlace => {
                c.state = ContactState::HoldingPlace;
                c.since_s = now;
                let qi = q.index();
                self.lines[qi].push_back(key);
                self.qview[qi].waiting += 1;
                self.refresh_head(q); // the head changes only if the line was empty
                self.offer_idle_agents(q)?;
                if self.contacts.get(key).is_some_and(|c| c.state.in_line()) {
                    self.schedule_wake(key, q, now, 0)?;
                }
                Ok(())
            }
        }
    }

    /// The abandoned customer at `key` (marked `RedialDue`) calls again after a delay with the
    /// queue's redial probability, while redials remain; a redial due after the end of the
    /// horizon is lost. Otherwise the customer leaves the system.
    pub(super) fn maybe_redial(&mut self, key: ContactKey) -> Step {
        let Some(c) = self.contacts.get(key) else { return Ok(()) };
        let (info, stream) = (c.info, c.stream);
        if let Some(spec) = &self.model.queues[info.queue.index()].redial {
            let allowed = spec.max_redials.is_none_or(|m| info.attempt < m);
            if allowed && chance(spec.probability, &mut stream.rng(ContactDraw::Redial)) {
                let at = self.now + spec.delay.sample(&mut stream.rng(ContactDraw::RedialDelay));
                if at < self.end {
                    return Ok(self.fel.push(at, Event::Redial(key))?);
                }
                self.rec.redial_lost(&info);
            }
        }
        self.contacts.remove(key);
        Ok(())
    }

    /// The customer at `key` calls again: a new offered contact of the same queue with its own
    /// substream (handle time, patience, decisions).
    pub(super) fn on_redial(&mut self, key: ContactKey) -> Step {
        let Some(c) = self.contacts.remove(key) else { return Ok(()) };
        self.admit(c.info.queue, c.stream.redial(), c.info.attempt + 1, c.info.origin_interval)
    }
}

/// The callback settings of `q`, which holds a callback (only queues that offer callbacks do).
fn callback_spec(model: &Model, q: QueueId) -> &CallbackSpec {
    model.queues[q.index()].callback.as_ref().expect("only a queue that offers callbacks holds one")
}
