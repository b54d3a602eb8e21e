//! The charts of `wfmsim forecast` and `wfmsim learn`, built on the generic layer: forecast
//! against actual with the 80% band, the learnt weekly profile, the handle-time histogram
//! with fitted densities, and the Kaplan–Meier patience curve with the fits.

use crate::forecast::{ArrivalModel, BacktestReport, Fitted, HandleTimeFit, PatienceFit};

use super::{AxisFormat, Band, Frame, Histogram, LineChart, Series, TimeAxis};

/// Backtest window: actual counts, wfmsim's mean, the seasonal-naive forecast and the 80% band.
pub fn backtest_chart(r: &BacktestReport) -> LineChart {
    let origin = r.from;
    let x: Vec<f64> = r
        .series
        .starts
        .iter()
        .map(|t| (*t - origin.and_time(chrono::NaiveTime::MIN)).num_minutes() as f64 / 60.0)
        .collect();
    let pts = |v: &[f64]| x.iter().copied().zip(v.iter().copied()).collect::<Vec<_>>();
    let mut chart = LineChart::new(
        Frame::new(
            &format!(
                "Queue {}: backtest {} to {} — interval WAPE wfmsim {:.1}% vs seasonal naive {:.1}%, 80% band coverage {:.1}%",
                r.queue,
                r.from,
                r.to,
                100.0 * r.interval.wfmsim.wape,
                100.0 * r.interval.seasonal_naive.wape,
                100.0 * r.coverage_80
            ),
            "day",
            &format!("arrivals per {} min", r.model.interval_minutes),
        )
        .with_x_format(AxisFormat::Time(TimeAxis::starting(Some(origin), 0))),
    );
    chart.frame.size = (1800, 650);
    chart.bands.push(Band {
        name: "wfmsim 80% band (p10–p90)".into(),
        x: x.clone(),
        lower: r.series.p10.clone(),
        upper: r.series.p90.clone(),
    });
    chart.series.push(Series::line("wfmsim mean", pts(&r.series.mean)));
    chart.series.push(Series::line("actual", pts(&r.series.actual)));
    chart
}

/// Backtest window, day by day: actual totals, wfmsim's expected totals with the day's 80%
/// band, and the seasonal-naive totals.
pub fn backtest_daily_chart(r: &BacktestReport) -> LineChart {
    let x: Vec<f64> =
        r.series.days.iter().map(|d| 24.0 * (*d - r.from).num_days() as f64).collect();
    let pts = |v: &[f64]| x.iter().copied().zip(v.iter().copied()).collect::<Vec<_>>();
    let mut chart = LineChart::new(
        Frame::new(
            &format!(
                "Queue {}: daily totals {} to {}; WAPE wfmsim {:.1}%, naive {:.1}%; 80% coverage {:.0}%",
                r.queue,
                r.from,
                r.to,
                100.0 * r.daily.wfmsim.wape,
                100.0 * r.daily.seasonal_naive.wape,
                100.0 * r.coverage_80_daily
            ),
            "day",
            "arrivals per day",
        )
        .with_x_format(AxisFormat::Time(TimeAxis::starting(Some(r.from), 0))),
    );
    chart.bands.push(Band {
        name: "wfmsim 80% band (p10–p90)".into(),
        x: x.clone(),
        lower: r.series.day_p10.clone(),
        upper: r.series.day_p90.clone(),
    });
    chart.series.push(Series::line("wfmsim mean", pts(&r.series.day_mean)));
    chart.series.push(Series::line("actual", pts(&r.series.day_actual)));
    chart.series.push(
        Series::points("seasonal naive", pts(&r.series.day_naive))
            .with_style(super::Style { marker: 4, ..super::Style::default() }),
    );
    chart
}

