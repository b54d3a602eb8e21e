//! The files a scenario reads besides itself, with their content hashes, so that results made
//! from it (shard files) can pin exactly which inputs they came from.

use super::dto::ScenarioDto;
use super::ScenarioError;
use crate::report::hash::hash_hex;
use std::path::{Path, PathBuf};

/// One file a scenario reads: a group's `agents = { file = .. }` or a queue's
/// `arrivals = { forecast = .. }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The reference as written in the scenario (relative to the scenario's folder, or absolute).
    pub name: String,
    /// Where it was read: the scenario's folder joined with `name`.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes ([`hash_hex`]).
    pub sha256: String,
}

/// The file references of a scenario, in file order (groups' staffing, then queues'
/// forecasts), each once.
pub(super) fn referenced(dto: &ScenarioDto) -> Vec<String> {
    let staffing = dto.group.iter().filter_map(|g| match g.agents.as_ref().map(|f| &f.value) {
        Some(Ok(toml::Value::Table(t))) => {
            t.get("file").and_then(|f| f.as_str()).map(str::to_string)
        }
        _ => None,
    });
    let forecasts = dto.queue.iter().filter_map(|q| {
        let f = q.arrivals.as_ref()?.forecast.as_ref()?;
        f.value.as_ref().ok().cloned()
    });
    let mut names: Vec<String> = Vec::new();
    for n in staffing.chain(forecasts) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// Reads and hashes each referenced file, resolved against `base`.
pub(super) fn hash_all(names: Vec<String>, base: &Path) -> Result<Vec<InputFile>, ScenarioError> {
    names
        .into_iter()
        .map(|name| {
            let path = base.join(&name);
            let bytes = crate::text_file::read_bytes(&path).map_err(ScenarioError::Io)?;
            Ok(InputFile { name, path, sha256: hash_hex(&bytes) })
        })
        .collect()
}
