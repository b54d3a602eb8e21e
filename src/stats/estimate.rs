//! Mean and Student-t confidence interval over replications (Welford's streaming algorithm).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A KPI estimated over replications: mean and 95% confidence interval.
///
/// Serialises as `{ "mean": x, "ci95": [lo, hi] }` (plus `n`), the contract of `summary.json`.
/// Undefined values (no replication had a denominator) serialise as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications where the KPI is defined.
    pub mean: f64,
    /// Two-sided 95% Student-t confidence interval of the mean.
    pub ci95: [f64; 2],
    /// Replications that contributed.
    pub n: u64,
    /// Sample standard deviation across replications.
    #[serde(skip)]
    pub sd: f64,
}

impl Estimate {
    /// Estimates from samples in order; `None` samples (undefined ratios) are skipped.
    pub fn from_samples(samples: impl IntoIterator<Item = Option<f64>>) -> Self {
        let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
        for x in samples.into_iter().flatten() {
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
        }
        if n == 0 {
            return Estimate { mean: f64::NAN, ci95: [f64::NAN, f64::NAN], n, sd: f64::NAN };
        }
        let sd = if n > 1 { (m2 / (n - 1) as f64).sqrt() } else { 0.0 };
        let half =
            if n > 1 { student_t_quantile(0.975, n - 1) * sd / (n as f64).sqrt() } else { 0.0 };
        Estimate { mean, ci95: [mean - half, mean + half], n, sd }
    }

    /// Half-width of a two-sided confidence interval at level `confidence` (e.g. 0.99).
    pub fn half_width(&self, confidence: f64) -> f64 {
        if self.n < 2 {
            return f64::INFINITY;
        }
        student_t_quantile(0.5 + confidence / 2.0, self.n - 1) * self.sd / (self.n as f64).sqrt()
    }

    /// True when `value` lies in the two-sided interval at level `confidence`.
    pub fn contains(&self, value: f64, confidence: f64) -> bool {
        (self.mean - value).abs() <= self.half_width(confidence)
    }
}

/// Quantile `p` of Student's t with `df` degrees of freedom.
pub fn student_t_quantile(p: f64, df: u64) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64).map(|t| t.inverse_cdf(p)).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_interval_match_the_textbook_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let e = Estimate::from_samples(xs.iter().map(|&x| Some(x)));
        assert_eq!(e.n, 8);
        assert!((e.mean - 5.0).abs() < 1e-12);
        let sd = (32.0f64 / 7.0).sqrt();
        assert!((e.sd - sd).abs() < 1e-12);
        // t_{0.975, 7} = 2.364624...
        let half = 2.364_624_251_592_785 * sd / 8f64.sqrt();
        assert!((e.ci95[1] - e.mean - half).abs() < 1e-9, "{:?}", e);
    }

    #[test]
    fn undefined_samples_are_skipped() {
        let e = Estimate::from_samples([None, Some(1.0), None, Some(3.0)]);
        assert_eq!(e.n, 2);
        assert!((e.mean - 2.0).abs() < 1e-12);
        assert!(Estimate::from_samples([None]).mean.is_nan());
    }
}
