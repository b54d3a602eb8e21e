//! How many agents a raise adds to a failing block: Erlang A calibrated to what the
//! simulation measured there, instead of one agent per round.
//!
//! After the Erlang start, the blocks that miss their targets are mostly those where calls
//! carried over from earlier intervals make the block busier than its own arrivals say. Adding
//! one agent per round takes as many rounds (each a whole-horizon simulation) as the worst
//! block lacks agents. Instead, for a block served by one dedicated group, the step is read
//! off a calibrated model:
//! 1. the block's *effective* arrival rate λ′ is the rate at which Erlang A (Erlang C without
//!    patience) with the block's head-count gives the pessimistic service level, abandonment
//!    or ASA the judge saw there (the largest λ′ over the missed targets);
//! 2. the step is the Erlang requirement at λ′ for the missed targets, minus the head-count:
//!    at least one agent and at most half the head-count (or 2). A block the model cannot
//!    explain at any rate in its range (a service level of 0 in every replication, say) gets
//!    the largest step.
//!
//! The model only sizes the step; the simulation still judges the result. The search lets a
//! block take a step of more than one agent once; a block so raised stays open to the trims,
//! which take back what the model overshot (see `search.rs`).

use super::erlang_start::{requirement_for, targets};
use crate::analytic::{self, AnalyticError, ErlangKpis, Queue};
use crate::model::QueueSpec;

/// The pessimistic bounds the judge compared with the targets in one block, for one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Measured {
    /// Lower bound of the service level.
    pub service_level: f64,
    /// Upper bound of the abandonment rate.
    pub abandon_rate: f64,
    /// Upper bound of the ASA, seconds.
    pub asa_s: f64,
}

/// Bisection steps on ln λ: the bracket is at most 20 ln 2 wide, and 40 halvings leave about
/// 10⁻¹¹ of λ, far below what changes a head-count.
const BISECTIONS: u32 = 40;

/// The bracket of the effective rate: 2^±`RANGE_DOUBLINGS` times the rate that loads every
/// agent half.
const RANGE_DOUBLINGS: f64 = 20.0;

/// Measured probabilities are kept this far inside (0, 1), where Erlang can reach them.
const PROBABILITY_FLOOR: f64 = 1e-9;

/// Whether Erlang's KPIs at a trial rate are at least as bad as measured, on one target.
type Worse<'a> = dyn Fn(&ErlangKpis) -> bool + 'a;

/// Agents to add to a block where `agents` agents at `speed` serve queue `q` alone and the
/// judge measured `m`; `None` when no missed target could be calibrated (then add one).
pub(crate) fn agents_to_add(q: &QueueSpec, speed: f64, agents: u32, m: &Measured) -> Option<u32> {
    if agents == 0 || speed.is_nan() || speed <= 0.0 {
        return None;
    }
    let aht = q.handle_time.mean() / speed;
    let patience = q.patience.as_ref().map(|p| p.mean());
    let sl_missed = m.service_level < q.service_level.target;
    let ab_missed = patience.is_some() && q.max_abandon_rate.is_some_and(|x| m.abandon_rate > x);
    let asa_missed = q.max_asa_s.is_some_and(|x| m.asa_s > x);
    let sl = m.service_level.max(PROBABILITY_FLOOR);
    let ab = m.abandon_rate.min(1.0 - PROBABILITY_FLOOR);
    let worse_sl = |k: &ErlangKpis| k.service_level <= sl;
    let worse_ab = |k: &ErlangKpis| k.p_abandon >= ab;
    let worse_asa = |k: &ErlangKpis| k.asa_s >= m.asa_s;
    let missed: [(bool, &Worse); 3] =
        [(sl_missed, &worse_sl), (ab_missed, &worse_ab), (asa_missed, &worse_asa)];
    let t = q.service_level.threshold_s;
    let rate = missed
        .into_iter()
        .filter(|(is_missed, _)| *is_missed)
        .filter_map(|(_, worse)| effective_rate(agents, aht, patience, t, worse))
        .reduce(f64::max)?;
    // The requirement for the missed targets only: a met target says nothing about λ′.
    let mut wanted = targets(q, patience);
    if !sl_missed {
        wanted.service_level = None;
    }
    if !ab_missed {
        wanted.max_abandon = None;
    }
    if !asa_missed {
        wanted.max_asa_s = None;
    }
    let cap = (agents / 2).max(2);
    let required = requirement_for(q, rate * 3600.0, aht, patience, &wanted).ok();
    Some(required.map_or(cap, |r| r.saturating_sub(agents).clamp(1, cap)))
}

