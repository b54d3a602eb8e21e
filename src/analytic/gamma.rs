//! The incomplete gamma function in log space, with relative accuracy for large arguments.
//!
//! Erlang A needs γ(s, z) = ∫₀^z u^(s−1)·e^(−u) du and differences γ(s, z) − γ(s, y) for
//! s and z in the thousands. Both functions are kept *scaled by the kernel* z^s·e^(−z):
//! γ(s, z) = z^s·e^(−z)·φ_lower(s, z) and Γ(s, z) = z^s·e^(−z)·φ_upper(s, z), where φ is of
//! moderate size, so the callers can cancel the huge kernel exactly instead of subtracting
//! logarithms of size s·ln s.
//!
//! φ_lower comes from its power series when z < s + 1 (and, for s > 10⁶, up to 0.75·√s
//! above it), φ_upper from the Legendre continued fraction (modified Lentz) otherwise; the
//! other one is obtained through the complement Γ(s) = γ + Γ, which is then free of
//! cancellation because the directly computed part is at most about 0.78 of Γ(s).
//!
//! Every evaluation finishes in bounded time for finite inputs: the series is summed by
//! [`super::bell`] (at most a few million steps, strided for very wide bells) and the
//! continued fraction is capped at 100,000 terms (it needs at most about 900 where it is
//! used).

use super::bell::bell_sums;
use super::error::AnalyticError;
use super::special::{ln_add_exp, ln_gamma_over_kernel, ln_kernel_ratio};

/// Iteration budget of the continued fraction: it needs O(√(s+z)) terms near the transition
/// z ≈ s + 1 for moderate s, and at most about 700 beyond the series band of large s
/// ([`series_regime`]); the cap makes every evaluation finish in bounded time.
fn max_iterations(s: f64, z: f64) -> u64 {
    (1_000.0 + 40.0 * (s + z).sqrt()).min(100_000.0) as u64
}

/// φ_lower(s, z) = Σ_{n≥0} zⁿ / (s(s+1)…(s+n)) = Σ_n t_n(a = s, x = z) / s, summed by
/// [`bell_sums`] (term by term, or strided for bells wider than it can afford).
fn lower_series(s: f64, z: f64) -> Result<f64, AnalyticError> {
    let sums = bell_sums(s, z, true)?;
    Ok(sums.all / (s * sums.zero))
}

/// φ_upper(s, z) by the continued fraction 1/(z+1−s− 1(1−s)/(z+3−s− 2(2−s)/(z+5−s− …))),
/// for z ≥ s + 1, evaluated with the modified Lentz method.
fn upper_fraction(s: f64, z: f64) -> Result<f64, AnalyticError> {
    const TINY: f64 = 1e-300;
    let mut b = z + 1.0 - s;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..max_iterations(s, z) {
        let i = i as f64;
        let an = -i * (i - s);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= 2.0 * f64::EPSILON {
            return Ok(h);
        }
    }
    Err(AnalyticError::NoConvergence { what: "incomplete gamma continued fraction" })
}

/// True when the series (rather than the continued fraction) is the direct method: below
/// the transition z = s + 1, and for large shapes also in a band 0.75·√s above it, where the
/// continued fraction would need O(s^⅓) terms (the series' largest term is then within
/// e^(−0.3) of its first, and P(s, z) ≤ 0.78, so the complement Q = 1 − P keeps its digits).
fn series_regime(s: f64, z: f64) -> bool {
    z < s + 1.0 || (s > 1e6 && z < s + 1.0 + 0.75 * s.sqrt())
}

/// ln φ_lower(s, z) = ln γ(s, z) − (s·ln z − z), for s > 0, z ≥ 0.
pub(crate) fn ln_scaled_lower(s: f64, z: f64) -> Result<f64, AnalyticError> {
    if series_regime(s, z) {
        return Ok(lower_series(s, z)?.ln());
    }
    // φ_lower = Γ(s)·z^(−s)·e^z·(1 − Q(s, z)), Q(s, z) = φ_upper / (Γ(s)·z^(−s)·e^z) ≲ ½.
    let big = ln_gamma_over_kernel(s, z);
    let ln_q = upper_fraction(s, z)?.ln() - big;
    Ok(big + (-ln_q.exp()).ln_1p())
}

