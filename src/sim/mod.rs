//! The discrete-event engine: one replication of a model under a staffing plan and a policy.
//!
//! The engine is single-threaded and does no I/O; parallelism lives in `experiment`.

mod engine;
mod event;
mod observer;
mod streams;

pub use engine::run_replication;
pub use event::{Event, EventQueue};
pub use observer::{ContactRecord, NoObserver, Observer, Outcome};
pub use streams::{stream_seed, Purpose, Streams};
