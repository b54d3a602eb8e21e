//! Wait-time announcements, callbacks and redials: definitions checked against traces, limiting
//! cases checked for exact equality, conservation, and the `ql` predictor against M/M/c theory.
//! (Steady-state values against Markov chains are in `callbacks_markov`.)

use crate::common::exp_queue;
use proptest::prelude::*;
use wfmsim::experiment::run_replications;
use wfmsim::model::{
    CallbackMode, CallbackSpec, Clock, Distribution, GroupId, GroupSpec, Horizon, Model, QueueId,
    QueueSpec, RedialSpec, Skill,
};
use wfmsim::routing::{BuiltinPolicy, PolicyKind};
use wfmsim::sim::{run_replication, ContactRecord, NoObserver, Outcome};
use wfmsim::stats::{
    CallbackAttempt, ContactInfo, Estimate, QueueTally, Recorder, ReplicationTally,
};

const AHT_S: f64 = 300.0;

/// One queue (exponential handle time of `AHT_S`, optional exponential patience) served by one
/// group of `agents`, constant over `intervals` hours.
fn model(
    lambda_h: f64,
    patience_s: Option<f64>,
    agents: u32,
    intervals: usize,
    warmup: usize,
    shape: impl FnOnce(&mut QueueSpec),
) -> Model {
    model_at_speed(1.0, lambda_h, patience_s, agents, intervals, warmup, shape)
}

/// [`model`] with agents working at `speed` (handle time ÷ speed).
fn model_at_speed(
    speed: f64,
    lambda_h: f64,
    patience_s: Option<f64>,
    agents: u32,
    intervals: usize,
    warmup: usize,
    shape: impl FnOnce(&mut QueueSpec),
) -> Model {
    build(speed, lambda_h, patience_s, vec![agents; intervals], warmup, shape)
}

