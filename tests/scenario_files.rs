//! Scenario files: every example loads and runs; errors are all reported with their paths.

use std::path::Path;
use wfmsim::model::{CallbackMode, CallbackSpec, Distribution, Predictor, RedialSpec};
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
            "queue[0]: queue 'a' cannot be stable: callers never abandon, and their offered load of 25.00 Erlangs is at or beyond what group 'g' can serve (25.00 agents"
        )),
        "{errs:?}"
    );
}

#[test]
fn a_queue_takes_its_arrivals_from_a_forecast_csv() {
    let dir = std::env::temp_dir().join(format!("wfmsim-fc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv =
        String::from("interval_start,queue,mean,p10,p50,p90,busyness_shape,interval_minutes\n");
    for i in 0..4 {
        let (mean, p90) = (100.0 + 10.0 * i as f64, 130.0 + 10.0 * i as f64);
        csv += &format!(
            "1999-11-08T{:02}:{:02}:00,sales,{mean},80,{mean},{p90},25,30\n",
            8 + i / 2,
            30 * (i % 2)
        );
    }
    std::fs::write(dir.join("fc.csv"), csv).unwrap();
    let scenario = |use_: &str| {
        format!(
            "schema_version = 1\nname = \"fc\"\n[horizon]\nintervals = 4\n[[queue]]\nname = \"sales\"\narrivals = {{ forecast = \"fc.csv\", use = \"{use_}\" }}\nhandle_time = {{ distribution = \"exponential\", mean_s = 60 }}\n[[group]]\nname = \"g\"\nskills = [\"sales\"]\nagents = 10\n"
        )
    };
    let p90 = scenario_file::parse_at(&scenario("p90"), "fc.toml", &dir).unwrap();
    let rates: Vec<f64> = p90.queues()[0].arrivals.rate_per_s.iter().map(|r| r * 1800.0).collect();
    assert_eq!(rates, vec![130.0, 140.0, 150.0, 160.0]);
    assert_eq!(p90.queues()[0].arrivals.busyness_shape, None);
    let pg = scenario_file::parse_at(&scenario("poisson-gamma"), "fc.toml", &dir).unwrap();
    assert_eq!(pg.queues()[0].arrivals.busyness_shape, Some(25.0));
    assert!((pg.queues()[0].arrivals.rate_per_s[0] * 1800.0 - 100.0).abs() < 1e-9);
    match scenario_file::parse_at(&scenario("p75"), "fc.toml", &dir) {
        Err(ScenarioError::Invalid { errors, .. }) => {
            assert!(errors.iter().any(|e| e.path == "queue[0].arrivals.use"), "{errors:?}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn type_errors_are_reported_with_every_other_error() {
    // Three values of the wrong type (lines 6, 10 and 14) and two invalid values: all five
    // are reported at once, the type errors with line and column.
    let text = r#"schema_version = 1
name = "types"
[horizon]
intervals = 4
[[queue]]
name = "a"
arrivals_per_hour = 100
handle_time = { distribution = "exponential", mean_s = -1 }
[[queue]]
name = "b"
arrivals_per_hour = 100
handle_time = { distribution = "lognormal", mean_s = 300, cv = "high" }
service_level = { within_s = 20, target = 1.5 }
[[group]]
name = "g"
skills = ["a", "b"]
agents = 10
shrinkage = "30%"
"#
    .replace("intervals = 4", "intervals = \"four\"");
    let errs = errors_of(&text);
    let expect = [
        "horizon.intervals: expected an integer, found \"four\" (line 4, column 13)",
        "queue[0].handle_time.mean_s: must be a finite number > 0, got -1",
        "queue[1].handle_time.cv: expected a number, found \"high\" (line 12, column 64)",
        "queue[1].service_level.target: must be a share in (0, 1], e.g. 0.8, got 1.5",
        "group[0].shrinkage: expected a number, found \"30%\" (line 18, column 13)",
    ];
    for e in expect {
        assert!(errs.iter().any(|x| x == e), "missing {e:?} in:\n{}", errs.join("\n"));
    }
    assert_eq!(errs.len(), 5, "{}", errs.join("\n"));
}

#[test]
fn list_elements_of_the_wrong_type_name_their_index_and_long_input_is_cut() {
    let long = "a b ".repeat(2_500);
    let text = format!(
        "schema_version = 1\nname = \"{long}\"\n[horizon]\nintervals = 3\n[[queue]]\nname = \"a\"\narrivals_per_interval = [1, true, 3]\nhandle_time = {{ distribution = \"exponential\", mean_s = 60 }}\n[[group]]\nname = \"g\"\nskills = [\"a\"]\nagents = 1\n"
    );
    let errs = errors_of(&text);
    // The element's index is in the path; line and column are those of the list.
    assert!(
        errs.iter().any(|e| e == "queue[0].arrivals_per_interval[1]: expected a number, found true (line 7, column 25)"),
        "{}",
        errs.join("\n")
    );
    let name = errs.iter().find(|e| e.starts_with("name:")).expect("the name is invalid");
    assert!(name.chars().count() < 200, "a 10,000-character name is echoed whole: {name}");
}

#[test]
fn a_syntax_error_on_a_huge_line_does_not_echo_it_whole() {
    let text = format!("schema_version = 1\nname = \"x\"\nhorizon = [{}\n", "1, ".repeat(50_000));
    match scenario_file::parse(&text, "huge.toml") {
        Err(ScenarioError::Syntax { message, .. }) => {
            assert!(message.contains("line 3"), "{message}");
            assert!(message.lines().all(|l| l.chars().count() <= 80), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_head_count_of_the_wrong_type_is_located() {
    let text = "schema_version = 1\nname = \"x\"\n[horizon]\nintervals = 2\n[[queue]]\nname = \"a\"\narrivals_per_hour = 10\nhandle_time = { distribution = \"exponential\", mean_s = 60 }\n[[group]]\nname = \"g\"\nskills = [\"a\"]\nagents = \"ten\"\n";
    let errs = errors_of(text);
    assert_eq!(
        errs,
        ["group[0].agents: must be a whole number of agents ≥ 0, got \"ten\" (line 12, column 10)"]
    );
}

/// A one-queue scenario whose group line and routing table are `group` and `routing`.
fn routing_scenario(patience: &str, group: &str, routing: &str) -> String {
    format!(
        r#"
schema_version = 1
name = "routing"
[horizon]
interval_minutes = 30
intervals = 4
[[queue]]
name = "a"
arrivals_per_hour = 60
handle_time = {{ distribution = "exponential", mean_s = 300 }}
{patience}
[[queue]]
name = "b"
arrivals_per_hour = 60
handle_time = {{ distribution = "exponential", mean_s = 300 }}
patience = {{ distribution = "exponential", mean_s = 200 }}
[[group]]
name = "g"
{group}
agents = 10
{routing}
"#
    )
}

#[test]
fn routing_keys_report_every_error_with_its_path() {
    let text = routing_scenario(
        "",
        r#"skills = [{ queue = "frnch", priority = -1 }, { queue = "b", after_s = -5, min_waiting = 0, speed = "fast" }, { queue = "a", colour = 1 }]"#,
        "[routing]\npolicy = \"fastest\"\nagent_choice = \"random\"\nweights = { b = 0, z = 2 }",
    );
    let errs = errors_of(&text).join("\n");
    for expected in [
        "group[0].skills[0].priority: must be a whole number from 0 to 1000000",
        "group[0].skills[0]: unknown queue \"frnch\"",
        "group[0].skills[1].after_s: must be a number of seconds from 0 to 1,000,000",
        "got -5",
        "group[0].skills[1].min_waiting: must be a whole number from 1 to 1000000",
        "group[0].skills[1].speed: must be a number > 0",
        "group[0].skills[2].colour: unknown key (a skill has queue, priority, speed, after_s, min_waiting)",
        "routing.policy: unknown policy \"fastest\"; expected one of priority, longest-wait, longest-queue, weighted-wait, sla-urgency",
        "routing.agent_choice: unknown agent choice \"random\"; expected one of longest-idle, skill-priority",
        "routing.weights.b: must be a number > 0",
        "routing.weights.z: unknown queue \"z\"",
    ] {
        assert!(errs.contains(expected), "missing {expected:?} in:\n{errs}");
    }
}

#[test]
fn a_patient_queue_only_served_at_a_queue_length_is_refused() {
    let rule = r#"skills = [{ queue = "a", min_waiting = 3 }, "b"]"#;
    let errs = errors_of(&routing_scenario("", rule, "")).join("\n");
    assert!(
        errs.contains("queue[0]: queue 'a': callers never abandon and every group that serves it waits for at least 3 contacts"),
        "{errs}"
    );
    // With a patience, the last callers abandon instead: accepted.
    let patient = "patience = { distribution = \"exponential\", mean_s = 200 }";
    let ok = scenario_file::parse(&routing_scenario(patient, rule, ""), "ok.toml");
    assert!(ok.is_ok(), "{:?}", ok.err());
    let routed = scenario_file::parse(
        &routing_scenario(
            patient,
            r#"skills = [{ queue = "a", after_s = 30, min_waiting = 2 }, { queue = "b", priority = 2 }]"#,
            "[routing]\npolicy = \"weighted-wait\"\nagent_choice = \"skill-priority\"\nweights = { b = 2.5 }",
        ),
        "routed.toml",
    )
    .unwrap();
    assert_eq!(routed.routing().weight(1), 2.5);
    assert_eq!(routed.routing().weight(0), 1.0);
    assert_eq!(routed.groups()[0].skills[0].after_s, 30.0);
    assert_eq!(routed.groups()[0].skills[0].min_waiting, 2);
}

/// A one-queue scenario whose queue table ends with the lines `extra`.
fn behaviour_scenario(extra: &str) -> String {
    format!(
        r#"
schema_version = 1
name = "callbacks"
[horizon]
intervals = 4
[[queue]]
name = "sales"
arrivals_per_hour = 60
handle_time = {{ distribution = "exponential", mean_s = 300 }}
patience = {{ distribution = "exponential", mean_s = 200 }}
{extra}
[[group]]
name = "g"
skills = ["sales"]
agents = 10
"#
    )
}

const ALL_BEHAVIOUR_KEYS: &str = r#"announce = "hol"
callback = { offer_when_ewt_s = 120, accept_probability = 0.6, mode = "keep-place", reach_probability = 0.9, attempt_time = { distribution = "exponential", mean_s = 30 }, promise_s = 1800, handle_time = { distribution = "deterministic", value_s = 240 }, max_attempts = 3, retry_after_s = 900, target = 0.9 }
redial = { probability = 0.3, delay = { distribution = "exponential", mean_s = 600 }, max_redials = 3 }"#;

#[test]
fn announce_callback_and_redial_parse_into_the_model() {
    let model = scenario_file::parse(&behaviour_scenario(ALL_BEHAVIOUR_KEYS), "cb.toml").unwrap();
    let q = &model.queues()[0];
    assert_eq!(q.announce, Predictor::HeadOfLine);
    let expected = CallbackSpec {
        offer_when_ewt_s: 120.0,
        accept_probability: 0.6,
        mode: CallbackMode::KeepPlace,
        reach_probability: 0.9,
        attempt_time: Distribution::exponential(30.0).unwrap(),
        promise_s: 1800.0,
        handle_time: Some(Distribution::deterministic(240.0).unwrap()),
        max_attempts: 3,
        retry_after_s: 900.0,
        target: Some(0.9),
    };
    assert_eq!(q.callback, Some(expected));
    let expected = RedialSpec {
        probability: 0.3,
        delay: Distribution::exponential(600.0).unwrap(),
        max_redials: Some(3),
    };
    assert_eq!(q.redial, Some(expected));
}

#[test]
fn callback_and_redial_defaults_apply_when_optional_keys_are_omitted() {
    let none = scenario_file::parse(&behaviour_scenario(""), "none.toml").unwrap();
    let q = &none.queues()[0];
    assert_eq!((q.announce, &q.callback, &q.redial), (Predictor::QueueLength, &None, &None));
    let text = behaviour_scenario(
        "callback = { offer_when_ewt_s = 60, accept_probability = 0.5 }\nredial = { probability = 0.2, delay = { distribution = \"deterministic\", value_s = 300 } }",
    );
    let model = scenario_file::parse(&text, "defaults.toml").unwrap();
    let q = &model.queues()[0];
    assert_eq!(q.announce, Predictor::QueueLength);
    let expected = CallbackSpec {
        offer_when_ewt_s: 60.0,
        accept_probability: 0.5,
        mode: CallbackMode::LowPriority,
        reach_probability: 1.0,
        attempt_time: Distribution::deterministic(30.0).unwrap(),
        promise_s: 3600.0,
        handle_time: None,
        max_attempts: 1,
        retry_after_s: 600.0,
        target: None,
    };
    assert_eq!(q.callback, Some(expected));
    let expected = RedialSpec {
        probability: 0.2,
        delay: Distribution::deterministic(300.0).unwrap(),
        max_redials: None,
    };
    assert_eq!(q.redial, Some(expected));
}

#[test]
fn every_bad_callback_and_redial_value_is_reported_at_once_with_its_path() {
    let text = behaviour_scenario(
        r#"announce = "psychic"
callback = { offer_when_ewt_s = 120, accept_probability = 1.5, mode = "later", max_attempts = 0, callbak_typo = 1 }
redial = { probability = -1, delay = { distribution = "exponential", mean_s = 600 } }"#,
    );
    let errs = errors_of(&text);
    assert_eq!(
        errs,
        [
            "queue[0].callback.callbak_typo: unknown key (check the spelling against docs/scenario.md)",
            "queue[0].announce: unknown predictor \"psychic\"; expected one of ql, hol, les",
            "queue[0].callback.accept_probability: must be a probability between 0 and 1 (e.g. 0.6), got 1.5",
            "queue[0].callback.mode: unknown mode \"later\"; expected one of low-priority, keep-place",
            "queue[0].callback.max_attempts: must be a whole number of attempts from 1 to 1000, got 0; 1 tries once; each further attempt comes retry_after_s after the last",
            "queue[0].redial.probability: must be a probability between 0 and 1 (e.g. 0.3), got -1",
        ],
        "{}",
        errs.join("\n")
    );
}

#[test]
fn missing_out_of_range_and_mistyped_callback_and_redial_keys_name_their_paths() {
    let text = behaviour_scenario(
        r#"callback = { reach_probability = 2, promise_s = -1, retry_after_s = inf, max_attempts = "three", target = 0, attempt_time = { distribution = "exponential", mean_s = 0 } }
redial = { delay = { distribution = "deterministic", value_s = 0 }, max_redials = 1001 }
[[queue]]
name = "b"
arrivals_per_hour = 60
handle_time = { distribution = "exponential", mean_s = 300 }
redial = { probability = 0.5, max_redials = -1 }"#,
    )
    .replace("skills = [\"sales\"]", "skills = [\"sales\", \"b\"]");
    let errs = errors_of(&text).join("\n");
    for expected in [
        "queue[0].callback.max_attempts: expected an integer, found \"three\"",
        "queue[0].callback.offer_when_ewt_s: missing; add e.g. `offer_when_ewt_s = 120`",
        "queue[0].callback.accept_probability: missing; add e.g. `accept_probability = 0.6`",
        "queue[0].callback.reach_probability: must be a probability between 0 and 1 (e.g. 0.9; 1 = every attempt reaches), got 2",
        "queue[0].callback.attempt_time.mean_s: must be a finite number > 0, got 0",
        "queue[0].callback.promise_s: must be a finite number of seconds ≥ 0, got -1",
        "queue[0].callback.retry_after_s: must be a finite number of seconds ≥ 0, got inf",
        "queue[0].callback.target: must be a share in (0, 1], e.g. 0.9, got 0",
        "queue[0].redial.probability: missing; add e.g. `probability = 0.3`",
        "queue[0].redial.delay: must be a distribution with a mean > 0 s (a customer who redials at once would never let time move on), got a mean of 0 s",
        "queue[0].redial.max_redials: must be a whole number of redials from 0 to 1000, got 1001; leave the key out for no limit",
        "queue[1].redial.delay: missing; add e.g. `delay = { distribution = \"exponential\", mean_s = 600 }`",
        "queue[1].redial.max_redials: must be a whole number of redials from 0 to 1000, got -1",
    ] {
        assert!(errs.contains(expected), "missing {expected:?} in:\n{errs}");
    }
    assert_eq!(errs.lines().count(), 13, "{errs}");
}

#[test]
fn set_overrides_reach_callback_and_redial_keys() {
    let text = behaviour_scenario(ALL_BEHAVIOUR_KEYS);
    let text =
        scenario_file::apply_override(&text, "queue[0].callback.offer_when_ewt_s=60").unwrap();
    let text = scenario_file::apply_override(&text, "queue[0].redial.probability=0.5").unwrap();
    let model = scenario_file::parse(&text, "set.toml").unwrap();
    let q = &model.queues()[0];
    let callback = q.callback.as_ref().unwrap();
    assert_eq!(callback.offer_when_ewt_s, 60.0);
    assert_eq!(callback.accept_probability, 0.6, "the other keys are kept");
    let redial = q.redial.as_ref().unwrap();
    assert_eq!((redial.probability, redial.max_redials), (0.5, Some(3)));
    // A --set into a queue without callbacks creates the table, which then lacks its
    // required keys: reported like any other file.
    let text = scenario_file::apply_override(
        &behaviour_scenario(""),
        "queue[0].callback.offer_when_ewt_s=60",
    )
    .unwrap();
    assert_eq!(
        errors_of(&text),
        ["queue[0].callback.accept_probability: missing; add e.g. `accept_probability = 0.6` (the share of offered customers who accept)"]
    );
}
