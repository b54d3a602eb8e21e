//! The analytic module against the reference table, the inverse against the reference
//! staffing facts, and behaviour at 5,000 agents.

use std::collections::BTreeMap;

use serde::Deserialize;
use wfmsim::analytic::{
    erlang_a, erlang_b, erlang_c, evaluate, min_agents, AnalyticError, ErlangKpis, Queue,
    QueueModel, ServiceLevelTarget, Targets,
};

/// One row of `tests/data/erlang_reference.csv`.
#[derive(Debug, Deserialize)]
struct Row {
    model: String,
    lambda_per_hour: f64,
    aht_s: f64,
    /// `inf` for Erlang C (parsed as +∞).
    patience_s: f64,
    agents: u32,
    offered_load_erlangs: f64,
    p_wait: f64,
    p_abandon: f64,
    /// Mean wait of all callers.
    asa_s: f64,
    /// Mean wait of answered callers.
    asa_answered_s: f64,
    service_level_20s: f64,
    sl20_answered: f64,
    occupancy: f64,
}

fn reference_rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/erlang_reference.csv");
    csv::Reader::from_path(path)
        .expect("reference CSV is readable")
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("reference CSV parses")
}

fn queue_of(row: &Row) -> Queue {
    let patience = row.patience_s.is_finite().then_some(row.patience_s);
    Queue::new(row.lambda_per_hour, row.aht_s, patience).unwrap()
}

/// Relative error, with an absolute floor only where the reference is exactly 0.
fn error(got: f64, want: f64) -> f64 {
    if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    }
}

#[test]
fn every_reference_row_matches_to_1e_9() {
    const TOLERANCE: f64 = 1e-9;
    let rows = reference_rows();
    assert_eq!(rows.len(), 588, "the reference table has 588 rows");
    let mut worst: BTreeMap<&str, (f64, String)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let k = evaluate(&queue_of(row), row.agents, 20.0).unwrap_or_else(|e| {
            panic!("row {}: {e}", i + 2);
        });
        let expected_model = match row.model.as_str() {
            "erlang_c" => QueueModel::ErlangC,
            "erlang_a" => QueueModel::ErlangA,
            other => panic!("row {}: unknown model {other}", i + 2),
        };
        assert_eq!(k.model, expected_model, "row {}", i + 2);
        assert_eq!(k.agents, row.agents);
        let pairs = [
            ("offered_load_erlangs", k.offered_load_erlangs, row.offered_load_erlangs),
            ("p_wait", k.p_wait, row.p_wait),
            ("p_abandon", k.p_abandon, row.p_abandon),
            ("asa_s (mean wait all)", k.mean_wait_all_s, row.asa_s),
            ("asa_answered_s (ASA)", k.asa_s, row.asa_answered_s),
            ("service_level_20s", k.service_level, row.service_level_20s),
            ("sl20_answered", k.sl_answered, row.sl20_answered),
            ("occupancy", k.occupancy, row.occupancy),
        ];
        for (column, got, want) in pairs {
            let err = error(got, want);
            let label = format!(
                "line {} ({} λ={}/h AHT={} patience={} c={}): got {got}, want {want}",
                i + 2,
                row.model,
                row.lambda_per_hour,
                row.aht_s,
                row.patience_s,
                row.agents
            );
            if err > TOLERANCE || err.is_nan() {
                failures.push(format!("{column}: {label}"));
            }
            let entry = worst.entry(column).or_insert((0.0, String::new()));
            if err > entry.0 || err.is_nan() {
                *entry = (err, label);
            }
        }
    }
    let summary: String = worst
        .iter()
        .map(|(column, (err, at))| format!("  {column:<24} worst {err:.3e} at {at}\n"))
        .collect();
    println!("worst relative error per column:\n{summary}");
    assert!(
        failures.is_empty(),
        "{} values off by more than {TOLERANCE:e}:\n{}\nworst per column:\n{summary}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn model_specific_entry_points_agree_with_the_dispatcher() {
    let via_c = erlang_c(300.0, 300.0, 30, 20.0).unwrap();
    let queue_c = Queue::new(300.0, 300.0, None).unwrap();
    assert_eq!(via_c, evaluate(&queue_c, 30, 20.0).unwrap());
    let via_a = erlang_a(300.0, 300.0, 180.0, 28, 20.0).unwrap();
    let queue_a = Queue::new(300.0, 300.0, Some(180.0)).unwrap();
    assert_eq!(via_a, evaluate(&queue_a, 28, 20.0).unwrap());
}

