//! The forecast CSV format written by `wfmsim forecast` and read back by scenarios.
//!
//! Columns: `interval_start` (ISO 8601 local time, `1999-11-08T07:30:00`), `queue`, `mean`,
//! `p10`, `p50`, `p90`, `busyness_shape`, `interval_minutes`. The model behind a row: the day of
//! `interval_start` has a busyness factor B ~ Gamma(shape k = `busyness_shape`, scale 1/k)
//! (mean 1, variance 1/k), shared by all intervals of that day and queue; the count in the
//! interval is Poisson(B · `mean`). `busyness_shape` is `inf` for a plain Poisson forecast.
//! The quantiles are those of that negative-binomial marginal.

use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::error::HistoryError;
use super::lines::LineIndex;

/// The header of a forecast CSV, in order.
pub(crate) const FORECAST_COLUMNS: [&str; 8] =
    ["interval_start", "queue", "mean", "p10", "p50", "p90", "busyness_shape", "interval_minutes"];

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// One row of a forecast: one interval of one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// Interval start, local time.
    pub interval_start: NaiveDateTime,
    /// Queue.
    pub queue: String,
    /// Expected number of arrivals.
    pub mean: f64,
    /// 10% quantile of the arrivals.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90% quantile.
    pub p90: f64,
    /// Shape k of the day's busyness factor B ~ Gamma(k, 1/k); infinite = no over-dispersion.
    pub busyness_shape: f64,
    /// Interval length, minutes.
    pub interval_minutes: u32,
}

fn fmt_num(x: f64) -> String {
    if x.is_infinite() {
        "inf".to_string()
    } else {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    }
}

/// Renders rows as forecast CSV text (deterministic: same rows, same bytes).
pub fn to_csv_string(rows: &[ForecastRow]) -> String {
    let mut out = FORECAST_COLUMNS.join(",");
    out.push('\n');
    for r in rows {
        let queue = if r.queue.contains([',', '"', '\n']) {
            format!("\"{}\"", r.queue.replace('"', "\"\""))
        } else {
            r.queue.clone()
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            r.interval_start.format(TIME_FORMAT),
            queue,
            fmt_num(r.mean),
            fmt_num(r.p10),
            fmt_num(r.p50),
            fmt_num(r.p90),
            fmt_num(r.busyness_shape),
            r.interval_minutes
        ));
    }
    out
}

/// Which figure of a forecast a scenario uses as a queue's arrivals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalUse {
    /// The mean: a non-homogeneous Poisson process with rate mean / interval length.
    Mean,
    /// The 10% quantile as the interval's expected count.
    P10,
    /// The median as the interval's expected count.
    P50,
    /// The 90% quantile as the interval's expected count (a cautious plan).
    P90,
    /// The full model: each replication draws each day's busyness B ~ Gamma(k, 1/k) and then
    /// Poisson arrivals with rate B · mean.
    PoissonGamma,
}

impl std::str::FromStr for ArrivalUse {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mean" => Ok(ArrivalUse::Mean),
            "p10" => Ok(ArrivalUse::P10),
            "p50" => Ok(ArrivalUse::P50),
            "p90" => Ok(ArrivalUse::P90),
            "poisson-gamma" => Ok(ArrivalUse::PoissonGamma),
            other => Err(format!(
                "`{other}` is not a forecast use; expected mean, p10, p50, p90 or poisson-gamma"
            )),
        }
    }
}

/// The forecast of one queue, intervals in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueForecast {
    /// Queue name.
    pub queue: String,
    /// Interval length, minutes.
    pub interval_minutes: u32,
    /// Interval starts (local time), increasing.
    pub interval_starts: Vec<NaiveDateTime>,
    /// Expected arrivals per interval.
    pub mean: Vec<f64>,
    /// 10% quantiles.
    pub p10: Vec<f64>,
    /// Medians.
    pub p50: Vec<f64>,
    /// 90% quantiles.
    pub p90: Vec<f64>,
    /// Busyness shape k per interval (equal within a day); infinite = Poisson.
    pub busyness_shape: Vec<f64>,
}

/// One day of a queue's forecast: the day, the index range of its intervals, and its shape k.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastDay {
    /// The calendar day.
    pub date: NaiveDate,
    /// Indices into the queue's vectors.
    pub intervals: Range<usize>,
    /// The day's busyness shape k (B ~ Gamma(k, 1/k)).
    pub busyness_shape: f64,
}

impl QueueForecast {
    /// Expected counts per interval for `use_` (for [`ArrivalUse::PoissonGamma`], the mean,
    /// which the simulation multiplies by each day's drawn busyness).
    pub fn expected_counts(&self, use_: ArrivalUse) -> &[f64] {
        match use_ {
            ArrivalUse::Mean | ArrivalUse::PoissonGamma => &self.mean,
            ArrivalUse::P10 => &self.p10,
            ArrivalUse::P50 => &self.p50,
            ArrivalUse::P90 => &self.p90,
        }
    }

    /// The days of the forecast, each with its intervals and busyness shape: each Monte Carlo
    /// replication draws one B per day.
    pub fn days(&self) -> Vec<ForecastDay> {
        let mut days: Vec<ForecastDay> = Vec::new();
        for (i, start) in self.interval_starts.iter().enumerate() {
            match days.last_mut() {
                Some(d) if d.date == start.date() => d.intervals.end = i + 1,
                _ => days.push(ForecastDay {
                    date: start.date(),
                    intervals: i..i + 1,
                    busyness_shape: self.busyness_shape[i],
                }),
            }
        }
        days
    }
}

