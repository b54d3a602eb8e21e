//! Reading an export file through a mapping into typed rows, with a report of bad rows.

use std::path::Path;

use super::error::{BadRow, HistoryError};
use super::lines::LineIndex;
use super::mapping::{ExportFormat, Mapping};
use super::records::{CallOutcome, CallRecord, History, HistoryData, IngestReport, IntervalRecord};
use super::timestamp::{parse_clock, parse_duration, TimeParser};

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BadRowPolicy {
    /// Skip it, count it and keep the first few as examples (the default).
    #[default]
    Skip,
    /// Fail the whole ingestion at the first bad row (`--strict`).
    Fail,
}

/// Column positions resolved from the header.
struct Columns {
    time: usize,
    date: Option<usize>,
    queue: Option<usize>,
    wait: Option<usize>,
    handle: Option<usize>,
    wait_span: Option<(usize, usize)>,
    handle_span: Option<(usize, usize)>,
    outcome: Option<usize>,
    queued: Option<usize>,
    agent: Option<usize>,
    count: Option<usize>,
    answered: Option<usize>,
    abandoned: Option<usize>,
    aht: Option<usize>,
    /// Names of the columns, by position, for messages.
    names: Vec<String>,
}

fn resolve_columns(path: &Path, header: &[String], m: &Mapping) -> Result<Columns, HistoryError> {
    let find = |name: &Option<String>, role: &str| -> Result<Option<usize>, HistoryError> {
        match name {
            None => Ok(None),
            Some(n) => header.iter().position(|h| h == n.trim()).map(Some).ok_or_else(|| {
                HistoryError::MissingColumn {
                    path: path.to_path_buf(),
                    column: n.clone(),
                    role: role.to_string(),
                    available: header.join(", "),
                }
            }),
        }
    };
    let span =
        |names: &Option<[String; 2]>, role: &str| -> Result<Option<(usize, usize)>, HistoryError> {
            match names {
                None => Ok(None),
                Some([a, b]) => Ok(Some((
                    find(&Some(a.clone()), role)?.expect("named column"),
                    find(&Some(b.clone()), role)?.expect("named column"),
                ))),
            }
        };
    Ok(Columns {
        wait_span: span(&m.wait_span, "wait span")?,
        handle_span: span(&m.handle_span, "handle span")?,
        time: find(&m.time_column, "time")?.expect("validated mapping has a time column"),
        date: find(&m.date_column, "date")?,
        queue: find(&m.queue_column, "queue")?,
        wait: find(&m.wait_column, "wait")?,
        handle: find(&m.handle_column, "handle time")?,
        outcome: find(&m.outcome_column, "outcome")?,
        queued: find(&m.queued_column, "queued")?,
        agent: find(&m.agent_column, "agent")?,
        count: find(&m.count_column, "count")?,
        answered: find(&m.answered_column, "answered")?,
        abandoned: find(&m.abandoned_column, "abandoned")?,
        aht: find(&m.aht_column, "AHT")?,
        names: header.to_vec(),
    })
}

/// One data row with its line number, and helpers producing [`BadRow`]s.
struct Row<'a> {
    line: u64,
    record: &'a csv::StringRecord,
    names: &'a [String],
}

impl Row<'_> {
    fn bad(&self, col: usize, reason: String) -> BadRow {
        BadRow { line: self.line, column: self.names.get(col).cloned(), reason }
    }

    fn field(&self, col: usize) -> Result<&str, BadRow> {
        self.record.get(col).map(str::trim).ok_or_else(|| {
            self.bad(
                col,
                format!(
                    "the row has {} fields but the header has {}",
                    self.record.len(),
                    self.names.len()
                ),
            )
        })
    }

    fn opt_field(&self, col: Option<usize>) -> Result<Option<&str>, BadRow> {
        col.map(|c| self.field(c)).transpose()
    }

    /// An optional numeric field: empty means absent.
    fn number(&self, col: Option<usize>, what: &str) -> Result<Option<f64>, BadRow> {
        match (col, self.opt_field(col)?) {
            (Some(c), Some(v)) if !v.is_empty() => {
                let cleaned: String = v.chars().filter(|ch| *ch != '_').collect();
                match cleaned.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                    _ => Err(self.bad(c, format!("`{v}` is not a non-negative number ({what})"))),
                }
            }
            _ => Ok(None),
        }
    }

    /// Seconds from the clock time in `start` to the one in `end`; an end before the start
    /// wrapped past midnight (+24 h). Both fields empty: no value.
    fn span(&self, cols: Option<(usize, usize)>) -> Result<Option<f64>, BadRow> {
        let Some((a, b)) = cols else { return Ok(None) };
        let (start, end) = (self.field(a)?, self.field(b)?);
        if start.is_empty() && end.is_empty() {
            return Ok(None);
        }
        let clock = |col: usize, v: &str| {
            parse_clock(v).ok_or_else(|| {
                self.bad(col, format!("`{v}` is not a clock time (expected H:MM:SS)"))
            })
        };
        let (s, e) = (clock(a, start)?, clock(b, end)?);
        let seconds = if e >= s { e - s } else { e + 86_400 - s };
        Ok(Some(f64::from(seconds)))
    }

    fn duration(&self, col: Option<usize>) -> Result<Option<f64>, BadRow> {
        match (col, self.opt_field(col)?) {
            (Some(c), Some(v)) if !v.is_empty() => {
                parse_duration(v).map(Some).map_err(|e| self.bad(c, e))
            }
            _ => Ok(None),
        }
    }
}

