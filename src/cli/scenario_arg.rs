//! Resolving a scenario argument: a file path, or the name of an embedded example.

use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::model::Model;
use wfmsim::scenario_file;

/// Loads `arg` as a scenario file, or as an embedded example when no such file exists.
pub fn load(arg: &str) -> Result<Model> {
    let path = Path::new(arg);
    if !path.exists() {
        if let Some(text) = scenario_file::embedded(arg) {
            return scenario_file::parse(text, &format!("<embedded {arg}>")).map_err(Into::into);
        }
        let names: Vec<_> = scenario_file::EMBEDDED.iter().map(|(n, _)| *n).collect();
        anyhow::bail!(
            "no scenario file {arg:?}; give the path of a TOML scenario or one of the embedded examples: {}",
            names.join(", ")
        );
    }
    scenario_file::load(path).with_context(|| format!("invalid scenario {arg}"))
}
