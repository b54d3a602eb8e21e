//! Writing and printing the outputs of a set of replications (shared by simulate and merge).

use anyhow::Result;
use std::path::Path;
use wfmsim::model::{Model, Staffing};
use wfmsim::report::html::{simulation_report, REPORT_DATA_FILE, REPORT_FILE};
use wfmsim::report::output_set::OutputSet;
use wfmsim::report::{self, shard_file, SummaryMeta};
use wfmsim::stats::{summarise, ReplicationTally};

/// What a `simulate` or `merge` set keeps of an existing folder: the outputs of other commands
/// that live inside it (the `staffing/` folder of `staff`, shard files of `simulate --shard`),
/// not the hidden temporary folders of output sets.
pub(crate) fn keep_other_outputs(name: &str, is_dir: bool) -> bool {
    (is_dir && !name.starts_with('.')) || shard_file::is_shard_file_name(name)
}

/// Summarises `tallies` (in replication order), writes summary.json, intervals.csv,
/// groups.csv and report-data.json (and report.html with `html`) as one output set replacing
/// the folder `out` atomically, and prints the table (or the JSON with `json`).
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
    let set = OutputSet::begin_keeping(out, keep_other_outputs)?;
    for (name, bytes) in &files {
        set.write(name, bytes)?;
    }
    if html {
        super::report::write_html(&doc, &set.path().join(REPORT_FILE))?;
    }
    set.commit()?;
    let html_path = out.join(REPORT_FILE);
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
