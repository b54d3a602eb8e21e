//! Multi-skill routing against an exact reference: a continuous-time Markov chain of two
//! queues and two agent groups with exponential arrivals, handle times and patience, built
//! and solved here (Gauss–Seidel on the balance equations), independent of the engine.
//!
//! The chain's state is (agents of each group busy on each queue, contacts waiting in each
//! queue). Its transitions are the routing rules of `docs/routing.md` written out by hand:
//! an arrival joins its line and an idle agent of an eligible group takes the head
//! (`agent_choice = "skill-priority"`, so the choice depends only on counts); a freed agent
//! takes from its eligible queues by `priority` (distinct levels) or `longest-queue`; a group
//! may take a queue only while at least `min_waiting` contacts wait; speed factors divide the
//! handle time. Stationary KPIs follow from the solution by PASTA and Little's law.
//!
//! Each scenario is one family of checks with a Bonferroni bound on its false-alarm
//! probability (stated per test); each also states the value a specific wrong engine gives
//! and checks that it falls outside the same intervals (power).

use crate::common::exp_queue;
use wfmsim::experiment::run_replications;
use wfmsim::model::{Clock, GroupSpec, Horizon, Model, QueueId, Skill};
use wfmsim::routing::{AgentChoice, BuiltinPolicy, PolicyKind, RoutingConfig};
use wfmsim::stats::{Estimate, ReplicationTally};

/// One skill of the chain: priority, speed, min_waiting.
#[derive(Clone, Copy, Debug)]
struct SkillSpec {
    priority: u32,
    speed: f64,
    min_waiting: u32,
}

fn skill(priority: u32, speed: f64) -> Option<SkillSpec> {
    Some(SkillSpec { priority, speed, min_waiting: 1 })
}

/// Two queues, two groups.
#[derive(Clone, Debug)]
struct Design {
    /// Arrivals per hour of each queue.
    lambda_h: [f64; 2],
    /// Mean handle time of each queue at speed 1, seconds.
    aht_s: [f64; 2],
    /// Mean patience of each queue, seconds.
    patience_s: [f64; 2],
    /// Agents of each group.
    agents: [u32; 2],
    /// `skills[g][q]`.
    skills: [[Option<SkillSpec>; 2]; 2],
    policy: PolicyKind,
    /// Arrivals go to the eligible group with the lowest priority number (skill-priority);
    /// `false` models a wrong engine that always picks the group listed first.
    specialists_first: bool,
}

/// Stationary KPIs of the design.
#[derive(Debug, Clone, Copy)]
struct Kpis {
    abandon: [f64; 2],
    p_wait: [f64; 2],
    mean_wait_all_s: [f64; 2],
    occupancy: [f64; 2],
    /// `busy_share[g][q]`: share of group g's busy time on queue q.
    busy_share: [[f64; 2]; 2],
}

/// Largest line length kept in the chain (the probability mass beyond is checked negligible).
const MAX_LINE: usize = 40;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct State {
    busy: [[u32; 2]; 2],
    line: [usize; 2],
}

impl Design {
    fn idle(&self, s: &State, g: usize) -> u32 {
        self.agents[g] - s.busy[g][0] - s.busy[g][1]
    }

    fn eligible(&self, g: usize, q: usize, waiting: usize) -> bool {
        self.skills[g][q].is_some_and(|k| waiting >= k.min_waiting.max(1) as usize)
    }

    /// After a contact joined queue q's line: which group's idle agent takes the head
    /// (skill-priority: lowest priority number, ties to group 0).
    fn arrival_group(&self, s: &State, q: usize) -> Option<usize> {
        (0..2).filter(|&g| self.idle(s, g) > 0 && self.eligible(g, q, s.line[q])).min_by_key(|&g| {
            let p = self.skills[g][q].map(|k| k.priority);
            (if self.specialists_first { p } else { None }, g)
        })
    }

    /// A freed agent of group g: which queue's head it takes.
    fn freed_queue(&self, s: &State, g: usize) -> Option<usize> {
        let candidates = (0..2).filter(|&q| self.eligible(g, q, s.line[q]));
        let prio = |q: usize| self.skills[g][q].map_or(u32::MAX, |k| k.priority);
        match self.policy {
            PolicyKind::Priority => candidates.min_by_key(|&q| (prio(q), q)),
            PolicyKind::LongestQueue => {
                candidates.min_by_key(|&q| (std::cmp::Reverse(s.line[q]), prio(q), q))
            }
            other => panic!("the chain models priority and longest-queue, not {other:?}"),
        }
    }

