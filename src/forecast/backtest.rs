//! Backtests: hold out the last weeks of a series, forecast them from the earlier history, and
//! score wfmsim's forecast against two baselines.
//!
//! * wfmsim: one forecast of all held-out weeks made at the end of the training history.
//! * seasonal naive: the actual count of the same interval one week earlier (inside the
//!   held-out window this is a one-week-ahead forecast, which favours the baseline).
//! * weekly average: the mean count of the same interval of the week over all training weeks.
//!
//! WAPE = Σ|actual − forecast| / Σ actual. MASE = mean |actual − forecast| / mean |y_t −
//! y_{t−1 week}| over the training history (at the same granularity). Coverage: the share of
//! actual counts inside the forecast's 80% band [p10, p90].

use chrono::{NaiveDate, NaiveDateTime};

use super::arrivals::{fit, ArrivalConfig, ArrivalModel};
use super::error::ForecastError;
use super::series::CountSeries;

/// WAPE and MASE of one forecast.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Accuracy {
    /// Weighted absolute percentage error, as a fraction.
    pub wape: f64,
    /// Mean absolute scaled error (scale: in-sample seasonal-naive error).
    pub mase: f64,
}

/// The three methods' scores at one granularity.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MethodScores {
    /// wfmsim's model.
    pub wfmsim: Accuracy,
    /// Same interval one week earlier.
    pub seasonal_naive: Accuracy,
    /// Plain weekly-average profile.
    pub weekly_average: Accuracy,
}

/// The held-out window, interval by interval, for plots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BacktestSeries {
    /// Interval starts.
    pub starts: Vec<NaiveDateTime>,
    /// Actual counts.
    pub actual: Vec<f64>,
    /// wfmsim's mean.
    pub mean: Vec<f64>,
    /// wfmsim's 10% quantile.
    pub p10: Vec<f64>,
    /// wfmsim's 90% quantile.
    pub p90: Vec<f64>,
    /// Seasonal naive.
    pub naive: Vec<f64>,
    /// The scored days.
    pub days: Vec<NaiveDate>,
    /// Actual daily totals.
    pub day_actual: Vec<f64>,
    /// wfmsim's expected daily totals.
    pub day_mean: Vec<f64>,
    /// 10% quantiles of the daily totals.
    pub day_p10: Vec<f64>,
    /// 90% quantiles of the daily totals.
    pub day_p90: Vec<f64>,
    /// Seasonal-naive daily totals.
    pub day_naive: Vec<f64>,
}

/// Result of a backtest of one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestReport {
    /// Queue.
    pub queue: String,
    /// Weeks held out.
    pub weeks: usize,
    /// First held-out day.
    pub from: NaiveDate,
    /// Last held-out day.
    pub to: NaiveDate,
    /// Scores per interval.
    pub interval: MethodScores,
    /// Scores per day (daily totals).
    pub daily: MethodScores,
    /// Share of held-out intervals whose count is inside [p10, p90].
    pub coverage_80: f64,
    /// Share of held-out days whose total is inside the day's 80% band.
    pub coverage_80_daily: f64,
    /// Intervals scored.
    pub intervals: usize,
    /// Days scored.
    pub days: usize,
    /// The window, for plots.
    pub series: BacktestSeries,
    /// The model fitted on the training history.
    pub model: ArrivalModel,
}

fn wape(actual: &[f64], forecast: &[f64]) -> f64 {
    let total: f64 = actual.iter().sum();
    let err: f64 = actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum();
    if total > 0.0 {
        err / total
    } else {
        f64::NAN
    }
}

fn mae(actual: &[f64], forecast: &[f64]) -> f64 {
    actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum::<f64>()
        / actual.len().max(1) as f64
}

fn accuracy(actual: &[f64], forecast: &[f64], scale: f64) -> Accuracy {
    Accuracy {
        wape: wape(actual, forecast),
        mase: if scale > 0.0 { mae(actual, forecast) / scale } else { f64::NAN },
    }
}

