//! Writing and printing the outputs of a set of replications (shared by simulate and merge).

use anyhow::{Context, Result};
use std::path::Path;
use wfmsim::model::{Model, Staffing};
use wfmsim::report::html::{simulation_report, REPORT_DATA_FILE, REPORT_FILE};
use wfmsim::report::{self, atomic::write_atomic, SummaryMeta};
use wfmsim::stats::{summarise, ReplicationTally};

/// Summarises `tallies` (in replication order), writes summary.json, intervals.csv,
/// groups.csv and report-data.json into `out` (and report.html with `html`), and prints the
/// table (or the JSON with `json`).
pub(crate) fn write_and_print(
    model: &Model,
    staffing: &Staffing,
    tallies: &[ReplicationTally],
    seed: u64,
    out: &Path,
    json: bool,
    html: bool,
) -> Result<()> {
    let summary = summarise(model, tallies);
    let meta = SummaryMeta { seed, policy: model.policy().name().to_string() };
    let text = report::summary_json(model, &summary, &meta);
    let doc = simulation_report(model, &summary, seed);
    let files = [
        ("summary.json", text.clone().into_bytes()),
        ("intervals.csv", report::intervals_csv(model, &summary)),
        ("groups.csv", report::group_intervals_csv(model, &summary, staffing.agents())),
        (REPORT_DATA_FILE, doc.to_json().into_bytes()),
    ];
    for (name, bytes) in &files {
        let path = out.join(name);
        write_atomic(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let html_path = out.join(REPORT_FILE);
    if html {
        super::report::write_html(&doc, &html_path)?;
    }
    if json {
        print!("{text}");
    } else {
        println!(
            "{} — {} replications, seed {}, policy {}\n",
            model.name(),
            summary.replications,
            seed,
            model.policy().name()
        );
        print!("{}", report::summary_table(model, &summary));
        println!(
            "\nwrote {}/{{summary.json, intervals.csv, groups.csv, {REPORT_DATA_FILE}}}",
            out.display()
        );
        if html {
            println!("report {}", html_path.display());
        }
    }
    Ok(())
}
