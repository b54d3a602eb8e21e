//! KPI curves against head-count: the evidence behind a recommendation.

use super::erlang_start::primary_groups;
use super::{Blocks, Evaluator, Progress, Stage};
use crate::model::{Model, QueueSpec, Staffing};
use crate::routing::RoutingPolicy;
use crate::sim::SimError;
use crate::stats::{Estimate, QueueKpis, QueueTally, ReplicationTally};

/// One point of a queue's curves: the plan shifted by `offset` agents in one group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Agents added to (or, negative, removed from) every interval of the varied group;
    /// removals stop at each interval's floor (one agent in a judged interval, zero in the
    /// warm-up).
    pub offset: i32,
    /// Mean head-count of the varied group per judged interval.
    pub mean_agents: f64,
    /// Service level over the horizon.
    pub service_level: Estimate,
    /// ASA over the horizon, seconds.
    pub asa_s: Estimate,
    /// Abandonment rate over the horizon.
    pub abandon_rate: Estimate,
}

/// Service level, ASA and abandonment of one queue against the head-count of its primary group.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueCurve {
    /// Queue index.
    pub queue: usize,
    /// The group varied (the queue's first-priority group).
    pub group: usize,
    /// Points in increasing offset.
    pub points: Vec<CurvePoint>,
}

/// How far the KPI curves reach around the plan: every offset is a full-horizon simulation,
/// so a curve has at most `above + max_below + 1` points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurveReach {
    /// Offsets simulated above the plan: +1 ..= +`above`.
    pub above: u32,
    /// Offsets below the plan are simulated one by one (−1, −2, …) until the queue's mean
    /// misses every target it sets (service level under its target, abandonment and ASA
    /// above their ceilings where set), the shifted plan stops changing (every interval at its
    /// floor), or `max_below` offsets have been simulated.
    pub max_below: u32,
}

impl Default for CurveReach {
    /// Two offsets above the plan and at most four below: at most seven simulations per queue.
    fn default() -> Self {
        CurveReach { above: 2, max_below: 4 }
    }
}

/// `row` with `offset` agents added to every interval, clamped at a floor when shifting down:
/// a judged interval (from `warm` on) keeps at least one agent (or none, if the plan already
/// has none there), a warm-up interval at least zero. So busy intervals move with the offset
/// while quiet ones (a night at 2 agents) stop at their floor, instead of the whole offset
/// being dropped. `None` only when an interval would exceed `u32::MAX`.
fn shifted_row(row: &[u32], offset: i32, warm: usize) -> Option<Vec<u32>> {
    row.iter()
        .enumerate()
        .map(|(i, &a)| {
            if offset >= 0 {
                a.checked_add(offset.unsigned_abs())
            } else {
                let floor = if i < warm { 0 } else { a.min(1) };
                Some(a.saturating_sub(offset.unsigned_abs()).max(floor))
            }
        })
        .collect()
}

/// True when the point's means miss every target `spec` sets.
fn misses_every_target(spec: &QueueSpec, p: &CurvePoint) -> bool {
    p.service_level.mean < spec.service_level.target
        && spec.max_abandon_rate.is_none_or(|m| p.abandon_rate.mean > m)
        && spec.max_asa_s.is_none_or(|m| p.asa_s.mean > m)
}

