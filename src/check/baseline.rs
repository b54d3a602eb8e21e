//! The baseline file: per-replication KPIs of one run, versioned (JSON).

use super::kpi::Kpi;
use crate::experiment::run_replications;
use crate::model::Model;
use crate::routing::BuiltinPolicy;
use crate::sim::SimError;
use crate::stats::ReplicationTally;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// Version of the baseline format written by this wfmsim.
pub const BASELINE_FORMAT_VERSION: u32 = 1;
/// The `kind` field of a baseline file.
pub const BASELINE_KIND: &str = "wfmsim-baseline";
/// Intervals whose mean offered contacts per replication is below this are not recorded
/// (their KPIs are mostly noise).
pub const DEFAULT_MIN_INTERVAL_OFFERED: f64 = 30.0;

/// Per KPI, one value per replication in replication order (`null` when undefined, e.g. the
/// ASA of a replication where nobody was answered).
pub type Samples = BTreeMap<Kpi, Vec<Option<f64>>>;

/// A queue or group and its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Name as written in the scenario.
    pub name: String,
    /// Per-replication KPI values.
    pub kpis: Samples,
}

/// One queue in one interval (by arrival) and its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalEntity {
    /// Queue name.
    pub queue: String,
    /// Interval index from the start of the horizon.
    pub interval: usize,
    /// Wall-clock label of the interval start.
    pub start: String,
    /// Mean offered contacts per replication.
    pub offered: f64,
    /// Per-replication KPI values.
    pub kpis: Samples,
}

/// A recorded run: what `wfmsim baseline` writes and what `wfmsim check` compares against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Always [`BASELINE_KIND`].
    pub kind: String,
    /// Format version ([`BASELINE_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Version of wfmsim that wrote it.
    pub wfmsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// [`super::scenario_hash`] of the scenario text.
    pub scenario_hash: String,
    /// Routing policy name.
    pub policy: String,
    /// Master seed.
    pub seed: u64,
    /// Replications.
    pub replications: u32,
    /// Threshold of mean offered contacts for an interval to be recorded.
    pub min_interval_offered: f64,
    /// Per queue, totals over the horizon after warm-up.
    pub queues: Vec<Entity>,
    /// Per agent group, totals over the horizon after warm-up.
    pub groups: Vec<Entity>,
    /// Per queue and interval with enough offered contacts.
    pub intervals: Vec<IntervalEntity>,
}

/// Why a baseline file cannot be used.
#[derive(Debug, Error)]
pub enum BaselineError {
    /// Not JSON, or not the expected shape.
    #[error("line {line}, column {column}: {message} (expected a baseline written by `wfmsim baseline`)")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's message.
        message: String,
    },
    /// Some other JSON document.
    #[error("field \"kind\" is {0:?}, expected {BASELINE_KIND:?}: this is not a baseline file")]
    Kind(String),
    /// Written by a newer (or unknown) format.
    #[error("field \"format_version\" is {0}, this wfmsim reads version {BASELINE_FORMAT_VERSION}; re-create the baseline with `wfmsim baseline` (or `wfmsim check --update`)")]
    Version(u32),
    /// A sample vector whose length is not the replication count.
    #[error("{what}: {got} values for {expected} replications; the file was edited or truncated, re-create it with `wfmsim baseline`")]
    Length {
        /// Which entity and KPI.
        what: String,
        /// Values found.
        got: usize,
        /// Replications declared.
        expected: u32,
    },
}

impl Baseline {
    /// Pretty JSON with a trailing newline (floats round-trip exactly).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serialises");
        s.push('\n');
        s
    }

    /// Parses and validates a baseline document.
    pub fn from_json(text: &str) -> Result<Baseline, BaselineError> {
        // Check kind and version first, so an old or foreign file gets the right message.
        let value: serde_json::Value = serde_json::from_str(text).map_err(parse_error)?;
        let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        if kind != BASELINE_KIND {
            return Err(BaselineError::Kind(kind.to_string()));
        }
        if let Some(v) = value.get("format_version").and_then(|v| v.as_u64()) {
            if v != BASELINE_FORMAT_VERSION as u64 {
                return Err(BaselineError::Version(v as u32));
            }
        }
        let b: Baseline = serde_json::from_str(text).map_err(parse_error)?;
        let check = |what: String, s: &Samples| {
            for (k, v) in s {
                if v.len() != b.replications as usize {
                    return Err(BaselineError::Length {
                        what: format!("{what} {}", k.name()),
                        got: v.len(),
                        expected: b.replications,
                    });
                }
            }
            Ok(())
        };
        for e in &b.queues {
            check(format!("queue {:?}", e.name), &e.kpis)?;
        }
        for e in &b.groups {
            check(format!("group {:?}", e.name), &e.kpis)?;
        }
        for e in &b.intervals {
            check(format!("queue {:?} interval {}", e.queue, e.start), &e.kpis)?;
        }
        Ok(b)
    }
}