    /// Outgoing transitions of `s` with their rates (per second).
    fn transitions(&self, s: &State) -> Vec<(State, f64)> {
        let mut out = Vec::new();
        let mu = |q: usize| 1.0 / self.aht_s[q];
        for q in 0..2 {
            // Arrival: join the line, then maybe an idle agent takes the head.
            let mut t = *s;
            t.line[q] += 1;
            if let Some(g) = self.arrival_group(&t, q) {
                t.line[q] -= 1;
                t.busy[g][q] += 1;
            }
            if t.line[q] <= MAX_LINE {
                out.push((t, self.lambda_h[q] / 3600.0));
            }
            // Abandonment of any one waiting contact.
            if s.line[q] > 0 {
                let mut t = *s;
                t.line[q] -= 1;
                out.push((t, s.line[q] as f64 / self.patience_s[q]));
            }
            // Service ends; the freed agent takes work or idles.
            for g in 0..2 {
                let n = s.busy[g][q];
                if n == 0 {
                    continue;
                }
                let speed = self.skills[g][q].expect("busy on a skill").speed;
                let mut t = *s;
                t.busy[g][q] -= 1;
                if let Some(q2) = self.freed_queue(&t, g) {
                    t.line[q2] -= 1;
                    t.busy[g][q2] += 1;
                }
                out.push((t, n as f64 * mu(q) * speed));
            }
        }
        out
    }

    /// Every state with busy counts within the groups' sizes and lines up to MAX_LINE.
    fn states(&self) -> Vec<State> {
        let mut v = Vec::new();
        for a0 in 0..=self.agents[0] {
            for a1 in 0..=self.agents[0] - a0 {
                for b0 in 0..=self.agents[1] {
                    for b1 in 0..=self.agents[1] - b0 {
                        for n0 in 0..=MAX_LINE {
                            for n1 in 0..=MAX_LINE {
                                let busy = [[a0, a1], [b0, b1]];
                                let ok = (0..2).all(|g| {
                                    (0..2).all(|q| busy[g][q] == 0 || self.skills[g][q].is_some())
                                });
                                if ok {
                                    v.push(State { busy, line: [n0, n1] });
                                }
                            }
                        }
                    }
                }
            }
        }
        v
    }

    /// Solves πQ = 0 by Gauss–Seidel and returns the stationary KPIs.
    fn solve(&self) -> Kpis {
        let states = self.states();
        let lookup: std::collections::HashMap<(u32, u32, u32, u32, usize, usize), usize> = states
            .iter()
            .enumerate()
            .map(|(i, s)| {
                ((s.busy[0][0], s.busy[0][1], s.busy[1][0], s.busy[1][1], s.line[0], s.line[1]), i)
            })
            .collect();
        let key = |s: &State| {
            (s.busy[0][0], s.busy[0][1], s.busy[1][0], s.busy[1][1], s.line[0], s.line[1])
        };
        let n = states.len();
        let mut out_rate = vec![0.0; n];
        let mut incoming: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (i, s) in states.iter().enumerate() {
            for (t, r) in self.transitions(s) {
                if t == *s {
                    continue;
                }
                let j = lookup[&key(&t)];
                out_rate[i] += r;
                incoming[j].push((i, r));
            }
        }
        let mut pi = vec![1.0 / n as f64; n];
        for sweep in 0.. {
            let mut change = 0.0f64;
            for j in 0..n {
                if out_rate[j] == 0.0 {
                    continue;
                }
                let v: f64 = incoming[j].iter().map(|&(i, r)| pi[i] * r).sum::<f64>() / out_rate[j];
                change = change.max((v - pi[j]).abs());
                pi[j] = v;
            }
            let total: f64 = pi.iter().sum();
            pi.iter_mut().for_each(|p| *p /= total);
            if change < 1e-13 || sweep > 20_000 {
                assert!(change < 1e-10, "Gauss–Seidel did not converge: {change}");
                break;
            }
        }
        let tail: f64 = states
            .iter()
            .zip(&pi)
            .filter(|(s, _)| s.line.iter().any(|&l| l >= MAX_LINE - 5))
            .map(|(_, p)| p)
            .sum();
        assert!(tail < 1e-9, "the truncated chain loses mass: {tail}");

        let expect = |f: &dyn Fn(&State) -> f64| -> f64 {
            states.iter().zip(&pi).map(|(s, p)| p * f(s)).sum()
        };
        let mut k = Kpis {
            abandon: [0.0; 2],
            p_wait: [0.0; 2],
            mean_wait_all_s: [0.0; 2],
            occupancy: [0.0; 2],
            busy_share: [[0.0; 2]; 2],
        };
        for q in 0..2 {
            let lambda = self.lambda_h[q] / 3600.0;
            let waiting = expect(&|s| s.line[q] as f64);
            k.abandon[q] = waiting / self.patience_s[q] / lambda;
            k.mean_wait_all_s[q] = waiting / lambda; // Little's law over every arrival
                                                     // PASTA: an arrival waits unless it is the head and an idle agent takes it.
            k.p_wait[q] = 1.0
                - expect(&|s| {
                    let mut t = *s;
                    t.line[q] += 1;
                    (s.line[q] == 0 && self.arrival_group(&t, q).is_some()) as u8 as f64
                });
        }
        for g in 0..2 {
            let busy = [expect(&|s| s.busy[g][0] as f64), expect(&|s| s.busy[g][1] as f64)];
            k.occupancy[g] = (busy[0] + busy[1]) / self.agents[g] as f64;
            for q in 0..2 {
                k.busy_share[g][q] = busy[q] / (busy[0] + busy[1]);
            }
        }
        k
    }

