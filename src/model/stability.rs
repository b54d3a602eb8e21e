//! Can the agents keep up with the patient queues? A linear program over the skill graph.
//!
//! Callers who never abandon must all be served, so a set of patient queues is stable only if
//! the groups that can serve them have the capacity for their load. With speed factors the
//! capacity a group offers depends on which queue it serves, so the check is a small linear
//! program rather than a plain max-flow: find the largest θ such that θ × every patient
//! queue's load (Erlangs at speed 1) can be split over its groups, agent-time of group g on
//! queue q counting `speed(g, q)` times, without any group using more than its mean head-count.
//! The queues are stable (in this necessary sense) only when θ > 1. Impatient queues are left
//! out: they never grow without bound, since callers leave.
//!
//! The program is solved by a dense simplex with Bland's rule (it terminates, and the origin is
//! feasible so no first phase is needed); it has one variable per (patient queue, group) edge
//! and one constraint per queue and group, so it is tiny for any real scenario.

/// The flow problem: patient queues' loads, groups' capacities, and the skill edges.
pub(crate) struct FlowProblem {
    /// Load of each patient queue, Erlangs at speed 1 (> 0).
    pub loads: Vec<f64>,
    /// Mean agents of each group over the horizon.
    pub capacities: Vec<f64>,
    /// (queue index in `loads`, group index in `capacities`, speed > 0).
    pub edges: Vec<(usize, usize, f64)>,
}

/// The answer: the largest sustainable load multiple, and the groups used to the full.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FlowAnswer {
    /// Largest θ such that θ × every load can be served.
    pub theta: f64,
    /// Per group: true when the best split uses all of its capacity (the bottleneck).
    pub saturated: Vec<bool>,
}

