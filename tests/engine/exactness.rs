//! Multi-skill and time-varying engine behaviour against independent truth: the speed factor
//! (exact Erlang A at the scaled handle time), static priority levels (Cobham's exact waits for
//! non-preemptive priority in M/M/c), the day-level busyness variance of the Poisson–gamma
//! arrival model, and the offered count per interval against the scenario file's own numbers.
//!
//! Each test is one family of checks with a stated family-wise false-alarm probability
//! (Bonferroni), so a change of random streams cannot fail it by chance; each also checks its
//! power: the value a wrong engine would produce lies outside the same intervals.

use crate::common::exp_queue;
use wfmsim::analytic::{erlang_a, erlang_c};
use wfmsim::experiment::run_replications;
use wfmsim::model::{Clock, GroupSpec, Horizon, Model, QueueId, Skill};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::routing::PolicyKind;
use wfmsim::scenario_file;
use wfmsim::stats::{Estimate, QueueKpis, ReplicationTally};

fn horizon(interval_s: f64, intervals: usize, warmup: usize) -> Horizon {
    Horizon { interval_s, intervals, warmup_intervals: warmup, clock: Clock::default() }
}

fn run(m: &Model, seed: u64, reps: u32) -> Vec<ReplicationTally> {
    run_replications(m, &m.staffing(), &BuiltinPolicy::new(m.policy()), seed, 0..reps).unwrap()
}

/// Two-sided normal quantile by bisection on erfc (enough for test levels).
fn z_two_sided(alpha: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 10.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        // P(|Z| > mid) = erfc(mid / √2)
        if statrs::function::erf::erfc(mid / std::f64::consts::SQRT_2) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn speed_factor_scales_the_handle_time_exactly() {
    // M/M/19+M, λ = 300/h, handle time exp(300 s) worked at speed 1.5 (so 200 s), patience
    // exp(180 s): exact Erlang A at AHT 200 s. Family: 4 checks at 1 − 0.002/4 (false alarm
    // ≤ 0.2%).
    const LEVEL: f64 = 1.0 - 0.002 / 4.0;
    let (warm, n) = (2, 2 + 60);
    let q = exp_queue("q", 300.0, 300.0, Some(180.0), n);
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.5)],
        agents: vec![19; n],
        shrinkage: 0.0,
    };
    let m = Model::new(
        "speed".into(),
        horizon(3600.0, n, warm),
        vec![q],
        vec![g],
        PolicyKind::Priority,
    )
    .unwrap();
    let t = run(&m, 5, 30);
    let k = QueueKpis::from_tallies(&t.iter().map(|t| t.queue_total(0, warm)).collect::<Vec<_>>());
    let occ = Estimate::from_samples(t.iter().map(|t| t.group_total(0, warm).occupancy()));
    let exact = erlang_a(300.0, 200.0, 180.0, 19, 20.0).unwrap();
    let ignored = erlang_a(300.0, 300.0, 180.0, 19, 20.0).unwrap(); // a wrong engine's value
    for (name, est, v, wrong) in [
        ("SL(20)", k.service_level, exact.service_level, ignored.service_level),
        ("P(abandon)", k.abandon_rate, exact.p_abandon, ignored.p_abandon),
        ("ASA", k.asa_s, exact.asa_s, ignored.asa_s),
        ("occupancy", occ, exact.occupancy, ignored.occupancy),
    ] {
        assert!(
            est.contains(v, LEVEL),
            "{name}: exact {v} outside {} ± {}",
            est.mean,
            est.half_width(LEVEL)
        );
        assert!(
            !est.contains(wrong, LEVEL),
            "{name}: speed-ignored value {wrong} inside too: test too weak"
        );
    }
}

#[test]
fn priority_levels_give_cobhams_waits() {
    // One group of c = 10 agents serves a high-priority queue (48/h) and a low-priority one
    // (54/h), exponential 300 s, nobody abandons. Non-preemptive priority in M/M/c with equal
    // service rates (Cobham 1954): W_k = C(c, a) / (cμ (1 − σ_{k−1})(1 − σ_k)), σ_k the load
    // share of classes 1..k. FIFO across the queues (levels ignored) would give both classes
    // C / (cμ (1 − ρ)). Family: 2 checks at 1 − 0.002/2.
    const LEVEL: f64 = 1.0 - 0.002 / 2.0;
    let (warm, n) = (3, 3 + 150);
    let (l1, l2, c, aht) = (48.0, 54.0, 10u32, 300.0);
    let queues = vec![exp_queue("high", l1, aht, None, n), exp_queue("low", l2, aht, None, n)];
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(1), 2, 1.0), Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![c; n],
        shrinkage: 0.0,
    };
    let m =
        Model::new("prio".into(), horizon(3600.0, n, warm), queues, vec![g], PolicyKind::Priority)
            .unwrap();
    let t = run(&m, 11, 30);
    let c_wait = erlang_c(l1 + l2, aht, c, 20.0).unwrap().p_wait;
    let c_mu = c as f64 / aht;
    let s1 = l1 / 3600.0 / c_mu;
    let s = (l1 + l2) / 3600.0 / c_mu;
    let exact = [c_wait / (c_mu * (1.0 - s1)), c_wait / (c_mu * (1.0 - s1) * (1.0 - s))];
    let fifo = c_wait / (c_mu * (1.0 - s));
    for (q, &want) in exact.iter().enumerate() {
        let est = Estimate::from_samples(t.iter().map(|t| t.queue_total(q, warm).asa_s()));
        assert!(
            est.contains(want, LEVEL),
            "queue {q}: Cobham {} outside {} ± {}",
            want,
            est.mean,
            est.half_width(LEVEL)
        );
        assert!(!est.contains(fifo, LEVEL), "queue {q}: FIFO value {fifo} inside too: too weak");
    }
}

