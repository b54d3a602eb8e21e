//! Writers for outputs: atomic files, JSON, CSV and plots.

pub mod atomic;
pub mod plot;
