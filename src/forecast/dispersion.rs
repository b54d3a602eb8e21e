//! The Poisson–gamma (negative-binomial) count model: quantiles of Poisson(B·m) with
//! B ~ Gamma(k, 1/k), and the moment estimator of 1/k.

use statrs::function::beta::beta_reg;
use statrs::function::gamma::gamma_ur;

/// Shapes above this are treated as infinite (plain Poisson): the difference is below the
/// accuracy of any count forecast.
pub(crate) const POISSON_SHAPE: f64 = 1e7;

/// P(X ≤ x) for X ~ Poisson(B·mean), B ~ Gamma(shape, 1/shape).
pub(crate) fn cdf(mean: f64, shape: f64, x: f64) -> f64 {
    if x < 0.0 {
        return 0.0;
    }
    if mean <= 0.0 {
        return 1.0;
    }
    let x = x.floor();
    if !shape.is_finite() || shape > POISSON_SHAPE {
        if x + mean > 1e4 {
            // statrs' series needs O(√x) terms (minutes over a forecast at counts of 1e10);
            // the analytic module's incomplete gamma has a fixed bound on its work.
            return crate::analytic::ln_regularized_upper(x + 1.0, mean).map_or(f64::NAN, f64::exp);
        }
        gamma_ur(x + 1.0, mean)
    } else {
        beta_reg(shape, x + 1.0, shape / (shape + mean))
    }
}

/// The smallest integer x with P(X ≤ x) ≥ q (0 < q < 1).
pub(crate) fn quantile(mean: f64, shape: f64, q: f64) -> f64 {
    if mean <= 0.0 || !mean.is_finite() {
        return 0.0;
    }
    let var = mean + if shape.is_finite() { mean * mean / shape } else { 0.0 };
    let mut lo = 0.0_f64; // cdf(lo - 1) < q is implied by lo = 0
    let mut hi = (mean + 12.0 * var.sqrt() + 12.0).ceil();
    while cdf(mean, shape, hi) < q {
        hi *= 2.0;
    }
    if cdf(mean, shape, 0.0) >= q {
        return 0.0;
    }
    // invariant: cdf(lo) < q <= cdf(hi)
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if cdf(mean, shape, mid) >= q {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Shape k from a relative variance 1/k (infinite when the variance is not positive).
pub(crate) fn shape_from_variance(relative_variance: f64) -> f64 {
    if relative_variance > 1.0 / POISSON_SHAPE {
        1.0 / relative_variance
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_and_negative_binomial_quantiles() {
        // Poisson(10): P(X<=5)=0.067, P(X<=6)=0.130 -> p10 = 6; P(X<=13)=0.864, <=14: 0.917 -> p90 = 14.
        assert_eq!(quantile(10.0, f64::INFINITY, 0.1), 6.0);
        assert_eq!(quantile(10.0, f64::INFINITY, 0.9), 14.0);
        assert_eq!(quantile(10.0, f64::INFINITY, 0.5), 10.0);
        // Geometric (k = 1) with mean 4: P(X<=x) = 1 - 0.8^(x+1); p90: 0.8^(x+1) <= 0.1 -> x = 10.
        assert_eq!(quantile(4.0, 1.0, 0.9), 10.0);
        assert_eq!(quantile(0.0, 5.0, 0.9), 0.0);
        assert!(quantile(1000.0, 50.0, 0.9) > quantile(1000.0, f64::INFINITY, 0.9));
    }

    /// Counts of 1e10 per interval (issue 11: minutes per forecast): the quantiles return, and
    /// match the normal limit, mean + z·√mean for Poisson and mean·(1 + z/√k) for a
    /// negative binomial of shape k far below the mean.
    #[test]
    fn quantiles_of_huge_counts_follow_the_normal_limit() {
        let m = 1e10_f64;
        let z90 = 1.281_551_565_545;
        let p90 = quantile(m, f64::INFINITY, 0.9);
        assert!((p90 - (m + z90 * m.sqrt())).abs() < 3.0, "{p90}");
        let p10 = quantile(m, f64::INFINITY, 0.1);
        assert!((p10 - (m - z90 * m.sqrt())).abs() < 3.0, "{p10}");
        let nb = quantile(m, 50.0, 0.9);
        let limit = m * (1.0 + z90 / 50.0_f64.sqrt());
        assert!((nb / limit - 1.0).abs() < 0.02, "{nb} vs {limit}");
        // Monotone in q, and every value an integer.
        let qs: Vec<f64> = [0.1, 0.5, 0.9].iter().map(|&q| quantile(m, 80.0, q)).collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]) && qs.iter().all(|x| x.fract() == 0.0));
    }
}
