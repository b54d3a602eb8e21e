//! History hygiene (issue 11): each way a raw export used to distort a forecast silently —
//! a stray row dated 1970 or 2099, a `--from` before the history, an export appended twice, a
//! misspelt queue on a few rows, a day without contacts — now ends in exit 2 with a message
//! naming the rows and the flag that accepts them, or in a warning and a sensible forecast.
//! The exports have the shape of the bank's call-by-call records (`--preset anonymous-bank`:
//! tab-separated, yymmdd dates, H:MM:SS times), generated here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wfmsim::history::forecast_csv::read_forecast_csv;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wfmsim-hygiene-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const HEADER: &str = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n";

/// One answered call of queue `queue` on `date` (yymmdd) at `h:m:s`.
fn row(id: usize, queue: &str, date: &str, h: u32, m: u32, s: u32) -> String {
    format!(
        "AA0101\t{id}\t0\t2\t{queue}\t{date}\t{h}:{m:02}:{s:02}\t{h}:{m:02}:{s:02}\t0\t{h}:{m:02}:{s:02}\t{h}:{m:02}:{s:02}\t0\tAGENT\t{h}:{m:02}:{s:02}\t{h}:{m:02}:{s:02}\t120\tMICHAL\n"
    )
}

/// Four weeks (1999-02-01 to 02-28) of queue PS: 4 calls an hour from 7:00 to 21:59, every
/// day, 60 a day; `skip_day` (1-based day of February) has no calls at all.
fn export(skip_day: Option<u32>) -> Vec<String> {
    let mut rows = Vec::new();
    for day in 1..=28u32 {
        if Some(day) == skip_day {
            continue;
        }
        for h in 7..22 {
            for k in 0..4 {
                rows.push(row(rows.len(), "PS", &format!("9902{day:02}"), h, 15 * k, 7));
            }
        }
    }
    rows
}

fn write(dir: &Path, rows: &[String]) {
    std::fs::write(dir.join("calls.txt"), format!("{HEADER}{}", rows.concat())).unwrap();
}

fn forecast(dir: &Path, extra: &[&str]) -> Output {
    let base = ["forecast", "calls.txt", "--preset", "anonymous-bank", "--horizon-days", "7"];
    Command::new(env!("CARGO_BIN_EXE_wfmsim"))
        .current_dir(dir)
        .args(base)
        .args(["--no-plots"])
        .args(extra)
        .output()
        .unwrap()
}

fn refused(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} missing from: {err}");
    }
    assert!(err.lines().all(|l| l.chars().count() < 600), "one short line per problem: {err}");
}

/// Forecast calls per day of queue `queue`, from the written CSV.
fn daily(dir: &Path, queue: &str) -> f64 {
    let t = read_forecast_csv(&dir.join("output/forecast/forecast.csv")).unwrap();
    let q = t.queue(queue).expect("queue forecast");
    q.mean.iter().sum::<f64>() / 7.0
}

#[test]
fn a_clean_export_forecasts_its_volume() {
    let dir = workdir("clean");
    write(&dir, &export(None));
    let out = forecast(&dir, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = daily(&dir, "PS");
    assert!((d - 60.0).abs() < 3.0, "60 calls a day, forecast {d}");
}

#[test]
fn stray_dates_far_outside_the_history_are_named_not_absorbed() {
    for (date, id) in [("700101", "1970-01-01"), ("981201", "1998-12-01"), ("680101", "2068-01-01")]
    {
        let dir = workdir(&format!("stray-{date}"));
        let mut rows = export(None);
        rows.insert(10, row(9999, "PS", date, 9, 0, 0));
        write(&dir, &rows);
        // Line 12: the header is line 1, the stray row the 11th data row.
        refused(
            &forecast(&dir, &[]),
            &["line 12", id, "1999-02-01 to 1999-02-28", "--allow-outlying-dates"],
        );
    }
    // A row a few days past the rest is part of the history, not an outlier.
    let dir = workdir("stray-near");
    let mut rows = export(None);
    rows.push(row(9999, "PS", "990303", 9, 0, 0));
    write(&dir, &rows);
    let out = forecast(&dir, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_forecast_origin_outside_the_history_is_refused() {
    let dir = workdir("origin");
    write(&dir, &export(None));
    refused(
        &forecast(&dir, &["--from", "1998-12-01"]),
        &["--from 1998-12-01", "1999-02-01 to 1999-02-28"],
    );
    refused(&forecast(&dir, &["--from", "2001-01-01"]), &["outside the history"]);
    assert!(forecast(&dir, &["--from", "1999-03-08"]).status.success());
}

#[test]
fn an_export_appended_twice_is_an_error_unless_accepted() {
    let dir = workdir("dup");
    let mut rows = export(None);
    let copy: Vec<String> = rows[..3].to_vec();
    rows.extend(copy);
    write(&dir, &rows);
    let n = rows.len();
    refused(
        &forecast(&dir, &[]),
        &["3 duplicate row(s)", &format!("line(s) {} (= 2)", n - 1), "--allow-duplicates"],
    );
    let out = forecast(&dir, &["--allow-duplicates"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_misspelt_queue_is_reported_and_skipped_not_fatal() {
    let dir = workdir("misspelt");
    let mut rows = export(None);
    rows.push(row(9998, "P5", "990210", 9, 0, 0));
    rows.push(row(9999, "P5", "990210", 10, 0, 0));
    write(&dir, &rows);
    let out = forecast(&dir, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("queue `P5`") && err.contains("not forecast"), "{err}");
    assert!((daily(&dir, "PS") - 60.0).abs() < 3.0);
}

#[test]
fn a_day_without_contacts_is_unobserved_unless_the_user_says_zero() {
    let dir = workdir("gap");
    write(&dir, &export(Some(10)));
    let out = forecast(&dir, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1999-02-10") && err.contains("--missing-days zero"), "{err}");
    let skipped = daily(&dir, "PS");
    assert!((skipped - 60.0).abs() < 3.0, "the missing day is not a zero-call day: {skipped}");
    let out = forecast(&dir, &["--missing-days", "zero"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.contains("counted as days with no calls"), "{err}");
}
