//! Drawing of the chart kinds on any plotters backend (SVG into a string, PNG into a file).
//!
//! Layout of every chart: the title on top, the framed plotting area with its axes, and the
//! legend in a box of its own below the axes, so it never covers data.

use std::path::Path;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FAMILY;
use super::ticks::{Ticks, WIDEST_TIME_LABEL};
use super::{AxisFormat, Band, Frame, Histogram, LineChart, Panels, Series, SeriesKind};

/// Colour-blind-friendly palette (Okabe–Ito), used in series order; the last entry is the
/// neutral grey of target lines (`plot::GREY`).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(60, 60, 60),
];

/// Margin around a chart (on the right also room for half of the last x tick's label), and the
/// widths of the tick-label areas, in pixels.
const MARGIN: u32 = 16;
const MARGIN_RIGHT: u32 = 44;
const X_LABEL_AREA: u32 = 48;
const Y_LABEL_AREA: u32 = 72;
/// Legend geometry: swatch width, gap to the text, gap between entries, row height, padding.
const SWATCH: i32 = 26;
const SWATCH_GAP: i32 = 6;
const ENTRY_GAP: i32 = 22;
const ROW: i32 = 20;
const PAD: i32 = 7;
/// Grey of the frames around the plotting area and the legend.
const FRAME: RGBColor = RGBColor(150, 150, 150);
const LABEL_FONT: u32 = 14;

/// One axis: plotters' f64 range with our own ticks (bold labelled ones and light grid lines).
struct Axis {
    inner: RangedCoordf64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Axis {
    fn new(range: (f64, f64), ticks: &Ticks) -> Self {
        Axis {
            inner: (range.0..range.1).into(),
            bold: ticks.bold.clone(),
            light: ticks.light.clone(),
        }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The chart type of both kinds: f64 × f64 coordinates with our own ticks.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Axis, Axis>>;
/// A drawing area in pixels.
type Area<DB> = DrawingArea<DB, Shift>;

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Something that can draw itself on a drawing area.
pub(super) trait Drawable {
    /// Draws on `root` (already sized).
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<(), String>;
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

/// Where a series' markers go: its points, or the middle of each step of a step series.
fn marker_points(s: &Series) -> Vec<(f64, f64)> {
    match s.kind {
        SeriesKind::Step => {
            s.points.windows(2).map(|w| (0.5 * (w[0].0 + w[1].0), w[0].1)).collect()
        }
        _ => s.points.clone(),
    }
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

/// What a legend entry shows before its label.
#[derive(Debug, Clone, Copy)]
enum Swatch {
    /// A line (dashed or solid), with a dot when the series has markers.
    Line { c: RGBColor, width: u32, dashed: bool, marker: u32 },
    /// A dot (points).
    Dot { c: RGBColor, radius: u32 },
    /// A dot with a whisker (error bars).
    Whisker { c: RGBColor },
    /// A filled box (bands, bars).
    Fill { c: RGBColor, alpha: f64 },
}

/// The colour and line width a series is drawn with.
fn pen(s: &Series, position: usize) -> (RGBColor, u32) {
    let c = colour(s.style.colour.unwrap_or(position));
    let width = match s.style.width {
        0 if s.points.len() > 400 => 1, // wide strokes of dense, jagged series show spikes
        0 => 2,
        w => w,
    };
    (c, width)
}

/// The radius of a series' dots: its style's marker, or `default` when it sets none.
fn marker_radius(s: &Series, default: u32) -> u32 {
    if s.style.marker > 0 {
        s.style.marker
    } else {
        default
    }
}

fn swatch(s: &Series, position: usize) -> Swatch {
    let (c, width) = pen(s, position);
    match s.kind {
        SeriesKind::Line | SeriesKind::Step => {
            Swatch::Line { c, width, dashed: s.style.dashed, marker: s.style.marker }
        }
        SeriesKind::Points => Swatch::Dot { c, radius: marker_radius(s, 2).max(3) },
        SeriesKind::ErrorBars => Swatch::Whisker { c },
    }
}

const BAND_ALPHA: f64 = 0.22;

/// Legend entries of a line chart: bands first, then series, as they are drawn.
fn line_chart_entries(bands: &[Band], series: &[Series]) -> Vec<(Swatch, String)> {
    let mut out: Vec<(Swatch, String)> = bands
        .iter()
        .enumerate()
        .map(|(i, b)| (Swatch::Fill { c: colour(i), alpha: BAND_ALPHA }, b.name.clone()))
        .collect();
    out.extend(series.iter().enumerate().map(|(i, s)| (swatch(s, i), s.name.clone())));
    out
}

fn label_font() -> TextStyle<'static> {
    (FAMILY, LABEL_FONT).into_font().color(&BLACK)
}

/// Lays the entries out in rows no wider than `width` pixels: per entry its row and its x
/// offset within the row; and the widest row's width.
fn legend_rows<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(Swatch, String)],
    width: i32,
) -> Result<(Vec<(usize, i32)>, i32), String> {
    let font = label_font();
    let mut at = Vec::with_capacity(entries.len());
    let (mut row, mut x, mut widest) = (0usize, 0i32, 0i32);
    for (_, name) in entries {
        let (w, _) = area.estimate_text_size(name, &font).map_err(err)?;
        let w = SWATCH + SWATCH_GAP + w as i32;
        if x > 0 && x + w > width {
            row += 1;
            x = 0;
        }
        at.push((row, x));
        widest = widest.max(x + w);
        x += w + ENTRY_GAP;
    }
    Ok((at, widest))
}

/// Height in pixels of the legend of `entries` under a chart drawn on `area` (0: none).
fn legend_height<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(Swatch, String)],
) -> Result<u32, String> {
    if entries.is_empty() {
        return Ok(0);
    }
    let (rows, _) = legend_rows(area, entries, plot_width(area) - 2 * PAD)?;
    let n = rows.last().map_or(0, |r| r.0 + 1) as i32;
    Ok((n * ROW + 2 * PAD + MARGIN as i32 / 2) as u32)
}

