//! Jobs: the steps of the command-line workflows as library functions with plain option
//! structs, so that the main job (`wfmsim` with no command) and the commands (`wfmsim staff`)
//! share one implementation, and a program using the crate can run them too.
//!
//! - [`staff`] and [`write_staffing`]: recommend staffing for a model and write the plan, its
//!   evidence and plots (what `wfmsim staff` does after loading the scenario).
//! - [`sample_week`]: the main job's first steps — learn from the embedded sample history,
//!   forecast the next week, and build the week's model.
//!
//! This module is an edge like `report`: [`write_staffing`] writes files; nothing here prints.

mod sample_week;
mod staff;

pub use sample_week::{sample_week, SampleWeek, SAMPLE_WEEKS};
pub use staff::{
    staff, write_staffing, write_staffing_into, Phases, SearchSettings, StaffResult, StaffRun,
    WrittenStaffing,
};

use thiserror::Error;

/// Why a job step failed.
#[derive(Debug, Error)]
pub enum JobError {
    /// An option is out of its range.
    #[error("{0}")]
    Option(String),
    /// The worker pool could not be built.
    #[error(transparent)]
    Experiment(#[from] crate::experiment::ExperimentError),
    /// The staffing search failed.
    #[error(transparent)]
    Staffing(#[from] crate::staffing::StaffingError),
    /// A simulation failed (the routing policy broke its contract).
    #[error(transparent)]
    Simulation(#[from] crate::sim::SimError),
    /// A forecast could not be fitted.
    #[error(transparent)]
    Forecast(#[from] crate::forecast::ForecastError),
    /// A learned distribution is not valid for the model.
    #[error("learned distribution: {0}")]
    Distribution(#[from] crate::model::DistError),
    /// The model built from what was learned is invalid.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    /// Something the job needs was not learned from the history.
    #[error("the history gave no {0}")]
    NotLearned(&'static str),
    /// An output file could not be written (the error names the file and the step).
    #[error(transparent)]
    Write(#[from] crate::report::atomic::AtomicWriteError),
    /// The output folder could not be prepared or put in place.
    #[error(transparent)]
    OutputSet(#[from] crate::report::output_set::OutputSetError),
    /// A plot could not be drawn or written.
    #[error(transparent)]
    Plot(#[from] crate::report::plot::PlotError),
}
