//! Helpers shared by the integration tests: reference rows and single-queue models.
#![allow(dead_code)]

pub mod svg;

use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, QueueId, QueueSpec, Skill,
};
use wfmsim::routing::PolicyKind;

/// One row of `tests/data/erlang_reference.csv` (copied from ../shared/reference).
#[derive(Debug, Clone)]
pub struct RefRow {
    pub model: String,
    pub lambda_per_hour: f64,
    pub aht_s: f64,
    pub patience_s: Option<f64>,
    pub agents: u32,
    pub p_wait: f64,
    pub p_abandon: f64,
    pub mean_wait_all_s: f64,
    pub asa_s: f64,
    pub service_level_20s: f64,
    pub occupancy: f64,
}

pub fn reference_rows() -> Vec<RefRow> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/erlang_reference.csv");
    let mut rdr = csv::Reader::from_path(path).expect("reference CSV is in the repository");
    rdr.records()
        .map(|r| {
            let r = r.expect("well-formed reference row");
            let f = |i: usize| r[i].parse::<f64>().expect("number");
            RefRow {
                model: r[0].to_string(),
                lambda_per_hour: f(1),
                aht_s: f(2),
                patience_s: if &r[3] == "inf" { None } else { Some(f(3)) },
                agents: r[4].parse().expect("agents"),
                p_wait: f(6),
                p_abandon: f(7),
                mean_wait_all_s: f(8),
                asa_s: f(9),
                service_level_20s: f(10),
                occupancy: f(12),
            }
        })
        .collect()
}

/// The reference row for (model, λ, AHT, patience, agents); panics if the grid lacks it.
pub fn find(
    rows: &[RefRow],
    model: &str,
    lambda: f64,
    aht: f64,
    patience: Option<f64>,
    agents: u32,
) -> RefRow {
    rows.iter()
        .find(|r| {
            r.model == model
                && r.lambda_per_hour == lambda
                && r.aht_s == aht
                && r.patience_s == patience
                && r.agents == agents
        })
        .unwrap_or_else(|| panic!("no reference row {model} {lambda} {aht} {patience:?} {agents}"))
        .clone()
}

/// Queue spec with exponential handle time and optional exponential patience, constant rate.
pub fn exp_queue(
    name: &str,
    lambda_per_hour: f64,
    aht: f64,
    patience: Option<f64>,
    intervals: usize,
) -> QueueSpec {
    QueueSpec::plain(
        name,
        Arrivals { rate_per_s: vec![lambda_per_hour / 3600.0; intervals], busyness_shape: None },
        Distribution::exponential(aht).unwrap(),
        patience.map(|p| Distribution::exponential(p).unwrap()),
    )
}

/// A stationary M/M/c(+M) model: hourly intervals, the first `warmup` of them discarded.
pub fn mmc_model(r: &RefRow, intervals: usize, warmup: usize) -> Model {
    mmc_model_with_targets(r, intervals, warmup, 0.8, None)
}

/// [`mmc_model`] with a service-level target and an abandonment ceiling.
pub fn mmc_model_with_targets(
    r: &RefRow,
    intervals: usize,
    warmup: usize,
    sl_target: f64,
    max_abandon: Option<f64>,
) -> Model {
    let horizon = Horizon {
        interval_s: 3600.0,
        intervals,
        warmup_intervals: warmup,
        clock: Clock::default(),
    };
    let mut q = exp_queue("q", r.lambda_per_hour, r.aht_s, r.patience_s, intervals);
    q.service_level.target = sl_target;
    q.max_abandon_rate = max_abandon;
    let g = GroupSpec {
        name: "g".to_string(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![r.agents; intervals],
        shrinkage: 0.0,
    };
    Model::new("mmc".to_string(), horizon, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

/// Runs the `wfmsim` binary with `args`.
pub fn wfmsim(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// A fresh, empty temporary folder `wfmsim-<prefix>-<pid>-<name>`.
pub fn tmp_dir(prefix: &str, name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("wfmsim-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Bytes as text (lossy), for messages.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
