//! Sums of the bell-shaped sequence t_j = xʲ / ((a+1)(a+2)…(a+j)), j ≥ 0, for a, x > 0,
//! at a cost bounded for every finite input.
//!
//! Two callers need them: the power series of the lower incomplete gamma function,
//! φ_lower(s, z) = Σ_j t_j(a = s, x = z) / s (see [`super::gamma`]), and the sums over the
//! queue lengths an Erlang A caller finds (see [`super::waiting`]). The terms rise while
//! j < x − a and fall after it, over a *width* of about √(x + a) (or a/(a − x) when that is
//! smaller), so summing term by term from the largest term outwards costs O(width) terms:
//! billions for a patience 10¹⁵ times the handle time.
//!
//! **Bounded cost.** When the width exceeds [`TERMS_PER_WIDTH`] terms, the walk samples every
//! h-th term, h = ⌊width / TERMS_PER_WIDTH⌋, on a grid through j = 0, and weighs each sample
//! by h (the trapezoidal rule; j = 0 by (h+1)/2). The log-ratio of neighbouring samples and
//! the harmonic increments are computed in closed form (Stirling's series through Loader's
//! deviance, digamma differences), without cancellation. So a walk never takes more than
//! [`MAX_STEPS`] steps on either side of the largest term, whatever a and x are.
//!
//! **Accuracy.** With h = 1 (every width below 2·[`TERMS_PER_WIDTH`], that is x + a below
//! about 10⁹: every contact centre) the sums are the exact term-by-term sums to 1e-17. With
//! h > 1 the summand is smooth on the scale of h, and the trapezoidal error is of order
//! (h / width)² / 12 ≈ 3e-10 relative, from the end at j = 0.

use super::error::AnalyticError;
use super::special::{deviance, digamma_difference, harmonic, stirling_error};

/// Relative size of the neglected tails.
const TOLERANCE: f64 = 1e-17;

/// Samples per width of the bell: the stride is ⌊width / TERMS_PER_WIDTH⌋ terms.
pub(crate) const TERMS_PER_WIDTH: f64 = 16_384.0;

/// Steps on either side of the largest term before the walk gives up. A walk needs about
/// 40 widths to reach a relative tail of 1e-17, and a width is fewer than
/// 2·[`TERMS_PER_WIDTH`] samples, so this is never reached for finite inputs.
pub(crate) const MAX_STEPS: f64 = 4_000_000.0;

/// Sums over the terms, each relative to the largest term t_mode = 1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct BellSums {
    /// Σ_j t_j.
    pub all: f64,
    /// Σ_{j≥1} t_j.
    pub beyond_head: f64,
    /// Σ_j j·t_j.
    pub queue: f64,
    /// Σ_j t_j·a/(a+j+1)·H_j with H_j = Σ_{k=1}^{j+1} 1/(a+k).
    pub answered_wait: f64,
    /// t_0 (relative to the largest term), or 0 when the walk stopped before reaching it.
    pub zero: f64,
}

