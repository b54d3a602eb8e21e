//! The arrival model: a daily volume model (level, trend, day-of-week effect) times an
//! intraday profile per day of week, with a day-level busyness factor for over-dispersion.
//!
//! Mean count of interval i on day d: `V(d) · p_dow(d)(i)`, with
//! `V(d) = (L + b · damped(d − t_L)) · e_dow(d)`: L is the exponentially smoothed
//! deseasonalised daily volume at the last history day t_L, b the trend per day (least squares
//! over recent weeks, shrunk towards 0 when not significant), e the day-of-week effects
//! (their mean is 1) and p the intraday shares (their sum is 1). Counts: Poisson(B · mean)
//! with one busyness factor B ~ Gamma(k, 1/k) per day. Special days (holidays, closures: totals far from the same
//! weekday's median) are excluded from every estimate and listed.

use chrono::NaiveDate;

use super::dispersion;
use super::error::ForecastError;
use super::series::{interval_start, CountSeries};

/// Settings of the arrival model. The defaults are the ones validated on the bank's 1999
/// data (see docs/history.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalConfig {
    /// Weeks of history (same weekday, non-special days) behind each intraday profile.
    pub profile_weeks: usize,
    /// Weight of the pooled profile of similar weekdays (0 = none, 1 = only the pool).
    pub profile_shrink: f64,
    /// Weekdays whose profiles differ by less than this L1 distance are pooled.
    pub pool_distance: f64,
    /// Weeks behind the day-of-week effects and the busyness estimate.
    pub recent_weeks: usize,
    /// Weeks behind the trend (least squares on deseasonalised daily volumes).
    pub trend_weeks: usize,
    /// Smoothing constant of the level (exponential smoothing of deseasonalised volumes).
    pub level_alpha: f64,
    /// Damping of the trend per day ahead (1 = undamped).
    pub trend_damping: f64,
    /// A day is special if its total is below `special_low` × or above `special_high` × the
    /// median of the same weekday in the surrounding eight weeks.
    pub special_low: f64,
    /// See `special_low`.
    pub special_high: f64,
    /// Days to treat as special whatever their totals (known holidays).
    pub special_days: Vec<NaiveDate>,
}

impl Default for ArrivalConfig {
    fn default() -> Self {
        ArrivalConfig {
            profile_weeks: 8,
            profile_shrink: 0.3,
            pool_distance: 0.25,
            recent_weeks: 12,
            trend_weeks: 26,
            level_alpha: 0.2,
            trend_damping: 0.98,
            special_low: 0.6,
            special_high: 1.6,
            special_days: Vec::new(),
        }
    }
}

/// Why a day was excluded from learning.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpecialDay {
    /// The day.
    pub date: NaiveDate,
    /// Its total count.
    pub total: f64,
    /// The median total of the same weekday around it (NaN-free; 0 if unknown).
    pub typical: f64,
    /// `listed` (given by the user), `low` or `high`.
    pub reason: &'static str,
}

/// A learnt arrival model for one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalModel {
    /// Queue.
    pub queue: String,
    /// Planning interval, minutes.
    pub interval_minutes: u32,
    /// Intervals per day.
    pub per_day: usize,
    /// The last day of the history used.
    pub last_day: NaiveDate,
    /// Intraday shares per weekday (Monday = 0), each summing to 1 (or all 0 for a weekday
    /// without arrivals).
    pub profiles: [Vec<f64>; 7],
    /// Day-of-week effects (mean 1 over the week).
    pub dow_effects: [f64; 7],
    /// Deseasonalised daily volume at `last_day`.
    pub level: f64,
    /// Trend of the deseasonalised daily volume, contacts per day per day (after shrinkage).
    pub trend_per_day: f64,
    /// The least-squares trend before shrinkage, and its standard error.
    pub trend_raw: f64,
    /// Standard error of `trend_raw`.
    pub trend_se: f64,
    /// Variance of the day-level busyness factor B (1/k), estimated from the history.
    pub busyness_variance: f64,
    /// Extra relative variance of a forecast from the estimated level (grows the predictive
    /// variance above `busyness_variance`).
    pub level_variance: f64,
    /// Relative variance of each day-of-week effect's estimate (Monday = 0).
    pub dow_variance: [f64; 7],
    /// Trend damping per day.
    pub trend_damping: f64,
    /// Days excluded from learning, with the reason.
    pub special_days: Vec<SpecialDay>,
    /// Days of history used.
    pub history_days: usize,
}