    /// The same design as a wfmsim model: `hours` hourly intervals, the first one a warm-up.
    fn model(&self, hours: usize) -> Model {
        let queues = (0..2)
            .map(|q| {
                let name = ["a", "b"][q];
                exp_queue(name, self.lambda_h[q], self.aht_s[q], Some(self.patience_s[q]), hours)
            })
            .collect();
        let groups = (0..2)
            .map(|g| GroupSpec {
                name: ["g0", "g1"][g].into(),
                skills: (0..2)
                    .filter_map(|q| {
                        let k = self.skills[g][q]?;
                        Some(Skill {
                            min_waiting: k.min_waiting,
                            ..Skill::new(QueueId::new(q), k.priority, k.speed)
                        })
                    })
                    .collect(),
                agents: vec![self.agents[g]; hours],
                shrinkage: 0.0,
            })
            .collect();
        let routing = RoutingConfig {
            policy: self.policy,
            agent_choice: AgentChoice::SkillPriority,
            weights: Vec::new(),
        };
        let h = Horizon {
            interval_s: 3600.0,
            intervals: hours,
            warmup_intervals: 1,
            clock: Clock::default(),
        };
        Model::new("markov".into(), h, queues, groups, routing).unwrap()
    }
}

/// Simulated KPIs per replication over the intervals after the warm-up and before the last
/// (the last one's contacts see arrivals stop behind them).
fn simulated(t: &[ReplicationTally], model: &Model) -> Vec<(String, Estimate)> {
    let n = t[0].intervals;
    let mid = 1..n - 1;
    let mut rows = Vec::new();
    for q in 0..2 {
        let totals: Vec<_> = t
            .iter()
            .map(|r| {
                let mut s = wfmsim::stats::QueueTally::default();
                mid.clone().for_each(|i| s.add(r.queue_at(i, q)));
                s
            })
            .collect();
        let est = |f: fn(&wfmsim::stats::QueueTally) -> Option<f64>| {
            Estimate::from_samples(totals.iter().map(f))
        };
        rows.push((format!("abandon[{q}]"), est(|x| x.abandon_rate())));
        rows.push((format!("p_wait[{q}]"), est(|x| x.p_wait())));
        rows.push((format!("mean_wait_all_s[{q}]"), est(|x| x.mean_wait_all_s())));
    }
    for g in 0..2 {
        let occ = Estimate::from_samples(t.iter().map(|r| {
            let busy: f64 = mid.clone().map(|i| r.group_at(i, g).busy_s).sum();
            let staffed: f64 = mid.clone().map(|i| r.group_at(i, g).staffed_s).sum();
            Some(busy / staffed)
        }));
        rows.push((format!("occupancy[{g}]"), occ));
        for q in 0..2 {
            let Some(k) =
                model.topology().skill_index(wfmsim::model::GroupId::new(g), QueueId::new(q))
            else {
                continue;
            };
            let share = Estimate::from_samples(t.iter().map(|r| {
                let on_q: f64 = mid.clone().map(|i| r.skill_busy_at(i, k)).sum();
                let busy: f64 = mid.clone().map(|i| r.group_at(i, g).busy_s).sum();
                Some(on_q / busy)
            }));
            rows.push((format!("busy_share[{g}][{q}]"), share));
        }
    }
    rows
}

fn exact_rows(k: &Kpis, d: &Design) -> Vec<(String, f64)> {
    let mut rows = Vec::new();
    for q in 0..2 {
        rows.push((format!("abandon[{q}]"), k.abandon[q]));
        rows.push((format!("p_wait[{q}]"), k.p_wait[q]));
        rows.push((format!("mean_wait_all_s[{q}]"), k.mean_wait_all_s[q]));
    }
    for g in 0..2 {
        rows.push((format!("occupancy[{g}]"), k.occupancy[g]));
        for q in 0..2 {
            if d.skills[g][q].is_some() {
                rows.push((format!("busy_share[{g}][{q}]"), k.busy_share[g][q]));
            }
        }
    }
    rows
}