/// ln φ_upper(s, z) = ln Γ(s, z) − (s·ln z − z), for s > 0, z > 0.
pub(crate) fn ln_scaled_upper(s: f64, z: f64) -> Result<f64, AnalyticError> {
    if !series_regime(s, z) {
        return Ok(upper_fraction(s, z)?.ln());
    }
    let big = ln_gamma_over_kernel(s, z);
    let ln_p = lower_series(s, z)?.ln() - big;
    Ok(big + (-ln_p.exp()).ln_1p())
}

/// ln P(s, z), the logarithm of the regularised lower incomplete gamma function
/// γ(s, z)/Γ(s), for s > 0 and z > 0; accurate in relative terms even when P underflows.
pub fn ln_regularized_lower(s: f64, z: f64) -> Result<f64, AnalyticError> {
    check(s, z)?;
    Ok(ln_scaled_lower(s, z)? - ln_gamma_over_kernel(s, z))
}

/// ln Q(s, z), the logarithm of the regularised upper incomplete gamma function
/// Γ(s, z)/Γ(s) = 1 − P(s, z), for s > 0 and z > 0.
pub fn ln_regularized_upper(s: f64, z: f64) -> Result<f64, AnalyticError> {
    check(s, z)?;
    Ok(ln_scaled_upper(s, z)? - ln_gamma_over_kernel(s, z))
}

fn check(s: f64, z: f64) -> Result<(), AnalyticError> {
    super::error::positive("incomplete gamma shape", s)?;
    super::error::positive("incomplete gamma argument", z)?;
    Ok(())
}

/// ln([γ(s, z) − γ(s, y)] / (z^s·e^(−z))) for 0 < y < z: the mass of the gamma integrand
/// on [y, z], scaled by the kernel at the upper end.
///
/// `ln_kernel_yz` is ln(kernel(y)/kernel(z)) = s·ln(y/z) + z − y, passed in because the
/// caller can form it exactly when y and z differ by less than a rounding of either (a
/// patience far longer than the service-level threshold): computed from the two rounded
/// ends it would be 0, and the mass on [y, z] with it.
///
/// Never subtracts two nearly equal numbers: on each side of the transition point s + 1 the
/// difference is taken of the tail that is small there (γ below, Γ above) as
/// big·(−expm1(ln small − ln big)), where the log-ratio is formed from kernel ratios and
/// scaled functions of moderate size; an interval straddling s + 1 is split there and the
/// two positive parts added.
pub(crate) fn ln_scaled_lower_difference(
    s: f64,
    y: f64,
    z: f64,
    ln_kernel_yz: f64,
) -> Result<f64, AnalyticError> {
    let mid = s + 1.0;
    if z <= mid {
        lower_piece(s, y, z, ln_kernel_yz)
    } else if y >= mid {
        upper_piece(s, y, z, ln_kernel_yz)
    } else {
        let ln_kernel_mid_z = ln_kernel_ratio(s, mid, z);
        let left = lower_piece(s, y, mid, ln_kernel_yz - ln_kernel_mid_z)? + ln_kernel_mid_z;
        Ok(ln_add_exp(left, upper_piece(s, mid, z, ln_kernel_mid_z)?))
    }
}

/// ln(−expm1(r)) = ln(1 − eʳ) for r ≤ 0; −∞ when rounding made the two ends coincide.
fn ln_one_minus_exp(r: f64) -> f64 {
    if r >= 0.0 {
        f64::NEG_INFINITY
    } else {
        (-r.exp_m1()).ln()
    }
}

/// The difference on [y, z] with z ≤ s + 1, as γ(s, z)·(1 − γ(s, y)/γ(s, z)).
fn lower_piece(s: f64, y: f64, z: f64, ln_kernel_yz: f64) -> Result<f64, AnalyticError> {
    let at_z = ln_scaled_lower(s, z)?;
    let ln_ratio = ln_kernel_yz + ln_scaled_lower(s, y)? - at_z;
    Ok(at_z + ln_one_minus_exp(ln_ratio))
}

