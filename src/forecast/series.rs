//! Arrival counts per planning interval: a dense day × interval-of-day grid per queue, built
//! from either shape of history.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

use super::error::ForecastError;
use crate::history::{History, HistoryData};

/// Counts of one queue on a grid of whole days × intervals of the day.
#[derive(Debug, Clone, PartialEq)]
pub struct CountSeries {
    /// Queue.
    pub queue: String,
    /// Planning interval, minutes (divides 1440).
    pub interval_minutes: u32,
    /// The first day of the grid.
    pub first_day: NaiveDate,
    /// Intervals per day.
    pub per_day: usize,
    /// Counts, day-major: `counts[day * per_day + interval]`.
    pub counts: Vec<f64>,
    /// Whether each day has data (interval reports may miss days; a day with no row is
    /// unobserved, not zero).
    pub observed: Vec<bool>,
}

impl CountSeries {
    /// An all-zero series of `days` observed days.
    pub fn zeros(queue: &str, interval_minutes: u32, first_day: NaiveDate, days: usize) -> Self {
        let per_day = (1440 / interval_minutes) as usize;
        CountSeries {
            queue: queue.to_string(),
            interval_minutes,
            first_day,
            per_day,
            counts: vec![0.0; days * per_day],
            observed: vec![true; days],
        }
    }

    /// Number of days in the grid.
    pub fn days(&self) -> usize {
        self.observed.len()
    }

    /// The counts of day `d`.
    pub fn day(&self, d: usize) -> &[f64] {
        &self.counts[d * self.per_day..(d + 1) * self.per_day]
    }

    /// The total of day `d`.
    pub fn day_total(&self, d: usize) -> f64 {
        self.day(d).iter().sum()
    }

    /// The calendar date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.first_day + chrono::Days::new(d as u64)
    }

    /// Day of week of day index `d`, Monday = 0.
    pub fn dow(&self, d: usize) -> usize {
        self.date(d).weekday().num_days_from_monday() as usize
    }

    /// The start of interval `i` of day `d`.
    pub fn interval_start(&self, d: usize, i: usize) -> NaiveDateTime {
        interval_start(self.date(d), i, self.interval_minutes)
    }

    /// The first `days` days only (for backtests).
    pub fn head(&self, days: usize) -> CountSeries {
        let days = days.min(self.days());
        CountSeries {
            counts: self.counts[..days * self.per_day].to_vec(),
            observed: self.observed[..days].to_vec(),
            queue: self.queue.clone(),
            ..*self
        }
    }
}

/// The start of interval `i` of `date`.
pub(crate) fn interval_start(date: NaiveDate, i: usize, interval_minutes: u32) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN)
        + chrono::TimeDelta::minutes(i as i64 * i64::from(interval_minutes))
}

/// Day of week index, Monday = 0.
pub(crate) fn dow_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

fn check_interval(minutes: u32) -> Result<usize, ForecastError> {
    if minutes == 0 || 1440 % minutes != 0 {
        return Err(ForecastError::Interval {
            minutes,
            reason: "it must divide a day (e.g. 15, 30 or 60)".into(),
        });
    }
    Ok((1440 / minutes) as usize)
}

fn slot(t: NaiveDateTime, interval_minutes: u32) -> usize {
    let minute = t.time().hour() * 60 + t.time().minute();
    (minute / interval_minutes) as usize
}

/// Builds one series per queue (in order of first appearance) at `interval_minutes`.
/// Per-contact histories are binned by arrival time; interval reports are summed into the
/// planning intervals, which must be whole multiples of the report's intervals.
pub fn count_series(
    history: &History,
    interval_minutes: u32,
) -> Result<Vec<CountSeries>, ForecastError> {
    let per_day = check_interval(interval_minutes)?;
    if let HistoryData::Intervals { interval_minutes: source, .. } = &history.data {
        match source {
            None => return Err(ForecastError::UnknownSourceInterval),
            Some(s) if interval_minutes % s != 0 => {
                return Err(ForecastError::Interval {
                    minutes: interval_minutes,
                    reason: format!("it must be a multiple of the report's {s}-minute intervals"),
                })
            }
            Some(_) => {}
        }
    }
    let events: Vec<(NaiveDateTime, &str, f64)> = match &history.data {
        HistoryData::Contacts(rows) => {
            rows.iter().map(|r| (r.arrival, r.queue.as_str(), 1.0)).collect()
        }
        HistoryData::Intervals { rows, .. } => {
            rows.iter().map(|r| (r.start, r.queue.as_str(), r.offered)).collect()
        }
    };
    let contacts = matches!(history.data, HistoryData::Contacts(_));
    let mut out = Vec::new();
    for queue in history.queues() {
        let mine: Vec<&(NaiveDateTime, &str, f64)> =
            events.iter().filter(|e| e.1 == queue).collect();
        let first = mine.iter().map(|e| e.0.date()).min().expect("queue has rows");
        let last = mine.iter().map(|e| e.0.date()).max().expect("queue has rows");
        let days = (last - first).num_days() as usize + 1;
        let mut s = CountSeries {
            queue: queue.clone(),
            interval_minutes,
            first_day: first,
            per_day,
            counts: vec![0.0; days * per_day],
            observed: vec![contacts; days],
        };
        for (t, _, n) in mine {
            let d = (t.date() - first).num_days() as usize;
            s.counts[d * per_day + slot(*t, interval_minutes)] += n;
            s.observed[d] = true;
        }
        out.push(s);
    }
    Ok(out)
}
