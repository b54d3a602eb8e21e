//! Engine properties: conservation, determinism across threads, and skill pooling. (The
//! future-event list is checked against a BTreeMap shadow in `src/sim/event.rs`.)

use crate::common::{exp_queue, find, reference_rows};
use wfmsim::experiment::{run_replications, with_threads};
use wfmsim::model::{Clock, GroupId, GroupSpec, Horizon, Model, QueueId, Skill};
use wfmsim::routing::BuiltinPolicy;
use wfmsim::routing::PolicyKind;
use wfmsim::scenario_file;
use wfmsim::stats::{busy_share, summarise, Estimate, QueueTally};

fn example(name: &str) -> Model {
    scenario_file::parse(scenario_file::embedded(name).unwrap(), name).unwrap()
}

/// The bilingual bank with every routing option in use: bilingual agents help French after
/// 15 s and only while 2 wait, skill-priority agent choice, weights.
fn bank_with_rules() -> Model {
    let text = scenario_file::embedded("bilingual-bank").unwrap();
    let plain = "{ queue = \"french\", priority = 2 }";
    assert!(text.contains(plain));
    let text = text
        .replace(plain, "{ queue = \"french\", priority = 2, after_s = 15, min_waiting = 2 }")
        .replace(
            "policy = \"priority\"",
            "policy = \"priority\"\nagent_choice = \"skill-priority\"\nweights = { french = 2.0 }",
        );
    scenario_file::parse(&text, "bank-rules").unwrap()
}

/// The embedded examples and the rule-bearing bank.
fn all_models() -> Vec<(String, Model)> {
    let mut v: Vec<(String, Model)> =
        scenario_file::EMBEDDED.iter().map(|(n, _)| (n.to_string(), example(n))).collect();
    v.push(("bank-with-rules".into(), bank_with_rules()));
    v
}

#[test]
fn every_offered_contact_is_answered_abandoned_or_called_back() {
    for (name, mut m) in all_models() {
        for kind in PolicyKind::ALL {
            m.set_policy(kind);
            let p = BuiltinPolicy::new(m.routing());
            for t in run_replications(&m, &m.staffing(), &p, 3, 0..4).unwrap() {
                assert_eq!(t.left_in_system, 0, "{name}: the day drains");
                let mut total = 0;
                for i in 0..m.horizon().intervals {
                    for q in 0..m.queues().len() {
                        let x = t.queue_at(i, q);
                        assert_eq!(
                            x.offered,
                            x.answered + x.abandoned + x.callbacks_accepted,
                            "{name} interval {i} queue {q}"
                        );
                        assert_eq!(
                            x.callbacks_accepted,
                            x.callbacks_reached + x.callbacks_not_reached,
                            "{name} interval {i} queue {q}: every callback ends"
                        );
                        assert!(x.answered_within <= x.answered && x.waited <= x.offered);
                        total += x.offered;
                    }
                    for g in 0..m.groups().len() {
                        let y = t.group_at(i, g);
                        assert!(y.busy_s <= y.staffed_s + 1e-6, "{name}: busy ≤ staffed");
                        let agents = m.groups()[g].agents[i] as f64;
                        // The planned agents are on duty all interval; leavers finishing a contact
                        // can only add to that.
                        assert!(
                            y.staffed_s >= agents * m.horizon().interval_s - 1e-6,
                            "{name} i={i} g={g}"
                        );
                    }
                }
                assert_eq!(total, t.contacts, "{name}: every arrival is counted once (no warm-up)");
            }
        }
    }
}

