//! The engine's proofs, in one test binary (so that `cargo mutants` builds one binary per
//! mutant, not six): exact Erlang C/A (`vs_erlang`), speed factors, priority levels, busyness
//! and arrival profiles against independent truth (`exactness`), the routing contract and
//! common random numbers (`contract`), conservation and determinism (`properties`), stability
//! of shared groups (`stability`), byte-stable outputs (`golden`), and multi-skill routing
//! against a Markov chain solved in the test (`markov`), announcements, limiting cases,
//! conservation and order of callbacks and redials on traces (`callbacks`), and callbacks
//! (virtual queue, reach) and redials after abandonment against Markov chains solved in the test
//! (`callbacks_markov`). See `docs/testing.md`.

mod callbacks;
mod callbacks_markov;
mod claims;
mod contract;
mod exactness;
mod golden;
mod markov;
mod properties;
mod stability;
mod vs_erlang;

/// Shared helpers (reference rows, single-queue models).
#[path = "../common/mod.rs"]
mod common;
