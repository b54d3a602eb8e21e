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
//!    or ASA the judge saw there (the worst of the missed targets: the largest λ′);
//! 2. the step is the Erlang requirement at λ′ minus the head-count, at least one agent and at
//!    most half the head-count (or 2).
//!
//! The model only sizes the step; the simulation still judges the result, and a block raised
//! by more than one agent stays open to the trims (one raised by one is known to need it).

use super::erlang_start::requirement;
use crate::analytic::{self, Queue};
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

/// Bisection steps on log λ (the bracket is at most 2⁴⁰ wide; 60 halvings leave 2⁻²⁰ of it).
const BISECTIONS: u32 = 60;

/// Agents to add to a block where `agents` agents at `speed` serve queue `q` alone and the
/// judge measured `m`; `None` when no missed target can be calibrated (then add one).
pub(crate) fn agents_to_add(q: &QueueSpec, speed: f64, agents: u32, m: &Measured) -> Option<u32> {
    if agents == 0 || speed <= 0.0 {
        return None;
    }
    let aht = q.handle_time.mean() / speed;
    let patience = q.patience.as_ref().map(|p| p.mean());
    let t = q.service_level.threshold_s;
    // Whether Erlang at `per_hour` is at least as bad as measured on the missed targets.
    let worse_sl = |k: &analytic::ErlangKpis| k.service_level <= m.service_level;
    let worse_ab = |k: &analytic::ErlangKpis| k.p_abandon >= m.abandon_rate;
    let worse_asa = |k: &analytic::ErlangKpis| k.asa_s >= m.asa_s;
    let mut tests: Vec<&dyn Fn(&analytic::ErlangKpis) -> bool> = Vec::new();
    if m.service_level < q.service_level.target {
        tests.push(&worse_sl);
    }
    if q.max_abandon_rate.is_some_and(|max| m.abandon_rate > max) && patience.is_some() {
        tests.push(&worse_ab);
    }
    if q.max_asa_s.is_some_and(|max| m.asa_s > max) {
        tests.push(&worse_asa);
    }
    let mut rate: Option<f64> = None;
    for worse in tests {
        let r = effective_rate(agents, aht, patience, t, worse)?;
        rate = Some(rate.map_or(r, |x: f64| x.max(r)));
    }
    let required = requirement(q, rate? * 3600.0, aht, patience).ok()?;
    let cap = (agents / 2).max(2);
    Some(required.saturating_sub(agents).clamp(1, cap))
}

/// The smallest arrival rate (per second) at which Erlang with `agents` agents is `worse`
/// (an unstable Erlang C queue counts as worse): bracketed by doubling from the rate that
/// loads every agent half, then bisected on its logarithm. `None` if no rate in the bracket
/// (2⁻²⁰ to 2²⁰ times that rate) is worse, or none is better.
fn effective_rate(
    agents: u32,
    aht: f64,
    patience: Option<f64>,
    threshold_s: f64,
    worse: &dyn Fn(&analytic::ErlangKpis) -> bool,
) -> Option<f64> {
    let is_worse = |per_s: f64| -> bool {
        match Queue::new(per_s * 3600.0, aht, patience) {
            Ok(queue) => {
                analytic::evaluate(&queue, agents, threshold_s).map_or(true, |k| worse(&k))
            }
            Err(_) => true,
        }
    };
    let half_load = 0.5 * agents as f64 / aht;
    let (mut lo, mut hi) = (half_load.ln() - 20.0 * std::f64::consts::LN_2, half_load.ln());
    if is_worse(lo.exp()) {
        return None; // worse than measured even nearly idle: the model cannot explain it
    }
    let limit = half_load.ln() + 20.0 * std::f64::consts::LN_2;
    while !is_worse(hi.exp()) {
        if hi >= limit {
            return None;
        }
        lo = hi;
        hi += std::f64::consts::LN_2;
    }
    for _ in 0..BISECTIONS {
        let mid = 0.5 * (lo + hi);
        if is_worse(mid.exp()) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi.exp())
}

#[cfg(test)]
mod tests {
    use super::{agents_to_add, Measured};
    use crate::analytic::{self, Queue};
    use crate::model::{Arrivals, Distribution, QueueSpec, ServiceLevelTarget};

