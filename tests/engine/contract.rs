//! The engine's contract with routing policies and with the customers:
//! - every routing decision is validated in release builds: a policy that breaks the contract
//!   gets a typed error naming it and the decision, never phantom agents;
//! - a policy may ask to be woken (overflow after a delay): the limiting cases reduce exactly to
//!   known policies;
//! - common random numbers: a change of staffing or policy never changes what customers bring,
//!   and leaves every day before the change identical.

use std::collections::BTreeMap;
use wfmsim::model::{
    Arrivals, Clock, Distribution, GroupId, GroupSpec, Horizon, Model, QueueId, QueueSpec,
    ServiceLevelTarget, Skill, Staffing,
};
use wfmsim::routing::PolicyKind;
use wfmsim::routing::{longest_idle_group, BuiltinPolicy, RoutingPolicy, View};
use wfmsim::scenario_file;
use wfmsim::sim::{
    run_replication, ContactRecord, Decision, NoObserver, Outcome, SimError, Violation,
};
use wfmsim::stats::ReplicationTally;

fn bank() -> Model {
    scenario_file::parse(scenario_file::embedded("bilingual-bank").unwrap(), "bank").unwrap()
}

/// Arrival → always group `g`, whatever its idle count or skills; freed agents → `q` always.
struct Stubborn {
    arrival_group: Option<usize>,
    agent_queue: Option<usize>,
}

impl RoutingPolicy for Stubborn {
    fn name(&self) -> &str {
        "stubborn"
    }
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        match self.arrival_group {
            Some(g) => Some(GroupId::new(g)),
            None => longest_idle_group(view, queue),
        }
    }
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        match self.agent_queue {
            Some(q) => Some(QueueId::new(q)),
            None => BuiltinPolicy::new(PolicyKind::Priority).contact_for_agent(view, group),
        }
    }
}

fn violation_of(m: &Model, p: &Stubborn) -> (Decision, Violation, String) {
    match run_replication(m, &m.staffing(), p, 1, 0, &mut NoObserver) {
        Err(e @ SimError::Routing { .. }) => {
            let msg = e.to_string();
            let SimError::Routing { decision, violation, .. } = e else { unreachable!() };
            (decision, violation, msg)
        }
        other => panic!("expected a routing error, got {other:?}"),
    }
}

#[test]
fn a_group_without_idle_agents_is_an_error_not_a_phantom_agent() {
    // Always sending arrivals to 'french-only' (5 agents) soon finds it with none idle.
    let m = bank();
    let (d, v, msg) = violation_of(&m, &Stubborn { arrival_group: Some(0), agent_queue: None });
    assert_eq!(d, Decision::Arrival);
    // English arrivals reach it before it runs out: either violation names the group.
    match v {
        Violation::NoIdleAgent { group, .. } | Violation::NotSkilled { group, .. } => {
            assert_eq!(group, "french-only")
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(msg.contains("routing policy 'stubborn'") && msg.contains("arrival"), "{msg}");
}

#[test]
fn an_unskilled_group_is_an_error() {
    let m = bank();
    // 'english-only' (group 1) for every arrival: the first French arrival breaks the rule
    // while it still has idle agents.
    let (_, v, _) = violation_of(&m, &Stubborn { arrival_group: Some(1), agent_queue: None });
    assert!(
        matches!(&v, Violation::NotSkilled { group, queue } if group == "english-only" && queue == "french")
            || matches!(&v, Violation::NoIdleAgent { .. }),
        "{v:?}"
    );
}

#[test]
fn an_unknown_group_or_queue_is_an_error() {
    let m = bank();
    let (_, v, _) = violation_of(&m, &Stubborn { arrival_group: Some(9), agent_queue: None });
    assert_eq!(v, Violation::UnknownGroup { group: 9, groups: 3 });
    let (d, v, _) = violation_of(&m, &Stubborn { arrival_group: None, agent_queue: Some(7) });
    assert_eq!((d, v), (Decision::FreedAgent, Violation::UnknownQueue { queue: 7, queues: 2 }));
}

#[test]
fn an_empty_or_disallowed_queue_is_an_error() {
    let m = bank();
    // Freed agents always take French: a French-only agent freed with nobody waiting, or an
    // English-only agent (no French skill), breaks the rule.
    let (d, v, msg) = violation_of(&m, &Stubborn { arrival_group: None, agent_queue: Some(0) });
    assert_eq!(d, Decision::FreedAgent);
    assert!(matches!(v, Violation::EmptyQueue { .. } | Violation::NotSkilled { .. }), "{v:?}");
    assert!(msg.contains("freed agent"), "{msg}");
}

/// Overflow after a delay: group `overflow` may take a contact only once it has waited
/// `delay_s`; the policy asks to be woken at that moment.
struct OverflowAfter {
    delay_s: f64,
    overflow: GroupId,
}

impl RoutingPolicy for OverflowAfter {
    fn name(&self) -> &str {
        "overflow-after"
    }
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        let g = longest_idle_group(view, queue)?;
        if g != self.overflow || self.delay_s <= 0.0 {
            return Some(g);
        }
        // Primary groups only.
        let mut best: Option<(GroupId, f64)> = None;
        for &(h, _) in view.topology.groups_for(queue) {
            let gv = view.groups[h.index()];
            if h != self.overflow
                && gv.idle > 0
                && best.is_none_or(|(_, t)| gv.longest_idle_since_s < t)
            {
                best = Some((h, gv.longest_idle_since_s));
            }
        }
        best.map(|(h, _)| h)
    }
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        for skill in view.topology.skills_of(group) {
            let qv = view.queues[skill.queue.index()];
            let eligible = group != self.overflow || view.now_s >= qv.head_arrival_s + self.delay_s;
            if qv.waiting > 0 && eligible {
                return Some(skill.queue);
            }
        }
        None
    }
    fn wake_for_waiting(&self, _: &View<'_>, _: QueueId, arrival_s: f64) -> Option<f64> {
        (self.delay_s > 0.0 && self.delay_s.is_finite()).then_some(arrival_s + self.delay_s)
    }
}

