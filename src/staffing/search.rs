//! The search: raise where targets are missed, trim where they are met.

use super::erlang_start;
use super::evaluator::{Evaluation, Evaluator, Progress, Stage};
use super::targets::{Judge, Verdict};
use super::{seeds, step, Blocks, StaffingError, StaffingOptions};
use crate::model::{GroupId, Model, Staffing};
use crate::routing::RoutingPolicy;
use crate::sim::SimError;

/// Counters of a search, for reports and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchStats {
    /// Raise rounds and trim trials that removed an agent, on the search replications.
    pub iterations: u32,
    /// Plans simulated by the search and the confirmation (not counting the evidence).
    pub evaluations: u32,
    /// Replications per evaluation of the search and the confirmation.
    pub replications: u32,
    /// Seed of the confirmation replications ([`seeds::confirmation_seed`] of the master seed).
    pub confirmation_seed: u64,
    /// Raise rounds the confirmation needed (0: the search's plan met every target there).
    pub confirmation_rounds: u32,
    /// Agents added, over all blocks, by the confirmation.
    pub confirmation_agents_added: u32,
}

/// Where the evidence of a recommendation comes from: fresh replications, independent of the
/// search's and the confirmation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceInfo {
    /// Seed of the evidence replications.
    pub seed: u64,
    /// Replications the recommended plan was simulated with for the evidence.
    pub replications: u32,
    /// Replications the pointwise plan was simulated with: the first of the same set, as
    /// many as the search used (at most `replications`).
    pub pointwise_replications: u32,
}

/// How the `ci_width` calibration ended: the replications it settled on and whether every
/// judged interval reached the requested width there (it stops at `max_replications`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The requested full width of the service-level and abandonment intervals.
    pub target_width: f64,
    /// The widest such interval at the final replications.
    pub widest: f64,
    /// The final replications per evaluation.
    pub replications: u32,
    /// Whether `widest <= target_width`.
    pub reached: bool,
}

/// A recommended plan with its evidence.
///
/// `plan` and `pointwise` are simulated on the *evidence* replications — fresh ones that
/// neither the search nor the confirmation saw (the pointwise plan on the first
/// [`EvidenceInfo::pointwise_replications`] of them) — so their KPIs are unbiased estimates of how
/// the plans perform, not the optimistic numbers the search tuned the plan on.
#[derive(Debug, Clone)]
pub struct Recommendation {
    /// The blocks the search decided.
    pub blocks: Blocks,
    /// The pointwise-stationary Erlang plan (the textbook answer, for comparison), on the
    /// first [`EvidenceInfo::pointwise_replications`] evidence replications.
    pub pointwise: Evaluation,
    /// The recommended plan, on the evidence replications.
    pub plan: Evaluation,
    /// Seed and size of the evidence.
    pub evidence: EvidenceInfo,
    /// Search counters.
    pub stats: SearchStats,
    /// How the `ci_width` calibration ended (`None` without `ci_width`).
    pub calibration: Option<Calibration>,
}

struct Search<'a, 'e, P> {
    model: &'a Model,
    blocks: &'a Blocks,
    judge: Judge,
    options: &'a StaffingOptions,
    eval: Evaluator<'e, P>,
    /// Blocks already raised by a multi-agent step in this phase (search or confirmation):
    /// every later raise of theirs is one agent, so the raise/trim loop still ends.
    stepped: Vec<bool>,
}

impl<P: RoutingPolicy> Search<'_, '_, P> {
    fn verdicts(&self, ev: &Evaluation) -> Vec<Verdict> {
        (0..self.blocks.len())
            .map(|b| {
                if self.blocks.expected_contacts[b] < self.options.min_contacts {
                    Verdict::UNJUDGED
                } else {
                    self.judge.verdict(&self.model.queues, &ev.blocks[b])
                }
            })
            .collect()
    }

    /// `base` with `delta` added to group `g` in every interval of the chosen blocks.
    fn shifted(&self, base: &Staffing, g: usize, chosen: &[usize], delta: i32) -> Staffing {
        let mut s = base.clone();
        for &b in chosen {
            for &i in &self.blocks.intervals[b] {
                let a = &mut s.agents[g][i];
                *a = (*a as i64 + delta as i64).max(0) as u32;
            }
        }
        s
    }

