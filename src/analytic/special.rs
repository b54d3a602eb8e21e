//! Small special functions the Erlang formulas need with full relative accuracy at large
//! arguments: Stirling's error term, Loader's deviance term, the log-gamma ratio that
//! normalises the incomplete gamma function, digamma differences and log-sum-exp.
//!
//! Why not plain `ln Γ`: quantities such as ln(Γ(s)·z^(−s)·e^z) are differences of numbers of
//! size s·ln s (≈ 10⁵ at 5,000 agents), so evaluating each term separately loses about
//! five digits. Writing them as ½·ln(2πs) + δ(s) + bd0(s, z), whose parts are all small or
//! computed without cancellation, keeps the full precision (Loader 2000, "Fast and accurate
//! computation of binomial probabilities").

use statrs::function::gamma::ln_gamma;

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Stirling's error term δ(s) = ln Γ(s+1) − [(s+½)·ln s − s + ½·ln 2π], for s > 0.
///
/// Small (≈ 1/(12s)) and smooth, so it carries no cancellation into the callers.
pub(crate) fn stirling_error(s: f64) -> f64 {
    if s < 15.0 {
        return ln_gamma(s + 1.0) - (s + 0.5) * s.ln() + s - LN_SQRT_2PI;
    }
    // Stirling series Σ B₂ₖ / (2k(2k−1)·s^(2k−1)); the next term is below 1e-17 for s ≥ 15.
    const C: [f64; 7] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
    ];
    let inv2 = 1.0 / (s * s);
    C.iter().rev().fold(0.0, |acc, &c| acc * inv2 + c) / s
}

/// Loader's deviance term bd0(s, z) = s·ln(s/z) + z − s ≥ 0, computed without cancellation
/// when s ≈ z (where the naive form subtracts two numbers of size s·ln s).
pub(crate) fn deviance(s: f64, z: f64) -> f64 {
    let d = s - z;
    if d.abs() < 0.1 * (s + z) {
        // s·ln(s/z) + z − s = d·v + 2s·Σ_{j≥1} v^(2j+1)/(2j+1) with v = d/(s+z).
        let v = d / (s + z);
        let v2 = v * v;
        let mut sum = d * v;
        let mut pow = 2.0 * s * v;
        for j in 1..1000 {
            pow *= v2;
            let next = sum + pow / f64::from(2 * j + 1);
            if next == sum {
                return next;
            }
            sum = next;
        }
        sum
    } else {
        s * (s / z).ln() + z - s
    }
}

/// ln(Γ(s) · z^(−s) · e^z) for s > 0, z > 0: the factor between the incomplete gamma
/// kernel z^s·e^(−z) and the complete gamma function, accurate for large s and z.
pub(crate) fn ln_gamma_over_kernel(s: f64, z: f64) -> f64 {
    // ln Γ(s+1) − s·ln z + z = bd0(s, z) + ½·ln(2πs) + δ(s), and Γ(s) = Γ(s+1)/s.
    deviance(s, z) + LN_SQRT_2PI + 0.5 * s.ln() + stirling_error(s) - s.ln()
}

/// ln(kernel(u) / kernel(v)) for the incomplete gamma kernel z ↦ z^s·e^(−z):
/// s·ln(u/v) − (u − v), with ln(u/v) taken through `ln_1p` so that nearby points lose
/// nothing. Returns −∞ when u = 0.
pub(crate) fn ln_kernel_ratio(s: f64, u: f64, v: f64) -> f64 {
    s * ((u - v) / v).ln_1p() - (u - v)
}

/// Partial harmonic sum Σ_{k=1}^{n} 1/(a+k) = ψ(a+n+1) − ψ(a+1) for a > −1.
///
/// Direct summation for small n; for large n a digamma difference through its asymptotic
/// series, so the cost does not grow with n.
pub(crate) fn harmonic(a: f64, n: u64) -> f64 {
    if n <= 64 {
        return (1..=n).map(|k| 1.0 / (a + k as f64)).sum();
    }
    digamma_difference(a + 1.0, a + 1.0 + n as f64)
}

