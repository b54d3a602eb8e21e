//! Issue 11 reproducers: scenario values that used to panic, wrap silently or run away with
//! memory. Each one runs the built binary under a 1 GiB address-space limit and a time limit,
//! and must end in exit 2 with a message naming the field, the value and the allowed range
//! (or, for the scenario-level limits, the estimate of the work and the limit).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit for each run, KiB (1 GiB).
const MEMORY_KIB: u64 = 1 << 20;
/// Wall-clock limit for each run.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A valid one-queue scenario; `{horizon}`, `{queue}` and `{agents}` are replaced.
const TEMPLATE: &str = r#"
schema_version = 1
name = "limits"
[horizon]
{horizon}
[[queue]]
name = "sales"
{queue}
handle_time = { distribution = "exponential", mean_s = 300 }
patience = { distribution = "exponential", mean_s = 180 }
[[group]]
name = "team"
skills = ["sales"]
agents = {agents}
"#;

fn scenario(horizon: &str, queue: &str, agents: &str) -> String {
    TEMPLATE.replace("{horizon}", horizon).replace("{queue}", queue).replace("{agents}", agents)
}

struct Outcome {
    code: Option<i32>,
    stderr: String,
}

/// Runs `wfmsim simulate` on `text` under the memory and time limits; kills it past the time
/// limit and fails the test.
fn simulate(name: &str, text: &str) -> Outcome {
    let dir = std::env::temp_dir().join(format!("wfmsim-limits-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join("scenario.toml");
    std::fs::write(&file, text).unwrap();
    let script = format!(
        "ulimit -v {MEMORY_KIB}; exec \"$0\" simulate \"$1\" -r 2 -t 1 --out \"$2\" --json"
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_wfmsim"))
        .arg(&file)
        .arg(dir.join("out"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{name}: still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    Outcome { code: status.code(), stderr }
}

/// Asserts exit 2 and that stderr contains every fragment.
fn refused(name: &str, text: &str, fragments: &[&str]) {
    let out = simulate(name, text);
    assert_eq!(out.code, Some(2), "{name}: expected exit 2, stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{name}: panicked:\n{}", out.stderr);
    for f in fragments {
        assert!(out.stderr.contains(f), "{name}: missing {f:?} in:\n{}", out.stderr);
    }
}

const RATE: &str = "arrivals_per_hour = 300";

#[test]
fn interval_minutes_zero_is_an_error_not_a_division_by_zero() {
    let text = scenario("interval_minutes = 0\ndays = 1", RATE, "28");
    refused("minutes0", &text, &["horizon.interval_minutes", "15, 30 or 60", "got 0"]);
    // The same with a warm-up, which took a remainder by interval_minutes too.
    let text = scenario("interval_minutes = 0\nintervals = 4\nwarmup_minutes = 30", RATE, "28");
    refused("minutes0-warmup", &text, &["horizon.interval_minutes", "got 0"]);
}

#[test]
fn huge_interval_count_is_refused_before_allocating() {
    let text = scenario("intervals = 9223372036854775807", RATE, "28");
    refused(
        "intervals-max",
        &text,
        &["horizon.intervals", "9223372036854775807", "1 to 100000", "several scenarios"],
    );
    let text = scenario("intervals = 1000000000", RATE, "28");
    refused("intervals-1e9", &text, &["horizon.intervals", "1000000000", "1 to 100000"]);
}

#[test]
fn huge_day_count_is_refused_instead_of_wrapping() {
    // 768614336404564651 × 1440 wraps to 960 in i64; 960 / 60 = 16 intervals were simulated.
    let text = scenario("interval_minutes = 60\ndays = 768614336404564651", RATE, "28");
    refused("days-wrap", &text, &["horizon.days", "768614336404564651", "1 to 1000"]);
}

#[test]
fn negative_and_huge_warmups_are_refused() {
    let text = scenario("intervals = 4\nwarmup_minutes = 9223372036854775807", RATE, "28");
    refused("warmup-max", &text, &["horizon.warmup_minutes", "9223372036854775807"]);
    let text = scenario("intervals = 4\nwarmup_minutes = -30", RATE, "28");
    refused("warmup-neg", &text, &["horizon.warmup_minutes", "-30"]);
}

#[test]
fn huge_head_count_is_refused_with_the_work_estimate() {
    let text = scenario("intervals = 48", RATE, "999999999");
    refused(
        "agents-1e9",
        &text,
        &["group[0].agents", "999999999", "10000 agents per group per interval", "agent-intervals"],
    );
    // Beyond u32: an out-of-range integer, not a wrapped one.
    let text = scenario("intervals = 48", RATE, "99999999999");
    refused("agents-u64", &text, &["group[0].agents", "99999999999"]);
}

#[test]
fn huge_arrival_rate_is_refused_with_the_expected_contacts() {
    let text = scenario("intervals = 48", "arrivals_per_hour = 1e15", "28");
    refused(
        "rate-1e15",
        &text,
        &["expected contacts per replication", "2.4e16", "50000000", "arrivals"],
    );
}

#[test]
fn skill_priority_beyond_its_range_is_refused_not_wrapped() {
    let text = scenario("intervals = 4", RATE, "28")
        .replace("skills = [\"sales\"]", "skills = [{ queue = \"sales\", priority = 4294967297 }]");
    refused("priority-wrap", &text, &["group[0].skills[0].priority", "4294967297"]);
}
