//! The validated description of the traffic offered to one queue.

use serde::Serialize;

use super::error::{positive, AnalyticError};

/// Which closed-form model describes a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueModel {
    /// M/M/c: callers never hang up.
    ErlangC,
    /// M/M/c+M: callers hang up after an exponential patience.
    ErlangA,
}

/// One queue's offered traffic, without a head-count: Poisson arrivals, exponential handle
/// times and (optionally) exponential patience.
///
/// Constructed only through [`Queue::new`], which rejects non-finite or non-positive rates, so
/// every evaluator can rely on a well-formed queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    arrivals_per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
}

impl Queue {
    /// Validates and builds a queue.
    ///
    /// `arrivals_per_hour` is the Poisson arrival rate, `aht_s` the mean handle time in
    /// seconds, `patience_s` the mean patience in seconds (`None`: callers never abandon,
    /// the Erlang C model; `Some`: exponential patience, the Erlang A model).
    pub fn new(
        arrivals_per_hour: f64,
        aht_s: f64,
        patience_s: Option<f64>,
    ) -> Result<Self, AnalyticError> {
        positive("arrivals per hour", arrivals_per_hour)?;
        positive("average handle time (s)", aht_s)?;
        if let Some(p) = patience_s {
            positive("mean patience (s)", p)?;
        }
        Ok(Self { arrivals_per_hour, aht_s, patience_s })
    }

    /// Arrival rate in calls per hour, as given.
    pub fn arrivals_per_hour(&self) -> f64 {
        self.arrivals_per_hour
    }

    /// Arrival rate λ in calls per second, the unit every formula uses.
    pub fn arrivals_per_s(&self) -> f64 {
        self.arrivals_per_hour / 3600.0
    }

    /// Mean handle time 1/μ in seconds.
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Mean patience 1/θ in seconds, or `None` for callers who never abandon.
    pub fn patience_s(&self) -> Option<f64> {
        self.patience_s
    }

    /// Offered load A = λ·AHT in Erlangs: the mean number of agents the traffic keeps busy
    /// if every caller is served.
    pub fn offered_load_erlangs(&self) -> f64 {
        self.arrivals_per_s() * self.aht_s
    }

    /// The model that applies: Erlang C without patience, Erlang A with it.
    pub fn model(&self) -> QueueModel {
        match self.patience_s {
            None => QueueModel::ErlangC,
            Some(_) => QueueModel::ErlangA,
        }
    }
}
