//! The KPIs of queues and groups that runs are compared on (`wfmsim check`, `wfmsim compare`):
//! their names, directions, units, values from a tally and default tolerances. This is the one
//! table of KPIs; `check` uses [`Kpi::ALL`], `compare` [`Kpi::COMPARE_QUEUE`] and
//! [`Kpi::COMPARE_GROUP`].

use crate::report::display::UNDEFINED;
use crate::stats::{GroupTally, QueueTally};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A KPI of a queue or group (DESIGN.md §4 definitions).
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
    /// Contacts offered per replication (informational: the customers, not the service).
    Offered,
    /// Contacts answered per replication.
    Answered,
    /// Contacts abandoned per replication.
    Abandoned,
    /// P(wait > 0): answered or abandoned after a positive wait ÷ offered (a share).
    PWait,
    /// Services started by an agent group per replication (informational).
    Handled,
    /// Agent-hours on duty of a group per replication (informational).
    StaffedHours,
    /// Callbacks accepted ÷ offered (informational: what customers chose).
    CallbackAcceptRate,
    /// Mean delay from accepting a callback to its first attempt, seconds.
    CallbackDelayS,
    /// Share of accepted callbacks reached within the promise.
    CallbacksWithinPromise,
    /// Callbacks reached ÷ accepted.
    CallbackReachRate,
    /// Redials per replication (each is a customer calling again after hanging up).
    Redials,
    /// Customers answered at any attempt (or reached by callback) ÷ first calls.
    EventuallyAnsweredRate,
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
    /// A count of contacts per replication.
    Count,
    /// Hours (agent-hours).
    Hours,
}

impl Unit {
    /// Formats a value (`92.50%`, `14.10 s`, `45.3`, `10.5 h`; `—` when undefined).
    pub fn format_value(self, v: f64) -> String {
        if !v.is_finite() {
            return UNDEFINED.into();
        }
        match self {
            Unit::Share => format!("{:.2}%", 100.0 * v),
            Unit::Seconds => format!("{v:.2} s"),
            Unit::Count => format!("{v:.1}"),
            Unit::Hours => format!("{v:.1} h"),
        }
    }

    /// Formats a difference (`-1.20 pt`, `+3.10 s`, `+2.0`, `+0.5 h`; `—` when undefined).
    pub fn format_diff(self, d: f64) -> String {
        if !d.is_finite() {
            return UNDEFINED.into();
        }
        match self {
            Unit::Share => format!("{:+.2} pt", 100.0 * d),
            Unit::Seconds => format!("{d:+.2} s"),
            Unit::Count => format!("{d:+.1}"),
            Unit::Hours => format!("{d:+.1} h"),
        }
    }
}

/// An unknown KPI name (for example in `--tolerance`).
#[derive(Debug, Error, Clone, PartialEq)]
#[error("unknown KPI {0:?}; expected one of: {names}", names = Kpi::ALL.map(Kpi::name).join(", "))]
pub struct KpiParseError(pub String);

impl Kpi {
    /// Every KPI `wfmsim check` compares, in display order (the names `--tolerance` accepts).
    pub const ALL: [Kpi; 5] =
        [Kpi::ServiceLevel, Kpi::AbandonRate, Kpi::AsaS, Kpi::MeanWaitS, Kpi::Occupancy];
    /// The KPIs of a queue recorded in a baseline.
    pub const QUEUE: [Kpi; 4] = [Kpi::ServiceLevel, Kpi::AbandonRate, Kpi::AsaS, Kpi::MeanWaitS];
    /// The KPIs of an agent group recorded in a baseline.
    pub const GROUP: [Kpi; 1] = [Kpi::Occupancy];
    /// The KPIs of a queue that `wfmsim compare` reports, in display order.
    pub const COMPARE_QUEUE: [Kpi; 8] = [
        Kpi::Offered,
        Kpi::Answered,
        Kpi::Abandoned,
        Kpi::ServiceLevel,
        Kpi::AbandonRate,
        Kpi::AsaS,
        Kpi::MeanWaitS,
        Kpi::PWait,
    ];
    /// The callback KPIs `wfmsim compare` adds when a variant offers callbacks.
    pub const COMPARE_CALLBACK: [Kpi; 4] = [
        Kpi::CallbackAcceptRate,
        Kpi::CallbackDelayS,
        Kpi::CallbacksWithinPromise,
        Kpi::CallbackReachRate,
    ];
    /// The redial KPIs `wfmsim compare` adds when a variant has redials.
    pub const COMPARE_REDIAL: [Kpi; 2] = [Kpi::Redials, Kpi::EventuallyAnsweredRate];
    /// The KPIs of an agent group that `wfmsim compare` reports.
    pub const COMPARE_GROUP: [Kpi; 3] = [Kpi::Occupancy, Kpi::Handled, Kpi::StaffedHours];

