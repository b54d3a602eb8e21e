//! Recommending staffing for a model and writing the plan with its evidence.

use super::JobError;
use crate::experiment::with_threads;
use crate::model::Model;
use crate::report::html::{ReportDoc, REPORT_DATA_FILE};
use crate::report::output_set::OutputSet;
use crate::report::staffing_out::StaffingReport;
use crate::routing::BuiltinPolicy;
use crate::staffing::{
    kpi_curves, recommend, CurveReach, Progress, QueueCurve, Recommendation, StaffingOptions,
};
use std::path::{Path, PathBuf};

/// Options of a staffing run (the flags of `wfmsim staff`, as plain values).
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRun {
    /// Master seed.
    pub seed: u64,
    /// Replications per evaluated plan; default 100 (20 to start from with `ci_width`).
    pub replications: Option<u32>,
    /// Double the replications until every service-level and abandonment confidence interval
    /// is at most this wide (a share in (0, 1)).
    pub ci_width: Option<f64>,
    /// Judge the targets on this two-sided confidence bound instead of the mean (in (0, 1)).
    pub confidence: Option<f64>,
    /// The search's margin and its fresh evidence.
    pub search: SearchSettings,
    /// Worker threads (`None`: one per core); results do not depend on it.
    pub threads: Option<usize>,
    /// Compute the KPI curves and draw the plots.
    pub plots: bool,
}

/// The search's safety margin and the fresh evidence behind its recommendation
/// (see `docs/staffing.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSettings {
    /// A target counts as met on the search's replications only when the mean beats it by
    /// this many standard errors (≥ 0).
    pub margin_se: f64,
    /// Upper bound on the search's raise rounds (the trims always finish).
    pub max_iterations: u32,
    /// Seed of the fresh replications the reported KPIs come from (`None`: derived).
    pub evidence_seed: Option<u64>,
    /// Replications of the evidence (`None`: 8 × the search's, at most 5000).
    pub evidence_replications: Option<u32>,
    /// Let the plan leave intervals where contacts are expected without any agent able to
    /// serve them (default: never).
    pub allow_unstaffed: bool,
}

impl Default for SearchSettings {
    fn default() -> Self {
        let d = StaffingOptions::default();
        SearchSettings {
            margin_se: d.margin_se,
            max_iterations: d.max_iterations,
            evidence_seed: None,
            evidence_replications: None,
            allow_unstaffed: false,
        }
    }
}

impl StaffRun {
    /// The search options, after checking the ranges.
    pub fn options(&self) -> Result<StaffingOptions, JobError> {
        if let Some(c) = self.confidence {
            if !(c > 0.0 && c < 1.0) {
                return Err(JobError::Option(format!(
                    "--confidence must be between 0 and 1 (e.g. 0.95), got {c}"
                )));
            }
        }
        if let Some(w) = self.ci_width {
            if !(w > 0.0 && w < 1.0) {
                return Err(JobError::Option(format!(
                    "--ci-width is a width in shares, between 0 and 1 (e.g. 0.02), got {w}"
                )));
            }
        }
        let margin = self.search.margin_se;
        if !(margin.is_finite() && margin >= 0.0) {
            return Err(JobError::Option(format!(
                "--margin-se is a number of standard errors, 0 or more (e.g. 0.5), got {margin}"
            )));
        }
        let default_reps = if self.ci_width.is_some() { 20 } else { 100 };
        Ok(StaffingOptions {
            seed: self.seed,
            replications: self.replications.unwrap_or(default_reps),
            ci_width: self.ci_width,
            confidence: self.confidence,
            margin_se: margin,
            max_iterations: self.search.max_iterations,
            evidence_seed: self.search.evidence_seed,
            evidence_replications: self.search.evidence_replications,
            allow_unstaffed: self.search.allow_unstaffed,
            ..StaffingOptions::default()
        })
    }
}

/// Progress of a staffing run: plans simulated, and the start of each phase.
pub trait Phases: Progress {
    /// A new phase of the work begins (e.g. "KPI curves").
    fn phase(&self, _label: &str) {}
}

impl Phases for () {}

/// A recommendation with the options it was made with and its KPI curves.
#[derive(Debug, Clone)]
pub struct StaffResult {
    /// The search options used.
    pub options: StaffingOptions,
    /// The recommended and pointwise plans, simulated.
    pub recommendation: Recommendation,
    /// KPI curves around the recommended plan (empty without plots).
    pub curves: Vec<QueueCurve>,
    /// Whether plots are to be drawn.
    pub plots: bool,
}

