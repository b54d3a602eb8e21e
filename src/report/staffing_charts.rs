//! The charts of `wfmsim staff`: KPI curves against head-count, and both plans per interval;
//! and the helpers every chart over a horizon shares (time axis, bands, target lines).

use super::plot::{AxisFormat, Band, Frame, LineChart, PlotError, Series, Style, TimeAxis};
use crate::model::{Horizon, Model, QueueSpec};
use crate::staffing::{scheduled, QueueCurve, Recommendation};
use crate::stats::{Estimate, QueueKpis, Summary};
use std::path::{Path, PathBuf};

/// A 95% band of `e` scaled to display units, clipped to `[0, top]` (every KPI charted is
/// non-negative; a share is at most 100%).
pub(crate) fn band(name: &str, x: &[f64], e: &[Estimate], scale: f64, top: f64) -> Band {
    Band {
        name: name.to_string(),
        x: x.to_vec(),
        lower: e.iter().map(|e| (e.ci95[0] * scale).clamp(0.0, top)).collect(),
        upper: e.iter().map(|e| (e.ci95[1] * scale).clamp(0.0, top)).collect(),
    }
}

/// The clip of [`band`] for a KPI shown with `scale`: 100% for shares, none for seconds.
pub(crate) fn top_of(scale: f64) -> f64 {
    if scale == 100.0 {
        100.0
    } else {
        f64::INFINITY
    }
}

/// The means of `e` (undefined ones left out) scaled to display units.
pub(crate) fn line(name: &str, x: &[f64], e: &[Estimate], scale: f64) -> Series {
    Series::line(
        name,
        x.iter()
            .zip(e)
            .filter(|(_, e)| e.mean.is_finite())
            .map(|(&x, e)| (x, e.mean * scale))
            .collect(),
    )
}

/// One KPI of a queue's (or an interval's) KPIs.
pub(crate) type KpiOf = fn(&QueueKpis) -> Estimate;

/// A queue KPI that has a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKpi {
    /// Service level, in %.
    ServiceLevel,
    /// Average speed of answer, in s.
    Asa,
    /// Abandonment rate, in %.
    Abandonment,
}

/// The queue's target of `kpi` in display units with its legend label (`target (80%)`,
/// `ceiling (≤ 5%)`), or `None` when the queue sets none.
pub(crate) fn target(spec: &QueueSpec, kpi: TargetKpi) -> Option<(String, f64)> {
    let pct = |v: f64| {
        let p = 100.0 * v;
        if (p - p.round()).abs() < 1e-9 {
            format!("{p:.0}%")
        } else {
            format!("{p:.1}%")
        }
    };
    match kpi {
        TargetKpi::ServiceLevel => {
            let t = spec.service_level.target;
            Some((
                format!("target ({} within {:.0} s)", pct(t), spec.service_level.threshold_s),
                100.0 * t,
            ))
        }
        TargetKpi::Asa => spec.max_asa_s.map(|m| (format!("target (ASA ≤ {m:.0} s)"), m)),
        TargetKpi::Abandonment => {
            spec.max_abandon_rate.map(|m| (format!("target (ceiling ≤ {})", pct(m)), 100.0 * m))
        }
    }
}

/// Adds the queue's target line of `kpi` to `chart`, if the queue sets one, across the
/// chart's x range (or its data's, when the range is not fixed).
pub(crate) fn push_target(chart: &mut LineChart, spec: &QueueSpec, kpi: TargetKpi) {
    let Some((name, y)) = target(spec, kpi) else { return };
    let (x0, x1) = chart.x_range.unwrap_or_else(|| {
        let xs = chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
        let xs = xs.chain(chart.bands.iter().flat_map(|b| b.x.iter().copied()));
        xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)))
    });
    if x0 <= x1 {
        chart.series.push(Series::target(&name, x0, x1, y));
    }
}

/// Safe file-name fragment for a queue or group name.
pub(crate) fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect()
}

/// Hours from the start of the horizon to the start of interval `i` (the x of time charts).
pub(crate) fn hours(h: &Horizon, i: usize) -> f64 {
    h.start_of(i) / 3600.0
}

/// The middle of interval `i`, in hours from the start (where an interval's KPI is drawn).
pub(crate) fn mid_hours(h: &Horizon, i: usize) -> f64 {
    hours(h, i) + h.interval_s / 7200.0
}

