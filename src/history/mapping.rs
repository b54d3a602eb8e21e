//! The column mapping: which column holds what, how values are written, which rows to drop.
//! A mapping comes from a built-in preset, a small TOML file, or command-line flags (which
//! override the first two field by field).

use std::path::Path;

use serde::Deserialize;

use super::error::HistoryError;

/// The two shapes of export that wfmsim reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One row per contact (arrival timestamp, and optionally wait, handle time, outcome).
    Contacts,
    /// One row per interval (interval start and the number of contacts offered).
    Intervals,
}

/// How to read one export. Column names refer to the header; without a header, columns are
/// named by their 1-based position (`"1"`, `"2"`, ...).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// `contacts` or `intervals`.
    pub format: Option<ExportFormat>,
    /// Field separator: one character, or `"tab"`. Default `,`.
    pub delimiter: Option<String>,
    /// Whether the first line is a header. Default true.
    pub header: Option<bool>,
    /// Column with the arrival timestamp (contacts) or the interval start (intervals). With
    /// `date_column` set, this column holds only the clock time.
    pub time_column: Option<String>,
    /// chrono format of `time_column` (for example `%Y-%m-%d %H:%M:%S`, or `%H:%M:%S` with a
    /// date column). Default: ISO 8601 variants (`T` or space, optional seconds, optional
    /// offset).
    pub time_format: Option<String>,
    /// Column with the date, when the date and the clock time are in separate columns.
    pub date_column: Option<String>,
    /// chrono format of `date_column`, for example `%y%m%d`. Default `%Y-%m-%d`. A format
    /// without a day (`%b-%y`) means the first day of the month.
    pub date_format: Option<String>,
    /// Look for the timestamp anywhere inside the time column's text (for free-text fields
    /// such as `"ADDRESS; TOWN; 2015-12-10 @ 17:10:52;"`). Default false.
    pub time_search: Option<bool>,
    /// Local UTC offset such as `+02:00`. Timestamps that carry an offset (or `Z`) are
    /// converted to this local time; timestamps without an offset are taken as local time as
    /// written. Without this setting every timestamp is kept as written.
    pub utc_offset: Option<String>,
    /// Column with the queue (contact type). Without it every row is in queue `default_queue`.
    pub queue_column: Option<String>,
    /// Keep only the part of the queue value before this separator (for `"EMS: FALL"` → `EMS`).
    pub queue_delimiter: Option<String>,
    /// Queue name when there is no queue column. Default `all`.
    pub default_queue: Option<String>,
    /// Contacts: wait in queue (seconds, or `H:MM:SS`).
    pub wait_column: Option<String>,
    /// Contacts: handle (talk) time (seconds, or `H:MM:SS`).
    pub handle_column: Option<String>,
    /// Contacts: the wait as two clock-time columns `[start, end]` (`H:MM:SS`), used instead
    /// of `wait_column` when given. An end before the start wrapped past midnight (+24 h).
    pub wait_span: Option<[String; 2]>,
    /// Contacts: the handle time as two clock-time columns `[start, end]`, like `wait_span`.
    pub handle_span: Option<[String; 2]>,
    /// Contacts: outcome column, read through `answered_values` / `abandoned_values` /
    /// `drop_values`; any other value is outcome "other".
    pub outcome_column: Option<String>,
    /// Outcome values meaning answered (served).
    pub answered_values: Option<Vec<String>>,
    /// Outcome values meaning abandoned (the caller hung up before service).
    pub abandoned_values: Option<Vec<String>>,
    /// Outcome values whose rows are dropped silently (counted, not reported as bad), for
    /// example virtual `PHANTOM` calls.
    pub drop_values: Option<Vec<String>>,
    /// Contacts: column telling whether the contact entered the queue (patience is learnt
    /// only from contacts that queued). Without it, a contact queued if its wait is positive
    /// or it was answered.
    pub queued_column: Option<String>,
    /// Values of `queued_column` meaning "did not queue" (for example `0:00:00`).
    pub not_queued_values: Option<Vec<String>>,
    /// Contacts: agent column (optional; used to tell agent-served contacts apart).
    pub agent_column: Option<String>,
    /// Values of `agent_column` meaning "no agent" (for example `NO_SERVER`): the handle
    /// times of such contacts are not used for the handle-time fit.
    pub no_agent_values: Option<Vec<String>>,
    /// Intervals: number of contacts offered (may be fractional).
    pub count_column: Option<String>,
    /// Intervals: contacts answered.
    pub answered_column: Option<String>,
    /// Intervals: contacts abandoned.
    pub abandoned_column: Option<String>,
    /// Intervals: average handle time (seconds or `H:MM:SS`).
    pub aht_column: Option<String>,
    /// Intervals: length of the report's intervals in minutes. Default: the smallest gap
    /// between consecutive interval starts.
    pub interval_minutes: Option<u32>,
}

