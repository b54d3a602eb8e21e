//! The charts of `wfmsim staff`: KPI curves against head-count, and both plans per interval.

use super::plot::{Band, Frame, LineChart, PlotError, Series};
use crate::model::Model;
use crate::staffing::{QueueCurve, Recommendation};
use crate::stats::{Estimate, Summary};
use std::path::{Path, PathBuf};

pub(crate) fn band(name: &str, x: &[f64], e: &[Estimate], scale: f64) -> Band {
    Band {
        name: name.to_string(),
        x: x.to_vec(),
        lower: e.iter().map(|e| e.ci95[0] * scale).collect(),
        upper: e.iter().map(|e| e.ci95[1] * scale).collect(),
    }
}

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

pub(crate) fn flat(name: &str, x: &[f64], y: f64) -> Series {
    Series::line(name, vec![(x[0], y), (x[x.len() - 1], y)])
}

/// (file key, axis label, estimates per point, scale to display units, target line).
type CurveKpi<'a> = (&'a str, &'a str, Vec<Estimate>, f64, Option<f64>);

/// Safe file-name fragment for a queue or group name.
pub(crate) fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect()
}

/// Service level, ASA and abandonment of each queue against its primary group's head-count.
pub fn curve_charts(model: &Model, curves: &[QueueCurve]) -> Vec<(String, LineChart)> {
    let mut out = Vec::new();
    for c in curves.iter().filter(|c| c.points.len() >= 2) {
        let q = &model.queues[c.queue];
        let g = &model.groups[c.group].name;
        let x: Vec<f64> = c.points.iter().map(|p| p.mean_agents).collect();
        let x_label = format!("agents in group {g} (mean per interval)");
        let kpis: [CurveKpi; 3] = [
            (
                "service_level",
                "service level (%)",
                c.points.iter().map(|p| p.service_level).collect(),
                100.0,
                Some(100.0 * q.service_level.target),
            ),
            ("asa", "ASA (s)", c.points.iter().map(|p| p.asa_s).collect(), 1.0, q.max_asa_s),
            (
                "abandonment",
                "abandonment (%)",
                c.points.iter().map(|p| p.abandon_rate).collect(),
                100.0,
                q.max_abandon_rate.map(|m| 100.0 * m),
            ),
        ];
        for (key, y_label, est, scale, target) in kpis {
            let title = format!("{}: {y_label} against head-count (95% confidence band)", q.name);
            let mut chart = LineChart::new(Frame::new(&title, &x_label, y_label));
            chart.bands.push(band("95% CI", &x, &est, scale));
            chart.series.push(line("simulated mean", &x, &est, scale));
            if let Some(t) = target {
                chart.series.push(flat("target", &x, t));
            }
            out.push((format!("curve_{}_{key}", slug(&q.name)), chart));
        }
    }
    out
}

/// Per interval: each group's recommended head-count against the pointwise Erlang plan, and
/// each queue's service level under both plans, from the fresh evidence replications.
pub fn plan_charts(
    model: &Model,
    rec: &Recommendation,
    plan: &Summary,
    pointwise: &Summary,
) -> Vec<(String, LineChart)> {
    let h = &model.horizon;
    let warm = h.warmup_intervals;
    let hours = |i: usize| h.start_of(i) / 3600.0;
    let x_label = format!("hours from {}", h.label(0));
    let mut out = Vec::new();
    for (g, spec) in model.groups.iter().enumerate() {
        let steps = |agents: &[u32]| -> Vec<(f64, f64)> {
            let mut v: Vec<(f64, f64)> =
                (0..h.intervals).map(|i| (hours(i), agents[i] as f64)).collect();
            v.push((hours(h.intervals), agents[h.intervals - 1] as f64));
            v
        };
        let title = format!("{}: agents on the phones per interval", spec.name);
        let mut chart = LineChart::new(Frame::new(&title, &x_label, "agents"));
        chart.series.push(Series::step("simulation plan", steps(&rec.plan.staffing.agents[g])));
        chart
            .series
            .push(Series::step("pointwise Erlang", steps(&rec.pointwise.staffing.agents[g])));
        out.push((format!("plan_{}", slug(&spec.name)), chart));
    }
    let nq = model.queues.len();
    for (q, spec) in model.queues.iter().enumerate() {
        let rows = |s: &Summary| -> Vec<Estimate> {
            s.intervals.iter().skip(q).step_by(nq).map(|r| r.kpis.service_level).collect()
        };
        let x: Vec<f64> = (warm..h.intervals).map(|i| hours(i) + h.interval_s / 7200.0).collect();
        let (a, b) = (rows(plan), rows(pointwise));
        let title = format!(
            "{}: service level per interval, both plans (fresh evidence, {} replications; 95% bands)",
            spec.name, rec.evidence.replications
        );
        let mut chart = LineChart::new(Frame::new(&title, &x_label, "service level (%)"));
        chart.bands.push(band("simulation plan 95% CI", &x, &a, 100.0));
        chart.bands.push(band("pointwise Erlang 95% CI", &x, &b, 100.0));
        chart.series.push(line("simulation plan", &x, &a, 100.0));
        chart.series.push(line("pointwise Erlang", &x, &b, 100.0));
        chart.series.push(flat("target", &x, 100.0 * spec.service_level.target));
        chart.y_range = Some((0.0, 100.0));
        out.push((format!("service_level_{}", slug(&spec.name)), chart));
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
