//! Learning from history: arrival profiles and volumes with uncertainty, handle-time and
//! patience fits, backtests.
//!
//! Pure functions on ingested data (`crate::history` types): no file I/O, no printing, no
//! clock. The command line renders the results.

pub mod arrivals;
pub mod backtest;
pub mod dispersion;
pub mod error;
pub mod series;

pub use arrivals::{fit, ArrivalConfig, ArrivalModel, DayForecast, IntervalForecast, SpecialDay};
pub use backtest::{backtest, Accuracy, BacktestReport, BacktestSeries, MethodScores};
pub use error::ForecastError;
pub use series::{count_series, CountSeries};
