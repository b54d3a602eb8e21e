//! Real-data proof: every data set's documented row counts (its README) are reproduced on
//! ingestion with the built-in presets. Reads the folder named by `WFMSIM_DATA_DIR`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, Timelike};
use wfmsim::history::{ingest, preset, BadRowPolicy, CallOutcome, HistoryData};

mod history_support;
use history_support::data_dir;

#[test]
fn anonymous_bank_february_records() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("anonymous-bank-1999/anonymous_bank_1999_02.tsv");
    let h = ingest(&path, &preset("anonymous-bank").unwrap(), BadRowPolicy::Fail).unwrap();
    // 33,344 calls, of which 278 PHANTOM.
    assert_eq!(
        (h.report.rows, h.report.kept, h.report.dropped, h.report.bad),
        (33_344, 33_066, 278, 0)
    );
    let c = h.contacts().unwrap();
    let queued = c.iter().filter(|r| r.entered_queue()).count();
    let hang_queued =
        c.iter().filter(|r| r.entered_queue() && r.outcome == Some(CallOutcome::Abandoned)).count();
    let hang_vru = c
        .iter()
        .filter(|r| !r.entered_queue() && r.outcome == Some(CallOutcome::Abandoned))
        .count();
    let named =
        c.iter().filter(|r| r.outcome == Some(CallOutcome::Answered) && r.agent.is_some()).count();
    assert_eq!(queued, 18_058);
    assert_eq!(hang_queued, 3_963);
    assert_eq!(hang_vru, 1_941);
    assert_eq!(named, 26_671);
    // 25 distinct values of `server`: 24 agent names and NO_SERVER.
    let agents: BTreeSet<&str> = c.iter().filter_map(|r| r.agent.as_deref()).collect();
    assert_eq!(agents.len() + 1, 25);
    // 28 days, 1999-02-01 .. 1999-02-28.
    let days: BTreeSet<NaiveDate> = c.iter().map(|r| r.arrival.date()).collect();
    assert_eq!(days.len(), 28);
    assert_eq!(days.first().unwrap().to_string(), "1999-02-01");
    assert_eq!(days.last().unwrap().to_string(), "1999-02-28");
    // Service time median / mean 109 / 179 s over calls served by a named agent.
    let mut service: Vec<f64> = c
        .iter()
        .filter(|r| r.outcome == Some(CallOutcome::Answered) && r.agent.is_some())
        .map(|r| r.handle_s.unwrap())
        .collect();
    service.sort_by(f64::total_cmp);
    let mean = service.iter().sum::<f64>() / service.len() as f64;
    assert_eq!(service[service.len() / 2], 109.0);
    assert_eq!(mean.round(), 179.0);
}

#[test]
fn bank_clock_spans_unwrapped_past_midnight_equal_the_seconds_columns() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("anonymous-bank-1999/anonymous_bank_1999_02.tsv");
    let by_seconds = ingest(&path, &preset("anonymous-bank").unwrap(), BadRowPolicy::Fail).unwrap();
    let mut spans = preset("anonymous-bank").unwrap();
    spans.wait_span = Some(["q_start".into(), "q_exit".into()]);
    spans.handle_span = Some(["ser_start".into(), "ser_exit".into()]);
    let by_clock = ingest(&path, &spans, BadRowPolicy::Fail).unwrap();
    let (a, b) = (by_seconds.contacts().unwrap(), by_clock.contacts().unwrap());
    assert_eq!(a.len(), b.len());
    let mut wrapped = 0;
    for (x, y) in a.iter().zip(b) {
        assert_eq!((x.wait_s, x.handle_s), (y.wait_s, y.handle_s), "line {}", x.line);
        wrapped += usize::from(
            y.handle_s.unwrap() > 0.0
                && x.arrival.time().num_seconds_from_midnight() + y.handle_s.unwrap() as u32
                    > 86_400,
        );
    }
    // Calls whose service ran past midnight exist (16 in February), so the unwrapping was needed.
    assert!(wrapped > 0, "some services cross midnight");
}

#[test]
fn bank_records_match_the_six_minute_counts_in_every_february_interval() {
    let Some(dir) = data_dir() else { return };
    // Every record counts in the 6-minute file, PHANTOM included: keep them.
    let mut mapping = preset("anonymous-bank").unwrap();
    mapping.drop_values = None;
    let records = ingest(
        &dir.join("anonymous-bank-1999/anonymous_bank_1999_02.tsv"),
        &mapping,
        BadRowPolicy::Fail,
    )
    .unwrap();
    let mut counts: BTreeMap<(NaiveDate, u32), f64> = BTreeMap::new();
    for r in records.contacts().unwrap() {
        // README rule: interval u holds (u−1)·360 < t ≤ u·360; t = 0 goes into interval 1.
        let t = r.arrival.time().num_seconds_from_midnight();
        let u = if t == 0 { 1 } else { t.div_ceil(360) };
        *counts.entry((r.arrival.date(), u)).or_default() += 1.0;
    }
    let six = ingest(
        &dir.join("anonymous-bank-1999-6min/anonymous_bank_1999_calls_6min.csv"),
        &preset("anonymous-bank-6min").unwrap(),
        BadRowPolicy::Fail,
    )
    .unwrap();
    let HistoryData::Intervals { rows, .. } = &six.data else { panic!("interval report expected") };
    let february: Vec<_> =
        rows.iter().filter(|r| r.start.date().format("%Y-%m").to_string() == "1999-02").collect();
    assert_eq!(february.len(), 28 * 240);
    let mut matched = 0;
    for r in &february {
        let u = r.start.time().num_seconds_from_midnight() / 360 + 1;
        if counts.get(&(r.start.date(), u)).copied().unwrap_or(0.0) == r.offered {
            matched += 1;
        }
    }
    assert_eq!(matched, february.len(), "100% of February intervals match");
    assert_eq!(february.iter().map(|r| r.offered).sum::<f64>(), 33_344.0);
}

