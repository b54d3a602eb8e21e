//! The project's generic plotting layer (plotters, embedded DejaVu Sans font, no system fonts).
//!
//! Two chart kinds cover the needs so far: a [`LineChart`] of named series (lines, steps,
//! points or error bars) with optional shaded bands, and a [`Histogram`] with overlaid curves
//! (for example a fitted density); [`Panels`] puts several line charts in one image. Each
//! `render` call writes both `BASE.svg` and `BASE.png`, atomically.
//!
//! Readability rules every chart follows (issue 11): the legend sits in its own box below the
//! plotting area, never over data; the plotting area is framed; a time axis
//! ([`AxisFormat::Time`]) is labelled with clock times and weekdays, a head-count axis
//! ([`AxisFormat::Integer`]) with whole numbers only; a series can carry markers or dashes
//! ([`Style`]) so that one that coincides with another stays visible.

mod draw;
mod font;
pub mod history_charts;
#[cfg(test)]
#[path = "../../tests/common/svg.rs"]
pub(crate) mod svg_geometry;
mod ticks;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::atomic::{write_atomic, write_atomic_with, AtomicWriteError};

/// Error of a plot.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// plotters failed to draw (the message is plotters').
    #[error("cannot draw plot {path}: {message}")]
    Draw {
        /// The output file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// Writing the file failed.
    #[error(transparent)]
    Write(#[from] AtomicWriteError),
    /// Nothing to draw.
    #[error("plot {path}: no data to draw")]
    Empty {
        /// The output file.
        path: PathBuf,
    },
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SeriesKind {
    /// Straight segments between points.
    Line,
    /// A right-continuous step curve (each value holds until the next x).
    Step,
    /// Unconnected dots.
    Points,
    /// Error bars: the points come in threes per x — (x, lower), (x, mean), (x, upper) — each
    /// drawn as a dot at the mean with a whisker from lower to upper.
    ErrorBars,
}

/// Palette index of the neutral dark grey that target lines are drawn in (the palette is
/// Okabe–Ito: 0 blue, 1 vermillion, 2 bluish green, 3 reddish purple, 4 orange, 5 sky blue).
pub const GREY: usize = 6;

/// How a series' line and markers look; the default is a solid line in the series' colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Style {
    /// Line width in pixels; 0: the default (2, or 1 for a series of more than 400 points).
    #[serde(default)]
    pub width: u32,
    /// A dashed line (target lines), so that it reads as a reference, not as data.
    #[serde(default)]
    pub dashed: bool,
    /// Radius in pixels of a dot drawn at every point (a step series: at the middle of each
    /// step), so that a series stays visible where it coincides with another; 0: none. The
    /// dots of `Points` and `ErrorBars` series take this radius when it is set.
    #[serde(default)]
    pub marker: u32,
    /// Palette index of the colour (see [`GREY`]); `None`: the series' position in its chart.
    #[serde(default)]
    pub colour: Option<usize>,
}

/// One named series of (x, y) points.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// Points, in x order.
    pub points: Vec<(f64, f64)>,
    /// How to draw it.
    pub kind: SeriesKind,
    /// Width, dashes, markers and colour.
    #[serde(default)]
    pub style: Style,
}

impl Series {
    fn of(name: &str, points: Vec<(f64, f64)>, kind: SeriesKind) -> Self {
        Series { name: name.into(), points, kind, style: Style::default() }
    }

    /// A line series.
    pub fn line(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::of(name, points, SeriesKind::Line)
    }

    /// A step series.
    pub fn step(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::of(name, points, SeriesKind::Step)
    }

    /// Unconnected dots.
    pub fn points(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::of(name, points, SeriesKind::Points)
    }

    /// Error bars (points in threes per x: lower, mean, upper).
    pub fn error_bars(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::of(name, points, SeriesKind::ErrorBars)
    }

    /// A target line at `y` from `x0` to `x1`: dashed, dark grey.
    pub fn target(name: &str, x0: f64, x1: f64, y: f64) -> Self {
        Self::line(name, vec![(x0, y), (x1, y)]).with_style(Style {
            dashed: true,
            colour: Some(GREY),
            ..Style::default()
        })
    }

    /// The series drawn with `style`.
    pub fn with_style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
}

/// A shaded band between a lower and an upper curve sharing the same x values.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// Legend label.
    pub name: String,
    /// x values.
    pub x: Vec<f64>,
    /// Lower curve.
    pub lower: Vec<f64>,
    /// Upper curve.
    pub upper: Vec<f64>,
}