/// A forecast file read back: one [`QueueForecast`] per queue, in order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastTable {
    /// The queues.
    pub queues: Vec<QueueForecast>,
}

impl ForecastTable {
    /// The forecast of queue `name`.
    pub fn queue(&self, name: &str) -> Option<&QueueForecast> {
        self.queues.iter().find(|q| q.queue == name)
    }
}

/// Reads a forecast CSV written by `wfmsim forecast`.
pub fn read_forecast_csv(path: &Path) -> Result<ForecastTable, HistoryError> {
    let text = crate::text_file::read_text(path)?;
    parse_forecast_csv(&text, path)
}

/// Parses forecast CSV text; `path` is used in messages only.
pub fn parse_forecast_csv(text: &str, path: &Path) -> Result<ForecastTable, HistoryError> {
    let err = |line: u64, message: String| HistoryError::ForecastCsv {
        path: path.to_path_buf(),
        line,
        message,
    };
    let lines = LineIndex::new(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| err(1, format!("unreadable header: {e}")))?.clone();
    let col = |name: &str| -> Result<usize, HistoryError> {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| err(1, format!("the header lacks the column `{name}`")))
    };
    let idx: Vec<usize> = FORECAST_COLUMNS[..6].iter().map(|c| col(c)).collect::<Result<_, _>>()?;
    let shape_col = col("busyness_shape").ok();
    let minutes_col = col("interval_minutes").ok();
    let mut queues: Vec<QueueForecast> = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| err(lines.of(e.position()), e.to_string()))?;
        let line = lines.of(record.position());
        let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        let number = |i: usize, name: &str| -> Result<f64, HistoryError> {
            let v = field(i);
            v.parse::<f64>().ok().filter(|x| !x.is_nan() && *x >= 0.0).ok_or_else(|| {
                err(line, format!("column `{name}`: `{v}` is not a non-negative number"))
            })
        };
        let start = NaiveDateTime::parse_from_str(field(idx[0]), TIME_FORMAT).map_err(|_| {
            err(
                line,
                format!(
                    "column `interval_start`: `{}` is not of the form 1999-11-08T07:30:00",
                    field(idx[0])
                ),
            )
        })?;
        let queue = field(idx[1]).to_string();
        let shape = match shape_col {
            Some(c) => number(c, "busyness_shape")?,
            None => f64::INFINITY,
        };
        let minutes = match minutes_col {
            Some(c) => field(c).parse::<u32>().ok().filter(|m| *m > 0).ok_or_else(|| {
                err(
                    line,
                    format!("column `interval_minutes`: `{}` is not a positive integer", field(c)),
                )
            })?,
            None => 0,
        };
        let pos = match queues.iter().position(|q| q.queue == queue) {
            Some(p) => p,
            None => {
                queues.push(QueueForecast {
                    queue: queue.clone(),
                    interval_minutes: minutes,
                    interval_starts: Vec::new(),
                    mean: Vec::new(),
                    p10: Vec::new(),
                    p50: Vec::new(),
                    p90: Vec::new(),
                    busyness_shape: Vec::new(),
                });
                queues.len() - 1
            }
        };
        let q = &mut queues[pos];
        if let Some(last) = q.interval_starts.last() {
            if start <= *last {
                return Err(err(
                    line,
                    format!("queue `{queue}`: interval starts are not increasing"),
                ));
            }
        }
        q.interval_starts.push(start);
        q.mean.push(number(idx[2], "mean")?);
        q.p10.push(number(idx[3], "p10")?);
        q.p50.push(number(idx[4], "p50")?);
        q.p90.push(number(idx[5], "p90")?);
        q.busyness_shape.push(shape);
    }
    for q in &mut queues {
        if q.interval_minutes == 0 {
            q.interval_minutes = q
                .interval_starts
                .windows(2)
                .map(|w| (w[1] - w[0]).num_minutes())
                .filter(|m| *m > 0)
                .min()
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or(30);
        }
    }
    if queues.is_empty() {
        return Err(err(2, "no forecast rows".into()));
    }
    Ok(ForecastTable { queues })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t0 = NaiveDateTime::parse_from_str("1999-11-08T07:30:00", TIME_FORMAT).unwrap();
        let rows: Vec<ForecastRow> = (0..3)
            .map(|i| ForecastRow {
                interval_start: t0 + chrono::TimeDelta::minutes(30 * i),
                queue: "PS".into(),
                mean: 10.5 + i as f64,
                p10: 6.0,
                p50: 10.0,
                p90: 15.0,
                busyness_shape: if i == 0 { f64::INFINITY } else { 40.0 },
                interval_minutes: 30,
            })
            .collect();
        let text = to_csv_string(&rows);
        assert!(text.starts_with("interval_start,queue,mean,p10,p50,p90,busyness_shape,interval_minutes\n1999-11-08T07:30:00,PS,10.5,6,10,15,inf,30\n"));
        let table = parse_forecast_csv(&text, Path::new("f.csv")).unwrap();
        let q = table.queue("PS").unwrap();
        assert_eq!(q.mean, vec![10.5, 11.5, 12.5]);
        assert_eq!(q.days().len(), 1);
        assert_eq!(q.expected_counts(ArrivalUse::P90), &[15.0, 15.0, 15.0]);
        let bad = text.replace("10.5", "x");
        let e = parse_forecast_csv(&bad, Path::new("f.csv")).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("mean"), "{e}");
    }
}
