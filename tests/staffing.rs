//! Staffing by simulation: the stationary answer equals the exact Erlang minimum; on a day with
//! sharp peaks the simulated plan is time-stable where the pointwise Erlang plan is not; the
//! answer does not depend on the thread count.

mod common;

use common::{find, mmc_model, mmc_model_with_targets, reference_rows};
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
        let m = mmc_model_with_targets(&r, 2 + hours, 2, sl, max_ab);
        let p = BuiltinPolicy::new(m.policy());
        let opts = StaffingOptions { seed: 3, replications: 40, ..StaffingOptions::default() };
        let rec = recommend(&m, &p, &opts, &()).unwrap();
        assert_eq!(rec.blocks.len(), 1, "a stationary scenario is one block");
        let got = rec.plan.staffing.agents()[0][0];
        assert!(
            rec.plan.staffing.agents()[0].iter().all(|&a| a == got),
            "one head-count for all intervals"
        );
        if got != exact {
            failures.push(format!("{kind} λ={lambda} AHT={aht} patience={patience:?} SL≥{sl} ab≤{max_ab:?}: simulated {got}, Erlang {exact}"));
        }
        // The search found it itself: a confirmation that raised the plan to the minimum would
        // be repairing a search that trimmed below it (one agent below the minimum misses by
        // several standard errors of the search's replications).
        let added = rec.stats.confirmation_agents_added;
        if added != 0 {
            failures.push(format!("{kind} λ={lambda}: the confirmation added {added} agent(s)"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn resimulate(m: &Model, s: &Staffing, seed: u64) -> wfmsim::stats::Summary {
    let p = BuiltinPolicy::new(m.policy());
    summarise(m, &run_replications(m, s, &p, seed, 0..100).unwrap())
}

fn agent_hours(m: &Model, s: &Staffing) -> f64 {
    s.agents().iter().flatten().map(|&a| a as f64).sum::<f64>() * m.horizon().interval_s / 3600.0
}

#[test]
fn simulated_plan_is_time_stable_where_pointwise_erlang_is_not() {
    let m = example("peaked-day");
    let p = BuiltinPolicy::new(m.policy());
    let opts = StaffingOptions { seed: 1, replications: 100, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    assert_eq!(rec.blocks.len(), m.horizon().intervals);
    // Re-simulate both plans with independent replications (another seed).
    let plan = resimulate(&m, &rec.plan.staffing, 987_654);
    let pointwise = resimulate(&m, &rec.pointwise.staffing, 987_654);
    let target = m.queues()[0].service_level.target;
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
    let p = BuiltinPolicy::new(m.policy());
    let opts = StaffingOptions { seed: 5, replications: 30, ..StaffingOptions::default() };
    let one = with_threads(Some(1), || recommend(&m, &p, &opts, &()).unwrap()).unwrap();
    let two = with_threads(Some(2), || recommend(&m, &p, &opts, &()).unwrap()).unwrap();
    assert_eq!(one.plan.staffing, two.plan.staffing);
    assert_eq!(one.plan.tallies, two.plan.tallies);
    assert_eq!(one.stats, two.stats);
}

#[test]
fn multi_skill_plan_staffs_every_group_of_the_bilingual_bank() {
    let m = example("bilingual-bank");
    let p = BuiltinPolicy::new(m.policy());
    let opts = StaffingOptions { seed: 2, replications: 60, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    let blocks = Blocks::for_model(&m);
    assert_eq!(rec.blocks, blocks);
    // Every group is used somewhere. (Whether the plan meets its targets is judged on fresh
    // replications in `fresh_evidence_meets_the_targets_for_five_seeds`.)
    for (g, row) in rec.plan.staffing.agents().iter().enumerate() {
        assert!(row.iter().any(|&a| a > 0), "group {} never staffed", m.groups()[g].name);
    }
}

/// The worst interval of a plan in `s` against the targets, in shares: the largest shortfall
/// of the service level below its target and of the abandonment ceiling, over intervals with
/// at least 20 offered calls (negative: missed). Returns (SL, abandonment, where).
fn worst_misses(m: &Model, s: &wfmsim::stats::Summary) -> (f64, f64, String) {
    let (mut sl, mut ab, mut at) = (f64::INFINITY, f64::INFINITY, String::new());
    for r in s.intervals.iter().filter(|r| r.kpis.offered.mean >= 20.0) {
        let q = &m.queues()[r.queue];
        let d = r.kpis.service_level.mean - q.service_level.target;
        if d < sl {
            sl = d;
            at = format!("{} {}", m.horizon().label(r.interval), q.name);
        }
        if let Some(max) = q.max_abandon_rate {
            ab = ab.min(max - r.kpis.abandon_rate.mean);
        }
    }
    (sl, ab, at)
}

/// The out-of-sample property of issue 7: the KPIs of a recommended plan, re-simulated on
/// replications the search never saw, meet every target within 2 points in every interval
/// with at least 20 offered calls. Search seeds 31..=35; the evidence seeds are this test's
/// own (not derived by the library), distinct from the search's and the confirmation's.
///
/// This is not a confidence-interval check but a bound on the worst of ~35 (peaked-day) and
/// 48 (bank) interval estimates, each the sum of the plan's true margin and the evidence's
/// noise (standard error ≈ 0.6 points at 800 replications). Measured while choosing the
/// margin: with `margin_se` 0.5 the worst interval over search seeds 6..=10 and 31..=35 was
/// 1.57 points below target (peaked-day) and 1.02 (bank); with the default 1.0 over seeds
/// 6..=10, 0.74 (peaked-day) and none below target (bank). A 2-point miss then needs a noise
/// excursion of about 2 standard errors beyond the worst seen at a margin half as large; we
/// judge the family's false-alarm probability (10 plans) below 5%. No seed was tuned to pass.
#[test]
fn fresh_evidence_meets_the_targets_for_five_seeds() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for name in ["peaked-day", "bilingual-bank"] {
        let m = example(name);
        let p = BuiltinPolicy::new(m.policy());
        for seed in 31..=35u64 {
            let evidence_seed = 0x7E57_0000 + seed;
            let opts = StaffingOptions {
                seed,
                evidence_seed: Some(evidence_seed),
                ..StaffingOptions::default()
            };
            let rec = recommend(&m, &p, &opts, &()).unwrap();
            assert_eq!(rec.evidence.seed, evidence_seed);
            assert!(evidence_seed != seed && evidence_seed != rec.stats.confirmation_seed);
            let s = summarise(&m, &rec.plan.tallies);
            assert_eq!(s.replications, rec.evidence.replications as usize);
            let (sl, ab, at) = worst_misses(&m, &s);
            let line = format!(
                "{name} seed {seed}: {:.1} agent-hours (pointwise {:.1}), worst SL {:+.2} points at {at}, abandonment slack {:+.2} points",
                agent_hours(&m, &rec.plan.staffing),
                agent_hours(&m, &rec.pointwise.staffing),
                100.0 * sl,
                100.0 * ab
            );
            if sl < -0.02 || ab < -0.02 {
                failures.push(line.clone());
            }
            report.push(line);
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "fresh evidence misses a target by more than 2 points:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_evidence_seed_changes_the_evidence_not_the_plan() {
    let m = example("bilingual-bank");
    let p = BuiltinPolicy::new(m.policy());
    let opts = |evidence_seed| StaffingOptions {
        seed: 9,
        replications: 20,
        evidence_seed,
        evidence_replications: Some(30),
        ..StaffingOptions::default()
    };
    let derived = recommend(&m, &p, &opts(None), &()).unwrap();
    let a = recommend(&m, &p, &opts(Some(1234)), &()).unwrap();
    let b = recommend(&m, &p, &opts(Some(5678)), &()).unwrap();
    assert_eq!(derived.evidence.seed, wfmsim::staffing::seeds::evidence_seed(9));
    assert!(derived.evidence.seed != 9 && derived.evidence.seed != derived.stats.confirmation_seed);
    assert_eq!(a.plan.staffing, b.plan.staffing, "the plan does not depend on the evidence seed");
    assert_eq!(a.stats, b.stats, "nor does the search");
    assert_eq!(a.plan.staffing, derived.plan.staffing);
    assert_eq!(a.plan.tallies.len(), 30);
    assert_ne!(a.plan.tallies, b.plan.tallies, "the evidence does depend on it");
    assert_ne!(a.pointwise.tallies, b.pointwise.tallies);
    // The evidence is exactly the plan simulated on the evidence seed's replications.
    let again = run_replications(&m, &a.plan.staffing, &p, 1234, 0..30).unwrap();
    assert_eq!(a.plan.tallies, again);
}

#[test]
fn confidence_rule_never_staffs_below_the_mean_rule() {
    let rows = reference_rows();
    let r = find(&rows, "erlang_a", 300.0, 300.0, Some(180.0), 28);
    let m = mmc_model(&r, 26, 2);
    let p = BuiltinPolicy::new(m.policy());
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
    // (The rule itself is unit-tested on exact numbers in `staffing::targets`.)
    assert!(ci_rule.plan.staffing.agents()[0][0] >= mean_rule.plan.staffing.agents()[0][0]);
}

#[test]
fn ci_width_adds_replications_until_intervals_are_narrow() {
    let rows = reference_rows();
    let r = find(&rows, "erlang_c", 300.0, 300.0, None, 30);
    let m = mmc_model(&r, 10, 2);
    let p = BuiltinPolicy::new(m.policy());
    let opts =
        StaffingOptions { seed: 8, replications: 10, ci_width: Some(0.01), ..Default::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    assert!(rec.stats.replications > 10, "replications were added");
    let expected = (8 * rec.stats.replications).min(5_000.max(rec.stats.replications));
    assert_eq!(rec.evidence.replications, expected, "evidence: 8× the search's, at most 5000");
    assert_eq!(
        rec.evidence.pointwise_replications, rec.stats.replications,
        "the pointwise plan: the search's replications of the fresh set"
    );
    let k = &rec.plan.blocks[0][0];
    assert!(
        k.service_level.ci95[1] - k.service_level.ci95[0] <= 0.01,
        "{:?}",
        k.service_level.ci95
    );
    let c = rec.calibration.expect("a calibration with --ci-width");
    assert!(c.reached && c.widest <= 0.01 && c.replications == rec.stats.replications, "{c:?}");
}

/// A width the replication limit cannot reach is said, in the calibration and as a warning,
/// never passed over in silence (issue 11: `--ci-width 0.0001` stopped at 5,000 replications).
#[test]
fn an_unreachable_ci_width_is_reported() {
    let rows = reference_rows();
    let r = find(&rows, "erlang_c", 300.0, 300.0, None, 30);
    let m = mmc_model(&r, 10, 2);
    let p = BuiltinPolicy::new(m.policy());
    let opts = StaffingOptions {
        seed: 8,
        replications: 10,
        ci_width: Some(0.0001),
        max_replications: 20,
        ..Default::default()
    };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    let c = rec.calibration.expect("a calibration with ci_width");
    assert!(!c.reached && c.replications == 20 && c.widest > 0.0001, "{c:?}");
    let report = wfmsim::report::staffing_out::StaffingReport::new(&m, &rec, &[], &opts);
    let warnings = report.warnings();
    assert!(
        warnings.len() == 1 && warnings[0].contains("--ci-width 0.0001 was not reached"),
        "{warnings:?}"
    );
    assert!(report.table().contains("not reached"), "the table says it too");
}

/// A queue with constant handle times of `aht` s and no abandonment: `hours` hourly intervals
/// after 2 of warm-up, `per_hour(i)` calls an hour in interval `i`, 80% within 20 s.
fn mdc_model(per_hour: impl Fn(usize) -> f64, aht: f64, hours: usize) -> Model {
    use wfmsim::model::{
        Arrivals, Clock, Distribution, GroupSpec, Horizon, QueueId, QueueSpec, Skill,
    };
    let n = hours + 2;
    let horizon =
        Horizon { interval_s: 3600.0, intervals: n, warmup_intervals: 2, clock: Clock::default() };
    let q = QueueSpec::plain(
        "q",
        Arrivals {
            rate_per_s: (0..n).map(|i| per_hour(i) / 3600.0).collect(),
            busyness_shape: None,
        },
        Distribution::deterministic(aht).unwrap(),
        None,
    );
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: (0..n).map(|i| (per_hour(i) * aht / 3600.0) as u32 + 10).collect(),
        shrinkage: 0.0,
    };
    Model::new("mdc".into(), horizon, vec![q], vec![g], wfmsim::routing::PolicyKind::Priority)
        .unwrap()
}

/// For the stationary [`mdc_model`] `m` at `per_hour` calls and handle time `aht`: the Erlang C
/// head-count for 80% in 20 s (the search's start, which assumes exponential handle times),
/// and the fewest agents that meet 80% when every head-count from 8 below it is simulated on
/// fresh replications (seed 99; the service level falls with every agent removed, so the
/// minimum is the first that meets).
fn erlang_start_and_simulated_minimum(
    m: &Model,
    p: &BuiltinPolicy,
    per_hour: f64,
    aht: f64,
) -> (u32, u32) {
    let queue = Queue::new(per_hour, aht, None).unwrap();
    let targets = Targets {
        service_level: Some(ServiceLevelTarget { threshold_s: 20.0, target: 0.8 }),
        max_abandon: None,
        max_asa_s: None,
    };
    let start = analytic::min_agents(&queue, &targets, 20.0).unwrap().agents;
    let service_level = |n: u32| {
        let s = Staffing::new(m, vec![vec![n; m.horizon().intervals]]).unwrap();
        summarise(m, &run_replications(m, &s, p, 99, 0..10).unwrap()).queues[0].service_level.mean
    };
    let minimum = (start - 8..=start).find(|&n| service_level(n) >= 0.8).unwrap();
    (start, minimum)
}

/// The search takes several agents from one block when the start overshoots, and stops at the
/// minimum: with constant handle times, Erlang C's start (which assumes exponential ones) is
/// 3 agents above the head-count that meets 80% in 20 s, found here by simulating every
/// head-count on fresh replications. A search that stopped after one removal per block (or that
/// trimmed past a block's minimum) would miss it.
#[test]
fn a_start_several_agents_too_high_is_trimmed_down_to_the_minimum() {
    let (per_hour, aht) = (4800.0, 180.0);
    let m = mdc_model(|_| per_hour, aht, 20);
    let p = BuiltinPolicy::new(m.policy());
    let (start, minimum) = erlang_start_and_simulated_minimum(&m, &p, per_hour, aht);
    assert!(start >= minimum + 3, "the start must overshoot: Erlang {start}, minimum {minimum}");
    let opts = StaffingOptions { seed: 3, replications: 40, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    let got = rec.plan.staffing.agents()[0][2];
    // One above the minimum is the price of the margin where the minimum only just meets.
    assert!(
        got == minimum || got == minimum + 1,
        "recommended {got}, minimum {minimum}, Erlang start {start}"
    );
    // The search got there itself: the minimum meets by about 3 points, far beyond the noise
    // of the confirmation's replications, so a confirmation that had to raise the plan would
    // be repairing a search that trimmed too far.
    assert_eq!(rec.stats.confirmation_agents_added, 0, "the search's plan missed the confirmation");
    // No trial is wasted when the search ends at the minimum: its last removal cost more than
    // it left (the service level falls faster with each agent removed), so one agent fewer is
    // never simulated. The start, one trial per agent removed, and the confirmation's one plan.
    if got == minimum {
        assert_eq!(rec.stats.evaluations, 1 + (start - minimum) + 1, "plans simulated");
    }
}

/// The search's bound on raise rounds is kept: peaked-day needs three raise rounds from its
/// start (13, 6 and 2 blocks short), so one or two rounds end in the "raise --max-iterations"
/// error, naming the blocks still short; three give the default's plan (the trims are not
/// bounded).
#[test]
fn too_few_iterations_end_in_a_clear_error() {
    use wfmsim::staffing::StaffingError;
    let m = example("peaked-day");
    let p = BuiltinPolicy::new(m.policy());
    for max_iterations in [1, 2] {
        let opts =
            StaffingOptions { seed: 1, replications: 100, max_iterations, ..Default::default() };
        match recommend(&m, &p, &opts, &()) {
            Err(StaffingError::NotConverged { iterations, blocks }) => {
                assert_eq!(iterations, max_iterations);
                assert!(blocks > 0);
            }
            other => panic!(
                "max_iterations {max_iterations}: expected NotConverged, got {:?}",
                other.map(|r| r.stats)
            ),
        }
    }
    // Three rounds are enough, and the bound is on the raises only: the trims still finish, so
    // the plan is the one the default bound gives.
    let opts =
        StaffingOptions { seed: 1, replications: 100, max_iterations: 3, ..Default::default() };
    let bounded = recommend(&m, &p, &opts, &()).unwrap();
    let opts = StaffingOptions { seed: 1, replications: 100, ..Default::default() };
    let default = recommend(&m, &p, &opts, &()).unwrap();
    assert_eq!(bounded.plan.staffing, default.plan.staffing);
}

/// The same overshooting start in a time-varying day: the rate alternates between 4,800 and
/// 4,790 calls an hour, so every hour is its own block, and the trims must bring the even and
/// the odd hours down alike (to within one agent of the stationary minimum at 4,800 an hour,
/// found by simulation as above; carry-over between hours of nearly equal load is small).
#[test]
fn every_block_of_an_overshooting_day_is_trimmed() {
    let (per_hour, aht) = (4800.0, 180.0);
    let stationary = mdc_model(|_| per_hour, aht, 10);
    let p = BuiltinPolicy::new(stationary.policy());
    let (_, minimum) = erlang_start_and_simulated_minimum(&stationary, &p, per_hour, aht);
    let m = mdc_model(|i| if i % 2 == 0 { per_hour } else { per_hour - 10.0 }, aht, 10);
    let opts = StaffingOptions { seed: 3, replications: 40, ..StaffingOptions::default() };
    let rec = recommend(&m, &p, &opts, &()).unwrap();
    assert_eq!(rec.blocks.len(), 12, "one block per hour");
    let plan = &rec.plan.staffing.agents()[0];
    for (hour, &n) in plan.iter().enumerate().skip(2) {
        assert!(
            n <= minimum + 1,
            "hour {hour}: {n} agents, stationary minimum {minimum}: {plan:?}"
        );
    }
}
