//! Sums over the queue length an arriving caller finds, in Erlang A (M/M/c+M).
//!
//! Measure time in units of the mean patience 1/θ and write x = λ/θ, a = cμ/θ. A caller who
//! finds all c agents busy and j others waiting is found with weight
//! t_j = xʲ / ((a+1)(a+2)…(a+j)) relative to the state "c busy, none waiting". It reaches an
//! agent after j+1 exponential stages of rates a, a+1, …, a+j (agents freeing up and callers
//! ahead hanging up), while its own patience runs at rate 1, so (tagged-customer argument)
//! - it is answered with probability a/(a+j+1), and
//! - E[wait · 1{answered}] = a/(a+j+1) · H_j with H_j = Σ_{k=1}^{j+1} 1/(a+k).
//!
//! These sums have no closed form in elementary or incomplete-gamma functions (the
//! answered-wait one is an integral of γ), so they are summed here. Every term is positive;
//! the sums start at the largest term and walk outwards until a geometric bound on the rest
//! is negligible, so the cost is O(√x) terms however long the queue is, and the arbitrary
//! common scale cancels in the ratios returned.

use super::error::AnalyticError;
use super::special::harmonic;

/// Relative size of the neglected tails.
const TOLERANCE: f64 = 1e-17;

/// Ratios of sums over the waiting states, each divided by S = Σ_j t_j.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WaitingRatios {
    /// Σ_{j≥1} t_j / S = (S − 1)/S: share of waiting arrivals who find someone waiting.
    pub beyond_head: f64,
    /// Σ_j j·t_j / S: mean number found waiting by a waiting arrival.
    pub queue_found: f64,
    /// Σ_j t_j·a/(a+j+1)·H_j / S: mean answered wait (in units of 1/θ) of waiting arrivals,
    /// counting abandoners as 0.
    pub answered_wait: f64,
}

/// Running sums over the visited states.
#[derive(Default)]
struct Sums {
    all: f64,
    beyond_head: f64,
    queue: f64,
    answered_wait: f64,
}

impl Sums {
    fn add(&mut self, a: f64, j: f64, weight: f64, harmonic_j: f64) {
        self.all += weight;
        if j >= 1.0 {
            self.beyond_head += weight;
        }
        self.queue += j * weight;
        self.answered_wait += weight * a / (a + j + 1.0) * harmonic_j;
    }

    /// Whether a tail whose total weight is at most `mass` and whose j-weighted total is at
    /// most `queue_mass` is negligible for every sum (the answered-wait weight is below
    /// (j+1)/(a+1)).
    fn negligible(&self, a: f64, mass: f64, queue_mass: f64) -> bool {
        mass <= TOLERANCE * self.all
            && queue_mass <= TOLERANCE * self.queue
            && (mass + queue_mass) / (a + 1.0) <= TOLERANCE * self.answered_wait
    }
}

/// The ratios for x = λ/θ > 0 and a = cμ/θ > 0.
pub(crate) fn waiting_ratios(a: f64, x: f64) -> Result<WaitingRatios, AnalyticError> {
    // t_{j+1}/t_j = x/(a+j+1) ≥ 1 exactly while j ≤ x − a − 1: the largest term.
    let mode = (x - a).floor().max(0.0);
    let budget = 1_000.0 + 40.0 * (x + a).sqrt();
    let mut sums = Sums::default();
    let harmonic_mode = harmonic(a, mode as u64 + 1);

    // Right of the mode: terms shrink by ρ_j = x/(a+j+1) < 1, ρ decreasing.
    let (mut j, mut weight, mut h) = (mode, 1.0, harmonic_mode);
    loop {
        sums.add(a, j, weight, h);
        weight *= x / (a + j + 1.0);
        j += 1.0;
        h += 1.0 / (a + j + 1.0);
        let rho = x / (a + j + 1.0);
        if rho < 1.0 {
            let tail = weight / (1.0 - rho);
            let queue_tail = weight * (j / (1.0 - rho) + rho / ((1.0 - rho) * (1.0 - rho)));
            if sums.negligible(a, tail, queue_tail) {
                break;
            }
        }
        if j - mode > budget {
            return Err(AnalyticError::NoConvergence {
                what: "Erlang A waiting-time sum",
            });
        }
    }

    // Left of the mode: going down, terms shrink by (a+j)/x < 1, decreasing as j falls.
    let (mut j, mut weight, mut h) = (mode, 1.0, harmonic_mode);
    while j >= 1.0 {
        weight *= (a + j) / x;
        h -= 1.0 / (a + j + 1.0);
        j -= 1.0;
        let rho = (a + j) / x; // < 1 because j < mode ≤ x − a
        let tail = weight / (1.0 - rho);
        if sums.negligible(a, tail, j * tail) {
            break;
        }
        sums.add(a, j, weight, h);
        if mode - j > budget {
            return Err(AnalyticError::NoConvergence {
                what: "Erlang A waiting-time sum",
            });
        }
    }

    Ok(WaitingRatios {
        beyond_head: sums.beyond_head / sums.all,
        queue_found: sums.queue / sums.all,
        answered_wait: sums.answered_wait / sums.all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every term from j = 0, far into the tail, with the same weights.
    fn brute(a: f64, x: f64) -> WaitingRatios {
        let (mut s, mut s1, mut t, mut m) = (0.0, 0.0, 0.0, 0.0);
        let (mut w, mut h) = (1.0_f64, 1.0 / (a + 1.0));
        let mut j = 0.0;
        while j < x + 200.0 * (x + a).sqrt() + 200.0 {
            s += w;
            if j >= 1.0 {
                s1 += w;
            }
            t += j * w;
            m += w * a / (a + j + 1.0) * h;
            w *= x / (a + j + 1.0);
            j += 1.0;
            h += 1.0 / (a + j + 1.0);
        }
        WaitingRatios {
            beyond_head: s1 / s,
            queue_found: t / s,
            answered_wait: m / s,
        }
    }

    #[test]
    fn outward_sums_match_brute_force() {
        for (a, x) in [
            (56.0, 50.0),
            (10.0, 50.0),
            (3.3, 0.2),
            (200.0, 500.0),
            (0.5, 30.0),
        ] {
            let got = waiting_ratios(a, x).unwrap();
            let want = brute(a, x);
            for (g, w) in [
                (got.beyond_head, want.beyond_head),
                (got.queue_found, want.queue_found),
                (got.answered_wait, want.answered_wait),
            ] {
                assert!(((g - w) / w).abs() < 1e-12, "a = {a}, x = {x}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn queue_identity_holds() {
        // Σ j·t_j = (x − a)·S + a, i.e. queue_found = x − a + a/S, with 1/S = 1 − beyond_head.
        for (a, x) in [
            (56.0, 50.0),
            (10.0, 50.0),
            (9000.0, 9800.0),
            (9800.0, 9000.0),
        ] {
            let r = waiting_ratios(a, x).unwrap();
            let rhs = x - a + a * (1.0 - r.beyond_head);
            assert!(
                (r.queue_found - rhs).abs() < 1e-9 * r.queue_found.max(1.0),
                "a = {a}, x = {x}"
            );
        }
    }
}
