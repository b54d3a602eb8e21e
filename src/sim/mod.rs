//! The discrete-event engine: one replication of a model under a staffing plan and a policy.
//!
//! The engine is single-threaded and does no I/O; parallelism lives in `experiment`. Its state
//! is a contact table (every contact in the system, by generational key), per-queue lines of
//! keys, anonymous idle agents per group, generic timers, and a future-event list of a closed
//! event enum. What happens is reported through one [`crate::stats::Recorder`].

mod contacts;
mod engine;
mod error;
mod event;
mod observer;
mod streams;
mod timers;

pub use engine::run_replication;
pub use error::{Decision, SimError, Violation};
pub use event::PastEvent;
pub use observer::{ContactRecord, NoObserver, Outcome};
pub(crate) use streams::splitmix64;
