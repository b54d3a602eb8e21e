//! The KPIs a check compares: their names, directions, units and default tolerances.

use crate::stats::{GroupTally, QueueTally};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A KPI compared by `wfmsim check` (DESIGN.md §4 definitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    /// SL(T): answered within the threshold ÷ offered (a share in [0, 1]).
    ServiceLevel,
    /// Abandoned ÷ offered (a share).
    AbandonRate,
    /// Average speed of answer: mean wait of answered contacts, seconds.
    AsaS,
    /// Mean wait of every contact that ended (answered or abandoned), seconds.
    MeanWaitS,
    /// Agent-group occupancy, busy ÷ staffed time (a share). Reported, never failed: more
    /// occupancy is neither better nor worse in itself.
    Occupancy,
}

/// Which way a KPI gets worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A lower value is worse (service level).
    HigherIsBetter,
    /// A higher value is worse (abandonment, waits).
    LowerIsBetter,
    /// Neither: shown for information, never a regression.
    Informational,
}

/// How a KPI's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in [0, 1], shown in % (differences in percentage points).
    Share,
    /// Seconds.
    Seconds,
}

/// An unknown KPI name (for example in `--tolerance`).
#[derive(Debug, Error, Clone, PartialEq)]
#[error("unknown KPI {0:?}; expected one of: {names}", names = Kpi::ALL.map(Kpi::name).join(", "))]
pub struct KpiParseError(pub String);

impl Kpi {
    /// Every KPI, in display order.
    pub const ALL: [Kpi; 5] =
        [Kpi::ServiceLevel, Kpi::AbandonRate, Kpi::AsaS, Kpi::MeanWaitS, Kpi::Occupancy];
    /// The KPIs of a queue.
    pub const QUEUE: [Kpi; 4] = [Kpi::ServiceLevel, Kpi::AbandonRate, Kpi::AsaS, Kpi::MeanWaitS];
    /// The KPIs of an agent group.
    pub const GROUP: [Kpi; 1] = [Kpi::Occupancy];

    /// Name used in files and on the command line (`--tolerance service_level=0.02`).
    pub fn name(self) -> &'static str {
        match self {
            Kpi::ServiceLevel => "service_level",
            Kpi::AbandonRate => "abandon_rate",
            Kpi::AsaS => "asa_s",
            Kpi::MeanWaitS => "mean_wait_s",
            Kpi::Occupancy => "occupancy",
        }
    }

    /// Words for people ("service level").
    pub fn label(self) -> &'static str {
        match self {
            Kpi::ServiceLevel => "service level",
            Kpi::AbandonRate => "abandonment",
            Kpi::AsaS => "ASA",
            Kpi::MeanWaitS => "mean wait",
            Kpi::Occupancy => "occupancy",
        }
    }

    /// Parses a name (also accepts `asa` and `mean_wait`).
    pub fn from_name(name: &str) -> Result<Kpi, KpiParseError> {
        match name.trim() {
            "asa" => Ok(Kpi::AsaS),
            "mean_wait" => Ok(Kpi::MeanWaitS),
            n => Kpi::ALL
                .into_iter()
                .find(|k| k.name() == n)
                .ok_or_else(|| KpiParseError(name.to_string())),
        }
    }

    /// Which way the KPI gets worse.
    pub fn direction(self) -> Direction {
        match self {
            Kpi::ServiceLevel => Direction::HigherIsBetter,
            Kpi::AbandonRate | Kpi::AsaS | Kpi::MeanWaitS => Direction::LowerIsBetter,
            Kpi::Occupancy => Direction::Informational,
        }
    }

    /// Unit of the KPI's values.
    pub fn unit(self) -> Unit {
        match self {
            Kpi::ServiceLevel | Kpi::AbandonRate | Kpi::Occupancy => Unit::Share,
            Kpi::AsaS | Kpi::MeanWaitS => Unit::Seconds,
        }
    }

    /// Default tolerance, in the KPI's unit: 1 point of service level (0.01), 0.5 point of
    /// abandonment (0.005), 5 s of ASA and of mean wait, 2 points of occupancy.
    pub fn default_tolerance(self) -> f64 {
        match self {
            Kpi::ServiceLevel => 0.01,
            Kpi::AbandonRate => 0.005,
            Kpi::AsaS | Kpi::MeanWaitS => 5.0,
            Kpi::Occupancy => 0.02,
        }
    }

    /// How much worse `diff = current − baseline` is (negative when better); 0 for
    /// informational KPIs.
    pub fn worsening(self, diff: f64) -> f64 {
        match self.direction() {
            Direction::HigherIsBetter => -diff,
            Direction::LowerIsBetter => diff,
            Direction::Informational => 0.0,
        }
    }

    /// The KPI of a queue tally (`None` when its denominator is 0).
    pub fn of_queue(self, t: &QueueTally) -> Option<f64> {
        match self {
            Kpi::ServiceLevel => t.service_level(),
            Kpi::AbandonRate => t.abandon_rate(),
            Kpi::AsaS => t.asa_s(),
            Kpi::MeanWaitS => t.mean_wait_all_s(),
            Kpi::Occupancy => None,
        }
    }

    /// The KPI of a group tally.
    pub fn of_group(self, t: &GroupTally) -> Option<f64> {
        match self {
            Kpi::Occupancy => t.occupancy(),
            _ => None,
        }
    }

    /// Formats a value in the KPI's unit (`92.5%`, `14.1 s`).
    pub fn format_value(self, v: f64) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        match self.unit() {
            Unit::Share => format!("{:.2}%", 100.0 * v),
            Unit::Seconds => format!("{v:.2} s"),
        }
    }

    /// Formats a difference in the KPI's unit (`-1.20 pt`, `+3.10 s`).
    pub fn format_diff(self, d: f64) -> String {
        if !d.is_finite() {
            return "–".into();
        }
        match self.unit() {
            Unit::Share => format!("{:+.2} pt", 100.0 * d),
            Unit::Seconds => format!("{d:+.2} s"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for k in Kpi::ALL {
            assert_eq!(Kpi::from_name(k.name()), Ok(k));
        }
        let e = Kpi::from_name("sl").unwrap_err().to_string();
        assert!(e.contains("service_level") && e.contains("\"sl\""), "{e}");
    }

    #[test]
    fn worse_is_lower_service_level_and_higher_waits() {
        assert!(Kpi::ServiceLevel.worsening(-0.02) > 0.0);
        assert!(Kpi::AbandonRate.worsening(0.02) > 0.0);
        assert!(Kpi::AsaS.worsening(-3.0) < 0.0);
        assert_eq!(Kpi::Occupancy.worsening(0.5), 0.0);
    }
}