/// Recommends staffing for `model` with its routing policy, and computes the KPI curves around
/// the plan when `run.curves`.
pub fn staff(
    model: &Model,
    run: &StaffRun,
    progress: &dyn Phases,
) -> Result<StaffResult, JobError> {
    let options = run.options()?;
    let policy = BuiltinPolicy::new(model.routing());
    let (recommendation, curves) = with_threads(run.threads, || {
        let rec = recommend(model, &policy, &options, progress)?;
        progress.phase("KPI curves");
        // The curves are evidence too: simulated on the fresh replications (the first
        // `curve_replications` of the evidence seed), not on those the search tuned on; the
        // plan's own point is read from its evidence tallies.
        let curves = if run.plots {
            kpi_curves(
                model,
                &policy,
                &rec.plan.staffing,
                rec.evidence.seed,
                curve_replications(rec.stats.replications).min(rec.evidence.replications),
                CurveReach::default(),
                Some(&rec.plan.tallies),
                progress,
            )?
        } else {
            Vec::new()
        };
        Ok::<_, JobError>((rec, curves))
    })??;
    Ok(StaffResult { options, recommendation, curves, plots: run.plots })
}

/// Replications of each KPI-curve point for a search on `replications`: a quarter of them, at
/// least 20 (all of them when fewer). A curve point is a total over the whole horizon, so it
/// is far more precise than one interval's estimate the search judges (see
/// `docs/staffing.md`).
pub(crate) fn curve_replications(replications: u32) -> u32 {
    (replications / 4).max(20).min(replications)
}

/// What [`write_staffing`] wrote, and the texts a command prints.
#[derive(Debug, Clone)]
pub struct WrittenStaffing {
    /// File names written into the output folder, in order.
    pub files: Vec<String>,
    /// Plot files written.
    pub plots: Vec<PathBuf>,
    /// The terminal table of the plan.
    pub table: String,
    /// A few lines on the plan and its evidence (see [`StaffingReport::brief`]).
    pub brief: Vec<String>,
    /// Conditions the run could not reach (a `ci_width` not met), one line each.
    pub warnings: Vec<String>,
    /// `summary.json`.
    pub summary_json: String,
    /// The report document (also written as `report-data.json`), for an HTML report.
    pub report: ReportDoc,
}

/// Writes `staffing.csv`, `plan_intervals.csv`, `summary.json`, `report-data.json` (and
/// `curves.csv` when there are curves, and the plots when asked for) as one output set that
/// replaces the folder `out` atomically: a run killed at any point leaves either the old
/// folder or the new one, and files of an older run that this one does not write are gone.
pub fn write_staffing(
    model: &Model,
    result: &StaffResult,
    out: &Path,
) -> Result<WrittenStaffing, JobError> {
    let set = OutputSet::begin(out)?;
    let written = write_staffing_into(model, result, &set)?;
    set.commit()?;
    Ok(written)
}

/// Writes the files of [`write_staffing`] into an open output set without committing it, so
/// that a caller can add its own files (an HTML report) to the same set. The plot paths
/// returned are where the plots will be once the set is committed.
pub fn write_staffing_into(
    model: &Model,
    result: &StaffResult,
    set: &OutputSet,
) -> Result<WrittenStaffing, JobError> {
    let report =
        StaffingReport::new(model, &result.recommendation, &result.curves, &result.options);
    let summary_json = report.summary_json();
    let doc = report.html_doc();
    let mut files = vec![
        ("staffing.csv".to_string(), report.staffing_csv()),
        ("plan_intervals.csv".to_string(), report.intervals_csv()),
        ("summary.json".to_string(), summary_json.clone().into_bytes()),
        (REPORT_DATA_FILE.to_string(), doc.to_json().into_bytes()),
    ];
    if !result.curves.is_empty() {
        files.push(("curves.csv".to_string(), report.curves_csv()));
    }
    for (name, bytes) in &files {
        set.write(name, bytes)?;
    }
    let plots = if result.plots { report.plots(set.path())? } else { Vec::new() };
    Ok(WrittenStaffing {
        files: files.into_iter().map(|(name, _)| name).collect(),
        plots: plots.iter().map(|p| set.final_path(p)).collect(),
        table: report.table(),
        warnings: report.warnings(),
        brief: report.brief(),
        summary_json,
        report: doc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> StaffRun {
        StaffRun {
            seed: 7,
            replications: None,
            ci_width: None,
            confidence: None,
            search: SearchSettings::default(),
            threads: None,
            plots: false,
        }
    }

    #[test]
    fn default_replications_are_100_or_20_with_a_ci_width() {
        let o = run().options().unwrap();
        assert_eq!((o.seed, o.replications, o.ci_width), (7, 100, None));
        let o = StaffRun { ci_width: Some(0.02), ..run() }.options().unwrap();
        assert_eq!((o.replications, o.ci_width), (20, Some(0.02)));
        let o = StaffRun { replications: Some(3), ..run() }.options().unwrap();
        assert_eq!(o.replications, 3);
    }

    #[test]
    fn shares_outside_zero_one_are_refused_with_the_flag_named() {
        for (bad, flag) in [
            (StaffRun { confidence: Some(1.0), ..run() }, "--confidence"),
            (StaffRun { confidence: Some(f64::NAN), ..run() }, "--confidence"),
            (StaffRun { ci_width: Some(0.0), ..run() }, "--ci-width"),
        ] {
            match bad.options() {
                Err(JobError::Option(msg)) => assert!(msg.starts_with(flag), "{msg}"),
                other => panic!("expected an option error for {flag}, got {other:?}"),
            }
        }
    }
}
