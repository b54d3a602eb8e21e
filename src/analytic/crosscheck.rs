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

    /// Answered within t ÷ all arrivals (PASTA: arrivals see π).
    fn service_level(&self, t: f64) -> f64 {
        let p = -(-self.theta * t).exp_m1();
        let immediate: f64 = self.pi[..self.agents].iter().sum();
        let late: f64 = self
            .waiting()
            .map(|(j, pi)| {
                pi * self.a / (self.a + j + 1.0) * beta_integer(j as u64 + 1, self.a + 1.0, p)
            })
            .sum();
        immediate + late
    }
}

/// I_p(n, b) for integer n ≥ 1: P(Y ≥ n) for Y negative binomial with
/// P(Y = k) = Γ(b+k)/(Γ(b)·k!)·pᵏ·(1−p)^b.
fn beta_integer(n: u64, b: f64, p: f64) -> f64 {
    let mut term = (b * (-p).ln_1p()).exp(); // k = 0
    let mut head = 0.0;
    for k in 0..n {
        if k > 0 {
            term *= p * (b + k as f64 - 1.0) / k as f64;
        }
        head += term;
    }
    if head <= 0.5 {
        return 1.0 - head;
    }
    // Sum the tail k ≥ n directly (all terms positive, ratio → p < 1).
    let mut tail = 0.0;
    let mut k = n;
    loop {
        term *= p * (b + k as f64 - 1.0) / k as f64;
        tail += term;
        if term < 1e-18 * tail {
            return tail;
        }
        k += 1;
    }
}

/// ∫_lo^hi f by adaptive Simpson to an absolute tolerance.
fn simpson(f: &dyn Fn(f64) -> f64, lo: f64, hi: f64, tol: f64) -> f64 {
    fn step(
        f: &dyn Fn(f64) -> f64,
        l: f64,
        r: f64,
        fl: f64,
        fm: f64,
        fr: f64,
        whole: f64,
        tol: f64,
        depth: u32,
    ) -> f64 {
        let m = 0.5 * (l + r);
        let (lm, rm) = (0.5 * (l + m), 0.5 * (m + r));
        let (flm, frm) = (f(lm), f(rm));
        let left = (m - l) / 6.0 * (fl + 4.0 * flm + fm);
        let right = (r - m) / 6.0 * (fm + 4.0 * frm + fr);
        if depth == 0 || (left + right - whole).abs() <= 15.0 * tol {
            return left + right + (left + right - whole) / 15.0;
        }
        step(f, l, m, fl, flm, fm, left, tol / 2.0, depth - 1)
            + step(f, m, r, fm, frm, fr, right, tol / 2.0, depth - 1)
    }
    let m = 0.5 * (lo + hi);
    let (fl, fm, fr) = (f(lo), f(m), f(hi));
    let whole = (hi - lo) / 6.0 * (fl + 4.0 * fm + fr);
    step(f, lo, hi, fl, fm, fr, whole, tol, 40)
}

#[test]
fn erlang_a_agrees_with_the_birth_death_chain() {
    let cases = [
        (300.0, 300.0, 180.0, 28_usize), // the reference staffing case
        (300.0, 300.0, 180.0, 15),       // heavily overloaded (A = 25)
        (50.0, 180.0, 60.0, 6),          // a ≫ x: almost nobody waits
        (3000.0, 180.0, 600.0, 140),     // fractional a = 466.7 near x = 500
        (120.0, 400.0, 37.5, 3),
    ];
    for (per_hour, aht, patience, agents) in cases {
        let chain = Chain::new(per_hour, aht, patience, agents);
        let t = 20.0;
        let k = erlang_a(per_hour, aht, patience, agents as u32, t).unwrap();
        let p_abandon = chain.theta * chain.mean_queue() / chain.lambda;
        let p_answered = 1.0 - p_abandon;
        // E[wait; answered] = ∫₀^∞ P(answered, wait > t) dt = ∫ (P(answered) − SL(t)) dt.
        let tail = |s: f64| p_answered - chain.service_level(s);
        let mut end = patience;
        while tail(end) > 1e-16 * p_answered {
            end *= 2.0;
        }
        let answered_wait = simpson(&tail, 0.0, end, 1e-14 * patience);
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
