//! Handle-time learning: a log-normal through the sample's mean and median (the mean keeps the
//! offered load; the median fixes the shape), a goodness-of-fit comparison with the
//! exponential (Kolmogorov–Smirnov on the whole sample, maximum-likelihood AIC on the body
//! above the short-service threshold), and means by hour of day, to show whether handle time
//! varies over the day.

use super::distribution::{ks_distance, Fitted};

/// Mean handle time of one hour of the day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HourStat {
    /// Hour of arrival (0–23).
    pub hour: u32,
    /// Contacts.
    pub n: usize,
    /// Mean handle time, seconds.
    pub mean_s: f64,
}

/// Distance of one whole-sample candidate to the sample.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FitQuality {
    /// The candidate.
    #[serde(flatten)]
    pub distribution: Fitted,
    /// Log-likelihood of the positive handle times.
    pub log_likelihood: f64,
    /// Kolmogorov–Smirnov distance to the positive handle times.
    pub ks: f64,
}

/// Maximum-likelihood comparison on the body of the sample (handle times at or above the
/// short-service threshold), where the log-normal shape is tested without the spike of
/// very short contacts that some exports hold.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BodyComparison {
    /// Handle times at or above this were used, seconds.
    pub threshold_s: f64,
    /// How many.
    pub n: usize,
    /// Maximum-likelihood log-normal: mean of ln(handle time).
    pub lognormal_mu: f64,
    /// Standard deviation of ln(handle time).
    pub lognormal_sigma: f64,
    /// AIC of that log-normal (lower is better).
    pub lognormal_aic: f64,
    /// Maximum-likelihood exponential mean of the body.
    pub exponential_mean_s: f64,
    /// AIC of that exponential.
    pub exponential_aic: f64,
}

/// The learnt handle-time distribution of a queue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HandleTimeFit {
    /// The chosen distribution (the one a scenario should use): the log-normal unless the
    /// exponential is closer to the sample (Kolmogorov–Smirnov).
    #[serde(flatten)]
    pub chosen: Fitted,
    /// Positive handle times used.
    pub n: usize,
    /// Handle times of zero left out (a log-normal has no mass at 0).
    pub zeros_excluded: usize,
    /// Positive handle times below the short-service threshold (counted in `n`).
    pub short_services: usize,
    /// Sample mean, seconds.
    pub sample_mean_s: f64,
    /// Sample median, seconds.
    pub sample_median_s: f64,
    /// Sample coefficient of variation.
    pub sample_cv: f64,
    /// Log-normal with the sample's mean and median (so the offered load is kept and the
    /// shape follows the bulk of the sample).
    pub lognormal: FitQuality,
    /// Exponential with the sample mean.
    pub exponential: FitQuality,
    /// Maximum-likelihood comparison on the body of the sample.
    pub body: BodyComparison,
    /// Mean handle time by hour of arrival (hours with at least 30 contacts).
    pub by_hour: Vec<HourStat>,
    /// Ratio of the largest to the smallest hourly mean among hours with at least 100
    /// contacts.
    pub hourly_ratio: f64,
    /// p-value of the test that ln(handle time) has the same mean in every hour (one-way
    /// analysis of variance, chi-square approximation).
    pub hourly_p_value: f64,
    /// Whether the handle time varies by time of day: significant (p < 0.001) and material
    /// (hourly ratio above 1.1).
    pub varies_by_time_of_day: bool,
    /// Density histogram of the positive handle times up to their 99th percentile: bin edges.
    #[serde(skip)]
    pub histogram_edges: Vec<f64>,
    /// Heights of the histogram bins (density: the area over all values is 1).
    #[serde(skip)]
    pub histogram_density: Vec<f64>,
}

fn quality(distribution: Fitted, sorted: &[f64]) -> FitQuality {
    FitQuality {
        distribution,
        log_likelihood: log_likelihood(&distribution, sorted),
        ks: ks_distance(sorted, &distribution),
    }
}

fn log_likelihood(distribution: &Fitted, xs: &[f64]) -> f64 {
    xs.iter().map(|&x| distribution.pdf(x).max(1e-300).ln()).sum()
}

fn body_comparison(sorted: &[f64], threshold_s: f64) -> BodyComparison {
    let body: Vec<f64> = sorted.iter().copied().filter(|x| *x >= threshold_s).collect();
    let n = body.len().max(1) as f64;
    let mu = body.iter().map(|x| x.ln()).sum::<f64>() / n;
    let sigma = (body.iter().map(|x| (x.ln() - mu).powi(2)).sum::<f64>() / n).sqrt().max(1e-9);
    let ln_ll: f64 = body
        .iter()
        .map(|x| {
            -(x * sigma * (2.0 * std::f64::consts::PI).sqrt()).ln()
                - (x.ln() - mu).powi(2) / (2.0 * sigma * sigma)
        })
        .sum();
    let mean = body.iter().sum::<f64>() / n;
    let exp_ll = log_likelihood(&Fitted::Exponential { mean_s: mean }, &body);
    BodyComparison {
        threshold_s,
        n: body.len(),
        lognormal_mu: mu,
        lognormal_sigma: sigma,
        lognormal_aic: 4.0 - 2.0 * ln_ll,
        exponential_mean_s: mean,
        exponential_aic: 2.0 - 2.0 * exp_ll,
    }
}

