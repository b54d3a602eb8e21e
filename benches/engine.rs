//! Engine throughput and memory on one thread: M/M/28+M (300 calls/h, AHT 300 s, exponential
//! patience 180 s) over at least 10 million callers.
//!
//! Run: `cargo bench --bench engine` (add `-- --quick` for a 1-million-caller smoke run,
//! `-- --single` for the M/M/28+M table alone, `-- --scale` for the 100-million-caller run
//! alone, `-- --threads` for the thread-efficiency table alone, `-- --limit` for the bare
//! workload recursion alone).
//! Prints callers/s, events/s and the process's peak resident memory (VmHWM) after runs of
//! increasing horizon length, so flat memory can be checked; then callers/s of every routing
//! policy on the bilingual bank and on a 20-queue, 40-group model (routing decisions cost
//! O(queues + groups), so the per-caller cost should grow with the skills per group, not
//! with the size of the centre); then one run of 100 million callers (a large centre over a
//! year of half-hour intervals) with its peak memory; then the efficiency of two threads
//! over one on replications.

use std::time::Instant;
use wfmsim::experiment::{run_replications, with_threads};
use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, QueueId, QueueSpec,
    ServiceLevelTarget, Skill,
};
use wfmsim::routing::{BuiltinPolicy, PolicyKind, RoutingConfig};
use wfmsim::scenario_file;
use wfmsim::sim::{run_replication, NoObserver};

fn hourly(hours: usize) -> Horizon {
    Horizon { interval_s: 3600.0, intervals: hours, warmup_intervals: 0, clock: Clock::default() }
}

fn model(hours: usize) -> Model {
    mmc(hourly(hours), 300.0, 28)
}

