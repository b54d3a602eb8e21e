//! `wfmsim forecast` and `wfmsim learn` end to end on generated exports: flags and mapping
//! files, the forecast CSV (columns, determinism, read back), the backtest report and JSON,
//! plots (SVG and PNG), bad rows and `--strict`.

use std::path::{Path, PathBuf};
use std::process::Command;

use rand::SeedableRng;
use rand_distr::{Distribution, Exp, LogNormal, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use wfmsim::history::forecast_csv::read_forecast_csv;

mod common;
use common::svg::Svg;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wfmsim-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn wfmsim(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wfmsim")).current_dir(dir).args(args).output().unwrap()
}

/// A 15-minute interval report over ten weeks: `start;offered` with `dd.mm.yyyy HH:MM`.
fn interval_report(dir: &Path) -> PathBuf {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut text = String::from("start;offered\r\n");
    let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for d in 0..70u64 {
        let date = first + chrono::Days::new(d);
        let weekend = d % 7 >= 5;
        for q in 0..96 {
            let h = q as f64 / 4.0;
            let rate = if (8.0..18.0).contains(&h) {
                if weekend {
                    4.0
                } else {
                    12.0 + 6.0 * (h - 8.0).sin().abs()
                }
            } else {
                0.3
            };
            let n: f64 = Poisson::new(rate).unwrap().sample(&mut rng);
            text.push_str(&format!(
                "{} {:02}:{:02};{}\r\n",
                date.format("%d.%m.%Y"),
                q / 4,
                15 * (q % 4),
                n
            ));
        }
    }
    let path = dir.join("report.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn forecast_from_flags_writes_the_csv_deterministically() {
    let dir = workdir("forecast");
    interval_report(&dir);
    let args = [
        "forecast",
        "report.csv",
        "--format",
        "intervals",
        "--delimiter",
        ";",
        "--time-column",
        "start",
        "--time-format",
        "%d.%m.%Y %H:%M",
        "--count-column",
        "offered",
        "--interval-minutes",
        "30",
        "--horizon-days",
        "14",
        "--out",
        "fc.csv",
    ];
    let out = wfmsim(&dir, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = std::fs::read(dir.join("fc.csv")).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.starts_with("interval_start,queue,mean,p10,p50,p90,busyness_shape,interval_minutes\n2024-03-11T00:00:00,all,"), "{}", &text[..200]);
    assert_eq!(text.lines().count(), 1 + 14 * 48);
    assert!(wfmsim(&dir, &args).status.success());
    assert_eq!(std::fs::read(dir.join("fc.csv")).unwrap(), first, "same input, same bytes");
    let table = read_forecast_csv(&dir.join("fc.csv")).unwrap();
    let q = table.queue("all").unwrap();
    assert_eq!((q.mean.len(), q.days().len(), q.interval_minutes), (14 * 48, 14, 30));
    let monday_10h =
        q.interval_starts.iter().position(|t| t.to_string() == "2024-03-11 10:00:00").unwrap();
    // Two 15-minute rates of 12 + 6·|sin(h − 8)| at h = 10 and 10.25; the estimate rests on
    // about eight Mondays (Poisson SE ≈ 2).
    let want = 24.0 + 6.0 * (2.0f64.sin().abs() + 2.25f64.sin().abs());
    assert!((q.mean[monday_10h] - want).abs() < 6.0, "{} vs {want}", q.mean[monday_10h]);
    for png in ["weekly_profile_all.png", "weekly_profile_all.svg"] {
        assert!(dir.join("output/forecast").join(png).exists(), "{png}");
    }
    // A typical week: weekday ticks, the legend outside the data.
    let profile = Svg::read(&dir.join("output/forecast/weekly_profile_all.svg"));
    profile.assert_legends_outside("weekly_profile_all");
    let x = profile.x_ticks(&profile.plot_area());
    assert_eq!(x, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"]);
    // --from moves the start; the day count stays.
    let out = wfmsim(&dir, &[&args[..], &["--from", "2024-04-01", "--no-plots"]].concat());
    assert!(out.status.success());
    let t = read_forecast_csv(&dir.join("fc.csv")).unwrap();
    assert_eq!(t.queues[0].interval_starts[0].to_string(), "2024-04-01 00:00:00");
}

#[test]
fn backtest_reports_text_and_json_with_a_mapping_file() {
    let dir = workdir("backtest");
    interval_report(&dir);
    std::fs::write(
        dir.join("map.toml"),
        "format = \"intervals\"\ndelimiter = \";\"\ntime_column = \"start\"\ntime_format = \"%d.%m.%Y %H:%M\"\ncount_column = \"offered\"\n",
    )
    .unwrap();
    let out = wfmsim(
        &dir,
        &["forecast", "report.csv", "--mapping", "map.toml", "--backtest-weeks", "3", "--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["backtest"][0];
    assert_eq!(b["weeks"], 3);
    assert_eq!(b["intervals"], 3 * 7 * 48);
    for method in ["wfmsim", "seasonal_naive", "weekly_average"] {
        for g in ["interval", "daily"] {
            assert!(b[g][method]["wape"].as_f64().unwrap() > 0.0, "{g} {method}");
            assert!(b[g][method]["mase"].as_f64().unwrap() > 0.0, "{g} {method}");
        }
    }
    let coverage = b["coverage_80"].as_f64().unwrap();
    assert!((0.6..=0.97).contains(&coverage), "{coverage}");
    assert!(dir.join("output/forecast/backtest_all.png").exists());
    // The backtest's three weeks: day ticks with weekday and date (`Mon 03-18`).
    let daily = Svg::read(&dir.join("output/forecast/backtest_daily_all.svg"));
    daily.assert_legends_outside("backtest_daily_all");
    let x = daily.x_ticks(&daily.plot_area());
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let dated = |t: &String| days.contains(&&t[..3]) && t.len() == 9 && &t[6..7] == "-";
    assert!(x.len() >= 3 && x.iter().all(dated), "{x:?}");
    let text = wfmsim(
        &dir,
        &["forecast", "report.csv", "--mapping", "map.toml", "--backtest-weeks", "3", "--no-plots"],
    );
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("WAPE  wfmsim") && stdout.contains("80% band coverage"), "{stdout}");
}

#[test]
fn bad_rows_are_reported_and_strict_fails() {
    let dir = workdir("badrows");
    interval_report(&dir);
    let mut text = std::fs::read_to_string(dir.join("report.csv")).unwrap();
    text = text.replacen("01.01.2024 03:00;", "01.01.2024 3h;", 1).replacen(
        "02.01.2024 05:00;0",
        "02.01.2024 05:00;x",
        1,
    );
    std::fs::write(dir.join("report.csv"), text).unwrap();
    let base = [
        "forecast",
        "report.csv",
        "--format",
        "intervals",
        "--delimiter",
        ";",
        "--time-column",
        "start",
        "--time-format",
        "%d.%m.%Y %H:%M",
        "--count-column",
        "offered",
        "--horizon-days",
        "1",
        "--no-plots",
    ];
    let out = wfmsim(&dir, &base);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2 bad"), "{err}");
    assert!(
        err.contains("skipped line 14, column `start`")
            && err.contains("skipped line 118, column `offered`"),
        "{err}"
    );
    std::fs::remove_file(dir.join("output/forecast/forecast.csv")).unwrap();
    let strict = wfmsim(&dir, &[&base[..], &["--strict"]].concat());
    assert!(!strict.status.success());
    let err = String::from_utf8(strict.stderr).unwrap();
    assert!(err.contains("line 14") && err.contains("report.csv"), "{err}");
    assert!(!dir.join("output/forecast/forecast.csv").exists(), "a failed run writes nothing");
    let missing =
        wfmsim(&dir, &["forecast", "report.csv", "--preset", "nope", "--horizon-days", "1"]);
    assert!(String::from_utf8(missing.stderr).unwrap().contains("anonymous-bank"));
}

#[test]
fn learn_writes_scenario_syntax_and_json() {
    let dir = workdir("learn");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let s2 = (1.0f64 + 1.1 * 1.1).ln();
    let handle = LogNormal::new(212f64.ln() - s2 / 2.0, s2.sqrt()).unwrap();
    let patience = Exp::new(1.0 / 180.0).unwrap();
    let service_wait = Exp::new(1.0 / 40.0).unwrap();
    let mut text = String::from("date,time,type,wait,talk,status\n");
    for i in 0..6000 {
        let p: f64 = patience.sample(&mut rng);
        let w: f64 = service_wait.sample(&mut rng);
        let (wait, talk, status) = if p < w {
            (p, String::new(), "abandoned")
        } else {
            (w, format!("{:.0}", handle.sample(&mut rng).max(1.0)), "handled")
        };
        text.push_str(&format!(
            "2024-02-{:02},{}:{:02}:00,{},{:.0},{},{}\n",
            1 + i % 28,
            8 + i % 10,
            i % 60,
            if i % 3 == 0 { "Sales" } else { "Service" },
            wait,
            talk,
            status
        ));
    }
    std::fs::write(dir.join("calls.csv"), text).unwrap();
    let args = [
        "learn",
        "calls.csv",
        "--format",
        "contacts",
        "--date-column",
        "date",
        "--time-column",
        "time",
        "--queue-column",
        "type",
        "--wait-column",
        "wait",
        "--handle-column",
        "talk",
        "--outcome-column",
        "status",
        "--answered-values",
        "handled",
        "--abandoned-values",
        "abandoned",
        "--out",
        "learned.toml",
    ];
    let out = wfmsim(&dir, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let toml_text = std::fs::read_to_string(dir.join("learned.toml")).unwrap();
    let parsed: toml::Value = toml::from_str(&toml_text).unwrap();
    let queues = parsed["queue"].as_array().unwrap();
    assert_eq!(queues.len(), 2);
    assert_eq!(queues[0]["name"].as_str(), Some("Sales"));
    let h = &queues[1]["handle_time"];
    assert_eq!(h["distribution"].as_str(), Some("lognormal"));
    assert!((h["mean_s"].as_float().unwrap() / 212.0 - 1.0).abs() < 0.1);
    let p = &queues[1]["patience"];
    assert!(matches!(p["distribution"].as_str(), Some("exponential") | Some("weibull")));
    assert!((p["mean_s"].as_float().unwrap() / 180.0 - 1.0).abs() < 0.25);
    assert!(
        dir.join("output/learn/patience_Sales.png").exists()
            && dir.join("output/learn/handle_time_Service.svg").exists()
    );

    let json = wfmsim(&dir, &[&args[..], &["--json", "--no-plots"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let q = &v["queues"][0];
    for key in ["contacts", "answered", "abandoned"] {
        assert!(q[key].as_u64().unwrap() > 0, "{key}");
    }
    for key in ["handle_time", "patience"] {
        assert!(
            q[key]["distribution"].is_string() && q[key]["mean_s"].as_f64().unwrap() > 0.0,
            "{key}"
        );
    }
    assert!(q["handle_time"]["cv"].as_f64().is_some());
    let needs_contacts = wfmsim(
        &dir,
        &[
            "learn",
            "calls.csv",
            "--format",
            "intervals",
            "--time-column",
            "date",
            "--count-column",
            "wait",
        ],
    );
    assert!(String::from_utf8(needs_contacts.stderr).unwrap().contains("per-contact"));
}
