//! KPI definitions (DESIGN.md §4) as functions of tallies, and their estimates over replications.

use super::tally::EwtTally;
use super::{Estimate, GroupTally, QueueTally};
use serde::Serialize;

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

impl QueueTally {
    /// SL(T) = answered within T ÷ (offered − accepted callbacks): customers who took a
    /// callback are reported separately (DESIGN.md §4).
    pub fn service_level(&self) -> Option<f64> {
        let den = self.offered.saturating_sub(self.callbacks_accepted);
        ratio(self.answered_within as f64, den as f64)
    }
    /// Answered within T ÷ answered.
    pub fn sl_answered(&self) -> Option<f64> {
        ratio(self.answered_within as f64, self.answered as f64)
    }
    /// ASA: mean wait of answered contacts, seconds.
    pub fn asa_s(&self) -> Option<f64> {
        ratio(self.wait_answered_s, self.answered as f64)
    }
    /// Mean wait of all contacts that ended (answered or abandoned), seconds.
    pub fn mean_wait_all_s(&self) -> Option<f64> {
        ratio(self.wait_answered_s + self.wait_abandoned_s, (self.answered + self.abandoned) as f64)
    }
    /// Mean time to abandon of abandoned contacts, seconds.
    pub fn mean_wait_abandoned_s(&self) -> Option<f64> {
        ratio(self.wait_abandoned_s, self.abandoned as f64)
    }
    /// Abandoned ÷ offered.
    pub fn abandon_rate(&self) -> Option<f64> {
        ratio(self.abandoned as f64, self.offered as f64)
    }
    /// P(wait > 0): answered or abandoned after a positive wait ÷ offered (customers who took
    /// a callback at once never waited).
    pub fn p_wait(&self) -> Option<f64> {
        ratio(self.waited as f64, self.offered as f64)
    }
    /// Customers answered at any attempt (or reached by callback) ÷ first attempts.
    pub fn eventually_answered_rate(&self) -> Option<f64> {
        ratio(self.eventually_answered as f64, self.first_attempts as f64)
    }
    /// Callbacks offered ÷ offered.
    pub fn callback_offer_rate(&self) -> Option<f64> {
        ratio(self.callbacks_offered as f64, self.offered as f64)
    }
    /// Callbacks accepted ÷ offered.
    pub fn callback_accept_rate(&self) -> Option<f64> {
        ratio(self.callbacks_accepted as f64, self.offered as f64)
    }
    /// Callbacks reached ÷ accepted.
    pub fn callback_reach_rate(&self) -> Option<f64> {
        ratio(self.callbacks_reached as f64, self.callbacks_accepted as f64)
    }
    /// Share of accepted callbacks reached by an attempt that started within the promise.
    pub fn callbacks_within_promise(&self) -> Option<f64> {
        ratio(self.callbacks_within_promise as f64, self.callbacks_accepted as f64)
    }
    /// Mean delay from acceptance to the first attempt, seconds.
    pub fn callback_delay_s(&self) -> Option<f64> {
        ratio(self.callback_delay_s, self.callbacks_attempted as f64)
    }
}

impl EwtTally {
    /// Mean error (actual − announced), seconds: > 0 when the predictor promises too little.
    pub fn mean_error_s(&self) -> Option<f64> {
        ratio(self.sum_error_s, self.n as f64)
    }
    /// Mean absolute error, seconds.
    pub fn mae_s(&self) -> Option<f64> {
        ratio(self.sum_abs_error_s, self.n as f64)
    }
    /// Root mean squared error, seconds.
    pub fn rmse_s(&self) -> Option<f64> {
        ratio(self.sum_sq_error_s, self.n as f64).map(f64::sqrt)
    }
}

/// Accuracy of one EWT predictor, each estimated over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EwtAccuracy {
    /// Announcements scored per replication.
    pub n: Estimate,
    /// Mean error (actual − announced), seconds.
    pub mean_error_s: Estimate,
    /// Mean absolute error, seconds.
    pub mae_s: Estimate,
    /// Root mean squared error, seconds.
    pub rmse_s: Estimate,
}

impl EwtAccuracy {
    fn from_tallies<'a>(t: impl Iterator<Item = &'a EwtTally> + Clone) -> Self {
        let est = |f: fn(&EwtTally) -> Option<f64>| Estimate::from_nonnegative(t.clone().map(f));
        EwtAccuracy {
            n: est(|x| Some(x.n as f64)),
            // The mean error is signed (announced too long or too short).
            mean_error_s: Estimate::from_samples(t.clone().map(EwtTally::mean_error_s)),
            mae_s: est(EwtTally::mae_s),
            rmse_s: est(EwtTally::rmse_s),
        }
    }
}

/// Accuracy of the three EWT predictors (`queues.<q>.ewt.<predictor>` in `summary.json`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EwtKpis {
    /// Queue length.
    pub ql: EwtAccuracy,
    /// Head of line.
    pub hol: EwtAccuracy,
    /// Last to enter service.
    pub les: EwtAccuracy,
}

impl EwtKpis {
    /// The accuracy of `p`.
    pub fn get(&self, p: crate::model::Predictor) -> &EwtAccuracy {
        match p {
            crate::model::Predictor::QueueLength => &self.ql,
            crate::model::Predictor::HeadOfLine => &self.hol,
            crate::model::Predictor::LastToEnter => &self.les,
        }
    }
}

impl GroupTally {
    /// Busy time ÷ staffed time.
    pub fn occupancy(&self) -> Option<f64> {
        ratio(self.busy_s, self.staffed_s)
    }
}