/// One forecast interval.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalForecast {
    /// Interval start.
    pub start: chrono::NaiveDateTime,
    /// Expected count.
    pub mean: f64,
    /// 10% quantile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90% quantile.
    pub p90: f64,
}

/// One forecast day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayForecast {
    /// The day.
    pub date: NaiveDate,
    /// Expected total.
    pub volume: f64,
    /// Shape k of the day's predictive busyness factor (infinite = Poisson).
    pub busyness_shape: f64,
    /// 10% and 90% quantiles of the day's total.
    pub total_p10: f64,
    /// See `total_p10`.
    pub total_p90: f64,
    /// The intervals.
    pub intervals: Vec<IntervalForecast>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Flags special days: listed ones, and totals far from the same weekday's median in the
/// surrounding eight weeks (by the configured ratios and by more than 3 Poisson standard
/// deviations).
pub(crate) fn special_days(series: &CountSeries, cfg: &ArrivalConfig) -> Vec<SpecialDay> {
    let n = series.days();
    let totals: Vec<f64> = (0..n).map(|d| series.day_total(d)).collect();
    let mut out = Vec::new();
    for d in 0..n {
        if !series.observed[d] {
            continue;
        }
        let lo = d.saturating_sub(56);
        let hi = (d + 57).min(n);
        let same: Vec<f64> = (lo..hi)
            .filter(|&s| s != d && (s % 7) == (d % 7) && series.observed[s])
            .map(|s| totals[s])
            .collect();
        let typical = if same.len() >= 2 { median(same).unwrap_or(0.0) } else { 0.0 };
        let date = series.date(d);
        // Beyond the ratio, the gap must exceed 3 Poisson standard deviations, so that small
        // queues do not lose ordinary days to counting noise.
        let noisy_enough = typical > 0.0 && (totals[d] - typical).abs() > 3.0 * typical.sqrt();
        let reason = if cfg.special_days.contains(&date) {
            Some("listed")
        } else if noisy_enough && totals[d] < cfg.special_low * typical {
            Some("low")
        } else if noisy_enough && totals[d] > cfg.special_high * typical {
            Some("high")
        } else {
            None
        };
        if let Some(reason) = reason {
            out.push(SpecialDay { date, total: totals[d], typical, reason });
        }
    }
    out
}

/// Least-squares slope of y on x, and its standard error.
fn ols_slope(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    if points.len() < 3 {
        return (0.0, 0.0);
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return (0.0, 0.0);
    }
    let b = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>() / sxx;
    let a = my - b * mx;
    let rss: f64 = points.iter().map(|p| (p.1 - a - b * p.0).powi(2)).sum();
    (b, (rss / (n - 2.0) / sxx).sqrt())
}

/// Sum of damping^j for j = 1..=h (the damped number of trend steps over h days); negative
/// h (forecasting inside the history) counts back undamped.
fn damped_steps(h: f64, damping: f64) -> f64 {
    if h <= 0.0 || damping >= 1.0 {
        return h;
    }
    damping * (1.0 - damping.powf(h)) / (1.0 - damping)
}

fn normalise(v: &mut [f64]) {
    let s: f64 = v.iter().sum();
    if s > 0.0 {
        v.iter_mut().for_each(|x| *x /= s);
    }
}

