//! Callbacks and redials against exact references: continuous-time Markov chains of one queue
//! served by one agent group, with exponential inter-arrival, handle, patience, attempt and
//! redial times, built and solved here, independent of the engine.
//!
//! - Callbacks (`low-priority`, one attempt): the state is (x agents serving an inbound contact
//!   or a reached callback, y agents on an unreached attempt, q inbound contacts waiting,
//!   v callbacks in the virtual queue). An arrival takes an idle agent if one exists; else it is
//!   announced `ql` = (q + 1) × AHT ÷ c and, when that exceeds the threshold, offered a
//!   callback, which it accepts with its probability (v + 1) or else it waits (q + 1). A freed
//!   agent takes the inbound head, else the first callback (reached: a service at rate μ, the
//!   contact's own handle time; not reached: an attempt at rate α), else idles.
//! - Redials (no limit): the state is (n contacts in the system, o customers waiting to
//!   redial). Arrivals come at λ + oδ; an abandoning customer joins the orbit with probability p.
//!
//! The chains are block tridiagonal in their slow coordinate (v, o) and are solved exactly by
//! eliminating it level by level; the balance residual is asserted. Stationary KPIs follow by
//! PASTA (the redial chain's arrivals are not Poisson: states are weighted by their arrival
//! rate λ + oδ) and Little's law. Each KPI is a ratio E[X] ÷ E[Y] of per-replication totals,
//! checked with Fieller's interval (no ratio bias); the engine's own KPI functions are checked
//! to be those ratios. Each test is one family of checks with a Bonferroni bound on its
//! false-alarm probability (stated per test); each also states the values specific wrong
//! engines give and checks that each falls outside the same intervals in at least two KPIs
//! (power).

use crate::common::exp_queue;
use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;
use wfmsim::experiment::run_replications;
use wfmsim::model::{
    CallbackMode, CallbackSpec, Clock, Distribution, GroupSpec, Horizon, Model, Predictor, QueueId,
    QueueSpec, RedialSpec, Skill,
};
use wfmsim::routing::{BuiltinPolicy, PolicyKind};
use wfmsim::stats::{Estimate, GroupTally, QueueTally};

/// Family-wise false-alarm probability of each test (Bonferroni over its intervals).
const FAMILY_ALPHA: f64 = 1e-3;

/// A dense row-major matrix (the blocks of one level of a chain).
#[derive(Clone)]
struct Mat {
    rows: usize,
    cols: usize,
    a: Vec<f64>,
}

impl Mat {
    fn zeros(rows: usize, cols: usize) -> Self {
        Mat { rows, cols, a: vec![0.0; rows * cols] }
    }

    fn at(&mut self, i: usize, j: usize) -> &mut f64 {
        &mut self.a[i * self.cols + j]
    }

    fn get(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.cols + j]
    }

    fn mul(&self, o: &Mat) -> Mat {
        assert_eq!(self.cols, o.rows);
        let mut p = Mat::zeros(self.rows, o.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let x = self.get(i, k);
                if x != 0.0 {
                    for j in 0..o.cols {
                        p.a[i * o.cols + j] += x * o.a[k * o.cols + j];
                    }
                }
            }
        }
        p
    }

    /// X with X·self = b (self square and nonsingular): Gaussian elimination with partial
    /// pivoting on selfᵀ·Xᵀ = bᵀ.
    fn solve_left(&self, b: &Mat) -> Mat {
        let (m, k) = (self.rows, b.rows);
        assert!(self.cols == m && b.cols == m);
        // Augmented [selfᵀ | bᵀ], m × (m + k).
        let w = m + k;
        let mut t = vec![0.0; m * w];
        for i in 0..m {
            for j in 0..m {
                t[j * w + i] = self.get(i, j);
            }
            for r in 0..k {
                t[i * w + m + r] = b.get(r, i);
            }
        }
        for col in 0..m {
            let pivot = (col..m)
                .max_by(|&x, &y| t[x * w + col].abs().total_cmp(&t[y * w + col].abs()))
                .unwrap();
            assert!(t[pivot * w + col] != 0.0, "singular block");
            if pivot != col {
                for j in 0..w {
                    t.swap(pivot * w + j, col * w + j);
                }
            }
            let d = t[col * w + col];
            for row in col + 1..m {
                let f = t[row * w + col] / d;
                if f != 0.0 {
                    for j in col..w {
                        t[row * w + j] -= f * t[col * w + j];
                    }
                }
            }
        }
        let mut x = Mat::zeros(k, m);
        for r in 0..k {
            for i in (0..m).rev() {
                let mut v = t[i * w + m + r];
                for j in i + 1..m {
                    v -= t[i * w + j] * x.get(r, j);
                }
                *x.at(r, i) = v / t[i * w + i];
            }
        }
        x
    }
}