#[test]
fn erlang_c_p_wait_is_built_from_erlang_b() {
    // C = c·B / (c − A(1 − B)), the reference README's formula, at a reference row.
    let (c, load) = (30_u32, 25.0);
    let b = erlang_b(c, load).unwrap();
    let expected = 30.0 * b / (30.0 - load * (1.0 - b));
    let k = erlang_c(300.0, 300.0, c, 20.0).unwrap();
    assert!(((k.p_wait - expected) / expected).abs() < 1e-13);
}

// ---------------------------------------------------------------- inverse

fn sl_target(threshold_s: f64, target: f64) -> Targets {
    Targets {
        service_level: Some(ServiceLevelTarget { threshold_s, target }),
        ..Targets::default()
    }
}

#[test]
fn reference_staffing_facts() {
    let targets = sl_target(20.0, 0.8);
    let c = min_agents(&Queue::new(300.0, 300.0, None).unwrap(), &targets, 20.0).unwrap();
    assert_eq!(c.agents, 30, "Erlang C, 80% in 20 s at 300/h, AHT 300 s");
    assert!(c.service_level >= 0.8);
    let a = min_agents(&Queue::new(300.0, 300.0, Some(180.0)).unwrap(), &targets, 20.0).unwrap();
    assert_eq!(a.agents, 28, "Erlang A, patience 180 s");
    assert!(a.service_level >= 0.8);
}

/// Whether `kpis` (evaluated at the SL target's threshold) meet every target.
fn meets(queue: &Queue, targets: &Targets, agents: u32) -> bool {
    let threshold = targets.service_level.map_or(20.0, |sl| sl.threshold_s);
    match evaluate(queue, agents, threshold) {
        Err(AnalyticError::Unstable { .. }) => false,
        Err(e) => panic!("{e}"),
        Ok(k) => {
            targets.service_level.is_none_or(|sl| k.service_level >= sl.target)
                && targets.max_abandon.is_none_or(|m| k.p_abandon <= m)
                && targets.max_asa_s.is_none_or(|m| k.asa_s <= m)
        }
    }
}