/// Learns the arrival model of one queue from all of `series`.
pub fn fit(series: &CountSeries, cfg: &ArrivalConfig) -> Result<ArrivalModel, ForecastError> {
    let n = series.days();
    let queue = series.queue.clone();
    if n < 14 {
        return Err(ForecastError::NotEnoughHistory {
            queue,
            have: n,
            need: 14,
            what: "two weeks to learn weekday effects".into(),
        });
    }
    let specials = special_days(series, cfg);
    let usable: Vec<bool> = (0..n)
        .map(|d| series.observed[d] && !specials.iter().any(|s| s.date == series.date(d)))
        .collect();
    let totals: Vec<f64> = (0..n).map(|d| series.day_total(d)).collect();
    if !(0..n).any(|d| usable[d] && totals[d] > 0.0) {
        return Err(ForecastError::NoArrivals { queue });
    }
    let recent_start = n.saturating_sub(7 * cfg.recent_weeks);

    // Day-of-week effects over recent weeks (falling back to the whole history per weekday).
    let mut dow_mean = [0.0_f64; 7];
    let mut dow_n = [0usize; 7];
    for (w, slot) in dow_mean.iter_mut().enumerate() {
        let pick = |from: usize| -> Vec<f64> {
            (from..n).filter(|&d| usable[d] && series.dow(d) == w).map(|d| totals[d]).collect()
        };
        let mut v = pick(recent_start);
        if v.is_empty() {
            v = pick(0);
        }
        dow_n[w] = v.len();
        *slot = if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
    }
    let known: Vec<f64> = dow_mean.iter().copied().filter(|x| x.is_finite()).collect();
    let week_mean = known.iter().sum::<f64>() / known.len() as f64;
    let mut dow_effects = [1.0_f64; 7];
    for w in 0..7 {
        dow_effects[w] = if dow_mean[w].is_finite() { dow_mean[w] / week_mean } else { 1.0 };
    }

    // Deseasonalised daily volumes.
    let x: Vec<Option<f64>> = (0..n)
        .map(|d| {
            let e = dow_effects[series.dow(d)];
            (usable[d] && e > 0.0).then(|| totals[d] / e)
        })
        .collect();

    // Trend: least squares over recent weeks, shrunk by b²/(b² + se²).
    let trend_start = n.saturating_sub(7 * cfg.trend_weeks);
    let points: Vec<(f64, f64)> =
        (trend_start..n).filter_map(|d| x[d].map(|v| (d as f64, v))).collect();
    let (trend_raw, trend_se) = ols_slope(&points);
    let trend = if trend_raw == 0.0 {
        0.0
    } else {
        trend_raw * trend_raw * trend_raw / (trend_raw * trend_raw + trend_se * trend_se)
    };

    // Level: exponential smoothing with drift; one-step-ahead errors feed the busyness estimate.
    let alpha = cfg.level_alpha;
    let first: Vec<f64> = x.iter().flatten().take(7).copied().collect();
    let mut level = first.iter().sum::<f64>() / first.len() as f64;
    let mut level_day = x.iter().position(|v| v.is_some()).unwrap_or(0) as f64;
    let mut rel_sq = Vec::new();
    for d in 0..n {
        let Some(v) = x[d] else { continue };
        let predicted = level + trend * (d as f64 - level_day);
        let e = dow_effects[series.dow(d)];
        if d >= recent_start && predicted > 0.0 {
            let mean_total = predicted * e;
            rel_sq.push((totals[d] / mean_total - 1.0).powi(2) - 1.0 / mean_total);
        }
        level = predicted + alpha * (v - predicted);
        level_day = d as f64;
    }
    // One-step errors carry the level's own estimation noise: Var = σ²·(1 + α/(2−α)).
    let one_step =
        if rel_sq.is_empty() { 0.0 } else { rel_sq.iter().sum::<f64>() / rel_sq.len() as f64 };
    let busyness_variance = (one_step * (2.0 - alpha) / 2.0).max(0.0);
    let level_variance = busyness_variance * alpha / (2.0 - alpha);
    // Each weekday's effect is a mean of dow_n days: its relative error variance is σ²/n.
    let dow_variance: [f64; 7] =
        std::array::from_fn(|w| busyness_variance / dow_n[w].max(1) as f64);

    // Intraday profiles per weekday from the most recent usable days, shrunk towards the
    // pooled profile of similar weekdays.
    let mut raw: Vec<Vec<f64>> = Vec::with_capacity(7);
    for w in 0..7 {
        let mut p = vec![0.0; series.per_day];
        let days: Vec<usize> = (0..n)
            .rev()
            .filter(|&d| usable[d] && series.dow(d) == w)
            .take(cfg.profile_weeks)
            .collect();
        for d in days {
            for (acc, c) in p.iter_mut().zip(series.day(d)) {
                *acc += c;
            }
        }
        normalise(&mut p);
        raw.push(p);
    }
    let l1 = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>();
    let profiles: [Vec<f64>; 7] = std::array::from_fn(|w| {
        if raw[w].iter().all(|v| *v == 0.0) {
            return raw[w].clone();
        }
        let group: Vec<usize> = (0..7)
            .filter(|&o| {
                raw[o].iter().any(|v| *v > 0.0) && l1(&raw[w], &raw[o]) < cfg.pool_distance
            })
            .collect();
        let mut pooled = vec![0.0; series.per_day];
        for &o in &group {
            for (acc, v) in pooled.iter_mut().zip(&raw[o]) {
                *acc += v / group.len() as f64;
            }
        }
        let s = cfg.profile_shrink;
        raw[w].iter().zip(&pooled).map(|(r, p)| (1.0 - s) * r + s * p).collect()
    });

    Ok(ArrivalModel {
        queue,
        interval_minutes: series.interval_minutes,
        per_day: series.per_day,
        last_day: series.date(n - 1),
        profiles,
        dow_effects,
        level,
        trend_per_day: trend,
        trend_raw,
        trend_se,
        busyness_variance,
        level_variance,
        dow_variance,
        trend_damping: cfg.trend_damping,
        special_days: specials,
        history_days: n,
    }
    .with_level_at(level_day, n))
}