/// The learnt weekly profile: expected arrivals per interval over a week (Monday first), at
/// the current level (trend left out).
pub fn weekly_profile_chart(m: &ArrivalModel) -> LineChart {
    let step = f64::from(m.interval_minutes) / 60.0;
    let mut points = Vec::with_capacity(7 * m.per_day + 1);
    for w in 0..7 {
        let volume = m.level * m.dow_effects[w];
        for (i, share) in m.profiles[w].iter().enumerate() {
            points.push((24.0 * w as f64 + i as f64 * step, volume * share));
        }
    }
    if let Some(&(_, last)) = points.last() {
        points.push((168.0, last));
    }
    let mut chart = LineChart::new(
        Frame::new(
            &format!(
                "Queue {}: learnt weekly profile (level {:.0}/day, trend {:+.2}%/week, busyness CV {:.1}%)",
                m.queue,
                m.level,
                m.trend_percent_per_week(),
                100.0 * m.busyness_variance.sqrt()
            ),
            "time of week",
            &format!("expected arrivals per {} min", m.interval_minutes),
        )
        .with_x_format(AxisFormat::Time(TimeAxis::week())),
    );
    chart.series.push(Series::step("expected arrivals", points));
    chart
}

fn density_curve(name: &str, d: &Fitted, hi: f64) -> Series {
    let points = (1..=300).map(|i| {
        let x = hi * i as f64 / 300.0;
        (x, d.pdf(x))
    });
    Series::line(name, points.collect())
}

/// Handle-time histogram (density) with the fitted log-normal and exponential densities.
pub fn handle_time_chart(queue: &str, h: &HandleTimeFit) -> Histogram {
    let hi = h.histogram_edges.last().copied().unwrap_or(1.0);
    Histogram {
        frame: Frame::new(
            &format!(
                "Queue {queue}: handle time, n = {} (mean {:.0} s, median {:.0} s, CV {:.2})",
                h.n, h.sample_mean_s, h.sample_median_s, h.sample_cv
            ),
            "handle time (s), up to the 99th percentile",
            "density",
        ),
        name: "observed".into(),
        edges: h.histogram_edges.clone(),
        heights: h.histogram_density.clone(),
        overlays: vec![
            density_curve(
                &format!("lognormal (KS {:.3})", h.lognormal.ks),
                &h.lognormal.distribution,
                hi,
            ),
            density_curve(
                &format!("exponential (KS {:.3})", h.exponential.ks),
                &h.exponential.distribution,
                hi,
            ),
        ],
    }
}

/// Kaplan–Meier patience curve with the fitted exponential and Weibull survival curves.
pub fn patience_chart(queue: &str, p: &PatienceFit) -> LineChart {
    let last = p.km.iter().rev().find(|k| k.at_risk >= 50).or(p.km.last()).map_or(600.0, |k| k.t);
    let hi = last.max(60.0);
    let mut km: Vec<(f64, f64)> = vec![(0.0, 1.0)];
    km.extend(p.km.iter().filter(|k| k.t <= hi).map(|k| (k.t, k.survival)));
    let curve = |d: &Fitted| -> Vec<(f64, f64)> {
        (0..=300)
            .map(|i| {
                let t = hi * i as f64 / 300.0;
                (t, d.survival(t))
            })
            .collect()
    };
    let mut chart = LineChart::new(Frame::new(
        &format!(
            "Queue {queue}: patience, {} queued, {} abandoned ({:.1}%)",
            p.queued,
            p.abandoned,
            100.0 * p.p_abandon
        ),
        "time in queue (s)",
        "P(patience > t)",
    ));
    chart.y_range = Some((0.0, 1.02));
    chart.series.push(Series::step("Kaplan–Meier", km));
    chart.series.push(Series::line(
        &format!("exponential, mean {:.0} s", p.exponential.distribution.mean_s()),
        curve(&p.exponential.distribution),
    ));
    let shape = match p.weibull.distribution {
        Fitted::Weibull { shape, .. } => shape,
        _ => f64::NAN,
    };
    chart.series.push(Series::line(
        &format!("Weibull, mean {:.0} s, shape {:.2}", p.weibull.distribution.mean_s(), shape),
        curve(&p.weibull.distribution),
    ));
    chart
}
