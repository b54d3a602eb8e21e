//! The geometry of a chart's SVG as wfmsim's plot layer (plotters) writes it: outlined
//! rectangles (the frame of each plotting area, the legend boxes), texts with their anchor
//! positions, polylines and circles. Tests use it to check *where* a chart draws what: legends
//! outside the plotting area, tick labels, target lines, markers.
//!
//! Shared by the integration tests (`mod common;`) and the plot layer's unit tests
//! (`src/report/plot.rs` includes this file with `#[path]`), so it uses `std` only.
#![allow(dead_code)]

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// True when `(x, y)` is inside or on the border.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// True when the two rectangles share any point.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 <= o.x1 && o.x0 <= self.x1 && self.y0 <= o.y1 && o.y0 <= self.y1
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// A `<text>`: anchor position, `text-anchor`, content (trimmed).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub anchor: String,
    pub content: String,
}

/// A `<polyline>`: stroke colour (`#RRGGBB`), width and points.
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    pub stroke: String,
    pub width: f64,
    pub points: Vec<(f64, f64)>,
}

/// A `<circle>`: centre, radius, fill colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    pub centre: (f64, f64),
    pub r: f64,
    pub fill: String,
}

/// The parsed elements of one SVG document.
#[derive(Debug, Clone, Default)]
pub struct Svg {
    /// Rectangles with `fill="none"` (frames and legend boxes).
    pub outlines: Vec<Rect>,
    pub texts: Vec<Text>,
    pub polylines: Vec<Polyline>,
    pub circles: Vec<Circle>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {name} missing or not a number in {tag}"))
}

/// The opening tags `<name ...>` in `svg`, each with the text up to its closing element.
fn elements<'a>(svg: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find(&open) {
        let tail = &rest[i..];
        let end = tail.find('>').expect("tag closes");
        let after = &tail[end + 1..];
        let body = after.find('<').map_or(after, |j| &after[..j]);
        out.push((&tail[..end], body));
        rest = &tail[end..];
    }
    out
}

/// Unescapes the XML entities plotters writes in text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

impl Svg {
    /// Parses a plotters SVG document.
    pub fn parse(svg: &str) -> Svg {
        let outlines = elements(svg, "rect")
            .into_iter()
            .filter(|(t, _)| attr(t, "fill") == Some("none"))
            .map(|(t, _)| {
                let (x, y) = (num(t, "x"), num(t, "y"));
                Rect { x0: x, y0: y, x1: x + num(t, "width"), y1: y + num(t, "height") }
            })
            .collect();
        let texts = elements(svg, "text")
            .into_iter()
            .map(|(t, body)| Text {
                x: num(t, "x"),
                y: num(t, "y"),
                anchor: attr(t, "text-anchor").unwrap_or("start").to_string(),
                content: unescape(body.trim()),
            })
            .collect();
        let polylines = elements(svg, "polyline")
            .into_iter()
            .map(|(t, _)| Polyline {
                stroke: attr(t, "stroke").unwrap_or("").to_string(),
                width: num(t, "stroke-width"),
                points: attr(t, "points")
                    .unwrap_or("")
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').expect("x,y");
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect(),
            })
            .collect();
        let circles = elements(svg, "circle")
            .into_iter()
            .map(|(t, _)| Circle {
                centre: (num(t, "cx"), num(t, "cy")),
                r: num(t, "r"),
                fill: attr(t, "fill").unwrap_or("").to_string(),
            })
            .collect();
        Svg { outlines, texts, polylines, circles }
    }

    /// Reads and parses the file at `path`.
    pub fn read(path: &std::path::Path) -> Svg {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Svg::parse(&text)
    }

    fn holds_text(&self, r: &Rect) -> bool {
        self.texts.iter().any(|t| r.contains((t.x, t.y)))
    }

    /// The plotting areas: framed rectangles with no text inside (one per chart or panel).
    pub fn plot_areas(&self) -> Vec<Rect> {
        self.outlines.iter().copied().filter(|r| !self.holds_text(r)).collect()
    }

    /// The legend boxes: framed rectangles holding texts (the series labels).
    pub fn legends(&self) -> Vec<Rect> {
        self.outlines.iter().copied().filter(|r| self.holds_text(r)).collect()
    }

