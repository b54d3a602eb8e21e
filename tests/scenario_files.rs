//! Scenario files: every example loads and runs; errors are all reported with their paths.

use std::path::Path;
use wfmsim::scenario_file::{self, ScenarioError};

#[test]
fn every_example_in_scenarios_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            scenario_file::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 3, "expected the three example scenarios, found {n}");
}

fn errors_of(text: &str) -> Vec<String> {
    match scenario_file::parse(text, "test.toml") {
        Err(ScenarioError::Invalid { errors, .. }) => {
            errors.iter().map(|e| e.to_string()).collect()
        }
        Err(other) => panic!("expected validation errors, got {other}"),
        Ok(_) => panic!("expected errors"),
    }
}

#[test]
fn all_errors_are_reported_at_once_with_paths() {
    let text = r#"
schema_version = 1
name = "bad"
[horizon]
interval_minutes = 20
intervals = 4
[[queue]]
name = "a"
arrivals_per_hour = 100
handle_time = { distribution = "exponential", mean_s = 300 }
[[queue]]
name = "b"
arrivals_per_interval = [1, 2, 3]
handle_time = { distribution = "exponential", mean_s = -3 }
patience = { distribution = "lognormal", mean_s = 100 }
colour = "red"
[[group]]
name = "g"
skills = ["a", "c"]
agents = 5
[routing]
policy = "random"
"#;
    let errs = errors_of(text);
    let expect = [
        "queue[1].colour: unknown key",
        "horizon.interval_minutes: must be 15, 30 or 60, got 20",
        "queue[1].handle_time.mean_s: must be a finite number > 0, got -3",
        "queue[1].patience.cv: missing; the lognormal distribution needs `cv`",
        "group[0].skills[1]: unknown queue \"c\"; known queues: a, b",
        "routing.policy: unknown policy \"random\"",
    ];
    for e in expect {
        assert!(errs.iter().any(|x| x.starts_with(e)), "missing {e:?} in:\n{}", errs.join("\n"));
    }
}

#[test]
fn per_interval_lengths_are_checked_against_the_horizon() {
    let text = r#"
schema_version = 1
name = "lengths"
[horizon]
intervals = 4
[[queue]]
name = "a"
arrivals_per_interval = [1, 2, 3]
handle_time = { distribution = "deterministic", value_s = 60 }
[[group]]
name = "g"
skills = ["a"]
agents = [1, 2]
"#;
    let errs = errors_of(text);
    assert!(errs.iter().any(|e| e.starts_with("queue[0].arrivals_per_interval: must be one value per interval (4 values), got 3 values")), "{errs:?}");
    assert!(
        errs.iter().any(|e| e.starts_with(
            "group[0].agents: must be one head-count per interval (4 values), got 2 values"
        )),
        "{errs:?}"
    );
}

#[test]
fn malformed_toml_names_line_and_column() {
    let text = "schema_version = 1\nname = \"x\"\n[horizon\nintervals = 4\n";
    match scenario_file::parse(text, "broken.toml") {
        Err(ScenarioError::Syntax { file, message }) => {
            assert_eq!(file, "broken.toml");
            assert!(message.contains("line 3"), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn an_unstable_patient_queue_is_reported_not_simulated() {
    let text = r#"
schema_version = 1
name = "overload"
[horizon]
intervals = 4
[[queue]]
name = "a"
arrivals_per_hour = 300
handle_time = { distribution = "exponential", mean_s = 300 }
[[group]]
name = "g"
skills = ["a"]
agents = 25
"#;
    let errs = errors_of(text);
    assert!(
        errs.iter().any(|e| e.starts_with(
            "queue[0]: queue 'a' cannot be stable: offered load 25.00 Erlangs ≥ 25.00 agents"
        )),
        "{errs:?}"
    );
}
