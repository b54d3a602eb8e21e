//! Learning from history: arrival profiles and volumes with uncertainty, handle-time and
//! patience fits, backtests.
//!
//! Pure functions on ingested data (`crate::history` types): no file I/O, no printing, no
//! clock. The command line renders the results.

mod arrivals;
mod backtest;
mod dispersion;
mod distribution;
mod error;
mod handle;
pub mod hygiene;
mod learn;
mod patience;
mod series;

pub use arrivals::{fit, ArrivalConfig, ArrivalModel, DayForecast, IntervalForecast, SpecialDay};
pub use backtest::{backtest, Accuracy, BacktestReport, BacktestSeries, MethodScores};
pub use distribution::Fitted;
pub use error::ForecastError;
pub use handle::{fit_handle_times, BodyComparison, FitQuality, HandleTimeFit, HourStat};
pub use learn::{learn, to_scenario_toml, LearnConfig, QueueLearning};
pub use patience::{fit_patience, kaplan_meier, CensoredFit, KmPoint, PatienceFit};
pub use series::{count_series, CountSeries};