/// The KPIs of one queue, each estimated over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueKpis {
    /// Contacts offered per replication.
    pub offered: Estimate,
    /// Contacts answered per replication.
    pub answered: Estimate,
    /// Contacts abandoned per replication.
    pub abandoned: Estimate,
    /// SL(T), answered within T ÷ offered (per-replication ratio, averaged).
    pub service_level: Estimate,
    /// Answered within T ÷ answered.
    pub sl_answered: Estimate,
    /// Mean wait of answered contacts, seconds.
    pub asa_s: Estimate,
    /// Mean wait of all contacts, seconds.
    pub mean_wait_all_s: Estimate,
    /// Mean wait of abandoned contacts, seconds.
    pub mean_wait_abandoned_s: Estimate,
    /// Abandoned ÷ offered.
    pub abandon_rate: Estimate,
    /// P(wait > 0).
    pub p_wait: Estimate,
    /// First calls per replication.
    pub first_attempts: Estimate,
    /// Redials per replication.
    pub redials: Estimate,
    /// Redials that would have come after the end of the horizon, per replication (lost).
    pub redials_lost: Estimate,
    /// Customers answered at any attempt ÷ first attempts.
    pub eventually_answered_rate: Estimate,
    /// Callbacks offered per replication.
    pub callbacks_offered: Estimate,
    /// Callbacks accepted per replication.
    pub callbacks_accepted: Estimate,
    /// Callbacks reached per replication.
    pub callbacks_reached: Estimate,
    /// Callbacks given up unreached per replication.
    pub callbacks_not_reached: Estimate,
    /// Mean delay from acceptance to the first attempt, seconds.
    pub callback_delay_s: Estimate,
    /// Share of accepted callbacks reached within the promise.
    pub callbacks_within_promise: Estimate,
    /// Callbacks offered ÷ offered.
    pub callback_offer_rate: Estimate,
    /// Callbacks accepted ÷ offered.
    pub callback_accept_rate: Estimate,
    /// Callbacks reached ÷ accepted.
    pub callback_reach_rate: Estimate,
    /// Accuracy of each EWT predictor.
    pub ewt: EwtKpis,
    /// Pooled SL(T): all replications' answered within T ÷ all (offered − accepted callbacks).
    pub service_level_pooled: f64,
    /// Pooled abandonment rate.
    pub abandon_rate_pooled: f64,
}

impl QueueKpis {
    /// Estimates from one tally per replication, in replication order.
    pub fn from_tallies(t: &[QueueTally]) -> Self {
        // Every KPI here but the proportions is a count or a time: never negative.
        let est = |f: fn(&QueueTally) -> Option<f64>| Estimate::from_nonnegative(t.iter().map(f));
        let share = |f: fn(&QueueTally) -> Option<f64>| Estimate::from_proportions(t.iter().map(f));
        let mut total = QueueTally::default();
        t.iter().for_each(|x| total.add(x));
        QueueKpis {
            offered: est(|x| Some(x.offered as f64)),
            answered: est(|x| Some(x.answered as f64)),
            abandoned: est(|x| Some(x.abandoned as f64)),
            service_level: share(QueueTally::service_level),
            sl_answered: share(QueueTally::sl_answered),
            asa_s: est(QueueTally::asa_s),
            mean_wait_all_s: est(QueueTally::mean_wait_all_s),
            mean_wait_abandoned_s: est(QueueTally::mean_wait_abandoned_s),
            abandon_rate: share(QueueTally::abandon_rate),
            p_wait: share(QueueTally::p_wait),
            first_attempts: est(|x| Some(x.first_attempts as f64)),
            redials: est(|x| Some(x.redials as f64)),
            redials_lost: est(|x| Some(x.redials_lost as f64)),
            eventually_answered_rate: share(QueueTally::eventually_answered_rate),
            callbacks_offered: est(|x| Some(x.callbacks_offered as f64)),
            callbacks_accepted: est(|x| Some(x.callbacks_accepted as f64)),
            callbacks_reached: est(|x| Some(x.callbacks_reached as f64)),
            callbacks_not_reached: est(|x| Some(x.callbacks_not_reached as f64)),
            callback_delay_s: est(QueueTally::callback_delay_s),
            callbacks_within_promise: share(QueueTally::callbacks_within_promise),
            callback_offer_rate: share(QueueTally::callback_offer_rate),
            callback_accept_rate: share(QueueTally::callback_accept_rate),
            callback_reach_rate: share(QueueTally::callback_reach_rate),
            ewt: EwtKpis {
                ql: EwtAccuracy::from_tallies(t.iter().map(|x| &x.ewt[0])),
                hol: EwtAccuracy::from_tallies(t.iter().map(|x| &x.ewt[1])),
                les: EwtAccuracy::from_tallies(t.iter().map(|x| &x.ewt[2])),
            },
            service_level_pooled: total.service_level().unwrap_or(f64::NAN),
            abandon_rate_pooled: total.abandon_rate().unwrap_or(f64::NAN),
        }
    }
}

/// The KPIs of one agent group, estimated over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupKpis {
    /// Busy time ÷ staffed time.
    pub occupancy: Estimate,
    /// Services started per replication.
    pub handled: Estimate,
    /// Agent-hours on duty per replication.
    pub staffed_hours: Estimate,
}

impl GroupKpis {
    /// Estimates from one tally per replication, in replication order.
    pub fn from_tallies(t: &[GroupTally]) -> Self {
        let est = |f: fn(&GroupTally) -> Option<f64>| Estimate::from_nonnegative(t.iter().map(f));
        GroupKpis {
            occupancy: Estimate::from_proportions(t.iter().map(GroupTally::occupancy)),
            handled: est(|x| Some(x.handled as f64)),
            staffed_hours: est(|x| Some(x.staffed_s / 3600.0)),
        }
    }
}
