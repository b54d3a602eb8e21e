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
}
