//! Blocks: groups of intervals that share a head-count and are judged together.

use crate::model::Model;

/// The partition of the horizon's intervals into blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocks {
    /// For each block, the intervals that take its head-count.
    pub intervals: Vec<Vec<usize>>,
    /// For each block, the intervals whose contacts judge it (warm-up excluded).
    pub judged: Vec<Vec<usize>>,
    /// For each block, the expected number of contacts arriving in its judged intervals.
    pub expected_contacts: Vec<f64>,
}

impl Blocks {
    /// A single block when the scenario is stationary (constant arrivals over the horizon):
    /// the answer is then one head-count for all intervals. Otherwise one block per interval.
    pub fn for_model(model: &Model) -> Self {
        let h = &model.horizon;
        let (n, warm) = (h.intervals, h.warmup_intervals);
        let stationary = model.queues.iter().all(|q| {
            q.arrivals.busyness_shape.is_none()
                && q.arrivals.rate_per_s.windows(2).all(|w| w[0] == w[1])
        });
        let (intervals, judged): (Vec<Vec<usize>>, Vec<Vec<usize>>) = if stationary {
            (vec![(0..n).collect()], vec![(warm..n).collect()])
        } else {
            (0..n).map(|i| (vec![i], if i < warm { vec![] } else { vec![i] })).unzip()
        };
        let expected_contacts = judged
            .iter()
            .map(|is| {
                is.iter()
                    .map(|&i| {
                        model.queues.iter().map(|q| q.arrivals.rate_per_s[i]).sum::<f64>()
                            * h.interval_s
                    })
                    .sum()
            })
            .collect();
        Blocks { intervals, judged, expected_contacts }
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.intervals.len()
    }

    /// True when there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }
}
