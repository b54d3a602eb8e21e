//! wfmsim: a predictive workforce-planning and adaptive-routing simulator for contact centres.
//!
//! The library is the whole product except the command line: the simulation core
//! (`model`, `sim`, `routing`, `stats`, `analytic`, `experiment`) does no I/O, and the edges
//! (`scenario_file`, `history`, `report`, `job`) read and write files. See `ARCHITECTURE.md`.

pub mod analytic;
pub mod check;
pub mod compare;
pub mod experiment;
pub mod forecast;
pub mod history;
pub mod job;
pub mod model;
pub mod report;
pub mod routing;
pub mod sample;
pub mod scenario_file;
pub mod sim;
pub mod staffing;
pub mod stats;
pub mod text_file;