/// Width of the plotting area on `area`, in pixels (what is left of the tick labels).
fn plot_width<DB: DrawingBackend>(area: &Area<DB>) -> i32 {
    area.dim_in_pixel().0 as i32 - (MARGIN + MARGIN_RIGHT + Y_LABEL_AREA) as i32
}

fn draw_swatch<DB: DrawingBackend>(
    area: &Area<DB>,
    s: Swatch,
    (x, y): (i32, i32),
) -> Result<(), String> {
    let mid = (x + SWATCH / 2, y);
    match s {
        Swatch::Line { c, width, dashed, marker } => {
            let style = c.stroke_width(width);
            if dashed {
                for (a, b) in [(0, 10), (16, SWATCH)] {
                    area.draw(&PathElement::new(vec![(x + a, y), (x + b, y)], style))
                        .map_err(err)?;
                }
            } else {
                area.draw(&PathElement::new(vec![(x, y), (x + SWATCH, y)], style)).map_err(err)?;
            }
            if marker > 0 {
                area.draw(&Circle::new(mid, marker as i32 + 1, c.filled())).map_err(err)?;
            }
        }
        Swatch::Dot { c, radius } => {
            area.draw(&Circle::new(mid, radius as i32, c.filled())).map_err(err)?
        }
        Swatch::Whisker { c } => {
            let style = c.stroke_width(2);
            area.draw(&PathElement::new(vec![(mid.0, y - 7), (mid.0, y + 7)], style))
                .map_err(err)?;
            area.draw(&Circle::new(mid, 4, c.filled())).map_err(err)?;
        }
        Swatch::Fill { c, alpha } => area
            .draw(&Rectangle::new([(x, y - 6), (x + SWATCH, y + 6)], c.mix(alpha).filled()))
            .map_err(err)?,
    }
    Ok(())
}

/// Draws the legend in a framed box at the top of `area`, left-aligned with the plotting area.
fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    entries: &[(Swatch, String)],
) -> Result<(), String> {
    if entries.is_empty() {
        return Ok(());
    }
    let (at, widest) = legend_rows(area, entries, plot_width(area) - 2 * PAD)?;
    let rows = at.last().map_or(0, |r| r.0 + 1) as i32;
    let left = (MARGIN + Y_LABEL_AREA) as i32;
    let top = 0;
    area.draw(&Rectangle::new(
        [(left, top), (left + widest + 2 * PAD, top + rows * ROW + 2 * PAD)],
        FRAME.stroke_width(1),
    ))
    .map_err(err)?;
    let font = label_font().pos(Pos::new(HPos::Left, VPos::Center));
    for ((s, name), (row, x)) in entries.iter().zip(at) {
        let y = top + PAD + row as i32 * ROW + ROW / 2;
        let x = left + PAD + x;
        draw_swatch(area, *s, (x, y))?;
        area.draw(&Text::new(name.clone(), (x + SWATCH + SWATCH_GAP, y), font.clone()))
            .map_err(err)?;
    }
    Ok(())
}

