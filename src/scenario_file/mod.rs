//! Scenario files (TOML, `schema_version = 1`): the serde DTOs and their conversion into a
//! validated [`Model`], collecting every error with its path.
//!
//! The file format is a versioned boundary; the engine never sees these types.

mod convert;
mod dto;
mod embedded;
mod errors;
mod field;
pub(crate) use field::echo;
mod inputs;
pub mod limits;
mod overrides;
mod staffing_csv;

pub use embedded::{embedded, EMBEDDED};
pub use errors::{FieldError, ScenarioError};
pub use inputs::InputFile;
pub use overrides::{apply_override, Assignment, OverrideError};

use crate::model::Model;
use std::path::Path;

/// The scenario schema version this build reads.
pub const SCHEMA_VERSION: i64 = 1;

/// Reads and validates the scenario at `path`. Relative file references inside the scenario
/// are resolved against the scenario's folder.
pub fn load(path: &Path) -> Result<Model, ScenarioError> {
    let text = crate::text_file::read_text(path).map_err(ScenarioError::Io)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_at(&text, &path.display().to_string(), base)
}

/// Validates scenario text; `origin` names the file in error messages. Files the scenario
/// refers to are resolved against the current folder.
pub fn parse(text: &str, origin: &str) -> Result<Model, ScenarioError> {
    parse_at(text, origin, Path::new("."))
}

/// Validates scenario text whose relative file references are resolved against `base`.
pub fn parse_at(text: &str, origin: &str, base: &Path) -> Result<Model, ScenarioError> {
    parse_with_inputs(text, origin, base).map(|(model, _)| model)
}

/// As [`parse_at`], also returning every file the scenario read (staffing and forecast CSVs)
/// with its SHA-256, in the order they appear in the scenario.
pub fn parse_with_inputs(
    text: &str,
    origin: &str,
    base: &Path,
) -> Result<(Model, Vec<InputFile>), ScenarioError> {
    let mut unknown = Vec::new();
    let de = toml::Deserializer::new(text);
    let dto: dto::ScenarioDto = serde_ignored::deserialize(de, |path| {
        unknown.push(errors::format_path(&path));
    })
    .map_err(|e| ScenarioError::Syntax {
        file: origin.to_string(),
        message: cut_lines(&e.to_string()),
    })?;
    let mut errs: Vec<FieldError> = unknown
        .into_iter()
        .map(|p| FieldError::new(p, "unknown key (check the spelling against docs/scenario.md)"))
        .collect();
    let referenced = inputs::referenced(&dto);
    let model = convert::to_model(dto, text, base, &mut errs);
    match model {
        Some(m) if errs.is_empty() => Ok((m, inputs::hash_all(referenced, base)?)),
        _ => Err(ScenarioError::Invalid { file: origin.to_string(), errors: errs }),
    }
}

/// The parser's message with every line cut to at most [`field::ECHO_CHARS`] characters: its
/// excerpt of the offending line must not echo a huge input back whole.
fn cut_lines(message: &str) -> String {
    message.lines().map(field::echo).collect::<Vec<_>>().join("\n")
}