#[test]
fn min_agents_is_minimal_on_a_grid() {
    let target_sets = [
        sl_target(20.0, 0.8),
        sl_target(60.0, 0.95),
        sl_target(10.0, 0.5),
        Targets { max_abandon: Some(0.05), ..Targets::default() },
        Targets { max_asa_s: Some(15.0), ..Targets::default() },
        Targets { max_abandon: Some(0.02), max_asa_s: Some(30.0), ..sl_target(20.0, 0.9) },
    ];
    let mut checked = 0;
    for per_hour in [50.0, 300.0, 3000.0, 20_000.0] {
        for aht in [180.0, 300.0] {
            for patience in [None, Some(60.0), Some(600.0)] {
                let queue = Queue::new(per_hour, aht, patience).unwrap();
                for targets in &target_sets {
                    if targets.service_level.is_none()
                        && targets.max_asa_s.is_none()
                        && patience.is_none()
                    {
                        // Abandonment alone: Erlang C never abandons, so the answer is the
                        // stability bound; checked below.
                        continue;
                    }
                    let k = min_agents(&queue, targets, 20.0).unwrap();
                    assert!(meets(&queue, targets, k.agents), "{queue:?} {targets:?}");
                    assert!(
                        k.agents == 1 || !meets(&queue, targets, k.agents - 1),
                        "{queue:?} {targets:?}: {} agents suffice too",
                        k.agents - 1
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100);
    // Erlang C with only an abandonment cap: the smallest stable head-count.
    let queue = Queue::new(300.0, 300.0, None).unwrap();
    let abandon_only = Targets { max_abandon: Some(0.05), ..Targets::default() };
    assert_eq!(min_agents(&queue, &abandon_only, 20.0).unwrap().agents, 26);
}

#[test]
fn min_agents_rejects_impossible_or_empty_targets() {
    let queue = Queue::new(300.0, 300.0, Some(180.0)).unwrap();
    assert_eq!(min_agents(&queue, &Targets::default(), 20.0), Err(AnalyticError::NoTargets));
    assert!(matches!(
        min_agents(&queue, &sl_target(20.0, 80.0), 20.0),
        Err(AnalyticError::NotAProbability { .. })
    ));
    // Two million Erlangs without abandonment need more agents than the search allows.
    let huge = Queue::new(per_hour_for(2e6), 300.0, None).unwrap();
    assert!(matches!(
        min_agents(&huge, &sl_target(20.0, 0.8), 20.0),
        Err(AnalyticError::TargetUnreachable { .. })
    ));
}

// ---------------------------------------------------------------- scale

/// λ giving `load` Erlangs at AHT 300 s.
fn per_hour_for(load: f64) -> f64 {
    load / 300.0 * 3600.0
}

fn assert_sane(k: &ErlangKpis) {
    for (name, p) in [
        ("p_wait", k.p_wait),
        ("service_level", k.service_level),
        ("sl_answered", k.sl_answered),
        ("p_abandon", k.p_abandon),
        ("occupancy", k.occupancy),
    ] {
        assert!((0.0..=1.0).contains(&p), "{name} = {p} at {k:?}");
    }
    for (name, t) in [("asa_s", k.asa_s), ("mean_wait_all_s", k.mean_wait_all_s)] {
        assert!(t.is_finite() && t >= 0.0, "{name} = {t} at {k:?}");
    }
}

#[test]
fn five_thousand_agents_stay_finite_and_monotone() {
    let per_hour = per_hour_for(4900.0);
    for patience in [None, Some(60.0), Some(180.0), Some(600.0)] {
        let queue = Queue::new(per_hour, 300.0, patience).unwrap();
        let first = if patience.is_none() { 4901 } else { 4000 };
        let mut previous: Option<ErlangKpis> = None;
        for agents in (first..=5000).step_by(7).chain([5000]) {
            let k = evaluate(&queue, agents, 20.0).unwrap();
            assert_sane(&k);
            if let Some(p) = previous.filter(|p| p.agents < agents) {
                // P(wait) may round to 1 in deep overload, so only ≤ there.
                let order = format!("{p:?} → {k:?}");
                assert!(k.p_wait <= p.p_wait, "P(wait) falls with agents: {order}");
                assert!(k.service_level > p.service_level, "SL rises: {order}");
                assert!(k.asa_s < p.asa_s, "ASA falls: {order}");
                assert!(k.mean_wait_all_s < p.mean_wait_all_s, "mean wait falls: {order}");
                if patience.is_some() {
                    assert!(k.p_abandon < p.p_abandon, "abandonment falls: {order}");
                }
            }
            previous = Some(k);
        }
    }
}

#[test]
fn quality_and_efficiency_scaling_holds_from_small_to_large() {
    // Halfin–Whitt: with c = A + β√A, Erlang C's P(wait) tends to a limit as A grows, so the
    // values at 100, 1,225 and 4,900 Erlangs must approach each other smoothly; a loss of
    // precision at scale would break the pattern.
    let beta = 1.0;
    let p_wait_at = |load: f64| {
        let agents = (load + beta * load.sqrt()).round() as u32;
        let k = erlang_c(per_hour_for(load), 300.0, agents, 20.0).unwrap();
        // Correct for the rounding of c to an integer by reporting the effective β too.
        (k.p_wait, (f64::from(agents) - load) / load.sqrt())
    };
    let (small, b_small) = p_wait_at(100.0);
    let (mid, b_mid) = p_wait_at(1225.0);
    let (large, b_large) = p_wait_at(4900.0);
    assert_eq!((b_small, b_mid, b_large), (1.0, 1.0, 1.0));
    // Halfin–Whitt limit for β = 1: 1/(1 + β·Φ(β)/φ(β)) = 1/(1 + 0.841345/0.241971).
    let limit = 1.0 / (1.0 + 0.841_344_746_068_543 / 0.241_970_724_519_143_37);
    println!("P(wait) at β = 1: {small} (A = 100), {mid} (1,225), {large} (4,900); limit {limit}");
    assert!((small - limit).abs() > (mid - limit).abs());
    assert!((mid - limit).abs() > (large - limit).abs());
    assert!((large - limit).abs() < 0.01, "P(wait) at 4,900 Erlangs = {large}");
}

#[test]
fn erlang_a_tends_to_erlang_c_as_patience_grows_at_any_scale() {
    for (load, agents) in [(25.0, 30_u32), (4900.0, 5000)] {
        let per_hour = per_hour_for(load);
        let c = erlang_c(per_hour, 300.0, agents, 20.0).unwrap();
        let a = erlang_a(per_hour, 300.0, 1e9, agents, 20.0).unwrap();
        assert_sane(&a);
        for (name, x, y) in [
            ("p_wait", a.p_wait, c.p_wait),
            ("service_level", a.service_level, c.service_level),
            ("asa_s", a.asa_s, c.asa_s),
        ] {
            assert!(((x - y) / y).abs() < 1e-5, "{name} at c = {agents}: A {x} vs C {y}");
        }
        assert!(a.p_abandon < 1e-5);
    }
}