/// Where a time axis starts on the calendar. x counts hours from that start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeAxis {
    /// Day of the week at x = 0 (0 = Monday … 6 = Sunday), when known: ticks then name it.
    pub weekday: Option<u8>,
    /// Calendar date at x = 0, when known: ticks a day or more apart then show it (`Mon
    /// 11-02`).
    pub date: Option<NaiveDate>,
    /// Seconds after midnight at x = 0.
    pub start_s: u32,
}

impl TimeAxis {
    /// An axis starting at `start_s` seconds after midnight of `date` (weekday and date known)
    /// or of an unknown day (clock times only; later days are `d2`, `d3`, …).
    pub fn starting(date: Option<NaiveDate>, start_s: u32) -> Self {
        use chrono::Datelike;
        let weekday = date.map(|d| d.weekday().num_days_from_monday() as u8);
        TimeAxis { weekday, date, start_s }
    }

    /// A typical week from Monday 00:00: weekdays and clock times, no dates.
    pub fn week() -> Self {
        TimeAxis { weekday: Some(0), date: None, start_s: 0 }
    }
}

/// How an axis places and labels its ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum AxisFormat {
    /// Numbers at round values.
    #[default]
    Number,
    /// Whole numbers only (head-counts, indices): no tick between two integers.
    Integer,
    /// Hours from a calendar start: ticks at round clock times (`Mon 08:00`, `10:00`, the
    /// weekday at each midnight) or, when they are a day or more apart, at midnights
    /// (`Mon 11-02`). For x axes.
    Time(TimeAxis),
}

/// Common decorations.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Frame {
    /// Title above the chart.
    pub title: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label.
    pub y_label: String,
    /// Ticks of the x axis.
    pub x_format: AxisFormat,
    /// Ticks of the y axis.
    #[serde(default)]
    pub y_format: AxisFormat,
    /// Image size in pixels.
    pub size: (u32, u32),
}

impl Frame {
    /// A frame with the default size (1200 × 600) and numeric ticks.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Frame {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_format: AxisFormat::Number,
            y_format: AxisFormat::Number,
            size: (1200, 600),
        }
    }

    /// Sets the tick format of the x axis.
    pub fn with_x_format(mut self, f: AxisFormat) -> Self {
        self.x_format = f;
        self
    }

    /// Sets the tick format of the y axis.
    pub fn with_y_format(mut self, f: AxisFormat) -> Self {
        self.y_format = f;
        self
    }
}

/// Line chart: named series and shaded bands.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LineChart {
    /// Title, labels, size.
    pub frame: Frame,
    /// Bands (drawn first, under the series).
    pub bands: Vec<Band>,
    /// Series.
    pub series: Vec<Series>,
    /// Fixed y range; default from the data (starting at 0 when all data are non-negative).
    pub y_range: Option<(f64, f64)>,
    /// Fixed x range; default from the data.
    #[serde(default)]
    pub x_range: Option<(f64, f64)>,
}

/// Several line charts in one image, in a grid filled row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Panels {
    /// The charts (each chart's own frame size is ignored).
    pub charts: Vec<LineChart>,
    /// Charts per row.
    pub columns: usize,
    /// Size of the whole image in pixels.
    pub size: (u32, u32),
}

impl Panels {
    /// Writes `base.svg` and `base.png` (the extension of `base` is replaced).
    pub fn render(&self, base: &Path) -> Result<[PathBuf; 2], PlotError> {
        if self.columns == 0 || self.charts.iter().all(LineChart::is_empty) {
            return Err(PlotError::Empty { path: base.to_path_buf() });
        }
        render_both(base, self.size, self)
    }
}

/// Histogram of pre-binned values, with curves drawn over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Title, labels, size.
    pub frame: Frame,
    /// Legend label of the bars.
    pub name: String,
    /// Bin edges (one more than `heights`).
    pub edges: Vec<f64>,
    /// Bar heights.
    pub heights: Vec<f64>,
    /// Curves over the bars (for example a fitted density on the same scale).
    pub overlays: Vec<Series>,
}

fn svg_path(base: &Path) -> PathBuf {
    base.with_extension("svg")
}

fn png_path(base: &Path) -> PathBuf {
    base.with_extension("png")
}