impl BellSums {
    /// Adds the sample at `j` of weight `t` standing for `mult` terms (`head` of them at j = 0
    /// count in `beyond_head`, see the trapezoidal end weights).
    fn add(&mut self, a: f64, j: f64, t: f64, mult: f64, harmonic_j: f64, stride: f64) {
        let (mult_all, mult_beyond) =
            if j == 0.0 { ((stride + 1.0) / 2.0, (stride - 1.0) / 2.0) } else { (mult, mult) };
        self.all += mult_all * t;
        self.beyond_head += mult_beyond * t;
        self.queue += mult * j * t;
        self.answered_wait += mult_all * t * a / (a + j + 1.0) * harmonic_j;
        if j == 0.0 {
            self.zero = t;
        }
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

/// The stride h ≥ 1 (in terms) for the bell of `a` and `x`.
pub(crate) fn stride(a: f64, x: f64) -> f64 {
    let spread = (x + a).sqrt();
    let width = if x < a { spread.min(a / (a - x)) } else { spread };
    (width / TERMS_PER_WIDTH).floor().max(1.0)
}

/// ln(t_{j+h} / t_j) = Σ_{i=1}^{h} ln(x/(a+j+i)).
///
/// For h > 1, with z = a+j+1: h·ln x − [ln Γ(z+h) − ln Γ(z)]. With
/// ln Γ(w) = (w−½)·ln w − w + ½·ln 2π + δ(w) (δ is Stirling's error term of w, because
/// ln Γ(w) = ln Γ(w+1) − ln w), this is −h·ln((z+h)/x) + bd0(z, z+h) + ½·ln(1 + h/z)
/// − [δ(z+h) − δ(z)] (Loader's deviance bd0), whose parts carry no cancellation.
pub(crate) fn ln_step(a: f64, x: f64, j: f64, h: f64) -> f64 {
    if h == 1.0 {
        return (x / (a + j + 1.0)).ln();
    }
    let z = a + j + 1.0;
    // z + h − x from a − x (exact for close a and x) and the small offsets: forming z first
    // would round away the low digits of j when a is large.
    -h * (((a - x) + (j + 1.0 + h)) / x).ln_1p() + deviance_step(z, h) + 0.5 * (h / z).ln_1p()
        - (stirling_error(z + h) - stirling_error(z))
}

/// bd0(z, z+h) = z·ln(z/(z+h)) + h, from the step h itself (the rounded z + h would lose
/// the low digits of h when z is large): h·v + 2z·Σ_{k≥1} (−v)^(2k+1)/(2k+1) with
/// v = h/(2z+h) (Loader's series; a few terms, since v < ½·h/z is tiny where it is used).
fn deviance_step(z: f64, h: f64) -> f64 {
    if h > 0.1 * z {
        return deviance(z, z + h);
    }
    let v = h / (2.0 * z + h);
    let v2 = v * v;
    let mut sum = h * v;
    let mut pow = 2.0 * z * v;
    for k in 1..100 {
        pow *= v2;
        let next = sum - pow / f64::from(2 * k + 1);
        if next == sum {
            break;
        }
        sum = next;
    }
    sum
}

/// The walk: samples of t_j on the grid of the stride, outward from the largest term until the
/// rest is negligible (or, with `to_zero`, down to j = 0 on the left whatever its size).
pub(crate) fn bell_sums(a: f64, x: f64, to_zero: bool) -> Result<BellSums, AnalyticError> {
    let h = stride(a, x);
    // t_{j+1}/t_j = x/(a+j+1) ≥ 1 exactly while j ≤ x − a − 1: the largest term, on the grid.
    let mode = ((x - a).floor().max(0.0) / h).floor() * h;
    let harmonic_mode = if mode < 1e15 {
        harmonic(a, mode as u64 + 1)
    } else {
        digamma_difference(a + 1.0, a + mode + 2.0)
    };
    let give_up = || AnalyticError::NoConvergence { what: "sum over a bell of terms" };
    let mut sums = BellSums::default();

    // Right of the mode: terms shrink by ρ_j = x/(a+j+1) < 1, ρ decreasing.
    let (mut j, mut weight, mut harm, mut steps) = (mode, 1.0, harmonic_mode, 0.0);
    loop {
        sums.add(a, j, weight, h, harm, h);
        weight *= if h == 1.0 { x / (a + j + 1.0) } else { ln_step(a, x, j, h).exp() };
        harm += if h == 1.0 { 1.0 / (a + j + 2.0) } else { harmonic_step(a, j, h) };
        j += h;
        let rho = x / (a + j + 1.0);
        if rho < 1.0 {
            let tail = weight / (1.0 - rho);
            let queue_tail = weight * (j / (1.0 - rho) + rho / ((1.0 - rho) * (1.0 - rho)));
            if weight == 0.0 || sums.negligible(a, tail, queue_tail) {
                break;
            }
        }
        steps += 1.0;
        if steps > MAX_STEPS {
            return Err(give_up());
        }
    }

    // Left of the mode: going down, terms shrink by (a+j)/x < 1, decreasing as j falls.
    let (mut j, mut weight, mut harm, mut steps) = (mode, 1.0, harmonic_mode, 0.0);
    while j >= h {
        j -= h;
        if h == 1.0 {
            weight *= (a + j + 1.0) / x;
            harm -= 1.0 / (a + j + 2.0);
        } else {
            weight *= (-ln_step(a, x, j, h)).exp();
            harm -= harmonic_step(a, j, h);
        }
        let rho = (a + j) / x; // < 1 because j < mode ≤ x − a
        let tail = weight / (1.0 - rho);
        if !to_zero && sums.negligible(a, tail, j * tail) {
            break;
        }
        sums.add(a, j, weight, h, harm, h);
        steps += 1.0;
        if steps > MAX_STEPS {
            return Err(give_up());
        }
    }
    Ok(sums)
}

/// H_{j+h} − H_j = Σ_{k=j+2}^{j+h+1} 1/(a+k) = ψ(a+j+h+2) − ψ(a+j+2).
fn harmonic_step(a: f64, j: f64, h: f64) -> f64 {
    digamma_difference(a + j + 2.0, a + j + h + 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_form_step_matches_the_product() {
        for (a, x, j, h) in [
            (1000.0, 1100.0, 3.0, 50.0),
            (0.5, 30.0, 0.0, 40.0),
            (2.5e4, 2.4e4, 100.0, 700.0),
            (9.0, 400.0, 380.0, 17.0),
        ] {
            let direct: f64 = (1..=h as u32).map(|i| (x / (a + j + f64::from(i))).ln()).sum();
            let got = ln_step(a, x, j, h);
            assert!((got - direct).abs() < 1e-11 * direct.abs().max(1.0), "{a} {x} {j} {h}");
            let harm: f64 = (2..=h as u32 + 1).map(|k| 1.0 / (a + j + f64::from(k))).sum();
            assert!((harmonic_step(a, j, h) - harm).abs() < 1e-13 * harm, "{a} {j} {h}");
            let z = a + j + 1.0;
            let bd0 = deviance(z, z + h);
            assert!((deviance_step(z, h) - bd0).abs() < 1e-12 * bd0, "{a} {j} {h}");
        }
    }

    #[test]
    fn the_stride_stays_one_below_twice_the_terms_per_width() {
        assert_eq!(stride(5e7, 5e7), 1.0);
        assert_eq!(stride(1e3, 1e9), 1.0);
        assert_eq!(stride(1e9, 1e9), 2.0);
        assert_eq!(stride(1e19, 1e19), (2e19_f64.sqrt() / TERMS_PER_WIDTH).floor());
        // Far below the bell's top the decay is geometric and narrow: no stride.
        assert_eq!(stride(1e19, 5e18), 1.0);
    }

    /// The smallest bells that get a stride (2) are still affordable term by term: the
    /// strided walk's mean queue length agrees with the direct sum over every term.
    #[test]
    fn strided_sums_match_term_by_term_sums() {
        // x + a = 2.2e9: width ≈ 46,900, stride 2; a direct sum over ±60 widths is 6e6 terms.
        for (a, x) in [(1.1e9, 1.1e9), (1.0e9, 1.2e9), (1.2e9, 1.2e9 - 1e4)] {
            let h = stride(a, x);
            assert!(h >= 2.0, "{a} {x}: stride {h}");
            let got = bell_sums(a, x, false).unwrap();
            // Direct: from the mode outwards, every term.
            let mode = (x - a).floor().max(0.0);
            let (mut all, mut queue) = (0.0, 0.0);
            let spread = 60.0 * (x + a).sqrt();
            let lo = (mode - spread).max(0.0) as u64;
            let hi = (mode + spread) as u64;
            let mut ln_t = 0.0_f64;
            for j in (lo..mode as u64).rev() {
                ln_t -= (x / (a + j as f64 + 1.0)).ln();
                let t = ln_t.exp();
                all += t;
                queue += j as f64 * t;
            }
            let mut ln_t = 0.0_f64;
            for j in mode as u64..=hi {
                let t = ln_t.exp();
                all += t;
                queue += j as f64 * t;
                ln_t += (x / (a + j as f64 + 1.0)).ln();
            }
            // The grid's mode may sit up to h − 1 terms below the true one: compare ratios.
            let ratio = |s: &BellSums| s.queue / s.all;
            let rel = (ratio(&got) - queue / all).abs() / (queue / all).max(1.0);
            assert!(rel < 1e-9, "a = {a}, x = {x}: mean {} vs {}", ratio(&got), queue / all);
        }
    }
}