/// One queue (λ = 200/h, exp 300 s, patience exp 200 s) served by a primary group of 13 and
/// an overflow group of 5 (or none of its skill).
fn overflow_model(overflow_skilled: bool) -> Model {
    let n = 12;
    let q = QueueSpec {
        name: "q".into(),
        arrivals: Arrivals { rate_per_s: vec![200.0 / 3600.0; n], busyness_shape: None },
        handle_time: Distribution::exponential(300.0).unwrap(),
        patience: Some(Distribution::exponential(200.0).unwrap()),
        service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
        max_abandon_rate: None,
        max_asa_s: None,
    };
    let skill = Skill { queue: QueueId::new(0), priority: 1, speed: 1.0 };
    let groups = vec![
        GroupSpec {
            name: "primary".into(),
            skills: vec![skill],
            agents: vec![13; n],
            shrinkage: 0.0,
        },
        GroupSpec {
            name: "overflow".into(),
            skills: if overflow_skilled { vec![skill] } else { vec![] },
            agents: vec![5; n],
            shrinkage: 0.0,
        },
    ];
    let h =
        Horizon { interval_s: 3600.0, intervals: n, warmup_intervals: 0, clock: Clock::default() };
    Model::new("overflow".into(), h, vec![q], groups, PolicyKind::Priority).unwrap()
}

fn tallies<P: RoutingPolicy>(m: &Model, p: &P, seed: u64) -> ReplicationTally {
    run_replication(m, &m.staffing(), p, seed, 0, &mut NoObserver).unwrap()
}

#[test]
fn overflow_after_zero_seconds_is_no_overflow_rule() {
    let m = overflow_model(true);
    let p = OverflowAfter { delay_s: 0.0, overflow: GroupId::new(1) };
    for seed in 1..4 {
        assert_eq!(
            tallies(&m, &p, seed),
            tallies(&m, &BuiltinPolicy::new(PolicyKind::Priority), seed)
        );
    }
}

#[test]
fn overflow_after_forever_is_a_group_without_the_skill() {
    let with = overflow_model(true);
    let without = overflow_model(false);
    let p = OverflowAfter { delay_s: f64::INFINITY, overflow: GroupId::new(1) };
    for seed in 1..4 {
        let a = tallies(&with, &p, seed);
        let b = tallies(&without, &BuiltinPolicy::new(PolicyKind::Priority), seed);
        assert_eq!(a.queue, b.queue);
        assert_eq!(a.group, b.group, "the overflow group stays idle in both");
    }
}

#[test]
fn the_wake_up_lets_an_idle_overflow_agent_take_the_contact_at_the_delay() {
    let m = overflow_model(true);
    let delay = 30.0;
    let p = OverflowAfter { delay_s: delay, overflow: GroupId::new(1) };
    let mut trace: Vec<ContactRecord> = Vec::new();
    run_replication(&m, &m.staffing(), &p, 5, 0, &mut trace).unwrap();
    let by_overflow: Vec<f64> = trace
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Answered { group, .. } if group == GroupId::new(1) => Some(r.wait_s),
            _ => None,
        })
        .collect();
    assert!(by_overflow.len() > 50, "the overflow group works: {}", by_overflow.len());
    assert!(by_overflow.iter().all(|&w| w >= delay - 1e-9), "never before the delay");
    let at_delay = by_overflow.iter().filter(|&&w| (w - delay).abs() < 1e-6).count();
    assert!(at_delay > 10, "idle overflow agents are woken at exactly the delay: {at_delay}");
    // And the rule sits between its limiting cases in service level.
    let sl = |t: &ReplicationTally| t.queue_total(0, 0).service_level().unwrap();
    let mid = sl(&tallies(&m, &p, 5));
    let none = sl(&tallies(&overflow_model(false), &BuiltinPolicy::new(PolicyKind::Priority), 5));
    assert!(mid > none, "overflow after 30 s helps: {mid} vs {none}");
}