/// Stationary distribution of the finite chain on `states` with outgoing `transitions`.
///
/// `level` is the slow coordinate (the virtual queue, the orbit), which every transition moves
/// by at most one: the generator is block tridiagonal, and the balance equations are solved
/// exactly by eliminating the levels from the top down (linear level reduction: π_{l+1} =
/// π_l R_l with R_l = A⁺_l (−N_{l+1})⁻¹, N_l = A⁰_l + R_l A⁻_{l+1}). Gauss–Seidel, as in
/// `markov.rs`, needs tens of thousands of sweeps on the wrong engines' chains whose orbit or
/// virtual queue relaxes over many hours; the direct solve has no convergence to judge.
/// Transitions out of `states` (beyond a truncation bound) are dropped: the callers assert
/// that the mass near the bounds is negligible. The balance residual is asserted tiny.
fn stationary<S: Copy + Eq + Hash>(
    states: &[S],
    transitions: impl Fn(&S) -> Vec<(S, f64)>,
    level: impl Fn(&S) -> usize,
) -> Vec<f64> {
    let lookup: HashMap<S, usize> = states.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let n = states.len();
    let levels: Vec<usize> = states.iter().map(&level).collect();
    let nl = levels.iter().max().map_or(0, |m| m + 1);
    // Each state's place within its level.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); nl];
    let mut place = vec![0; n];
    for (i, &l) in levels.iter().enumerate() {
        place[i] = members[l].len();
        members[l].push(i);
    }
    let size = |l: usize| members[l].len();
    // Blocks: within a level (generator, diagonal included), one level up, one level down.
    let mut within: Vec<Mat> = (0..nl).map(|l| Mat::zeros(size(l), size(l))).collect();
    let mut up: Vec<Mat> = (0..nl - 1).map(|l| Mat::zeros(size(l), size(l + 1))).collect();
    let mut down: Vec<Mat> = (1..nl).map(|l| Mat::zeros(size(l), size(l - 1))).collect();
    let mut edges = Vec::new();
    for (i, s) in states.iter().enumerate() {
        let (l, p) = (levels[i], place[i]);
        for (t, r) in transitions(s) {
            if t == *s || r == 0.0 {
                continue;
            }
            let Some(&j) = lookup.get(&t) else { continue };
            edges.push((i, j, r));
            *within[l].at(p, p) -= r;
            match levels[j] as i64 - l as i64 {
                0 => *within[l].at(p, place[j]) += r,
                1 => *up[l].at(p, place[j]) += r,
                -1 => *down[l - 1].at(p, place[j]) += r,
                jump => panic!("the level moves by ±1 at most, not {jump}"),
            }
        }
    }
    // Eliminate from the top level down.
    let mut reduced = within[nl - 1].clone();
    let mut r: Vec<Mat> = vec![Mat::zeros(0, 0); nl - 1];
    for l in (0..nl - 1).rev() {
        let mut neg = reduced;
        neg.a.iter_mut().for_each(|x| *x = -*x);
        r[l] = neg.solve_left(&up[l]);
        reduced = within[l].clone();
        let feedback = r[l].mul(&down[l]);
        reduced.a.iter_mut().zip(&feedback.a).for_each(|(x, y)| *x += y);
    }
    // π_0 · reduced = 0 with Σ π_0 = 1: the last equation replaced by the normalisation.
    let m0 = size(0);
    for i in 0..m0 {
        *reduced.at(i, m0 - 1) = 1.0;
    }
    let mut e = Mat::zeros(1, m0);
    *e.at(0, m0 - 1) = 1.0;
    let mut by_level = vec![reduced.solve_left(&e)];
    for rl in &r {
        let next = by_level.last().expect("level 0 is solved").mul(rl);
        by_level.push(next);
    }
    let mut pi = vec![0.0; n];
    for (l, row) in by_level.iter().enumerate() {
        for (p, &i) in members[l].iter().enumerate() {
            pi[i] = row.get(0, p);
        }
    }
    let total: f64 = pi.iter().sum();
    pi.iter_mut().for_each(|p| *p /= total);
    assert!(pi.iter().all(|p| *p > -1e-15), "a negative probability");
    // Balance residual relative to the mean outflow rate.
    let mut net = vec![0.0; n];
    for &(i, j, r) in &edges {
        net[i] -= pi[i] * r;
        net[j] += pi[i] * r;
    }
    let flow: f64 = edges.iter().map(|&(i, _, r)| pi[i] * r).sum();
    let residual: f64 = net.iter().map(|x| x.abs()).sum();
    assert!(residual < 1e-10 * flow, "balance residual {residual} (flow {flow})");
    pi
}

