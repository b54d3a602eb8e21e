//! Distributions of durations (handle time, patience), in the style of `rand_distr`:
//! a distribution holds parameters only and samples from a generator passed in.

use rand::Rng;
use rand_distr::{Distribution as _, Exp1, Gamma, LogNormal, Weibull};
use thiserror::Error;

/// A non-negative duration distribution, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Exponential with the given mean.
    Exponential {
        /// Mean in seconds.
        mean: f64,
    },
    /// Log-normal parameterised by its mean and coefficient of variation.
    LogNormal {
        /// Mean in seconds.
        mean: f64,
        /// Coefficient of variation (standard deviation ÷ mean).
        cv: f64,
        /// Underlying sampler.
        inner: LogNormal<f64>,
    },
    /// Gamma parameterised by its mean and coefficient of variation.
    Gamma {
        /// Mean in seconds.
        mean: f64,
        /// Coefficient of variation.
        cv: f64,
        /// Underlying sampler.
        inner: Gamma<f64>,
    },
    /// Weibull parameterised by its mean and shape.
    Weibull {
        /// Mean in seconds.
        mean: f64,
        /// Shape k (k < 1: decreasing hazard; k = 1: exponential).
        shape: f64,
        /// Underlying sampler.
        inner: Weibull<f64>,
    },
    /// Always the same value.
    Deterministic {
        /// The value in seconds.
        value: f64,
    },
    /// Uniform on [min, max].
    Uniform {
        /// Lower bound in seconds.
        min: f64,
        /// Upper bound in seconds.
        max: f64,
    },
    /// Equally likely draws from a list of observed values.
    Empirical {
        /// The values in seconds (non-empty).
        values: Vec<f64>,
    },
}

/// Why a distribution's parameters are invalid. The message says what is expected.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum DistError {
    /// A parameter outside its domain.
    #[error("{param}: must be {expected}, got {got}")]
    Parameter {
        /// Parameter name as written in scenario files (`mean_s`, `cv`, ...).
        param: &'static str,
        /// What is expected (e.g. "> 0").
        expected: &'static str,
        /// The value given.
        got: f64,
    },
    /// An empirical distribution without values.
    #[error("values_s: must hold at least one value")]
    Empty,
}

fn positive(param: &'static str, v: f64) -> Result<f64, DistError> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(DistError::Parameter { param, expected: "a finite number > 0", got: v })
    }
}

fn non_negative(param: &'static str, v: f64) -> Result<f64, DistError> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(DistError::Parameter { param, expected: "a finite number ≥ 0", got: v })
    }
}

impl Distribution {
    /// Exponential with mean `mean` (> 0).
    pub fn exponential(mean: f64) -> Result<Self, DistError> {
        Ok(Distribution::Exponential { mean: positive("mean_s", mean)? })
    }

    /// Log-normal with mean `mean` and coefficient of variation `cv` (both > 0).
    pub fn lognormal(mean: f64, cv: f64) -> Result<Self, DistError> {
        let (mean, cv) = (positive("mean_s", mean)?, positive("cv", cv)?);
        let sigma2 = (1.0 + cv * cv).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let inner = LogNormal::new(mu, sigma2.sqrt()).map_err(|_| DistError::Parameter {
            param: "cv",
            expected: "a finite number > 0",
            got: cv,
        })?;
        Ok(Distribution::LogNormal { mean, cv, inner })
    }

    /// Gamma with mean `mean` and coefficient of variation `cv` (both > 0).
    pub fn gamma(mean: f64, cv: f64) -> Result<Self, DistError> {
        let (mean, cv) = (positive("mean_s", mean)?, positive("cv", cv)?);
        let shape = 1.0 / (cv * cv);
        let inner = Gamma::new(shape, mean / shape).map_err(|_| DistError::Parameter {
            param: "cv",
            expected: "a finite number > 0",
            got: cv,
        })?;
        Ok(Distribution::Gamma { mean, cv, inner })
    }

