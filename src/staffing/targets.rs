//! Judging a block's KPIs against its queues' targets.

use super::step::Measured;
use super::StaffingOptions;
use crate::model::QueueSpec;
use crate::stats::{Estimate, QueueKpis};

/// How a block fares against its targets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Every target is met.
    pub meets: bool,
    /// Sum over queues and targets of how far each misses (shares; ASA relative to its cap).
    pub shortfall: f64,
    /// The smallest margin over queues and targets (negative when a target is missed).
    pub slack: f64,
}

impl Verdict {
    /// A block that is not judged (no contacts, or warm-up).
    pub const UNJUDGED: Verdict = Verdict { meets: true, shortfall: 0.0, slack: f64::INFINITY };
}

/// Applies the targets with the chosen margin and confidence rule: service level, and where
/// set the abandonment and ASA ceilings and the callback target (share within the promise).
///
/// A KPI meets its target when its pessimistic bound does: the mean minus (for a service
/// level; plus for abandonment and ASA) the larger of `margin_se` standard errors of the mean
/// and, with a confidence level, the half-width of the two-sided Student-t interval.
#[derive(Debug, Clone, Copy)]
pub struct Judge {
    confidence: Option<f64>,
    margin_se: f64,
}

impl Judge {
    /// A judge for the search options (`confidence` and `margin_se`).
    pub fn new(options: &StaffingOptions) -> Self {
        Judge { confidence: options.confidence, margin_se: options.margin_se }
    }

    /// The same rule with another margin in standard errors.
    pub fn with_margin_se(self, margin_se: f64) -> Self {
        Judge { margin_se, ..self }
    }

    /// How far the pessimistic bound lies from the mean.
    fn margin(&self, e: &Estimate) -> f64 {
        // With fewer than 2 replications there is no standard error: the mean decides.
        let se = if e.n >= 2 { e.sd / (e.n as f64).sqrt() } else { 0.0 };
        let ci = self.confidence.map_or(0.0, |c| e.half_width(c));
        (self.margin_se * se).max(if ci.is_finite() { ci } else { 0.0 })
    }

    fn low(&self, e: &Estimate) -> f64 {
        e.mean - self.margin(e)
    }

    fn high(&self, e: &Estimate) -> f64 {
        e.mean + self.margin(e)
    }

    /// The pessimistic bounds this judge compares with the targets (what a raise's step is
    /// calibrated on).
    pub(crate) fn measured(&self, k: &QueueKpis) -> Measured {
        Measured {
            service_level: self.low(&k.service_level),
            abandon_rate: self.high(&k.abandon_rate),
            asa_s: self.high(&k.asa_s),
        }
    }

    /// The verdict for `queues`' KPIs in one block.
    pub fn verdict(&self, queues: &[QueueSpec], kpis: &[QueueKpis]) -> Verdict {
        let mut v = Verdict { meets: true, shortfall: 0.0, slack: f64::INFINITY };
        let mut margin = |m: f64| {
            if m.is_nan() {
                return; // undefined: nobody offered
            }
            v.slack = v.slack.min(m);
            if m < 0.0 {
                v.meets = false;
                v.shortfall -= m;
            }
        };
        for (q, k) in queues.iter().zip(kpis) {
            if k.offered.mean == 0.0 {
                continue;
            }
            margin(self.low(&k.service_level) - q.service_level.target);
            if let Some(max) = q.max_abandon_rate {
                margin(max - self.high(&k.abandon_rate));
            }
            if let Some(max) = q.max_asa_s {
                margin((max - self.high(&k.asa_s)) / max.max(1.0));
            }
            // Callbacks accepted in the block must be reached within the promise (undefined,
            // so not judged, when nobody accepted one).
            if let Some(target) = q.callback.as_ref().and_then(|c| c.target) {
                margin(self.low(&k.callbacks_within_promise) - target);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::Judge;
    use crate::stats::Estimate;

    #[test]
    fn the_pessimistic_bound_is_the_larger_of_the_margin_and_the_interval() {
        // Samples 0.7 and 0.9: mean 0.8, sd √0.02, standard error of the mean exactly 0.1.
        let e = Estimate::from_samples([Some(0.7), Some(0.9)]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let mean_rule = Judge { confidence: None, margin_se: 0.0 };
        assert!(close(mean_rule.low(&e), 0.8) && close(mean_rule.high(&e), 0.8));
        let margin = Judge { confidence: None, margin_se: 0.5 };
        assert!(close(margin.low(&e), 0.75) && close(margin.high(&e), 0.85));
        // 95% two-sided Student-t with 1 degree of freedom: t = 12.7062047361747 (tables).
        let ci = Judge { confidence: Some(0.95), margin_se: 0.5 };
        assert!((ci.low(&e) - (0.8 - 1.270_620_473_617_47)).abs() < 1e-9, "{}", ci.low(&e));
        // One replication: no standard error, the mean decides.
        let one = Estimate::from_samples([Some(0.6)]);
        assert!(close(ci.low(&one), 0.6));
    }
}