// ---- callbacks ------------------------------------------------------------------------------

/// One queue, one group, `low-priority` callbacks with one attempt each.
#[derive(Clone, Debug)]
struct CallbackDesign {
    lambda_h: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    /// Offer a callback when the announced `ql` exceeds this, seconds.
    offer_when_ewt_s: f64,
    accept: f64,
    reach: f64,
    /// Mean agent time of an unreached attempt, seconds.
    attempt_s: f64,
    /// `false` models a wrong engine whose freed agents take a callback before the inbound
    /// head.
    inbound_first: bool,
    /// `false` models a wrong engine whose `ql` leaves the newcomer out (q × AHT ÷ c).
    newcomer_counted: bool,
    /// Largest inbound line and virtual queue kept in the chain (the mass near them is
    /// checked negligible).
    max_q: u32,
    max_v: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct CbState {
    x: u32,
    y: u32,
    q: u32,
    v: u32,
}

impl CallbackDesign {
    /// An arrival that finds `q` contacts waiting (and every agent busy) is offered a callback.
    fn offered_callback(&self, q: u32) -> bool {
        let place = q + self.newcomer_counted as u32;
        place as f64 * self.aht_s / self.agents as f64 > self.offer_when_ewt_s
    }

    /// A freed agent picks its next work in `s` (which no longer counts it): the resulting
    /// states with their probabilities.
    fn free(&self, s: CbState) -> Vec<(CbState, f64)> {
        let inbound = CbState { x: s.x + 1, q: s.q - 1, ..s };
        let callback = [
            (CbState { x: s.x + 1, v: s.v.wrapping_sub(1), ..s }, self.reach),
            (CbState { y: s.y + 1, v: s.v.wrapping_sub(1), ..s }, 1.0 - self.reach),
        ];
        let take_callback = s.v > 0 && (s.q == 0 || !self.inbound_first);
        if take_callback {
            callback.to_vec()
        } else if s.q > 0 {
            vec![(inbound, 1.0)]
        } else {
            vec![(s, 1.0)]
        }
    }

    fn transitions(&self, s: &CbState) -> Vec<(CbState, f64)> {
        let s = *s;
        let c = self.agents;
        let lambda = self.lambda_h / 3600.0;
        let mut out = Vec::new();
        if s.x + s.y < c {
            out.push((CbState { x: s.x + 1, ..s }, lambda));
        } else {
            let wait = CbState { q: s.q + 1, ..s };
            if self.offered_callback(s.q) {
                out.push((CbState { v: s.v + 1, ..s }, lambda * self.accept));
                out.push((wait, lambda * (1.0 - self.accept)));
            } else {
                out.push((wait, lambda));
            }
        }
        if s.q > 0 {
            out.push((CbState { q: s.q - 1, ..s }, s.q as f64 / self.patience_s));
        }
        if s.x > 0 {
            let rate = s.x as f64 / self.aht_s;
            let freed = self.free(CbState { x: s.x - 1, ..s });
            out.extend(freed.into_iter().map(|(t, p)| (t, rate * p)));
        }
        if s.y > 0 {
            let rate = s.y as f64 / self.attempt_s;
            let freed = self.free(CbState { y: s.y - 1, ..s });
            out.extend(freed.into_iter().map(|(t, p)| (t, rate * p)));
        }
        out
    }

    /// Every state, level by level (the virtual queue outermost): with an idle agent nobody
    /// waits; with every agent busy, any line and virtual queue up to the bounds.
    fn states(&self) -> Vec<CbState> {
        let c = self.agents;
        let idle = (0..c).flat_map(|x| (0..c - x).map(move |y| CbState { x, y, q: 0, v: 0 }));
        let busy = (0..=self.max_v).flat_map(|v| {
            (0..=c).flat_map(move |x| (0..=self.max_q).map(move |q| CbState { x, y: c - x, q, v }))
        });
        idle.chain(busy).collect()
    }

