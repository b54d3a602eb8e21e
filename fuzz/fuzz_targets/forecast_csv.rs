//! The forecast CSV reader (`wfmsim forecast` output, read by scenarios' `arrivals = { file }`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use wfmsim::history::forecast_csv::{parse_forecast_csv, ArrivalUse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(table) = parse_forecast_csv(text, Path::new("fuzz.csv")) {
        for q in &table.queues {
            let _ = q.days();
            for u in [ArrivalUse::Mean, ArrivalUse::P10, ArrivalUse::P50, ArrivalUse::P90] {
                let _ = q.expected_counts(u);
            }
        }
    }
});