/// The time axis of the horizon: its calendar start (weekday and date when the scenario gives
/// a date) and a description of the span (`time, Mon 2026-11-02 to Sun 2026-11-08`).
pub(crate) fn time_axis(h: &Horizon) -> (TimeAxis, String) {
    let date = h.clock.epoch_day.and_then(|d| {
        let d = i32::try_from(d).ok()?.checked_add(719_163)?; // 1970-01-01 from 0001-01-01
        chrono::NaiveDate::from_num_days_from_ce_opt(d)
    });
    let axis = TimeAxis::starting(date, h.clock.start_s);
    let last = h.end_s() - 1.0;
    let days = ((f64::from(h.clock.start_s) + last) / 86_400.0).floor() as i64;
    let label = match date {
        Some(d) if days > 0 => {
            let end = d + chrono::TimeDelta::days(days);
            format!("time, {} to {}", d.format("%a %Y-%m-%d"), end.format("%a %Y-%m-%d"))
        }
        Some(d) => format!("time of day, {}", d.format("%a %Y-%m-%d")),
        None if days > 0 => "day (d1 = the first) and time of day".to_string(),
        None => "time of day".to_string(),
    };
    (axis, label)
}

/// An empty chart over the whole horizon: x in hours from its start, ticks at clock times and
/// weekdays. A horizon of more than two days gets a wider image (1500 pixels), so that a week
/// still has a labelled tick every 12 hours (`Mon 00:00`, `12:00`, `Tue 00:00`, …).
pub(crate) fn time_chart(title: &str, h: &Horizon, y_label: &str) -> LineChart {
    let (axis, x_label) = time_axis(h);
    let mut frame = Frame::new(title, &x_label, y_label).with_x_format(AxisFormat::Time(axis));
    if h.end_s() > 2.0 * crate::model::SECONDS_PER_DAY {
        frame.size.0 = 1500;
    }
    let mut chart = LineChart::new(frame);
    chart.x_range = Some((0.0, hours(h, h.intervals)));
    chart
}

/// How the reference of two series that often coincide is drawn (the recommended plan next to
/// the pointwise Erlang plan, the first variant of a comparison): a wide line.
pub(crate) const WIDE: Style = Style { width: 3, dashed: false, marker: 0, colour: None };

/// How a series drawn over a [`WIDE`] one is drawn: a thin line with a dot per point (smaller
/// on dense series), so that it stays visible where the two coincide.
pub(crate) fn thin_with_dots(points: usize) -> Style {
    Style { width: 1, marker: if points > 150 { 1 } else { 3 }, ..Style::default() }
}

/// Both plans' KPI per interval: 95% bands, then the plan's line and Erlang's.
fn push_both_plans(
    chart: &mut LineChart,
    x: &[f64],
    (plan, erlang): (&[Estimate], &[Estimate]),
    scale: f64,
) {
    let top = top_of(scale);
    chart.bands.push(band("simulation plan 95% CI", x, plan, scale, top));
    chart.bands.push(band("pointwise Erlang 95% CI", x, erlang, scale, top));
    chart.series.push(line("simulation plan", x, plan, scale).with_style(WIDE));
    chart
        .series
        .push(line("pointwise Erlang", x, erlang, scale).with_style(thin_with_dots(x.len())));
}

/// (file key, axis label, estimates per point, scale to display units, target).
type CurveKpi<'a> = (&'a str, &'a str, Vec<Estimate>, f64, TargetKpi);

/// Service level, ASA and abandonment of each queue against its primary group's head-count:
/// the simulated means with their 95% band, the queue's target line where it sets one, and the
/// recommended plan's point (offset 0) marked.
pub fn curve_charts(model: &Model, curves: &[QueueCurve]) -> Vec<(String, LineChart)> {
    let mut out = Vec::new();
    for c in curves.iter().filter(|c| c.points.len() >= 2) {
        let q = &model.queues[c.queue];
        let g = &model.groups[c.group].name;
        let x: Vec<f64> = c.points.iter().map(|p| p.mean_agents).collect();
        let x_label = format!("agents in group {g} (mean per judged interval)");
        let kpis: [CurveKpi; 3] = [
            (
                "service_level",
                "service level (%)",
                c.points.iter().map(|p| p.service_level).collect(),
                100.0,
                TargetKpi::ServiceLevel,
            ),
            ("asa", "ASA (s)", c.points.iter().map(|p| p.asa_s).collect(), 1.0, TargetKpi::Asa),
            (
                "abandonment",
                "abandonment (%)",
                c.points.iter().map(|p| p.abandon_rate).collect(),
                100.0,
                TargetKpi::Abandonment,
            ),
        ];
        let (lo, hi) = (x[0], x[x.len() - 1]);
        let pad = 0.04 * (hi - lo).max(1.0);
        for (key, y_label, est, scale, kpi) in kpis {
            let title = format!("{}: {y_label} against head-count (95% confidence band)", q.name);
            let mut chart = LineChart::new(Frame::new(&title, &x_label, y_label));
            chart.x_range = Some((lo - pad, hi + pad));
            chart.bands.push(band("95% CI", &x, &est, scale, top_of(scale)));
            chart.series.push(
                line("simulated mean (one point per head-count simulated)", &x, &est, scale)
                    .with_style(Style { marker: 4, ..Style::default() }),
            );
            push_target(&mut chart, q, kpi);
            if let Some((p, e)) = c.points.iter().zip(&est).find(|(p, _)| p.offset == 0) {
                if e.mean.is_finite() {
                    let name = format!("recommended plan ({:.1} agents)", p.mean_agents);
                    chart.series.push(
                        Series::points(&name, vec![(p.mean_agents, e.mean * scale)])
                            .with_style(Style { marker: 8, colour: Some(1), ..Style::default() }),
                    );
                }
            }
            out.push((format!("curve_{}_{key}", slug(&q.name)), chart));
        }
    }
    out
}

