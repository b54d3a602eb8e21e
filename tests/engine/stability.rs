//! Patient queues that share agent groups are checked as a set (a linear program over the skill
//! graph): a set whose load exceeds what its groups can serve is refused with the queues and
//! groups named, never simulated forever.

use wfmsim::scenario_file::{self, ScenarioError};

fn scenario(queues: &[(&str, f64, bool)], groups: &[(&str, &[&str], u32, f64)]) -> String {
    let mut s = String::from(
        "schema_version = 1\nname = \"t\"\n[horizon]\ninterval_minutes = 60\nintervals = 8\n",
    );
    for (name, per_hour, patient) in queues {
        s += &format!(
            "[[queue]]\nname = \"{name}\"\narrivals_per_hour = {per_hour}\nhandle_time = {{ distribution = \"exponential\", mean_s = 360 }}\nservice_level = {{ within_s = 20, target = 0.8 }}\n"
        );
        if !patient {
            s += "patience = { distribution = \"exponential\", mean_s = 120 }\n";
        }
    }
    for (name, skills, agents, speed) in groups {
        let skills: Vec<String> = skills
            .iter()
            .map(|q| format!("{{ queue = \"{q}\", priority = 1, speed = {speed} }}"))
            .collect();
        s += &format!(
            "[[group]]\nname = \"{name}\"\nskills = [{}]\nagents = {agents}\n",
            skills.join(", ")
        );
    }
    s
}

fn error_of(text: &str) -> Option<String> {
    match scenario_file::parse(text, "t.toml") {
        Ok(_) => None,
        Err(ScenarioError::Invalid { errors, .. }) => {
            Some(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
        }
        Err(e) => Some(e.to_string()),
    }
}

#[test]
fn two_patient_queues_overloading_one_shared_group_are_refused() {
    // 80/h × 360 s = 8 Erlangs each: 16 Erlangs on 10 agents. Each queue alone fits.
    let text =
        scenario(&[("a", 80.0, true), ("b", 80.0, true)], &[("shared", &["a", "b"], 10, 1.0)]);
    let err = error_of(&text).expect("16 Erlangs on 10 agents cannot be stable");
    for needle in ["'a'", "'b'", "'shared'", "16.00 Erlangs", "10.00 agents"] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }
    // The same load on 17 agents is stable.
    assert_eq!(
        error_of(&scenario(
            &[("a", 80.0, true), ("b", 80.0, true)],
            &[("shared", &["a", "b"], 17, 1.0)]
        )),
        None
    );
}

#[test]
fn impatient_queues_never_make_a_model_unstable() {
    let text =
        scenario(&[("a", 80.0, false), ("b", 80.0, false)], &[("shared", &["a", "b"], 10, 1.0)]);
    assert_eq!(error_of(&text), None);
}

#[test]
fn speed_counts_in_the_capacity() {
    // 12 Erlangs on 7 agents working twice as fast is stable; at speed 1.5 (10.5) it is not.
    let q = [("a", 120.0, true)];
    assert_eq!(error_of(&scenario(&q, &[("g", &["a"], 7, 2.0)])), None);
    let err = error_of(&scenario(&q, &[("g", &["a"], 7, 1.5)])).expect("unstable");
    assert!(err.contains("'g'") && err.contains("'a'"), "{err}");
}

#[test]
fn only_the_bottleneck_is_named() {
    // 'calm' has its own spare group; 'busy' and 'busier' share an overloaded one.
    let text = scenario(
        &[("calm", 10.0, true), ("busy", 60.0, true), ("busier", 70.0, true)],
        &[("spare", &["calm"], 5, 1.0), ("tight", &["busy", "busier"], 12, 1.0)],
    );
    let err = error_of(&text).expect("13 Erlangs on 12 agents");
    assert!(err.contains("'busy'") && err.contains("'busier'") && err.contains("'tight'"), "{err}");
    assert!(!err.contains("'calm'") && !err.contains("'spare'"), "{err}");
}

#[test]
fn a_flexible_group_can_rescue_a_shared_bottleneck() {
    // N design: 'a' (8 E) served by 'ga' (6 agents) and 'flex' (6); 'b' (3 E) only by 'flex'.
    // Total 11 Erlangs on 12 agents, and flex can give 'a' the 3 agents it lacks: stable.
    let text = scenario(
        &[("a", 80.0, true), ("b", 30.0, true)],
        &[("ga", &["a"], 6, 1.0), ("flex", &["a", "b"], 6, 1.0)],
    );
    assert_eq!(error_of(&text), None);
    // With 'flex' only 4 agents, 11 Erlangs on 10 agents: both queues and both groups named.
    let text = scenario(
        &[("a", 80.0, true), ("b", 30.0, true)],
        &[("ga", &["a"], 6, 1.0), ("flex", &["a", "b"], 4, 1.0)],
    );
    let err = error_of(&text).expect("11 Erlangs on 10 agents");
    for needle in ["'a'", "'b'", "'ga'", "'flex'"] {
        assert!(err.contains(needle), "{needle} missing: {err}");
    }
}
