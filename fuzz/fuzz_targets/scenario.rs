//! Scenario parser and validator: any bytes must give a model or a typed error, never a panic,
//! a hang or a huge allocation (the scenario's own size limits stop those). Files a scenario
//! names are resolved against a folder that does not exist, so only absolute paths reach the
//! filesystem (and only regular files are read).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = wfmsim::scenario_file::parse_at(
            text,
            "fuzz.toml",
            Path::new("/nonexistent-wfmsim-fuzz"),
        );
    }
});
