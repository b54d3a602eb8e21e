//! `wfmsim report DIR`: render the HTML report of a finished `simulate` or `staff` run.

use anyhow::{Context, Result};
use std::path::PathBuf;
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::html::{render, ReportDoc, REPORT_DATA_FILE, REPORT_FILE};

/// Arguments of `wfmsim report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output folder of a `simulate` or `staff` run (it holds report-data.json).
    pub dir: PathBuf,
    /// HTML file to write (default: DIR/report.html).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

/// Writes the report document `doc` as `path` (self-contained HTML).
pub fn write_html(doc: &ReportDoc, path: &std::path::Path) -> Result<()> {
    let html = render(doc).context("cannot draw the report's charts")?;
    write_atomic(path, html.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

/// Runs `wfmsim report`.
pub fn run(args: ReportArgs) -> Result<()> {
    let data = args.dir.join(REPORT_DATA_FILE);
    let text = std::fs::read_to_string(&data).with_context(|| {
        format!(
            "cannot read {}: give the output folder of `wfmsim simulate` or `wfmsim staff` (run with this version of wfmsim)",
            data.display()
        )
    })?;
    let doc = ReportDoc::from_json(&text).with_context(|| format!("{}", data.display()))?;
    let out = args.out.unwrap_or_else(|| args.dir.join(REPORT_FILE));
    write_html(&doc, &out)?;
    println!("report {}", out.display());
    Ok(())
}
