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
//! answered-wait one is an integral of γ), so they are summed by [`super::bell`]: every term
//! is positive, the sums start at the largest term and walk outwards until a geometric bound
//! on the rest is negligible (striding when the bell is wider than it can afford), and the
//! arbitrary common scale cancels in the ratios returned.

use super::bell::bell_sums;
use super::error::AnalyticError;

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

/// The ratios for x = λ/θ > 0 and a = cμ/θ > 0.
pub(crate) fn waiting_ratios(a: f64, x: f64) -> Result<WaitingRatios, AnalyticError> {
    let sums = bell_sums(a, x, false)?;
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
        WaitingRatios { beyond_head: s1 / s, queue_found: t / s, answered_wait: m / s }
    }

    #[test]
    fn outward_sums_match_brute_force() {
        for (a, x) in [(56.0, 50.0), (10.0, 50.0), (3.3, 0.2), (200.0, 500.0), (0.5, 30.0)] {
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
        for (a, x) in [(56.0, 50.0), (10.0, 50.0), (9000.0, 9800.0), (9800.0, 9000.0)] {
            let r = waiting_ratios(a, x).unwrap();
            let rhs = x - a + a * (1.0 - r.beyond_head);
            assert!(
                (r.queue_found - rhs).abs() < 1e-9 * r.queue_found.max(1.0),
                "a = {a}, x = {x}"
            );
        }
    }
}