/// The smallest arrival rate (per second) at which Erlang with `agents` agents is `worse` (an
/// unstable Erlang C queue counts as worse), bracketed by doubling from the rate that loads
/// every agent half, then bisected on its logarithm; the top of the bracket if no rate in it
/// is worse. `None` when even the bottom of the bracket is worse (the measurement is better
/// than the model ever gives: nothing to calibrate) or Erlang cannot be evaluated.
fn effective_rate(
    agents: u32,
    aht: f64,
    patience: Option<f64>,
    threshold_s: f64,
    worse: &Worse,
) -> Option<f64> {
    let is_worse = |ln_rate: f64| -> Option<bool> {
        let queue = Queue::new(ln_rate.exp() * 3600.0, aht, patience).ok()?;
        match analytic::evaluate(&queue, agents, threshold_s) {
            Ok(k) => Some(worse(&k)),
            Err(AnalyticError::Unstable { .. }) => Some(true),
            Err(_) => None,
        }
    };
    let centre = (0.5 * agents as f64 / aht).ln();
    let span = RANGE_DOUBLINGS * std::f64::consts::LN_2;
    let (mut lo, mut hi) = (centre - span, centre);
    if is_worse(lo)? {
        return None;
    }
    while !is_worse(hi)? {
        if hi >= centre + span {
            return Some(hi.exp());
        }
        lo = hi;
        hi += std::f64::consts::LN_2;
    }
    for _ in 0..BISECTIONS {
        let mid = 0.5 * (lo + hi);
        if is_worse(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi.exp())
}

#[cfg(test)]
mod tests {
    use super::{agents_to_add, effective_rate, Measured};
    use crate::analytic::{self, ErlangKpis, Queue};
    use crate::model::QueueSpec;

    /// A queue with AHT 300 s, SL target 80% in 20 s, and the given patience and ceilings.
    fn queue(patience: Option<f64>, max_abandon: Option<f64>, max_asa: Option<f64>) -> QueueSpec {
        QueueSpec {
            max_abandon_rate: max_abandon,
            max_asa_s: max_asa,
            ..QueueSpec::exponential_for_test(360.0, 1, 300.0, patience)
        }
    }

    /// Erlang (A with `patience`, else C) at `per_hour` calls, AHT `aht`, `n` agents, T = 20 s.
    fn erlang(per_hour: f64, aht: f64, patience: Option<f64>, n: u32) -> ErlangKpis {
        analytic::evaluate(&Queue::new(per_hour, aht, patience).unwrap(), n, 20.0).unwrap()
    }

    fn measured(k: &ErlangKpis) -> Measured {
        Measured { service_level: k.service_level, abandon_rate: k.p_abandon, asa_s: k.asa_s }
    }

    /// The fewest agents for which `meets` holds, by exhaustive search.
    fn fewest(meets: impl Fn(u32) -> bool) -> u32 {
        (1..2000).find(|&n| meets(n)).unwrap()
    }

    #[test]
    fn the_effective_rate_inverts_erlang_a() {
        // 30 agents measured as Erlang A gives them at 400 calls/h: the rate found is 400/h.
        let m = measured(&erlang(400.0, 300.0, Some(240.0), 30));
        let sl = |k: &ErlangKpis| k.service_level <= m.service_level;
        let ab = |k: &ErlangKpis| k.p_abandon >= m.abandon_rate;
        for worse in [&sl as &dyn Fn(&ErlangKpis) -> bool, &ab] {
            let r = effective_rate(30, 300.0, Some(240.0), 20.0, worse).unwrap() * 3600.0;
            assert!((r - 400.0).abs() < 1e-6, "{r}");
        }
    }

    #[test]
    fn a_block_measured_as_erlang_a_at_a_higher_rate_gets_that_rates_requirement() {
        let q = queue(Some(240.0), Some(0.05), None);
        // 30 agents were staffed; the block behaves as 400 calls/h (33.3 Erlangs).
        let k = |n| erlang(400.0, 300.0, Some(240.0), n);
        let need = fewest(|n| k(n).service_level >= 0.8 && k(n).p_abandon <= 0.05);
        assert!(need > 31 && need < 45, "{need}");
        assert_eq!(agents_to_add(&q, 1.0, 30, &measured(&k(30))), Some(need - 30));
    }

    #[test]
    fn the_worst_missed_target_sizes_the_step() {
        // The service level looks like 380 calls/h, the abandonment like 440/h: the step is
        // the requirement at 440/h (the larger rate), for both targets.
        let q = queue(Some(240.0), Some(0.02), None);
        let (low, high) =
            (erlang(380.0, 300.0, Some(240.0), 30), erlang(440.0, 300.0, Some(240.0), 30));
        let m = Measured { abandon_rate: high.p_abandon, ..measured(&low) };
        let k = |n| erlang(440.0, 300.0, Some(240.0), n);
        let need = fewest(|n| k(n).service_level >= 0.8 && k(n).p_abandon <= 0.02);
        assert_eq!(agents_to_add(&q, 1.0, 30, &m), Some((need - 30).min(15)));
        let from_sl = fewest(|n| erlang(380.0, 300.0, Some(240.0), n).service_level >= 0.8);
        assert!(need > from_sl, "the two rates must give different steps: {need} {from_sl}");
    }

    #[test]
    fn only_the_missed_targets_are_required() {
        // An ASA cap of 30 s missed, the service level met: the step meets the cap at the
        // calibrated rate, however many agents an 80% target would take there.
        let q = queue(None, None, Some(30.0));
        let k = |n| erlang(320.0, 300.0, None, n);
        let mut m = measured(&k(29));
        assert!(m.asa_s > 30.0, "{}", m.asa_s);
        m.service_level = 0.85; // met as measured
        let need = fewest(|n| n > 27 && k(n).asa_s <= 30.0);
        assert_eq!(agents_to_add(&q, 1.0, 29, &m), Some(need - 29));
        let with_sl = fewest(|n| n > 27 && k(n).asa_s <= 30.0 && k(n).service_level >= 0.8);
        assert!(with_sl != need, "the test must tell the two apart: {with_sl}");
    }

    #[test]
    fn the_step_is_at_least_one_and_at_most_half_the_head_count_or_two() {
        let q = queue(Some(240.0), Some(0.05), None);
        let k = |n| erlang(200.0, 300.0, Some(240.0), n);
        // Just short of the target: one more.
        let at = fewest(|n| k(n).service_level >= 0.8 && k(n).p_abandon <= 0.05);
        assert_eq!(agents_to_add(&q, 1.0, at - 1, &measured(&k(at - 1))), Some(1));
        // Hopelessly short (the block behaves as 3,000 calls/h on 10 agents): capped at 5.
        assert_eq!(
            agents_to_add(&q, 1.0, 10, &measured(&erlang(3000.0, 300.0, Some(240.0), 10))),
            Some(5)
        );
        // One agent: at most 2.
        assert_eq!(
            agents_to_add(&q, 1.0, 1, &measured(&erlang(600.0, 300.0, Some(240.0), 1))),
            Some(2)
        );
    }

    #[test]
    fn a_measurement_no_rate_explains_gets_the_largest_step() {
        // A service level of 0 (and a pessimistic bound below it) in every replication: no
        // Erlang rate gives that, so the step is the cap, not one agent per round.
        let q = queue(Some(240.0), Some(0.05), None);
        let m = Measured { service_level: -0.01, abandon_rate: 1.2, asa_s: 1e4 };
        assert_eq!(agents_to_add(&q, 1.0, 30, &m), Some(15));
    }

    #[test]
    fn the_groups_speed_divides_the_handle_time() {
        // Agents at speed 2 on a 300 s queue work like agents on a 150 s queue: the rate
        // calibrated on their KPIs is the one Erlang A with AHT 150 s gives them.
        let m = measured(&erlang(600.0, 150.0, Some(240.0), 24));
        let sl = |k: &ErlangKpis| k.service_level <= m.service_level;
        let r = effective_rate(24, 300.0 / 2.0, Some(240.0), 20.0, &sl).unwrap() * 3600.0;
        assert!((r - 600.0).abs() < 1e-6, "{r}");
        let k = |n| erlang(600.0, 150.0, Some(240.0), n);
        let need = fewest(|n| k(n).service_level >= 0.8 && k(n).p_abandon <= 0.05);
        let q = queue(Some(240.0), Some(0.05), None);
        assert_eq!(agents_to_add(&q, 2.0, 24, &m), Some(need - 24));
    }

    #[test]
    fn nothing_to_calibrate_gives_no_step() {
        let q = queue(Some(240.0), Some(0.05), None);
        // Every target met as measured (a service level of exactly the target is met).
        let fine = Measured { service_level: 0.8, abandon_rate: 0.05, asa_s: 3.0 };
        assert_eq!(agents_to_add(&q, 1.0, 30, &fine), None);
        // No agents, or no speed: nothing to calibrate on.
        let m = measured(&erlang(400.0, 300.0, Some(240.0), 30));
        assert_eq!(agents_to_add(&q, 1.0, 0, &m), None);
        assert_eq!(agents_to_add(&q, 0.0, 30, &m), None);
    }

    #[test]
    fn erlang_c_queues_are_calibrated_up_to_their_stability_bound() {
        let q = queue(None, None, None);
        // 30 agents measured like 355 calls/h (29.6 Erlangs, just below the bound of 30).
        let k = |n| erlang(355.0, 300.0, None, n);
        let need = fewest(|n| n > 29 && k(n).service_level >= 0.8);
        assert_eq!(agents_to_add(&q, 1.0, 30, &measured(&k(30))), Some(need - 30));
    }
}