impl ArrivalModel {
    /// Moves the level from the last usable day to the last history day.
    fn with_level_at(mut self, level_day: f64, n: usize) -> Self {
        self.level +=
            self.trend_per_day * damped_steps((n - 1) as f64 - level_day, self.trend_damping);
        self
    }

    /// Relative trend, percent per week, at the current level.
    pub fn trend_percent_per_week(&self) -> f64 {
        if self.level > 0.0 {
            700.0 * self.trend_per_day / self.level
        } else {
            0.0
        }
    }

    /// Expected total of `date`.
    pub fn expected_volume(&self, date: NaiveDate) -> f64 {
        let h = (date - self.last_day).num_days() as f64;
        let base = self.level + self.trend_per_day * damped_steps(h, self.trend_damping);
        (base.max(0.0))
            * self.dow_effects[super::series::dow_index(chrono::Datelike::weekday(&date))]
    }

    /// Predictive shape k of the busyness factor for `date`: the day-level busyness plus the
    /// estimation uncertainty of the level, of the day-of-week effect and of the trend
    /// extrapolated to that day.
    pub fn busyness_shape(&self, date: NaiveDate) -> f64 {
        let h = (date - self.last_day).num_days().max(0) as f64;
        let trend_rel = if self.level > 0.0 {
            self.trend_se * damped_steps(h, self.trend_damping) / self.level
        } else {
            0.0
        };
        let w = super::series::dow_index(chrono::Datelike::weekday(&date));
        dispersion::shape_from_variance(
            self.busyness_variance
                + self.level_variance
                + self.dow_variance[w]
                + trend_rel * trend_rel,
        )
    }

    /// Forecasts `days` days from `from` (any date; usually the day after the history).
    pub fn forecast(&self, from: NaiveDate, days: usize) -> Vec<DayForecast> {
        (0..days)
            .map(|k| {
                let date = from + chrono::Days::new(k as u64);
                let volume = self.expected_volume(date);
                let shape = self.busyness_shape(date);
                let profile =
                    &self.profiles[super::series::dow_index(chrono::Datelike::weekday(&date))];
                let intervals = profile
                    .iter()
                    .enumerate()
                    .map(|(i, share)| {
                        let mean = volume * share;
                        IntervalForecast {
                            start: interval_start(date, i, self.interval_minutes),
                            mean,
                            p10: dispersion::quantile(mean, shape, 0.1),
                            p50: dispersion::quantile(mean, shape, 0.5),
                            p90: dispersion::quantile(mean, shape, 0.9),
                        }
                    })
                    .collect();
                DayForecast {
                    date,
                    volume,
                    busyness_shape: shape,
                    total_p10: dispersion::quantile(volume, shape, 0.1),
                    total_p90: dispersion::quantile(volume, shape, 0.9),
                    intervals,
                }
            })
            .collect()
    }

    /// The day after the history: the default start of a forecast.
    pub fn next_day(&self) -> NaiveDate {
        self.last_day + chrono::Days::new(1)
    }
}
