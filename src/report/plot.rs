//! The project's generic plotting layer (plotters, embedded DejaVu Sans font, no system fonts).
//!
//! Two chart kinds cover the needs so far: a [`LineChart`] of named series (lines, steps,
//! points or error bars) with optional shaded bands, and a [`Histogram`] with overlaid curves
//! (for example a fitted density); [`Panels`] puts several line charts in one image. Each
//! `render` call writes both `BASE.svg` and `BASE.png`, atomically.

mod draw;
mod font;
pub mod history_charts;

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

/// One named series of (x, y) points.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// Points, in x order.
    pub points: Vec<(f64, f64)>,
    /// How to draw it.
    pub kind: SeriesKind,
}

impl Series {
    /// A line series.
    pub fn line(name: &str, points: Vec<(f64, f64)>) -> Self {
        Series { name: name.into(), points, kind: SeriesKind::Line }
    }

    /// A step series.
    pub fn step(name: &str, points: Vec<(f64, f64)>) -> Self {
        Series { name: name.into(), points, kind: SeriesKind::Step }
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

/// How x values are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum XFormat {
    /// Plain numbers.
    Number,
    /// x counts days since the date; ticks show `Mon 11-08`.
    DaysSince(NaiveDate),
    /// x counts days since Monday 00:00 (fractions are times of day); ticks show the day
    /// and the hour.
    WeekDays,
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
    /// Tick label format of the x axis.
    pub x_format: XFormat,
    /// Image size in pixels.
    pub size: (u32, u32),
}

impl Frame {
    /// A frame with the default size (1200 × 600) and numeric x labels.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Frame {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_format: XFormat::Number,
            size: (1200, 600),
        }
    }

    /// Sets the x label format.
    pub fn with_x_format(mut self, f: XFormat) -> Self {
        self.x_format = f;
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
        bars.series.push(Series {
            name: "variant 0".into(),
            points: vec![
                (0.0, 70.0),
                (0.0, 75.0),
                (0.0, 80.0),
                (1.0, 60.0),
                (1.0, 62.0),
                (1.0, 64.0),
            ],
            kind: SeriesKind::ErrorBars,
        });
        let panels = Panels { charts: vec![bars.clone(), bars], columns: 2, size: (800, 300) };
        let [svg, _] = panels.render(&d.join("p")).unwrap();
        let text = std::fs::read_to_string(svg).unwrap();
        assert_eq!(text.matches("KPIs").count(), 2, "both panels are drawn");
        let none = Panels { charts: vec![empty], columns: 1, size: (100, 100) };
        assert!(matches!(none.render(&d.join("n")), Err(PlotError::Empty { .. })));
        std::fs::remove_dir_all(&d).unwrap();
    }
}
