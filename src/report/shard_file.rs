//! Mergeable tallies of a share of the replications (`simulate --shard i/n`), and their reader.
//!
//! A shard file carries the scenario text, seed, policy and staffing it was run with, the
//! folder and the SHA-256 of every file the scenario read (so that merge finds them from any
//! working directory, and refuses shards made from different inputs), and one raw tally per
//! replication. `merge` checks that the shards belong together and cover every
//! replication exactly once, then summarises them in replication order, which gives exactly
//! the numbers of a single run.

use crate::stats::ReplicationTally;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use thiserror::Error;

/// Format tag and version of shard files.
pub const SHARD_KIND: &str = "wfmsim-tallies";
/// Version of the shard file format.
/// Version 2 added `scenario_dir`, `scenario_sha256` and `inputs`.
pub const SHARD_SCHEMA_VERSION: u32 = 2;

/// A file the scenario read, pinned by its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputPin {
    /// The reference as written in the scenario (e.g. `staffing.csv`).
    pub file: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// The contents of one shard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// Always [`SHARD_KIND`].
    pub kind: String,
    /// Always [`SHARD_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Scenario name.
    pub scenario: String,
    /// The scenario's TOML text, so merge can rebuild the model.
    pub scenario_toml: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Absolute folder of the scenario file, against which its relative file references are
    /// resolved (`None` for an embedded example).
    pub scenario_dir: Option<String>,
    /// Every file the scenario read, in the order it names them.
    pub inputs: Vec<InputPin>,
    /// Master seed.
    pub seed: u64,
    /// Replications of the whole run (all shards).
    pub replications: u32,
    /// This shard, 1-based: `[index, count]`.
    pub shard: [u32; 2],
    /// Routing policy name.
    pub policy: String,
    /// Head-count per group and interval used.
    pub staffing: Vec<Vec<u32>>,
    /// One tally per replication of this shard.
    pub tallies: Vec<ReplicationTally>,
}