    /// The stationary KPIs, in the order of [`callback_kpis`].
    fn solve(&self) -> Vec<f64> {
        let states = self.states();
        let pi = stationary(&states, |s| self.transitions(s), |s| s.v as usize);
        let tail: f64 = states
            .iter()
            .zip(&pi)
            .filter(|(s, _)| s.q + 5 >= self.max_q || s.v + 5 >= self.max_v)
            .map(|(_, p)| p)
            .sum();
        assert!(tail < 1e-9, "the truncated chain loses mass: {tail}");
        let expect = |f: &dyn Fn(&CbState) -> f64| -> f64 {
            states.iter().zip(&pi).map(|(s, p)| p * f(s)).sum()
        };
        let c = self.agents;
        let lambda = self.lambda_h / 3600.0;
        // PASTA: an arrival has to wait when every agent is busy; it is offered a callback
        // when its announced `ql` exceeds the threshold.
        let all_busy = expect(&|s| (s.x + s.y == c) as u8 as f64);
        let offer = expect(&|s| (s.x + s.y == c && self.offered_callback(s.q)) as u8 as f64);
        let accept = offer * self.accept;
        let waiting = expect(&|s| s.q as f64);
        let virtual_queue = expect(&|s| s.v as f64);
        vec![
            waiting / self.patience_s / lambda,
            all_busy - accept,
            // Little's law over the contacts that stay in line (accepted callbacks never wait).
            waiting / (lambda * (1.0 - accept)),
            expect(&|s| (s.x + s.y) as f64) / c as f64,
            offer,
            accept,
            // Little's law over the virtual queue: acceptance to the (only) attempt.
            virtual_queue / (lambda * accept),
            self.reach,
        ]
    }

    fn model(&self, hours: usize, warmup: usize) -> Model {
        let mut q = exp_queue("q", self.lambda_h, self.aht_s, Some(self.patience_s), hours);
        q.announce = Predictor::QueueLength;
        q.callback = Some(CallbackSpec {
            offer_when_ewt_s: self.offer_when_ewt_s,
            accept_probability: self.accept,
            mode: CallbackMode::LowPriority,
            reach_probability: self.reach,
            attempt_time: Distribution::exponential(self.attempt_s).unwrap(),
            promise_s: 900.0,
            handle_time: None,
            max_attempts: 1,
            retry_after_s: 0.0,
            target: None,
        });
        single_group_model("callbacks", q, self.agents, hours, warmup)
    }
}

fn single_group_model(name: &str, q: QueueSpec, agents: u32, hours: usize, warmup: usize) -> Model {
    let g = GroupSpec {
        name: "g".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![agents; hours],
        shrinkage: 0.0,
    };
    let h = Horizon {
        interval_s: 3600.0,
        intervals: hours,
        warmup_intervals: warmup,
        clock: Clock::default(),
    };
    Model::new(name.into(), h, vec![q], vec![g], PolicyKind::Priority).unwrap()
}

/// Simulation plan: `hours` hourly intervals; statistics over `warmup..hours - tail` (the
/// system starts empty; arrivals stop at the end of the horizon and redials due after it are
/// lost, so the last hours are left out too).
#[derive(Clone, Copy)]
struct Plan {
    hours: usize,
    warmup: usize,
    tail: usize,
    replications: u32,
}

impl Plan {
    fn window(&self) -> Range<usize> {
        self.warmup..self.hours - self.tail
    }
}

/// A KPI of one replication's queue and group totals.
type KpiFn = Box<dyn Fn(&QueueTally, &GroupTally) -> Option<f64>>;
/// A KPI's numerator and denominator from one replication's totals.
type PartsFn = Box<dyn Fn(&QueueTally, &GroupTally) -> (f64, f64)>;

/// A simulated KPI: the engine's function of one replication's totals (`stats::kpi`), and the
/// same KPI written out as numerator and denominator (DESIGN.md §4).
struct Kpi {
    name: &'static str,
    engine: KpiFn,
    parts: PartsFn,
}

fn kpi(
    name: &'static str,
    engine: impl Fn(&QueueTally, &GroupTally) -> Option<f64> + 'static,
    parts: impl Fn(&QueueTally, &GroupTally) -> (f64, f64) + 'static,
) -> Kpi {
    Kpi { name, engine: Box::new(engine), parts: Box::new(parts) }
}

/// A ratio KPI θ = E[X] ÷ E[Y] over replications, from each replication's (X, Y).
///
/// A value θ lies in the interval at `level` when the Student-t interval of the mean of
/// X − θY contains 0 (Fieller's interval): E[X − θY] = 0 exactly at the true θ, whereas the
/// mean of per-replication ratios X/Y carries a bias of order 1/E[Y] (callbacks, a few hundred
/// per replication, bunch in busy periods), which would eat into the false-alarm budget.
struct Ratio {
    parts: Vec<(f64, f64)>,
}

impl Ratio {
    /// The pooled ratio ΣX ÷ ΣY.
    fn pooled(&self) -> f64 {
        let (x, y) = self.parts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        x / y
    }

    fn residual(&self, theta: f64) -> Estimate {
        Estimate::from_samples(self.parts.iter().map(|(x, y)| Some(x - theta * y)))
    }

