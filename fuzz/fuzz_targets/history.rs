//! History ingestion, both shapes (per-contact records and interval reports), through every
//! built-in preset: the first byte picks the preset and the bad-row policy, the rest is the
//! export's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use wfmsim::history::{ingest_bytes, presets, BadRowPolicy};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let all = presets();
    let preset = &all[usize::from(pick) % all.len()];
    let policy = if pick & 0x80 == 0 { BadRowPolicy::Skip } else { BadRowPolicy::Fail };
    if let Ok(history) = ingest_bytes(bytes, Path::new("fuzz.csv"), &preset.mapping, policy) {
        // What the forecast and learn commands do next must not panic either.
        let _ = format!("{:?}", history.report);
    }
});