/// Why shard files cannot be read or merged.
#[derive(Debug, Error)]
pub enum ShardError {
    /// I/O failure.
    #[error("cannot read {path}: {source}")]
    Io {
        /// File or folder.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Not a shard file, or a damaged one.
    #[error("{path}: not a wfmsim tallies file ({message}); shard files are written by `wfmsim simulate --shard i/n`")]
    Format {
        /// File.
        path: PathBuf,
        /// Parser message with line and column.
        message: String,
    },
    /// No shard files where they were expected.
    #[error("no tallies-*.json files in {0}; run `wfmsim simulate SCENARIO --shard i/n --out DIR` first")]
    Empty(String),
    /// Shards from different runs.
    #[error("{path}: {what} differs from the first shard ({first}); merge only shards of one run")]
    Mismatch {
        /// File.
        path: PathBuf,
        /// Which field.
        what: &'static str,
        /// The first shard's file.
        first: PathBuf,
    },
    /// A shard made from a different version of one of the scenario's files.
    #[error("{path}: made from a different {file} than {first} (SHA-256 {got} vs {expected}); merge only shards made from the same inputs, or re-run this shard")]
    Input {
        /// The shard file.
        path: PathBuf,
        /// The scenario's reference to the input (or `the scenario file`).
        file: String,
        /// The first shard's file.
        first: PathBuf,
        /// This shard's pin (first 12 digits).
        got: String,
        /// The first shard's pin (first 12 digits).
        expected: String,
    },
    /// A tally whose shape does not fit the scenario rebuilt from the shard.
    #[error("replication {replication}'s tally does not fit the scenario: expected {expected}, got {got}; the shard was edited or made from another scenario — run it again")]
    Shape {
        /// The replication.
        replication: u32,
        /// The scenario's shape.
        expected: String,
        /// The tally's shape.
        got: String,
    },
    /// Replications missing or present twice.
    #[error("replications are incomplete: {0}; run the missing shards or remove duplicates")]
    Coverage(String),
}

/// Reads every `tallies-*.json` in `dirs` (or files named directly), sorted by file name.
pub fn read_shards(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, ShardFile)>, ShardError> {
    let mut files = Vec::new();
    for d in dirs {
        if d.is_file() {
            files.push(d.clone());
            continue;
        }
        let rd =
            std::fs::read_dir(d).map_err(|source| ShardError::Io { path: d.clone(), source })?;
        for entry in rd {
            let p = entry.map_err(|source| ShardError::Io { path: d.clone(), source })?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if is_shard_file_name(name) {
                files.push(p);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        let names: Vec<_> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(ShardError::Empty(names.join(", ")));
    }
    files
        .into_iter()
        .map(|p| {
            let bytes =
                std::fs::read(&p).map_err(|source| ShardError::Io { path: p.clone(), source })?;
            parse_shard(&bytes, &p).map(|s| (p, s))
        })
        .collect()
}

/// Parses one shard file's bytes; `path` names it in messages. Never touches the filesystem.
pub fn parse_shard(bytes: &[u8], path: &std::path::Path) -> Result<ShardFile, ShardError> {
    let format = |message: String| ShardError::Format { path: path.to_path_buf(), message };
    let s: ShardFile = serde_json::from_slice(bytes).map_err(|e| format(e.to_string()))?;
    if s.kind != SHARD_KIND || s.schema_version != SHARD_SCHEMA_VERSION {
        return Err(format(format!(
            "kind \"{}\" version {}, expected \"{SHARD_KIND}\" version {SHARD_SCHEMA_VERSION}; shards of older versions do not pin their inputs: run them again with this wfmsim",
            crate::scenario_file::echo(&s.kind),
            s.schema_version
        )));
    }
    Ok(s)
}

/// Checks that every tally has the shape of `model` (intervals, queues, groups, skills and
/// the lengths of its tables), so that summarising can index them: a shard edited by hand or
/// made from another scenario is refused, never a panic.
pub fn check_fits(
    model: &crate::model::Model,
    tallies: &[ReplicationTally],
) -> Result<(), ShardError> {
    let (n, nq, ng) = (model.horizon.intervals, model.queues.len(), model.groups.len());
    let skills: usize = model.groups.iter().map(|g| g.skills.len()).sum();
    for t in tallies {
        let fits = t.intervals == n
            && t.queues == nq
            && t.groups == ng
            && t.skills == skills
            && t.queue.len() == n * nq
            && t.group.len() == n * ng
            && t.busy_by_skill.len() == n * skills;
        if !fits {
            return Err(ShardError::Shape {
                replication: t.replication,
                expected: format!("{n} intervals, {nq} queues, {ng} groups, {skills} skills"),
                got: format!(
                    "{} intervals, {} queues, {} groups, {} skills ({}, {} and {} table entries)",
                    t.intervals,
                    t.queues,
                    t.groups,
                    t.skills,
                    t.queue.len(),
                    t.group.len(),
                    t.busy_by_skill.len()
                ),
            });
        }
    }
    Ok(())
}

/// Checks the shards belong to one run and cover each replication once; returns the first
/// shard's header and all tallies in replication order.
pub fn combine(
    shards: Vec<(PathBuf, ShardFile)>,
) -> Result<(ShardFile, Vec<ReplicationTally>), ShardError> {
    let mut it = shards.into_iter();
    let (first_path, mut head) = it.next().ok_or_else(|| ShardError::Empty(String::new()))?;
    let mut tallies = std::mem::take(&mut head.tallies);
    for (p, s) in it {
        check_inputs(&p, &s, &first_path, &head)?;
        let checks: [(&'static str, bool); 5] = [
            ("scenario", s.scenario_toml == head.scenario_toml),
            ("seed", s.seed == head.seed),
            ("replications", s.replications == head.replications),
            ("policy", s.policy == head.policy),
            ("staffing", s.staffing == head.staffing),
        ];
        if let Some((what, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Err(ShardError::Mismatch { path: p, what, first: first_path.clone() });
        }
        tallies.extend(s.tallies);
    }
    tallies.sort_by_key(|t| t.replication);
    let covered = tallies.len() == head.replications as usize
        && tallies.iter().enumerate().all(|(i, t)| t.replication as usize == i);
    if !covered {
        // Bounded work and text whatever the header claims: the first few of each.
        let got: Vec<u32> = tallies.iter().map(|t| t.replication).collect();
        let missing: Vec<String> = (0..head.replications)
            .filter(|r| got.binary_search(r).is_err())
            .take(10)
            .map(|r| r.to_string())
            .collect();
        let dup: Vec<String> =
            got.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0].to_string()).take(10).collect();
        let beyond = got.iter().filter(|&&r| r >= head.replications).count();
        return Err(ShardError::Coverage(format!(
            "{} replications expected, {} present; missing [{}{}], duplicated [{}], {beyond} beyond the count",
            head.replications,
            got.len(),
            missing.join(", "),
            if missing.len() == 10 { ", …" } else { "" },
            dup.join(", ")
        )));
    }
    Ok((head, tallies))
}

/// The first input of `s` whose content differs from `head`'s (the scenario text first).
fn check_inputs(
    path: &std::path::Path,
    s: &ShardFile,
    first: &std::path::Path,
    head: &ShardFile,
) -> Result<(), ShardError> {
    let mismatch = |file: &str, got: &str, expected: &str| ShardError::Input {
        path: path.to_path_buf(),
        file: file.to_string(),
        first: first.to_path_buf(),
        got: got.chars().take(12).collect(),
        expected: expected.chars().take(12).collect(),
    };
    if s.scenario_sha256 != head.scenario_sha256 {
        return Err(mismatch("scenario file", &s.scenario_sha256, &head.scenario_sha256));
    }
    for pin in &s.inputs {
        match head.inputs.iter().find(|h| h.file == pin.file) {
            Some(h) if h.sha256 == pin.sha256 => {}
            Some(h) => return Err(mismatch(&pin.file, &pin.sha256, &h.sha256)),
            None => return Err(mismatch(&pin.file, &pin.sha256, "(not read)")),
        }
    }
    if let Some(h) = head.inputs.iter().find(|h| !s.inputs.iter().any(|p| p.file == h.file)) {
        return Err(mismatch(&h.file, "(not read)", &h.sha256));
    }
    Ok(())
}

/// Whether `name` is the name of a shard file (`tallies-*.json`).
pub fn is_shard_file_name(name: &str) -> bool {
    name.starts_with("tallies-") && name.ends_with(".json")
}

/// The file name of shard `i` of `n`.
pub fn shard_file_name(index: u32, count: u32) -> String {
    format!("tallies-{index:04}-of-{count:04}.json")
}

/// Serialises a shard file (compact JSON; floats round-trip exactly).
pub fn to_bytes(s: &ShardFile) -> Vec<u8> {
    serde_json::to_vec(s).expect("tallies serialise")
}