/// Simulates `design` and checks every KPI against the chain at family level `alpha`
/// (Bonferroni over the KPIs); then checks that `wrong` (the chain of a planted bug) differs
/// from the simulation in at least `min_rejected` KPIs at the same level.
fn check(design: &Design, wrong: &Design, min_rejected: usize, seed: u64, alpha: f64) {
    let model = design.model(50);
    let t = run_replications(
        &model,
        &model.staffing(),
        &BuiltinPolicy::new(model.routing()),
        seed,
        0..80,
    )
    .unwrap();
    let sim = simulated(&t, &model);
    let exact = exact_rows(&design.solve(), design);
    let bad = exact_rows(&wrong.solve(), wrong);
    assert_eq!(sim.len(), exact.len());
    let level = 1.0 - alpha / sim.len() as f64;
    let mut report = String::new();
    let mut rejected = 0;
    for ((name, est), ((_, v), (_, w))) in sim.iter().zip(exact.iter().zip(&bad)) {
        report.push_str(&format!(
            "{name}: sim {:.5} ± {:.5}, exact {v:.5}, wrong engine {w:.5}\n",
            est.mean,
            est.half_width(level)
        ));
        assert!(est.contains(*v, level), "{name}: exact value outside the interval\n{report}");
        rejected += !est.contains(*w, level) as usize;
    }
    eprintln!("{report}({rejected} KPIs catch the planted bug)");
    assert!(
        rejected >= min_rejected,
        "only {rejected} KPIs would catch the planted bug (need {min_rejected}):\n{report}"
    );
}

/// The N design: group 0 serves queue a only; group 1 serves b first and a second.
fn n_design(policy: PolicyKind) -> Design {
    Design {
        lambda_h: [40.0, 20.0],
        aht_s: [300.0, 240.0],
        patience_s: [180.0, 240.0],
        agents: [3, 3],
        skills: [[skill(1, 1.0), None], [skill(2, 0.8), skill(1, 1.0)]],
        policy,
        specialists_first: true,
    }
}

#[test]
fn n_design_priority_with_a_slow_overflow_skill() {
    // Family: 10 checks at 1 − 0.001/10 (false alarm ≤ 0.1%). Planted bug: the speed factor
    // of group 1 on queue a ignored.
    let d = n_design(PolicyKind::Priority);
    let mut wrong = d.clone();
    wrong.skills[1][0] = skill(2, 1.0);
    check(&d, &wrong, 2, 21, 0.001);
}

#[test]
fn n_design_longest_queue() {
    // Family: 10 checks at 1 − 0.001/10. Planted bug: `priority` run instead.
    let d = n_design(PolicyKind::LongestQueue);
    let mut wrong = d.clone();
    wrong.policy = PolicyKind::Priority;
    check(&d, &wrong, 2, 22, 0.001);
}

#[test]
fn n_design_min_waiting_overflow() {
    // Group 1 may take queue a only while 3 or more of its contacts wait. Family: 10 checks at
    // 1 − 0.001/10. Planted bug: the rule ignored.
    let mut d = n_design(PolicyKind::Priority);
    d.skills[1][0] = Some(SkillSpec { priority: 2, speed: 0.8, min_waiting: 3 });
    let wrong = n_design(PolicyKind::Priority);
    check(&d, &wrong, 2, 23, 0.001);
}

#[test]
fn x_design_priority_with_speeds() {
    // Each group has a primary queue and helps with the other at priority 2, each at its own
    // speed. Family: 12 checks at 1 − 0.001/12. Planted bug: the priorities of group 1
    // reversed (it serves its secondary queue first).
    let d = Design {
        lambda_h: [30.0, 24.0],
        aht_s: [300.0, 240.0],
        patience_s: [180.0, 240.0],
        agents: [3, 2],
        skills: [[skill(1, 1.0), skill(2, 0.9)], [skill(2, 1.25), skill(1, 1.0)]],
        policy: PolicyKind::Priority,
        specialists_first: true,
    };
    let mut wrong = d.clone();
    wrong.skills[1] = [skill(1, 1.25), skill(2, 1.0)];
    check(&d, &wrong, 2, 24, 0.001);
}

#[test]
fn skill_priority_sends_arrivals_to_specialists_first() {
    // X design where both groups have queue a at different priority numbers: arrivals of a
    // go to group 1 (priority 1 for a) while it has idle agents. Family: 12 checks at
    // 1 − 0.001/12. Planted bug: arrivals go to the group listed first (group 0).
    let d = Design {
        lambda_h: [30.0, 20.0],
        aht_s: [300.0, 240.0],
        patience_s: [180.0, 240.0],
        agents: [2, 3],
        skills: [[skill(2, 1.0), skill(1, 1.0)], [skill(1, 1.0), skill(2, 1.0)]],
        policy: PolicyKind::Priority,
        specialists_first: true,
    };
    let mut wrong = d.clone();
    wrong.specialists_first = false;
    check(&d, &wrong, 1, 25, 0.001);
}
