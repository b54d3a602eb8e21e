//! Drawing of the chart kinds on any plotters backend (SVG into a string, PNG into a file).

use std::path::Path;

use chrono::Datelike;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::font::FAMILY;
use super::{Frame, Histogram, LineChart, Panels, Series, SeriesKind, XFormat};

/// Colour-blind-friendly palette (Okabe–Ito), used in series order.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(60, 60, 60),
];

/// The chart type of both kinds: f64 × f64 coordinates.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Something that can draw itself on a drawing area.
pub(super) trait Drawable {
    /// Draws on `root` (already sized).
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draws `item` as SVG into `buf`.
pub(super) fn with_svg<T: Drawable>(
    buf: &mut String,
    size: (u32, u32),
    item: &T,
) -> Result<(), String> {
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    item.draw_on(&root)?;
    root.present().map_err(err)
}

/// Draws `item` as PNG into the file `path` (which must end in `.png`).
pub(super) fn with_png<T: Drawable>(path: &Path, size: (u32, u32), item: &T) -> Result<(), String> {
    let root = BitMapBackend::new(path, size).into_drawing_area();
    item.draw_on(&root)?;
    root.present().map_err(err)
}

fn x_label(format: XFormat, x: f64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    match format {
        XFormat::Number => {
            if x.abs() >= 1000.0 || x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                format!("{x:.1}")
            }
        }
        XFormat::DaysSince(origin) => {
            let day = origin + chrono::Days::new(x.max(0.0).floor() as u64);
            format!(
                "{} {:02}-{:02}",
                DAYS[day.weekday().num_days_from_monday() as usize],
                day.month(),
                day.day()
            )
        }
        XFormat::WeekDays => {
            let x = x.max(0.0);
            let whole = x.floor();
            let d = whole as usize % 7;
            let h = ((x - whole) * 24.0).round() as u32;
            if h == 0 {
                DAYS[d].to_string()
            } else {
                format!("{} {:02}h", DAYS[d], h % 24)
            }
        }
    }
}

fn step_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for w in points.windows(2) {
        out.push(w[0]);
        out.push((w[1].0, w[0].1));
    }
    if let Some(last) = points.last() {
        out.push(*last);
    }
    out
}

/// Data range with a margin; y starts at 0 when all values are non-negative.
fn ranges(
    xs: impl Iterator<Item = f64> + Clone,
    ys: impl Iterator<Item = f64> + Clone,
) -> ((f64, f64), (f64, f64)) {
    let fold = |it: &mut dyn Iterator<Item = f64>| {
        it.filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (x0, x1) = fold(&mut xs.clone());
    let (y0, y1) = fold(&mut ys.clone());
    // No finite value at all: a unit frame rather than an infinite range.
    let (x0, x1) = if !x0.is_finite() {
        (0.0, 1.0)
    } else if x0 < x1 {
        (x0, x1)
    } else {
        (x0 - 1.0, x0 + 1.0)
    };
    let (y0, y1) = if y0.is_finite() { (y0, y1) } else { (0.0, 1.0) };
    let y0 = if y0 >= 0.0 { 0.0 } else { y0 };
    let y1 = if y1 > y0 { y1 + 0.05 * (y1 - y0) } else { y0 + 1.0 };
    ((x0, x1), (y0, y1))
}

fn draw_series<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    series: &[Series],
    first_colour: usize,
) -> Result<(), String> {
    for (i, s) in series.iter().enumerate() {
        let c = colour(first_colour + i);
        // Wide strokes of dense, jagged series show spikes at sharp turns: keep those thin.
        let style = c.stroke_width(if s.points.len() > 400 { 1 } else { 2 });
        match s.kind {
            SeriesKind::Line => {
                chart.draw_series(LineSeries::new(s.points.clone(), style)).map_err(err)?
            }
            SeriesKind::Step => {
                chart.draw_series(LineSeries::new(step_points(&s.points), style)).map_err(err)?
            }
            SeriesKind::Points => chart
                .draw_series(s.points.iter().map(|p| Circle::new(*p, 2, c.filled())))
                .map_err(err)?,
            SeriesKind::ErrorBars => {
                // Whiskers first (unlabelled), then the means, which carry the legend entry.
                let whiskers = s
                    .points
                    .chunks_exact(3)
                    .map(|p| PathElement::new(vec![(p[1].0, p[0].1), (p[1].0, p[2].1)], style));
                chart.draw_series(whiskers).map_err(err)?;
                chart
                    .draw_series(s.points.chunks_exact(3).map(|p| Circle::new(p[1], 4, c.filled())))
                    .map_err(err)?
            }
        }
        .label(s.name.clone())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
    }
    Ok(())
}

fn build<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<Chart<'a, DB>, String> {
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(root)
        .caption(&frame.title, (FAMILY, 24))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(err)?;
    let format = frame.x_format;
    let fmt = move |v: &f64| x_label(format, *v);
    chart
        .configure_mesh()
        .x_desc(frame.x_label.as_str())
        .y_desc(frame.y_label.as_str())
        .x_labels(match format {
            XFormat::WeekDays => 15,
            _ => 10,
        })
        .y_labels(8)
        .x_label_formatter(&fmt)
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(210, 210, 210))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

fn legend<'a, DB: DrawingBackend + 'a>(chart: &mut Chart<'a, DB>) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FAMILY, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .draw()
        .map_err(err)
}

impl Drawable for LineChart {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let xs = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .chain(self.bands.iter().flat_map(|b| b.x.iter().copied()));
        let ys = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .chain(self.bands.iter().flat_map(|b| b.lower.iter().chain(&b.upper).copied()));
        let (auto_x, auto_y) = ranges(xs, ys);
        let xr = self.x_range.unwrap_or(auto_x);
        let yr = self.y_range.unwrap_or(auto_y);
        let mut chart = build(root, &self.frame, xr, yr)?;
        for (i, band) in self.bands.iter().enumerate() {
            let c = colour(i);
            let mut outline: Vec<(f64, f64)> =
                band.x.iter().copied().zip(band.upper.iter().copied()).collect();
            outline.extend(band.x.iter().copied().zip(band.lower.iter().copied()).rev());
            chart
                .draw_series(std::iter::once(Polygon::new(outline, c.mix(0.22).filled())))
                .map_err(err)?
                .label(band.name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], c.mix(0.22).filled())
                });
        }
        draw_series(&mut chart, &self.series, 0)?;
        legend(&mut chart)
    }
}

impl Drawable for Panels {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(err)?;
        let rows = self.charts.len().div_ceil(self.columns.max(1));
        let areas = root.split_evenly((rows, self.columns.max(1)));
        for (chart, area) in self.charts.iter().zip(&areas) {
            chart.draw_on(area)?;
        }
        Ok(())
    }
}

impl Drawable for Histogram {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let xs = self.edges.iter().copied();
        let ys = self
            .heights
            .iter()
            .copied()
            .chain(self.overlays.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
        let (xr, yr) = ranges(xs, ys);
        let mut chart = build(root, &self.frame, xr, yr)?;
        let bar = RGBColor(150, 150, 150);
        chart
            .draw_series(
                self.edges
                    .windows(2)
                    .zip(&self.heights)
                    .map(|(e, h)| Rectangle::new([(e[0], 0.0), (e[1], *h)], bar.mix(0.6).filled())),
            )
            .map_err(err)?
            .label(self.name.clone())
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 6), (x + 20, y + 6)], bar.mix(0.6).filled())
            });
        draw_series(&mut chart, &self.overlays, 0)?;
        legend(&mut chart)
    }
}