/// A group's busy time in an interval, and its split by skill, are the spans of the services
/// its agents started, each clipped to the interval and to the horizon: rebuilt here from a
/// trace, independently of the recorder (examples without callbacks, whose attempts the trace
/// gives no duration for).
#[test]
fn busy_time_is_the_span_of_the_services_rebuilt_from_a_trace() {
    use wfmsim::sim::{run_replication, ContactRecord, Outcome};
    for (name, m) in all_models() {
        if m.queues().iter().any(|q| q.callback.is_some()) {
            continue;
        }
        let h = m.horizon();
        let (n, ng, nq) = (h.intervals, m.groups().len(), m.queues().len());
        let width = h.interval_s;
        let mut trace: Vec<ContactRecord> = Vec::new();
        let p = BuiltinPolicy::new(m.routing());
        let t = run_replication(&m, &m.staffing(), &p, 11, 0, &mut trace).unwrap();
        let mut busy = vec![0.0; n * ng * nq];
        let mut services = 0;
        for r in &trace {
            let Outcome::Answered { group, service_s } = r.outcome else { continue };
            let start = r.arrival_s + r.wait_s;
            let end = start + service_s;
            for i in (0..n).filter(|&i| start < (i + 1) as f64 * width && end > i as f64 * width) {
                let overlap = end.min((i + 1) as f64 * width) - start.max(i as f64 * width);
                busy[(i * ng + group.index()) * nq + r.queue.index()] += overlap;
            }
            services += 1;
        }
        assert!(services > 100, "{name}: a real workload");
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + b.abs());
        for i in 0..n {
            for g in 0..ng {
                let row = &busy[(i * ng + g) * nq..(i * ng + g + 1) * nq];
                let group = t.group_at(i, g).busy_s;
                assert!(close(group, row.iter().sum()), "{name} i={i} g={g}: {group}");
                for (q, &b) in row.iter().enumerate() {
                    match m.topology().skill_index(GroupId::new(g), QueueId::new(q)) {
                        Some(k) => {
                            assert!(close(t.skill_busy_at(i, k), b), "{name} i={i} g={g} q={q}")
                        }
                        None => assert_eq!(b, 0.0, "{name}: only skilled work"),
                    }
                }
            }
        }
    }
}

#[test]
fn contacts_are_numbered_in_arrival_order() {
    let m = example("bilingual-bank");
    let mut trace: Vec<wfmsim::sim::ContactRecord> = Vec::new();
    wfmsim::sim::run_replication(
        &m,
        &m.staffing(),
        &BuiltinPolicy::new(m.routing()),
        3,
        0,
        &mut trace,
    )
    .unwrap();
    trace.sort_by_key(|r| r.id);
    assert!(trace.len() > 1000);
    for (i, r) in trace.iter().enumerate() {
        assert_eq!(r.id, i as u64, "ids are 0, 1, 2, … with no gap or repeat");
    }
    assert!(trace.windows(2).all(|w| w[0].arrival_s <= w[1].arrival_s), "in arrival order");
}

#[test]
fn staffed_time_matches_the_plan_when_nobody_overstays() {
    // Agents only leave at boundaries when idle or after their call; with a constant plan the
    // staffed time is exactly agents × interval length.
    let m = example("single-queue");
    let p = BuiltinPolicy::new(m.policy());
    let t = &run_replications(&m, &m.staffing(), &p, 9, 0..1).unwrap()[0];
    for i in 0..m.horizon().intervals {
        let y = t.group_at(i, 0);
        assert!((y.staffed_s - 28.0 * 1800.0).abs() < 1e-6, "interval {i}: {}", y.staffed_s);
    }
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let mut m = bank_with_rules();
    for kind in PolicyKind::ALL {
        m.set_policy(kind);
        let p = BuiltinPolicy::new(m.routing());
        let run = |threads| {
            with_threads(Some(threads), || run_replications(&m, &m.staffing(), &p, 42, 0..8))
                .unwrap()
                .unwrap()
        };
        let one = run(1);
        assert_eq!(one, run(2), "{kind:?}");
        let split: Vec<_> = [0..3, 3..8]
            .into_iter()
            .flat_map(|r| run_replications(&m, &m.staffing(), &p, 42, r).unwrap())
            .collect();
        assert_eq!(one, split, "{kind:?}: shards concatenated in order equal one run");
        let other_seed = run_replications(&m, &m.staffing(), &p, 43, 0..8).unwrap();
        assert_ne!(one, other_seed, "the seed matters");
    }
}