    /// The one plotting area of a single chart.
    pub fn plot_area(&self) -> Rect {
        let areas = self.plot_areas();
        assert_eq!(areas.len(), 1, "one plotting area: {areas:?}");
        areas[0]
    }

    /// The texts inside legend boxes: the series names.
    pub fn legend_labels(&self) -> Vec<String> {
        let legends = self.legends();
        self.texts
            .iter()
            .filter(|t| legends.iter().any(|l| l.contains((t.x, t.y))))
            .map(|t| t.content.clone())
            .collect()
    }

    /// The x tick labels of the chart whose plotting area is `plot`: centred texts just below it.
    pub fn x_ticks(&self, plot: &Rect) -> Vec<String> {
        self.texts
            .iter()
            .filter(|t| {
                t.anchor == "middle"
                    && t.y > plot.y1
                    && t.y < plot.y1 + 20.0
                    && t.x >= plot.x0 - 1.0
                    && t.x <= plot.x1 + 1.0
            })
            .map(|t| t.content.clone())
            .collect()
    }

    /// The y tick labels of the chart whose plotting area is `plot`: right-aligned texts just
    /// left of it.
    pub fn y_ticks(&self, plot: &Rect) -> Vec<String> {
        self.texts
            .iter()
            .filter(|t| {
                t.anchor == "end"
                    && t.x < plot.x0
                    && t.x > plot.x0 - 40.0
                    && t.y >= plot.y0 - 12.0
                    && t.y <= plot.y1 + 12.0
            })
            .map(|t| t.content.clone())
            .collect()
    }

    /// Asserts the readability rule of every chart: each legend box lies outside every
    /// plotting area, and every series label is in a legend box. `what` names the chart.
    pub fn assert_legends_outside(&self, what: &str) {
        let (areas, legends) = (self.plot_areas(), self.legends());
        assert!(!areas.is_empty() && !legends.is_empty(), "{what}: plotting area and legend");
        for l in &legends {
            for a in &areas {
                assert!(!l.overlaps(a), "{what}: legend {l:?} overlaps the plotting area {a:?}");
            }
        }
    }

    /// Segments of the dashed lines in `colour` (the target lines are dashed, dark grey)
    /// inside `plot`, grouped by their pixel row: (y, leftmost x, rightmost x, segments).
    pub fn dashed_rows(&self, plot: &Rect, colour: &str) -> Vec<(f64, f64, f64, usize)> {
        let mut rows: Vec<(f64, f64, f64, usize)> = Vec::new();
        for p in self.polylines.iter().filter(|p| p.stroke == colour && p.points.len() == 2) {
            let ((x0, y0), (x1, y1)) = (p.points[0], p.points[1]);
            if y0 != y1 || !plot.contains((x0, y0)) {
                continue;
            }
            match rows.iter_mut().find(|r| r.0 == y0) {
                Some(r) => {
                    r.1 = r.1.min(x0.min(x1));
                    r.2 = r.2.max(x0.max(x1));
                    r.3 += 1;
                }
                None => rows.push((y0, x0.min(x1), x0.max(x1), 1)),
            }
        }
        rows
    }

    /// True when a dashed horizontal line in `colour` spans at least 90% of the plotting area
    /// (a target line), made of several dashes.
    pub fn has_target_line(&self, plot: &Rect, colour: &str) -> bool {
        self.dashed_rows(plot, colour)
            .iter()
            .any(|&(_, lo, hi, n)| n >= 5 && hi - lo >= 0.9 * plot.width())
    }

    /// Circles of `fill` and radius at least `r` inside `plot`.
    pub fn markers(&self, plot: &Rect, fill: &str, r: f64) -> usize {
        self.circles
            .iter()
            .filter(|c| c.fill == fill && c.r >= r && plot.contains(c.centre))
            .count()
    }
}

/// Colours of the plot layer's palette as they appear in the SVG (Okabe–Ito, in series order).
pub const BLUE: &str = "#0072B2";
pub const VERMILLION: &str = "#D55E00";
pub const GREEN: &str = "#009E73";
/// The dark grey of target lines.
pub const GREY: &str = "#3C3C3C";