/// The difference on [y, z] with y ≥ s + 1, as Γ(s, y)·(1 − Γ(s, z)/Γ(s, y)).
fn upper_piece(s: f64, y: f64, z: f64, ln_kernel_yz: f64) -> Result<f64, AnalyticError> {
    let at_y = ln_scaled_upper(s, y)?;
    let ln_ratio = -ln_kernel_yz + ln_scaled_upper(s, z)? - at_y;
    Ok(at_y + ln_kernel_yz + ln_one_minus_exp(ln_ratio))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(x: f64, y: f64) -> f64 {
        ((x - y) / y).abs()
    }

    #[test]
    fn matches_closed_forms_for_integer_shapes() {
        // P(1, z) = 1 − e^(−z); Q(2, z) = (1 + z)·e^(−z).
        for z in [0.01, 0.5, 1.9, 2.1, 10.0, 300.0] {
            let p1 = -f64::exp_m1(-z);
            assert!(rel(ln_regularized_lower(1.0, z).unwrap().exp(), p1) < 1e-14, "{z}");
            let q2 = (1.0 + z) * f64::exp(-z);
            assert!(rel(ln_regularized_upper(2.0, z).unwrap().exp(), q2) < 1e-13, "{z}");
        }
    }

    #[test]
    fn lower_and_upper_are_complements_at_large_shapes() {
        for s in [50.0, 1000.5, 10_000.0, 1e6] {
            for f in [0.9, 0.999, 1.0, 1.001, 1.1] {
                let z = s * f;
                let p = ln_regularized_lower(s, z).unwrap().exp();
                let q = ln_regularized_upper(s, z).unwrap().exp();
                assert!((p + q - 1.0).abs() < 1e-13, "s = {s}, z = {z}: {p} + {q}");
            }
        }
    }

    #[test]
    fn poisson_identity_at_large_arguments() {
        // For integer s, Q(s, z) = P(Poisson(z) ≤ s − 1) = Σ_{k<s} e^(−z) zᵏ/k!, summed in
        // log space term by term (independent of the series and fraction above).
        for (s, z) in [(5000_u32, 4900.0_f64), (5000, 5100.0), (300, 250.0), (40, 80.0)] {
            let mut ln_term = -z; // k = 0
            let mut ln_sum = ln_term;
            for k in 1..s {
                ln_term += z.ln() - f64::from(k).ln();
                ln_sum = ln_add_exp(ln_sum, ln_term);
            }
            let ln_q = ln_regularized_upper(f64::from(s), z).unwrap();
            assert!((ln_q - ln_sum).abs() < 1e-10, "s = {s}, z = {z}: {ln_q} vs {ln_sum}");
        }
    }

    #[test]
    fn difference_agrees_with_direct_subtraction_where_that_is_safe() {
        // Far-apart ends: subtracting the regularised values directly is accurate.
        for (s, y, z) in [(3.0, 0.5, 2.0), (3.0, 1.0, 9.0), (30.0, 20.0, 45.0), (30.0, 35.0, 60.0)]
        {
            let p = |u: f64| ln_regularized_lower(s, u).unwrap().exp();
            let direct = p(z) - p(y);
            let ln_scaled = ln_scaled_lower_difference(s, y, z, ln_kernel_ratio(s, y, z)).unwrap();
            // Undo the kernel scaling and the Γ(s) normalisation.
            let got = (ln_scaled - ln_gamma_over_kernel(s, z)).exp();
            assert!(rel(got, direct) < 1e-12, "s = {s}, [{y}, {z}]: {got} vs {direct}");
        }
    }

    #[test]
    fn difference_of_close_ends_is_the_integrand_times_width() {
        // ∫_y^z u^(s−1)e^(−u) du ≈ width · integrand(midpoint) for a tiny width, on both
        // sides of the transition and straddling it; direct subtraction would lose ~6 digits.
        for (s, centre) in [(2000.0, 1900.0), (2000.0, 2100.0), (2000.0, 2001.0)] {
            let width = 1e-4;
            let (y, z) = (centre - width / 2.0, centre + width / 2.0);
            let got = ln_scaled_lower_difference(s, y, z, ln_kernel_ratio(s, y, z)).unwrap();
            let expected = width.ln() + ln_kernel_ratio(s, centre, z) - centre.ln();
            assert!((got - expected).abs() < 1e-8, "s = {s}, centre = {centre}");
        }
    }
}
