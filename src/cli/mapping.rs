//! Mapping flags shared by `wfmsim forecast` and `wfmsim learn`, and the ingestion glue that
//! prints the bad-row report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use wfmsim::history::{self, BadRowPolicy, ExportFormat, History, Mapping};

fn list(values: &Option<String>) -> Option<Vec<String>> {
    values
        .as_ref()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
}

fn pair(value: &Option<String>) -> anyhow::Result<Option<[String; 2]>> {
    match list(value).as_deref() {
        None => Ok(None),
        Some([a, b]) => Ok(Some([a.clone(), b.clone()])),
        Some(_) => {
            anyhow::bail!("a span is two column names separated by a comma, e.g. q_start,q_exit")
        }
    }
}

/// How to read the history file: a preset, a mapping TOML file, and/or column flags (flags
/// win over the file, which wins over the preset).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct MappingArgs {
    /// Built-in mapping: anonymous-bank, anonymous-bank-6min, montco-911, nhs111-monthly.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) preset: Option<String>,
    /// Mapping file (TOML, same keys as the flags with underscores: time_column = "start").
    #[arg(long, value_name = "FILE", help_heading = "Mapping")]
    pub(crate) mapping: Option<PathBuf>,
    /// Export shape.
    #[arg(long, value_enum, help_heading = "Mapping")]
    pub(crate) format: Option<FormatArg>,
    /// Field separator: one character, or `tab`.
    #[arg(long, value_name = "CHAR", help_heading = "Mapping")]
    pub(crate) delimiter: Option<String>,
    /// The file has no header line: columns are named 1, 2, 3...
    #[arg(long, help_heading = "Mapping")]
    pub(crate) no_header: bool,
    /// Column of the arrival timestamp or interval start (the clock time if --date-column is set).
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) time_column: Option<String>,
    /// chrono format of the time column, e.g. "%d/%m/%Y %H:%M" (default: ISO 8601).
    #[arg(long, value_name = "FMT", help_heading = "Mapping")]
    pub(crate) time_format: Option<String>,
    /// Column of the date, when date and time are separate.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) date_column: Option<String>,
    /// chrono format of the date column, e.g. "%y%m%d" (default "%Y-%m-%d").
    #[arg(long, value_name = "FMT", help_heading = "Mapping")]
    pub(crate) date_format: Option<String>,
    /// Find the timestamp anywhere inside the time column's text.
    #[arg(long, help_heading = "Mapping")]
    pub(crate) time_search: bool,
    /// Local UTC offset (e.g. +02:00): timestamps with an offset are converted to it.
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, help_heading = "Mapping")]
    pub(crate) utc_offset: Option<String>,
    /// Column of the queue (contact type).
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) queue_column: Option<String>,
    /// Keep only the part of the queue value before this separator.
    #[arg(long, value_name = "SEP", help_heading = "Mapping")]
    pub(crate) queue_delimiter: Option<String>,
    /// Contacts: column of the wait in queue (seconds or H:MM:SS).
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) wait_column: Option<String>,
    /// Contacts: column of the handle time (seconds or H:MM:SS).
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) handle_column: Option<String>,
    /// Contacts: the wait as two clock-time columns START,END (wrapping past midnight).
    #[arg(long, value_name = "START,END", help_heading = "Mapping")]
    pub(crate) wait_span: Option<String>,
    /// Contacts: the handle time as two clock-time columns START,END.
    #[arg(long, value_name = "START,END", help_heading = "Mapping")]
    pub(crate) handle_span: Option<String>,
    /// Contacts: column of the outcome.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) outcome_column: Option<String>,
    /// Outcome values meaning answered, comma-separated.
    #[arg(long, value_name = "V,V", help_heading = "Mapping")]
    pub(crate) answered_values: Option<String>,
    /// Outcome values meaning abandoned, comma-separated.
    #[arg(long, value_name = "V,V", help_heading = "Mapping")]
    pub(crate) abandoned_values: Option<String>,
    /// Outcome values whose rows are dropped, comma-separated.
    #[arg(long, value_name = "V,V", help_heading = "Mapping")]
    pub(crate) drop_values: Option<String>,
    /// Contacts: column telling whether the contact queued.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) queued_column: Option<String>,
    /// Values of --queued-column meaning "did not queue", comma-separated.
    #[arg(long, value_name = "V,V", help_heading = "Mapping")]
    pub(crate) not_queued_values: Option<String>,
    /// Contacts: agent column.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) agent_column: Option<String>,
    /// Values of --agent-column meaning "no agent", comma-separated.
    #[arg(long, value_name = "V,V", help_heading = "Mapping")]
    pub(crate) no_agent_values: Option<String>,
    /// Intervals: column of contacts offered.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) count_column: Option<String>,
    /// Intervals: column of contacts answered.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) answered_column: Option<String>,
    /// Intervals: column of contacts abandoned.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) abandoned_column: Option<String>,
    /// Intervals: column of the average handle time.
    #[arg(long, value_name = "NAME", help_heading = "Mapping")]
    pub(crate) aht_column: Option<String>,
    /// Intervals: the report's interval length in minutes (default: inferred).
    #[arg(long, value_name = "MIN", help_heading = "Mapping")]
    pub(crate) source_interval_minutes: Option<u32>,
    /// Fail at the first bad row instead of skipping bad rows.
    #[arg(long, help_heading = "Mapping")]
    pub(crate) strict: bool,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum FormatArg {
    /// One row per contact.
    Contacts,
    /// One row per interval.
    Intervals,
}

