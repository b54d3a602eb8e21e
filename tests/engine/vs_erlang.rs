//! The simulator reproduces exact Erlang C (M/M/c) and Erlang A (M/M/c+M) values: each
//! reference value lies inside the simulated confidence interval, and the intervals are tight
//! enough that the values for one agent more or fewer lie outside (an off-by-one in the engine
//! would fail).
//!
//! The checks form one family: with `CHECKS` intervals each at level 1 − `FAMILY_ALPHA`/`CHECKS`
//! (Bonferroni), the probability that a correct engine fails any of them is at most
//! `FAMILY_ALPHA` = 1%, whatever the random streams.

use crate::common::{find, mmc_model, reference_rows, RefRow};
use wfmsim::experiment::run_replications;
use wfmsim::routing::BuiltinPolicy;
use wfmsim::stats::{Estimate, GroupTally, QueueKpis, ReplicationTally};

const REPLICATIONS: u32 = 30;
const CALLERS_PER_REPLICATION: f64 = 20_000.0;

struct Simulated {
    queue: QueueKpis,
    occupancy: Estimate,
}

fn simulate(r: &RefRow, seed: u64) -> Simulated {
    // At least 20,000 callers and a day per replication (heavy traffic is strongly
    // autocorrelated), after two hours of warm-up from an empty system.
    let warmup = 2;
    let hours = ((CALLERS_PER_REPLICATION / r.lambda_per_hour).ceil() as usize).max(24);
    let intervals = warmup + hours;
    let model = mmc_model(r, intervals, warmup);
    let policy = BuiltinPolicy::new(model.policy());
    let tallies: Vec<ReplicationTally> =
        run_replications(&model, &model.staffing(), &policy, seed, 0..REPLICATIONS).unwrap();
    let q: Vec<_> = tallies.iter().map(|t| t.queue_total(0, warmup)).collect();
    let g: Vec<GroupTally> = tallies.iter().map(|t| t.group_total(0, warmup)).collect();
    Simulated {
        queue: QueueKpis::from_tallies(&q),
        occupancy: Estimate::from_samples(g.iter().map(|x| x.occupancy())),
    }
}

/// Family-wise false-alarm probability of the whole test.
const FAMILY_ALPHA: f64 = 0.01;
/// Checks in the family: five KPIs per grid row, plus abandonment for the Erlang A rows.
const CHECKS: usize = 5 * GRID.len() + 7;
/// Confidence level of each interval (Bonferroni).
const LEVEL: f64 = 1.0 - FAMILY_ALPHA / CHECKS as f64;

fn check(name: &str, est: &Estimate, exact: f64, failures: &mut Vec<String>, checks: &mut usize) {
    *checks += 1;
    if !est.contains(exact, LEVEL) {
        failures.push(format!(
            "{name}: exact {exact:.6} outside simulated {LEVEL:.5} CI {:.6} ± {:.6}",
            est.mean,
            est.half_width(LEVEL)
        ));
    }
}

/// (model, λ/h, AHT, patience, agents): light to heavy load, Erlang C and all three patiences.
const GRID: &[(&str, f64, f64, Option<f64>, u32)] = &[
    ("erlang_c", 50.0, 180.0, None, 4),
    ("erlang_c", 300.0, 180.0, None, 24),
    ("erlang_c", 300.0, 300.0, None, 30),
    ("erlang_c", 300.0, 300.0, None, 26),
    ("erlang_c", 3000.0, 180.0, None, 155),
    ("erlang_a", 50.0, 180.0, Some(60.0), 3),
    ("erlang_a", 300.0, 300.0, Some(60.0), 25),
    ("erlang_a", 300.0, 300.0, Some(180.0), 28),
    ("erlang_a", 300.0, 300.0, Some(180.0), 22),
    ("erlang_a", 300.0, 300.0, Some(600.0), 23),
    ("erlang_a", 300.0, 300.0, Some(600.0), 30),
    ("erlang_a", 3000.0, 180.0, Some(600.0), 150),
];

#[test]
fn simulated_kpis_contain_the_exact_erlang_values() {
    let rows = reference_rows();
    let mut failures = Vec::new();
    let mut checks = 0;
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for (i, &(m, lambda, aht, patience, agents)) in GRID.iter().enumerate() {
        let r = find(&rows, m, lambda, aht, patience, agents);
        lo = lo.min(r.occupancy);
        hi = hi.max(r.occupancy);
        let s = simulate(&r, 1000 + i as u64);
        let mut f = Vec::new();
        check("SL(20)", &s.queue.service_level, r.service_level_20s, &mut f, &mut checks);
        check("P(wait>0)", &s.queue.p_wait, r.p_wait, &mut f, &mut checks);
        check("ASA", &s.queue.asa_s, r.asa_s, &mut f, &mut checks);
        check("mean wait (all)", &s.queue.mean_wait_all_s, r.mean_wait_all_s, &mut f, &mut checks);
        check("occupancy", &s.occupancy, r.occupancy, &mut f, &mut checks);
        if patience.is_some() {
            check("P(abandon)", &s.queue.abandon_rate, r.p_abandon, &mut f, &mut checks);
        } else {
            assert_eq!(s.queue.abandoned.mean, 0.0, "nobody abandons without patience");
        }
        // Power: the neighbours' exact SL and P(wait) must fall outside the 99% CI.
        for n in [agents - 1, agents + 1] {
            let Some(nr) = rows.iter().find(|x| {
                x.model == r.model
                    && x.lambda_per_hour == lambda
                    && x.aht_s == aht
                    && x.patience_s == patience
                    && x.agents == n
            }) else {
                continue;
            };
            for (name, est, v) in [
                ("SL(20)", &s.queue.service_level, nr.service_level_20s),
                ("P(wait>0)", &s.queue.p_wait, nr.p_wait),
            ] {
                if est.contains(v, LEVEL) {
                    f.push(format!("{name}: value for {n} agents ({v:.6}) is inside the CI too — test too weak"));
                }
            }
        }
        failures.extend(
            f.into_iter().map(|x| {
                format!("{m} λ={lambda}/h AHT={aht} patience={patience:?} c={agents}: {x}")
            }),
        );
    }
    assert!(lo <= 0.65 && hi >= 0.96, "grid must span light to heavy load, got {lo}..{hi}");
    assert_eq!(checks, CHECKS, "the Bonferroni level counts every check");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
