//! Ingestion of synthetic exports (generated here): separators, headers, CRLF, BOM, quoted
//! fields, time zones, value mappings, bad-row reports and `--strict`, mapping files, and the
//! forecast CSV read back.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use wfmsim::forecast::{count_series, fit, ArrivalConfig};
use wfmsim::history::forecast_csv::{read_forecast_csv, to_csv_string, ArrivalUse, ForecastRow};
use wfmsim::history::{
    ingest, BadRowPolicy, CallOutcome, ExportFormat, HistoryData, HistoryError, Mapping,
};

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wfmsim-history-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn contact_mapping() -> Mapping {
    Mapping {
        format: Some(ExportFormat::Contacts),
        delimiter: Some(";".into()),
        time_column: Some("arrived".into()),
        time_format: Some("%d/%m/%Y %H:%M:%S".into()),
        queue_column: Some("skill".into()),
        wait_column: Some("wait".into()),
        handle_column: Some("talk".into()),
        outcome_column: Some("result".into()),
        answered_values: Some(vec!["ANS".into()]),
        abandoned_values: Some(vec!["ABN".into(), "ABANDON".into()]),
        drop_values: Some(vec!["TEST".into()]),
        ..Mapping::default()
    }
}

#[test]
fn per_contact_export_with_crlf_bom_quotes_and_value_mapping() {
    let text = "\u{feff}arrived;skill;wait;talk;result\r\n\
                01/03/2024 08:00:05;\"Sales; EN\";12;0:03:20;ANS\r\n\
                01/03/2024 08:01:00;Support;95;;ABANDON\r\n\
                01/03/2024 08:02:00;Support;0;;TEST\r\n\
                01/03/2024 08:03:00;Support;3;60;XFER\r\n\
                \r\n";
    let path = temp_file("contacts.csv", text.as_bytes());
    let h = ingest(&path, &contact_mapping(), BadRowPolicy::Fail).unwrap();
    assert_eq!((h.report.rows, h.report.kept, h.report.dropped, h.report.bad), (4, 3, 1, 0));
    let c = h.contacts().unwrap();
    assert_eq!(c[0].arrival, dt("2024-03-01 08:00:05"));
    assert_eq!(c[0].queue, "Sales; EN");
    assert_eq!(
        (c[0].wait_s, c[0].handle_s, c[0].outcome),
        (Some(12.0), Some(200.0), Some(CallOutcome::Answered))
    );
    assert_eq!((c[1].handle_s, c[1].outcome, c[1].line), (None, Some(CallOutcome::Abandoned), 3));
    assert_eq!(c[2].outcome, Some(CallOutcome::Other));
    assert_eq!(h.queues(), vec!["Sales; EN".to_string(), "Support".to_string()]);
}

#[test]
fn bad_rows_are_skipped_with_line_numbers_or_fail_under_strict() {
    let text = "arrived;skill;wait;talk;result\n\
                01/03/2024 08:00:05;A;12;200;ANS\n\
                2024-03-01 08:00;A;12;200;ANS\n\
                01/03/2024 08:02:00;A;-4;200;ANS\n\
                01/03/2024 08:03:00;A\n\
                01/03/2024 08:04:00;A;1;1:xx;ANS\n\
                01/03/2024 08:05:00;A;1;30;ABN\n";
    let path = temp_file("bad.csv", text.as_bytes());
    let h = ingest(&path, &contact_mapping(), BadRowPolicy::Skip).unwrap();
    assert_eq!((h.report.rows, h.report.kept, h.report.bad), (6, 2, 4));
    let lines: Vec<u64> = h.report.examples.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6]);
    let first = h.report.examples[0].to_string();
    assert!(
        first.starts_with("line 3, column `arrived`:") && first.contains("%d/%m/%Y %H:%M:%S"),
        "{first}"
    );
    assert!(h.report.examples[1].to_string().contains("column `wait`"), "{}", h.report.examples[1]);
    assert!(h.report.examples[2].reason.contains("fields"), "{}", h.report.examples[2]);
    assert!(h.report.examples[3].to_string().contains("column `talk`"), "{}", h.report.examples[3]);

    let err = ingest(&path, &contact_mapping(), BadRowPolicy::Fail).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, HistoryError::StrictBadRow { .. }));
    assert!(msg.contains("bad.csv") && msg.contains("line 3") && msg.contains("--strict"), "{msg}");
}

#[test]
fn missing_columns_and_incomplete_mappings_are_explained() {
    let path = temp_file("header.csv", b"when,calls\n2024-01-01 00:00,3\n");
    let m = Mapping {
        format: Some(ExportFormat::Intervals),
        time_column: Some("start".into()),
        count_column: Some("calls".into()),
        ..Mapping::default()
    };
    let msg = ingest(&path, &m, BadRowPolicy::Skip).unwrap_err().to_string();
    assert!(msg.contains("column `start`") && msg.contains("the header has: when, calls"), "{msg}");
    let no_count = Mapping { count_column: None, ..m };
    let msg = ingest(&path, &no_count, BadRowPolicy::Skip).unwrap_err().to_string();
    assert!(msg.contains("--count-column"), "{msg}");
}