    fn contains(&self, theta: f64, level: f64) -> bool {
        self.residual(theta).contains(0.0, level)
    }

    /// Half-width of the interval around the pooled ratio (delta method), for reports.
    fn half_width(&self, level: f64) -> f64 {
        let mean_y = self.parts.iter().map(|p| p.1).sum::<f64>() / self.parts.len() as f64;
        self.residual(self.pooled()).half_width(level) / mean_y
    }
}

/// Runs `plan` on `model` and returns each KPI's (numerator, denominator) per replication over
/// the plan's window, having checked that the engine's KPI function of every replication's
/// totals is that ratio, and that `identity` holds for every replication's queue totals.
fn simulate(
    model: &Model,
    plan: Plan,
    seed: u64,
    kpis: &[Kpi],
    identity: impl Fn(&QueueTally),
) -> Vec<Ratio> {
    let t = run_replications(
        model,
        &model.staffing(),
        &BuiltinPolicy::new(model.routing()),
        seed,
        0..plan.replications,
    )
    .unwrap();
    let totals: Vec<_> =
        t.iter().map(|r| (r.queue_sum(0, plan.window()), r.group_sum(0, plan.window()))).collect();
    totals.iter().for_each(|(q, _)| identity(q));
    kpis.iter()
        .map(|k| {
            let parts: Vec<_> = totals.iter().map(|(q, g)| (k.parts)(q, g)).collect();
            for ((q, g), &(x, y)) in totals.iter().zip(&parts) {
                let expected = (y > 0.0).then(|| x / y);
                let engine = (k.engine)(q, g);
                let same = match (engine, expected) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                    (a, b) => a == b,
                };
                assert!(same, "{}: engine KPI {engine:?}, its definition {expected:?}", k.name);
            }
            Ratio { parts }
        })
        .collect()
}

/// Checks every simulated KPI against `exact` at family level [`FAMILY_ALPHA`] (Bonferroni over
/// the KPIs); then checks that each planted bug's values differ from the simulation in at
/// least `min_rejected` KPIs at the same level.
fn check(
    kpis: &[Kpi],
    sim: &[Ratio],
    exact: &[f64],
    wrong: &[(&str, Vec<f64>)],
    min_rejected: usize,
) {
    assert_eq!(sim.len(), exact.len());
    let level = 1.0 - FAMILY_ALPHA / sim.len() as f64;
    let mut report = String::new();
    for (i, (k, est)) in kpis.iter().zip(sim).enumerate() {
        report.push_str(&format!(
            "{}: sim {:.5} ± {:.5}, exact {:.5}",
            k.name,
            est.pooled(),
            est.half_width(level),
            exact[i]
        ));
        for (bug, w) in wrong {
            let caught = if est.contains(w[i], level) { "" } else { " *" };
            report.push_str(&format!(", {bug} {:.5}{caught}", w[i]));
        }
        report.push('\n');
    }
    eprintln!("{report}");
    for (i, (k, est)) in kpis.iter().zip(sim).enumerate() {
        let name = k.name;
        assert!(
            est.contains(exact[i], level),
            "{name}: exact value outside the interval\n{report}"
        );
    }
    for (bug, w) in wrong {
        let rejected = sim.iter().zip(w).filter(|(est, v)| !est.contains(**v, level)).count();
        assert!(
            rejected >= min_rejected,
            "{bug}: only {rejected} KPIs would catch it (need {min_rejected}):\n{report}"
        );
    }
}

/// 80 replications of 30 hours, statistics over hours 4 to 27 (measured: at 4,000
/// replications every KPI of every design lies within 1.8 standard errors of the exact value,
/// so the warm-up, the end of the horizon and the estimator leave no visible bias).
const PLAN: Plan = Plan { hours: 30, warmup: 4, tail: 3, replications: 80 };

