//! What `wfmsim compare` writes: compare.json, compare.csv, compare_intervals.csv, the terminal
//! table and the charts.

use super::csv_out::{csv_bytes, num};
use super::display::unit_estimate;
use super::plot::{AxisFormat, Frame, LineChart, Panels, Series};
use super::staffing_charts::{
    band, line, mid_hours, push_target, thin_with_dots, time_chart, top_of, TargetKpi, WIDE,
};
use crate::check::Direction;
use crate::compare::{Change, Comparison, Row, Scope};
use crate::model::Model;
use crate::stats::Estimate;
use std::fmt::Write;

/// The file names written into the output folder (charts also as PNG).
pub const COMPARE_FILES: [&str; 6] = [
    "compare.json",
    "compare.csv",
    "compare_intervals.csv",
    "compare_service_level.svg",
    "compare_abandonment.svg",
    "compare_kpis.svg",
];

/// compare.json: pretty JSON with a trailing newline (undefined values are `null`).
pub fn compare_json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).expect("comparison serialises");
    s.push('\n');
    s
}

const HEAD: [&str; 4] = ["variant", "scope", "name", "kpi"];
const VALUES: [&str; 7] = ["mean", "ci_lo", "ci_hi", "diff", "diff_lo", "diff_hi", "verdict"];

/// The columns from `mean` to `change` of one row.
fn value_cells(r: &Row) -> Vec<String> {
    let d = r.difference.as_ref();
    let opt = |x: Option<f64>| x.map(num).unwrap_or_default();
    vec![
        num(r.estimate.mean),
        num(r.estimate.ci95[0]),
        num(r.estimate.ci95[1]),
        opt(d.map(|d| d.diff)),
        opt(d.map(|d| d.ci95[0])),
        opt(d.map(|d| d.ci95[1])),
        r.verdict.name().to_string(),
        r.change.name().to_string(),
    ]
}

/// compare.csv: one row per variant × queue or group × KPI (totals after warm-up). Columns
/// `variant,scope,name,kpi,mean,ci_lo,ci_hi,diff,diff_lo,diff_hi,verdict`, then `change`,
/// `p_value`, `holm_p`, `unpaired_lo`, `unpaired_hi`, `variance_reduction`.
pub fn compare_csv(c: &Comparison) -> Vec<u8> {
    let extra = ["change", "p_value", "holm_p", "unpaired_lo", "unpaired_hi", "variance_reduction"];
    let header: Vec<&str> = HEAD.iter().chain(&VALUES).chain(&extra).copied().collect();
    let opt = |x: Option<f64>| x.map(num).unwrap_or_default();
    let rows = c.rows.iter().map(|r| {
        let d = r.difference.as_ref();
        let mut cells = vec![
            c.variants[r.variant].label.clone(),
            r.scope.name().to_string(),
            r.name.clone(),
            r.kpi.clone(),
        ];
        cells.extend(value_cells(r));
        cells.extend([
            opt(d.map(|d| d.p_value)),
            opt(d.and_then(|d| d.holm_p)),
            opt(d.and_then(|d| d.unpaired_ci95).map(|u| u[0])),
            opt(d.and_then(|d| d.unpaired_ci95).map(|u| u[1])),
            opt(d.and_then(|d| d.variance_reduction)),
        ]);
        cells
    });
    csv_bytes(&header, rows)
}

/// compare_intervals.csv: the same per interval, columns
/// `variant,scope,name,interval,start,kpi,mean,ci_lo,ci_hi,diff,diff_lo,diff_hi,verdict,change`.
pub fn compare_intervals_csv(c: &Comparison) -> Vec<u8> {
    let header: Vec<&str> = HEAD[..3]
        .iter()
        .chain(&["interval", "start", "kpi"])
        .chain(&VALUES)
        .chain(&["change"])
        .copied()
        .collect();
    let rows = c.interval_rows.iter().map(|r| {
        let mut cells = vec![
            c.variants[r.variant].label.clone(),
            r.scope.name().to_string(),
            r.name.clone(),
            r.interval.map(|i| i.to_string()).unwrap_or_default(),
            r.start.clone().unwrap_or_default(),
            r.kpi.clone(),
        ];
        cells.extend(value_cells(r));
        cells
    });
    csv_bytes(&header, rows)
}

