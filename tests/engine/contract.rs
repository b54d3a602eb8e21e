//! The engine's contract with routing policies and with the customers:
//! - every routing decision is validated in release builds: a policy that breaks the contract
//!   gets a typed error naming it and the decision, never phantom agents;
//! - the per-skill overflow rules (`after_s`, `min_waiting`) behave as documented, and their
//!   limiting cases reduce exactly to no rule or to a group without the skill;
//! - common random numbers: a change of staffing or policy never changes what customers bring,
//!   and leaves every day before the change identical.

use std::collections::BTreeMap;
use wfmsim::experiment::run_replications;
use wfmsim::model::{
    Arrivals, CallbackMode, Clock, Distribution, GroupId, GroupSpec, Horizon, Model, ModelError,
    QueueId, QueueSpec, ServiceLevelTarget, Skill, Staffing,
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

#[test]
fn a_staffing_plan_of_another_shape_is_an_error_not_a_panic() {
    let bank = bank();
    let other = overflow_model(None);
    let (groups, intervals) = (bank.groups().len(), bank.horizon().intervals);
    assert_ne!((groups, intervals), (other.groups().len(), other.horizon().intervals));
    // The constructor checks the plan against its model: rows per group, values per interval.
    let mut rows = bank.staffing().agents().to_vec();
    rows.push(vec![1; intervals]);
    let e = Staffing::new(&bank, rows).unwrap_err();
    assert_eq!(e, ModelError::StaffingShape { got: groups + 1, expected: groups });
    let mut rows = bank.staffing().agents().to_vec();
    rows[1].pop();
    let e = Staffing::new(&bank, rows).unwrap_err();
    assert!(
        matches!(e, ModelError::IntervalCount { got, expected, .. }
        if got == intervals - 1 && expected == intervals),
        "{e:?}"
    );
    // Editing a plan never changes its shape: a cell outside it is an error.
    let mut plan = bank.staffing();
    assert!(plan.set(GroupId::new(groups), 0, 1).is_err());
    assert!(plan.set(GroupId::new(0), intervals, 1).is_err());
    assert_eq!(plan, bank.staffing());
    // A plan checked against one model, handed to the engine with another, is refused before
    // the first event (it would index past the plan's end).
    let e =
        run_replication(&bank, &other.staffing(), &priority(), 1, 0, &mut NoObserver).unwrap_err();
    assert!(matches!(&e, SimError::Staffing(_)), "{e:?}");
    assert!(e.to_string().contains("staffing plan does not fit the model"), "{e}");
    let e = run_replications(&other, &bank.staffing(), &priority(), 1, 0..2).unwrap_err();
    assert!(matches!(e, SimError::Staffing(_)), "{e:?}");
}

/// One queue (λ = 200/h, exp 300 s, patience exp 200 s) served by a primary group of 13 and
/// an overflow group of 5 with `rule` = (after_s, min_waiting) on its skill (or no skill).
fn overflow_model(rule: Option<(f64, u32)>) -> Model {
    let n = 12;
    let q = QueueSpec::plain(
        "q",
        Arrivals { rate_per_s: vec![200.0 / 3600.0; n], busyness_shape: None },
        Distribution::exponential(300.0).unwrap(),
        Some(Distribution::exponential(200.0).unwrap()),
    );
    let skill = Skill::new(QueueId::new(0), 1, 1.0);
    let groups = vec![
        GroupSpec {
            name: "primary".into(),
            skills: vec![skill],
            agents: vec![13; n],
            shrinkage: 0.0,
        },
        GroupSpec {
            name: "overflow".into(),
            skills: rule
                .map(|(after_s, min_waiting)| vec![Skill { after_s, min_waiting, ..skill }])
                .unwrap_or_default(),
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

fn priority() -> BuiltinPolicy {
    BuiltinPolicy::new(PolicyKind::Priority)
}

#[test]
fn after_s_zero_in_a_file_is_no_overflow_rule() {
    let text = scenario_file::embedded("bilingual-bank").unwrap();
    let plain = "{ queue = \"french\", priority = 2 }";
    assert!(text.contains(plain), "the example still has its bilingual French skill");
    let zero =
        text.replace(plain, "{ queue = \"french\", priority = 2, after_s = 0, min_waiting = 1 }");
    let a = scenario_file::parse(text, "bank").unwrap();
    let b = scenario_file::parse(&zero, "bank-zero").unwrap();
    for seed in 1..4 {
        assert_eq!(tallies(&a, &priority(), seed), tallies(&b, &priority(), seed));
    }
}

#[test]
fn an_unreachable_overflow_rule_is_a_group_without_the_skill() {
    let without = overflow_model(None);
    for rule in [(0.0, 1_000_000), (1e9, 1)] {
        let with = overflow_model(Some(rule));
        for seed in 1..4 {
            let a = tallies(&with, &priority(), seed);
            let b = tallies(&without, &priority(), seed);
            // Every contact's fate is the same; only the `ql` announcement differs, since it
            // counts the agents of every group with the skill, gated or not.
            let fates = |t: &ReplicationTally| {
                let mut q = t.queue.clone();
                q.iter_mut().for_each(|x| x.ewt[0] = Default::default());
                q
            };
            assert_eq!(fates(&a), fates(&b), "rule {rule:?}");
            assert_eq!(a.group, b.group, "the overflow group stays idle in both ({rule:?})");
        }
    }
}

fn answered_by_overflow(trace: &[ContactRecord]) -> Vec<(f64, f64)> {
    trace
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Answered { group, .. } if group == GroupId::new(1) => {
                Some((r.arrival_s, r.wait_s))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn after_s_wakes_an_idle_overflow_agent_at_exactly_the_delay() {
    let delay = 30.0;
    let m = overflow_model(Some((delay, 1)));
    let mut trace: Vec<ContactRecord> = Vec::new();
    run_replication(&m, &m.staffing(), &priority(), 5, 0, &mut trace).unwrap();
    let by_overflow = answered_by_overflow(&trace);
    assert!(by_overflow.len() > 50, "the overflow group works: {}", by_overflow.len());
    // (The wait is (arrival + delay) − arrival, which may round one ulp below the delay.)
    assert!(by_overflow.iter().all(|&(_, w)| w >= delay - 1e-9), "never before the delay");
    let at_delay = by_overflow.iter().filter(|&&(_, w)| (w - delay).abs() < 1e-6).count();
    assert!(at_delay > 10, "idle overflow agents are woken at exactly the delay: {at_delay}");
    // And the rule sits between its limiting cases in service level.
    let sl = |t: &ReplicationTally| t.queue_total(0, 0).service_level().unwrap();
    let mid = sl(&tallies(&m, &priority(), 5));
    let none = sl(&tallies(&overflow_model(None), &priority(), 5));
    let free = sl(&tallies(&overflow_model(Some((0.0, 1))), &priority(), 5));
    assert!(
        none < mid && mid < free,
        "overflow after 30 s helps, less than at once: {none} < {mid} < {free}"
    );
}

/// A queue with two overflow delays (15 s for one group, 45 s for another): a waiting contact
/// is woken at each, so an idle agent of the second group takes it at exactly 45 s.
/// (Mutation testing found that a wake-up scheduling the wrong next level went unnoticed.)
#[test]
fn each_overflow_delay_of_a_queue_wakes_its_waiting_contacts() {
    let base = overflow_model(Some((15.0, 1)));
    let mut groups = base.groups().to_vec();
    let late = GroupSpec {
        name: "late".into(),
        skills: vec![Skill { after_s: 45.0, ..groups[1].skills[0] }],
        agents: vec![3; base.horizon().intervals],
        shrinkage: 0.0,
    };
    groups[1].agents.iter_mut().for_each(|a| *a = 2);
    groups.push(late);
    let m = Model::new(
        "two-delays".into(),
        base.horizon().clone(),
        base.queues().to_vec(),
        groups,
        PolicyKind::Priority,
    )
    .unwrap();
    let mut trace: Vec<ContactRecord> = Vec::new();
    run_replication(&m, &m.staffing(), &priority(), 7, 0, &mut trace).unwrap();
    let waits = |g: usize| -> Vec<f64> {
        trace
            .iter()
            .filter_map(|r| match r.outcome {
                Outcome::Answered { group, .. } if group == GroupId::new(g) => Some(r.wait_s),
                _ => None,
            })
            .collect()
    };
    let (mid, late) = (waits(1), waits(2));
    assert!(mid.iter().all(|&w| w >= 15.0 - 1e-9) && late.iter().all(|&w| w >= 45.0 - 1e-9));
    let exactly = |ws: &[f64], d: f64| ws.iter().filter(|&&w| (w - d).abs() < 1e-6).count();
    assert!(exactly(&mid, 15.0) > 10, "woken at 15 s: {}", exactly(&mid, 15.0));
    assert!(exactly(&late, 45.0) > 10, "woken again at 45 s: {}", exactly(&late, 45.0));
}

#[test]
fn min_waiting_takes_the_head_when_an_arrival_reaches_the_count() {
    let m = overflow_model(Some((0.0, 3)));
    let mut trace: Vec<ContactRecord> = Vec::new();
    run_replication(&m, &m.staffing(), &priority(), 6, 0, &mut trace).unwrap();
    let by_overflow = answered_by_overflow(&trace);
    assert!(by_overflow.len() > 50, "the overflow group works: {}", by_overflow.len());
    // Never the newcomer: with 3 needed, the one it takes always waited behind nobody's
    // arrival but its own, so its wait is positive.
    assert!(by_overflow.iter().all(|&(_, w)| w > 0.0), "FIFO: the head, not the newcomer");
    // Most overflow answers happen at the instant of another contact's arrival (the one that
    // brought the line to 3), the rest when an overflow agent frees up.
    let arrivals: std::collections::BTreeSet<u64> =
        trace.iter().map(|r| r.arrival_s.to_bits()).collect();
    let at_arrival =
        by_overflow.iter().filter(|&&(a, w)| arrivals.contains(&(a + w).to_bits())).count();
    assert!(at_arrival * 2 > by_overflow.len(), "{at_arrival} of {}", by_overflow.len());
}

#[test]
fn a_decision_against_an_overflow_rule_is_an_error() {
    // A policy that ignores the rule and sends every arrival to the overflow group.
    struct Eager;
    impl RoutingPolicy for Eager {
        fn name(&self) -> &str {
            "eager"
        }
        fn agent_for_arrival(&self, v: &View<'_>, _: QueueId) -> Option<GroupId> {
            (v.groups[1].idle > 0).then_some(GroupId::new(1))
        }
        fn contact_for_agent(&self, v: &View<'_>, g: GroupId) -> Option<QueueId> {
            priority().contact_for_agent(v, g)
        }
    }
    let m = overflow_model(Some((30.0, 1)));
    let err = run_replication(&m, &m.staffing(), &Eager, 1, 0, &mut NoObserver).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(err, SimError::Routing { violation: Violation::NotEligible { ref group, after_s, .. }, .. } if group == "overflow" && after_s == 30.0),
        "{err:?}"
    );
    assert!(msg.contains("after_s = 30"), "{msg}");
}

/// A policy of its own that keeps the overflow group off until the head has waited
/// `delay_s`, using the wake-up hook of DESIGN.md §3 (no `after_s` in the model).
struct OwnOverflowRule {
    delay_s: f64,
}

impl RoutingPolicy for OwnOverflowRule {
    fn name(&self) -> &str {
        "own-overflow-rule"
    }
    fn agent_for_arrival(&self, v: &View<'_>, q: QueueId) -> Option<GroupId> {
        // (head arrival + delay ≤ now, not now − head arrival ≥ delay: the timer fires at
        // exactly arrival + delay, and the subtraction may round below the delay.)
        let due = v.queues[q.index()].head_arrival_s + self.delay_s <= v.now_s;
        let open = |g: GroupId| g == GroupId::new(0) || due;
        v.topology
            .groups_for(q)
            .iter()
            .map(|(g, _)| *g)
            .find(|&g| v.groups[g.index()].idle > 0 && open(g))
    }
    fn contact_for_agent(&self, v: &View<'_>, g: GroupId) -> Option<QueueId> {
        let q = QueueId::new(0);
        let due = v.queues[0].head_arrival_s + self.delay_s <= v.now_s;
        (v.queues[0].waiting > 0 && (g == GroupId::new(0) || due)).then_some(q)
    }
    fn wake_for_waiting(&self, _: &View<'_>, _: QueueId, arrival_s: f64) -> Option<f64> {
        Some(arrival_s + self.delay_s)
    }
}

#[test]
fn a_policy_woken_at_its_own_delay_matches_the_same_after_s_rule() {
    // The hook and the model's after_s are two roads to the same rule: with the primary group
    // first in line, both give the same tallies.
    let by_hook = overflow_model(Some((0.0, 1)));
    let by_rule = overflow_model(Some((30.0, 1)));
    for seed in 1..4 {
        let a = tallies(&by_hook, &OwnOverflowRule { delay_s: 30.0 }, seed);
        let b = tallies(&by_rule, &priority(), seed);
        assert_eq!(a.queue, b.queue, "seed {seed}");
    }
}

#[test]
fn a_wake_up_in_the_past_is_refused() {
    struct Backwards;
    impl RoutingPolicy for Backwards {
        fn name(&self) -> &str {
            "backwards"
        }
        fn agent_for_arrival(&self, v: &View<'_>, q: QueueId) -> Option<GroupId> {
            priority().agent_for_arrival(v, q)
        }
        fn contact_for_agent(&self, v: &View<'_>, g: GroupId) -> Option<QueueId> {
            priority().contact_for_agent(v, g)
        }
        fn wake_for_waiting(&self, _: &View<'_>, _: QueueId, arrival_s: f64) -> Option<f64> {
            Some(arrival_s - 1.0)
        }
    }
    let m = bank();
    let err = run_replication(&m, &m.staffing(), &Backwards, 1, 0, &mut NoObserver).unwrap_err();
    assert!(matches!(err, SimError::PastEvent(_)), "{err:?}");
}

#[test]
fn overflow_groups_sharing_one_after_s_follow_the_agent_choice() {
    // Two identical overflow groups with after_s = 30: under longest-idle, the longest-idle
    // one takes each woken contact, so they share the work evenly (group order would give the
    // first one nearly all of it).
    let text = r#"
schema_version = 1
name = "twin-overflow"
[horizon]
interval_minutes = 60
intervals = 24
[[queue]]
name = "q"
arrivals_per_hour = 200
handle_time = { distribution = "exponential", mean_s = 300 }
patience = { distribution = "exponential", mean_s = 200 }
service_level = { within_s = 20, target = 0.8 }
[[group]]
name = "primary"
skills = ["q"]
agents = 13
[[group]]
name = "first"
skills = [{ queue = "q", after_s = 30 }]
agents = 3
[[group]]
name = "second"
skills = [{ queue = "q", after_s = 30 }]
agents = 3
"#;
    let m = scenario_file::parse(text, "twin").unwrap();
    let t = tallies(&m, &priority(), 8);
    let handled = |g: usize| t.group_total(g, 0).handled as f64;
    let (a, b) = (handled(1), handled(2));
    assert!(a > 100.0 && b > 100.0, "both overflow groups work: {a} {b}");
    assert!((a - b).abs() < 0.25 * (a + b) / 2.0, "evenly shared: {a} vs {b}");
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
        announce: Default::default(),
        callback: None,
        redial: None,
    };
    let s = |q: usize, priority: u32| Skill::new(QueueId::new(q), priority, 1.0);
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

/// A policy that decides like `priority` and records, at every decision, what `snap` takes
/// of the view (given the freed agent's group, `None` at an arrival).
struct Spy<T> {
    snap: fn(&View<'_>, Option<usize>) -> T,
    seen: std::sync::Mutex<Vec<T>>,
}

impl<T> Spy<T> {
    fn new(snap: fn(&View<'_>, Option<usize>) -> T) -> Self {
        Spy { snap, seen: std::sync::Mutex::new(Vec::new()) }
    }
    fn into_seen(self) -> Vec<T> {
        self.seen.into_inner().unwrap()
    }
}

impl<T: Send> RoutingPolicy for Spy<T> {
    fn name(&self) -> &str {
        "spy"
    }
    fn agent_for_arrival(&self, view: &View<'_>, queue: QueueId) -> Option<GroupId> {
        self.seen.lock().unwrap().push((self.snap)(view, None));
        priority().agent_for_arrival(view, queue)
    }
    fn contact_for_agent(&self, view: &View<'_>, group: GroupId) -> Option<QueueId> {
        self.seen.lock().unwrap().push((self.snap)(view, Some(group.index())));
        priority().contact_for_agent(view, group)
    }
}

/// Each queue's service level so far in the current interval: (time, queue, level).
fn service_levels(view: &View<'_>, _: Option<usize>) -> Vec<(f64, usize, Option<f64>)> {
    view.queues
        .iter()
        .enumerate()
        .map(|(q, qv)| (view.now_s, q, qv.interval_service_level()))
        .collect()
}

/// The live service level a policy reads (`sla-urgency` steers by it) is, at every decision,
/// answered within T ÷ contacts whose wait ended earlier in the same interval, recomputed here
/// from the trace; `None` before the first such contact. (Mutation testing found that counting
/// nothing, or multiplying instead of counting, went unnoticed.)
#[test]
fn the_live_interval_service_level_follows_its_definition_on_a_trace() {
    let m = bank();
    let policy = Spy::new(service_levels);
    let mut trace: Vec<ContactRecord> = Vec::new();
    let tally = run_replication(&m, &m.staffing(), &policy, 3, 0, &mut trace).unwrap();
    // Every contact is at least an arrival and an end (service end or hang-up); the rest are
    // staffing changes and timers: the event count is a count, not noise.
    assert!(
        2 * tally.contacts <= tally.events && tally.events <= 20 * tally.contacts + 10_000,
        "{} events for {} contacts",
        tally.events,
        tally.contacts
    );
    // (end of wait, queue, answered within T) of every answered or abandoned contact.
    let ends: Vec<(f64, usize, bool)> = trace
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Answered { .. } => Some((
                r.arrival_s + r.wait_s,
                r.queue.index(),
                r.wait_s <= m.queues()[r.queue.index()].service_level.threshold_s,
            )),
            Outcome::Abandoned => Some((r.arrival_s + r.wait_s, r.queue.index(), false)),
            _ => None,
        })
        .collect();
    let h = m.horizon();
    let seen: Vec<_> = policy.into_seen().into_iter().flatten().collect();
    let nq = m.queues().len();
    // Decisions per instant (each records one entry per queue).
    let mut per_instant: BTreeMap<u64, usize> = BTreeMap::new();
    for &(t, _, _) in &seen {
        *per_instant.entry(t.to_bits()).or_default() += 1;
    }
    let (mut checked, mut defined) = (0, 0);
    for &(t, q, got) in &seen {
        let i = h.interval_of(t);
        // A decision is asked only when it can start a service, and that service's wait ends
        // at the decision's instant, after it: so the view counts the waits that ended before
        // `t`. Skip interval boundaries and instants with several decisions (the view of the
        // second counts the first's outcome).
        if t >= h.start_of(h.intervals) || t == h.start_of(i) || per_instant[&t.to_bits()] > nq {
            continue;
        }
        let mine: Vec<bool> = ends
            .iter()
            .filter(|e| e.1 == q && e.0 >= h.start_of(i) && e.0 < t)
            .map(|e| e.2)
            .collect();
        let want = (!mine.is_empty())
            .then(|| mine.iter().filter(|&&w| w).count() as f64 / mine.len() as f64);
        match (got, want) {
            (None, None) => {}
            (Some(g), Some(w)) if (g - w).abs() < 1e-12 => defined += 1,
            _ => panic!(
                "queue {q} at {t} s (interval {i}): the view says {got:?}, the trace {want:?}"
            ),
        }
        checked += 1;
    }
    assert!(checked > 1000 && defined > 500, "{checked} decisions checked, {defined} defined");
}

/// One decision as a policy saw it: time, the group of the freed agent deciding (`None` at an
/// arrival), and per group (busy, idle, staffed).
type GroupSighting = (f64, Option<usize>, Vec<(u32, u32, u32)>);

fn group_counts(view: &View<'_>, freed: Option<usize>) -> GroupSighting {
    (view.now_s, freed, view.groups.iter().map(|g| (g.busy, g.idle, g.staffed)).collect())
}

/// At every decision every group's idle + busy agents are its staffed agents, but for the freed
/// agent whose decision it is (neither idle nor busy yet).
fn assert_counts_add_up(seen: &[GroupSighting]) {
    for (t, freed, groups) in seen {
        for (g, &(busy, idle, staffed)) in groups.iter().enumerate() {
            let deciding = (*freed == Some(g)) as u32;
            assert_eq!(
                idle + busy + deciding,
                staffed,
                "group {g} at {t} s: idle {idle}, busy {busy}"
            );
        }
    }
}

/// The busy count a policy reads of each group is, at every decision, the number of that
/// group's services in progress, recounted here from the trace; and idle + busy = staffed
/// (plus the freed agent whose decision it is, neither idle nor busy yet).
/// (Mutation testing found that adding nothing to, or subtracting from, the busy count at a
/// service start went unnoticed: no built-in policy reads it, but a policy may.)
#[test]
fn the_busy_count_a_policy_reads_is_the_services_in_progress() {
    let m = bank();
    let policy = Spy::new(group_counts);
    let mut trace: Vec<ContactRecord> = Vec::new();
    run_replication(&m, &m.staffing(), &policy, 5, 0, &mut trace).unwrap();
    // (start, end, group) of every service.
    let services: Vec<(f64, f64, usize)> = trace
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Answered { group, service_s } => {
                let start = r.arrival_s + r.wait_s;
                Some((start, start + service_s, group.index()))
            }
            _ => None,
        })
        .collect();
    let seen = policy.into_seen();
    let mut per_instant: BTreeMap<u64, usize> = BTreeMap::new();
    for (t, _, _) in &seen {
        *per_instant.entry(t.to_bits()).or_default() += 1;
    }
    const EPS: f64 = 1e-6;
    assert_counts_add_up(&seen);
    let mut checked = 0;
    let mut busy_seen = 0u64;
    for (t, _, groups) in &seen {
        // Skip instants with several decisions (the second sees the first's service). At a
        // decision's instant a service that ends there has ended (its end freed the agent
        // now deciding) and one that starts there is this decision's own: neither counts
        // (the margin absorbs the rounding of the start rebuilt as arrival + wait).
        if per_instant[&t.to_bits()] > 1 {
            continue;
        }
        for (g, &(busy, _, _)) in groups.iter().enumerate() {
            let in_progress = |s: &&(f64, f64, usize)| s.0 < *t - EPS && *t + EPS < s.1;
            let want = services.iter().filter(|s| s.2 == g).filter(in_progress).count();
            assert_eq!(busy as usize, want, "group {g} at {t} s: the view says {busy} busy");
            busy_seen += busy as u64;
        }
        checked += 1;
    }
    assert!(
        checked > 1000 && busy_seen > 10_000,
        "{checked} decisions, {busy_seen} busy agent-sightings"
    );
}

/// Agents calling customers back are busy too: the counts add up at every decision in both
/// callback modes, while attempts are being made. (Mutation testing found that an attempt
/// subtracting from its group's busy count, instead of adding to it, went unnoticed.)
#[test]
fn callback_attempts_keep_the_group_counts_adding_up() {
    for mode in [CallbackMode::KeepPlace, CallbackMode::LowPriority] {
        let m = crate::callbacks::busy_line(3, 30.0, 0.7, mode);
        let policy = Spy::new(group_counts);
        let mut trace: Vec<ContactRecord> = Vec::new();
        run_replication(&m, &m.staffing(), &policy, 7, 0, &mut trace).unwrap();
        let attempts =
            trace.iter().filter(|r| matches!(r.outcome, Outcome::CallbackAttempt { .. })).count();
        let seen = policy.into_seen();
        // Enough of both that a miscount has many chances to show.
        assert!(
            attempts >= 20 && seen.len() >= 50,
            "{mode:?}: {attempts} attempts, {} decisions",
            seen.len()
        );
        assert_counts_add_up(&seen);
    }
}
