//! Self-contained HTML reports: one `report.html` with inline SVG charts, no scripts, fonts,
//! style sheets or links outside the file, so it opens anywhere and can be mailed around.
//!
//! A report is first built as a [`ReportDoc`] — a plain, serialisable document of sections,
//! each a list of blocks (tables whose cells can be flagged as missing a target, charts with a
//! one-line "what this means", notes) — and then rendered by [`render`]. Commands build the
//! document with the builders of `html_build` (`simulate`, `staff`) and write it beside their
//! outputs as `report-data.json`, so `wfmsim report DIR` can render it again later. A future
//! `compare` adds its paired-difference section with [`ReportDoc::push`].

use super::plot::{LineChart, PlotError};
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use thiserror::Error;

pub use super::html_build::{simulation_report, staffing_report};

/// The `kind` of a report-data file.
pub const REPORT_DATA_KIND: &str = "wfmsim-report-data";
/// Version of the report-data format.
pub const REPORT_DATA_VERSION: u32 = 1;
/// File name of the document beside a run's outputs.
pub const REPORT_DATA_FILE: &str = "report-data.json";
/// File name of the rendered report.
pub const REPORT_FILE: &str = "report.html";

/// One table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Text shown.
    pub text: String,
    /// The value misses its target: highlighted.
    #[serde(default)]
    pub missed: bool,
}

impl Cell {
    /// A plain cell.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell { text: text.into(), missed: false }
    }

    /// A cell highlighted when `missed`.
    pub fn flagged(text: impl Into<String>, missed: bool) -> Self {
        Cell { text: text.into(), missed }
    }
}

/// A table with a caption and a header row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Caption above the table.
    pub caption: String,
    /// Column titles (with units).
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// A chart and the sentence that says what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Stable identifier (`id="chart-KEY"` in the page).
    pub key: String,
    /// One line for the reader: what the chart shows and how to read it.
    pub meaning: String,
    /// The chart (title, axis labels with units, legend).
    pub chart: LineChart,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Note {
        /// Text.
        text: String,
    },
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// A titled section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Blocks in order.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub fn new(heading: impl Into<String>) -> Self {
        Section { heading: heading.into(), blocks: Vec::new() }
    }

    /// Adds a paragraph.
    pub fn note(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Note { text: text.into() });
        self
    }

    /// Adds a table.
    pub fn table(&mut self, table: Table) -> &mut Self {
        self.blocks.push(Block::Table(table));
        self
    }

    /// Adds a chart with its "what this means" line.
    pub fn chart(
        &mut self,
        key: impl Into<String>,
        meaning: impl Into<String>,
        chart: LineChart,
    ) -> &mut Self {
        self.blocks.push(Block::Chart(Chart { key: key.into(), meaning: meaning.into(), chart }));
        self
    }
}

/// A whole report, before rendering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    /// Always [`REPORT_DATA_KIND`].
    pub kind: String,
    /// [`REPORT_DATA_VERSION`].
    pub format_version: u32,
    /// Page title.
    pub title: String,
    /// One line under the title (run facts).
    pub subtitle: String,
    /// Sections in order.
    pub sections: Vec<Section>,
}

/// Why a report could not be built or read.
#[derive(Debug, Error)]
pub enum HtmlError {
    /// A chart failed to draw.
    #[error(transparent)]
    Plot(#[from] PlotError),
    /// `report-data.json` is not a report document.
    #[error("line {line}, column {column}: {message} (expected the report-data.json that simulate or staff writes)")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's message.
        message: String,
    },
    /// Another kind or version.
    #[error("not a report document of version {REPORT_DATA_VERSION} (kind {kind:?}, format_version {version}); re-run the command with this wfmsim")]
    Version {
        /// Kind found.
        kind: String,
        /// Version found.
        version: u32,
    },
}

impl ReportDoc {
    /// An empty document.
    pub fn new(title: impl Into<String>, subtitle: impl Into<String>) -> Self {
        ReportDoc {
            kind: REPORT_DATA_KIND.into(),
            format_version: REPORT_DATA_VERSION,
            title: title.into(),
            subtitle: subtitle.into(),
            sections: Vec::new(),
        }
    }

    /// Appends a section.
    pub fn push(&mut self, section: Section) -> &mut Self {
        self.sections.push(section);
        self
    }

    /// Keys of every chart, in order.
    pub fn chart_keys(&self) -> Vec<&str> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Chart(c) => Some(c.key.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Pretty JSON (`report-data.json`).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("report document serialises");
        s.push('\n');
        s
    }