    /// Agents of group `g` in block `b` of plan `s` (every interval of a block has the same).
    fn count(&self, s: &Staffing, g: usize, b: usize) -> u32 {
        s.agents[g][self.blocks.intervals[b][0]]
    }

    /// Whether group `g` may give up an agent in block `b`: unless the user allows unstaffed
    /// blocks, every queue of `g`'s skills that expects contacts in `b` keeps at least one
    /// agent able to serve it (unjudged quiet blocks included: a plan that answers no one
    /// in an interval where calls arrive is never recommended by default).
    fn may_remove(&self, s: &Staffing, g: usize, b: usize) -> bool {
        if self.options.allow_unstaffed {
            return true;
        }
        let topo = self.model.topology();
        topo.skills_of(crate::model::GroupId::new(g)).iter().all(|skill| {
            let q = skill.queue;
            let spec = &self.model.queues[q.index()];
            let expects =
                self.blocks.intervals[b].iter().any(|&i| spec.arrivals.rate_per_s[i] > 0.0);
            let servers: u32 =
                topo.groups_for(q).iter().map(|&(h, _)| self.count(s, h.index(), b)).sum();
            !expects || servers > 1
        })
    }

    /// Groups able to serve a queue that misses its target in block `b`.
    fn helpful_groups(&self, ev: &Evaluation, b: usize) -> Vec<usize> {
        let topo = self.model.topology();
        let mut gs: Vec<usize> = Vec::new();
        for q in self.missing_queues(ev, b) {
            gs.extend(
                topo.groups_for(crate::model::QueueId::new(q)).iter().map(|&(g, _)| g.index()),
            );
        }
        gs.sort_unstable();
        gs.dedup();
        gs
    }

    /// The queues that miss a target in block `b` of `ev`.
    fn missing_queues(&self, ev: &Evaluation, b: usize) -> Vec<usize> {
        (0..self.model.queues.len())
            .filter(|&q| {
                let spec = std::slice::from_ref(&self.model.queues[q]);
                !self.judge.verdict(spec, &ev.blocks[b][q..=q]).meets
            })
            .collect()
    }

    /// Adds agents to each failing block, in the group whose agent helps most (as many as
    /// [`Self::step`] says); returns the plan and the agents added per failing block.
    fn raise(
        &mut self,
        s: &Staffing,
        base: &Evaluation,
        failing: &[usize],
        verdicts: &[Verdict],
    ) -> Result<(Staffing, Vec<u32>), SimError> {
        let ng = self.model.groups.len();
        let helpful: Vec<Vec<usize>> =
            failing.iter().map(|&b| self.helpful_groups(base, b)).collect();
        // Blocks where only one group can help need no trial.
        let mut best: Vec<(usize, f64)> = vec![(usize::MAX, f64::NEG_INFINITY); failing.len()];
        for g in 0..ng {
            let chosen: Vec<usize> = failing
                .iter()
                .zip(&helpful)
                .filter(|(_, h)| h.contains(&g))
                .map(|(&b, _)| b)
                .collect();
            if chosen.is_empty() {
                continue;
            }
            let single = failing.iter().zip(&helpful).all(|(_, h)| h.len() <= 1);
            let trial = match single {
                true => None,
                false => {
                    let ev = self.eval.evaluate(&self.shifted(s, g, &chosen, 1))?;
                    Some(self.verdicts(&ev))
                }
            };
            for (k, &b) in failing.iter().enumerate() {
                if !helpful[k].contains(&g) {
                    continue;
                }
                let gain = trial.as_ref().map_or(1.0, |t| verdicts[b].shortfall - t[b].shortfall);
                if gain > best[k].1 {
                    best[k] = (g, gain);
                }
            }
        }
        let mut next = s.clone();
        let mut steps = vec![0; failing.len()];
        for (k, &b) in failing.iter().enumerate() {
            let g = best[k].0;
            if g != usize::MAX {
                steps[k] = self.step(s, base, b, g, &helpful[k]);
                self.stepped[b] |= steps[k] > 1;
                next = self.shifted(&next, g, &[b], steps[k] as i32);
            }
        }
        Ok((next, steps))
    }