/// Equal bins over [0, hi], scaled as a density over all of `values`.
fn density_histogram(values: &[f64], hi: f64, bins: usize) -> (Vec<f64>, Vec<f64>) {
    let width = hi / bins as f64;
    let edges: Vec<f64> = (0..=bins).map(|i| width * i as f64).collect();
    let mut heights = vec![0.0; bins];
    for &v in values.iter().filter(|v| **v < hi) {
        heights[((v / width) as usize).min(bins - 1)] += 1.0;
    }
    let n = values.len().max(1) as f64;
    heights.iter_mut().for_each(|h| *h /= n * width);
    (edges, heights)
}

/// p-value of equal means of ln(handle time) across hours with at least 30 contacts:
/// Σ n_h (m_h − m)² / s² is chi-square with H − 1 degrees of freedom under equal means.
fn hourly_anova(hours: &[(usize, f64)], log_sums: &[(f64, f64)]) -> f64 {
    let groups: Vec<(f64, f64, f64)> = hours
        .iter()
        .zip(log_sums)
        .filter(|((k, _), _)| *k >= 30)
        .map(|((k, _), (s, s2))| (*k as f64, *s, *s2))
        .collect();
    if groups.len() < 2 {
        return 1.0;
    }
    let n: f64 = groups.iter().map(|g| g.0).sum();
    let mean = groups.iter().map(|g| g.1).sum::<f64>() / n;
    let within: f64 = groups.iter().map(|(k, s, s2)| s2 - s * s / k).sum::<f64>();
    let var = within / (n - groups.len() as f64);
    if var <= 0.0 {
        return 1.0;
    }
    let chi2: f64 = groups.iter().map(|(k, s, _)| k * (s / k - mean).powi(2)).sum::<f64>() / var;
    let df = (groups.len() - 1) as f64;
    statrs::function::gamma::gamma_ur(df / 2.0, chi2 / 2.0)
}

/// Fits handle times given as (seconds, hour of arrival); `short_service_s` is the threshold
/// below which contacts count as short services (reported apart; left out of the body
/// comparison). `None` without at least two positive values.
pub fn fit_handle_times(samples: &[(f64, u32)], short_service_s: f64) -> Option<HandleTimeFit> {
    let mut sorted: Vec<f64> = samples.iter().map(|s| s.0).filter(|x| *x > 0.0).collect();
    let zeros_excluded = samples.len() - sorted.len();
    if sorted.len() < 2 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let var = sorted.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let cv = var.sqrt() / mean;
    let m = sorted.len();
    let median = if m % 2 == 1 { sorted[m / 2] } else { (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0 };
    // Log-normal through the mean and the median: sigma^2 = 2 ln(mean / median).
    let sigma2 = (2.0 * (mean / median).ln()).max(1e-6);
    let ln_cv = (sigma2.exp() - 1.0).sqrt();
    let lognormal = quality(Fitted::Lognormal { mean_s: mean, cv: ln_cv }, &sorted);
    let exponential = quality(Fitted::Exponential { mean_s: mean }, &sorted);
    let chosen = if lognormal.ks <= exponential.ks {
        lognormal.distribution
    } else {
        exponential.distribution
    };

    let mut hours = vec![(0usize, 0.0f64); 24];
    let mut log_sums = [(0.0f64, 0.0f64); 24];
    for &(x, h) in samples.iter().filter(|s| s.0 > 0.0) {
        let h = (h as usize).min(23);
        hours[h].0 += 1;
        hours[h].1 += x;
        log_sums[h].0 += x.ln();
        log_sums[h].1 += x.ln() * x.ln();
    }
    let hourly_p_value = hourly_anova(&hours, &log_sums);
    let by_hour: Vec<HourStat> = hours
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| *k >= 30)
        .map(|(h, (k, s))| HourStat { hour: h as u32, n: *k, mean_s: s / *k as f64 })
        .collect();
    let big: Vec<f64> = by_hour.iter().filter(|h| h.n >= 100).map(|h| h.mean_s).collect();
    let hourly_ratio =
        match (big.iter().copied().reduce(f64::max), big.iter().copied().reduce(f64::min)) {
            (Some(hi), Some(lo)) if lo > 0.0 => hi / lo,
            _ => 1.0,
        };
    let p99 = sorted[((m as f64 * 0.99) as usize).min(m - 1)].max(1.0);
    let (histogram_edges, histogram_density) = density_histogram(&sorted, p99, 60);
    Some(HandleTimeFit {
        chosen,
        n: m,
        zeros_excluded,
        short_services: sorted.iter().filter(|x| **x < short_service_s).count(),
        sample_mean_s: mean,
        sample_median_s: median,
        sample_cv: cv,
        lognormal,
        exponential,
        body: body_comparison(&sorted, short_service_s),
        by_hour,
        hourly_ratio,
        hourly_p_value,
        varies_by_time_of_day: hourly_p_value < 1e-3 && hourly_ratio > 1.1,
        histogram_edges,
        histogram_density,
    })
}
