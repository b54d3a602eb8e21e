//! Patience learning from censored waits: an answered contact waited w and so had patience > w
//! (censored); an abandoned one revealed its patience w. Kaplan–Meier survival curve,
//! maximum-likelihood exponential and Weibull fits, and the simple estimator
//! mean wait ÷ P(abandon) for comparison. Abandons within a short threshold are counted apart.

use super::distribution::Fitted;

/// One step of the Kaplan–Meier curve.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KmPoint {
    /// Time, seconds.
    pub t: f64,
    /// P(patience > t).
    pub survival: f64,
    /// Contacts still waiting (at risk) just before t.
    pub at_risk: usize,
    /// Greenwood standard error of `survival`.
    pub std_err: f64,
}

/// A parametric fit to censored patience data.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CensoredFit {
    /// The fitted distribution.
    #[serde(flatten)]
    pub distribution: Fitted,
    /// Log-likelihood (censored).
    pub log_likelihood: f64,
    /// AIC (lower is better).
    pub aic: f64,
    /// Largest gap between the fit's survival and Kaplan–Meier while at least 50 contacts are
    /// at risk.
    pub km_max_gap: f64,
}

/// The learnt patience of a queue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PatienceFit {
    /// The chosen distribution (Weibull when it beats the exponential by AIC, else exponential).
    #[serde(flatten)]
    pub chosen: Fitted,
    /// Contacts that queued (answered or abandoned after entering the queue).
    pub queued: usize,
    /// Of those, abandoned.
    pub abandoned: usize,
    /// abandoned ÷ queued.
    pub p_abandon: f64,
    /// Mean wait of all queued contacts, seconds.
    pub mean_wait_s: f64,
    /// The simple estimator of mean patience: mean wait ÷ P(abandon) (the exponential
    /// estimate when every queued contact is counted; infinite without abandons).
    pub simple_mean_s: f64,
    /// Abandons with a wait under `short_threshold_s`.
    pub short_abandons: usize,
    /// The threshold, seconds.
    pub short_threshold_s: f64,
    /// Kaplan–Meier median patience, if the curve falls below 0.5.
    pub km_median_s: Option<f64>,
    /// Exponential fit.
    pub exponential: CensoredFit,
    /// Weibull fit.
    pub weibull: CensoredFit,
    /// The Kaplan–Meier curve (at event times).
    #[serde(skip)]
    pub km: Vec<KmPoint>,
}

/// Kaplan–Meier estimate from (time, event) pairs (event = abandoned).
pub fn kaplan_meier(obs: &[(f64, bool)]) -> Vec<KmPoint> {
    let mut sorted: Vec<(f64, bool)> = obs.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_risk = sorted.len();
    let mut s = 1.0;
    let mut greenwood = 0.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].0;
        let (mut events, mut total) = (0usize, 0usize);
        while i < sorted.len() && sorted[i].0 == t {
            total += 1;
            events += usize::from(sorted[i].1);
            i += 1;
        }
        if events > 0 {
            let (d, n) = (events as f64, at_risk as f64);
            s *= 1.0 - d / n;
            if n > d {
                greenwood += d / (n * (n - d));
            }
            out.push(KmPoint { t, survival: s, at_risk, std_err: s * greenwood.sqrt() });
        }
        at_risk -= total;
    }
    out
}

/// Event times of 0 (abandoned within the clock's resolution) count as half a second.
fn event_time(t: f64) -> f64 {
    t.max(0.5)
}

fn exp_loglik(obs: &[(f64, bool)], mean: f64) -> f64 {
    obs.iter()
        .map(|&(t, e)| {
            let t = if e { event_time(t) } else { t };
            if e {
                -mean.ln() - t / mean
            } else {
                -t / mean
            }
        })
        .sum()
}

fn weibull_loglik(obs: &[(f64, bool)], shape: f64, scale: f64) -> f64 {
    obs.iter()
        .map(|&(t, e)| {
            let t = if e { event_time(t) } else { t.max(0.0) };
            let r = (t / scale).powf(shape);
            if e {
                shape.ln() - scale.ln() + (shape - 1.0) * (t / scale).ln() - r
            } else {
                -r
            }
        })
        .sum()
}

