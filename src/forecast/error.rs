//! Errors of the `forecast` module (pure computations: the errors name the queue and what the
//! data lacks).

/// Why a model could not be learnt or a forecast made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// The planning interval does not divide a day, or is not a multiple of the report's.
    #[error("interval of {minutes} min is not usable: {reason}")]
    Interval {
        /// The interval asked for.
        minutes: u32,
        /// Why it is not usable and what to choose instead.
        reason: String,
    },
    /// The history is too short for what was asked.
    #[error("queue `{queue}`: {have} days of history, {need} needed ({what})")]
    NotEnoughHistory {
        /// Queue.
        queue: String,
        /// Days available.
        have: usize,
        /// Days needed.
        need: usize,
        /// What needed them.
        what: String,
    },
    /// The history has no arrivals at all for a queue.
    #[error("queue `{queue}`: no arrivals in the history")]
    NoArrivals {
        /// Queue.
        queue: String,
    },
    /// An interval report coarser than a day cannot be forecast per interval.
    #[error("the interval report's interval length is unknown or a day or longer; give `--source-interval-minutes` (interval_minutes in a mapping file) if the rows are intraday")]
    UnknownSourceInterval,
}
