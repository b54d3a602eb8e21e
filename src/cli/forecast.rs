//! `wfmsim forecast`: learn the arrival model per queue from a history and write a forecast
//! CSV with its uncertainty; or, with `--backtest-weeks K`, score the model on the last K
//! weeks against seasonal-naive and weekly-average baselines.

use std::path::PathBuf;

use chrono::NaiveDate;
use wfmsim::forecast::hygiene::{
    check_duplicates, check_outlying_dates, empty_days_warning, unobserved_empty_days,
    HygieneOptions,
};
use wfmsim::forecast::{
    backtest, count_series, fit, ArrivalConfig, ArrivalModel, BacktestReport, CountSeries,
    ForecastError, MethodScores,
};
use wfmsim::history::forecast_csv::{to_csv_string, ForecastRow};
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::plot::history_charts::{
    backtest_chart, backtest_daily_chart, weekly_profile_chart,
};

use super::learn::file_stem;
use super::mapping::MappingArgs;

/// Arguments of `wfmsim forecast`.
#[derive(Debug, clap::Args)]
pub(crate) struct ForecastArgs {
    /// The history file (per-contact export or interval report).
    pub(crate) history: PathBuf,
    #[command(flatten)]
    pub(crate) mapping: MappingArgs,
    /// Planning interval in minutes (divides a day; a multiple of an interval report's).
    #[arg(long, default_value_t = 30)]
    pub(crate) interval_minutes: u32,
    /// Days to forecast.
    #[arg(long, value_name = "N")]
    pub(crate) horizon_days: Option<usize>,
    /// First day of the forecast (default: the day after the history).
    #[arg(long, value_name = "DATE")]
    pub(crate) from: Option<NaiveDate>,
    /// Forecast CSV to write.
    #[arg(long, default_value = "output/forecast/forecast.csv")]
    pub(crate) out: PathBuf,
    /// Hold out the last K weeks, forecast them from the earlier history and score the forecast.
    #[arg(long, value_name = "K")]
    pub(crate) backtest_weeks: Option<usize>,
    /// Print results as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// A known special day (holiday, closure) to leave out of learning; repeatable.
    #[arg(long = "special-day", value_name = "DATE")]
    pub(crate) special_days: Vec<NaiveDate>,
    /// Only this queue.
    #[arg(long, value_name = "NAME")]
    pub(crate) queue: Option<String>,
    /// Directory of the plots.
    #[arg(long, default_value = "output/forecast")]
    pub(crate) plots_dir: PathBuf,
    /// Do not draw plots.
    #[arg(long)]
    pub(crate) no_plots: bool,
    /// Keep rows that repeat an earlier row exactly (default: an error naming them).
    #[arg(long)]
    pub(crate) allow_duplicates: bool,
    /// Keep rows dated more than a month away from the rest of the history (default: an error
    /// naming them).
    #[arg(long)]
    pub(crate) allow_outlying_dates: bool,
    /// Days of a per-contact export without a single contact: `skip` leaves them out of the
    /// fit as unobserved (the default), `zero` counts them as days with no calls.
    #[arg(long, value_name = "skip|zero", default_value = "skip", value_parser = ["skip", "zero"])]
    pub(crate) missing_days: String,
}

fn rows(model: &ArrivalModel, from: NaiveDate, days: usize) -> Vec<ForecastRow> {
    model
        .forecast(from, days)
        .into_iter()
        .flat_map(|day| {
            let shape = day.busyness_shape;
            day.intervals.into_iter().map(move |f| ForecastRow {
                interval_start: f.start,
                queue: model.queue.clone(),
                mean: f.mean,
                p10: f.p10,
                p50: f.p50,
                p90: f.p90,
                busyness_shape: shape,
                interval_minutes: model.interval_minutes,
            })
        })
        .collect()
}

fn model_summary(m: &ArrivalModel) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let effects: Vec<String> =
        DAYS.iter().zip(m.dow_effects).map(|(d, e)| format!("{d} {e:.2}")).collect();
    let specials: Vec<String> =
        m.special_days.iter().take(12).map(|s| format!("{} ({})", s.date, s.reason)).collect();
    format!(
        "queue {}: {} days of history to {}; level {:.1}/day, trend {:+.2}%/week (raw {:+.3} ± {:.3}/day), busyness CV {:.1}%\n  day-of-week effects: {}\n  special days left out: {}{}\n",
        m.queue,
        m.history_days,
        m.last_day,
        m.level,
        m.trend_percent_per_week(),
        m.trend_raw,
        m.trend_se,
        100.0 * m.busyness_variance.sqrt(),
        effects.join(", "),
        m.special_days.len(),
        if specials.is_empty() { String::new() } else { format!(": {}{}", specials.join(", "), if m.special_days.len() > 12 { ", ..." } else { "" }) }
    )
}

fn scores_json(s: &MethodScores) -> serde_json::Value {
    serde_json::json!({
        "wfmsim": s.wfmsim,
        "seasonal_naive": s.seasonal_naive,
        "weekly_average": s.weekly_average,
    })
}

fn backtest_json(r: &BacktestReport) -> serde_json::Value {
    serde_json::json!({
        "queue": r.queue,
        "weeks": r.weeks,
        "from": r.from,
        "to": r.to,
        "intervals": r.intervals,
        "days": r.days,
        "interval": scores_json(&r.interval),
        "daily": scores_json(&r.daily),
        "coverage_80": r.coverage_80,
        "coverage_80_daily": r.coverage_80_daily,
        "special_days_in_training": r.model.special_days,
    })
}