#[test]
fn anonymous_bank_six_minute_counts() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("anonymous-bank-1999-6min/anonymous_bank_1999_calls_6min.csv");
    let h = ingest(&path, &preset("anonymous-bank-6min").unwrap(), BadRowPolicy::Fail).unwrap();
    assert_eq!((h.report.rows, h.report.kept, h.report.bad), (87_600, 87_600, 0));
    let HistoryData::Intervals { rows, interval_minutes } = &h.data else {
        panic!("interval report expected")
    };
    assert_eq!(*interval_minutes, Some(6));
    let total: f64 = rows.iter().map(|r| r.offered).sum();
    assert_eq!(total, 445_414.5);
    let mut daily: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for r in rows {
        *daily.entry(r.start.date()).or_default() += r.offered;
    }
    assert_eq!(daily.len(), 365);
    assert_eq!((total / 365.0).round(), 1_220.0);
    let min = daily.values().copied().fold(f64::INFINITY, f64::min);
    let max = daily.values().copied().fold(0.0, f64::max);
    assert_eq!((min, max), (14.0, 2_589.0));
    let imputed = rows.iter().filter(|r| r.offered.fract() != 0.0).collect::<Vec<_>>();
    // The README says "non-integer values (x.5) in 90 intervals"; the file has 91 (all x.5,
    // all on 1999-05-23: `awk -F, '$5 ~ /\./' FILE | wc -l` agrees). The README is off by one.
    assert_eq!(imputed.len(), 91);
    assert!(imputed.iter().all(|r| r.start.date().to_string() == "1999-05-23"));
}

#[test]
fn montco_911_sample() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("montco-911-sample/montco_911_2015-12-10_to_2016-01-04.csv");
    let h = ingest(&path, &preset("montco-911").unwrap(), BadRowPolicy::Fail).unwrap();
    assert_eq!((h.report.rows, h.report.kept, h.report.bad), (9_226, 9_226, 0));
    let c = h.contacts().unwrap();
    let mut by_queue: BTreeMap<&str, usize> = BTreeMap::new();
    for r in c {
        *by_queue.entry(r.queue.as_str()).or_default() += 1;
    }
    assert_eq!(by_queue, BTreeMap::from([("EMS", 4_607), ("Fire", 1_265), ("Traffic", 3_354)]));
    let first = c.iter().map(|r| r.arrival).min().unwrap();
    let last = c.iter().map(|r| r.arrival).max().unwrap();
    assert_eq!(first.to_string(), "2015-12-10 14:39:21");
    assert_eq!(last.to_string(), "2016-01-04 19:33:21");
}

#[test]
fn nhs111_monthly() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("nhs111-monthly-2015-16/nhs111_mds_monthly_2015-16.csv");
    let h = ingest(&path, &preset("nhs111-monthly").unwrap(), BadRowPolicy::Fail).unwrap();
    assert_eq!((h.report.rows, h.report.kept, h.report.bad), (534, 534, 0));
    let HistoryData::Intervals { rows, interval_minutes } = &h.data else {
        panic!("interval report expected")
    };
    assert_eq!(*interval_minutes, None, "monthly rows are not intraday intervals");
    let mut areas: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut offered: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for r in rows {
        *areas.entry(r.start.date()).or_default() += 1;
        *offered.entry(r.start.date()).or_default() += r.offered;
        assert!(r.answered.is_some() && r.abandoned.is_some());
    }
    assert_eq!(areas.len(), 12);
    for (month, n) in &areas {
        let want = if *month < NaiveDate::from_ymd_opt(2015, 10, 1).unwrap() { 45 } else { 44 };
        assert_eq!(*n, want, "{month}");
    }
    // National calls offered per month: 0.95 M (Sep 2015) to 1.52 M (Mar 2016).
    let (min_month, min) = offered.iter().min_by(|a, b| a.1.total_cmp(b.1)).unwrap();
    let (max_month, max) = offered.iter().max_by(|a, b| a.1.total_cmp(b.1)).unwrap();
    assert_eq!(min_month.to_string(), "2015-09-01");
    assert_eq!(max_month.to_string(), "2016-03-01");
    assert_eq!(((min / 1e4).round(), (max / 1e4).round()), (95.0, 152.0));
}