/// The callback family's KPIs, in the order of [`CallbackDesign::solve`].
fn callback_kpis() -> Vec<Kpi> {
    let n = |x: u64| x as f64;
    vec![
        kpi("abandon", |q, _| q.abandon_rate(), move |q, _| (n(q.abandoned), n(q.offered))),
        kpi("p_wait", |q, _| q.p_wait(), move |q, _| (n(q.waited), n(q.offered))),
        kpi(
            "mean_wait_all_s",
            |q, _| q.mean_wait_all_s(),
            move |q, _| (q.wait_answered_s + q.wait_abandoned_s, n(q.answered + q.abandoned)),
        ),
        kpi("occupancy", |_, g| g.occupancy(), |_, g| (g.busy_s, g.staffed_s)),
        kpi(
            "callback_offer_rate",
            |q, _| q.callback_offer_rate(),
            move |q, _| (n(q.callbacks_offered), n(q.offered)),
        ),
        kpi(
            "callback_accept_rate",
            |q, _| q.callback_accept_rate(),
            move |q, _| (n(q.callbacks_accepted), n(q.offered)),
        ),
        kpi(
            "callback_delay_s",
            |q, _| q.callback_delay_s(),
            move |q, _| (q.callback_delay_s, n(q.callbacks_attempted)),
        ),
        kpi(
            "callback_reach_rate",
            |q, _| q.callback_reach_rate(),
            move |q, _| (n(q.callbacks_reached), n(q.callbacks_accepted)),
        ),
    ]
}

fn check_callbacks(d: &CallbackDesign, wrong: &[(&str, CallbackDesign)], seed: u64) {
    let exact = d.solve();
    let wrong: Vec<_> = wrong.iter().map(|(name, w)| (*name, w.solve())).collect();
    let kpis = callback_kpis();
    // Every contact ends answered, abandoned or in the virtual queue, and every callback is
    // attempted once (the day drains), reached or not.
    let identity = |q: &QueueTally| {
        assert_eq!(q.offered, q.answered + q.abandoned + q.callbacks_accepted, "{q:?}");
        assert_eq!(q.callbacks_attempted, q.callbacks_accepted, "{q:?}");
        assert_eq!(q.callbacks_reached + q.callbacks_not_reached, q.callbacks_accepted, "{q:?}");
    };
    let sim = simulate(&d.model(PLAN.hours, PLAN.warmup), PLAN, seed, &kpis, identity);
    check(&kpis, &sim, &exact, &wrong, 2);
}

#[test]
fn callbacks_offered_to_every_delayed_caller() {
    // M/M/3+M at 1.0 Erlang per agent; `ql` ≥ AHT/3 = 100 s > 60 s, so every delayed caller
    // is offered a callback; half accept, 80% are reached. Family: 8 checks at 1 − 0.001/8
    // (false alarm ≤ 0.1%). Planted bugs: callbacks served before inbound; reach ignored.
    let d = CallbackDesign {
        lambda_h: 36.0,
        aht_s: 300.0,
        patience_s: 300.0,
        agents: 3,
        offer_when_ewt_s: 60.0,
        accept: 0.5,
        reach: 0.8,
        attempt_s: 60.0,
        inbound_first: true,
        newcomer_counted: true,
        max_q: 40,
        max_v: 120,
    };
    let callbacks_first = CallbackDesign { inbound_first: false, ..d.clone() };
    let reach_ignored = CallbackDesign { reach: 1.0, ..d.clone() };
    check_callbacks(
        &d,
        &[("callbacks-first", callbacks_first), ("reach-ignored", reach_ignored)],
        31,
    );
}

#[test]
fn callbacks_all_accepted_above_a_mid_threshold() {
    // M/M/2+M at 0.9 Erlang per agent; `ql` = (q + 1) × 120 s > 300 s from the third delayed
    // caller in line on (q ≥ 2), and all of them accept and are reached. Family: 8 checks at
    // 1 − 0.001/8. Planted bugs: threshold ignored; callbacks served before inbound; `ql`
    // leaves the newcomer out (offers from q ≥ 3).
    let d = CallbackDesign {
        lambda_h: 27.0,
        aht_s: 240.0,
        patience_s: 300.0,
        agents: 2,
        offer_when_ewt_s: 300.0,
        accept: 1.0,
        reach: 1.0,
        attempt_s: 60.0,
        inbound_first: true,
        newcomer_counted: true,
        max_q: 8,
        max_v: 300,
    };
    let threshold_ignored = CallbackDesign { offer_when_ewt_s: 0.0, ..d.clone() };
    let callbacks_first = CallbackDesign { inbound_first: false, ..d.clone() };
    let ql_without_newcomer = CallbackDesign { newcomer_counted: false, max_q: 12, ..d.clone() };
    check_callbacks(
        &d,
        &[
            ("threshold-ignored", threshold_ignored),
            ("callbacks-first", callbacks_first),
            ("ql-without-newcomer", ql_without_newcomer),
        ],
        32,
    );
}