/// The per-row reading logic of one mapping.
struct RowReader<'a> {
    mapping: &'a Mapping,
    cols: Columns,
    times: TimeParser,
    default_queue: String,
}

impl RowReader<'_> {
    fn contains(list: &Option<Vec<String>>, value: &str) -> bool {
        list.as_ref().is_some_and(|l| l.iter().any(|v| v == value))
    }

    fn timestamp(&self, row: &Row) -> Result<chrono::NaiveDateTime, BadRow> {
        let date = row.opt_field(self.cols.date)?;
        let time = row.field(self.cols.time)?;
        let blame = match (self.cols.date, date) {
            (Some(d), Some(v)) if self.times.parse(Some(v), "0:00").is_err() => d,
            _ => self.cols.time,
        };
        self.times.parse(date, time).map_err(|e| row.bad(blame, e))
    }

    fn queue(&self, row: &Row) -> Result<String, BadRow> {
        match self.cols.queue {
            None => Ok(self.default_queue.clone()),
            Some(c) => {
                let v = row.field(c)?;
                let v = match &self.mapping.queue_delimiter {
                    Some(d) if !d.is_empty() => v.split(d.as_str()).next().unwrap_or(v).trim(),
                    _ => v,
                };
                if v.is_empty() {
                    Err(row.bad(c, "empty queue value".into()))
                } else {
                    Ok(v.to_string())
                }
            }
        }
    }

    /// `Ok(None)`: dropped on purpose.
    fn contact(&self, row: &Row) -> Result<Option<CallRecord>, BadRow> {
        let outcome_text = row.opt_field(self.cols.outcome)?;
        if let Some(v) = outcome_text {
            if Self::contains(&self.mapping.drop_values, v) {
                return Ok(None);
            }
        }
        let outcome = outcome_text.map(|v| {
            if Self::contains(&self.mapping.answered_values, v) {
                CallOutcome::Answered
            } else if Self::contains(&self.mapping.abandoned_values, v) {
                CallOutcome::Abandoned
            } else {
                CallOutcome::Other
            }
        });
        let queued = row
            .opt_field(self.cols.queued)?
            .map(|v| !v.is_empty() && !Self::contains(&self.mapping.not_queued_values, v));
        let agent = row
            .opt_field(self.cols.agent)?
            .filter(|v| !v.is_empty() && !Self::contains(&self.mapping.no_agent_values, v))
            .map(str::to_string);
        Ok(Some(CallRecord {
            line: row.line,
            arrival: self.timestamp(row)?,
            queue: self.queue(row)?,
            // A span, when mapped, wins over the seconds column (so that flags can override a
            // preset's seconds column).
            wait_s: match self.cols.wait_span {
                Some(_) => row.span(self.cols.wait_span)?,
                None => row.duration(self.cols.wait)?,
            },
            handle_s: match self.cols.handle_span {
                Some(_) => row.span(self.cols.handle_span)?,
                None => row.duration(self.cols.handle)?,
            },
            outcome,
            queued,
            agent,
        }))
    }

    fn interval(&self, row: &Row) -> Result<IntervalRecord, BadRow> {
        let count_col = self.cols.count.expect("validated: intervals have a count column");
        let offered = row
            .number(Some(count_col), "contacts offered")?
            .ok_or_else(|| row.bad(count_col, "empty count of contacts offered".into()))?;
        Ok(IntervalRecord {
            line: row.line,
            start: self.timestamp(row)?,
            queue: self.queue(row)?,
            offered,
            answered: row.number(self.cols.answered, "contacts answered")?,
            abandoned: row.number(self.cols.abandoned, "contacts abandoned")?,
            aht_s: row.duration(self.cols.aht)?,
        })
    }
}

/// Reads `path` through `mapping`. Bad rows are skipped and reported, or fail the run under
/// [`BadRowPolicy::Fail`]. CRLF line endings, a UTF-8 byte-order mark and quoted fields are
/// handled.
pub fn ingest(
    path: &Path,
    mapping: &Mapping,
    policy: BadRowPolicy,
) -> Result<History, HistoryError> {
    let bytes = crate::text_file::read_bytes(path)?;
    ingest_bytes(&bytes, path, mapping, policy)
}

