//! Fitted distributions in the scenario file's vocabulary (`distribution`, `mean_s` and a
//! shape parameter), with their densities and distribution functions for plots and checks.

use statrs::function::erf::erfc;
use statrs::function::gamma::{gamma_lr, ln_gamma};

/// A positive duration distribution as a scenario names it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "distribution", rename_all = "lowercase")]
pub enum Fitted {
    /// Exponential with the given mean.
    Exponential {
        /// Mean, seconds.
        mean_s: f64,
    },
    /// Log-normal with the given mean and coefficient of variation.
    Lognormal {
        /// Mean, seconds.
        mean_s: f64,
        /// Coefficient of variation (standard deviation ÷ mean).
        cv: f64,
    },
    /// Weibull with the given mean and shape.
    Weibull {
        /// Mean, seconds.
        mean_s: f64,
        /// Shape (< 1: decreasing hazard; 1: exponential).
        shape: f64,
    },
    /// Gamma with the given mean and coefficient of variation.
    Gamma {
        /// Mean, seconds.
        mean_s: f64,
        /// Coefficient of variation.
        cv: f64,
    },
}

fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Rounds for display in scenario files: 4 significant digits.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 3 - x.abs().log10().floor() as i32;
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn fmt(x: f64) -> String {
    let r = round_sig(x);
    if r.fract() == 0.0 {
        format!("{r:.1}")
    } else {
        format!("{r}")
    }
}

impl Fitted {
    /// The model's distribution with these parameters (what a scenario file with this
    /// distribution would load as); an error for parameters the model refuses.
    pub fn to_distribution(&self) -> Result<crate::model::Distribution, crate::model::DistError> {
        use crate::model::Distribution;
        match *self {
            Fitted::Exponential { mean_s } => Distribution::exponential(mean_s),
            Fitted::Lognormal { mean_s, cv } => Distribution::lognormal(mean_s, cv),
            Fitted::Weibull { mean_s, shape } => Distribution::weibull(mean_s, shape),
            Fitted::Gamma { mean_s, cv } => Distribution::gamma(mean_s, cv),
        }
    }

    /// The distribution's name as in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            Fitted::Exponential { .. } => "exponential",
            Fitted::Lognormal { .. } => "lognormal",
            Fitted::Weibull { .. } => "weibull",
            Fitted::Gamma { .. } => "gamma",
        }
    }

    /// The mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match *self {
            Fitted::Exponential { mean_s }
            | Fitted::Lognormal { mean_s, .. }
            | Fitted::Weibull { mean_s, .. }
            | Fitted::Gamma { mean_s, .. } => mean_s,
        }
    }

    /// Log-normal (mu, sigma) of the log, from mean and CV.
    pub fn lognormal_log_params(mean_s: f64, cv: f64) -> (f64, f64) {
        let s2 = (1.0 + cv * cv).ln();
        (mean_s.ln() - s2 / 2.0, s2.sqrt())
    }

    /// Weibull scale from mean and shape.
    pub fn weibull_scale(mean_s: f64, shape: f64) -> f64 {
        mean_s / ln_gamma(1.0 + 1.0 / shape).exp()
    }

    /// Distribution function P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            Fitted::Exponential { mean_s } => 1.0 - (-x / mean_s).exp(),
            Fitted::Lognormal { mean_s, cv } => {
                let (mu, sigma) = Self::lognormal_log_params(mean_s, cv);
                normal_cdf((x.ln() - mu) / sigma)
            }
            Fitted::Weibull { mean_s, shape } => {
                let scale = Self::weibull_scale(mean_s, shape);
                1.0 - (-(x / scale).powf(shape)).exp()
            }
            Fitted::Gamma { mean_s, cv } => {
                let k = 1.0 / (cv * cv);
                gamma_lr(k, x * k / mean_s)
            }
        }
    }

    /// Survival function P(X > x).
    pub fn survival(&self, x: f64) -> f64 {
        1.0 - self.cdf(x)
    }

    /// Density at x.
    pub fn pdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            Fitted::Exponential { mean_s } => (-x / mean_s).exp() / mean_s,
            Fitted::Lognormal { mean_s, cv } => {
                let (mu, sigma) = Self::lognormal_log_params(mean_s, cv);
                let z = (x.ln() - mu) / sigma;
                (-0.5 * z * z).exp() / (x * sigma * (2.0 * std::f64::consts::PI).sqrt())
            }
            Fitted::Weibull { mean_s, shape } => {
                let scale = Self::weibull_scale(mean_s, shape);
                let r = x / scale;
                shape / scale * r.powf(shape - 1.0) * (-r.powf(shape)).exp()
            }
            Fitted::Gamma { mean_s, cv } => {
                let k = 1.0 / (cv * cv);
                let theta = mean_s / k;
                ((k - 1.0) * x.ln() - x / theta - ln_gamma(k) - k * theta.ln()).exp()
            }
        }
    }

    /// The scenario-file inline table, e.g. `{ distribution = "lognormal", mean_s = 179.6, cv = 1.213 }`.
    pub fn to_scenario_inline(&self) -> String {
        match *self {
            Fitted::Exponential { mean_s } => {
                format!("{{ distribution = \"exponential\", mean_s = {} }}", fmt(mean_s))
            }
            Fitted::Lognormal { mean_s, cv } => format!(
                "{{ distribution = \"lognormal\", mean_s = {}, cv = {} }}",
                fmt(mean_s),
                fmt(cv)
            ),
            Fitted::Weibull { mean_s, shape } => format!(
                "{{ distribution = \"weibull\", mean_s = {}, shape = {} }}",
                fmt(mean_s),
                fmt(shape)
            ),
            Fitted::Gamma { mean_s, cv } => format!(
                "{{ distribution = \"gamma\", mean_s = {}, cv = {} }}",
                fmt(mean_s),
                fmt(cv)
            ),
        }
    }
}

/// Kolmogorov–Smirnov distance between a sorted sample and a distribution.
pub(crate) fn ks_distance(sorted: &[f64], dist: &Fitted) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = dist.cdf(x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_functions() {
        let d = Fitted::Lognormal { mean_s: 179.6071, cv: 1.21336 };
        assert_eq!(
            d.to_scenario_inline(),
            "{ distribution = \"lognormal\", mean_s = 179.6, cv = 1.213 }"
        );
        assert_eq!(
            Fitted::Exponential { mean_s: 345.0 }.to_scenario_inline(),
            "{ distribution = \"exponential\", mean_s = 345.0 }"
        );
        let w = Fitted::Weibull { mean_s: 100.0, shape: 1.0 };
        assert!((w.cdf(100.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-9);
        let g = Fitted::Gamma { mean_s: 100.0, cv: 1.0 };
        assert!((g.pdf(50.0) - Fitted::Exponential { mean_s: 100.0 }.pdf(50.0)).abs() < 1e-12);
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.starts_with("{\"distribution\":\"lognormal\",\"mean_s\":"), "{json}");
    }
}