#[test]
fn callbacks_rarely_accepted_or_reached_under_overload() {
    // M/M/4+M at 1.1 Erlang per agent; `ql` = (q + 1) × 45 s > 120 s for q ≥ 2; 30% accept,
    // 60% are reached, an unreached attempt takes 45 s. Family: 8 checks at 1 − 0.001/8.
    // Planted bugs: threshold ignored; reach ignored; `ql` leaves the newcomer out.
    let d = CallbackDesign {
        lambda_h: 88.0,
        aht_s: 180.0,
        patience_s: 200.0,
        agents: 4,
        offer_when_ewt_s: 120.0,
        accept: 0.3,
        reach: 0.6,
        attempt_s: 45.0,
        inbound_first: true,
        newcomer_counted: true,
        max_q: 40,
        max_v: 120,
    };
    let threshold_ignored = CallbackDesign { offer_when_ewt_s: 0.0, ..d.clone() };
    let reach_ignored = CallbackDesign { reach: 1.0, ..d.clone() };
    let ql_without_newcomer = CallbackDesign { newcomer_counted: false, ..d.clone() };
    check_callbacks(
        &d,
        &[
            ("threshold-ignored", threshold_ignored),
            ("reach-ignored", reach_ignored),
            ("ql-without-newcomer", ql_without_newcomer),
        ],
        33,
    );
}

// ---- redials --------------------------------------------------------------------------------

/// One queue, one group; an abandoning customer redials with probability `p` after an
/// exponential delay, any number of times.
#[derive(Clone, Debug)]
struct RedialDesign {
    lambda_h: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    p: f64,
    delay_s: f64,
    /// `true` models a wrong engine that ignores the delay: the redialling customer calls
    /// again at once (joins the back of the line; the orbit stays empty).
    delay_ignored: bool,
    /// Largest number in the system and in the orbit kept in the chain.
    max_n: u32,
    max_o: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct RdState {
    /// Contacts in the system (in service or waiting).
    n: u32,
    /// Customers who abandoned and will redial (the orbit).
    o: u32,
}

impl RedialDesign {
    fn transitions(&self, s: &RdState) -> Vec<(RdState, f64)> {
        let (n, o, c) = (s.n, s.o, self.agents);
        let mut out = vec![
            (RdState { n: n + 1, o }, self.lambda_h / 3600.0),
            (RdState { n: n + 1, o: o.wrapping_sub(1) }, o as f64 / self.delay_s),
        ];
        if n > 0 {
            out.push((RdState { n: n - 1, o }, n.min(c) as f64 / self.aht_s));
        }
        if n > c {
            let abandon = (n - c) as f64 / self.patience_s;
            // (A customer who redials at once leaves the state as it was.)
            if !self.delay_ignored {
                out.push((RdState { n: n - 1, o: o + 1 }, abandon * self.p));
            }
            out.push((RdState { n: n - 1, o }, abandon * (1.0 - self.p)));
        }
        out
    }

    fn states(&self) -> Vec<RdState> {
        (0..=self.max_o).flat_map(|o| (0..=self.max_n).map(move |n| RdState { n, o })).collect()
    }

    /// The stationary KPIs, in the order of [`redial_kpis`].
    fn solve(&self) -> Vec<f64> {
        let states = self.states();
        let pi = stationary(&states, |s| self.transitions(s), |s| s.o as usize);
        let tail: f64 = states
            .iter()
            .zip(&pi)
            .filter(|(s, _)| {
                s.n + 5 >= self.max_n || (s.o + 5 >= self.max_o && !self.delay_ignored)
            })
            .map(|(_, p)| p)
            .sum();
        assert!(tail < 1e-9, "the truncated chain loses mass: {tail}");
        let expect = |f: &dyn Fn(&RdState) -> f64| -> f64 {
            states.iter().zip(&pi).map(|(s, p)| p * f(s)).sum()
        };
        let c = self.agents;
        let lambda = self.lambda_h / 3600.0;
        let delta = 1.0 / self.delay_s;
        // Arrivals (first calls and redials) come at λ + oδ in state (n, o): a state's share
        // of arrivals is π × (λ + oδ) ÷ the mean arrival rate (not π itself). Redials made at
        // once (a wrong engine) come at p(n − c)γ in state n > c, and all of them wait.
        let arrival_rate = |s: &RdState| {
            let at_once = if self.delay_ignored {
                self.p * s.n.saturating_sub(c) as f64 / self.patience_s
            } else {
                0.0
            };
            lambda + s.o as f64 * delta + at_once
        };
        let offered = expect(&|s| arrival_rate(s));
        let waiting = expect(&|s| s.n.saturating_sub(c) as f64);
        let busy = expect(&|s| s.n.min(c) as f64);
        vec![
            offered * 3600.0,
            (offered - lambda) / lambda,
            waiting / self.patience_s / offered,
            // Each customer is answered at most once: answered per second ÷ first calls.
            busy / self.aht_s / lambda,
            expect(&|s| arrival_rate(s) * (s.n >= c) as u8 as f64) / offered,
            waiting / offered,
            busy / c as f64,
        ]
    }