    /// Agents to add to group `g` in failing block `b` of plan `s` (evaluated as `base`), where
    /// `helpful` can help: sized by [`step::agents_to_add`] when `g` alone can help and serves
    /// one queue, the one that misses, and `b` has not had such a step in this phase; one
    /// agent otherwise.
    fn step(&self, s: &Staffing, base: &Evaluation, b: usize, g: usize, helpful: &[usize]) -> u32 {
        let skills = self.model.topology().skills_of(GroupId::new(g));
        let [skill] = skills else { return 1 };
        let q = skill.queue.index();
        let spec = &self.model.queues[q];
        if self.stepped[b] || helpful != [g] || self.missing_queues(base, b) != [q] {
            return 1;
        }
        let measured = self.judge.measured(&base.blocks[b][q]);
        step::agents_to_add(spec, skill.speed, self.count(s, g, b), &measured).unwrap_or(1)
    }

    /// Tries one agent fewer in each candidate block; keeps the removals that still meet every
    /// target there and in the next block (queues carry over). Returns the new plan and
    /// whether anything was removed; marks blocks that cannot give up an agent as tight.
    ///
    /// `slack[b]` is block `b`'s slack in the latest simulated plan that matches `s` in `b`
    /// and the block before it (queues carry over forward only); kept removals update it. A
    /// kept removal that cost a block, or the next one, more slack than it left there also
    /// marks the block tight for that group, without a trial: a service level rises ever more
    /// slowly with agents (abandonment and ASA fall ever more slowly), so a second removal
    /// would likely cost at least as much and miss ([`would_miss_again`]).
    fn trim(
        &mut self,
        s: &Staffing,
        candidates: &[usize],
        tight: &mut [Vec<bool>],
        slack: &mut [f64],
    ) -> Result<(Staffing, bool), SimError> {
        // Per candidate: the group whose removal leaves the most slack (the smaller of the
        // block's and the next one's), with those two slacks in that group's trial.
        let mut best: Vec<Option<(usize, [f64; 2])>> = vec![None; candidates.len()];
        for (g, tight) in tight.iter_mut().enumerate() {
            let chosen: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&b| !tight[b] && self.count(s, g, b) > 0 && self.may_remove(s, g, b))
                .collect();
            if chosen.is_empty() {
                continue;
            }
            let ev = self.eval.evaluate(&self.shifted(s, g, &chosen, -1))?;
            let v = self.verdicts(&ev);
            let slacks: Vec<f64> = v.iter().map(|x| x.slack).collect();
            for (k, &b) in candidates.iter().enumerate() {
                if !chosen.contains(&b) {
                    continue;
                }
                let next_ok = b + 1 >= v.len() || v[b + 1].meets;
                if v[b].meets && next_ok {
                    let left = this_and_next(&slacks, b);
                    let kept = best[k].map_or(f64::NEG_INFINITY, |(_, l)| l[0].min(l[1]));
                    if left[0].min(left[1]) > kept {
                        best[k] = Some((g, left));
                    }
                } else {
                    tight[b] = true;
                }
            }
        }
        let mut next = s.clone();
        let mut changed = false;
        for (k, &b) in candidates.iter().enumerate() {
            let Some((g, left)) = best[k] else { continue };
            next = self.shifted(&next, g, &[b], -1);
            changed = true;
            tight[g][b] |= would_miss_again(this_and_next(slack, b), left);
            set_this_and_next(slack, b, left);
        }
        Ok((next, changed))
    }

    /// Simulates the start plan, doubling the replications (with `ci_width`) until its
    /// intervals are narrow enough; returns the last evaluation, at the final replications.
    fn calibrate(
        &mut self,
        start: &Staffing,
    ) -> Result<(Evaluation, Option<Calibration>), SimError> {
        let Some(width) = self.options.ci_width else {
            return Ok((self.eval.evaluate(start)?, None));
        };
        let level = self.options.confidence.unwrap_or(0.95);
        loop {
            let ev = self.eval.evaluate(start)?;
            let widest = ev
                .blocks
                .iter()
                .enumerate()
                .filter(|(b, _)| self.blocks.expected_contacts[*b] >= self.options.min_contacts)
                .flat_map(|(_, qs)| qs.iter())
                .flat_map(|k| [k.service_level, k.abandon_rate])
                .filter(|e| e.mean.is_finite())
                .map(|e| 2.0 * e.half_width(level))
                .fold(0.0f64, f64::max);
            let r = self.eval.replications();
            if widest <= width || r >= self.options.max_replications {
                let reached = widest <= width;
                let c = Calibration { target_width: width, widest, replications: r, reached };
                return Ok((ev, Some(c)));
            }
            self.eval.set_replications((r * 2).min(self.options.max_replications));
        }
    }
}