    /// Name used in files and on the command line (`--tolerance service_level=0.02`).
    pub fn name(self) -> &'static str {
        match self {
            Kpi::ServiceLevel => "service_level",
            Kpi::AbandonRate => "abandon_rate",
            Kpi::AsaS => "asa_s",
            Kpi::MeanWaitS => "mean_wait_s",
            Kpi::Occupancy => "occupancy",
            Kpi::Offered => "offered",
            Kpi::Answered => "answered",
            Kpi::Abandoned => "abandoned",
            Kpi::PWait => "p_wait",
            Kpi::Handled => "handled",
            Kpi::StaffedHours => "staffed_hours",
            Kpi::CallbackAcceptRate => "callback_accept_rate",
            Kpi::CallbackDelayS => "callback_delay_s",
            Kpi::CallbacksWithinPromise => "callbacks_within_promise",
            Kpi::CallbackReachRate => "callback_reach_rate",
            Kpi::Redials => "redials",
            Kpi::EventuallyAnsweredRate => "eventually_answered_rate",
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
            Kpi::Offered => "offered",
            Kpi::Answered => "answered",
            Kpi::Abandoned => "abandoned",
            Kpi::PWait => "P(wait > 0)",
            Kpi::Handled => "handled",
            Kpi::StaffedHours => "agent-hours",
            Kpi::CallbackAcceptRate => "callbacks accepted",
            Kpi::CallbackDelayS => "callback delay",
            Kpi::CallbacksWithinPromise => "callbacks within promise",
            Kpi::CallbackReachRate => "callbacks reached",
            Kpi::Redials => "redials",
            Kpi::EventuallyAnsweredRate => "eventually answered",
        }
    }

    /// Parses the name of a KPI in [`Kpi::ALL`] (also accepts `asa` and `mean_wait`).
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
            Kpi::ServiceLevel
            | Kpi::Answered
            | Kpi::CallbacksWithinPromise
            | Kpi::CallbackReachRate
            | Kpi::EventuallyAnsweredRate => Direction::HigherIsBetter,
            Kpi::AbandonRate
            | Kpi::AsaS
            | Kpi::MeanWaitS
            | Kpi::Abandoned
            | Kpi::PWait
            | Kpi::CallbackDelayS
            | Kpi::Redials => Direction::LowerIsBetter,
            Kpi::Occupancy
            | Kpi::Offered
            | Kpi::Handled
            | Kpi::StaffedHours
            | Kpi::CallbackAcceptRate => Direction::Informational,
        }
    }

    /// Unit of the KPI's values.
    pub fn unit(self) -> Unit {
        match self {
            Kpi::ServiceLevel
            | Kpi::AbandonRate
            | Kpi::Occupancy
            | Kpi::PWait
            | Kpi::CallbackAcceptRate
            | Kpi::CallbacksWithinPromise
            | Kpi::CallbackReachRate
            | Kpi::EventuallyAnsweredRate => Unit::Share,
            Kpi::AsaS | Kpi::MeanWaitS | Kpi::CallbackDelayS => Unit::Seconds,
            Kpi::Offered | Kpi::Answered | Kpi::Abandoned | Kpi::Handled | Kpi::Redials => {
                Unit::Count
            }
            Kpi::StaffedHours => Unit::Hours,
        }
    }

    /// Default tolerance, in the KPI's unit: 1 point of service level (0.01), 0.5 point of
    /// abandonment (0.005), 5 s of ASA and of mean wait, 2 points of occupancy (the KPIs
    /// outside [`Kpi::ALL`], never checked: 1 point of P(wait > 0) and of the callback and
    /// redial shares, 1 contact, 1 agent-hour, 60 s of callback delay).
    pub fn default_tolerance(self) -> f64 {
        match self {
            Kpi::ServiceLevel
            | Kpi::PWait
            | Kpi::CallbackAcceptRate
            | Kpi::CallbacksWithinPromise
            | Kpi::CallbackReachRate
            | Kpi::EventuallyAnsweredRate => 0.01,
            Kpi::CallbackDelayS => 60.0,
            Kpi::Redials => 1.0,
            Kpi::AbandonRate => 0.005,
            Kpi::AsaS | Kpi::MeanWaitS => 5.0,
            Kpi::Occupancy => 0.02,
            Kpi::Offered | Kpi::Answered | Kpi::Abandoned | Kpi::Handled => 1.0,
            Kpi::StaffedHours => 1.0,
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
            Kpi::PWait => t.p_wait(),
            Kpi::Offered => Some(t.offered as f64),
            Kpi::Answered => Some(t.answered as f64),
            Kpi::Abandoned => Some(t.abandoned as f64),
            Kpi::CallbackAcceptRate => t.callback_accept_rate(),
            Kpi::CallbackDelayS => t.callback_delay_s(),
            Kpi::CallbacksWithinPromise => t.callbacks_within_promise(),
            Kpi::CallbackReachRate => t.callback_reach_rate(),
            Kpi::Redials => Some(t.redials as f64),
            Kpi::EventuallyAnsweredRate => t.eventually_answered_rate(),
            Kpi::Occupancy | Kpi::Handled | Kpi::StaffedHours => None,
        }
    }

    /// The KPI of a group tally.
    pub fn of_group(self, t: &GroupTally) -> Option<f64> {
        match self {
            Kpi::Occupancy => t.occupancy(),
            Kpi::Handled => Some(t.handled as f64),
            Kpi::StaffedHours => Some(t.staffed_s / 3600.0),
            _ => None,
        }
    }

    /// Formats a value in the KPI's unit (`92.5%`, `14.1 s`).
    pub fn format_value(self, v: f64) -> String {
        self.unit().format_value(v)
    }

    /// Formats a difference in the KPI's unit (`-1.20 pt`, `+3.10 s`).
    pub fn format_diff(self, d: f64) -> String {
        self.unit().format_diff(d)
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
        assert!(Kpi::Answered.worsening(-1.0) > 0.0 && Kpi::Abandoned.worsening(1.0) > 0.0);
        assert_eq!(Kpi::Offered.worsening(3.0), 0.0);
    }

    #[test]
    fn compare_kpis_have_values_only_for_their_scope() {
        let q =
            QueueTally { offered: 10, answered: 8, abandoned: 2, waited: 5, ..Default::default() };
        let g = GroupTally { busy_s: 1800.0, staffed_s: 3600.0, handled: 7 };
        for k in Kpi::COMPARE_QUEUE {
            assert!(k.of_queue(&q).is_some() && k.of_group(&g).is_none(), "{k:?}");
        }
        for k in Kpi::COMPARE_GROUP {
            assert!(k.of_group(&g).is_some() && k.of_queue(&q).is_none(), "{k:?}");
        }
        assert_eq!(Kpi::PWait.of_queue(&q), Some(0.5));
        assert_eq!(Kpi::StaffedHours.of_group(&g), Some(1.0));
        assert_eq!(Kpi::Handled.format_diff(-2.0), "-2.0");
    }
}
