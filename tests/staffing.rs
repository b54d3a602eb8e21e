//! Staffing by simulation: the stationary answer equals the exact Erlang minimum; on a day with
//! sharp peaks the simulated plan is time-stable where the pointwise Erlang plan is not; the
//! answer does not depend on the thread count.

mod common;

use common::{find, mmc_model, reference_rows};
use wfmsim::analytic::{self, Queue, ServiceLevelTarget, Targets};
use wfmsim::experiment::{run_replications, with_threads};
use wfmsim::model::{Model, Staffing};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::scenario_file;
use wfmsim::staffing::{recommend, Blocks, StaffingOptions};
use wfmsim::stats::summarise;

fn example(name: &str) -> Model {
    scenario_file::parse(scenario_file::embedded(name).unwrap(), name).unwrap()
}

/// (model, λ/h, AHT, patience, SL target, abandonment ceiling)
type Case = (&'static str, f64, f64, Option<f64>, f64, Option<f64>);

const STATIONARY: &[Case] = &[
    ("erlang_c", 300.0, 300.0, None, 0.80, None),
    ("erlang_c", 50.0, 180.0, None, 0.80, None),
    ("erlang_c", 3000.0, 180.0, None, 0.80, None),
    ("erlang_a", 300.0, 300.0, Some(180.0), 0.80, None),
    ("erlang_a", 300.0, 300.0, Some(60.0), 0.50, Some(0.05)),
    ("erlang_a", 300.0, 300.0, Some(600.0), 0.90, None),
    ("erlang_a", 50.0, 180.0, Some(180.0), 0.80, None),
];

#[test]
fn stationary_recommendation_equals_the_exact_erlang_minimum() {
    let rows = reference_rows();
    let mut failures = Vec::new();
    for &(kind, lambda, aht, patience, sl, max_ab) in STATIONARY {
        let queue = Queue::new(lambda, aht, patience).unwrap();
        let targets = Targets {
            service_level: Some(ServiceLevelTarget { threshold_s: 20.0, target: sl }),
            max_abandon: max_ab,
            max_asa_s: None,
        };
        let exact = analytic::min_agents(&queue, &targets, 20.0).unwrap().agents;
        // The grid case must exist in the reference file (the Erlang values are facts).
        let r = find(&rows, kind, lambda, aht, patience, exact);
        let hours = ((20_000.0 / lambda).ceil() as usize).max(24);
        let mut m = mmc_model(&r, 2 + hours, 2);
        m.queues[0].service_level.target = sl;
        m.queues[0].max_abandon_rate = max_ab;
        let p = BuiltinPolicy::new(m.policy);
        let opts = StaffingOptions { seed: 3, replications: 40, ..StaffingOptions::default() };
        let rec = recommend(&m, &p, &opts, &()).unwrap();
        assert_eq!(rec.blocks.len(), 1, "a stationary scenario is one block");
        let got = rec.plan.staffing.agents[0][0];
        assert!(
            rec.plan.staffing.agents[0].iter().all(|&a| a == got),
            "one head-count for all intervals"
        );
        if got != exact {
            failures.push(format!("{kind} λ={lambda} AHT={aht} patience={patience:?} SL≥{sl} ab≤{max_ab:?}: simulated {got}, Erlang {exact}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn resimulate(m: &Model, s: &Staffing, seed: u64) -> wfmsim::stats::Summary {
    let p = BuiltinPolicy::new(m.policy);
    summarise(m, &run_replications(m, s, &p, seed, 0..100).unwrap())
}

fn agent_hours(m: &Model, s: &Staffing) -> f64 {
    s.agents.iter().flatten().map(|&a| a as f64).sum::<f64>() * m.horizon.interval_s / 3600.0
}

#[test]
fn simulated_plan_is_time_stable_where_pointwise_erlang_is_not() {
    let m = example("peaked-day");
    let p = BuiltinPolicy::new(m.policy);
    let opts = StaffingOptions { seed: 1, replications: 100, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    assert_eq!(rec.blocks.len(), m.horizon.intervals);
    // Re-simulate both plans with independent replications (another seed).
    let plan = resimulate(&m, &rec.plan.staffing, 987_654);
    let pointwise = resimulate(&m, &rec.pointwise.staffing, 987_654);
    let target = m.queues[0].service_level.target;
    let (mut worst_plan, mut worst_pw) = (f64::INFINITY, f64::INFINITY);
    for (a, b) in plan.intervals.iter().zip(&pointwise.intervals) {
        if a.kpis.offered.mean >= 20.0 {
            worst_plan = worst_plan.min(a.kpis.service_level.mean - target);
            worst_pw = worst_pw.min(b.kpis.service_level.mean - target);
        }
    }
    assert!(
        worst_plan >= -0.03,
        "the simulated plan misses an interval by {:.1} points",
        -100.0 * worst_plan
    );
    assert!(
        worst_pw < -0.03,
        "the pointwise plan was expected to miss by more than 3 points, worst {:.1}",
        -100.0 * worst_pw
    );
    let (h_plan, h_pw) =
        (agent_hours(&m, &rec.plan.staffing), agent_hours(&m, &rec.pointwise.staffing));
    assert!(h_plan <= 1.05 * h_pw, "agent-hours {h_plan} vs pointwise {h_pw}");
}

#[test]
fn staffing_is_identical_for_any_thread_count() {
    let m = example("bilingual-bank");
    let p = BuiltinPolicy::new(m.policy);
    let opts = StaffingOptions { seed: 5, replications: 30, ..StaffingOptions::default() };
    let one = with_threads(Some(1), || recommend(&m, &p, &opts, &()).unwrap()).unwrap();
    let two = with_threads(Some(2), || recommend(&m, &p, &opts, &()).unwrap()).unwrap();
    assert_eq!(one.plan.staffing, two.plan.staffing);
    assert_eq!(one.plan.tallies, two.plan.tallies);
    assert_eq!(one.stats, two.stats);
}

#[test]
fn multi_skill_plan_meets_every_interval_of_the_bilingual_bank() {
    let m = example("bilingual-bank");
    let p = BuiltinPolicy::new(m.policy);
    let opts = StaffingOptions { seed: 2, replications: 60, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    let blocks = Blocks::for_model(&m);
    assert_eq!(rec.blocks, blocks);
    // Every group is used somewhere, and every judged interval meets every target on the mean.
    for (g, row) in rec.plan.staffing.agents.iter().enumerate() {
        assert!(row.iter().any(|&a| a > 0), "group {} never staffed", m.groups[g].name);
    }
    let s = summarise(&m, &rec.plan.tallies);
    for r in &s.intervals {
        let q = &m.queues[r.queue];
        assert!(
            r.kpis.service_level.mean >= q.service_level.target,
            "{} {}: SL {}",
            r.interval,
            q.name,
            r.kpis.service_level.mean
        );
        assert!(
            r.kpis.abandon_rate.mean <= q.max_abandon_rate.unwrap(),
            "{} {}: abandon {}",
            r.interval,
            q.name,
            r.kpis.abandon_rate.mean
        );
    }
}

#[test]
fn confidence_requires_the_lower_bound_to_meet_the_target() {
    let rows = reference_rows();
    let r = find(&rows, "erlang_a", 300.0, 300.0, Some(180.0), 28);
    let m = mmc_model(&r, 26, 2);
    let p = BuiltinPolicy::new(m.policy);
    let mean_rule = recommend(
        &m,
        &p,
        &StaffingOptions { seed: 4, replications: 20, ..Default::default() },
        &(),
    )
    .unwrap();
    let strict =
        StaffingOptions { seed: 4, replications: 20, confidence: Some(0.95), ..Default::default() };
    let ci_rule = recommend(&m, &p, &strict, &()).unwrap();
    let k = &ci_rule.plan.blocks[0][0];
    assert!(k.service_level.ci95[0] >= 0.8, "lower bound {:?}", k.service_level.ci95);
    assert!(ci_rule.plan.staffing.agents[0][0] >= mean_rule.plan.staffing.agents[0][0]);
}

#[test]
fn ci_width_adds_replications_until_intervals_are_narrow() {
    let rows = reference_rows();
    let r = find(&rows, "erlang_c", 300.0, 300.0, None, 30);
    let m = mmc_model(&r, 10, 2);
    let p = BuiltinPolicy::new(m.policy);
    let opts =
        StaffingOptions { seed: 8, replications: 10, ci_width: Some(0.01), ..Default::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    assert!(rec.stats.replications > 10, "replications were added");
    let k = &rec.pointwise.blocks[0][0];
    assert!(
        k.service_level.ci95[1] - k.service_level.ci95[0] <= 0.01,
        "{:?}",
        k.service_level.ci95
    );
}
