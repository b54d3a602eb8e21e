//! Writers for outputs: atomic files and output sets, JSON, CSV, text tables and plots. Reports never simulate.

pub mod atomic;
pub mod check_out;
pub mod compare_out;
mod csv_out;
pub(crate) mod display;
pub mod hash;
pub mod html;
mod html_build;
pub mod output_set;
pub mod plot;
pub mod shard_file;
pub(crate) mod staffing_charts;
pub mod staffing_out;
mod summary_out;
mod table;

pub use summary_out::{group_intervals_csv, intervals_csv, summary_json, SummaryMeta};
pub use table::summary_table;