/// One queue served by one group working at `speed` with head-counts `plan` (one per hour).
fn build(
    speed: f64,
    lambda_h: f64,
    patience_s: Option<f64>,
    plan: Vec<u32>,
    warmup: usize,
    shape: impl FnOnce(&mut QueueSpec),
) -> Model {
    let intervals = plan.len();
    let horizon = Horizon {
        interval_s: 3600.0,
        intervals,
        warmup_intervals: warmup,
        clock: Clock::default(),
    };
    let mut q = exp_queue("q", lambda_h, AHT_S, patience_s, intervals);
    shape(&mut q);
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, speed)],
        agents: plan,
        shrinkage: 0.0,
    };
    Model::new("cb".into(), horizon, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

fn callback(offer_when_ewt_s: f64, accept: f64, reach: f64, mode: CallbackMode) -> CallbackSpec {
    CallbackSpec {
        offer_when_ewt_s,
        accept_probability: accept,
        mode,
        reach_probability: reach,
        attempt_time: Distribution::exponential(30.0).unwrap(),
        promise_s: 1800.0,
        handle_time: None,
        max_attempts: 1,
        retry_after_s: 300.0,
        target: None,
    }
}

fn redial(probability: f64, max_redials: Option<u32>) -> RedialSpec {
    RedialSpec { probability, delay: Distribution::exponential(600.0).unwrap(), max_redials }
}

fn policy() -> BuiltinPolicy {
    BuiltinPolicy::new(PolicyKind::Priority)
}

fn tally(m: &Model, seed: u64) -> ReplicationTally {
    run_replication(m, &m.staffing(), &policy(), seed, 0, &mut NoObserver).unwrap()
}

fn trace(m: &Model, seed: u64) -> Vec<ContactRecord> {
    let mut t = Vec::new();
    run_replication(m, &m.staffing(), &policy(), seed, 0, &mut t).unwrap();
    t
}

/// Every contact's fate (queue and group tallies) is the same in both models.
fn assert_same_fates(a: &Model, b: &Model, what: &str) {
    for seed in 1..4 {
        let (x, y) = (tally(a, seed), tally(b, seed));
        assert_eq!(x.queue, y.queue, "{what}, seed {seed}");
        assert_eq!(x.group, y.group, "{what}, seed {seed}");
        assert_eq!(x.busy_by_skill, y.busy_by_skill, "{what}, seed {seed}");
    }
}

#[test]
fn a_threshold_no_announcement_reaches_offers_no_callback() {
    // A busy queue: many contacts wait, and every announcement is finite.
    let none = model(70.0, Some(180.0), 5, 8, 0, |_| {});
    for mode in [CallbackMode::LowPriority, CallbackMode::KeepPlace] {
        let never = model(70.0, Some(180.0), 5, 8, 0, |q| {
            q.callback = Some(callback(1e12, 1.0, 1.0, mode));
        });
        assert_same_fates(&none, &never, "offer_when_ewt_s above any announcement");
    }
    let t = tally(&none, 1).queue_total(0, 0);
    assert!(t.waited > 50, "the queue is busy enough to test anything ({} waited)", t.waited);
}

#[test]
fn offers_nobody_accepts_change_nothing_but_the_offer_count() {
    let none = model(70.0, Some(180.0), 5, 8, 0, |_| {});
    let declined = model(70.0, Some(180.0), 5, 8, 0, |q| {
        q.callback = Some(callback(60.0, 0.0, 1.0, CallbackMode::LowPriority));
    });
    for seed in 1..4 {
        let (x, mut y) = (tally(&none, seed), tally(&declined, seed));
        assert!(y.queue.iter().map(|t| t.callbacks_offered).sum::<u64>() > 20);
        y.queue.iter_mut().for_each(|t| t.callbacks_offered = 0);
        assert_eq!(x.queue, y.queue, "seed {seed}");
        assert_eq!(x.group, y.group, "seed {seed}");
    }
}

#[test]
fn redial_probability_zero_is_no_redial() {
    let none = model(70.0, Some(120.0), 5, 8, 0, |_| {});
    let zero = model(70.0, Some(120.0), 5, 8, 0, |q| q.redial = Some(redial(0.0, None)));
    assert_same_fates(&none, &zero, "redial probability 0");
    let capped = model(70.0, Some(120.0), 5, 8, 0, |q| q.redial = Some(redial(0.9, Some(0))));
    assert_same_fates(&none, &capped, "max_redials = 0");
}

/// Totals over every interval of replication `seed`.
fn totals(m: &Model, seed: u64) -> (QueueTally, ReplicationTally) {
    let t = tally(m, seed);
    (t.queue_total(0, 0), t)
}

#[test]
fn every_customer_is_accounted_for_with_callbacks_and_redials_on() {
    for mode in [CallbackMode::LowPriority, CallbackMode::KeepPlace] {
        for (accept, reach, attempts) in [(1.0, 1.0, 1), (0.6, 0.7, 3), (0.4, 0.2, 1)] {
            let m = model(75.0, Some(150.0), 5, 10, 0, |q| {
                let mut cb = callback(90.0, accept, reach, mode);
                cb.max_attempts = attempts;
                q.callback = Some(cb);
                q.redial = Some(redial(0.5, None));
            });
            for seed in 1..4 {
                let (t, all) = totals(&m, seed);
                let at = format!("{mode:?} accept {accept} reach {reach} seed {seed}");
                // (When everyone offered accepts, almost nobody abandons, so few redial.)
                assert!(t.callbacks_accepted > 10, "{at}: {t:?}");
                assert!(t.redials > 10 || accept == 1.0, "{at}: {t:?}");
                assert_eq!(t.offered, t.answered + t.abandoned + t.callbacks_accepted, "{at}");
                assert_eq!(t.offered, t.first_attempts + t.redials, "{at}");
                assert_eq!(
                    t.callbacks_accepted,
                    t.callbacks_reached + t.callbacks_not_reached,
                    "{at}"
                );
                assert_eq!(
                    t.callbacks_attempted, t.callbacks_accepted,
                    "{at}: every callback is tried"
                );
                assert!(t.callbacks_within_promise <= t.callbacks_reached, "{at}");
                assert!(t.callbacks_offered >= t.callbacks_accepted, "{at}");
                assert_eq!(all.left_in_system, 0, "{at}: the day drains");
                // Customers: each first call ends served (answered or reached) or not; each
                // redial is one of the first calls' abandonments.
                assert!(t.eventually_answered <= t.first_attempts, "{at}");
                assert_eq!(
                    t.eventually_answered,
                    t.answered + t.callbacks_reached,
                    "{at}: each answer or reached callback serves one customer"
                );
                assert!(t.redials + t.redials_lost <= t.abandoned, "{at}");
                if accept == 1.0 && reach == 1.0 {
                    assert_eq!(t.callbacks_reached, t.callbacks_accepted, "{at}");
                    assert_eq!(t.callbacks_offered, t.callbacks_accepted, "{at}");
                }
            }
        }
    }
}

#[test]
fn callback_work_is_agent_work() {
    // Patient callers: with or without callbacks, every customer is eventually served once
    // (accept 1, reach 1, the callback takes the caller's own handle time), so the agents'
    // total work is the same, only moved in time; busy time must include the callbacks, at
    // the agents' speed (1.6 here: every service lasts handle time ÷ 1.6).
    let none = model_at_speed(1.6, 80.0, None, 5, 12, 0, |_| {});
    let with = model_at_speed(1.6, 80.0, None, 5, 12, 0, |q| {
        q.callback = Some(callback(60.0, 1.0, 1.0, CallbackMode::LowPriority));
    });
    for seed in 1..4 {
        let (a, b) = (tally(&none, seed), tally(&with, seed));
        assert!(b.queue_total(0, 0).callbacks_reached > 20);
        let work = |t: &ReplicationTally| -> f64 { t.busy_by_skill.iter().sum() };
        let busy = |t: &ReplicationTally| -> f64 { t.group.iter().map(|g| g.busy_s).sum() };
        // Work done after the horizon is not in either; the two differ only by what each
        // leaves for the drain, far less than 1% of a 12-hour day here.
        assert!((work(&a) - work(&b)).abs() < 0.01 * work(&a), "{} vs {}", work(&a), work(&b));
        assert!((busy(&b) - work(&b)).abs() < 1e-6 * busy(&b), "busy time = work by skill");
    }
}

#[test]
fn callback_delay_and_promise_follow_their_definitions_on_a_trace() {
    // Acceptance happens on arrival, so a callback attempt's time since acceptance is its
    // trace `wait_s`. A 5-minute promise splits the reached callbacks into kept and broken.
    let m = model(75.0, Some(150.0), 5, 8, 0, |q| {
        let mut cb = callback(60.0, 0.7, 0.6, CallbackMode::LowPriority);
        cb.max_attempts = 2;
        cb.promise_s = 300.0;
        q.callback = Some(cb);
    });
    for seed in 1..4 {
        let mut tr: Vec<ContactRecord> = Vec::new();
        let t = run_replication(&m, &m.staffing(), &policy(), seed, 0, &mut tr).unwrap();
        let t = t.queue_total(0, 0);
        let attempts = |first_only: bool, reached_only: bool| {
            tr.iter().filter_map(move |c| match c.outcome {
                Outcome::CallbackAttempt { attempt, reached, .. }
                    if (!first_only || attempt == 1) && (!reached_only || reached) =>
                {
                    Some(c.wait_s)
                }
                _ => None,
            })
        };
        let kept = attempts(false, true).filter(|&w| w <= 300.0).count() as u64;
        let broken = attempts(false, true).filter(|&w| w > 300.0).count() as u64;
        assert!(kept > 5 && broken > 5, "seed {seed}: {kept} kept, {broken} broken");
        assert_eq!(t.callbacks_within_promise, kept, "seed {seed}");
        assert_eq!(t.callbacks_reached, kept + broken, "seed {seed}");
        assert_eq!(t.callbacks_attempted, attempts(true, false).count() as u64);
        let delay: f64 = attempts(true, false).sum();
        assert!((t.callback_delay_s - delay).abs() < 1e-6 * delay, "seed {seed}");
        let accepted = tr.iter().filter(|c| c.outcome == Outcome::CallbackAccepted).count();
        assert_eq!(t.callbacks_accepted, accepted as u64, "seed {seed}");
    }
}

#[test]
fn an_idle_agent_retries_a_callback_the_moment_it_is_due() {
    // A quiet line with one agent: every caller who waits is offered and accepts a callback;
    // an unreached attempt rings for 10 s and is due again 60 s later. With the agent idle then,
    // the next attempt starts exactly 70 s after the last; never earlier.
    let m = build(1.0, 6.0, None, vec![1; 12], 0, |q| {
        let mut cb = callback(0.0, 1.0, 0.3, CallbackMode::LowPriority);
        cb.attempt_time = Distribution::deterministic(10.0).unwrap();
        cb.retry_after_s = 60.0;
        cb.max_attempts = 6;
        q.callback = Some(cb);
    });
    let (mut exact, mut retries) = (0, 0);
    for seed in 1..6 {
        let tr = trace(&m, seed);
        let mut by_contact: std::collections::BTreeMap<u64, Vec<(u32, f64, bool)>> =
            Default::default();
        for c in &tr {
            if let Outcome::CallbackAttempt { attempt, reached, .. } = c.outcome {
                by_contact.entry(c.id).or_default().push((attempt, start_s(c), reached));
            }
        }
        for attempts in by_contact.values() {
            for w in attempts.windows(2) {
                assert!(!w[0].2 && w[1].0 == w[0].0 + 1, "a retry follows an unreached attempt");
                let gap = w[1].1 - w[0].1;
                assert!(gap >= 70.0 - 1e-9, "retried {gap} s after the last attempt");
                retries += 1;
                exact += ((gap - 70.0).abs() < 1e-6) as u32;
            }
            let last = attempts.last().unwrap();
            assert!(last.2 || last.0 == 6, "given up only after the last attempt: {attempts:?}");
        }
    }
    assert!(retries > 10 && exact * 2 > retries, "{exact} of {retries} retries at once");
}

#[test]
fn service_level_leaves_accepted_callbacks_out_of_its_denominator() {
    let m = model(75.0, Some(150.0), 5, 10, 0, |q| {
        q.callback = Some(callback(90.0, 0.7, 1.0, CallbackMode::LowPriority));
    });
    let (t, _) = totals(&m, 1);
    assert!(t.callbacks_accepted > 10);
    let sl = t.service_level().unwrap();
    let expected = t.answered_within as f64 / (t.offered - t.callbacks_accepted) as f64;
    assert!((sl - expected).abs() < 1e-15);
    assert_eq!(t.abandon_rate(), Some(t.abandoned as f64 / t.offered as f64));
}

/// The announcements a waiting contact should get, rebuilt from a single-queue trace of
/// inbound contacts: who was in line at its arrival, since when, and who last entered service.
fn expected_announcements(trace: &[ContactRecord], plan: &[u32]) -> Vec<(u64, [f64; 3])> {
    let mut calls: Vec<&ContactRecord> = trace.iter().collect();
    calls.sort_by_key(|c| c.id);
    let mut out = Vec::new();
    for c in &calls {
        if c.announced_s.is_none() {
            continue;
        }
        let t = c.arrival_s;
        let in_line: Vec<&&ContactRecord> =
            calls.iter().filter(|j| j.id < c.id && j.arrival_s + j.wait_s > t).collect();
        // Agents on duty: the plan's head-count of the hour (those due to log off after their
        // call do not count).
        let agents = plan[(t / 3600.0) as usize];
        let ql = (in_line.len() as f64 + 1.0) * AHT_S / agents as f64;
        let hol = in_line.iter().map(|j| t - j.arrival_s).fold(0.0, f64::max);
        let les = calls
            .iter()
            .filter(|j| matches!(j.outcome, Outcome::Answered { .. }))
            .filter(|j| j.arrival_s + j.wait_s <= t && j.id < c.id)
            .max_by(|a, b| (a.arrival_s + a.wait_s).total_cmp(&(b.arrival_s + b.wait_s)))
            .map_or(0.0, |j| j.wait_s);
        out.push((c.id, [ql, hol, les]));
    }
    out
}

#[test]
fn announcements_follow_their_definitions_on_a_trace() {
    // Head-counts that fall while agents are busy: some agents are due to log off.
    let plan = vec![4, 2, 3, 1, 3, 2];
    let m = build(1.0, 30.0, Some(200.0), plan.clone(), 0, |_| {});
    for seed in 1..3 {
        let tr = trace(&m, seed);
        let expected = expected_announcements(&tr, &plan);
        assert!(expected.len() > 40, "enough waiting contacts ({})", expected.len());
        let by_id: std::collections::HashMap<u64, [f64; 3]> =
            tr.iter().filter_map(|c| c.announced_s.map(|a| (c.id, a))).collect();
        for (id, want) in expected {
            let got = by_id[&id];
            for k in 0..3 {
                assert!(
                    (got[k] - want[k]).abs() < 1e-6,
                    "contact {id}, predictor {k}: announced {got:?}, definition gives {want:?}"
                );
            }
        }
        // Contacts answered at once are announced nothing.
        assert!(tr.iter().all(|c| c.announced_s.is_some() == (c.wait_s > 0.0)
            || !matches!(c.outcome, Outcome::Answered { .. })));
    }
}

#[test]
fn ql_is_unbiased_in_mmc_and_its_rmse_has_the_closed_form() {
    // M/M/5, λ = 54/h, AHT 300 s: ρ = 0.9. A delayed caller that finds k waiting waits for
    // k + 1 completions at rate cμ: Erlang(k + 1, cμ), whose mean is exactly the `ql`
    // announcement (k + 1)/(cμ), so the error has mean 0 whatever the state; its mean square
    // is E[K + 1]/(cμ)² = 1/((1 − ρ)(cμ)²) with K geometric given delay (Erlang C).
    let (c, lambda_h) = (5u32, 54.0);
    let c_mu = c as f64 / AHT_S;
    let rho = lambda_h / 3600.0 / c_mu;
    let mse = 1.0 / ((1.0 - rho) * c_mu * c_mu);
    let m = model(lambda_h, None, c, 60, 6, |_| {});
    let tallies = run_replications(&m, &m.staffing(), &policy(), 11, 0..24).unwrap();
    let per_rep = |f: fn(&QueueTally) -> Option<f64>| {
        Estimate::from_samples(tallies.iter().map(|t| f(&t.queue_sum(0, 6..60))))
    };
    let mean_error = per_rep(|t| t.ewt[0].mean_error_s());
    let mean_sq = per_rep(|t| Some(t.ewt[0].sum_sq_error_s / t.ewt[0].n as f64));
    // Two checks, each at 1 − 0.0005: family-wise false alarm ≤ 0.001.
    assert!(mean_error.contains(0.0, 0.9995), "mean error {mean_error:?}");
    assert!(mean_sq.contains(mse, 0.9995), "mean square {mean_sq:?}, exact {mse}");
    // Power: announcing k/(cμ) (forgetting the contact itself) would be off by 1/(cμ) = 60 s.
    assert!(!mean_error.contains(1.0 / c_mu, 0.9995), "the test sees a 60 s bias");
    // `hol` and `les` under-announce in M/M/c (they lag the queue): positive mean error.
    let hol = per_rep(|t| t.ewt[1].mean_error_s());
    assert!(hol.ci95[0] > 0.0, "hol {hol:?}");
}

/// Four busy hours of `agents` at 0.7 Erlang per agent, callers patient for 4 minutes, offered
/// callbacks above `threshold` s (reach 0.8, one attempt).
pub(crate) fn busy_line(agents: u32, threshold: f64, accept: f64, mode: CallbackMode) -> Model {
    model(14.0 * agents as f64, Some(240.0), agents, 4, 0, |q| {
        q.callback = Some(callback(threshold, accept, 0.8, mode));
    })
}

fn start_s(c: &ContactRecord) -> f64 {
    c.arrival_s + c.wait_s
}

// The offers are drawn so that every case makes callbacks: with acceptance ≥ 0.5 and an
// offer threshold ≤ 120 s, each of seeds 0..1000 gave at least 6 first attempts (mean 36) at
// the sparsest corner (5 agents, threshold 120 s, acceptance 0.5, either mode). Wider draws
// (acceptance 0.2, threshold up to 300 s) made no callback in up to 20% of seeds, which made
// the cases vacuous and the non-vacuity checks below fail at random.
proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// `keep-place`: a callback holds its customer's place, so first service or first
    /// callback attempt start in arrival order, across inbound and virtual contacts.
    #[test]
    fn keep_place_keeps_fifo_order(
        seed in 0u64..1000,
        agents in 2u32..6,
        accept in 0.5f64..1.0,
        threshold in 0.0f64..120.0,
    ) {
        let m = busy_line(agents, threshold, accept, CallbackMode::KeepPlace);
        let mut starts: Vec<(u64, f64, bool)> = trace(&m, seed)
            .iter()
            .filter_map(|c| match c.outcome {
                Outcome::Answered { .. } => Some((c.id, start_s(c), false)),
                Outcome::CallbackAttempt { attempt: 1, .. } => Some((c.id, start_s(c), true)),
                _ => None,
            })
            .collect();
        starts.sort_by_key(|s| s.0);
        prop_assert!(starts.iter().any(|s| s.2), "some callbacks were made");
        for w in starts.windows(2) {
            prop_assert!(w[0].1 <= w[1].1, "contact {} started at {} after contact {} at {}",
                w[0].0, w[0].1, w[1].0, w[1].1);
        }
    }

    /// `low-priority`: no callback attempt starts while an inbound contact waits, and
    /// callbacks are made in the order they were accepted.
    #[test]
    fn low_priority_callbacks_wait_for_an_empty_line(
        seed in 0u64..1000,
        agents in 2u32..6,
        accept in 0.5f64..1.0,
        threshold in 0.0f64..120.0,
    ) {
        let m = busy_line(agents, threshold, accept, CallbackMode::LowPriority);
        let tr = trace(&m, seed);
        let mut attempts: Vec<(u64, f64)> = tr
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::CallbackAttempt { .. }))
            .map(|c| (c.id, start_s(c)))
            .collect();
        prop_assert!(!attempts.is_empty());
        for &(id, s) in &attempts {
            let waiting = tr.iter().find(|j| {
                matches!(j.outcome, Outcome::Answered { .. } | Outcome::Abandoned)
                    && j.arrival_s < s
                    && start_s(j) > s
            });
            prop_assert!(waiting.is_none(), "callback {} started at {} while {:?} waited", id, s, waiting);
        }
        attempts.sort_by_key(|a| a.0);
        for w in attempts.windows(2) {
            prop_assert!(w[0].1 <= w[1].1, "callbacks out of order: {:?}", w);
        }
    }
}