    /// Weibull with mean `mean` and shape `shape` (both > 0).
    pub fn weibull(mean: f64, shape: f64) -> Result<Self, DistError> {
        let (mean, shape) = (positive("mean_s", mean)?, positive("shape", shape)?);
        let scale = mean / statrs::function::gamma::gamma(1.0 + 1.0 / shape);
        let inner = Weibull::new(scale, shape).map_err(|_| DistError::Parameter {
            param: "shape",
            expected: "a finite number > 0",
            got: shape,
        })?;
        Ok(Distribution::Weibull { mean, shape, inner })
    }

    /// Always `value` (≥ 0).
    pub fn deterministic(value: f64) -> Result<Self, DistError> {
        Ok(Distribution::Deterministic { value: non_negative("value_s", value)? })
    }

    /// Uniform on [min, max] with 0 ≤ min ≤ max.
    pub fn uniform(min: f64, max: f64) -> Result<Self, DistError> {
        let min = non_negative("min_s", min)?;
        let max = non_negative("max_s", max)?;
        if max < min {
            return Err(DistError::Parameter { param: "max_s", expected: "≥ min_s", got: max });
        }
        Ok(Distribution::Uniform { min, max })
    }

    /// Draws uniformly from `values` (non-empty, each ≥ 0).
    pub fn empirical(values: Vec<f64>) -> Result<Self, DistError> {
        if values.is_empty() {
            return Err(DistError::Empty);
        }
        for &v in &values {
            non_negative("values_s", v)?;
        }
        Ok(Distribution::Empirical { values })
    }

    /// The mean in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Exponential { mean }
            | Distribution::LogNormal { mean, .. }
            | Distribution::Gamma { mean, .. }
            | Distribution::Weibull { mean, .. } => *mean,
            Distribution::Deterministic { value } => *value,
            Distribution::Uniform { min, max } => (min + max) / 2.0,
            Distribution::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// True for the exponential distribution, for which Erlang formulas are exact.
    pub fn is_exponential(&self) -> bool {
        matches!(self, Distribution::Exponential { .. })
    }

    /// Draws one value in seconds.
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Distribution::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                e * mean
            }
            Distribution::LogNormal { inner, .. } => inner.sample(rng),
            Distribution::Gamma { inner, .. } => inner.sample(rng),
            Distribution::Weibull { inner, .. } => inner.sample(rng),
            Distribution::Deterministic { value } => *value,
            Distribution::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Distribution::Empirical { values } => values[rng.random_range(0..values.len())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn sample_mean_cv(d: &Distribution, n: usize) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64;
        (m, v.sqrt() / m)
    }

    #[test]
    fn parameterisations_have_the_stated_mean_and_cv() {
        // 200k draws: the standard error of the mean is cv/sqrt(n) ≈ 0.2% for cv = 1; allow 5 SE.
        let n = 200_000;
        let cases = [
            (Distribution::exponential(300.0).unwrap(), 300.0, 1.0),
            (Distribution::lognormal(200.0, 0.8).unwrap(), 200.0, 0.8),
            (Distribution::gamma(150.0, 0.5).unwrap(), 150.0, 0.5),
            (Distribution::weibull(120.0, 1.0).unwrap(), 120.0, 1.0),
            (
                Distribution::uniform(100.0, 300.0).unwrap(),
                200.0,
                (200.0f64 / 12f64.sqrt()) / 200.0,
            ),
        ];
        for (d, mean, cv) in cases {
            let (m, c) = sample_mean_cv(&d, n);
            let se = cv * mean / (n as f64).sqrt();
            assert!((m - mean).abs() < 5.0 * se, "{d:?}: mean {m} vs {mean}");
            assert!((c - cv).abs() < 0.05 * cv, "{d:?}: cv {c} vs {cv}");
            assert!((d.mean() - mean).abs() < 1e-9 * mean);
        }
    }

    #[test]
    fn invalid_parameters_are_rejected_with_their_name() {
        assert_eq!(
            Distribution::exponential(-3.0).unwrap_err().to_string(),
            "mean_s: must be a finite number > 0, got -3"
        );
        assert!(Distribution::lognormal(10.0, 0.0).is_err());
        assert!(Distribution::uniform(5.0, 1.0).is_err());
        assert_eq!(Distribution::empirical(vec![]).unwrap_err(), DistError::Empty);
    }
}
