//! KPI definitions (DESIGN.md §4) as functions of tallies, and their estimates over replications.

use super::{Estimate, GroupTally, QueueTally};
use serde::Serialize;

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

impl QueueTally {
    /// SL(T) = answered within T ÷ offered.
    pub fn service_level(&self) -> Option<f64> {
        ratio(self.answered_within as f64, self.offered as f64)
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
    /// P(wait > 0): answered or abandoned after a positive wait ÷ offered.
    pub fn p_wait(&self) -> Option<f64> {
        ratio(self.waited as f64, self.offered as f64)
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
    /// Pooled SL(T): all replications' answered within T ÷ all offered.
    pub service_level_pooled: f64,
    /// Pooled abandonment rate.
    pub abandon_rate_pooled: f64,
}

impl QueueKpis {
    /// Estimates from one tally per replication, in replication order.
    pub fn from_tallies(t: &[QueueTally]) -> Self {
        let est = |f: fn(&QueueTally) -> Option<f64>| Estimate::from_samples(t.iter().map(f));
        let mut total = QueueTally::default();
        t.iter().for_each(|x| total.add(x));
        QueueKpis {
            offered: est(|x| Some(x.offered as f64)),
            answered: est(|x| Some(x.answered as f64)),
            abandoned: est(|x| Some(x.abandoned as f64)),
            service_level: est(QueueTally::service_level),
            sl_answered: est(QueueTally::sl_answered),
            asa_s: est(QueueTally::asa_s),
            mean_wait_all_s: est(QueueTally::mean_wait_all_s),
            mean_wait_abandoned_s: est(QueueTally::mean_wait_abandoned_s),
            abandon_rate: est(QueueTally::abandon_rate),
            p_wait: est(QueueTally::p_wait),
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
        let est = |f: fn(&GroupTally) -> Option<f64>| Estimate::from_samples(t.iter().map(f));
        GroupKpis {
            occupancy: est(GroupTally::occupancy),
            handled: est(|x| Some(x.handled as f64)),
            staffed_hours: est(|x| Some(x.staffed_s / 3600.0)),
        }
    }
}
