//! Time to plan a week: 336 half-hour intervals, about 70,000 calls, 100 replications per
//! evaluated plan, on 1 and on 2 threads (the result is identical; the speed-up is printed).
//!
//! Run: `cargo bench --bench staffing` (add `-- --quick` for one day instead of a week).

use std::time::Instant;
use wfmsim::experiment::with_threads;
use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, QueueId, QueueSpec,
    ServiceLevelTarget, Skill,
};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::routing::PolicyKind;
use wfmsim::staffing::{recommend, StaffingOptions};

/// A week of a support line: two daily peaks, quieter weekend, ~12,000 calls a weekday.
fn week(days: usize) -> Model {
    let per_day: Vec<f64> = (0..48)
        .map(|i| {
            let h = i as f64 / 2.0 + 0.25;
            let g = |c: f64, w: f64, a: f64| a * (-((h - c) / w).powi(2)).exp();
            8.0 + g(10.5, 1.6, 975.0) + g(14.5, 1.5, 800.0) + g(18.5, 2.0, 300.0)
        })
        .collect();
    let weekday_factor = [1.0, 0.97, 0.95, 0.95, 0.9, 0.55, 0.4];
    let rate: Vec<f64> = (0..days)
        .flat_map(|d| per_day.iter().map(move |c| c * weekday_factor[d % 7] / 1800.0))
        .collect();
    let n = rate.len();
    let horizon =
        Horizon { interval_s: 1800.0, intervals: n, warmup_intervals: 0, clock: Clock::default() };
    let q = QueueSpec {
        name: "support".into(),
        arrivals: Arrivals { rate_per_s: rate, busyness_shape: None },
        handle_time: Distribution::lognormal(300.0, 1.0).unwrap(),
        patience: Some(Distribution::exponential(240.0).unwrap()),
        service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
        max_abandon_rate: Some(0.05),
        max_asa_s: None,
        announce: Default::default(),
        callback: None,
        redial: None,
    };
    let g = GroupSpec {
        name: "agents".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![1; n],
        shrinkage: 0.3,
    };
    Model::new("week".into(), horizon, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let m = week(if quick { 1 } else { 7 });
    let calls: f64 = m.queues()[0].arrivals.rate_per_s.iter().sum::<f64>() * 1800.0;
    let policy = BuiltinPolicy::new(m.policy());
    let opts = StaffingOptions { seed: 1, replications: 100, ..StaffingOptions::default() };
    println!("wfmsim staffing benchmark: {} intervals, {calls:.0} expected calls, {} replications per plan", m.horizon().intervals, opts.replications);
    let mut plans = Vec::new();
    let mut times = Vec::new();
    for threads in [1usize, 2] {
        let t0 = Instant::now();
        let rec =
            with_threads(Some(threads), || recommend(&m, &policy, &opts, &()).unwrap()).unwrap();
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "threads {threads}: {secs:7.2} s, {} plans simulated, {} iterations, {:.1} agent-hours",
            rec.stats.evaluations,
            rec.stats.iterations,
            rec.plan.staffing.agents()[0].iter().map(|&a| a as f64 / 2.0).sum::<f64>()
        );
        plans.push(rec.plan.staffing);
        times.push(secs);
    }
    assert_eq!(plans[0], plans[1], "identical plans for 1 and 2 threads");
    println!("speed-up of 2 threads over 1: {:.2}×", times[0] / times[1]);
}
