//! The ingested history: typed rows of either shape, and the report of what was read.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use super::error::BadRow;

/// What happened to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallOutcome {
    /// Service started.
    Answered,
    /// The caller hung up before service.
    Abandoned,
    /// Anything else the export records (transferred, VRU-only, unknown value).
    Other,
}

/// One contact of a per-contact export.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// Line in the file (for messages).
    pub line: u64,
    /// Arrival time, local time as written (or converted to the mapping's UTC offset).
    pub arrival: NaiveDateTime,
    /// Queue (contact type).
    pub queue: String,
    /// Wait in queue, seconds.
    pub wait_s: Option<f64>,
    /// Handle (talk) time, seconds.
    pub handle_s: Option<f64>,
    /// Outcome, if the export has an outcome column.
    pub outcome: Option<CallOutcome>,
    /// Whether the contact entered the queue, if the export says so.
    pub queued: Option<bool>,
    /// Agent, if the export names one (`None` also for "no agent" values).
    pub agent: Option<String>,
}

impl CallRecord {
    /// Whether the contact entered the queue: from the export's column when mapped, otherwise
    /// a positive wait or an answer.
    pub fn entered_queue(&self) -> bool {
        match self.queued {
            Some(q) => q,
            None => {
                self.wait_s.is_some_and(|w| w > 0.0) || self.outcome == Some(CallOutcome::Answered)
            }
        }
    }
}

/// One row of an interval report.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRecord {
    /// Line in the file.
    pub line: u64,
    /// Interval start, local time.
    pub start: NaiveDateTime,
    /// Queue (contact type).
    pub queue: String,
    /// Contacts offered in the interval (fractional values are kept: some reports impute).
    pub offered: f64,
    /// Contacts answered.
    pub answered: Option<f64>,
    /// Contacts abandoned.
    pub abandoned: Option<f64>,
    /// Average handle time, seconds.
    pub aht_s: Option<f64>,
}

/// The rows of an export, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryData {
    /// A per-contact export.
    Contacts(Vec<CallRecord>),
    /// An interval report; `interval_minutes` is the report's interval length (given or
    /// inferred; `None` when the rows are a day or more apart, e.g. a monthly report).
    Intervals {
        /// The rows.
        rows: Vec<IntervalRecord>,
        /// The report's interval length in minutes.
        interval_minutes: Option<u32>,
    },
}

/// What ingestion saw: counts of rows and the first bad rows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IngestReport {
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Rows kept.
    pub kept: u64,
    /// Rows dropped on purpose by the mapping (`drop_values`, e.g. PHANTOM).
    pub dropped: u64,
    /// Rows rejected as unreadable.
    pub bad: u64,
    /// The first rejected rows (at most [`IngestReport::MAX_EXAMPLES`]).
    pub examples: Vec<BadRow>,
    /// Kept rows whose every field repeats an earlier row's: (line, line of the first), in
    /// file order. An export appended twice repeats whole rows, call ids included; two
    /// distinct calls in the same second differ in some field, so they are not listed.
    pub duplicates: Vec<(u64, u64)>,
}

impl IngestReport {
    /// How many bad rows are kept as examples.
    pub const MAX_EXAMPLES: usize = 5;
}

/// An ingested export.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file read.
    pub source: PathBuf,
    /// Its rows.
    pub data: HistoryData,
    /// What ingestion saw.
    pub report: IngestReport,
}

impl History {
    /// The distinct queues in order of first appearance.
    pub fn queues(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut push = |q: &str| {
            if !seen.iter().any(|s| s == q) {
                seen.push(q.to_string());
            }
        };
        match &self.data {
            HistoryData::Contacts(rows) => rows.iter().for_each(|r| push(&r.queue)),
            HistoryData::Intervals { rows, .. } => rows.iter().for_each(|r| push(&r.queue)),
        }
        seen
    }

    /// The per-contact rows, if this is a per-contact export.
    pub fn contacts(&self) -> Option<&[CallRecord]> {
        match &self.data {
            HistoryData::Contacts(rows) => Some(rows),
            HistoryData::Intervals { .. } => None,
        }
    }
}
