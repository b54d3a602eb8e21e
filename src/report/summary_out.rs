//! `summary.json` and `intervals.csv`: the versioned output contract of `simulate`.

use super::csv_out::{csv_bytes, num};
use crate::model::{Model, Predictor};
use crate::stats::{Estimate, EwtAccuracy, GroupKpis, QueueKpis, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// Output schema version of `summary.json`.
pub(crate) const OUTPUT_SCHEMA_VERSION: u32 = 1;

/// Run facts recorded beside the KPIs.
#[derive(Debug, Clone)]
pub struct SummaryMeta {
    /// Master seed.
    pub seed: u64,
    /// Routing policy name.
    pub policy: String,
}

#[derive(Serialize)]
struct QueueOut<'a> {
    #[serde(flatten)]
    kpis: &'a QueueKpis,
    service_level_threshold_s: f64,
    service_level_target: f64,
    max_abandon_rate: Option<f64>,
    max_asa_s: Option<f64>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    #[serde(flatten)]
    kpis: &'a GroupKpis,
    /// Share of the group's busy time spent on each queue it serves.
    busy_share: BTreeMap<&'a str, &'a Estimate>,
}

#[derive(Serialize)]
struct SummaryOut<'a> {
    schema_version: u32,
    scenario: &'a str,
    seed: u64,
    replications: usize,
    policy: &'a str,
    intervals: usize,
    warmup_intervals: usize,
    queues: BTreeMap<&'a str, QueueOut<'a>>,
    groups: BTreeMap<&'a str, GroupOut<'a>>,
    left_in_system: u64,
}

/// The `summary.json` document (pretty-printed, trailing newline).
pub fn summary_json(model: &Model, summary: &Summary, meta: &SummaryMeta) -> String {
    let out = SummaryOut {
        schema_version: OUTPUT_SCHEMA_VERSION,
        scenario: &model.name,
        seed: meta.seed,
        replications: summary.replications,
        policy: &meta.policy,
        intervals: model.horizon.intervals,
        warmup_intervals: model.horizon.warmup_intervals,
        queues: model
            .queues
            .iter()
            .zip(&summary.queues)
            .map(|(q, k)| {
                let o = QueueOut {
                    kpis: k,
                    service_level_threshold_s: q.service_level.threshold_s,
                    service_level_target: q.service_level.target,
                    max_abandon_rate: q.max_abandon_rate,
                    max_asa_s: q.max_asa_s,
                };
                (q.name.as_str(), o)
            })
            .collect(),
        groups: model
            .groups
            .iter()
            .zip(&summary.groups)
            .zip(&summary.busy_share)
            .map(|((g, k), shares)| {
                let busy_share =
                    shares.iter().map(|(q, e)| (model.queues[*q].name.as_str(), e)).collect();
                (g.name.as_str(), GroupOut { kpis: k, busy_share })
            })
            .collect(),
        left_in_system: summary.left_in_system,
    };
    let mut s = serde_json::to_string_pretty(&out).expect("summary serialises");
    s.push('\n');
    s
}

