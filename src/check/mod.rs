//! Regression checks on simulation outputs (`wfmsim baseline`, `wfmsim check`).
//!
//! A [`Baseline`] records, per replication, the KPIs of every queue and group (and of every
//! interval with enough offered contacts) of one run. [`compare`] sets a new run beside it:
//! per KPI the difference of the means with a 95% confidence interval — paired over
//! replications when both runs share the seed and the replication count (common random
//! numbers, so an unchanged model gives differences of exactly 0), Welch's unequal-variance
//! interval otherwise — and a verdict. A KPI *regresses* when it is worse (the direction is
//! known per KPI, see [`Kpi::direction`]) by more than its tolerance **and** the difference is
//! significant at family-wise level `alpha` after Holm's correction over every KPI compared.
//!
//! Everything here is pure: the command line reads and writes the files, the formats live in
//! `report::check_out`. The only simulation call is [`record_run`].

mod baseline;
mod compare;
mod hash;
mod kpi;
mod stats;

pub use baseline::{
    record, record_run, Baseline, BaselineError, Entity, IntervalEntity, Samples,
    BASELINE_FORMAT_VERSION, BASELINE_KIND, DEFAULT_MIN_INTERVAL_OFFERED,
};
pub use compare::{
    compare, format_p, CheckOptions, CheckReport, Method, Row, Scope, Structure, Tolerances,
    Verdict,
};
pub use hash::{fnv1a64, scenario_hash};
pub use kpi::{Direction, Kpi, KpiParseError, Unit};
pub use stats::{holm, paired, welch, Difference};
