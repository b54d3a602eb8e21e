//! Statistics: streaming tallies filled by the engine, and the KPIs and confidence intervals
//! computed from them over replications.
//!
//! Tallies hold counts and sums per interval (by arrival), never per-contact records, so memory
//! does not grow with the number of simulated callers. Replication tallies are mergeable: a
//! summary is a pure function of the tallies in replication order, so shards and threads give
//! identical numbers.

mod busy;
mod estimate;
mod kpi;
mod recorder;
mod summary;
mod tally;

pub use busy::busy_share;
pub use estimate::{student_t_quantile, Estimate};
pub use kpi::{EwtAccuracy, EwtKpis, GroupKpis, QueueKpis};
pub use recorder::{CallbackAttempt, ContactInfo, Recorder, TallyRecorder};
pub use summary::{summarise, IntervalRow, Summary};
pub use tally::{EwtTally, GroupTally, QueueTally, ReplicationTally};