macro_rules! overlay_fields {
    ($base:ident, $top:ident; $($f:ident),* $(,)?) => {
        $( if $top.$f.is_some() { $base.$f = $top.$f.clone(); } )*
    };
}

impl Mapping {
    /// Reads a mapping TOML file (the same keys as this struct's fields).
    pub fn from_toml_file(path: &Path) -> Result<Mapping, HistoryError> {
        let text = crate::text_file::read_text(path)?;
        Self::from_toml_str(&text)
            .map_err(|message| HistoryError::MappingFile { path: path.to_path_buf(), message })
    }

    /// Parses a mapping from TOML text; the error is the parser's message.
    pub fn from_toml_str(text: &str) -> Result<Mapping, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Returns `self` with every field that `top` sets replaced by `top`'s value (flags over a
    /// preset or a mapping file).
    pub fn overlay(&self, top: &Mapping) -> Mapping {
        let mut m = self.clone();
        overlay_fields!(m, top;
            format, delimiter, header, time_column, time_format, date_column, date_format,
            time_search, utc_offset, queue_column, queue_delimiter, default_queue, wait_column,
            handle_column, wait_span, handle_span, outcome_column, answered_values, abandoned_values, drop_values,
            queued_column, not_queued_values, agent_column, no_agent_values, count_column,
            answered_column, abandoned_column, aht_column, interval_minutes);
        m
    }

    /// The field separator as a byte, checked.
    pub fn delimiter_byte(&self) -> Result<u8, HistoryError> {
        match self.delimiter.as_deref() {
            None => Ok(b','),
            Some("tab") | Some("\\t") | Some("\t") => Ok(b'\t'),
            Some(s) if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
            Some(s) => Err(HistoryError::Mapping {
                message: format!("delimiter `{s}` is not a single ASCII character"),
                hint: "use `,`, `;`, `|` or `tab`".into(),
            }),
        }
    }

    /// The export format, required.
    pub fn export_format(&self) -> Result<ExportFormat, HistoryError> {
        self.format.ok_or_else(|| HistoryError::Mapping {
            message: "the export format is not given".into(),
            hint: "pass `--format contacts` or `--format intervals`, or a `--preset`".into(),
        })
    }

    /// Checks that the fields the chosen format needs are present.
    pub fn validate(&self) -> Result<ExportFormat, HistoryError> {
        let format = self.export_format()?;
        self.delimiter_byte()?;
        if self.time_column.is_none() {
            return Err(HistoryError::Mapping {
                message: "no time column is mapped".into(),
                hint:
                    "pass `--time-column NAME` (and `--date-column NAME` if the date is separate)"
                        .into(),
            });
        }
        if format == ExportFormat::Intervals && self.count_column.is_none() {
            return Err(HistoryError::Mapping {
                message: "an interval report needs the column of contacts offered".into(),
                hint: "pass `--count-column NAME`".into(),
            });
        }
        if let Some(offset) = &self.utc_offset {
            super::timestamp::parse_offset(offset).map_err(|e| HistoryError::Mapping {
                message: e,
                hint: "write the offset as `+02:00`, `-05:00` or `Z`".into(),
            })?;
        }
        if self.interval_minutes == Some(0) {
            return Err(HistoryError::Mapping {
                message: "interval_minutes is 0".into(),
                hint: "give the report's interval length in minutes, e.g. 15 or 30".into(),
            });
        }
        Ok(format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_overlay() {
        let m = Mapping::from_toml_str(
            "format = \"intervals\"\ntime_column = \"start\"\ncount_column = \"offered\"\n",
        )
        .unwrap();
        let top = Mapping { count_column: Some("calls".into()), ..Mapping::default() };
        let merged = m.overlay(&top);
        assert_eq!(merged.count_column.as_deref(), Some("calls"));
        assert_eq!(merged.time_column.as_deref(), Some("start"));
        assert_eq!(merged.validate().unwrap(), ExportFormat::Intervals);
        assert!(Mapping::from_toml_str("colour = 1").is_err());
    }
}
