//! Regression tests for the classes of failure the parser fuzz targets (`fuzz/`, see
//! docs/fuzzing.md) guard against: each input goes through the same public entry point as
//! its fuzz target and must end in a typed error that says what is wrong, quickly and without
//! a large allocation.

use serde_json::Value;
use std::path::{Path, PathBuf};
use wfmsim::history::{ingest_bytes, preset, BadRowPolicy};
use wfmsim::report::shard_file::{check_fits, combine, parse_shard, ShardError};

fn corpus(file: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(file)).unwrap()
}

/// The kept shard seed as JSON, to edit.
fn shard_json() -> Value {
    serde_json::from_slice(&corpus("shard/tiny-whole.json")).unwrap()
}

fn parse(v: &Value) -> Result<wfmsim::report::shard_file::ShardFile, ShardError> {
    parse_shard(&serde_json::to_vec(v).unwrap(), Path::new("edited.json"))
}

/// A scenario may name any file; a device such as /dev/zero would be read forever.
#[test]
fn a_scenario_naming_a_device_is_refused_not_read() {
    let text = String::from_utf8(corpus("scenario/tiny.toml"))
        .unwrap()
        .replace("agents = 2", "agents = { file = \"/dev/zero\" }");
    let err = wfmsim::scenario_file::parse_at(&text, "dev.toml", Path::new("/nonexistent"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("/dev/zero") && err.contains("not a regular file"), "{err}");
}

/// A shard whose tallies do not have the scenario's shape (edited by hand, or made from
/// another scenario) used to be summarised by index: now a typed error naming both shapes.
#[test]
fn a_shard_whose_tallies_do_not_fit_its_scenario_is_refused() {
    let mut v = shard_json();
    v["tallies"][0]["intervals"] = Value::from(3);
    let shard = parse(&v).unwrap();
    let (head, tallies) = combine(vec![(PathBuf::from("edited.json"), shard)]).unwrap();
    let model =
        wfmsim::scenario_file::parse_at(&head.scenario_toml, "shard", Path::new(".")).unwrap();
    let err = check_fits(&model, &tallies).unwrap_err().to_string();
    assert!(err.contains("expected 2 intervals") && err.contains("got 3 intervals"), "{err}");
    // The untouched shard fits.
    let shard = parse(&shard_json()).unwrap();
    let (_, tallies) = combine(vec![(PathBuf::from("ok.json"), shard)]).unwrap();
    check_fits(&model, &tallies).unwrap();
}

/// A header claiming four billion replications used to build a list of them all.
#[test]
fn a_shard_claiming_billions_of_replications_is_refused_at_once() {
    let mut v = shard_json();
    v["replications"] = Value::from(u32::MAX);
    let shard = parse(&v).unwrap();
    let err = combine(vec![(PathBuf::from("edited.json"), shard)]).unwrap_err().to_string();
    assert!(err.contains("4294967295 replications expected, 1 present"), "{err}");
    assert!(err.len() < 400, "the message lists a few, not billions: {} bytes", err.len());
}

/// A shard of another format says which, and echoes at most 80 characters of it.
#[test]
fn a_foreign_shard_kind_is_named_briefly() {
    let mut v = shard_json();
    v["kind"] = Value::from("x".repeat(100_000));
    let err = parse(&v).unwrap_err().to_string();
    assert!(err.contains("expected \"wfmsim-tallies\"") && err.len() < 600, "{} bytes", err.len());
}

/// A history export in Latin-1: the CSV reader's debug structure (`Utf8 { pos: … }`) used to
/// be the message.
#[test]
fn a_history_export_that_is_not_utf8_says_so_in_words() {
    let mapping = preset("anonymous-bank-6min").unwrap();
    let bytes = b"date,interval_start,calls\n1999-02-01,07:00,12\n1999-02-01,07:06,caf\xe9\n";
    let err = ingest_bytes(bytes, Path::new("latin1.csv"), &mapping, BadRowPolicy::Fail)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3") && err.contains("not UTF-8"), "{err}");
    assert!(!err.contains("Utf8 {") && !err.contains("pos:"), "{err}");
}