/// Mean absolute one-week difference of the training history, per interval and per day.
fn seasonal_scales(series: &CountSeries, train: usize) -> (f64, f64) {
    let (mut si, mut ni, mut sd, mut nd) = (0.0, 0usize, 0.0, 0usize);
    for d in 7..train {
        if !(series.observed[d] && series.observed[d - 7]) {
            continue;
        }
        for (a, b) in series.day(d).iter().zip(series.day(d - 7)) {
            si += (a - b).abs();
            ni += 1;
        }
        sd += (series.day_total(d) - series.day_total(d - 7)).abs();
        nd += 1;
    }
    (si / ni.max(1) as f64, sd / nd.max(1) as f64)
}

/// Holds out the last `weeks` weeks of `series`, fits on the rest and scores the forecasts.
pub fn backtest(
    series: &CountSeries,
    cfg: &ArrivalConfig,
    weeks: usize,
) -> Result<BacktestReport, ForecastError> {
    let n = series.days();
    let hold = 7 * weeks;
    if weeks == 0 || n < hold + 14 {
        return Err(ForecastError::NotEnoughHistory {
            queue: series.queue.clone(),
            have: n,
            need: hold + 14,
            what: format!("a backtest of {weeks} weeks plus two weeks of training"),
        });
    }
    let train = n - hold;
    let model = fit(&series.head(train), cfg)?;
    let forecast = model.forecast(series.date(train), hold);

    // Weekly average: mean of the same interval of the same weekday over the training weeks.
    let per_day = series.per_day;
    let mut week_avg = vec![vec![0.0; per_day]; 7];
    let mut week_n = [0usize; 7];
    for d in (0..train).filter(|&d| series.observed[d]) {
        let w = series.dow(d);
        week_n[w] += 1;
        for (acc, c) in week_avg[w].iter_mut().zip(series.day(d)) {
            *acc += c;
        }
    }
    for w in 0..7 {
        let k = week_n[w].max(1) as f64;
        week_avg[w].iter_mut().for_each(|v| *v /= k);
    }

    let mut out = BacktestSeries::default();
    let (mut avg_i, mut day_avg) = (Vec::new(), Vec::new());
    let (mut inside, mut inside_days) = (0usize, 0usize);
    for (k, day) in forecast.iter().enumerate() {
        let d = train + k;
        if !series.observed[d] || !series.observed[d - 7] {
            continue;
        }
        let w = series.dow(d);
        for (i, f) in day.intervals.iter().enumerate() {
            let a = series.day(d)[i];
            out.starts.push(f.start);
            out.actual.push(a);
            out.mean.push(f.mean);
            out.p10.push(f.p10);
            out.p90.push(f.p90);
            out.naive.push(series.day(d - 7)[i]);
            avg_i.push(week_avg[w][i]);
            if f.p10 <= a && a <= f.p90 {
                inside += 1;
            }
        }
        let total = series.day_total(d);
        out.days.push(day.date);
        out.day_actual.push(total);
        out.day_mean.push(day.volume);
        out.day_p10.push(day.total_p10);
        out.day_p90.push(day.total_p90);
        out.day_naive.push(series.day_total(d - 7));
        day_avg.push(week_avg[w].iter().sum());
        if day.total_p10 <= total && total <= day.total_p90 {
            inside_days += 1;
        }
    }
    let (scale_i, scale_d) = seasonal_scales(series, train);
    let scores =
        |actual: &[f64], mean: &[f64], naive: &[f64], avg: &[f64], scale: f64| MethodScores {
            wfmsim: accuracy(actual, mean, scale),
            seasonal_naive: accuracy(actual, naive, scale),
            weekly_average: accuracy(actual, avg, scale),
        };
    Ok(BacktestReport {
        queue: series.queue.clone(),
        weeks,
        from: series.date(train),
        to: series.date(n - 1),
        interval: scores(&out.actual, &out.mean, &out.naive, &avg_i, scale_i),
        daily: scores(&out.day_actual, &out.day_mean, &out.day_naive, &day_avg, scale_d),
        coverage_80: inside as f64 / out.actual.len().max(1) as f64,
        coverage_80_daily: inside_days as f64 / out.days.len().max(1) as f64,
        intervals: out.actual.len(),
        days: out.days.len(),
        series: out,
        model,
    })
}