    fn model(&self, hours: usize, warmup: usize) -> Model {
        let mut q = exp_queue("q", self.lambda_h, self.aht_s, Some(self.patience_s), hours);
        q.redial = Some(RedialSpec {
            probability: self.p,
            delay: Distribution::exponential(self.delay_s).unwrap(),
            max_redials: None,
        });
        single_group_model("redials", q, self.agents, hours, warmup)
    }
}

/// The redial family's KPIs, in the order of [`RedialDesign::solve`].
fn redial_kpis(hours: usize) -> Vec<Kpi> {
    let n = |x: u64| x as f64;
    let h = hours as f64;
    // (Offered per hour and redials per first call have no `stats::kpi` function: the engine
    // reports the counts.)
    vec![
        kpi("offered_per_h", move |q, _| Some(n(q.offered) / h), move |q, _| (n(q.offered), h)),
        kpi(
            "redials_per_first_attempt",
            move |q, _| (q.first_attempts > 0).then(|| n(q.redials) / n(q.first_attempts)),
            move |q, _| (n(q.redials), n(q.first_attempts)),
        ),
        kpi("abandon", |q, _| q.abandon_rate(), move |q, _| (n(q.abandoned), n(q.offered))),
        kpi(
            "eventually_answered",
            |q, _| q.eventually_answered_rate(),
            move |q, _| (n(q.eventually_answered), n(q.first_attempts)),
        ),
        kpi("p_wait", |q, _| q.p_wait(), move |q, _| (n(q.waited), n(q.offered))),
        kpi(
            "mean_wait_all_s",
            |q, _| q.mean_wait_all_s(),
            move |q, _| (q.wait_answered_s + q.wait_abandoned_s, n(q.answered + q.abandoned)),
        ),
        kpi("occupancy", |_, g| g.occupancy(), |_, g| (g.busy_s, g.staffed_s)),
    ]
}

fn check_redials(d: &RedialDesign, wrong: &[(&str, RedialDesign)], seed: u64) {
    let exact = d.solve();
    let wrong: Vec<_> = wrong.iter().map(|(name, w)| (*name, w.solve())).collect();
    let kpis = redial_kpis(PLAN.window().len());
    // Every contact is a first call or a redial, and ends answered or abandoned.
    let identity = |q: &QueueTally| {
        assert_eq!(q.offered, q.first_attempts + q.redials, "{q:?}");
        assert_eq!(q.offered, q.answered + q.abandoned, "{q:?}");
    };
    let sim = simulate(&d.model(PLAN.hours, PLAN.warmup), PLAN, seed, &kpis, identity);
    check(&kpis, &sim, &exact, &wrong, 2);
}

#[test]
fn redials_with_a_low_probability_and_a_long_delay() {
    // M/M/3+M at 0.9 Erlang per agent (first calls); 30% of abandoning customers redial
    // after exp(10 min), again and again. Family: 7 checks at 1 − 0.001/7 (false alarm
    // ≤ 0.1%). Planted bugs: p ignored (every abandoning customer redials); redials never
    // made.
    let d = RedialDesign {
        lambda_h: 32.4,
        aht_s: 300.0,
        patience_s: 240.0,
        agents: 3,
        p: 0.3,
        delay_s: 600.0,
        delay_ignored: false,
        max_n: 50,
        max_o: 40,
    };
    let p_ignored = RedialDesign { p: 1.0, max_n: 80, max_o: 150, ..d.clone() };
    let no_redials = RedialDesign { p: 0.0, ..d.clone() };
    check_redials(&d, &[("p-ignored", p_ignored), ("no-redials", no_redials)], 41);
}

#[test]
fn redials_with_a_high_probability_and_a_short_delay() {
    // M/M/4+M at 0.9 Erlang per agent (first calls); 80% of abandoning customers redial
    // after exp(3 min). Family: 7 checks at 1 − 0.001/7. Planted bugs: the delay ignored
    // (redials at once); redials never made.
    let d = RedialDesign {
        lambda_h: 54.0,
        aht_s: 240.0,
        patience_s: 180.0,
        agents: 4,
        p: 0.8,
        delay_s: 180.0,
        delay_ignored: false,
        max_n: 60,
        max_o: 40,
    };
    let delay_ignored = RedialDesign { delay_ignored: true, max_o: 0, ..d.clone() };
    let no_redials = RedialDesign { p: 0.0, ..d.clone() };
    check_redials(&d, &[("delay-ignored", delay_ignored), ("no-redials", no_redials)], 42);
}