/// M/M/`agents`+M: `calls_per_hour` calls/h, AHT 300 s, exponential patience 180 s.
fn mmc(horizon: Horizon, calls_per_hour: f64, agents: u32) -> Model {
    let n = horizon.intervals;
    let q = QueueSpec::plain(
        "q",
        Arrivals { rate_per_s: vec![calls_per_hour / 3600.0; n], busyness_shape: None },
        Distribution::exponential(300.0).unwrap(),
        Some(Distribution::exponential(180.0).unwrap()),
    );
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![agents; n],
        shrinkage: 0.0,
    };
    Model::new("bench".into(), horizon, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

/// 20 queues (60 calls/h each, AHT 300 s, patience 180 s) and 40 groups of 3 agents; group g
/// serves queue g mod 20 at priority 1, g + 1 at priority 2 and g + 7 at priority 3.
fn wide_model(hours: usize) -> Model {
    let horizon = hourly(hours);
    let queues = (0..20)
        .map(|q| QueueSpec {
            name: format!("q{q}"),
            arrivals: Arrivals { rate_per_s: vec![60.0 / 3600.0; hours], busyness_shape: None },
            handle_time: Distribution::exponential(300.0).unwrap(),
            patience: Some(Distribution::exponential(180.0).unwrap()),
            service_level: ServiceLevelTarget { threshold_s: 20.0 + q as f64, target: 0.8 },
            max_abandon_rate: None,
            max_asa_s: None,
            announce: Default::default(),
            callback: None,
            redial: None,
        })
        .collect();
    let groups = (0..40)
        .map(|g| GroupSpec {
            name: format!("g{g}"),
            skills: [(0, 1), (1, 2), (7, 3)]
                .iter()
                .map(|&(k, p)| Skill::new(QueueId::new((g + k) % 20), p, 1.0))
                .collect(),
            agents: vec![3; hours],
            shrinkage: 0.0,
        })
        .collect();
    Model::new("wide".into(), horizon, queues, groups, PolicyKind::Priority).unwrap()
}

/// Callers/s of `policy` on `m`, over replications until `callers` callers were simulated.
fn throughput(m: &Model, policy: &BuiltinPolicy, callers: f64) -> f64 {
    let staffing = m.staffing();
    let (mut n, mut r) = (0u64, 0u32);
    let t0 = Instant::now();
    while (n as f64) < callers {
        n += run_replication(m, &staffing, policy, 1, r, &mut NoObserver)
            .expect("built-in policy")
            .contacts;
        r += 1;
    }
    n as f64 / t0.elapsed().as_secs_f64()
}

/// CPU seconds (user + system) the process has used so far, over all its threads.
#[cfg(target_os = "linux")]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    tv(u.ru_utime) + tv(u.ru_stime)
}
#[cfg(not(target_os = "linux"))]
fn cpu_seconds() -> f64 {
    f64::NAN
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// 100 million callers in one run: a centre of 891 agents (the Erlang A staffing for 80% in
/// 20 s) taking 11,416 calls/h for a year of 17,520 half-hour intervals. Memory is the engine's
/// state (about a thousand contacts in the system) plus the per-interval tallies, not the callers.
fn scale(quick: bool) {
    let days = if quick { 4 } else { 365 };
    let horizon = Horizon {
        interval_s: 1800.0,
        intervals: 48 * days,
        warmup_intervals: 0,
        clock: Clock::default(),
    };
    let m = mmc(horizon, 11_416.0, 891);
    let policy = BuiltinPolicy::new(m.policy());
    let t0 = Instant::now();
    let tally = run_replication(&m, &m.staffing(), &policy, 1, 0, &mut NoObserver)
        .expect("built-in policy");
    let secs = t0.elapsed().as_secs_f64();
    println!("\none run of a large centre: M/M/891+M, 11,416 calls/h, {days} days of half-hours");
    println!(
        "{:>12} callers {:>8.1} s {:>12.0} callers/s   peak RSS {} KiB",
        tally.contacts,
        secs,
        tally.contacts as f64 / secs,
        peak_rss_kib().map_or("?".into(), |k| k.to_string())
    );
}

/// Efficiency of two threads over one on replications: 40 replications of M/M/28+M over a
/// week (about 50,000 callers each), five times on each pool, the pools interleaved so that
/// a change in the machine's load hits both alike; medians. The tallies of both pools must be
/// identical.
fn threads(quick: bool) {
    let m = model(168);
    let reps = if quick { 8 } else { 40 };
    let policy = BuiltinPolicy::new(m.policy());
    let staffing = m.staffing();
    let run = |threads: usize| {
        let (t0, c0) = (Instant::now(), cpu_seconds());
        let tallies =
            with_threads(Some(threads), || run_replications(&m, &staffing, &policy, 1, 0..reps))
                .expect("thread pool")
                .expect("built-in policy");
        (t0.elapsed().as_secs_f64(), cpu_seconds() - c0, tallies)
    };
    let (mut one, mut two, mut cpu1, mut cpu2) = (Vec::new(), Vec::new(), 0.0, 0.0);
    let mut callers = 0;
    for _ in 0..5 {
        let (s1, c1, t1) = run(1);
        let (s2, c2, t2) = run(2);
        assert!(t1 == t2, "1 and 2 threads must give identical tallies");
        callers = t1.iter().map(|t| t.contacts).sum::<u64>();
        one.push(s1);
        two.push(s2);
        (cpu1, cpu2) = (cpu1 + c1, cpu2 + c2);
    }
    one.sort_by(f64::total_cmp);
    two.sort_by(f64::total_cmp);
    let (m1, m2) = (one[2], two[2]);
    println!("\n{reps} replications of M/M/28+M over a week ({callers} callers), runs in seconds");
    println!("   1 thread:  {one:.3?}  median {m1:.3}");
    println!("   2 threads: {two:.3?}  median {m2:.3}");
    println!("   speed-up {:.2}x, efficiency {:.0}% (identical tallies)", m1 / m2, 50.0 * m1 / m2);
    // The work the threads did: CPU seconds of all runs. Equal totals mean the second
    // thread added no work (no contention in the code); a wall-clock shortfall beyond that
    // is CPU time the machine did not give.
    println!(
        "   CPU seconds over the 5 runs: 1 thread {cpu1:.3}, 2 threads {cpu2:.3} (work efficiency {:.0}%)",
        100.0 * cpu1 / cpu2
    );
}

/// The speed of light of M/M/28+M on this machine: the bare FCFS workload recursion (each
/// caller's wait is the earliest agent-free time minus its arrival; it abandons if that exceeds
/// its patience), with no event list, no contact table and no statistics but the answered
/// count — the floor under any simulator of this model. Same rates and generator family
/// (Xoshiro256++) as the engine; callers/s over `callers`.
fn limit(callers: u64) -> f64 {
    use rand::SeedableRng;
    use rand_distr::{Distribution as _, Exp};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
    let (gap, handle, patience) = (
        Exp::new(300.0 / 3600.0).unwrap(),
        Exp::new(1.0 / 300.0).unwrap(),
        Exp::new(1.0 / 180.0).unwrap(),
    );
    let mut free = [0.0f64; 28];
    let (mut now, mut answered) = (0.0f64, 0u64);
    let t0 = Instant::now();
    for _ in 0..callers {
        now += gap.sample(&mut rng);
        let (s, p) = (handle.sample(&mut rng), patience.sample(&mut rng));
        let (k, &f) = free.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).unwrap();
        let wait = (f - now).max(0.0);
        if wait <= p {
            free[k] = now + wait + s;
            answered += 1;
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    assert!(answered > callers / 2, "the recursion must answer most callers");
    callers as f64 / secs
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    if std::env::args().any(|a| a == "--limit") {
        let n = if quick { 1_000_000 } else { 10_000_000 };
        return println!("bare workload recursion, M/M/28+M: {:.0} callers/s", limit(n));
    }
    if std::env::args().any(|a| a == "--scale") {
        return scale(quick);
    }
    if std::env::args().any(|a| a == "--threads") {
        return threads(quick);
    }
    let callers_target: f64 = if quick { 1e6 } else { 1e7 };
    println!(
        "wfmsim engine benchmark: M/M/28+M, 300 calls/h, AHT 300 s, patience 180 s, one thread"
    );
    println!(
        "{:>12} {:>12} {:>10} {:>14} {:>14} {:>12}",
        "hours", "callers", "seconds", "callers/s", "events/s", "peak RSS"
    );
    // Horizons growing 10× show whether memory grows with the horizon.
    let full_hours = (callers_target / 300.0).ceil() as usize;
    for hours in [full_hours / 100, full_hours / 10, full_hours] {
        let m = model(hours);
        let staffing = m.staffing();
        let policy = BuiltinPolicy::new(m.policy());
        let t0 = Instant::now();
        let tally = run_replication(&m, &staffing, &policy, 1, 0, &mut NoObserver)
            .expect("built-in policy");
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "{:>12} {:>12} {:>10.3} {:>14.0} {:>14.0} {:>9} KiB",
            hours,
            tally.contacts,
            secs,
            tally.contacts as f64 / secs,
            tally.events as f64 / secs,
            peak_rss_kib().map_or("?".into(), |k| k.to_string())
        );
    }
    if std::env::args().any(|a| a == "--single") {
        return; // the M/M/28+M table only (for instruction counts comparable across versions)
    }
    let light = limit(callers_target as u64);
    println!("bare workload recursion (the limit): {light:.0} callers/s");
    let bank = scenario_file::parse(scenario_file::embedded("bilingual-bank").unwrap(), "bank")
        .expect("embedded example");
    let wide = wide_model((callers_target / 10.0 / 1200.0).ceil() as usize);
    println!(
        "\ncallers/s by routing policy, one thread ({:.0} callers each)",
        callers_target / 10.0
    );
    println!("{:>16} {:>16} {:>22}", "policy", "bilingual bank", "20 queues, 40 groups");
    for kind in PolicyKind::ALL {
        let policy = BuiltinPolicy::new(RoutingConfig::new(kind));
        println!(
            "{:>16} {:>16.0} {:>22.0}",
            kind.name(),
            throughput(&bank, &policy, callers_target / 10.0),
            throughput(&wide, &policy, callers_target / 10.0)
        );
    }
    // Callbacks (low-priority and keep-place) and redials on: the example of docs/callbacks.md.
    let text = scenario_file::embedded("callback-peak").expect("embedded example");
    println!("\ncallers/s on callback-peak (callbacks and redials on), one thread");
    for (label, text) in [
        ("low-priority".to_string(), text.to_string()),
        ("keep-place".to_string(), text.replace("\"low-priority\"", "\"keep-place\"")),
        (
            "no callbacks".to_string(),
            text.replace("offer_when_ewt_s = 120", "offer_when_ewt_s = 1e12"),
        ),
    ] {
        let m = scenario_file::parse(&text, "callback-peak").expect("embedded example");
        let policy = BuiltinPolicy::new(m.routing());
        println!("{label:>16} {:>16.0}", throughput(&m, &policy, callers_target / 10.0));
    }
    scale(quick);
    threads(quick);
}
