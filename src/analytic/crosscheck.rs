//! Independent check of Erlang A against the birth–death chain of M/M/c+M.
//!
//! The chain is built state by state in log space and truncated far in the tail; P(wait),
//! P(abandon) (= θ·E[queue]/λ), the mean wait (= E[queue]/λ) and occupancy follow from the
//! state probabilities. SL(t) uses the tagged caller who finds j waiting: answered with
//! probability a/(a+j+1), and given that, its wait is a sum of exponentials of rates
//! θ(a+1), …, θ(a+1+j), whose law is P(wait ≤ t) = I_p(j+1, a+1) with p = 1 − e^(−θt)
//! (computed here by its negative-binomial sum). ASA integrates P(answered, wait > t) over t.
//! None of this shares code with the incomplete-gamma formulas or the waiting-state sums.

use super::erlang_a::erlang_a;
use super::special::ln_add_exp;

struct Chain {
    /// Normalised state probabilities π_n, n = 0, 1, …
    pi: Vec<f64>,
    agents: usize,
    lambda: f64,
    theta: f64,
    /// a = cμ/θ.
    a: f64,
}

impl Chain {
    fn new(per_hour: f64, aht_s: f64, patience_s: f64, agents: usize) -> Self {
        let (lambda, mu, theta) = (per_hour / 3600.0, 1.0 / aht_s, 1.0 / patience_s);
        let mut ln_pi = vec![0.0_f64];
        let mut peak = 0.0_f64;
        for n in 1.. {
            let busy = n.min(agents) as f64;
            let waiting = n.saturating_sub(agents) as f64;
            let next = ln_pi[n - 1] + lambda.ln() - (busy * mu + waiting * theta).ln();
            ln_pi.push(next);
            peak = peak.max(next);
            if n > agents && next < ln_pi[n - 1] && next < peak - 90.0 {
                break;
            }
        }
        let ln_total = ln_pi.iter().fold(f64::NEG_INFINITY, |acc, &l| ln_add_exp(acc, l));
        Self {
            pi: ln_pi.iter().map(|l| (l - ln_total).exp()).collect(),
            agents,
            lambda,
            theta,
            a: agents as f64 * aht_s.recip() / theta,
        }
    }

    fn waiting(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.pi[self.agents..].iter().enumerate().map(|(j, &p)| (j as f64, p))
    }

    fn p_wait(&self) -> f64 {
        self.waiting().map(|(_, p)| p).sum()
    }

    fn mean_queue(&self) -> f64 {
        self.waiting().map(|(j, p)| j * p).sum()
    }

    fn occupancy(&self) -> f64 {
        let busy: f64 =
            self.pi.iter().enumerate().map(|(n, p)| n.min(self.agents) as f64 * p).sum();
        busy / self.agents as f64
    }

    /// Σ_j π_{c+j}·P(answered | j)·f(P(wait ≤ t | j, answered), P(wait > t | j, answered)).
    fn late_answers(&self, t: f64, pick: fn((f64, f64)) -> f64) -> f64 {
        let p = -(-self.theta * t).exp_m1();
        let laws = beta_integer_all(self.pi.len() - self.agents, self.a + 1.0, p);
        self.waiting()
            .zip(laws)
            .map(|((j, pi), law)| pi * self.a / (self.a + j + 1.0) * pick(law))
            .sum()
    }

    /// Answered within t ÷ all arrivals (PASTA: arrivals see π).
    fn service_level(&self, t: f64) -> f64 {
        let immediate: f64 = self.pi[..self.agents].iter().sum();
        immediate + self.late_answers(t, |(within, _)| within)
    }

    /// P(answered and wait > t), summed from positive terms.
    fn answered_after(&self, t: f64) -> f64 {
        self.late_answers(t, |(_, after)| after)
    }
}

/// (I_p(n, b), 1 − I_p(n, b)) for n = 1, …, count. With Y negative binomial,
/// P(Y = k) = Γ(b+k)/(Γ(b)·k!)·pᵏ·(1−p)^b, I_p(n, b) = P(Y ≥ n): the complement P(Y < n) is a
/// finite sum of positive terms; I is 1 − P(Y < n) while that is ≥ ½ and the directly summed
/// upper tail otherwise, so neither loses digits.
fn beta_integer_all(count: usize, b: f64, p: f64) -> Vec<(f64, f64)> {
    if p == 0.0 {
        return vec![(0.0, 1.0); count];
    }
    // Terms built in log space: (1−p)^b alone underflows for long waits and many agents.
    let ln_step = |k: usize| (p * (b + k as f64 - 1.0) / k as f64).ln();
    let mut ln_pmf = b * (-p).ln_1p(); // k = 0
    let mut pmf = vec![ln_pmf.exp()];
    for k in 1..count {
        ln_pmf += ln_step(k);
        pmf.push(ln_pmf.exp());
    }
    let mut out = Vec::with_capacity(count);
    let mut head = 0.0; // P(Y < n)
    for &mass in &pmf {
        head += mass;
        out.push((1.0 - head, head));
    }
    if head <= 0.5 {
        return out;
    }
    // Some P(Y ≥ n) are small: sum the upper tail directly, beyond the stored terms first
    // (the median lies below `count`, so these terms soon shrink geometrically).
    let mut tail = 0.0;
    let mut k = count;
    loop {
        ln_pmf += ln_step(k);
        let term = ln_pmf.exp();
        tail += term;
        if term <= 1e-18 * tail || term == 0.0 {
            break;
        }
        k += 1;
    }
    for n in (1..=count).rev() {
        if out[n - 1].0 < 0.5 {
            out[n - 1].0 = tail;
        }
        tail += pmf[n - 1];
    }
    out
}