#[test]
fn one_group_with_both_skills_equals_pooled_mmc() {
    // French 100/h + English 200/h, one bilingual group of 28, same exponential handle time and
    // patience: the same system as M/M/28+M at 300/h (Erlang A reference row).
    let r = find(&reference_rows(), "erlang_a", 300.0, 300.0, Some(180.0), 28);
    let (warm, n) = (2usize, 100usize);
    let horizon = Horizon {
        interval_s: 3600.0,
        intervals: warm + n,
        warmup_intervals: warm,
        clock: Clock::default(),
    };
    let queues = vec![
        exp_queue("french", 100.0, 300.0, Some(180.0), warm + n),
        exp_queue("english", 200.0, 300.0, Some(180.0), warm + n),
    ];
    let g = GroupSpec {
        name: "bilingual".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0), Skill::new(QueueId::new(1), 1, 1.0)],
        agents: vec![28; warm + n],
        shrinkage: 0.0,
    };
    for kind in PolicyKind::ALL {
        let m = Model::new("pooled".into(), horizon.clone(), queues.clone(), vec![g.clone()], kind)
            .unwrap();
        let p = BuiltinPolicy::new(kind);
        let tallies = run_replications(&m, &m.staffing(), &p, 11, 0..30).unwrap();
        let pooled: Vec<QueueTally> = tallies
            .iter()
            .map(|t| {
                let mut a = t.queue_total(0, warm);
                a.add(&t.queue_total(1, warm));
                a
            })
            .collect();
        let est = |f: fn(&QueueTally) -> Option<f64>| Estimate::from_samples(pooled.iter().map(f));
        // P(wait) and P(abandon) do not depend on the order of service; SL and ASA do, so they
        // are checked only for the policies that serve this pooled system first come, first
        // served (equal priorities and unit weights: the longest-waiting head).
        let fifo = matches!(
            kind,
            PolicyKind::Priority | PolicyKind::LongestWait | PolicyKind::WeightedWait
        );
        let mut checks = vec![
            ("P(wait)", est(QueueTally::p_wait), r.p_wait),
            ("P(abandon)", est(QueueTally::abandon_rate), r.p_abandon),
        ];
        if fifo {
            checks.push(("SL(20)", est(QueueTally::service_level), r.service_level_20s));
            checks.push(("ASA", est(QueueTally::asa_s), r.asa_s));
        }
        for (name, e, exact) in checks {
            // One family: 3 FIFO policies × 4 KPIs + 2 × 2, Bonferroni at family α = 0.2%.
            const LEVEL: f64 = 1.0 - 0.002 / 16.0;
            assert!(
                e.contains(exact, LEVEL),
                "{kind:?} {name}: exact {exact} vs {} ± {}",
                e.mean,
                e.half_width(LEVEL)
            );
        }
    }
}

