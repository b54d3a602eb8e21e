//! Resolving a scenario argument: a file path, or the name of an embedded example.

use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::model::Model;
use wfmsim::routing::PolicyKind;
use wfmsim::scenario_file::{self, InputFile};

/// Parses a `--policy` value, with the known names in the error.
pub(crate) fn parse_policy(p: &str) -> Result<PolicyKind> {
    PolicyKind::from_name(p).with_context(|| {
        format!("unknown --policy {p:?}; expected one of {}", PolicyKind::NAMES.join(", "))
    })
}

/// A loaded scenario and the text it came from (kept for shard files).
pub(crate) struct Loaded {
    /// The validated model.
    pub(crate) model: Model,
    /// The TOML text.
    pub(crate) text: String,
    /// Absolute folder its relative file references were resolved against (`None`: embedded).
    pub(crate) dir: Option<std::path::PathBuf>,
    /// The files it read, with their SHA-256.
    pub(crate) inputs: Vec<InputFile>,
}

/// Loads `arg` as a scenario file, or as an embedded example when no such file exists.
pub(crate) fn load(arg: &str) -> Result<Loaded> {
    let path = Path::new(arg);
    if !path.exists() {
        if let Some(text) = scenario_file::embedded(arg) {
            let mut loaded =
                from_text(text.to_string(), &format!("<embedded {arg}>"), Path::new("."))?;
            loaded.dir = None;
            return Ok(loaded);
        }
        let names: Vec<_> = scenario_file::EMBEDDED.iter().map(|(n, _)| *n).collect();
        anyhow::bail!(
            "no scenario file {arg:?}; give the path of a TOML scenario or one of the embedded examples: {}",
            names.join(", ")
        );
    }
    let text = wfmsim::text_file::read_text(path)?;
    from_text(text, arg, path.parent().unwrap_or(Path::new(".")))
}

/// Validates scenario `text`; `origin` names it in errors; files it names are found in `base`.
pub(crate) fn from_text(text: String, origin: &str, base: &Path) -> Result<Loaded> {
    let (model, inputs) = scenario_file::parse_with_inputs(&text, origin, base)?;
    let base = if base.as_os_str().is_empty() { Path::new(".") } else { base };
    let dir = std::fs::canonicalize(base).or_else(|_| std::path::absolute(base)).ok();
    Ok(Loaded { model, text, dir, inputs })
}