fn backtest_text(r: &BacktestReport) -> String {
    let line = |name: &str, s: &MethodScores| {
        format!(
            "  {name:<9} WAPE  wfmsim {:6.2}%  seasonal-naive {:6.2}%  weekly-average {:6.2}%\n  {:<9} MASE  wfmsim {:7.3}  seasonal-naive {:7.3}  weekly-average {:7.3}\n",
            100.0 * s.wfmsim.wape,
            100.0 * s.seasonal_naive.wape,
            100.0 * s.weekly_average.wape,
            "",
            s.wfmsim.mase,
            s.seasonal_naive.mase,
            s.weekly_average.mase
        )
    };
    format!(
        "backtest of queue {}: {} weeks held out, {} to {} ({} intervals, {} days)\n{}{}  80% band coverage: {:.1}% of intervals, {:.1}% of days\n",
        r.queue,
        r.weeks,
        r.from,
        r.to,
        r.intervals,
        r.days,
        line("interval", &r.interval),
        line("daily", &r.daily),
        100.0 * r.coverage_80,
        100.0 * r.coverage_80_daily
    )
}

/// Runs `wfmsim forecast`.
pub(crate) fn run(args: ForecastArgs) -> anyhow::Result<()> {
    if args.horizon_days.is_none() && args.backtest_weeks.is_none() {
        anyhow::bail!(
            "give --horizon-days N to forecast, or --backtest-weeks K to backtest (or both)"
        );
    }
    let history = args.mapping.ingest(&args.history)?;
    let hygiene = HygieneOptions {
        allow_duplicates: args.allow_duplicates,
        allow_outlying_dates: args.allow_outlying_dates,
        missing_days_zero: args.missing_days == "zero",
    };
    let shown = args.history.display();
    if !hygiene.allow_duplicates {
        check_duplicates(&history).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    }
    check_outlying_dates(&history, hygiene).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let mut series: Vec<CountSeries> = count_series(&history, args.interval_minutes)?;
    if matches!(history.data, wfmsim::history::HistoryData::Contacts(_)) {
        for s in &mut series {
            let empty = unobserved_empty_days(s, hygiene.missing_days_zero);
            if let Some(w) = empty_days_warning(&s.queue, &empty, hygiene.missing_days_zero) {
                eprintln!("{w}");
            }
        }
    }
    if let Some(q) = &args.queue {
        series.retain(|s| &s.queue == q);
        if series.is_empty() {
            anyhow::bail!(
                "queue `{q}` is not in the history; its queues are: {}",
                history.queues().join(", ")
            );
        }
    }
    let cfg = ArrivalConfig { special_days: args.special_days.clone(), ..ArrivalConfig::default() };
    let mut json = serde_json::Map::new();
    // Version of this JSON layout, raised when a field changes meaning or disappears.
    json.insert("format_version".into(), serde_json::json!(1));
    let mut text = String::new();
    let mut plots = 0usize;

    if let Some(weeks) = args.backtest_weeks {
        let mut reports = Vec::new();
        for s in &series {
            let r = backtest(s, &cfg, weeks)?;
            text.push_str(&backtest_text(&r));
            if !args.no_plots {
                let stem = file_stem(&r.queue);
                plots += backtest_chart(&r)
                    .render(&args.plots_dir.join(format!("backtest_{stem}")))?
                    .len();
                plots += backtest_daily_chart(&r)
                    .render(&args.plots_dir.join(format!("backtest_daily_{stem}")))?
                    .len();
            }
            reports.push(backtest_json(&r));
        }
        json.insert("backtest".into(), serde_json::Value::Array(reports));
    }

    if let Some(days) = args.horizon_days {
        let mut all_rows = Vec::new();
        let mut models = Vec::new();
        for s in &series {
            // A queue the history cannot forecast (a misspelt name on a few rows, a queue
            // that opened last week) is reported and skipped; the others go on.
            let model = match fit(s, &cfg) {
                Ok(m) => m,
                Err(
                    e @ (ForecastError::NotEnoughHistory { .. } | ForecastError::NoArrivals { .. }),
                ) if series.len() > 1 => {
                    eprintln!("warning: {e}; queue `{}` is not forecast", s.queue);
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let last = s.date(s.days() - 1);
            let from = args.from.unwrap_or_else(|| model.next_day());
            anyhow::ensure!(
                from > s.first_day && from <= last + chrono::Days::new(366),
                "--from {from} is outside the history of queue `{}` ({} to {last}); a forecast starts after the history's first day and at most a year after its last (default: the day after it)",
                s.queue,
                s.first_day
            );
            all_rows.extend(rows(&model, from, days));
            text.push_str(&model_summary(&model));
            if !args.no_plots {
                let base =
                    args.plots_dir.join(format!("weekly_profile_{}", file_stem(&model.queue)));
                plots += weekly_profile_chart(&model).render(&base)?.len();
            }
            models.push(serde_json::json!({
                "queue": model.queue,
                "history_days": model.history_days,
                "last_day": model.last_day,
                "level_per_day": model.level,
                "trend_percent_per_week": model.trend_percent_per_week(),
                "dow_effects_mon_to_sun": model.dow_effects,
                "busyness_variance": model.busyness_variance,
                "special_days": model.special_days,
                "forecast_from": from,
            }));
        }
        anyhow::ensure!(!models.is_empty(), "no queue of {shown} has enough history to forecast");
        write_atomic(&args.out, to_csv_string(&all_rows).as_bytes())?;
        text.push_str(&format!("wrote {} ({} rows)\n", args.out.display(), all_rows.len()));
        json.insert("forecast".into(), serde_json::json!({ "file": args.out.display().to_string(), "rows": all_rows.len(), "queues": models }));
    }
    if plots > 0 {
        text.push_str(&format!("plots: {plots} files in {}\n", args.plots_dir.display()));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::Value::Object(json))?);
    } else {
        print!("{text}");
    }
    Ok(())
}