impl<P: RoutingPolicy> Search<'_, '_, P> {
    /// Raises the blocks that miss a target on the current evaluator's replications until every
    /// block meets (never trims); returns the plan, its last evaluation and the rounds and
    /// agent-blocks added.
    fn raise_until_met(
        &mut self,
        mut s: Staffing,
        mut ev: Evaluation,
    ) -> Result<(Staffing, Evaluation, u32, u32), StaffingError> {
        let (mut rounds, mut added) = (0, 0);
        loop {
            let verdicts = self.verdicts(&ev);
            let failing: Vec<usize> =
                (0..self.blocks.len()).filter(|&b| !verdicts[b].meets).collect();
            if failing.is_empty() {
                return Ok((s, ev, rounds, added));
            }
            if rounds >= self.options.max_iterations {
                return Err(StaffingError::NotConverged {
                    iterations: rounds,
                    blocks: failing.len(),
                });
            }
            let (next, steps) = self.raise(&s, &ev, &failing, &verdicts)?;
            s = next;
            rounds += 1;
            added += steps.iter().sum::<u32>();
            ev = self.eval.evaluate(&s)?;
        }
    }
}

impl<P: RoutingPolicy> Search<'_, '_, P> {
    /// The raise/trim loop on the current evaluator's replications, from plan `s` with its
    /// evaluation `ev`. While a block misses, raise the failing blocks (a block raised by one
    /// agent is never trimmed; one raised by a larger step, which it gets at most once, stays
    /// open to the trims) and re-evaluate. When every block meets, trim alternate blocks, one
    /// trial per parity, until two trials in a row remove nothing (a block is not tried again
    /// once a removal failed there, or once its kept removal cost more slack than it left: see
    /// [`Self::trim`]). The trimmed plan is not simulated again here: a trial keeps a removal
    /// only where this block and the next still meet with every other block of its parity
    /// trimmed too, and the blocks put back only add agents; what no trial judged (a removal's
    /// effect beyond the next block) the confirmation judges on fresh replications, raising
    /// where it misses. At most `max_iterations` raise rounds; the trims always finish. Returns the
    /// plan and the iterations used (raise rounds and trims that removed an agent).
    fn settle(
        &mut self,
        mut s: Staffing,
        mut ev: Evaluation,
        max_iterations: u32,
    ) -> Result<(Staffing, u32), StaffingError> {
        let ng = self.model.groups.len();
        let nb = self.blocks.len();
        let mut tight = vec![vec![false; nb]; ng];
        let mut iterations = 0;
        let verdicts = loop {
            let verdicts = self.verdicts(&ev);
            let failing: Vec<usize> = (0..nb).filter(|&b| !verdicts[b].meets).collect();
            if failing.is_empty() {
                break verdicts;
            }
            if iterations >= max_iterations {
                return Err(StaffingError::NotConverged {
                    iterations: max_iterations,
                    blocks: failing.len(),
                });
            }
            iterations += 1;
            let (next, steps) = self.raise(&s, &ev, &failing, &verdicts)?;
            s = next;
            for (&b, &step) in failing.iter().zip(&steps) {
                // Raised by one: it needs it, never trimmed. Raised by more on the model's
                // estimate: the trims may take back what it overshot.
                if step <= 1 {
                    (0..ng).for_each(|g| tight[g][b] = true);
                }
            }
            ev = self.eval.evaluate(&s)?;
        };
        // Every block meets: trim alternate blocks so neighbours are not cut in the same
        // trial, until two trials in a row change nothing.
        let idle_limit = if nb == 1 { 1 } else { 2 };
        let (mut idle, mut parity) = (0, 0usize);
        let mut slack: Vec<f64> = verdicts.iter().map(|v| v.slack).collect();
        while idle < idle_limit {
            let candidates: Vec<usize> = (0..nb)
                .filter(|&b| nb == 1 || b % 2 == parity)
                .filter(|&b| verdicts[b] != Verdict::UNJUDGED)
                .filter(|&b| (0..ng).any(|g| !tight[g][b] && self.count(&s, g, b) > 0))
                .collect();
            parity ^= 1;
            let changed = !candidates.is_empty() && {
                let (next, changed) = self.trim(&s, &candidates, &mut tight, &mut slack)?;
                s = next;
                changed
            };
            idle = if changed { 0 } else { idle + 1 };
            if changed {
                iterations += 1;
            }
        }
        Ok((s, iterations))
    }
}