/// Simulates `plan` shifted in each queue's primary group: `+1..=reach.above` agents above
/// the plan, the plan itself (offset 0, the recommended plan's point), and below it far
/// enough that the curves cross the queue's targets (see [`CurveReach`]). Shifting down
/// clamps each interval at its floor (see `shifted_row`): at least one agent in a judged
/// interval, zero in the warm-up, so the point's `mean_agents` falls by less than the offset
/// once quiet intervals reach the floor. Every point is simulated on the same replications
/// (`seed`, `0..replications`), so the curves are paired.
///
/// `known`: tallies of `plan` itself already simulated on replications `0..` of `seed`, in
/// replication order (the evidence): when there are at least `replications` of them, the
/// plan's point (offset 0) is read from the first `replications` instead of simulated again.
#[allow(clippy::too_many_arguments)]
pub fn kpi_curves<P: RoutingPolicy>(
    model: &Model,
    policy: &P,
    plan: &Staffing,
    seed: u64,
    replications: u32,
    reach: CurveReach,
    known: Option<&[ReplicationTally]>,
    progress: &dyn Progress,
) -> Result<Vec<QueueCurve>, SimError> {
    progress.stage(Stage::Curves);
    let blocks = Blocks::for_model(model);
    let warm = model.horizon.warmup_intervals;
    let n = model.horizon.intervals;
    let mut eval = Evaluator::new(model, policy, &blocks, seed, replications, progress);
    let mut out = Vec::new();
    for q in 0..model.queues.len() {
        let g = primary_groups(model, q)[0].index();
        let mut point = |offset: i32, row: Vec<u32>| -> Result<CurvePoint, SimError> {
            let mean_agents =
                row[warm..].iter().map(|&a| a as f64).sum::<f64>() / (n - warm) as f64;
            let mut s = plan.clone();
            s.agents[g] = row;
            let total = |ts: &[ReplicationTally]| -> Vec<QueueTally> {
                ts.iter().map(|t| t.queue_total(q, warm)).collect()
            };
            let per_rep = match known {
                Some(ts) if s == *plan && ts.len() >= replications as usize => {
                    total(&ts[..replications as usize])
                }
                _ => total(&eval.evaluate(&s)?.tallies),
            };
            let k = QueueKpis::from_tallies(&per_rep);
            Ok(CurvePoint {
                offset,
                mean_agents,
                service_level: k.service_level,
                asa_s: k.asa_s,
                abandon_rate: k.abandon_rate,
            })
        };
        let mut points = Vec::new();
        for offset in 0..=reach.above as i32 {
            if let Some(row) = shifted_row(&plan.agents[g], offset, warm) {
                points.push(point(offset, row)?);
            }
        }
        let mut below = Vec::new();
        let mut previous = plan.agents[g].clone();
        for k in 1..=reach.max_below as i32 {
            let Some(row) = shifted_row(&plan.agents[g], -k, warm) else { break };
            if row == previous {
                break; // every interval is at its floor: lower offsets repeat this plan
            }
            previous = row.clone();
            let p = point(-k, row)?;
            below.push(p);
            if misses_every_target(&model.queues[q], &p) {
                break;
            }
        }
        below.reverse();
        below.extend(points);
        out.push(QueueCurve { queue: q, group: g, points: below });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::BuiltinPolicy;

    #[test]
    fn shifting_down_clamps_each_interval_at_its_floor() {
        // Issue 11: 0 − 4 in a warm-up interval wrapped to 4 294 967 292 agents; and an offset
        // that put a night interval under one agent was dropped, so the curves had almost no
        // points below the plan. Now busy intervals move and quiet ones stop at the floor.
        assert_eq!(shifted_row(&[0, 1, 6, 7], -4, 1), Some(vec![0, 1, 2, 3]));
        assert_eq!(shifted_row(&[0, 2, 6, 7], -4, 2), Some(vec![0, 0, 2, 3]));
        assert_eq!(shifted_row(&[0, 2, 6, 7], 3, 2), Some(vec![3, 5, 9, 10]));
        assert_eq!(shifted_row(&[5, 6], -5, 0), Some(vec![1, 1]), "judged: at least one");
        assert_eq!(shifted_row(&[3, 0, 5], -2, 1), Some(vec![1, 0, 3]), "0 stays 0, never 1");
        assert_eq!(shifted_row(&[u32::MAX], 1, 0), None, "no overflow above");
    }

    #[test]
    fn curves_reach_below_the_target_with_nights_at_the_floor() {
        // Quiet intervals at one agent (a night) around a busy day: before, no offset below
        // the plan was simulated at all.
        let text = r#"schema_version = 1
name = "night-and-day"
[horizon]
interval_minutes = 30
intervals = 8
[[queue]]
name = "q"
arrivals_per_interval = [1, 1, 60, 80, 80, 60, 1, 1]
handle_time = { distribution = "exponential", mean_s = 300 }
patience = { distribution = "exponential", mean_s = 300 }
service_level = { within_s = 20, target = 0.80 }
max_abandon_rate = 0.05
[[group]]
name = "g"
skills = ["q"]
agents = [1, 1, 16, 19, 19, 16, 1, 1]
"#;
        let model = crate::scenario_file::parse(text, "test").unwrap();
        let policy = BuiltinPolicy::new(model.routing());
        let reach = CurveReach { above: 1, max_below: 5 };
        let curves =
            kpi_curves(&model, &policy, &model.staffing(), 3, 20, reach, None, &()).unwrap();
        let c = &curves[0];
        let offsets: Vec<i32> = c.points.iter().map(|p| p.offset).collect();
        assert!(offsets.windows(2).all(|w| w[0] < w[1]), "increasing offsets: {offsets:?}");
        assert!(offsets.contains(&0) && offsets.last() == Some(&1), "{offsets:?}");
        assert!(c.points.len() <= 7, "{offsets:?}");
        let spec = &model.queues[0];
        let (lowest, plan) = (&c.points[0], c.points.iter().find(|p| p.offset == 0).unwrap());
        assert!(lowest.offset < 0, "points below the plan: {offsets:?}");
        assert!(plan.service_level.mean >= spec.service_level.target);
        assert!(
            misses_every_target(spec, lowest),
            "the lowest point misses every target, so each curve crosses it: {:?}",
            lowest
        );
        for p in c.points.iter().filter(|p| p.offset < 0).skip(1) {
            assert!(!misses_every_target(spec, p), "the search down stops at the first miss");
        }
        // The plan's own point read from tallies already simulated on the same seed (the
        // evidence) is the point simulated again: the reuse changes no number.
        let known =
            crate::experiment::run_replications(&model, &model.staffing(), &policy, 3, 0..30)
                .unwrap();
        let reused =
            kpi_curves(&model, &policy, &model.staffing(), 3, 20, reach, Some(&known), &())
                .unwrap();
        assert_eq!(reused, curves);
        // Nights stay at one agent: the busy four intervals lose |offset| each.
        let expected = (4.0 + (70.0 + 4.0 * lowest.offset as f64)) / 8.0;
        assert!((lowest.mean_agents - expected).abs() < 1e-12, "{lowest:?}");
    }
}