    fn queue(patience: Option<f64>, max_abandon: Option<f64>) -> QueueSpec {
        QueueSpec {
            name: "q".into(),
            arrivals: Arrivals { rate_per_s: vec![0.1], busyness_shape: None },
            handle_time: Distribution::exponential(300.0).unwrap(),
            patience: patience.map(|p| Distribution::exponential(p).unwrap()),
            service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
            max_abandon_rate: max_abandon,
            max_asa_s: None,
            announce: Default::default(),
            callback: None,
            redial: None,
        }
    }

    /// KPIs measured exactly as Erlang A gives them at `per_hour`: the step must land on the
    /// exact Erlang A requirement at that rate (whatever the rate the start assumed).
    fn exact(per_hour: f64, agents: u32) -> Measured {
        let k =
            analytic::evaluate(&Queue::new(per_hour, 300.0, Some(240.0)).unwrap(), agents, 20.0)
                .unwrap();
        Measured { service_level: k.service_level, abandon_rate: k.p_abandon, asa_s: k.asa_s }
    }

    fn exact_requirement(per_hour: f64) -> u32 {
        let q = Queue::new(per_hour, 300.0, Some(240.0)).unwrap();
        (1..500)
            .find(|&n| {
                let k = analytic::evaluate(&q, n, 20.0).unwrap();
                k.service_level >= 0.8 && k.p_abandon <= 0.05
            })
            .unwrap()
    }

    #[test]
    fn a_block_measured_as_erlang_a_at_a_higher_rate_gets_that_rates_requirement() {
        let q = queue(Some(240.0), Some(0.05));
        // 30 agents were staffed; the block behaves as 400 calls/h (33.3 Erlangs).
        let need = exact_requirement(400.0);
        assert!(need > 31 && need < 45, "{need}");
        assert_eq!(agents_to_add(&q, 1.0, 30, &exact(400.0, 30)), Some(need - 30));
    }

    #[test]
    fn the_step_is_at_least_one_and_at_most_half_the_head_count() {
        let q = queue(Some(240.0), Some(0.05));
        // Just short of the target at 20 agents: one more.
        let at = exact_requirement(200.0);
        let m = exact(200.0, at - 1);
        assert_eq!(agents_to_add(&q, 1.0, at - 1, &m), Some(1));
        // Hopelessly short (the block behaves as 3,000 calls/h on 10 agents): capped at 5.
        assert_eq!(agents_to_add(&q, 1.0, 10, &exact(3000.0, 10)), Some(5));
    }

    #[test]
    fn the_groups_speed_divides_the_handle_time() {
        // Agents at speed 2 on a 300 s queue work like agents on a 150 s queue: measured as
        // Erlang A at 600 calls/h with AHT 150 s on 24 agents, the step must reach that
        // model's exact requirement.
        let fast = |n: u32| {
            let q = Queue::new(600.0, 150.0, Some(240.0)).unwrap();
            analytic::evaluate(&q, n, 20.0).unwrap()
        };
        let k = fast(24);
        let m =
            Measured { service_level: k.service_level, abandon_rate: k.p_abandon, asa_s: k.asa_s };
        let need = (1..200).find(|&n| fast(n).service_level >= 0.8 && fast(n).p_abandon <= 0.05);
        let q = queue(Some(240.0), Some(0.05));
        let at_speed_2 = agents_to_add(&q, 2.0, 24, &m);
        assert_eq!(at_speed_2, need.map(|n| n - 24));
    }

    #[test]
    fn nothing_to_calibrate_gives_no_step() {
        let q = queue(Some(240.0), Some(0.05));
        // Every target met as measured: nothing missed, no step.
        let fine = Measured { service_level: 0.95, abandon_rate: 0.01, asa_s: 3.0 };
        assert_eq!(agents_to_add(&q, 1.0, 30, &fine), None);
        // No agents: nothing to calibrate on.
        assert_eq!(agents_to_add(&q, 1.0, 0, &exact(400.0, 30)), None);
    }

    #[test]
    fn erlang_c_queues_are_calibrated_below_their_stability_bound() {
        let q = queue(None, None);
        let erlang_c = |per_hour: f64, n: u32| {
            analytic::evaluate(&Queue::new(per_hour, 300.0, None).unwrap(), n, 20.0).unwrap()
        };
        // 30 agents measured like 330 calls/h (27.5 Erlangs) under Erlang C.
        let k = erlang_c(330.0, 30);
        let m = Measured { service_level: k.service_level, abandon_rate: 0.0, asa_s: k.asa_s };
        let need = (28..100).find(|&n| erlang_c(330.0, n).service_level >= 0.8).unwrap();
        assert_eq!(agents_to_add(&q, 1.0, 30, &m), Some(need - 30));
    }
}