/// ψ(hi) − ψ(lo) for 0 < lo ≤ hi.
pub(crate) fn digamma_difference(mut lo: f64, mut hi: f64) -> f64 {
    // ψ(z) = ψ(z+1) − 1/z: shift both arguments to where the asymptotic series is exact
    // to double precision.
    const SHIFT_TO: f64 = 20.0;
    let mut acc = 0.0;
    while lo < SHIFT_TO {
        acc += 1.0 / lo;
        lo += 1.0;
    }
    while hi < SHIFT_TO {
        acc -= 1.0 / hi;
        hi += 1.0;
    }
    acc + ((hi - lo) / lo).ln_1p() + digamma_minus_ln(hi) - digamma_minus_ln(lo)
}

/// ψ(z) − ln z for z ≥ 20 from the asymptotic series (error below 1e-17).
fn digamma_minus_ln(z: f64) -> f64 {
    // −1/(2z) − Σ B₂ₖ/(2k·z^(2k)).
    const C: [f64; 7] = [
        -1.0 / 12.0,
        1.0 / 120.0,
        -1.0 / 252.0,
        1.0 / 240.0,
        -1.0 / 132.0,
        691.0 / 32_760.0,
        -1.0 / 12.0,
    ];
    let inv2 = 1.0 / (z * z);
    -0.5 / z + inv2 * C.iter().rev().fold(0.0, |acc, &c| acc * inv2 + c)
}

/// ln(eᵘ + eᵛ) without overflow; −∞ is the neutral element.
pub(crate) fn ln_add_exp(u: f64, v: f64) -> f64 {
    let (hi, lo) = if u >= v { (u, v) } else { (v, u) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// 1 / (1 + eᵈ): the share p of two masses whose log-ratio ln((1−p)/p) is d.
pub(crate) fn logistic_of_log_ratio(d: f64) -> f64 {
    1.0 / (1.0 + d.exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(x: f64, y: f64) -> f64 {
        ((x - y) / y).abs()
    }

    #[test]
    fn stirling_error_series_joins_direct_form() {
        for s in [15.0, 16.5, 20.0, 40.0] {
            let direct = ln_gamma(s + 1.0) - (s + 0.5) * f64::ln(s) + s - LN_SQRT_2PI;
            assert!(rel(stirling_error(s), direct) < 1e-10, "s = {s}");
        }
        // Integer check against exact factorials: ln 20! = 42.335616460753485...
        let ln_fact20 = (1..=20).map(|k| f64::ln(k as f64)).sum::<f64>();
        let rebuilt = (20.5) * f64::ln(20.0) - 20.0 + LN_SQRT_2PI + stirling_error(20.0);
        assert!(rel(rebuilt, ln_fact20) < 1e-15);
    }

    #[test]
    fn deviance_matches_naive_form_away_from_cancellation() {
        for (s, z) in [(10.0, 3.0), (3.0, 10.0), (100.0, 95.0), (100.0, 111.0)] {
            let naive = s * f64::ln(s / z) + z - s;
            assert!(rel(deviance(s, z), naive) < 1e-13, "s = {s}, z = {z}");
        }
        assert_eq!(deviance(7.0, 7.0), 0.0);
    }

    #[test]
    fn deviance_is_exact_where_the_naive_form_cancels() {
        // z = s(1+ε): bd0 = s·(ε − ln(1+ε)) = s·Σ_{k≥2} (−1)ᵏ εᵏ/k, summed exactly here.
        let (s, eps) = (5000.0_f64, 2e-4_f64);
        let series: f64 = (2..12).map(|k| (-eps).powi(k) / f64::from(k)).sum();
        assert!(rel(deviance(s, s * (1.0 + eps)), s * series) < 1e-11);
    }

    #[test]
    fn harmonic_asymptotic_branch_agrees_with_direct_sum() {
        for a in [0.0, 0.3, 17.0, 2500.5] {
            for n in [65_u64, 200, 5000] {
                // Sum smallest terms first to keep the reference exact.
                let direct: f64 = (1..=n).rev().map(|k| 1.0 / (a + k as f64)).sum();
                assert!(rel(harmonic(a, n), direct) < 1e-13, "a = {a}, n = {n}");
            }
        }
    }

    #[test]
    fn ln_add_exp_is_stable() {
        assert!((ln_add_exp(1000.0, 1000.0) - (1000.0 + f64::ln(2.0))).abs() < 1e-12);
        assert_eq!(ln_add_exp(f64::NEG_INFINITY, 3.0), 3.0);
        assert!((logistic_of_log_ratio(0.0) - 0.5).abs() < 1e-16);
    }
}