#[test]
fn time_zones_no_header_and_mapping_file() {
    // No header: columns are named by position. Timestamps in UTC converted to +02:00.
    let text = "2024-03-01T06:00:00Z,4\n2024-03-01T06:30:00+00:00,6\n2024-03-01T09:00:00+02:00,5\n";
    let path = temp_file("utc.csv", text.as_bytes());
    let toml = "format = \"intervals\"\nheader = false\ntime_column = \"1\"\ncount_column = \"2\"\nutc_offset = \"+02:00\"\n";
    let mapping_path = temp_file("mapping.toml", toml.as_bytes());
    let m = Mapping::from_toml_file(&mapping_path).unwrap();
    let h = ingest(&path, &m, BadRowPolicy::Fail).unwrap();
    let HistoryData::Intervals { rows, interval_minutes } = &h.data else { panic!() };
    let starts: Vec<NaiveDateTime> = rows.iter().map(|r| r.start).collect();
    assert_eq!(
        starts,
        vec![dt("2024-03-01 08:00:00"), dt("2024-03-01 08:30:00"), dt("2024-03-01 09:00:00")]
    );
    assert_eq!(*interval_minutes, Some(30));
    let bad_toml = temp_file("bad.toml", b"format = \"intervals\"\ntime_colum = \"x\"\n");
    let msg = Mapping::from_toml_file(&bad_toml).unwrap_err().to_string();
    assert!(msg.contains("bad.toml") && msg.contains("time_colum"), "{msg}");
}

#[test]
fn interval_reports_are_summed_into_planning_intervals() {
    // 15-minute report over three weeks, queue in a column, date and time separate.
    let mut text = String::from("day,start,queue,offered\n");
    for d in 0..21 {
        for q in 0..96 {
            let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d);
            text.push_str(&format!("{},{:02}:{:02},Q,{}\n", date, q / 4, 15 * (q % 4), q % 4 + 1));
        }
    }
    let path = temp_file("report15.csv", text.as_bytes());
    let m = Mapping {
        format: Some(ExportFormat::Intervals),
        date_column: Some("day".into()),
        time_column: Some("start".into()),
        queue_column: Some("queue".into()),
        count_column: Some("offered".into()),
        ..Mapping::default()
    };
    let h = ingest(&path, &m, BadRowPolicy::Fail).unwrap();
    let s = &count_series(&h, 30).unwrap()[0];
    assert_eq!((s.days(), s.per_day), (21, 48));
    assert_eq!(&s.day(0)[..2], &[3.0, 7.0]);
    assert!(count_series(&h, 20).is_err(), "20 min is not a multiple of 15");
    // And the model forecasts it: the flat-per-hour pattern is learnt exactly.
    let model = fit(s, &ArrivalConfig::default()).unwrap();
    let day = &model.forecast(model.next_day(), 1)[0];
    assert!((day.volume - 240.0).abs() < 1e-6, "{}", day.volume);
    assert_eq!(day.busyness_shape, f64::INFINITY, "no over-dispersion in a constant series");
}

#[test]
fn forecast_csv_is_read_back() {
    let t0 = dt("1999-11-08 07:30:00");
    let rows: Vec<ForecastRow> = (0..4)
        .map(|i| ForecastRow {
            interval_start: t0
                + chrono::TimeDelta::minutes(30 * i)
                + chrono::TimeDelta::days(i / 2),
            queue: if i % 2 == 0 { "PS" } else { "NW" }.into(),
            mean: 10.0 + i as f64,
            p10: 6.0,
            p50: 10.0,
            p90: 15.0,
            busyness_shape: 52.5,
            interval_minutes: 30,
        })
        .collect();
    let path = temp_file("forecast.csv", to_csv_string(&rows).as_bytes());
    let table = read_forecast_csv(&path).unwrap();
    assert_eq!(table.queues.len(), 2);
    let ps = table.queue("PS").unwrap();
    assert_eq!(ps.mean, vec![10.0, 12.0]);
    assert_eq!(ps.interval_minutes, 30);
    assert_eq!(ps.days().len(), 2);
    assert_eq!(ps.days()[1].busyness_shape, 52.5);
    assert_eq!(ps.expected_counts("p90".parse::<ArrivalUse>().unwrap()), &[15.0, 15.0]);
    assert!("p75".parse::<ArrivalUse>().is_err());
    let broken = temp_file("broken.csv", b"interval_start,queue,mean,p10,p50\n");
    let msg = read_forecast_csv(&broken).unwrap_err().to_string();
    assert!(msg.contains("p90"), "{msg}");
}

#[test]
fn clock_spans_wrap_past_midnight() {
    let text = "day,arrive,q_in,q_out\n2024-03-01,23:58:00,23:58:10,0:01:10\n2024-03-01,10:00:00,10:00:00,10:00:42\n2024-03-01,10:05:00,10:05:00,7h\n";
    let path = temp_file("spans.csv", text.as_bytes());
    let m = Mapping {
        format: Some(ExportFormat::Contacts),
        date_column: Some("day".into()),
        time_column: Some("arrive".into()),
        wait_span: Some(["q_in".into(), "q_out".into()]),
        ..Mapping::default()
    };
    let h = ingest(&path, &m, BadRowPolicy::Skip).unwrap();
    let waits: Vec<Option<f64>> = h.contacts().unwrap().iter().map(|c| c.wait_s).collect();
    assert_eq!(waits, vec![Some(180.0), Some(42.0)]);
    assert_eq!(h.report.examples[0].column.as_deref(), Some("q_out"));
}