/// Maximum-likelihood Weibull (shape, scale) for censored data (profile likelihood in the shape).
fn fit_weibull(obs: &[(f64, bool)]) -> (f64, f64) {
    let d = obs.iter().filter(|o| o.1).count() as f64;
    let times: Vec<(f64, bool)> =
        obs.iter().map(|&(t, e)| (if e { event_time(t) } else { t.max(0.0) }, e)).collect();
    let sum_log_events: f64 = times.iter().filter(|o| o.1).map(|o| o.0.ln()).sum();
    let profile = |k: f64| -> f64 {
        let s: f64 = times.iter().map(|o| o.0.powf(k)).sum();
        d * k.ln() - d * (s / d).ln() + (k - 1.0) * sum_log_events - d
    };
    // Golden-section search on ln(shape) in [ln 0.05, ln 20].
    let (mut a, mut b) = (0.05f64.ln(), 20f64.ln());
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - g * (b - a);
    let mut e = a + g * (b - a);
    let (mut fc, mut fe) = (profile(c.exp()), profile(e.exp()));
    for _ in 0..80 {
        if fc > fe {
            b = e;
            e = c;
            fe = fc;
            c = b - g * (b - a);
            fc = profile(c.exp());
        } else {
            a = c;
            c = e;
            fc = fe;
            e = a + g * (b - a);
            fe = profile(e.exp());
        }
    }
    let k = ((a + b) / 2.0).exp();
    let s: f64 = times.iter().map(|o| o.0.powf(k)).sum();
    (k, (s / d).powf(1.0 / k))
}

fn km_gap(km: &[KmPoint], dist: &Fitted) -> f64 {
    km.iter()
        .filter(|p| p.at_risk >= 50)
        .map(|p| (p.survival - dist.survival(p.t)).abs())
        .fold(0.0, f64::max)
}

/// Fits patience from (wait seconds, abandoned) of contacts that queued. `None` without
/// abandons (patience is then unidentifiable).
pub fn fit_patience(obs: &[(f64, bool)], short_threshold_s: f64) -> Option<PatienceFit> {
    let queued = obs.len();
    let abandoned = obs.iter().filter(|o| o.1).count();
    if abandoned == 0 || queued < 2 {
        return None;
    }
    let total_wait: f64 = obs.iter().map(|o| o.0.max(0.0)).sum();
    let mean_wait = total_wait / queued as f64;
    let p_abandon = abandoned as f64 / queued as f64;
    let exposure: f64 = obs.iter().map(|&(t, e)| if e { event_time(t) } else { t.max(0.0) }).sum();
    let exp_mean = exposure / abandoned as f64;
    let km = kaplan_meier(obs);
    let exp_dist = Fitted::Exponential { mean_s: exp_mean };
    let exponential = CensoredFit {
        distribution: exp_dist,
        log_likelihood: exp_loglik(obs, exp_mean),
        aic: 2.0 - 2.0 * exp_loglik(obs, exp_mean),
        km_max_gap: km_gap(&km, &exp_dist),
    };
    let (shape, scale) = fit_weibull(obs);
    let wb_dist = Fitted::Weibull {
        mean_s: scale * statrs::function::gamma::ln_gamma(1.0 + 1.0 / shape).exp(),
        shape,
    };
    let wb_ll = weibull_loglik(obs, shape, scale);
    let weibull = CensoredFit {
        distribution: wb_dist,
        log_likelihood: wb_ll,
        aic: 4.0 - 2.0 * wb_ll,
        km_max_gap: km_gap(&km, &wb_dist),
    };
    let chosen = if weibull.aic + 2.0 < exponential.aic { wb_dist } else { exp_dist };
    Some(PatienceFit {
        chosen,
        queued,
        abandoned,
        p_abandon,
        mean_wait_s: mean_wait,
        simple_mean_s: mean_wait / p_abandon,
        short_abandons: obs.iter().filter(|o| o.1 && o.0 < short_threshold_s).count(),
        short_threshold_s,
        km_median_s: km.iter().find(|p| p.survival <= 0.5).map(|p| p.t),
        exponential,
        weibull,
        km,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kaplan_meier_textbook() {
        // Times 1,2+,3,3,4+ : S(1)=4/5, S(3)=4/5*(1-2/3)=0.2667
        let km = kaplan_meier(&[(1.0, true), (2.0, false), (3.0, true), (3.0, true), (4.0, false)]);
        assert_eq!(km.len(), 2);
        assert!((km[0].survival - 0.8).abs() < 1e-12);
        assert!((km[1].survival - 0.8 / 3.0).abs() < 1e-12);
    }
}
