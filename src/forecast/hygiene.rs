//! History hygiene before a forecast: rows that would silently distort it are found and named.
//!
//! Four things a raw ACD export can carry that a forecast must not swallow (issue 11):
//! - **duplicate rows** (an export appended twice doubles the volume): per-contact rows that
//!   repeat an earlier row in every field, interval-report rows for an interval and queue
//!   already given;
//! - **dates far outside the bulk** (a stray row dated 1970 or 2099 stretches the day grid
//!   over decades of empty days): rows more than [`OUTLIER_GAP_DAYS`] days from the main
//!   contiguous span of the history;
//! - **missing days** inside the span of a per-contact export: a day without a single contact
//!   is *unobserved*, left out of the fit, unless the user says such days had no calls;
//! - **queues with too little history** (a misspelt queue name on a few rows): reported and
//!   skipped, the other queues are forecast.
//!
//! Each is an error or a warning whose text names the rows (line numbers, dates) and the flag
//! that accepts them.

use super::series::CountSeries;
use crate::history::{History, HistoryData};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A date more than this many days away from the main span of the history is an outlier.
pub const OUTLIER_GAP_DAYS: i64 = 31;

/// Lines shown in a message (the count says how many more).
const SHOWN: usize = 5;

/// What the user accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HygieneOptions {
    /// Keep duplicate rows (`--allow-duplicates`).
    pub allow_duplicates: bool,
    /// Keep rows dated far outside the bulk (`--allow-outlying-dates`).
    pub allow_outlying_dates: bool,
    /// Days without contacts inside the span had no calls (`--missing-days zero`); otherwise
    /// they are left out of the fit.
    pub missing_days_zero: bool,
}

/// A problem of the history that stops the forecast unless the user accepts it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HygieneError {
    /// Identical rows.
    #[error("{count} duplicate row(s): line(s) {lines} repeat earlier rows (an export appended twice doubles the volume); remove them, or give --allow-duplicates to keep them")]
    Duplicates {
        /// How many rows repeat an earlier one.
        count: usize,
        /// The first few, as "12 (= 3), 13 (= 4)".
        lines: String,
    },
    /// Rows far outside the main span.
    #[error("{count} row(s) dated far outside the rest of the history ({span}): {examples}; fix or remove them, or give --allow-outlying-dates to keep them")]
    OutlyingDates {
        /// How many rows.
        count: usize,
        /// The main span, "1999-02-01 to 1999-02-28".
        span: String,
        /// The first few, as "line 2 (1970-01-01)".
        examples: String,
    },
}

fn first_lines(lines: &[String], count: usize) -> String {
    let mut s = lines.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if count > SHOWN {
        s.push_str(&format!(" and {} more", count - SHOWN));
    }
    s
}

/// Duplicate rows: for per-contact exports, rows that repeat an earlier row in every field
/// (found at ingestion, [`crate::history::IngestReport::duplicates`]); for interval reports, a
/// second row for the same interval start and queue (it would be added to the first).
pub fn check_duplicates(history: &History) -> Result<(), HygieneError> {
    let repeats: Vec<String> = match &history.data {
        HistoryData::Contacts(_) => history
            .report
            .duplicates
            .iter()
            .map(|(line, first)| format!("{line} (= {first})"))
            .collect(),
        HistoryData::Intervals { rows, .. } => {
            let mut seen: HashMap<(chrono::NaiveDateTime, &str), u64> = HashMap::new();
            rows.iter()
                .filter_map(|r| {
                    let first = *seen.entry((r.start, r.queue.as_str())).or_insert(r.line);
                    (first != r.line).then(|| format!("{} (= {first})", r.line))
                })
                .collect()
        }
    };
    if repeats.is_empty() {
        Ok(())
    } else {
        Err(HygieneError::Duplicates {
            count: repeats.len(),
            lines: first_lines(&repeats, repeats.len()),
        })
    }
}

/// The main contiguous span of `dates` (sorted, distinct): the longest run whose neighbours
/// are at most [`OUTLIER_GAP_DAYS`] apart, by number of dates.
fn main_span(dates: &[NaiveDate]) -> (NaiveDate, NaiveDate) {
    let (mut best, mut start) = ((0, 0), 0);
    for i in 1..=dates.len() {
        let breaks = i == dates.len() || (dates[i] - dates[i - 1]).num_days() > OUTLIER_GAP_DAYS;
        if breaks {
            if i - start > best.1 - best.0 {
                best = (start, i);
            }
            start = i;
        }
    }
    (dates[best.0], dates[best.1 - 1])
}

/// Rows dated more than [`OUTLIER_GAP_DAYS`] days from the main span of the history. Returns
/// the main span (to restrict the forecast to) when the history has rows.
pub fn check_outlying_dates(
    history: &History,
    opts: HygieneOptions,
) -> Result<Option<(NaiveDate, NaiveDate)>, HygieneError> {
    let rows: Vec<(u64, NaiveDate)> = match &history.data {
        HistoryData::Contacts(rows) => rows.iter().map(|r| (r.line, r.arrival.date())).collect(),
        HistoryData::Intervals { rows, .. } => {
            rows.iter().map(|r| (r.line, r.start.date())).collect()
        }
    };
    let mut dates: Vec<NaiveDate> = rows.iter().map(|r| r.1).collect();
    dates.sort_unstable();
    dates.dedup();
    if dates.is_empty() {
        return Ok(None);
    }
    let (lo, hi) = main_span(&dates);
    let outside: Vec<String> = rows
        .iter()
        .filter(|(_, d)| *d < lo || *d > hi)
        .map(|(line, d)| format!("line {line} ({d})"))
        .collect();
    if outside.is_empty() || opts.allow_outlying_dates {
        return Ok(if outside.is_empty() { Some((lo, hi)) } else { None });
    }
    Err(HygieneError::OutlyingDates {
        count: outside.len(),
        span: format!("{lo} to {hi}"),
        examples: first_lines(&outside, outside.len()),
    })
}

/// Marks the days of a per-contact series without a single contact as unobserved (they are
/// then left out of the fit), unless `missing_days_zero`. Returns those days, for a warning.
pub fn unobserved_empty_days(series: &mut CountSeries, missing_days_zero: bool) -> Vec<NaiveDate> {
    let mut empty = Vec::new();
    for d in 0..series.days() {
        if series.observed[d] && series.day_total(d) == 0.0 {
            empty.push(series.date(d));
            if !missing_days_zero {
                series.observed[d] = false;
            }
        }
    }
    empty
}

/// A warning line for empty days, or `None`.
pub fn empty_days_warning(
    queue: &str,
    days: &[NaiveDate],
    missing_days_zero: bool,
) -> Option<String> {
    let (first, n) = (days.first()?, days.len());
    let what = if missing_days_zero {
        "counted as days with no calls (--missing-days zero)"
    } else {
        "left out of the fit as unobserved; give --missing-days zero if the centre had no calls then"
    };
    Some(format!(
        "warning: queue `{queue}`: {n} day(s) without a single contact, first {first}: {what}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_span_ignores_far_rows() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let dates =
            [d("1970-01-01"), d("1999-02-01"), d("1999-02-02"), d("1999-02-20"), d("2099-01-01")];
        assert_eq!(main_span(&dates), (d("1999-02-01"), d("1999-02-20")));
        // A gap of more than a month splits the span; the longer side wins.
        let dates = [d("1999-01-01"), d("1999-03-01"), d("1999-03-02")];
        assert_eq!(main_span(&dates), (d("1999-03-01"), d("1999-03-02")));
    }
}
