//! Judging a block's KPIs against its queues' targets.

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

/// Applies the targets with the chosen confidence rule.
#[derive(Debug, Clone, Copy)]
pub struct Judge {
    confidence: Option<f64>,
}

impl Judge {
    /// A judge for the search options: the mean must meet the target, or with a confidence
    /// level, the pessimistic bound of the two-sided interval must.
    pub fn new(options: &StaffingOptions) -> Self {
        Judge { confidence: options.confidence }
    }

    fn low(&self, e: &Estimate) -> f64 {
        self.confidence.map_or(e.mean, |c| e.mean - e.half_width(c))
    }

    fn high(&self, e: &Estimate) -> f64 {
        self.confidence.map_or(e.mean, |c| e.mean + e.half_width(c))
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
        }
        v
    }
}
