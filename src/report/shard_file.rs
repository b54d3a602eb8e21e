//! Mergeable tallies of a share of the replications (`simulate --shard i/n`), and their reader.
//!
//! A shard file carries the scenario text, seed, policy and staffing it was run with, and one
//! raw tally per replication. `merge` checks that the shards belong together and cover every
//! replication exactly once, then summarises them in replication order, which gives exactly
//! the numbers of a single run.

use crate::stats::ReplicationTally;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use thiserror::Error;

/// Format tag and version of shard files.
pub const SHARD_KIND: &str = "wfmsim-tallies";
/// Version of the shard file format.
pub const SHARD_SCHEMA_VERSION: u32 = 1;

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
            if name.starts_with("tallies-") && name.ends_with(".json") {
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
            let s: ShardFile = serde_json::from_slice(&bytes)
                .map_err(|e| ShardError::Format { path: p.clone(), message: e.to_string() })?;
            if s.kind != SHARD_KIND || s.schema_version != SHARD_SCHEMA_VERSION {
                let message = format!("kind {:?} version {}", s.kind, s.schema_version);
                return Err(ShardError::Format { path: p, message });
            }
            Ok((p, s))
        })
        .collect()
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
    let got: Vec<u32> = tallies.iter().map(|t| t.replication).collect();
    if got != (0..head.replications).collect::<Vec<_>>() {
        let missing: Vec<_> = (0..head.replications).filter(|r| !got.contains(r)).collect();
        let dup: Vec<_> = got.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
        return Err(ShardError::Coverage(format!("missing {missing:?}, duplicated {dup:?}")));
    }
    Ok((head, tallies))
}

/// The file name of shard `i` of `n`.
pub fn shard_file_name(index: u32, count: u32) -> String {
    format!("tallies-{index:04}-of-{count:04}.json")
}

/// Serialises a shard file (compact JSON; floats round-trip exactly).
pub fn to_bytes(s: &ShardFile) -> Vec<u8> {
    serde_json::to_vec(s).expect("tallies serialise")
}
