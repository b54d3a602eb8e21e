//! What a queue offers its callers beyond the line, and what callers do after hanging up:
//! wait-time announcements (EWT predictors), callback offers (a virtual queue), and redials
//! after abandonment (DESIGN.md §3, §4).

use super::Distribution;
use thiserror::Error;

/// An expected-wait-time predictor, computed for every contact that has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Predictor {
    /// Queue length: (contacts waiting ahead + 1) × the queue's mean handle time ÷ the agents
    /// on duty in groups with the skill. Unbiased in M/M/c for delayed callers.
    #[default]
    QueueLength,
    /// Head of line: the current wait of the contact at the head of the line.
    HeadOfLine,
    /// Last to enter service: the wait of the last contact of the queue whose service started.
    LastToEnter,
}

impl Predictor {
    /// Every predictor, in the order of tallies and reports.
    pub const ALL: [Predictor; 3] =
        [Predictor::QueueLength, Predictor::HeadOfLine, Predictor::LastToEnter];

    /// The name used in scenario files and reports (`ql`, `hol`, `les`).
    pub fn name(self) -> &'static str {
        match self {
            Predictor::QueueLength => "ql",
            Predictor::HeadOfLine => "hol",
            Predictor::LastToEnter => "les",
        }
    }

    /// The predictor named `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Predictor::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Position in [`Predictor::ALL`] (and in tallies).
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Where an accepted callback waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallbackMode {
    /// In the queue's virtual queue, served (first come, first served) by agents with the skill
    /// only while no inbound contact of the queue waits.
    #[default]
    LowPriority,
    /// In the customer's place in line ("virtual hold"): the callback is made when that place
    /// reaches the head.
    KeepPlace,
}

impl CallbackMode {
    /// Every mode.
    pub const ALL: [CallbackMode; 2] = [CallbackMode::LowPriority, CallbackMode::KeepPlace];

    /// The name used in scenario files (`low-priority`, `keep-place`).
    pub fn name(self) -> &'static str {
        match self {
            CallbackMode::LowPriority => "low-priority",
            CallbackMode::KeepPlace => "keep-place",
        }
    }

    /// The mode named `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        CallbackMode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Callback offers of one queue: a contact that has to wait and whose announced wait exceeds
/// `offer_when_ewt_s` is offered a callback and accepts with `accept_probability`.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackSpec {
    /// Offer a callback when the announced EWT is greater than this, seconds.
    pub offer_when_ewt_s: f64,
    /// Probability that an offered customer accepts.
    pub accept_probability: f64,
    /// Where accepted callbacks wait.
    pub mode: CallbackMode,
    /// Probability that one attempt reaches the customer.
    pub reach_probability: f64,
    /// Agent time of an attempt that does not reach the customer (ringing, voicemail).
    pub attempt_time: Distribution,
    /// The promise: a callback reached within this many seconds of acceptance keeps it.
    pub promise_s: f64,
    /// Work content of a reached callback; `None` uses the contact's own handle time.
    pub handle_time: Option<Distribution>,
    /// Attempts before a callback is given up as not reached (≥ 1).
    pub max_attempts: u32,
    /// Delay before an unreached callback is tried again, seconds.
    pub retry_after_s: f64,
    /// Share of accepted callbacks that must be reached within the promise (`wfmsim staff`).
    pub target: Option<f64>,
}

/// Redials after abandonment: an abandoning customer calls again with `probability` after
/// `delay`, as a new offered contact of the same queue.
#[derive(Debug, Clone, PartialEq)]
pub struct RedialSpec {
    /// Probability that an abandoning customer redials.
    pub probability: f64,
    /// Time from hanging up to redialling.
    pub delay: Distribution,
    /// Redials per customer at most; `None` for no limit.
    pub max_redials: Option<u32>,
}

/// A callback or redial setting out of range (the scenario file names the key).
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{key} must be {expected}, got {got}")]
pub struct BehaviourError {
    /// The key, e.g. `callback.accept_probability`.
    pub key: &'static str,
    /// What is expected.
    pub expected: &'static str,
    /// The value given.
    pub got: f64,
}

fn check(
    ok: bool,
    key: &'static str,
    expected: &'static str,
    got: f64,
) -> Result<(), BehaviourError> {
    if ok {
        Ok(())
    } else {
        Err(BehaviourError { key, expected, got })
    }
}

fn share(key: &'static str, p: f64) -> Result<(), BehaviourError> {
    check((0.0..=1.0).contains(&p), key, "a probability between 0 and 1", p)
}

fn seconds(key: &'static str, s: f64) -> Result<(), BehaviourError> {
    check(s.is_finite() && s >= 0.0, key, "a finite number of seconds ≥ 0", s)
}

impl CallbackSpec {
    /// Checks every setting's range.
    pub fn validate(&self) -> Result<(), BehaviourError> {
        check(
            !self.offer_when_ewt_s.is_nan() && self.offer_when_ewt_s >= 0.0,
            "callback.offer_when_ewt_s",
            "seconds ≥ 0",
            self.offer_when_ewt_s,
        )?;
        share("callback.accept_probability", self.accept_probability)?;
        share("callback.reach_probability", self.reach_probability)?;
        seconds("callback.promise_s", self.promise_s)?;
        seconds("callback.retry_after_s", self.retry_after_s)?;
        check(
            (1..=1000).contains(&self.max_attempts),
            "callback.max_attempts",
            "a whole number from 1 to 1000",
            self.max_attempts as f64,
        )?;
        if let Some(t) = self.target {
            check(t > 0.0 && t <= 1.0, "callback.target", "a share in (0, 1], e.g. 0.9", t)?;
        }
        Ok(())
    }
}

impl RedialSpec {
    /// Checks every setting's range; a redial delay of mean 0 is refused (a customer who
    /// redials at once, forever, would never let time move on).
    pub fn validate(&self) -> Result<(), BehaviourError> {
        share("redial.probability", self.probability)?;
        let mean = self.delay.mean();
        check(mean > 0.0, "redial.delay", "a distribution with a mean > 0 s", mean)?;
        if let Some(m) = self.max_redials {
            check(m <= 1000, "redial.max_redials", "a whole number from 0 to 1000", m as f64)?;
        }
        Ok(())
    }
}
