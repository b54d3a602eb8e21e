//! Time to plan a week: 336 half-hour intervals, about 70,000 calls, 100 replications per
//! evaluated plan — the whole `wfmsim staff` path (search, confirmation, fresh evidence, KPI
//! curves, and the output files with their plots), on 1 and on 2 threads. The plans must be
//! identical (asserted); the time split per stage, the agent-hours and the fresh-evidence
//! check are printed.
//!
//! Run: `cargo bench --bench staffing` (add `-- --quick` for one day instead of a week, and
//! `-- --threads N` to time N threads only, without the identity check).

use std::sync::Mutex;
use std::time::Instant;
use wfmsim::job::{staff, write_staffing, Phases, SearchSettings, StaffResult, StaffRun};
use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, QueueId, QueueSpec,
    ServiceLevelTarget, Skill,
};
use wfmsim::routing::PolicyKind;
use wfmsim::staffing::{Progress, Stage};
use wfmsim::stats::summarise;

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

/// Records when each stage begins (the library reads no clock; the benchmark does).
struct Timer {
    marks: Mutex<Vec<(&'static str, Instant)>>,
}

impl Timer {
    fn new() -> Self {
        Timer { marks: Mutex::new(vec![("search", Instant::now())]) }
    }

    fn mark(&self, label: &'static str) {
        self.marks.lock().unwrap().push((label, Instant::now()));
    }

    /// Seconds per stage, in order, the last ending at `end`.
    fn split(&self, end: Instant) -> Vec<(&'static str, f64)> {
        let marks = self.marks.lock().unwrap();
        let mut out: Vec<(&'static str, f64)> = Vec::new();
        for (k, (label, t)) in marks.iter().enumerate() {
            let next = marks.get(k + 1).map_or(end, |m| m.1);
            let secs = (next - *t).as_secs_f64();
            match out.iter_mut().find(|(l, _)| l == label) {
                Some((_, s)) => *s += secs,
                None => out.push((label, secs)),
            }
        }
        out
    }
}

impl Progress for Timer {
    fn evaluated(&self, _: u32) {}

    fn stage(&self, stage: Stage) {
        self.mark(match stage {
            Stage::Search => "search",
            Stage::Confirmation => "confirmation",
            Stage::Evidence => "evidence",
            Stage::Curves => "curves",
        });
    }
}

impl Phases for Timer {}

/// The plan's worst interval on the evidence among intervals expecting at least 20 calls:
/// (service level − target, abandonment ceiling − abandonment), in points.
fn evidence_check(m: &Model, result: &StaffResult) -> (f64, f64) {
    let s = summarise(m, &result.recommendation.plan.tallies);
    let q = &m.queues()[0];
    let (mut sl, mut ab) = (f64::INFINITY, f64::INFINITY);
    for r in &s.intervals {
        if q.arrivals.rate_per_s[r.interval] * m.horizon().interval_s >= 20.0 {
            sl = sl.min(r.kpis.service_level.mean - q.service_level.target);
            ab = ab.min(q.max_abandon_rate.unwrap() - r.kpis.abandon_rate.mean);
        }
    }
    (100.0 * sl, 100.0 * ab)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only: Option<usize> = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1))
        .map(|t| t.parse().expect("--threads N"));
    let m = week(if quick { 1 } else { 7 });
    let calls: f64 = m.queues()[0].arrivals.rate_per_s.iter().sum::<f64>() * 1800.0;
    let out = std::env::temp_dir().join(format!("wfmsim-bench-staffing-{}", std::process::id()));
    println!(
        "wfmsim staffing benchmark: {} intervals, {calls:.0} expected calls, whole `staff` path",
        m.horizon().intervals
    );
    let mut plans = Vec::new();
    let mut times = Vec::new();
    for threads in only.map_or(vec![1usize, 2], |t| vec![t]) {
        let run = StaffRun {
            seed: 1,
            replications: Some(100),
            ci_width: None,
            confidence: None,
            search: SearchSettings::default(),
            threads: Some(threads),
            plots: true,
        };
        let timer = Timer::new();
        let t0 = Instant::now();
        let result = staff(&m, &run, &timer).unwrap();
        timer.mark("outputs");
        write_staffing(&m, &result, &out).unwrap();
        let end = Instant::now();
        let secs = (end - t0).as_secs_f64();
        let rec = &result.recommendation;
        let (sl, ab) = evidence_check(&m, &result);
        let curve_points: usize = result.curves.iter().map(|c| c.points.len()).sum();
        println!(
            "threads {threads}: {secs:7.2} s, {:.1} agent-hours; {} plans simulated by the search ({} iterations, {} replications) and the confirmation ({} rounds, {} agents added); evidence {} replications (pointwise plan {}); {curve_points} curve points",
            rec.plan.staffing.agents()[0].iter().map(|&a| a as f64 / 2.0).sum::<f64>(),
            rec.stats.evaluations,
            rec.stats.iterations,
            rec.stats.replications,
            rec.stats.confirmation_rounds,
            rec.stats.confirmation_agents_added,
            rec.evidence.replications,
            rec.evidence.pointwise_replications,
        );
        let split: Vec<String> =
            timer.split(end).iter().map(|(l, s)| format!("{l} {s:.2} s")).collect();
        println!("  split: {}", split.join(", "));
        println!(
            "  fresh evidence, intervals with >= 20 expected calls: worst SL {sl:+.2} points vs target, worst abandonment {ab:+.2} points vs ceiling"
        );
        plans.push(rec.plan.staffing.clone());
        times.push(secs);
    }
    let _ = std::fs::remove_dir_all(&out);
    if plans.len() == 2 {
        assert_eq!(plans[0], plans[1], "identical plans for 1 and 2 threads");
        println!("speed-up of 2 threads over 1: {:.2}×; plans identical", times[0] / times[1]);
    }
}