/// [`ingest`] of an export already in memory; `path` names it in messages. Never touches the
/// filesystem (the parsers' fuzz targets call this).
pub fn ingest_bytes(
    bytes: &[u8],
    path: &Path,
    mapping: &Mapping,
    policy: BadRowPolicy,
) -> Result<History, HistoryError> {
    let format = mapping.validate()?;
    let times = TimeParser::new(mapping)
        .map_err(|message| HistoryError::Mapping { message, hint: "check --utc-offset".into() })?;
    let lines = LineIndex::new(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(mapping.delimiter_byte()?)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| -> HistoryError {
        let line = lines.of(e.position());
        // The csv crate's own words, or its debug structures, are not for people.
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { err, .. } => format!(
                "field {} is not UTF-8 text; save the export as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
                err.field() + 1
            ),
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("{len} fields where the first row has {expected_len}")
            }
            _ => e.to_string(),
        };
        match e.into_kind() {
            csv::ErrorKind::Io(source) => HistoryError::Io { path: path.to_path_buf(), source },
            _ => HistoryError::Csv { path: path.to_path_buf(), line, message },
        }
    };
    let mut records = reader.records();
    let has_header = mapping.header.unwrap_or(true);
    let header: Vec<String> = if has_header {
        match records.next() {
            None => {
                return Err(HistoryError::Empty {
                    path: path.to_path_buf(),
                    detail: "the file is empty".into(),
                })
            }
            Some(r) => r
                .map_err(csv_error)?
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let h = h.trim();
                    if i == 0 { h.trim_start_matches('\u{feff}') } else { h }.to_string()
                })
                .collect(),
        }
    } else {
        (1..=256).map(|i| i.to_string()).collect()
    };
    let cols = resolve_columns(path, &header, mapping)?;
    let rows_reader = RowReader {
        mapping,
        cols,
        times,
        default_queue: mapping.default_queue.clone().unwrap_or_else(|| "all".into()),
    };
    let mut report = IngestReport::default();
    // FNV-1a of each kept row's fields → its line: whole-row repeats (64-bit hashes; a
    // collision among a few million rows has probability below 1e-6).
    let mut seen_rows: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
    let mut contacts = Vec::new();
    let mut intervals = Vec::new();
    for result in records {
        let record = result.map_err(csv_error)?;
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // blank line
        }
        report.rows += 1;
        let row = Row {
            line: lines.of(record.position()),
            record: &record,
            names: &rows_reader.cols.names,
        };
        // Ok(true): kept; Ok(false): dropped by the mapping.
        let outcome = match format {
            ExportFormat::Contacts => rows_reader.contact(&row).map(|c| match c {
                Some(c) => {
                    contacts.push(c);
                    true
                }
                None => false,
            }),
            ExportFormat::Intervals => rows_reader.interval(&row).map(|r| {
                intervals.push(r);
                true
            }),
        };
        match outcome {
            Ok(true) => {
                report.kept += 1;
                let mut fields = Vec::with_capacity(record.as_slice().len() + record.len());
                for f in &record {
                    fields.extend_from_slice(f.trim().as_bytes());
                    fields.push(0x1f);
                }
                let first = *seen_rows.entry(crate::check::fnv1a64(&fields)).or_insert(row.line);
                if first != row.line {
                    report.duplicates.push((row.line, first));
                }
            }
            Ok(false) => report.dropped += 1,
            Err(bad) => {
                if policy == BadRowPolicy::Fail {
                    return Err(HistoryError::StrictBadRow { path: path.to_path_buf(), row: bad });
                }
                report.bad += 1;
                if report.examples.len() < IngestReport::MAX_EXAMPLES {
                    report.examples.push(bad);
                }
            }
        }
    }
    if report.kept == 0 {
        return Err(HistoryError::Empty {
            path: path.to_path_buf(),
            detail: format!(
                "{} rows read, {} dropped by the mapping, {} bad{}",
                report.rows,
                report.dropped,
                report.bad,
                report
                    .examples
                    .first()
                    .map(|b| format!("; first bad row: {b}"))
                    .unwrap_or_default()
            ),
        });
    }
    let data = match format {
        ExportFormat::Contacts => HistoryData::Contacts(contacts),
        ExportFormat::Intervals => {
            let interval_minutes = mapping.interval_minutes.or_else(|| infer_interval(&intervals));
            HistoryData::Intervals { rows: intervals, interval_minutes }
        }
    };
    Ok(History { source: path.to_path_buf(), data, report })
}

/// The smallest positive gap between interval starts, in minutes, if under a day.
fn infer_interval(rows: &[IntervalRecord]) -> Option<u32> {
    let mut starts: Vec<i64> = rows.iter().map(|r| r.start.and_utc().timestamp()).collect();
    starts.sort_unstable();
    starts.dedup();
    let gap = starts.windows(2).map(|w| w[1] - w[0]).filter(|g| *g > 0).min()?;
    if gap % 60 == 0 && gap < 86_400 {
        u32::try_from(gap / 60).ok()
    } else {
        None
    }
}