/// The slacks of block `b` and of the next one (where a removal in `b` is judged: queues carry
/// over), infinite past the last block.
fn this_and_next(slacks: &[f64], b: usize) -> [f64; 2] {
    [slacks[b], slacks.get(b + 1).copied().unwrap_or(f64::INFINITY)]
}

/// Stores `left` as the slacks of block `b` and of the next one (if any): the inverse of
/// [`this_and_next`].
fn set_this_and_next(slacks: &mut [f64], b: usize, left: [f64; 2]) {
    slacks[b] = left[0];
    if let Some(x) = slacks.get_mut(b + 1) {
        *x = left[1];
    }
}

/// Whether removing a second agent where one was just removed would miss, predicted from the
/// first removal: `before` and `after` are the slacks of the block and of the next one before
/// and after it. It would when, in either block, the first removal cost more than it left,
/// since each further removal costs at least as much (`the_second_agent_removed_costs_more`
/// checks this on Erlang A and C). A block with nothing judged (infinite slack before and after)
/// predicts nothing.
fn would_miss_again(before: [f64; 2], after: [f64; 2]) -> bool {
    before.iter().zip(&after).any(|(&b, &a)| a < b - a)
}

/// Recommends head-counts per group and interval meeting every queue's targets.
///
/// Three independent sets of replications are used (see [`seeds`]): the search raises and
/// trims on the master seed's, judging with a margin of `margin_se` standard errors, from the
/// modified-offered-load start ([`erlang_start::infinite_server`]); the confirmation re-simulates the plan on a second set and raises the blocks that miss
/// there; the evidence simulates the final plan and the pointwise plan on a third, fresh set.
pub fn recommend<P: RoutingPolicy>(
    model: &Model,
    policy: &P,
    options: &StaffingOptions,
    progress: &dyn Progress,
) -> Result<Recommendation, StaffingError> {
    progress.stage(Stage::Search);
    let blocks = Blocks::for_model(model);
    let pointwise_plan = erlang_start::pointwise(model, &blocks)?;
    let start = erlang_start::infinite_server(model, &blocks)?;
    let eval = Evaluator::new(model, policy, &blocks, options.seed, options.replications, progress);
    let stepped = vec![false; blocks.len()];
    let judge = Judge::new(options);
    let mut search = Search { model, blocks: &blocks, judge, options, eval, stepped };
    let (ev, calibration) = search.calibrate(&start)?;
    let replications = search.eval.replications();
    let (s, iterations) = search.settle(start, ev, options.max_iterations)?;
    let search_evaluations = search.eval.evaluations();

    // Confirmation: the search's plan is the winner of many paired trials on one set of
    // replications, so its in-sample KPIs are optimistic. Judge it on a second set; raise
    // where it misses there.
    progress.stage(Stage::Confirmation);
    let confirmation_seed = seeds::confirmation_seed(options.seed);
    let confirmation_reps = replications
        .saturating_mul(options.confirmation_factor.max(1))
        .min(options.max_replications.max(replications));
    search.eval =
        Evaluator::new(model, policy, &blocks, confirmation_seed, confirmation_reps, progress);
    search.judge = search.judge.with_margin_se(options.confirmation_margin_se);
    search.stepped.fill(false);
    let first = search.eval.evaluate(&s)?;
    let (s, _, confirmation_rounds, confirmation_agents_added) =
        search.raise_until_met(s, first)?;

    // Evidence: both plans on a third, fresh set of replications.
    progress.stage(Stage::Evidence);
    let plan_replications = options.evidence_replications.unwrap_or_else(|| {
        replications.saturating_mul(8).min(options.max_replications.max(replications))
    });
    let evidence = EvidenceInfo {
        seed: options.evidence_seed.unwrap_or_else(|| seeds::evidence_seed(options.seed)),
        replications: plan_replications,
        pointwise_replications: replications.min(plan_replications),
    };
    let mut fresh =
        Evaluator::new(model, policy, &blocks, evidence.seed, evidence.replications, progress);
    let plan = fresh.evaluate(&s)?;
    // The pointwise plan is the comparison, not the recommendation: the first `replications`
    // of the same fresh set (the search's count) are enough to show where it misses.
    fresh.set_replications(evidence.pointwise_replications);
    let pointwise = fresh.evaluate(&pointwise_plan)?;
    let stats = SearchStats {
        iterations,
        evaluations: search_evaluations + search.eval.evaluations(),
        replications,
        confirmation_seed,
        confirmation_rounds,
        confirmation_agents_added,
    };
    Ok(Recommendation { blocks, pointwise, plan, evidence, stats, calibration })
}

