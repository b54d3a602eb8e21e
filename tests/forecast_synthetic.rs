//! Synthetic proof: histories drawn from the model itself, with known weekly profile, trend,
//! day-of-week effects and busyness variance, are learnt back within statistical tolerance.
//! Tolerances are derived from the sampling error of each estimate (fixed seeds).

// Parallel arrays (truth vs estimate) read clearest with an index.
#![allow(clippy::needless_range_loop)]

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_distr::{Distribution, Gamma, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use wfmsim::forecast::{backtest, fit, ArrivalConfig, CountSeries};

const PER_DAY: usize = 48;

/// Intraday shape: two peaks for Monday–Friday, one flat afternoon block at the weekend.
fn true_profile(dow: usize) -> Vec<f64> {
    let mut p: Vec<f64> = (0..PER_DAY)
        .map(|i| {
            let h = i as f64 / 2.0;
            if dow < 5 {
                0.2 + 10.0 * (-(h - 10.0).powi(2) / 4.0).exp()
                    + 7.0 * (-(h - 15.0).powi(2) / 6.0).exp()
            } else if (10.0..18.0).contains(&h) {
                3.0
            } else {
                0.2
            }
        })
        .collect();
    let s: f64 = p.iter().sum();
    p.iter_mut().for_each(|v| *v /= s);
    p
}

const DOW_EFFECT: [f64; 7] = [1.2, 1.15, 1.1, 1.1, 1.05, 0.6, 0.8];

struct Truth {
    level0: f64,
    trend_per_day: f64,
    shape: f64,
}

/// Draws `weeks` weeks starting on a Monday.
fn simulate(truth: &Truth, weeks: usize, seed: u64) -> CountSeries {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(); // a Monday
    let days = weeks * 7;
    let mut s = CountSeries::zeros("q", 30, first, days);
    let mean_effect = DOW_EFFECT.iter().sum::<f64>() / 7.0;
    let gamma = Gamma::new(truth.shape, 1.0 / truth.shape).unwrap();
    let profiles: Vec<Vec<f64>> = (0..7).map(true_profile).collect();
    for d in 0..days {
        let dow = d % 7;
        let volume =
            (truth.level0 + truth.trend_per_day * d as f64) * DOW_EFFECT[dow] / mean_effect;
        let b: f64 = gamma.sample(&mut rng);
        for i in 0..PER_DAY {
            let m = b * volume * profiles[dow][i];
            s.counts[d * PER_DAY + i] =
                if m > 0.0 { Poisson::new(m).unwrap().sample(&mut rng) } else { 0.0 };
        }
    }
    s
}

#[test]
fn profile_trend_effects_and_busyness_are_recovered() {
    let truth = Truth { level0: 2000.0, trend_per_day: 2.0, shape: 50.0 };
    let series = simulate(&truth, 26, 7);
    let cfg = ArrivalConfig::default();
    let m = fit(&series, &cfg).unwrap();
    println!(
        "trend {:.3} ± {:.3} (true {}), busyness variance {:.4} (true {}), level {:.1}",
        m.trend_raw,
        m.trend_se,
        truth.trend_per_day,
        m.busyness_variance,
        1.0 / truth.shape,
        m.level
    );
    assert!(m.special_days.is_empty(), "no special days were simulated: {:?}", m.special_days);

    // Trend: least-squares slope within 3.5 of its own standard errors.
    assert!(
        (m.trend_raw - truth.trend_per_day).abs() < 3.5 * m.trend_se,
        "trend {} ± {}",
        m.trend_raw,
        m.trend_se
    );
    assert!(m.trend_se < 0.6 * truth.trend_per_day, "trend should be resolved");

    // Level at the last day: true deseasonalised volume there; its error is dominated by the
    // smoothed busyness noise, sd ≈ L·sqrt(σ²·α/(2−α)).
    let n = series.days() as f64;
    let true_level = truth.level0 + truth.trend_per_day * (n - 1.0);
    let level_sd = true_level * (1.0 / truth.shape * 0.2 / 1.8).sqrt();
    assert!((m.level - true_level).abs() < 4.0 * level_sd, "level {} vs {}", m.level, true_level);

    // Busyness variance: from ~84 daily residuals, SE(σ̂²) ≈ σ²·sqrt(2/84).
    let var = 1.0 / truth.shape;
    let se = var * (2.0f64 / 84.0).sqrt();
    assert!(
        (m.busyness_variance - var).abs() < 4.0 * se,
        "busyness variance {} vs {}",
        m.busyness_variance,
        var
    );

    // Day-of-week effects: mean of 12 days each, relative SE ≈ sqrt(σ² + 1/V)/sqrt(12).
    let mean_effect = DOW_EFFECT.iter().sum::<f64>() / 7.0;
    for w in 0..7 {
        let want = DOW_EFFECT[w] / mean_effect;
        let rel_se = (var + 1.0 / 1500.0).sqrt() / 12f64.sqrt();
        assert!(
            (m.dow_effects[w] / want - 1.0).abs() < 4.0 * rel_se,
            "dow {w}: {} vs {want}",
            m.dow_effects[w]
        );
    }

    // Profiles: shares from 8 weeks of one weekday; binomial SE sqrt(p(1-p)/N).
    for w in 0..7 {
        let p = true_profile(w);
        let contacts = 8.0 * 2200.0 * DOW_EFFECT[w] / mean_effect;
        for i in 0..PER_DAY {
            let se = (p[i] * (1.0 - p[i]) / contacts).sqrt();
            assert!(
                (m.profiles[w][i] - p[i]).abs() < 4.5 * se + 1e-4,
                "dow {w} interval {i}: {} vs {}",
                m.profiles[w][i],
                p[i]
            );
        }
    }
}

#[test]
fn an_insignificant_trend_is_shrunk() {
    let truth = Truth { level0: 1500.0, trend_per_day: 0.0, shape: 40.0 };
    let series = simulate(&truth, 30, 11);
    let r = backtest(&series, &ArrivalConfig::default(), 6).unwrap();
    println!(
        "trend raw {:.3} ± {:.3} -> {:.3}; coverage {:.3} (daily {:.3}); WAPE {:.4} vs naive {:.4}",
        r.model.trend_raw,
        r.model.trend_se,
        r.model.trend_per_day,
        r.coverage_80,
        r.coverage_80_daily,
        r.interval.wfmsim.wape,
        r.interval.seasonal_naive.wape
    );
    assert!(r.model.trend_per_day.abs() <= r.model.trend_raw.abs());
    assert!(r.model.trend_raw.abs() < 3.5 * r.model.trend_se);
    assert!(r.interval.wfmsim.wape < 0.9 * r.interval.seasonal_naive.wape);
}

#[test]
fn listed_and_detected_special_days_are_left_out() {
    let truth = Truth { level0: 1500.0, trend_per_day: 0.0, shape: 80.0 };
    let mut series = simulate(&truth, 12, 3);
    // A closure (day 30) and a holiday rush (day 45).
    for i in 0..PER_DAY {
        series.counts[30 * PER_DAY + i] = 0.0;
        series.counts[45 * PER_DAY + i] *= 2.5;
    }
    let listed = series.date(60);
    let cfg = ArrivalConfig { special_days: vec![listed], ..ArrivalConfig::default() };
    let m = fit(&series, &cfg).unwrap();
    let found: Vec<(NaiveDate, &str)> = m.special_days.iter().map(|s| (s.date, s.reason)).collect();
    assert_eq!(
        found,
        vec![(series.date(30), "low"), (series.date(45), "high"), (listed, "listed")]
    );
    assert!(
        m.busyness_variance < 2.0 / 80.0,
        "special days must not inflate the busyness: {}",
        m.busyness_variance
    );
}

#[test]
fn forecast_is_deterministic_and_quantiles_are_ordered() {
    let truth = Truth { level0: 800.0, trend_per_day: 0.5, shape: 30.0 };
    let series = simulate(&truth, 10, 5);
    let m = fit(&series, &ArrivalConfig::default()).unwrap();
    let a = m.forecast(m.next_day(), 14);
    let b = fit(&series, &ArrivalConfig::default()).unwrap().forecast(m.next_day(), 14);
    assert_eq!(a, b);
    for day in &a {
        assert!(day.busyness_shape.is_finite() && day.busyness_shape > 0.0);
        let total: f64 = day.intervals.iter().map(|f| f.mean).sum();
        assert!((total - day.volume).abs() < 1e-6 * day.volume.max(1.0));
        for f in &day.intervals {
            assert!(f.p10 <= f.p50 && f.p50 <= f.p90, "{f:?}");
        }
    }
    // Uncertainty grows with the horizon (level and trend extrapolation).
    assert!(a[13].busyness_shape <= a[0].busyness_shape);
}

#[test]
fn bands_are_calibrated_on_data_from_the_model() {
    // Twenty independent histories: the mean coverage of the 80% bands is near 80%, per
    // interval (a little above: low counts are discrete) and per day (a little below: the
    // busyness variance is itself estimated). One history's coverage varies by ±10 points
    // because days share their busyness and weekdays share their estimated effect.
    let truth = Truth { level0: 1500.0, trend_per_day: 0.0, shape: 40.0 };
    let (mut ci, mut cd, mut better) = (0.0, 0.0, 0);
    for seed in 1..=20 {
        let series = simulate(&truth, 30, seed);
        let r = backtest(&series, &ArrivalConfig::default(), 6).unwrap();
        ci += r.coverage_80 / 20.0;
        cd += r.coverage_80_daily / 20.0;
        better += usize::from(r.interval.wfmsim.wape < 0.9 * r.interval.seasonal_naive.wape);
    }
    println!(
        "mean coverage: intervals {ci:.3}, days {cd:.3}; wfmsim beat naive by 10% in {better}/20"
    );
    assert!((0.76..=0.86).contains(&ci), "interval coverage {ci}");
    assert!((0.70..=0.86).contains(&cd), "daily coverage {cd}");
    assert_eq!(better, 20);
}