#[test]
fn callbacks_and_redials_are_the_same_whatever_the_replication_batches() {
    let m = model(75.0, Some(150.0), 5, 6, 1, |q| {
        q.callback = Some(callback(90.0, 0.6, 0.7, CallbackMode::LowPriority));
        q.redial = Some(redial(0.5, Some(2)));
    });
    let all = run_replications(&m, &m.staffing(), &policy(), 5, 0..6).unwrap();
    let mut split = run_replications(&m, &m.staffing(), &policy(), 5, 0..2).unwrap();
    split.extend(run_replications(&m, &m.staffing(), &policy(), 5, 2..6).unwrap());
    assert_eq!(all, split);
    let again = run_replications(&m, &m.staffing(), &policy(), 5, 0..6).unwrap();
    assert_eq!(all, again);
}

#[test]
fn a_threshold_change_never_changes_what_customers_bring() {
    // Common random numbers: first calls arrive at the same times with the same handle times
    // and patience whatever the callback offer.
    let a = model(75.0, Some(150.0), 5, 4, 0, |q| {
        q.callback = Some(callback(60.0, 0.6, 0.7, CallbackMode::LowPriority));
        q.redial = Some(redial(0.5, None));
    });
    let b = model(75.0, Some(150.0), 5, 4, 0, |q| {
        q.callback = Some(callback(240.0, 0.6, 0.7, CallbackMode::KeepPlace));
        q.redial = Some(redial(0.5, None));
    });
    let brought = |m: &Model| {
        let mut v: Vec<(u64, u64, u64)> = trace(m, 3)
            .iter()
            .filter(|c| c.attempt == 0)
            .map(|c| (c.arrival_s.to_bits(), c.handle_s.to_bits(), c.patience_s.to_bits()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (x, y) = (brought(&a), brought(&b));
    assert!(x.len() > 250, "{} first calls", x.len());
    assert_eq!(x, y, "first calls differ between callback variants");
    let redials = |m: &Model| trace(m, 3).iter().filter(|c| c.attempt > 0).count();
    assert!(redials(&a) > 10 && redials(&b) > 10);
}

/// Counts every call of the [`Recorder`] interface and sums what each call reports.
#[derive(Debug, Default, Clone, PartialEq)]
struct Account {
    offered: u64,
    answered: u64,
    answered_wait_s: f64,
    abandoned: u64,
    callbacks_offered: u64,
    callbacks_accepted: u64,
    first_attempts: u64,
    reached: u64,
    not_reached: u64,
    redials_lost: u64,
    /// Services started within the horizon: answered inbound calls and reached callbacks.
    handled: u64,
    agent_time_calls: u64,
    staffed_s: f64,
    finished: Vec<(u64, u64)>,
}

impl Recorder for Account {
    fn offered(&mut self, _: &ContactInfo) {
        self.offered += 1;
    }
    fn answered(&mut self, _: &ContactInfo, _: GroupId, wait_s: f64, _: f64, i: Option<usize>) {
        self.answered += 1;
        self.answered_wait_s += wait_s;
        self.handled += i.is_some() as u64;
    }
    fn abandoned(&mut self, _: &ContactInfo, _: f64) {
        self.abandoned += 1;
    }
    fn callback_offered(&mut self, _: &ContactInfo, accepted: bool) {
        self.callbacks_offered += 1;
        self.callbacks_accepted += accepted as u64;
    }
    fn callback_attempt(&mut self, _: &ContactInfo, a: &CallbackAttempt) {
        self.first_attempts += (a.attempt == 1) as u64;
        self.reached += a.reached as u64;
        self.handled += (a.reached && a.start_interval.is_some()) as u64;
    }
    fn callback_not_reached(&mut self, _: &ContactInfo) {
        self.not_reached += 1;
    }
    fn redial_lost(&mut self, _: &ContactInfo) {
        self.redials_lost += 1;
    }
    fn agent_time(&mut self, _: usize, _: GroupId, staffed_s: f64) {
        self.agent_time_calls += 1;
        self.staffed_s += staffed_s;
    }
    fn finished(&mut self, left: u64, events: u64) {
        self.finished.push((left, events));
    }
}

/// The recorder a caller passes hears the same account as the tally the engine returns: every
/// kind of report, through the forwarding of `&mut R` and of a pair of recorders (so a trace
/// or a new KPI built on the interface misses nothing the tally counts).
#[test]
fn a_callers_recorder_hears_the_account_the_tally_keeps() {
    let m = model(75.0, Some(150.0), 5, 10, 0, |q| {
        q.callback = Some(callback(90.0, 0.6, 0.2, CallbackMode::LowPriority));
        q.redial = Some(redial(0.5, None));
    });
    for seed in 1..3 {
        let mut pair = (Account::default(), Account::default());
        let t = run_replication(&m, &m.staffing(), &policy(), seed, 0, &mut pair).unwrap();
        let (a, b) = pair;
        assert_eq!(a, b, "seed {seed}: both recorders of a pair hear everything");
        let q = t.queue_total(0, 0);
        let g = t.group_total(0, 0);
        let at = format!("seed {seed}: {a:?} against {q:?}");
        assert!(q.callbacks_not_reached > 5 && q.redials_lost > 0 && q.abandoned > 10, "{at}");
        assert_eq!(a.offered, q.offered, "{at}");
        assert_eq!(a.offered, t.contacts, "{at}");
        assert_eq!(a.answered, q.answered, "{at}");
        assert!((a.answered_wait_s - q.wait_answered_s).abs() <= 1e-9 * q.wait_answered_s, "{at}");
        assert_eq!(a.abandoned, q.abandoned, "{at}");
        assert_eq!(a.callbacks_offered, q.callbacks_offered, "{at}");
        assert_eq!(a.callbacks_accepted, q.callbacks_accepted, "{at}");
        assert_eq!(a.first_attempts, q.callbacks_attempted, "{at}");
        assert_eq!(a.reached, q.callbacks_reached, "{at}");
        assert_eq!(a.not_reached, q.callbacks_not_reached, "{at}");
        assert_eq!(a.redials_lost, q.redials_lost, "{at}");
        // The group's handled count takes reached callbacks as well as answered calls.
        assert!(a.handled > a.answered && a.answered > 0, "{at}: some callbacks reached in time");
        assert_eq!(a.handled, g.handled, "{at}");
        assert_eq!(a.agent_time_calls, 10, "{at}: one report per interval and group");
        assert!((a.staffed_s - g.staffed_s).abs() <= 1e-9 * g.staffed_s, "{at}");
        assert_eq!(a.finished, vec![(t.left_in_system, t.events)], "{at}");
        assert!(t.events > a.offered, "{at}");
    }
}