/// Renders with `draw` into `BASE.svg` and `BASE.png`; returns both paths.
fn render_both<T: draw::Drawable>(
    base: &Path,
    size: (u32, u32),
    item: &T,
) -> Result<[PathBuf; 2], PlotError> {
    font::register();
    let svg = svg_path(base);
    let png = png_path(base);
    let mut text = String::new();
    draw::with_svg(&mut text, size, item)
        .map_err(|message| PlotError::Draw { path: svg.clone(), message })?;
    write_atomic(&svg, text.as_bytes())?;
    let mut draw_error = None;
    write_atomic_with(&png, |tmp| {
        draw::with_png(tmp, size, item).map_err(|message| {
            draw_error = Some(message.clone());
            std::io::Error::other(message)
        })
    })
    .map_err(|e| match draw_error.take() {
        Some(message) => PlotError::Draw { path: png.clone(), message },
        None => PlotError::Write(e),
    })?;
    Ok([svg, png])
}

impl LineChart {
    /// A chart with no data yet.
    pub fn new(frame: Frame) -> Self {
        LineChart { frame, bands: Vec::new(), series: Vec::new(), y_range: None, x_range: None }
    }

    /// True when there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.points.is_empty()) && self.bands.iter().all(|b| b.x.is_empty())
    }

    /// Writes `base.svg` and `base.png` (the extension of `base` is replaced).
    pub fn render(&self, base: &Path) -> Result<[PathBuf; 2], PlotError> {
        if self.is_empty() {
            return Err(PlotError::Empty { path: base.to_path_buf() });
        }
        render_both(base, self.frame.size, self)
    }
}

impl LineChart {
    /// The chart as an SVG document in a string (for inlining in HTML reports).
    pub fn to_svg(&self) -> Result<String, PlotError> {
        let path = PathBuf::from("<inline svg>");
        if self.is_empty() {
            return Err(PlotError::Empty { path });
        }
        font::register();
        let mut text = String::new();
        draw::with_svg(&mut text, self.frame.size, self)
            .map_err(|message| PlotError::Draw { path, message })?;
        Ok(text)
    }
}

impl Histogram {
    /// Writes `base.svg` and `base.png` (the extension of `base` is replaced).
    pub fn render(&self, base: &Path) -> Result<[PathBuf; 2], PlotError> {
        if self.heights.is_empty() || self.edges.len() != self.heights.len() + 1 {
            return Err(PlotError::Empty { path: base.to_path_buf() });
        }
        render_both(base, self.frame.size, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("wfmsim-plot-{name}-{}", std::process::id()))
    }