/// Solves max θ s.t. Σ_g speed·y_qg ≥ θ·load_q, Σ_q y_qg ≤ cap_g, y ≥ 0.
pub(crate) fn max_load_multiple(p: &FlowProblem) -> FlowAnswer {
    let (nq, ng, ne) = (p.loads.len(), p.capacities.len(), p.edges.len());
    // Variables: y_e (ne), θ (1); rows: groups (≤ cap), queues (θ·load − Σ speed·y ≤ 0).
    let nv = ne + 1;
    let rows = ng + nq;
    let cols = nv + rows + 1; // variables, slacks, right-hand side
    let mut t = vec![vec![0.0; cols]; rows + 1];
    for (e, &(q, g, speed)) in p.edges.iter().enumerate() {
        t[g][e] = 1.0;
        t[ng + q][e] = -speed;
    }
    for q in 0..nq {
        t[ng + q][ne] = p.loads[q];
    }
    for (r, row) in t.iter_mut().take(rows).enumerate() {
        row[nv + r] = 1.0;
    }
    for (g, &c) in p.capacities.iter().enumerate() {
        t[g][cols - 1] = c.max(0.0);
    }
    // Objective row holds −c: maximise θ.
    t[rows][ne] = -1.0;
    let mut basis: Vec<usize> = (nv..nv + rows).collect();
    const EPS: f64 = 1e-12;
    // Bland's rule: entering = lowest index with a negative reduced cost; leaving = minimum
    // ratio, ties by lowest basic index. Terminates without cycling; the bound on pivots is
    // the number of bases, in practice a handful.
    while let Some(enter) = (0..nv + rows).find(|&j| t[rows][j] < -EPS) {
        let mut leave: Option<(usize, f64)> = None;
        for r in 0..rows {
            let a = t[r][enter];
            if a > EPS {
                let ratio = t[r][cols - 1] / a;
                let better = match leave {
                    None => true,
                    Some((l, best)) => {
                        ratio < best - EPS || (ratio <= best + EPS && basis[r] < basis[l])
                    }
                };
                if better {
                    leave = Some((r, ratio));
                }
            }
        }
        // θ is bounded whenever some load is positive; an unbounded direction cannot occur,
        // but stop rather than loop if it did.
        let Some((r, _)) = leave else { break };
        let pivot = t[r][enter];
        t[r].iter_mut().for_each(|x| *x /= pivot);
        let pivot_row = t[r].clone();
        for (k, row) in t.iter_mut().enumerate() {
            if k != r && row[enter].abs() > 0.0 {
                let f = row[enter];
                row.iter_mut().zip(&pivot_row).for_each(|(x, &y)| *x -= f * y);
            }
        }
        basis[r] = enter;
    }
    let mut value = vec![0.0; nv];
    for (r, &b) in basis.iter().enumerate() {
        if b < nv {
            value[b] = t[r][cols - 1];
        }
    }
    let mut used = vec![0.0; ng];
    for (e, &(_, g, _)) in p.edges.iter().enumerate() {
        used[g] += value[e];
    }
    let saturated =
        used.iter().zip(&p.capacities).map(|(&u, &c)| u >= c - 1e-9 * c.max(1.0)).collect();
    FlowAnswer { theta: value[ne], saturated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theta(loads: &[f64], caps: &[f64], edges: &[(usize, usize, f64)]) -> FlowAnswer {
        max_load_multiple(&FlowProblem {
            loads: loads.to_vec(),
            capacities: caps.to_vec(),
            edges: edges.to_vec(),
        })
    }

    #[test]
    fn one_group_shared_by_two_queues() {
        // 8 + 8 Erlangs on 10 agents: θ = 10/16, and the group is the bottleneck.
        let a = theta(&[8.0, 8.0], &[10.0], &[(0, 0, 1.0), (1, 0, 1.0)]);
        assert!((a.theta - 0.625).abs() < 1e-12, "{a:?}");
        assert_eq!(a.saturated, vec![true]);
    }

    #[test]
    fn speed_scales_capacity() {
        // 12 Erlangs at speed 1 on 7 agents working twice as fast: θ = 14/12.
        let a = theta(&[12.0], &[7.0], &[(0, 0, 2.0)]);
        assert!((a.theta - 14.0 / 12.0).abs() < 1e-12, "{a:?}");
    }

    #[test]
    fn flexible_group_balances_two_queues() {
        // N design: q0 (6 E) served by g0 (4 agents) and g1 (4 agents); q1 (3 E) only by g1.
        // Total capacity 8 for load 9, and g0 can only help q0: θ solves
        // 6θ ≤ 4 + (4 − 3θ) → θ = 8/9.
        let a = theta(&[6.0, 3.0], &[4.0, 4.0], &[(0, 0, 1.0), (0, 1, 1.0), (1, 1, 1.0)]);
        assert!((a.theta - 8.0 / 9.0).abs() < 1e-12, "{a:?}");
        assert_eq!(a.saturated, vec![true, true]);
    }

    #[test]
    fn spare_groups_are_not_bottlenecks() {
        // q0 (2 E) on g0 (10 agents, bottleneck-free); q1 (5 E) on g1 (4 agents).
        let a = theta(&[2.0, 5.0], &[10.0, 4.0], &[(0, 0, 1.0), (1, 1, 1.0)]);
        assert!((a.theta - 0.8).abs() < 1e-12, "{a:?}");
        assert_eq!(a.saturated, vec![false, true]);
    }

    #[test]
    fn the_best_group_for_each_queue_is_used() {
        // q0 can use g0 at speed 0.5 or g1 at speed 2; q1 only g0 at speed 1.
        // Best: g1 serves q0 (capacity 2×3 = 6 for load 3 → ≥ 2θ... ), g0 serves q1 (4 for 4).
        // θ = min(6/3, 4/4) plus sharing: g1 can't help q1, g0 can help q0 at half speed.
        // Put all of g0 on q1 → θ ≤ 1 from q1 alone (load 4, cap 4): θ = 1.
        let a = theta(&[3.0, 4.0], &[4.0, 3.0], &[(0, 0, 0.5), (0, 1, 2.0), (1, 0, 1.0)]);
        assert!((a.theta - 1.0).abs() < 1e-12, "{a:?}");
    }
}