/// `intervals.csv`: one row per interval (after warm-up) and queue; means over replications.
/// Callback, redial and announcement KPIs follow the inbound ones; `ewt.<predictor>.*`
/// columns are in `Predictor::ALL` order.
pub fn intervals_csv(model: &Model, summary: &Summary) -> Vec<u8> {
    let mut header: Vec<String> = [
        "interval",
        "interval_start",
        "queue",
        "offered",
        "answered",
        "abandoned",
        "service_level",
        "service_level_lo",
        "service_level_hi",
        "asa_s",
        "mean_wait_all_s",
        "abandon_rate",
        "p_wait",
    ]
    .map(String::from)
    .to_vec();
    header.extend(BEHAVIOUR_COLUMNS.iter().map(|(name, _)| name.to_string()));
    for p in Predictor::ALL {
        for (stat, _) in EWT_COLUMNS {
            header.push(format!("ewt.{}.{stat}", p.name()));
        }
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = summary.intervals.iter().map(|r| {
        let k = &r.kpis;
        let m = |e: &Estimate| num(e.mean);
        let mut row = vec![
            r.interval.to_string(),
            model.horizon.label(r.interval),
            model.queues[r.queue].name.clone(),
            m(&k.offered),
            m(&k.answered),
            m(&k.abandoned),
            m(&k.service_level),
            num(k.service_level.ci95[0]),
            num(k.service_level.ci95[1]),
            m(&k.asa_s),
            m(&k.mean_wait_all_s),
            m(&k.abandon_rate),
            m(&k.p_wait),
        ];
        row.extend(BEHAVIOUR_COLUMNS.iter().map(|(_, f)| m(f(k))));
        for p in Predictor::ALL {
            row.extend(EWT_COLUMNS.iter().map(|(_, f)| m(f(k.ewt.get(p)))));
        }
        row
    });
    csv_bytes(&header, rows)
}

/// Callback and redial columns of `intervals.csv` (names as in `summary.json`).
type QueueColumn = (&'static str, fn(&QueueKpis) -> &Estimate);
const BEHAVIOUR_COLUMNS: [QueueColumn; 13] = [
    ("first_attempts", |k| &k.first_attempts),
    ("redials", |k| &k.redials),
    ("redials_lost", |k| &k.redials_lost),
    ("eventually_answered_rate", |k| &k.eventually_answered_rate),
    ("callbacks_offered", |k| &k.callbacks_offered),
    ("callbacks_accepted", |k| &k.callbacks_accepted),
    ("callbacks_reached", |k| &k.callbacks_reached),
    ("callbacks_not_reached", |k| &k.callbacks_not_reached),
    ("callback_delay_s", |k| &k.callback_delay_s),
    ("callbacks_within_promise", |k| &k.callbacks_within_promise),
    ("callback_offer_rate", |k| &k.callback_offer_rate),
    ("callback_accept_rate", |k| &k.callback_accept_rate),
    ("callback_reach_rate", |k| &k.callback_reach_rate),
];

/// Announcement-accuracy statistics, one column each per predictor.
type EwtColumn = (&'static str, fn(&EwtAccuracy) -> &Estimate);
const EWT_COLUMNS: [EwtColumn; 4] = [
    ("n", |a| &a.n),
    ("mean_error_s", |a| &a.mean_error_s),
    ("mae_s", |a| &a.mae_s),
    ("rmse_s", |a| &a.rmse_s),
];

/// `groups.csv`: one row per interval (after warm-up) and group: agents, occupancy, and the
/// share of the group's busy time on each queue (`busy_share.<queue>`, empty where the group
/// lacks the skill or was never busy).
pub fn group_intervals_csv(model: &Model, summary: &Summary, agents: &[Vec<u32>]) -> Vec<u8> {
    let mut header: Vec<String> = [
        "interval",
        "interval_start",
        "group",
        "agents",
        "occupancy",
        "occupancy_lo",
        "occupancy_hi",
    ]
    .map(String::from)
    .to_vec();
    header.extend(model.queues.iter().map(|q| format!("busy_share.{}", q.name)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let warm = model.horizon.warmup_intervals;
    let nq = model.queues.len();
    let rows = summary.group_intervals.iter().enumerate().flat_map(|(k, per_group)| {
        let i = warm + k;
        per_group.iter().enumerate().map(move |(g, kp)| {
            let mut row = vec![
                i.to_string(),
                model.horizon.label(i),
                model.groups[g].name.clone(),
                agents[g][i].to_string(),
                num(kp.occupancy.mean),
                num(kp.occupancy.ci95[0]),
                num(kp.occupancy.ci95[1]),
            ];
            let mut shares = vec![String::new(); nq];
            for (q, e) in &summary.busy_share_intervals[k][g] {
                shares[*q] = num(e.mean);
            }
            row.extend(shares);
            row
        })
    });
    csv_bytes(&header, rows)
}