    #[test]
    fn line_chart_with_band_writes_svg_and_png_deterministically() {
        let mut chart = LineChart::new(Frame::new("Arrivals", "hour", "calls"));
        let x: Vec<f64> = (0..48).map(|i| i as f64 / 2.0).collect();
        let mean: Vec<f64> = x.iter().map(|h| 10.0 + 5.0 * (h / 4.0).sin()).collect();
        chart.bands.push(Band {
            name: "80% band".into(),
            x: x.clone(),
            lower: mean.iter().map(|m| m - 3.0).collect(),
            upper: mean.iter().map(|m| m + 3.0).collect(),
        });
        chart
            .series
            .push(Series::line("mean", x.iter().copied().zip(mean.iter().copied()).collect()));
        chart.series.push(Series::step("steps", vec![(0.0, 1.0), (5.0, 2.0), (10.0, 0.5)]));
        let d = dir("line");
        let [svg, png] = chart.render(&d.join("chart")).unwrap();
        let svg_text = std::fs::read_to_string(&svg).unwrap();
        assert!(svg_text.contains("Arrivals") && svg_text.contains("80% band"));
        let png_bytes = std::fs::read(&png).unwrap();
        assert_eq!(&png_bytes[1..4], b"PNG");
        chart.render(&d.join("chart")).unwrap();
        assert_eq!(std::fs::read(&png).unwrap(), png_bytes, "same chart, same bytes");
        let names: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn histogram_and_empty_charts() {
        let h = Histogram {
            frame: Frame::new("Handle time", "s", "density"),
            name: "observed".into(),
            edges: vec![0.0, 10.0, 20.0, 30.0],
            heights: vec![0.05, 0.03, 0.02],
            overlays: vec![Series::line("fit", vec![(0.0, 0.06), (30.0, 0.01)])],
        };
        let d = dir("hist");
        assert!(h.render(&d.join("h")).is_ok());
        let empty = LineChart::new(Frame::new("nothing", "x", "y"));
        assert!(matches!(empty.render(&d.join("e")), Err(PlotError::Empty { .. })));
        let mut bars = LineChart::new(Frame::new("KPIs", "variant", "%"));
        bars.x_range = Some((-0.5, 1.5));
        bars.series.push(Series::error_bars(
            "variant 0",
            vec![(0.0, 70.0), (0.0, 75.0), (0.0, 80.0), (1.0, 60.0), (1.0, 62.0), (1.0, 64.0)],
        ));
        let panels = Panels { charts: vec![bars.clone(), bars], columns: 2, size: (800, 300) };
        let [svg, _] = panels.render(&d.join("p")).unwrap();
        let text = std::fs::read_to_string(svg).unwrap();
        assert_eq!(text.matches("KPIs").count(), 2, "both panels are drawn");
        let none = Panels { charts: vec![empty], columns: 1, size: (100, 100) };
        assert!(matches!(none.render(&d.join("n")), Err(PlotError::Empty { .. })));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn legends_sit_below_the_plotting_area_and_time_ticks_name_days_and_hours() {
        use svg_geometry::{Svg, GREY, VERMILLION};
        let monday = NaiveDate::from_ymd_opt(2026, 11, 2);
        let frame = Frame::new("A week", "time", "agents")
            .with_x_format(AxisFormat::Time(TimeAxis::starting(monday, 0)))
            .with_y_format(AxisFormat::Integer);
        let mut chart = LineChart::new(frame);
        chart.frame.size = (1500, 600);
        let steps: Vec<(f64, f64)> =
            (0..=336).map(|i| (f64::from(i) * 0.5, f64::from(3 + i % 7))).collect();
        chart.series.push(
            Series::step("plan", steps.clone()).with_style(Style { width: 3, ..Style::default() }),
        );
        chart.series.push(Series::step("erlang", steps).with_style(Style {
            width: 1,
            marker: 1,
            ..Style::default()
        }));
        chart.series.push(Series::target("target", 0.0, 168.0, 8.0));
        for k in 0..6 {
            let name = format!("a rather long series name, number {k}, to fill the legend");
            chart.series.push(Series::line(&name, vec![(0.0, 1.0), (168.0, 2.0)]));
        }
        let svg = Svg::parse(&chart.to_svg().unwrap());
        let plot = svg.plot_area();
        svg.assert_legends_outside("week chart");
        let legends = svg.legends();
        assert_eq!(legends.len(), 1);
        assert!(legends[0].y0 > plot.y1, "below the axes: {legends:?} {plot:?}");
        let labels = svg.legend_labels();
        assert_eq!(labels.len(), 9, "every series in the legend box: {labels:?}");
        let rows: std::collections::BTreeSet<i64> = svg
            .texts
            .iter()
            .filter(|t| legends[0].contains((t.x, t.y)))
            .map(|t| t.y as i64)
            .collect();
        assert!(rows.len() >= 2, "long names wrap onto more rows, still in the box: {rows:?}");
        let x = svg.x_ticks(&plot);
        assert_eq!(x[..4], ["Mon 00:00", "12:00", "Tue 00:00", "12:00"], "{x:?}");
        assert_eq!(x.last().map(String::as_str), Some("Mon 00:00"), "{x:?}");
        let y = svg.y_ticks(&plot);
        assert!(y.len() >= 5 && y.iter().all(|t| t.parse::<u32>().is_ok()), "whole numbers: {y:?}");
        assert!(svg.has_target_line(&plot, GREY), "a dashed grey target line across the chart");
        assert_eq!(svg.markers(&plot, VERMILLION, 1.0), 336, "a dot in the middle of each step");
        let data: Vec<_> =
            svg.polylines.iter().filter(|p| p.width == 3.0 && p.points.len() > 2).collect();
        assert_eq!(data.len(), 1, "the plan's step line");
        assert!(data[0].points.iter().all(|&q| plot.contains(q)), "data inside the plotting area");
    }

    #[test]
    fn a_chart_saved_before_styles_and_y_formats_still_reads() {
        // report-data.json of an older run: no `style` per series, no `y_format`.
        let old = r#"{"frame":{"title":"SL","x_label":"hours","y_label":"%","x_format":"Number",
            "size":[1200,600]},"bands":[],"series":[{"name":"mean","points":[[0.0,1.0]],
            "kind":"Line"}],"y_range":null}"#;
        let chart: LineChart = serde_json::from_str(old).unwrap();
        assert_eq!(chart.frame.y_format, AxisFormat::Number);
        assert_eq!(chart.series[0].style, Style::default());
    }
}