fn draw_series<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    series: &[Series],
) -> Result<(), String> {
    for (i, s) in series.iter().enumerate() {
        let (c, width) = pen(s, i);
        let style = c.stroke_width(width);
        let radius = |default: u32| marker_radius(s, default) as i32;
        match s.kind {
            SeriesKind::Line | SeriesKind::Step => {
                let path = if s.kind == SeriesKind::Step {
                    step_points(&s.points)
                } else {
                    s.points.clone()
                };
                if s.style.dashed {
                    chart.draw_series(DashedLineSeries::new(path, 10, 6, style)).map_err(err)?;
                } else {
                    chart.draw_series(LineSeries::new(path, style)).map_err(err)?;
                }
                if s.style.marker > 0 {
                    let r = radius(1);
                    chart
                        .draw_series(
                            marker_points(s).into_iter().map(|p| Circle::new(p, r, c.filled())),
                        )
                        .map_err(err)?;
                }
            }
            SeriesKind::Points => {
                let r = radius(2);
                chart
                    .draw_series(s.points.iter().map(|p| Circle::new(*p, r, c.filled())))
                    .map_err(err)?;
            }
            SeriesKind::ErrorBars => {
                let whiskers = s
                    .points
                    .chunks_exact(3)
                    .map(|p| PathElement::new(vec![(p[1].0, p[0].1), (p[1].0, p[2].1)], style));
                chart.draw_series(whiskers).map_err(err)?;
                let r = radius(4);
                chart
                    .draw_series(s.points.chunks_exact(3).map(|p| Circle::new(p[1], r, c.filled())))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// How many labelled ticks fit on an axis `pixels` long in `format`.
fn max_ticks<DB: DrawingBackend>(
    area: &Area<DB>,
    format: AxisFormat,
    pixels: i32,
    default: usize,
) -> Result<usize, String> {
    Ok(match format {
        AxisFormat::Time(_) => {
            let (w, _) = area.estimate_text_size(WIDEST_TIME_LABEL, &label_font()).map_err(err)?;
            ((pixels / (w as i32 + 14)).max(2)) as usize
        }
        _ => default,
    })
}

/// The chart on `area`: title, framed plotting area, axes with their ticks (the legend is
/// drawn by the caller below it).
fn build<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    frame: &Frame,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<Chart<'a, DB>, String> {
    let xt = Ticks::new(frame.x_format, x, max_ticks(area, frame.x_format, plot_width(area), 10)?);
    // Whole numbers may come closer: a head-count of 0..9 gets a tick at every agent.
    let y_max = if frame.y_format == AxisFormat::Integer { 10 } else { 8 };
    let yt = Ticks::new(frame.y_format, y, y_max);
    let mut chart = ChartBuilder::on(area)
        .caption(&frame.title, (FAMILY, 24))
        .margin(MARGIN)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(Axis::new(x, &xt), Axis::new(y, &yt))
        .map_err(err)?;
    let x_fmt = |v: &f64| xt.label(*v);
    let y_fmt = |v: &f64| yt.label(*v);
    chart
        .configure_mesh()
        .x_desc(frame.x_label.as_str())
        .y_desc(frame.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style((FAMILY, LABEL_FONT))
        .axis_desc_style((FAMILY, 16))
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(210, 210, 210))
        .draw()
        .map_err(err)?;
    let plot = chart.plotting_area().strip_coord_spec();
    let (w, h) = plot.dim_in_pixel();
    plot.draw(&Rectangle::new([(0, 0), (w as i32 - 1, h as i32 - 1)], FRAME.stroke_width(1)))
        .map_err(err)?;
    Ok(chart)
}

/// Fills `root` white and splits it into the chart's area and the legend's below it.
fn split_for_legend<DB: DrawingBackend>(
    root: &Area<DB>,
    entries: &[(Swatch, String)],
) -> Result<(Area<DB>, Area<DB>), String> {
    root.fill(&WHITE).map_err(err)?;
    let h = root.dim_in_pixel().1;
    let legend = legend_height(root, entries)?.min(h / 2);
    Ok(root.split_vertically(h - legend))
}

impl Drawable for LineChart {
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<(), String> {
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
        let entries = line_chart_entries(&self.bands, &self.series);
        let (top, bottom) = split_for_legend(root, &entries)?;
        let mut chart = build(&top, &self.frame, xr, yr)?;
        for (i, band) in self.bands.iter().enumerate() {
            let c = colour(i);
            let mut outline: Vec<(f64, f64)> =
                band.x.iter().copied().zip(band.upper.iter().copied()).collect();
            outline.extend(band.x.iter().copied().zip(band.lower.iter().copied()).rev());
            chart
                .draw_series(std::iter::once(Polygon::new(outline, c.mix(BAND_ALPHA).filled())))
                .map_err(err)?;
        }
        draw_series(&mut chart, &self.series)?;
        draw_legend(&bottom, &entries)
    }
}

impl Drawable for Panels {
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<(), String> {
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
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<(), String> {
        let xs = self.edges.iter().copied();
        let ys = self
            .heights
            .iter()
            .copied()
            .chain(self.overlays.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
        let (xr, yr) = ranges(xs, ys);
        let bar = RGBColor(150, 150, 150);
        let mut entries = vec![(Swatch::Fill { c: bar, alpha: 0.6 }, self.name.clone())];
        entries.extend(line_chart_entries(&[], &self.overlays));
        let (top, bottom) = split_for_legend(root, &entries)?;
        let mut chart = build(&top, &self.frame, xr, yr)?;
        chart
            .draw_series(
                self.edges
                    .windows(2)
                    .zip(&self.heights)
                    .map(|(e, h)| Rectangle::new([(e[0], 0.0), (e[1], *h)], bar.mix(0.6).filled())),
            )
            .map_err(err)?;
        draw_series(&mut chart, &self.overlays)?;
        draw_legend(&bottom, &entries)
    }
}
