//! Builders of HTML report documents from a run's results (see `html`).

use super::display::{seconds_estimate, share_estimate, UNDEFINED};
use super::html::{Cell, ReportDoc, Section, Table};
use super::staffing_charts::{
    band, curve_charts, line, mid_hours, plan_charts, push_target, slug, time_chart, top_of, KpiOf,
    TargetKpi,
};
use crate::model::Model;
use crate::staffing::{scheduled, QueueCurve, Recommendation};
use crate::stats::{Estimate, QueueKpis, Summary};

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or(UNDEFINED.into(), f)
}

/// Which of a queue's targets the KPIs miss: (service level, abandonment, ASA).
fn misses(model: &Model, q: usize, k: &QueueKpis) -> (bool, bool, bool) {
    let spec = &model.queues[q];
    let sl = k.service_level.mean < spec.service_level.target;
    let ab = spec.max_abandon_rate.is_some_and(|m| k.abandon_rate.mean > m);
    let asa = spec.max_asa_s.is_some_and(|m| k.asa_s.mean > m);
    (sl, ab, asa)
}

/// Section "Scenario at a glance": horizon, policy, queues with their targets, groups (with
/// the scenario's own head-count when `with_staffing`; a staffing report shows its plans
/// instead).
pub fn glance(model: &Model, with_staffing: bool) -> Section {
    let h = &model.horizon;
    let mut s = Section::new("Scenario at a glance");
    s.note(format!(
        "{} intervals of {} minutes from {} ({} warm-up interval{} not counted); routing policy: {}.",
        h.intervals,
        h.interval_s / 60.0,
        h.label(0),
        h.warmup_intervals,
        if h.warmup_intervals == 1 { "" } else { "s" },
        model.policy().name()
    ));
    let rows = model
        .queues
        .iter()
        .map(|q| {
            let offered: f64 = q.arrivals.rate_per_s.iter().map(|r| r * h.interval_s).sum();
            vec![
                Cell::plain(&q.name),
                Cell::plain(format!("{offered:.0}")),
                Cell::plain(format!("{:.0}", q.handle_time.mean())),
                Cell::plain(
                    q.patience
                        .as_ref()
                        .map_or("never abandon".into(), |p| format!("{:.0}", p.mean())),
                ),
                Cell::plain(format!(
                    "{:.0}% within {:.0} s",
                    100.0 * q.service_level.target,
                    q.service_level.threshold_s
                )),
                Cell::plain(opt(q.max_abandon_rate, |m| format!("≤ {:.1}%", 100.0 * m))),
                Cell::plain(opt(q.max_asa_s, |m| format!("≤ {m:.0} s"))),
            ]
        })
        .collect();
    s.table(Table {
        caption: "Contact types (queues) and their targets".into(),
        header: [
            "queue",
            "expected calls",
            "mean handle time (s)",
            "mean patience (s)",
            "service-level target",
            "abandonment target",
            "ASA target",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    });
    let rows = model
        .groups
        .iter()
        .map(|g| {
            let skills: Vec<String> = g
                .skills
                .iter()
                .map(|k| {
                    let mut t =
                        format!("{} (priority {}", model.queues[k.queue.index()].name, k.priority);
                    if k.speed != 1.0 {
                        t.push_str(&format!(", speed {}", k.speed));
                    }
                    t + ")"
                })
                .collect();
            let (lo, hi) = (
                g.agents.iter().min().copied().unwrap_or(0),
                g.agents.iter().max().copied().unwrap_or(0),
            );
            let hours: f64 = g.agents.iter().map(|&a| a as f64 * h.interval_s / 3600.0).sum();
            let mut row = vec![Cell::plain(&g.name), Cell::plain(skills.join(", "))];
            if with_staffing {
                row.push(Cell::plain(if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                }));
                row.push(Cell::plain(format!("{hours:.1}")));
            }
            row.push(Cell::plain(format!("{:.0}%", 100.0 * g.shrinkage)));
            row
        })
        .collect();
    let (caption, header): (&str, &[&str]) = if with_staffing {
        (
            "Agent groups (the scenario's own staffing)",
            &["group", "skills", "agents on the phones", "agent-hours", "shrinkage"],
        )
    } else {
        ("Agent groups (head-counts: see the staffing plan)", &["group", "skills", "shrinkage"])
    };
    s.table(Table {
        caption: caption.into(),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
    });
    s
}