/// Per interval: each group's recommended head-count on the phones against the pointwise
/// Erlang plan, and the recommended plan's scheduled head-count after shrinkage (when the
/// group has shrinkage; otherwise it equals the head-count on the phones); and each queue's
/// service level and abandonment under both plans, from the fresh evidence replications,
/// with the queue's target lines.
pub fn plan_charts(
    model: &Model,
    rec: &Recommendation,
    plan: &Summary,
    pointwise: &Summary,
) -> Vec<(String, LineChart)> {
    let h = &model.horizon;
    let warm = h.warmup_intervals;
    let mut out = Vec::new();
    for (g, spec) in model.groups.iter().enumerate() {
        let steps = |agents: &[u32], f: &dyn Fn(u32) -> u32| -> Vec<(f64, f64)> {
            let mut v: Vec<(f64, f64)> =
                (0..h.intervals).map(|i| (hours(h, i), f(agents[i]) as f64)).collect();
            v.push((hours(h, h.intervals), f(agents[h.intervals - 1]) as f64));
            v
        };
        let on_phones = |a: u32| a;
        let title = if spec.shrinkage > 0.0 {
            format!("{}: agents on the phones and scheduled head-count per interval", spec.name)
        } else {
            format!("{}: agents on the phones per interval", spec.name)
        };
        let mut chart = time_chart(&title, h, "agents (head-count)");
        chart.frame.y_format = AxisFormat::Integer;
        let plan_agents = &rec.plan.staffing.agents[g];
        chart.series.push(
            Series::step("simulation plan, on the phones", steps(plan_agents, &on_phones))
                .with_style(WIDE),
        );
        chart.series.push(
            Series::step(
                "pointwise Erlang, on the phones",
                steps(&rec.pointwise.staffing.agents[g], &on_phones),
            )
            .with_style(thin_with_dots(h.intervals)),
        );
        if spec.shrinkage > 0.0 {
            let name = format!(
                "simulation plan, scheduled after {:.0}% shrinkage",
                100.0 * spec.shrinkage
            );
            let sched = |a: u32| scheduled(a, spec.shrinkage);
            chart.series.push(Series::step(&name, steps(plan_agents, &sched)));
        }
        out.push((format!("plan_{}", slug(&spec.name)), chart));
    }
    let nq = model.queues.len();
    let x: Vec<f64> = (warm..h.intervals).map(|i| mid_hours(h, i)).collect();
    for (q, spec) in model.queues.iter().enumerate() {
        let rows = |s: &Summary, f: KpiOf| -> Vec<Estimate> {
            s.intervals.iter().skip(q).step_by(nq).map(|r| f(&r.kpis)).collect()
        };
        let charts: [(&str, KpiOf, TargetKpi); 2] = [
            ("service_level", |k| k.service_level, TargetKpi::ServiceLevel),
            ("abandonment", |k| k.abandon_rate, TargetKpi::Abandonment),
        ];
        for (key, f, kpi) in charts {
            let what = key.replace('_', " ");
            let title = format!(
                "{}: {what} per interval, both plans (fresh evidence, {} replications; 95% bands)",
                spec.name, rec.evidence.replications
            );
            let y_label = format!("{what} (%)");
            let mut chart = time_chart(&title, h, &y_label);
            let (a, b) = (rows(plan, f), rows(pointwise, f));
            push_both_plans(&mut chart, &x, (&a, &b), 100.0);
            push_target(&mut chart, spec, kpi);
            if kpi == TargetKpi::ServiceLevel {
                chart.y_range = Some((0.0, 100.0));
            }
            out.push((format!("{key}_{}", slug(&spec.name)), chart));
        }
    }
    out
}