/// The terminal table: per queue and group, each KPI, each variant's mean [95% interval],
/// the difference from the reference with its 95% CI, the verdict and the variance reduction
/// (unpaired ÷ paired half-width). Fits in 100 columns.
pub fn compare_table(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} variants, {} replications each on seed {} (common random numbers):",
        c.variants.len(),
        c.replications,
        c.seed
    );
    for (i, v) in c.variants.iter().enumerate() {
        let role = if i == 0 { "reference, " } else { "" };
        let _ =
            writeln!(s, "  [{i}] {} ({role}scenario {}, policy {})", v.label, v.scenario, v.policy);
    }
    let mut current: Option<(Scope, &str)> = None;
    let mut kpi = "";
    for r in &c.rows {
        if current != Some((r.scope, r.name.as_str())) {
            current = Some((r.scope, r.name.as_str()));
            let _ = writeln!(s, "\n{} {}", r.scope.name(), r.name);
            let _ = writeln!(
                s,
                "  {:<14} {:<4} {:<20} {:<31} {:<8} {:>6}",
                "KPI", "var", "mean [95% CI]", "diff vs [0] [95% CI]", "verdict", "VR"
            );
            kpi = "";
        }
        let mut name = if r.kpi == kpi { "" } else { r.kpi.as_str() };
        kpi = &r.kpi;
        if name.chars().count() > 14 {
            let _ = writeln!(s, "  {name}"); // a long name (busy_share.<queue>) on its own line
            name = "";
        }
        let (diff, verdict, vr) = match (&r.difference, r.variant) {
            (_, 0) => (String::new(), String::new(), String::new()),
            (None, _) => ("no reference".to_string(), r.verdict.name().to_string(), String::new()),
            (Some(d), _) => {
                let f = |x: f64| r.unit.format_diff(x);
                (
                    format!("{} [{}, {}]", f(d.diff), f(d.ci95[0]), f(d.ci95[1])),
                    match (r.direction, r.change) {
                        (Direction::Informational, Change::Higher | Change::Lower) => {
                            format!("({})", r.change.name())
                        }
                        _ => r.verdict.name().to_string(),
                    },
                    d.variance_reduction.map(|v| format!("{v:.1}×")).unwrap_or_default(),
                )
            }
        };
        let line = format!(
            "  {:<14} {:<4} {:<20} {:<31} {:<8} {:>6}",
            name,
            format!("[{}]", r.variant),
            unit_estimate(r.unit, &r.estimate),
            diff,
            verdict,
            vr
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    let _ = writeln!(
        s,
        "\nverdict: 95% CI of the paired difference excludes 0 (per KPI, not family-wise; Holm-adjusted\np-values in compare.json); informational KPIs (offered, occupancy, handled, staffed_hours) are\nalways 'same' in compare.csv (a significant change shows here as (higher)/(lower), there in the\nchange column). VR = variance reduction, unpaired ÷ paired CI half-width."
    );
    s
}

/// (file base name, chart) of the comparison: service level and abandonment per interval (one
/// panel per queue, one line and 95% band per variant, the reference wide and the others thin
/// with dots, on a clock-time axis), and each queue's service level, abandonment and ASA per
/// variant with 95% whiskers; with the reference scenario's target lines where it sets them.
pub fn compare_charts(model: &Model, c: &Comparison) -> Vec<(String, Panels)> {
    let h = model.horizon();
    let rows_of = |rows: &'_ [Row], v: usize, q: &str, kpi: &str| -> Vec<Row> {
        rows.iter()
            .filter(|r| r.variant == v && r.scope == Scope::Queue && r.name == q && r.kpi == kpi)
            .cloned()
            .collect()
    };
    let mut out = Vec::new();
    for (file, kpi, label, target) in [
        ("compare_service_level", "service_level", "service level (%)", TargetKpi::ServiceLevel),
        ("compare_abandonment", "abandon_rate", "abandonment (%)", TargetKpi::Abandonment),
    ] {
        let charts = model
            .queues()
            .iter()
            .map(|spec| {
                let q = spec.name.as_str();
                let title = format!("{q}: {label} per interval by variant (95% bands)");
                let mut chart = time_chart(&title, h, label);
                for (v, info) in c.variants.iter().enumerate() {
                    let rows = rows_of(&c.interval_rows, v, q, kpi);
                    let x: Vec<f64> =
                        rows.iter().map(|r| mid_hours(h, r.interval.unwrap_or(0))).collect();
                    let e: Vec<Estimate> = rows.iter().map(|r| r.estimate).collect();
                    let name = format!("{} 95% CI", info.label);
                    chart.bands.push(band(&name, &x, &e, 100.0, top_of(100.0)));
                    // The reference wide, the others thin with dots: visible where they agree.
                    let style = if v == 0 { WIDE } else { thin_with_dots(x.len()) };
                    chart.series.push(line(&info.label, &x, &e, 100.0).with_style(style));
                }
                push_target(&mut chart, spec, target);
                chart
            })
            .collect();
        out.push((file.to_string(), panels(charts, 1, 1200)));
    }
    let n = c.variants.len();
    let mut charts = Vec::new();
    for spec in model.queues() {
        let q = &spec.name;
        for (kpi, label, scale, target) in [
            ("service_level", "service level (%)", 100.0, TargetKpi::ServiceLevel),
            ("abandon_rate", "abandonment (%)", 100.0, TargetKpi::Abandonment),
            ("asa_s", "ASA (s)", 1.0, TargetKpi::Asa),
        ] {
            let title = format!("{q}: {label}, mean and 95% CI");
            let frame =
                Frame::new(&title, "variant [index]", label).with_x_format(AxisFormat::Integer);
            let mut chart = LineChart::new(frame);
            chart.x_range = Some((-0.5, n as f64 - 0.5));
            for (v, info) in c.variants.iter().enumerate() {
                let points = rows_of(&c.rows, v, q, kpi)
                    .iter()
                    .filter(|r| r.estimate.mean.is_finite())
                    .flat_map(|r| {
                        let e = r.estimate;
                        let x = v as f64;
                        [(x, e.ci95[0] * scale), (x, e.mean * scale), (x, e.ci95[1] * scale)]
                    })
                    .collect();
                chart.series.push(Series::error_bars(&format!("[{v}] {}", info.label), points));
            }
            push_target(&mut chart, spec, target);
            charts.push(chart);
        }
    }
    out.push(("compare_kpis".to_string(), panels(charts, 3, 1500)));
    out
}

/// Panels of `charts`, `columns` per row, `width` pixels wide and 440 pixels per row (each
/// panel's legend sits below its own axes).
fn panels(charts: Vec<LineChart>, columns: usize, width: u32) -> Panels {
    let rows = charts.len().div_ceil(columns).max(1) as u32;
    Panels { charts, columns, size: (width, 440 * rows) }
}