/// Section of totals per queue and group with 95% confidence intervals.
pub fn kpi_section(model: &Model, summary: &Summary, heading: &str) -> Section {
    let mut s = Section::new(heading);
    s.note(format!(
        "Means over {} replications with 95% confidence intervals [low, high] (n/a with one replication). Highlighted cells miss their target.",
        summary.replications
    ));
    let rows = model
        .queues
        .iter()
        .zip(&summary.queues)
        .enumerate()
        .map(|(q, (spec, k))| {
            let (sl, ab, asa) = misses(model, q, k);
            vec![
                Cell::plain(&spec.name),
                Cell::plain(format!("{:.1}", k.offered.mean)),
                Cell::flagged(share_estimate(&k.service_level), sl),
                Cell::flagged(share_estimate(&k.abandon_rate), ab),
                Cell::flagged(seconds_estimate(&k.asa_s), asa),
                Cell::plain(seconds_estimate(&k.mean_wait_all_s)),
                Cell::plain(share_estimate(&k.p_wait)),
            ]
        })
        .collect();
    s.table(Table {
        caption: "Queues over the horizon".into(),
        header: [
            "queue",
            "offered (calls)",
            "service level",
            "abandonment",
            "ASA",
            "mean wait (all)",
            "P(wait > 0)",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    });
    let rows = model
        .groups
        .iter()
        .zip(&summary.groups)
        .map(|(g, k)| {
            vec![
                Cell::plain(&g.name),
                Cell::plain(share_estimate(&k.occupancy)),
                Cell::plain(format!("{:.1}", k.handled.mean)),
                Cell::plain(format!("{:.1}", k.staffed_hours.mean)),
            ]
        })
        .collect();
    s.table(Table {
        caption: "Agent groups".into(),
        header: ["group", "occupancy", "contacts handled", "agent-hours"]
            .map(String::from)
            .to_vec(),
        rows,
    });
    s
}

/// Per queue: a table of every interval (missed targets highlighted) and the service-level,
/// wait-time (ASA) and abandonment curves over the day with 95% bands.
pub fn interval_section(model: &Model, summary: &Summary, heading: &str) -> Section {
    let h = &model.horizon;
    let mut s = Section::new(heading);
    s.note("KPIs of the contacts that arrived in each interval (means over replications, 95% confidence intervals). Highlighted cells miss their target.");
    let nq = model.queues.len();
    for (q, spec) in model.queues.iter().enumerate() {
        let rows: Vec<_> = summary.intervals.iter().skip(q).step_by(nq).collect();
        let table_rows = rows
            .iter()
            .map(|r| {
                let (sl, ab, asa) = misses(model, q, &r.kpis);
                vec![
                    Cell::plain(h.label(r.interval)),
                    Cell::plain(format!("{:.1}", r.kpis.offered.mean)),
                    Cell::flagged(share_estimate(&r.kpis.service_level), sl),
                    Cell::flagged(share_estimate(&r.kpis.abandon_rate), ab),
                    Cell::flagged(seconds_estimate(&r.kpis.asa_s), asa),
                ]
            })
            .collect();
        s.table(Table {
            caption: format!("{}: per interval", spec.name),
            header: ["interval start", "offered (calls)", "service level", "abandonment", "ASA"]
                .map(String::from)
                .to_vec(),
            rows: table_rows,
        });
        let x: Vec<f64> = rows.iter().map(|r| mid_hours(h, r.interval)).collect();
        if x.is_empty() {
            continue;
        }
        let pick = |f: KpiOf| -> Vec<Estimate> { rows.iter().map(|r| f(&r.kpis)).collect() };
        let charts: [IntervalChart; 3] = [
            (
                "sl",
                "service level (%)",
                |k| k.service_level,
                100.0,
                TargetKpi::ServiceLevel,
                format!(
                    "the share of callers answered within {:.0} s, by the interval they called in; points under the target line are intervals that miss it, and the shaded band is the 95% confidence interval.",
                    spec.service_level.threshold_s
                ),
            ),
            (
                "asa",
                "average speed of answer (s)",
                |k| k.asa_s,
                1.0,
                TargetKpi::Asa,
                "how long answered callers waited on average, by the interval they called in; a rising curve shows the queue building up, usually just after a peak.".into(),
            ),
            (
                "abandon",
                "abandonment (%)",
                |k| k.abandon_rate,
                100.0,
                TargetKpi::Abandonment,
                "the share of callers who hung up before an agent answered; it follows the waits, and every point above the target line is customers lost in that interval.".into(),
            ),
        ];
        for (key, y_label, f, scale, kpi, meaning) in charts {
            let est = pick(f);
            let title = format!("{}: {y_label} per interval (95% band)", spec.name);
            let mut chart = time_chart(&title, h, y_label);
            chart.bands.push(band("95% CI", &x, &est, scale, top_of(scale)));
            chart.series.push(line("simulated mean", &x, &est, scale));
            push_target(&mut chart, spec, kpi);
            if kpi == TargetKpi::ServiceLevel {
                chart.y_range = Some((0.0, 100.0));
            }
            s.chart(
                format!("{key}_{}", slug(&spec.name)),
                format!("{}: {meaning}", spec.name),
                chart,
            );
        }
    }
    s
}

/// (key, axis label, KPI, scale to display units, target, what this means).
type IntervalChart<'a> = (&'a str, &'a str, KpiOf, f64, TargetKpi, String);

/// The report of `wfmsim simulate`: scenario, KPIs with CIs, intervals and curves.
pub fn simulation_report(model: &Model, summary: &Summary, seed: u64) -> ReportDoc {
    let mut doc = ReportDoc::new(
        format!("{} — simulation report", model.name),
        format!(
            "{} replications, seed {}, policy {}, wfmsim {}",
            summary.replications,
            seed,
            model.policy().name(),
            env!("CARGO_PKG_VERSION")
        ),
    );
    doc.push(glance(model, true));
    doc.push(kpi_section(model, summary, "KPIs with confidence intervals"));
    doc.push(interval_section(
        model,
        summary,
        "Per interval: service level, waits and abandonment",
    ));
    doc
}

fn plan_meaning(key: &str) -> String {
    if key.starts_with("plan_") {
        "the recommended head-count on the phones (found by simulating the whole horizon, so queues that carry over after a peak are staffed for; wide line) against the pointwise Erlang plan, which staffs each interval as if it stood alone (thin line with a dot per interval, visible where the two agree), and, where the group has shrinkage, the head-count to schedule once it takes its share.".into()
    } else if key.starts_with("abandonment_") {
        "the share of callers each plan loses per interval when simulated; points above the dashed ceiling are intervals where too many callers hang up.".into()
    } else {
        "the service level each plan actually delivers per interval when simulated; where the Erlang curve dips under the dashed target, the pointwise plan is short-staffed, typically right after a peak.".into()
    }
}

fn curve_meaning(key: &str) -> String {
    if key.ends_with("_service_level") {
        "how the service level responds to agents added to or removed from the group in every interval over the whole horizon; the big dot is the recommended plan and the dashed line the target, so the distance between them is the plan's safety room, and the flatter the curve near the plan, the less an extra agent buys.".into()
    } else if key.ends_with("_asa") {
        "the wait-time curve: average speed of answer against head-count, with its 95% band; the big dot is the recommended plan; waits explode when too few agents are on the phones.".into()
    } else {
        "the abandonment curve: share of callers lost against head-count, with its 95% band; the big dot is the recommended plan, the dashed line the ceiling where the queue sets one.".into()
    }
}

/// The report of `wfmsim staff`: scenario, the plan next to the pointwise Erlang plan, the
/// plan's KPIs with CIs per queue and interval, and the KPI curves against head-count.
pub fn staffing_report(
    model: &Model,
    rec: &Recommendation,
    curves: &[QueueCurve],
    plan: &Summary,
    pointwise: &Summary,
    seed: u64,
) -> ReportDoc {
    let h = &model.horizon;
    let mut doc = ReportDoc::new(
        format!("{} — staffing report", model.name),
        format!(
            "{} replications per plan, {} plans simulated, seed {}, policy {}, wfmsim {}",
            rec.stats.replications,
            rec.stats.evaluations,
            seed,
            model.policy().name(),
            env!("CARGO_PKG_VERSION")
        ),
    );
    doc.push(glance(model, false));
    let mut s = Section::new("Staffing plan next to the pointwise Erlang plan");
    s.note("Agents on the phones per interval and group: the recommended plan (simulation) and the pointwise-stationary Erlang plan it started from, with the scheduled head-count after shrinkage, and the service level each plan delivers. Highlighted service levels miss the target.");
    let mut header = vec!["interval start".to_string()];
    for g in &model.groups {
        header.push(format!("{} agents (scheduled)", g.name));
        header.push(format!("{} Erlang", g.name));
    }
    for q in &model.queues {
        header.push(format!("SL {} plan", q.name));
        header.push(format!("SL {} Erlang", q.name));
    }
    let nq = model.queues.len();
    let (pa, pw) = (&rec.plan.staffing.agents, &rec.pointwise.staffing.agents);
    let rows = (h.warmup_intervals..h.intervals)
        .map(|i| {
            let mut row = vec![Cell::plain(h.label(i))];
            for (g, spec) in model.groups.iter().enumerate() {
                row.push(Cell::plain(format!(
                    "{} ({})",
                    pa[g][i],
                    scheduled(pa[g][i], spec.shrinkage)
                )));
                row.push(Cell::plain(pw[g][i].to_string()));
            }
            let base = (i - h.warmup_intervals) * nq;
            for (q, spec) in model.queues.iter().enumerate() {
                for sum in [plan, pointwise] {
                    let e = &sum.intervals[base + q].kpis.service_level;
                    row.push(Cell::flagged(share_estimate(e), e.mean < spec.service_level.target));
                }
            }
            row
        })
        .collect();
    s.table(Table { caption: "Head-count per interval".into(), header, rows });
    for (key, chart) in plan_charts(model, rec, plan, pointwise) {
        let meaning = plan_meaning(&key);
        s.chart(key, meaning, chart);
    }
    doc.push(s);
    doc.push(kpi_section(model, plan, "KPIs of the recommended plan (confidence intervals)"));
    doc.push(kpi_section(model, pointwise, "KPIs of the pointwise Erlang plan, for comparison"));
    doc.push(interval_section(
        model,
        plan,
        "Recommended plan per interval: service level, waits and abandonment",
    ));
    let charts = curve_charts(model, curves);
    if !charts.is_empty() {
        let mut s = Section::new("Wait-time and abandonment curves against head-count");
        s.note("Each curve moves one group's head-count up and down around the plan in every interval (down to at least one agent in each judged interval) and re-simulates the whole horizon; the band is the 95% confidence interval.");
        for (key, chart) in charts {
            let meaning = curve_meaning(&key);
            s.chart(key, meaning, chart);
        }
        doc.push(s);
    }
    doc
}
