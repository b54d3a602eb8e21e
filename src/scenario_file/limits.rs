//! Limits with reasons: bounds on a scenario's size, checked before anything is simulated.
//!
//! A scenario within these limits simulates one replication in seconds to minutes and well
//! under 1 GiB; one beyond them is refused with an estimate of its work, the limit, what the
//! limit protects and how to get under it (see `docs/scenario.md`, "Limits"). The check is a
//! pure function of the converted inputs, so it also guards models built without a file.

use super::errors::FieldError;
use crate::model::{GroupSpec, Horizon, QueueSpec};

/// Most planning intervals in a horizon (about 1,000 days of 15-minute intervals).
pub const MAX_INTERVALS: i64 = 100_000;
/// Most days in `days = ..` (1,000 days of 15-minute intervals are 96,000 intervals).
pub const MAX_DAYS: i64 = 1_000;
/// Most agents in one group in one interval.
pub const MAX_AGENTS_PER_GROUP_INTERVAL: u32 = 10_000;
/// Most expected contacts in one replication (Σ over queues and intervals of rate × length).
pub const MAX_EXPECTED_CONTACTS: f64 = 50_000_000.0;
/// Largest skill priority.
pub const MAX_SKILL_PRIORITY: i64 = 1_000_000;
/// Largest `after_s` of a skill, seconds (about 11.6 days).
pub const MAX_AFTER_S: f64 = 1_000_000.0;
/// Largest `min_waiting` of a skill.
pub const MAX_MIN_WAITING: i64 = 1_000_000;

/// Expected contacts in one replication: Σ over queues and intervals of the arrival rate times
/// the interval length (the busyness factor has mean 1, so it does not change the mean), times
/// a bound on the calls per customer when the queue has redials.
pub fn expected_contacts(horizon: &Horizon, queues: &[QueueSpec]) -> f64 {
    queues.iter().map(|q| queue_contacts(horizon, q)).sum()
}

fn queue_contacts(horizon: &Horizon, q: &QueueSpec) -> f64 {
    let first: f64 = q.arrivals.rate_per_s.iter().map(|r| r * horizon.interval_s).sum();
    first * calls_per_customer(horizon, q)
}

/// At most how many calls one customer makes on average: 1 without redials; with redials,
/// even if every call were abandoned, Σ pᵏ over the allowed redials, and never more than one
/// per mean redial delay over the horizon.
fn calls_per_customer(horizon: &Horizon, q: &QueueSpec) -> f64 {
    let Some(r) = &q.redial else { return 1.0 };
    let p = r.probability;
    let by_delay = 1.0 + horizon.end_s() / r.delay.mean().max(f64::MIN_POSITIVE);
    let geometric = match r.max_redials {
        Some(m) => (0..=m).map(|k| p.powi(k as i32)).sum(),
        None if p < 1.0 => 1.0 / (1.0 - p),
        None => f64::INFINITY,
    };
    geometric.min(by_delay)
}

/// Every limit the inputs exceed, each as an error at the path of the value to change (empty
/// when the scenario is within the limits). Queue `i` is `queue[i]`, group `g` is `group[g]`.
pub fn check(horizon: &Horizon, queues: &[QueueSpec], groups: &[GroupSpec]) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let n = horizon.intervals;
    if i64::try_from(n).map_or(true, |n| n > MAX_INTERVALS) {
        errs.push(FieldError::new(
            "horizon.intervals",
            format!(
                "{n} intervals, above the limit of {MAX_INTERVALS}; the limit keeps a run's memory \
                 (per-interval statistics) bounded; simulate a long period as several scenarios"
            ),
        ));
    }
    let total = expected_contacts(horizon, queues);
    // NaN (a NaN rate cannot come from a file, but the check is public) is over the limit too.
    if total.is_nan() || total > MAX_EXPECTED_CONTACTS {
        let (i, biggest) = queues
            .iter()
            .map(|q| queue_contacts(horizon, q))
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (i, c)| if c > best.1 { (i, c) } else { best });
        errs.push(FieldError::new(
            format!("queue[{i}]"),
            format!(
                "{} expected contacts per replication (Σ arrival rate × interval length over \
                 {} queue(s) and {n} intervals; this queue alone: {}), above the limit of \
                 {MAX_EXPECTED_CONTACTS:.0}; the limit keeps one replication's run time (the \
                 engine handles a few million contacts per second) and memory (every waiting \
                 contact is held) bounded; lower the arrivals (arrivals_per_hour, \
                 arrivals_per_interval or the forecast) or shorten the horizon",
                count(total),
                queues.len(),
                count(biggest)
            ),
        ));
    }
    for (g, group) in groups.iter().enumerate() {
        let Some((interval, &most)) =
            group.agents.iter().enumerate().max_by_key(|&(i, a)| (*a, std::cmp::Reverse(i)))
        else {
            continue;
        };
        if most > MAX_AGENTS_PER_GROUP_INTERVAL {
            let agent_intervals: f64 = group.agents.iter().map(|&a| f64::from(a)).sum();
            errs.push(FieldError::new(
                format!("group[{g}].agents"),
                format!(
                    "{most} agents in interval {interval} ({} agent-intervals over {n} intervals), \
                     above the limit of {MAX_AGENTS_PER_GROUP_INTERVAL} agents per group per \
                     interval; the limit keeps the engine's per-agent state and work bounded; \
                     lower the head-count (10,000 agents answer about 120,000 five-minute calls \
                     an hour)",
                    count(agent_intervals)
                ),
            ));
        }
    }
    errs
}