impl MappingArgs {
    /// The effective mapping: preset, then mapping file, then flags.
    pub(crate) fn resolve(&self) -> anyhow::Result<Mapping> {
        let mut mapping = match &self.preset {
            Some(name) => history::preset(name)?,
            None => Mapping::default(),
        };
        if let Some(path) = &self.mapping {
            mapping = mapping.overlay(&Mapping::from_toml_file(path)?);
        }
        let flags = Mapping {
            format: self.format.map(|f| match f {
                FormatArg::Contacts => ExportFormat::Contacts,
                FormatArg::Intervals => ExportFormat::Intervals,
            }),
            delimiter: self.delimiter.clone(),
            header: self.no_header.then_some(false),
            time_column: self.time_column.clone(),
            time_format: self.time_format.clone(),
            date_column: self.date_column.clone(),
            date_format: self.date_format.clone(),
            time_search: self.time_search.then_some(true),
            utc_offset: self.utc_offset.clone(),
            queue_column: self.queue_column.clone(),
            queue_delimiter: self.queue_delimiter.clone(),
            default_queue: None,
            wait_column: self.wait_column.clone(),
            wait_span: pair(&self.wait_span)?,
            handle_span: pair(&self.handle_span)?,
            handle_column: self.handle_column.clone(),
            outcome_column: self.outcome_column.clone(),
            answered_values: list(&self.answered_values),
            abandoned_values: list(&self.abandoned_values),
            drop_values: list(&self.drop_values),
            queued_column: self.queued_column.clone(),
            not_queued_values: list(&self.not_queued_values),
            agent_column: self.agent_column.clone(),
            no_agent_values: list(&self.no_agent_values),
            count_column: self.count_column.clone(),
            answered_column: self.answered_column.clone(),
            abandoned_column: self.abandoned_column.clone(),
            aht_column: self.aht_column.clone(),
            interval_minutes: self.source_interval_minutes,
        };
        Ok(mapping.overlay(&flags))
    }

    /// Reads `path` and prints what was read and the first bad rows to stderr.
    pub(crate) fn ingest(&self, path: &Path) -> anyhow::Result<History> {
        let mapping = self.resolve()?;
        let policy = if self.strict { BadRowPolicy::Fail } else { BadRowPolicy::Skip };
        let history = history::ingest(path, &mapping, policy)
            .with_context(|| format!("reading the history {}", path.display()))?;
        let r = &history.report;
        eprintln!(
            "read {}: {} rows, {} kept, {} dropped by the mapping, {} bad",
            path.display(),
            r.rows,
            r.kept,
            r.dropped,
            r.bad
        );
        if r.bad > 0 {
            for bad in &r.examples {
                eprintln!("  skipped {bad}");
            }
            if r.bad as usize > r.examples.len() {
                eprintln!(
                    "  ... and {} more bad rows (use --strict to stop at the first)",
                    r.bad as usize - r.examples.len()
                );
            }
        }
        Ok(history)
    }
}