#[cfg(test)]
mod tests {
    use super::{set_this_and_next, this_and_next, would_miss_again};
    use crate::analytic::{self, ErlangKpis, Queue};

    #[test]
    fn a_removal_that_cost_more_than_it_left_is_not_tried_again() {
        // Slack 0.03 before, 0.01 after: it cost 0.02, more than the 0.01 left.
        assert!(would_miss_again([0.03, f64::INFINITY], [0.01, f64::INFINITY]));
        // It cost 0.01 and left 0.02: another removal may still meet.
        assert!(!would_miss_again([0.03, f64::INFINITY], [0.02, f64::INFINITY]));
        // The block met easily but the next one paid: 0.03 cost, 0.02 left there.
        assert!(would_miss_again([0.2, 0.05], [0.15, 0.02]));
        // A removal that cost nothing (or, by noise, gained) is tried again.
        assert!(!would_miss_again([0.01, 0.02], [0.01, 0.03]));
        // Nothing judged in the next block (infinite slack both times): only the block counts.
        assert!(!would_miss_again([0.05, f64::INFINITY], [0.04, f64::INFINITY]));
    }

    #[test]
    fn a_removal_is_judged_in_its_block_and_the_next() {
        let slacks = [0.1, 0.2, 0.3];
        assert_eq!(this_and_next(&slacks, 0), [0.1, 0.2]);
        assert_eq!(this_and_next(&slacks, 1), [0.2, 0.3]);
        assert_eq!(this_and_next(&slacks, 2), [0.3, f64::INFINITY]);
        let mut stored = slacks;
        set_this_and_next(&mut stored, 1, [0.5, 0.6]);
        assert_eq!(stored, [0.1, 0.5, 0.6]);
        set_this_and_next(&mut stored, 2, [0.7, 0.8]);
        assert_eq!(stored, [0.1, 0.5, 0.7]);
    }

    fn kpis(per_hour: f64, patience: Option<f64>, n: u32) -> ErlangKpis {
        let q = Queue::new(per_hour, 300.0, patience).unwrap();
        analytic::evaluate(&q, n, 20.0).unwrap()
    }

    /// The premise of [`would_miss_again`], on Erlang A and C (AHT 300 s, 20 s threshold):
    /// wherever one agent fewer than `n` still meets a target, removing a second costs at least
    /// as much as removing the first (the service level is concave in the agents there, the
    /// abandonment convex).
    #[test]
    fn the_second_agent_removed_costs_more() {
        for patience in [None, Some(240.0), Some(60.0)] {
            for per_hour in [12.0f64, 60.0, 240.0, 1200.0, 4800.0] {
                let lowest = (per_hour / 12.0).floor() as u32 + 1; // stable without patience
                let k = |n: u32| kpis(per_hour, patience, n);
                for n in lowest + 2..lowest + 60 {
                    let (a, b, c) = (k(n), k(n - 1), k(n - 2));
                    for target in [0.5, 0.8, 0.95] {
                        if b.service_level >= target {
                            let (first, second) = (
                                a.service_level - b.service_level,
                                b.service_level - c.service_level,
                            );
                            assert!(
                                second >= first - 1e-12,
                                "SL {target}, {per_hour}/h, patience {patience:?}, n {n}: {first} then {second}"
                            );
                        }
                    }
                    for ceiling in [0.01, 0.05, 0.2] {
                        if patience.is_some() && b.p_abandon <= ceiling {
                            let (first, second) =
                                (b.p_abandon - a.p_abandon, c.p_abandon - b.p_abandon);
                            assert!(
                                second >= first - 1e-12,
                                "abandonment {ceiling}, {per_hour}/h, patience {patience:?}, n {n}: {first} then {second}"
                            );
                        }
                    }
                }
            }
        }
    }
}