/// One queue with `rate_per_hour[i]` arrivals and patient callers, one group with `agents[i]`.
fn plan_model(rate_per_hour: &[f64], agents: &[u32]) -> Model {
    let n = agents.len();
    let mut q = exp_queue("q", 0.0, 300.0, None, n);
    q.arrivals.rate_per_s = rate_per_hour.iter().map(|r| r / 3600.0).collect();
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: agents.to_vec(),
        shrinkage: 0.0,
    };
    let h =
        Horizon { interval_s: 3600.0, intervals: n, warmup_intervals: 0, clock: Clock::default() };
    Model::new("plan".into(), h, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

#[test]
fn idle_agents_log_off_at_once_when_the_plan_drops() {
    // Calls only in the first hour; by hour 3 everyone is idle, so a drop from 10 to 2 agents
    // takes effect at the boundary: exactly 2 agent-hours staffed in each of hours 3 and 4.
    let m = plan_model(&[20.0, 0.0, 0.0, 0.0], &[10, 10, 2, 2]);
    let p = BuiltinPolicy::new(m.policy());
    for t in run_replications(&m, &m.staffing(), &p, 5, 0..5).unwrap() {
        let q = t.queue_at(0, 0);
        assert!(q.answered > 0, "calls were served");
        // Service ends within two hours with overwhelming probability (exp(300 s)); the test
        // asserts the exact staffed time of the idle hours.
        assert_eq!(t.group_at(2, 0).staffed_s, 2.0 * 3600.0, "hour 3: {:?}", t.group_at(2, 0));
        assert_eq!(t.group_at(3, 0).staffed_s, 2.0 * 3600.0);
        assert_eq!(t.group_at(2, 0).busy_s, 0.0);
    }
}

#[test]
fn a_group_that_never_worked_has_no_busy_share() {
    // The plan of the test above: calls only in the first hour, so nobody is busy in hours 3
    // and 4. A busy share there is 0 ÷ 0: undefined, not a number that poisons the summary's
    // mean. (Mutation testing found that `all > 0.0` → `all >= 0.0`, a NaN share, went
    // unnoticed.)
    let m = plan_model(&[20.0, 0.0, 0.0, 0.0], &[10, 10, 2, 2]);
    let p = BuiltinPolicy::new(m.policy());
    let (g, q) = (GroupId::new(0), QueueId::new(0));
    let tallies = run_replications(&m, &m.staffing(), &p, 5, 0..5).unwrap();
    for t in &tallies {
        assert_eq!(t.group_at(2, 0).busy_s + t.group_at(3, 0).busy_s, 0.0);
        assert_eq!(busy_share(&m, t, g, q, 2..4), None, "nobody worked in hours 3 and 4");
        // The only skill takes all of the busy time there was.
        assert_eq!(busy_share(&m, t, g, q, 0..4), Some(1.0));
    }
    let s = summarise(&m, &tallies);
    let share_in = |k: usize| s.busy_share_intervals[k][0][0].1;
    assert_eq!((share_in(0).n, share_in(0).mean), (5, 1.0), "hour 1: {:?}", share_in(0));
    for k in 2..4 {
        assert_eq!(share_in(k).n, 0, "hour {}: {:?}", k + 1, share_in(k));
    }
}

#[test]
fn agents_still_finishing_after_a_drop_stay_when_the_plan_rises_again() {
    // One-minute intervals of 10, 2, 10, 10 agents, all busy (a long queue, exp(300 s) calls):
    // at the drop 8 busy agents are marked to leave; a minute later most are still on a call
    // when the plan is back at 10. They stay, and exactly enough others log in: 10 agents on
    // duty for the whole third minute. (Mutation testing found that counting the leavers as
    // on duty instead of off went unnoticed.)
    // Callers hang up after 10 minutes on average: the overload is stable.
    let mut q = exp_queue("q", 0.0, 300.0, Some(600.0), 4);
    q.arrivals.rate_per_s = [2000.0, 600.0, 600.0, 600.0].iter().map(|r| r / 3600.0).collect();
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![10, 2, 10, 10],
        shrinkage: 0.0,
    };
    let h =
        Horizon { interval_s: 60.0, intervals: 4, warmup_intervals: 0, clock: Clock::default() };
    let m = Model::new("plan".into(), h, vec![q], vec![g], PolicyKind::Priority).unwrap();
    let p = BuiltinPolicy::new(m.policy());
    for t in run_replications(&m, &m.staffing(), &p, 9, 0..5).unwrap() {
        assert!(t.group_at(1, 0).staffed_s > 2.0 * 60.0, "leavers were busy at the drop");
        assert_eq!(t.group_at(2, 0).staffed_s, 10.0 * 60.0, "minute 3: {:?}", t.group_at(2, 0));
    }
}

#[test]
fn contacts_nobody_can_serve_after_the_horizon_are_counted_as_left() {
    // Patient callers arrive in the last hour, when no agent is on duty: after the horizon
    // nobody can serve them, so they are reported as left in the system (not lost silently).
    let m = plan_model(&[10.0, 10.0, 30.0], &[4, 4, 0]);
    let p = BuiltinPolicy::new(m.policy());
    let t = &run_replications(&m, &m.staffing(), &p, 8, 0..1).unwrap()[0];
    let last = t.queue_at(2, 0);
    assert!(last.offered > 0);
    assert_eq!(t.left_in_system, last.offered - last.answered, "everyone waiting at the end");
    assert!(t.left_in_system > 0);
    assert!(t.events >= t.contacts, "every arrival is an event: {} < {}", t.events, t.contacts);
}

#[test]
fn busy_agents_log_off_when_their_contact_ends() {
    // A busy hour on 10 agents, then 2: the 8 who leave are busy at the boundary and log off
    // as their calls end (exp(300 s) handle times), so by hours 3 and 4 exactly 2 agents are
    // on duty. Calls keep coming, so agents are busy at the drop.
    let m = plan_model(&[110.0, 10.0, 10.0, 10.0], &[10, 2, 2, 2]);
    let p = BuiltinPolicy::new(m.policy());
    for t in run_replications(&m, &m.staffing(), &p, 6, 0..5).unwrap() {
        let drop = t.group_at(1, 0).staffed_s;
        assert!(drop > 2.0 * 3600.0, "leavers finish their calls in hour 2: {drop}");
        assert_eq!(t.group_at(2, 0).staffed_s, 2.0 * 3600.0, "hour 3: {:?}", t.group_at(2, 0));
        assert_eq!(t.group_at(3, 0).staffed_s, 2.0 * 3600.0);
    }
}