fn parse_error(e: serde_json::Error) -> BaselineError {
    BaselineError::Parse { line: e.line(), column: e.column(), message: e.to_string() }
}

/// Records the per-replication KPIs of `tallies` (in replication order) as a baseline.
pub fn record(
    model: &Model,
    tallies: &[ReplicationTally],
    seed: u64,
    scenario_hash: &str,
    min_interval_offered: f64,
) -> Baseline {
    let warm = model.horizon.warmup_intervals;
    let queues = model
        .queues
        .iter()
        .enumerate()
        .map(|(q, spec)| {
            let totals: Vec<_> = tallies.iter().map(|t| t.queue_total(q, warm)).collect();
            let kpis =
                Kpi::QUEUE.iter().map(|&k| (k, totals.iter().map(|t| k.of_queue(t)).collect()));
            Entity { name: spec.name.clone(), kpis: kpis.collect() }
        })
        .collect();
    let groups = model
        .groups
        .iter()
        .enumerate()
        .map(|(g, spec)| {
            let totals: Vec<_> = tallies.iter().map(|t| t.group_total(g, warm)).collect();
            let kpis =
                Kpi::GROUP.iter().map(|&k| (k, totals.iter().map(|t| k.of_group(t)).collect()));
            Entity { name: spec.name.clone(), kpis: kpis.collect() }
        })
        .collect();
    let mut intervals = Vec::new();
    for i in warm..model.horizon.intervals {
        for (q, spec) in model.queues.iter().enumerate() {
            let cells: Vec<_> = tallies.iter().map(|t| *t.queue_at(i, q)).collect();
            let offered =
                cells.iter().map(|c| c.offered as f64).sum::<f64>() / cells.len().max(1) as f64;
            if offered < min_interval_offered {
                continue;
            }
            let kpis =
                Kpi::QUEUE.iter().map(|&k| (k, cells.iter().map(|t| k.of_queue(t)).collect()));
            intervals.push(IntervalEntity {
                queue: spec.name.clone(),
                interval: i,
                start: model.horizon.label(i),
                offered,
                kpis: kpis.collect(),
            });
        }
    }
    Baseline {
        kind: BASELINE_KIND.to_string(),
        format_version: BASELINE_FORMAT_VERSION,
        wfmsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: model.name.clone(),
        scenario_hash: scenario_hash.to_string(),
        policy: model.policy().name().to_string(),
        seed,
        replications: tallies.len() as u32,
        min_interval_offered,
        queues,
        groups,
        intervals,
    }
}

/// Simulates `replications` of `model` (its own staffing and policy) on the current rayon pool
/// and records them. This is the check's only call into the engine.
pub fn record_run(
    model: &Model,
    seed: u64,
    replications: u32,
    scenario_hash: &str,
    min_interval_offered: f64,
) -> Result<Baseline, SimError> {
    let policy = BuiltinPolicy::new(model.routing());
    let tallies = run_replications(model, &model.staffing(), &policy, seed, 0..replications)?;
    Ok(record(model, &tallies, seed, scenario_hash, min_interval_offered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Baseline {
        let mut kpis = Samples::new();
        kpis.insert(Kpi::ServiceLevel, vec![Some(0.1 + 0.2), None]);
        Baseline {
            kind: BASELINE_KIND.into(),
            format_version: BASELINE_FORMAT_VERSION,
            wfmsim_version: "0".into(),
            scenario: "s".into(),
            scenario_hash: "h".into(),
            policy: "priority".into(),
            seed: 7,
            replications: 2,
            min_interval_offered: 30.0,
            queues: vec![Entity { name: "q".into(), kpis }],
            groups: vec![],
            intervals: vec![],
        }
    }

    #[test]
    fn json_round_trips_floats_exactly() {
        let b = tiny();
        assert_eq!(Baseline::from_json(&b.to_json()).unwrap(), b);
    }

    #[test]
    fn bad_files_get_clear_errors() {
        let e = Baseline::from_json("{\n  \"kind\": 3,").unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        let e = Baseline::from_json("{\"kind\": \"staffing\"}").unwrap_err().to_string();
        assert!(e.contains("not a baseline"), "{e}");
        let newer = tiny().to_json().replace("\"format_version\": 1", "\"format_version\": 9");
        let e = Baseline::from_json(&newer).unwrap_err().to_string();
        assert!(e.contains("version 9") || e.contains("is 9"), "{e}");
        let short = tiny().to_json().replace("\"replications\": 2", "\"replications\": 3");
        let e = Baseline::from_json(&short).unwrap_err().to_string();
        assert!(e.contains("queue \"q\" service_level: 2 values for 3"), "{e}");
    }
}