/// A count for messages: whole numbers up to ten million, scientific notation above.
fn count(x: f64) -> String {
    if x.is_finite() && x < 1e7 {
        format!("{x:.0}")
    } else {
        format!("{x:.1e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Clock, Distribution, QueueId, Skill};

    fn horizon(intervals: usize) -> Horizon {
        Horizon { interval_s: 1800.0, intervals, warmup_intervals: 0, clock: Clock::default() }
    }

    fn queue(per_hour: f64, intervals: usize) -> QueueSpec {
        QueueSpec::exponential_for_test(per_hour, intervals, 300.0, None)
    }

    fn group(agents: Vec<u32>) -> GroupSpec {
        GroupSpec {
            name: "g".into(),
            skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
            agents,
            shrinkage: 0.0,
        }
    }

    #[test]
    fn expected_contacts_is_rate_times_interval_length() {
        // 300/h for 48 half-hours: 300 × 24 = 7,200 exactly; two queues add.
        let h = horizon(48);
        assert_eq!(expected_contacts(&h, &[queue(300.0, 48)]), 7200.0);
        assert_eq!(expected_contacts(&h, &[queue(300.0, 48), queue(100.0, 48)]), 9600.0);
    }

    #[test]
    fn redials_multiply_the_expected_calls_by_a_bound_per_customer() {
        let h = horizon(10); // 10 half-hours: 18,000 s
        let mut q = queue(360.0, 10); // 1,800 first calls
        let redial = |probability, max_redials, mean_s| {
            Some(crate::model::RedialSpec {
                probability,
                delay: Distribution::exponential(mean_s).unwrap(),
                max_redials,
            })
        };
        q.redial = redial(0.5, None, 600.0);
        assert!((expected_contacts(&h, std::slice::from_ref(&q)) - 3600.0).abs() < 1e-6);
        q.redial = redial(0.5, Some(2), 600.0);
        assert!((expected_contacts(&h, std::slice::from_ref(&q)) - 1800.0 * 1.75).abs() < 1e-6);
        // Every abandoning customer redials, forever: one call per mean delay at most.
        q.redial = redial(1.0, None, 600.0);
        let per_customer = 1.0 + 18_000.0 / 600.0;
        assert!((expected_contacts(&h, &[q]) - 1800.0 * per_customer).abs() < 1e-6);
    }

    #[test]
    fn limits_are_inclusive_and_each_excess_is_reported() {
        let h = horizon(48);
        // Exactly at the limits: 50 M contacts (rate × 24 h) and 10,000 agents.
        let at = queue(MAX_EXPECTED_CONTACTS / 24.0, 48);
        assert!(check(&h, &[at], &[group(vec![MAX_AGENTS_PER_GROUP_INTERVAL; 48])]).is_empty());
        let over = queue(MAX_EXPECTED_CONTACTS / 24.0 * 1.01, 48);
        let mut agents = vec![5; 48];
        agents[7] = MAX_AGENTS_PER_GROUP_INTERVAL + 1;
        let errs = check(&h, &[over], &[group(agents)]);
        let paths: Vec<_> = errs.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["queue[0]", "group[0].agents"]);
        assert!(errs[1].message.starts_with("10001 agents in interval 7"), "{}", errs[1]);
    }

    #[test]
    fn infinite_or_nan_work_is_over_the_limit() {
        let h = horizon(2);
        assert_eq!(check(&h, &[queue(f64::INFINITY, 2)], &[group(vec![1; 2])]).len(), 1);
        assert_eq!(check(&h, &[queue(f64::NAN, 2)], &[group(vec![1; 2])]).len(), 1);
    }
}