/// One Simpson panel [l, r] with f at l, the midpoint and r, and its Simpson estimate.
#[derive(Clone, Copy)]
struct Panel {
    l: f64,
    r: f64,
    fl: f64,
    fm: f64,
    fr: f64,
    whole: f64,
}

impl Panel {
    fn new(l: f64, r: f64, fl: f64, fm: f64, fr: f64) -> Self {
        let whole = (r - l) / 6.0 * (fl + 4.0 * fm + fr);
        Self { l, r, fl, fm, fr, whole }
    }

    /// Adaptive Simpson refinement of this panel to an absolute tolerance.
    fn integrate(self, f: &dyn Fn(f64) -> f64, tol: f64, depth: u32) -> f64 {
        let m = 0.5 * (self.l + self.r);
        let left = Panel::new(self.l, m, self.fl, f(0.5 * (self.l + m)), self.fm);
        let right = Panel::new(m, self.r, self.fm, f(0.5 * (m + self.r)), self.fr);
        let error = left.whole + right.whole - self.whole;
        // Below a few ulps of the panel the error estimate is rounding noise: stop there.
        let tol = tol.max(1e-15 * self.whole.abs());
        if depth == 0 || error.abs() <= 15.0 * tol {
            return left.whole + right.whole + error / 15.0;
        }
        left.integrate(f, tol / 2.0, depth - 1) + right.integrate(f, tol / 2.0, depth - 1)
    }
}

/// ∫_lo^hi f by adaptive Simpson to an absolute tolerance.
fn simpson(f: &dyn Fn(f64) -> f64, lo: f64, hi: f64, tol: f64) -> f64 {
    Panel::new(lo, hi, f(lo), f(0.5 * (lo + hi)), f(hi)).integrate(f, tol, 30)
}

#[test]
fn erlang_a_agrees_with_the_birth_death_chain() {
    let cases = [
        (300.0, 300.0, 180.0, 28_usize), // the reference staffing case
        (300.0, 300.0, 180.0, 15),       // heavily overloaded (A = 25)
        (50.0, 180.0, 60.0, 6),          // a ≫ x: almost nobody waits
        (3000.0, 180.0, 600.0, 140),     // fractional a = 466.7 near x = 500
        (120.0, 400.0, 37.5, 3),
        (58_800.0, 300.0, 180.0, 4950), // 4,900 Erlangs: the scale the planners need
        (58_800.0, 300.0, 600.0, 4700), // and overloaded at that scale
    ];
    for (per_hour, aht, patience, agents) in cases {
        let chain = Chain::new(per_hour, aht, patience, agents);
        let t = 20.0;
        let k = erlang_a(per_hour, aht, patience, agents as u32, t).unwrap();
        let p_abandon = chain.theta * chain.mean_queue() / chain.lambda;
        let p_answered = 1.0 - p_abandon;
        // E[wait; answered] = ∫₀^∞ P(answered, wait > t) dt.
        let tail = |s: f64| chain.answered_after(s);
        // Integrate until the integrand is negligible (it decays at least like e^(−θt)).
        let mut end = patience;
        while tail(end) > 1e-13 * p_answered && end < 1e3 * patience {
            end *= 2.0;
        }
        let rough = simpson(&tail, 0.0, end, 1e-6 * patience * p_answered);
        let answered_wait = simpson(&tail, 0.0, end, 1e-13 * rough);
        let expected = [
            ("p_wait", k.p_wait, chain.p_wait()),
            ("p_abandon", k.p_abandon, p_abandon),
            ("mean_wait_all_s", k.mean_wait_all_s, chain.mean_queue() / chain.lambda),
            ("occupancy", k.occupancy, chain.occupancy()),
            ("service_level", k.service_level, chain.service_level(t)),
            ("asa_s", k.asa_s, answered_wait / p_answered),
        ];
        for (name, got, want) in expected {
            let rel = ((got - want) / want).abs();
            assert!(
                rel < 1e-9,
                "{name} for λ={per_hour}/h AHT={aht} patience={patience} c={agents}: \
                 {got} vs chain {want} (rel {rel:e})"
            );
        }
    }
}
