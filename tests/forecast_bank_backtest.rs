//! Real-data proof: the bank's full-year 6-minute counts, aggregated to 30 minutes, backtested
//! over the last 8 weeks of 1999. Reads the folder named by `WFMSIM_DATA_DIR`.

use wfmsim::forecast::{backtest, count_series, ArrivalConfig};
use wfmsim::history::{ingest, preset, BadRowPolicy};

mod history_support;
use history_support::data_dir;

#[test]
fn bank_backtest_last_8_weeks_of_1999() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("anonymous-bank-1999-6min/anonymous_bank_1999_calls_6min.csv");
    let history =
        ingest(&path, &preset("anonymous-bank-6min").unwrap(), BadRowPolicy::Fail).unwrap();
    let series = count_series(&history, 30).unwrap();
    assert_eq!(series.len(), 1);
    let r = backtest(&series[0], &ArrivalConfig::default(), 8).unwrap();
    println!("backtest {}..{}: {} intervals, {} days", r.from, r.to, r.intervals, r.days);
    for (name, s) in [("interval", r.interval), ("daily", r.daily)] {
        println!(
            "{name}: WAPE wfmsim {:.4} naive {:.4} weekly-avg {:.4}; MASE wfmsim {:.3} naive {:.3} weekly-avg {:.3}",
            s.wfmsim.wape, s.seasonal_naive.wape, s.weekly_average.wape,
            s.wfmsim.mase, s.seasonal_naive.mase, s.weekly_average.mase
        );
    }
    println!(
        "coverage 80%: intervals {:.3}, days {:.3}; busyness var {:.5}, level var {:.5}, trend {:.2}%/week (raw {:.3} ± {:.3}/day)",
        r.coverage_80, r.coverage_80_daily, r.model.busyness_variance, r.model.level_variance,
        r.model.trend_percent_per_week(), r.model.trend_raw, r.model.trend_se
    );
    assert_eq!(r.from.to_string(), "1999-11-06");
    assert_eq!(r.to.to_string(), "1999-12-31");
    assert!(
        r.interval.wfmsim.wape <= 0.9 * r.interval.seasonal_naive.wape,
        "interval WAPE {:.4} is not at least 10% below seasonal naive {:.4}",
        r.interval.wfmsim.wape,
        r.interval.seasonal_naive.wape
    );
    assert!(
        (0.70..=0.90).contains(&r.coverage_80),
        "80% band coverage {:.3} outside [0.70, 0.90]",
        r.coverage_80
    );
}
