//! Shard files as `wfmsim merge` reads them: parse, combine, rebuild the scenario from the text
//! the shard carries, check the tallies fit it, and summarise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use wfmsim::report::shard_file::{check_fits, combine, parse_shard};

fuzz_target!(|data: &[u8]| {
    let Ok(shard) = parse_shard(data, Path::new("fuzz.json")) else { return };
    let Ok((head, tallies)) = combine(vec![(PathBuf::from("fuzz.json"), shard)]) else { return };
    let base = Path::new("/nonexistent-wfmsim-fuzz");
    let Ok(model) = wfmsim::scenario_file::parse_at(&head.scenario_toml, "shard", base) else {
        return;
    };
    if check_fits(&model, &tallies).is_ok() {
        let _ = wfmsim::stats::summarise(&model, &tallies);
    }
});