    /// Parses `report-data.json`.
    pub fn from_json(text: &str) -> Result<Self, HtmlError> {
        let parse = |e: serde_json::Error| HtmlError::Parse {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let v: serde_json::Value = serde_json::from_str(text).map_err(parse)?;
        let kind = v.get("kind").and_then(|k| k.as_str()).unwrap_or("").to_string();
        let version = v.get("format_version").and_then(|k| k.as_u64()).unwrap_or(0) as u32;
        if kind != REPORT_DATA_KIND || version != REPORT_DATA_VERSION {
            return Err(HtmlError::Version { kind, version });
        }
        serde_json::from_value(v).map_err(parse)
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1f3b5a;color:#fff;padding:20px 32px}
header h1{margin:0 0 6px;font-size:26px}
header p{margin:0;opacity:.85}
main{max-width:1240px;margin:0 auto;padding:8px 24px 40px}
nav{margin:16px 0;font-size:14px}
nav a{margin-right:14px;color:#1f3b5a}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 20px 16px;margin:18px 0}
h2{font-size:20px;border-bottom:2px solid #e3e7ee;padding-bottom:6px}
table{border-collapse:collapse;margin:10px 0 18px;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0;font-size:14px}
th,td{border:1px solid #d5dae2;padding:4px 8px;text-align:right;white-space:nowrap}
th{background:#eef1f5}
td:first-child,th:first-child{text-align:left}
td.miss{background:#fde2e1;color:#8a1c13;font-weight:600}
.scroll{overflow-x:auto;max-height:640px;overflow-y:auto}
figure{margin:14px 0 22px}
figure svg{max-width:100%;height:auto;border:1px solid #e3e7ee}
figcaption{font-size:14px;color:#38414f;margin-top:4px}
figcaption b{color:#1f3b5a}
.legend-miss{background:#fde2e1;color:#8a1c13;padding:0 4px;font-weight:600}
footer{font-size:12px;color:#6b7280;text-align:center;padding:12px}
";

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

/// Inline SVG of a chart: plotters' document without the XML namespace declaration (HTML5
/// does not need it, and the page then holds no URL at all).
fn inline_svg(chart: &LineChart) -> Result<String, PlotError> {
    let svg = chart.to_svg()?;
    Ok(svg
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""))
}

fn render_table(out: &mut String, t: &Table) {
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table><caption>{}</caption><thead><tr>",
        escape(&t.caption)
    );
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            if c.missed {
                let _ = write!(out, "<td class=\"miss\">{}</td>", escape(&c.text));
            } else {
                let _ = write!(out, "<td>{}</td>", escape(&c.text));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// Renders the document as one self-contained HTML page.
pub fn render(doc: &ReportDoc) -> Result<String, HtmlError> {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p>{}</p></header>\n<main>\n<nav>",
        escape(&doc.title),
        escape(&doc.title),
        escape(&doc.subtitle)
    );
    for s in &doc.sections {
        let _ = write!(out, "<a href=\"#{}\">{}</a>", slug(&s.heading), escape(&s.heading));
    }
    out.push_str("</nav>\n");
    for s in &doc.sections {
        let _ =
            writeln!(out, "<section id=\"{}\"><h2>{}</h2>", slug(&s.heading), escape(&s.heading));
        for b in &s.blocks {
            match b {
                Block::Note { text } => {
                    let _ = writeln!(out, "<p>{}</p>", escape(text));
                }
                Block::Table(t) => render_table(&mut out, t),
                Block::Chart(c) => {
                    let _ = writeln!(
                        out,
                        "<figure id=\"chart-{}\">{}<figcaption><b>What this means:</b> {}</figcaption></figure>",
                        escape(&c.key),
                        inline_svg(&c.chart)?,
                        escape(&c.meaning)
                    );
                }
            }
        }
        out.push_str("</section>\n");
    }
    let _ = write!(
        out,
        "</main>\n<footer>wfmsim {} — self-contained report: no network access needed. <span class=\"legend-miss\">Highlighted</span> cells miss their target.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plot::{Frame, Series};

    #[test]
    fn renders_escaped_self_contained_html() {
        let mut doc = ReportDoc::new("a <b> & c", "facts");
        let mut s = Section::new("KPIs");
        s.note("x < y").table(Table {
            caption: "t".into(),
            header: vec!["h".into()],
            rows: vec![vec![Cell::flagged("50%", true)]],
        });
        let mut chart = LineChart::new(Frame::new("SL", "hour", "%"));
        chart.series.push(Series::line("mean", vec![(0.0, 1.0), (1.0, 2.0)]));
        s.chart("sl", "higher is better", chart);
        doc.push(s);
        let html = render(&doc).unwrap();
        assert!(html.contains("a &lt;b&gt; &amp; c") && html.contains("x &lt; y"));
        assert!(html.contains("<td class=\"miss\">50%</td>"));
        assert!(html.contains("id=\"chart-sl\"") && html.contains("<svg"));
        assert!(!html.contains("http") && !html.contains("url("), "no URL at all");
        assert_eq!(ReportDoc::from_json(&doc.to_json()).unwrap(), doc);
        assert!(ReportDoc::from_json("{\"kind\":\"x\"}").is_err());
    }
}