#[test]
fn a_wake_up_in_the_past_is_refused() {
    struct Backwards;
    impl RoutingPolicy for Backwards {
        fn name(&self) -> &str {
            "backwards"
        }
        fn agent_for_arrival(&self, v: &View<'_>, q: QueueId) -> Option<GroupId> {
            longest_idle_group(v, q)
        }
        fn contact_for_agent(&self, v: &View<'_>, g: GroupId) -> Option<QueueId> {
            BuiltinPolicy::new(PolicyKind::Priority).contact_for_agent(v, g)
        }
        fn wake_for_waiting(&self, _: &View<'_>, _: QueueId, arrival_s: f64) -> Option<f64> {
            Some(arrival_s - 1.0)
        }
    }
    let m = bank();
    let err = run_replication(&m, &m.staffing(), &Backwards, 1, 0, &mut NoObserver).unwrap_err();
    assert!(matches!(err, SimError::PastEvent(_)), "{err:?}");
}

// ---- common random numbers ------------------------------------------------------------------

/// Three days of hourly intervals, calls 06:00–22:00 only (the centre empties overnight).
fn three_days() -> Model {
    let n = 72;
    let rate: Vec<f64> =
        (0..n).map(|i| if (6..22).contains(&(i % 24)) { 120.0 / 3600.0 } else { 0.0 }).collect();
    let queue = |name: &str, patience: f64| QueueSpec {
        name: name.into(),
        arrivals: Arrivals { rate_per_s: rate.clone(), busyness_shape: Some(20.0) },
        handle_time: Distribution::lognormal(240.0, 1.0).unwrap(),
        patience: Some(Distribution::exponential(patience).unwrap()),
        service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
        max_abandon_rate: None,
        max_asa_s: None,
    };
    let s = |q: usize, priority: u32| Skill { queue: QueueId::new(q), priority, speed: 1.0 };
    let agents: Vec<u32> =
        (0..n).map(|i| if (6..23).contains(&(i % 24)) { 7 } else { 0 }).collect();
    let groups = vec![
        GroupSpec {
            name: "a".into(),
            skills: vec![s(0, 1)],
            agents: agents.clone(),
            shrinkage: 0.0,
        },
        GroupSpec { name: "b".into(), skills: vec![s(1, 1), s(0, 2)], agents, shrinkage: 0.0 },
    ];
    let h =
        Horizon { interval_s: 3600.0, intervals: n, warmup_intervals: 0, clock: Clock::default() };
    Model::new(
        "days".into(),
        h,
        vec![queue("x", 200.0), queue("y", 300.0)],
        groups,
        PolicyKind::Priority,
    )
    .unwrap()
}

fn customers(trace: &[ContactRecord]) -> BTreeMap<(usize, u64), (f64, f64)> {
    trace
        .iter()
        .map(|r| ((r.queue.index(), r.arrival_s.to_bits()), (r.handle_s, r.patience_s)))
        .collect()
}

fn traced<P: RoutingPolicy>(
    m: &Model,
    s: &Staffing,
    p: &P,
    seed: u64,
) -> (ReplicationTally, Vec<ContactRecord>) {
    let mut trace = Vec::new();
    let t = run_replication(m, s, p, seed, 3, &mut trace).unwrap();
    (t, trace)
}

#[test]
fn a_staffing_change_on_day_three_changes_no_customer_and_no_earlier_day() {
    let m = three_days();
    let p = BuiltinPolicy::new(m.policy());
    let base = m.staffing();
    let mut changed = base.clone();
    let change_at = 48 + 11; // day 3, 11:00
    for (g, fewer) in [(0, 4), (1, 3)] {
        let g = GroupId::new(g);
        changed.set(g, change_at, base.get(g, change_at) - fewer).unwrap();
    }
    for seed in [1, 2] {
        let (ta, a) = traced(&m, &base, &p, seed);
        let (tb, b) = traced(&m, &changed, &p, seed);
        assert_eq!(a.len(), b.len());
        assert_eq!(
            customers(&a),
            customers(&b),
            "every customer brings the same arrival, handle time and patience"
        );
        for i in 0..48 {
            for q in 0..2 {
                assert_eq!(ta.queue_at(i, q), tb.queue_at(i, q), "day {} interval {i}", i / 24 + 1);
            }
            for g in 0..2 {
                assert_eq!(ta.group_at(i, g), tb.group_at(i, g));
            }
        }
        let differs =
            (change_at..72).any(|i| (0..2).any(|q| ta.queue_at(i, q) != tb.queue_at(i, q)));
        assert!(differs, "the change itself is felt (else this test proves nothing)");
    }
}

#[test]
fn a_policy_change_changes_no_customer() {
    let m = bank();
    for seed in [4, 5] {
        let (_, a) = traced(&m, &m.staffing(), &BuiltinPolicy::new(PolicyKind::Priority), seed);
        let (_, b) = traced(&m, &m.staffing(), &BuiltinPolicy::new(PolicyKind::LongestWait), seed);
        assert_eq!(customers(&a), customers(&b));
        let waits = |t: &[ContactRecord]| t.iter().map(|r| r.wait_s).sum::<f64>();
        assert_ne!(waits(&a), waits(&b), "the policies do differ");
    }
}