#[test]
fn busyness_makes_day_totals_poisson_gamma() {
    // Day totals N ~ Poisson(B Λ), B ~ Gamma(k, 1/k): E N = Λ, Var N = Λ + Λ²/k. With Λ = 960
    // and k = 4 over 800 independent days (40 replications × 20 days), the sample variance's
    // relative SD is about √(2/799 + (6/k)/800) ≈ 0.066. Family: mean and variance, each
    // within 3.5 SDs (normal approximation; false alarm about 0.1%). A variance of 1/k² would
    // give Var/σ² ≈ 0.25, plain Poisson 0.004.
    let (days, per_day) = (20, 24);
    let n = days * per_day;
    let mut q = exp_queue("q", 40.0, 60.0, Some(120.0), n);
    q.arrivals.busyness_shape = Some(4.0);
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![10; n],
        shrinkage: 0.0,
    };
    let m =
        Model::new("busy".into(), horizon(3600.0, n, 0), vec![q], vec![g], PolicyKind::Priority)
            .unwrap();
    let totals: Vec<f64> = run(&m, 3, 40)
        .iter()
        .flat_map(|t| {
            (0..days)
                .map(|d| (0..per_day).map(|i| t.queue_at(d * per_day + i, 0).offered as f64).sum())
                .collect::<Vec<f64>>()
        })
        .collect();
    let (lambda, k) = (960.0, 4.0);
    let var = lambda + lambda * lambda / k;
    let nd = totals.len() as f64;
    let mean = totals.iter().sum::<f64>() / nd;
    let s2 = totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nd - 1.0);
    assert!((mean - lambda).abs() <= 3.5 * (var / nd).sqrt(), "mean {mean} vs {lambda}");
    let rel_sd = (2.0 / (nd - 1.0) + (6.0 / k) / nd).sqrt();
    let ratio = s2 / var;
    assert!((ratio - 1.0).abs() <= 3.5 * rel_sd, "Var ratio {ratio} (s² {s2}, exact {var})");
    let wrong = (lambda + lambda * lambda / (k * k)) / var;
    assert!((wrong - 1.0).abs() > 3.5 * rel_sd, "a 1/k² variance must be caught");
}

#[test]
fn offered_per_interval_follows_the_scenario_file() {
    // Expected counts come from the scenario text itself (`arrivals_per_interval`), not from
    // the model built from it, so a shifted profile in the converter or the engine is caught.
    // Mean offered over 400 replications vs the Poisson mean: 48 checks, Bonferroni at family
    // α = 0.001.
    let text = scenario_file::embedded("bilingual-bank").unwrap();
    let doc: toml::Value = toml::from_str(text).unwrap();
    let expected: Vec<Vec<f64>> = doc["queue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            q["arrivals_per_interval"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap())
                .collect()
        })
        .collect();
    let m = scenario_file::parse(text, "bilingual-bank").unwrap();
    let reps = 400u32;
    let t = run(&m, 17, reps);
    let checks = expected.iter().map(Vec::len).sum::<usize>();
    let z = z_two_sided(0.001 / checks as f64);
    let mut worst_shifted = 0.0f64;
    for (q, profile) in expected.iter().enumerate() {
        assert_eq!(profile.len(), m.horizon().intervals);
        for (i, &mu) in profile.iter().enumerate() {
            let mean = t.iter().map(|t| t.queue_at(i, q).offered as f64).sum::<f64>() / reps as f64;
            let se = (mu / reps as f64).sqrt();
            assert!((mean - mu).abs() <= z * se, "queue {q} interval {i}: mean {mean} vs {mu}");
            if i > 0 {
                let shifted = profile[i - 1];
                worst_shifted =
                    worst_shifted.max((mean - shifted).abs() / (shifted / reps as f64).sqrt());
            }
        }
    }
    assert!(worst_shifted > z, "a profile shifted by one interval must be caught");
}

#[test]
fn normal_quantile_helper_is_right() {
    assert!((z_two_sided(0.05) - 1.959_964).abs() < 1e-5);
    assert!((z_two_sided(0.001) - 3.290_527).abs() < 1e-5);
}