/// Renders charts into `dir` (SVG and PNG each) and returns the written paths.
pub fn render_all(dir: &Path, charts: &[(String, LineChart)]) -> Result<Vec<PathBuf>, PlotError> {
    let mut paths = Vec::new();
    for (name, chart) in charts {
        paths.extend(chart.render(&dir.join(name))?);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plot::{SeriesKind, GREY};
    use crate::staffing::CurvePoint;

    fn est(mean: f64) -> Estimate {
        Estimate { mean, ci95: [mean - 0.01, mean + 0.01], n: 10, sd: 0.01 }
    }

    fn model(horizon: &str) -> Model {
        let text = format!(
            r#"schema_version = 1
name = "t"
[horizon]
{horizon}
[[queue]]
name = "q"
arrivals_per_hour = 100
handle_time = {{ distribution = "exponential", mean_s = 300 }}
patience = {{ distribution = "exponential", mean_s = 300 }}
service_level = {{ within_s = 20, target = 0.80 }}
max_abandon_rate = 0.05
[[group]]
name = "g"
skills = ["q"]
agents = 12
"#
        );
        crate::scenario_file::parse(&text, "test").unwrap()
    }

    #[test]
    fn curves_mark_the_recommended_plan_and_draw_the_targets_the_queue_sets() {
        let m = model("interval_minutes = 30\nintervals = 4");
        let point = |offset: i32, sl: f64, ab: f64| CurvePoint {
            offset,
            mean_agents: 12.0 + offset as f64,
            service_level: est(sl),
            asa_s: est(20.0 - offset as f64),
            abandon_rate: est(ab),
        };
        let curve = QueueCurve {
            queue: 0,
            group: 0,
            points: vec![point(-1, 0.7, 0.07), point(0, 0.85, 0.03), point(1, 0.9, 0.02)],
        };
        let charts = curve_charts(&m, &[curve]);
        let keys: Vec<&str> = charts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["curve_q_service_level", "curve_q_asa", "curve_q_abandonment"]);
        let find = |c: &LineChart, prefix: &str| {
            c.series.iter().find(|s| s.name.starts_with(prefix)).cloned()
        };
        let sl = &charts[0].1;
        let target = find(sl, "target").expect("service-level target line");
        assert_eq!(target.name, "target (80% within 20 s)");
        assert!(target.style.dashed && target.style.colour == Some(GREY));
        assert!(target.points.iter().all(|p| p.1 == 80.0));
        let (x0, x1) = sl.x_range.unwrap();
        assert_eq!((target.points[0].0, target.points[1].0), (x0, x1), "across the chart");
        let plan = find(sl, "recommended plan").expect("the plan's point");
        assert_eq!(plan.name, "recommended plan (12.0 agents)");
        assert_eq!((plan.kind, plan.points.clone()), (SeriesKind::Points, vec![(12.0, 85.0)]));
        assert!(plan.style.marker >= 6, "a big marker");
        assert!(find(&charts[1].1, "target").is_none(), "no ASA ceiling in this scenario");
        let ab = find(&charts[2].1, "target").expect("abandonment ceiling");
        assert_eq!((ab.name.as_str(), ab.points[0].1), ("target (ceiling ≤ 5%)", 5.0));
    }

    #[test]
    fn time_axes_name_the_days_of_a_dated_horizon() {
        let week = model("start = \"2026-11-02\"\ninterval_minutes = 30\ndays = 7");
        let (axis, label) = time_axis(&week.horizon);
        assert_eq!(label, "time, Mon 2026-11-02 to Sun 2026-11-08");
        assert_eq!((axis.weekday, axis.start_s), (Some(0), 0));
        let chart = time_chart("t", &week.horizon, "agents");
        assert_eq!((chart.x_range, chart.frame.size.0), (Some((0.0, 168.0)), 1500));
        let day = model("start = \"08:00\"\ninterval_minutes = 30\nintervals = 24");
        let (axis, label) = time_axis(&day.horizon);
        assert_eq!((label.as_str(), axis.weekday, axis.start_s), ("time of day", None, 28_800));
        assert_eq!(time_chart("t", &day.horizon, "agents").frame.size.0, 1200);
        assert_eq!(mid_hours(&day.horizon, 1), 0.75);
    }
}
