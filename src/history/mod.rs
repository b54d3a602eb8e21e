//! Ingestion of historical ACD/telephony exports (per-contact records and interval reports).
//!
//! This module reads files; everything it returns is typed data for the pure `forecast` module.
//! A [`Mapping`] (from a [`preset()`], a TOML file or flags) says which column holds what;
//! [`ingest`] reads a file through it, skipping bad rows with a report (or failing at the first
//! under [`BadRowPolicy::Fail`]). [`forecast_csv`] defines the forecast CSV format, both ways.

mod error;
pub mod forecast_csv;
mod ingest;
mod lines;
mod mapping;
mod preset;
mod records;
mod timestamp;

pub use error::{BadRow, HistoryError};
pub use ingest::{ingest, ingest_bytes, BadRowPolicy};
pub use mapping::{ExportFormat, Mapping};
pub use preset::{preset, presets, Preset};
pub use records::{CallOutcome, CallRecord, History, HistoryData, IngestReport, IntervalRecord};
