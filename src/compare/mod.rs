//! Comparing variants of a scenario on common random numbers (`wfmsim compare`).
//!
//! Every variant (another scenario file, another routing policy, a `--set` override) is run on
//! the same replication seeds, so replication r of every variant sees the same callers, handle
//! times and patience. For every queue and group KPI this module gives each variant's mean with
//! a 95% confidence interval and the *paired* difference from the first variant (the
//! reference): the mean of the per-replication differences with a Student-t interval on
//! n − 1 degrees of freedom. Because the variants share their random numbers, the
//! per-replication differences vary much less than the KPIs themselves, so the paired interval
//! is narrower than Welch's unpaired interval on the same samples; the ratio of the two
//! half-widths is reported as the variance reduction.
//!
//! Verdicts are per KPI at 95% (not family-wise): `same` when the interval of the difference
//! contains 0, otherwise `better` or `worse` by the KPI's direction. Informational KPIs
//! (offered, occupancy, handled, agent-hours) have no better direction: their verdict is always
//! `same`, and [`Change`] says whether they went significantly higher or lower. Holm-adjusted
//! p-values over the directional queue KPIs of each variant are given alongside.
//!
//! Pure: tallies in, rows out. The command line runs the variants and writes the files; the
//! formats live in `report::compare_out`.

mod measure;

pub use measure::{group_measures, queue_measures, Measure, Scope};

use crate::check::{holm, paired, welch, Difference, Direction, Unit};
use crate::model::Model;
use crate::stats::{Estimate, ReplicationTally};
use serde::Serialize;
use std::ops::Range;
use thiserror::Error;

/// The `kind` field of compare.json.
pub const COMPARE_KIND: &str = "wfmsim-compare";
/// Version of the compare.json format.
pub const COMPARE_FORMAT_VERSION: u32 = 1;

/// One variant's run: its label, its model and its tallies in replication order.
#[derive(Debug, Clone, Copy)]
pub struct VariantRun<'a> {
    /// Short unique label (file stem, `policy=NAME` or the `--set` text).
    pub label: &'a str,
    /// The variant's validated model.
    pub model: &'a Model,
    /// One tally per replication, in replication order, on the shared seeds.
    pub tallies: &'a [ReplicationTally],
}

/// Why variants cannot be compared.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CompareError {
    /// Fewer than two variants.
    #[error("nothing to compare: {0} variant(s); give two or more")]
    TooFewVariants(usize),
    /// Fewer than two replications (no confidence interval).
    #[error("{0} replication(s): a confidence interval needs at least 2 (use -r 2 or more)")]
    TooFewReplications(usize),
    /// A variant's queues are not the reference's.
    #[error("variant {variant:?} has queues [{}]: missing [{}], extra [{}] compared with the reference {reference:?}; every variant must have the same queues (same names)", queues.join(", "), missing.join(", "), extra.join(", "))]
    QueuesDiffer {
        /// The variant's label.
        variant: String,
        /// The reference's label.
        reference: String,
        /// The variant's queue names.
        queues: Vec<String>,
        /// Reference queues the variant lacks.
        missing: Vec<String>,
        /// Queues of the variant the reference lacks.
        extra: Vec<String>,
    },
    /// A variant's planning intervals are not the reference's.
    #[error("variant {variant:?} has {intervals} intervals of {interval_s} s with {warmup} warm-up, the reference {reference:?} has {ref_intervals} of {ref_interval_s} s with {ref_warmup}; compared variants need the same horizon")]
    HorizonDiffers {
        /// The variant's label.
        variant: String,
        /// The reference's label.
        reference: String,
        /// The variant's interval count, length and warm-up.
        intervals: usize,
        /// Interval length, seconds.
        interval_s: f64,
        /// Warm-up intervals.
        warmup: usize,
        /// The reference's interval count.
        ref_intervals: usize,
        /// The reference's interval length.
        ref_interval_s: f64,
        /// The reference's warm-up.
        ref_warmup: usize,
    },
    /// Tallies that are not on the same replications.
    #[error("variant {variant:?} ran replications that are not the reference's ({got} tallies, {expected} expected, in the same order); run every variant on the same seed and range")]
    Replications {
        /// The variant's label.
        variant: String,
        /// Tallies given.
        got: usize,
        /// The reference's tallies.
        expected: usize,
    },
}

/// The verdict of a row (per KPI, at 95%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Significantly better than the reference.
    Better,
    /// Significantly worse.
    Worse,
    /// No significant difference (or an informational KPI, or nothing to compare with).
    Same,
}

impl Verdict {
    /// `better`, `worse` or `same`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Same => "same",
        }
    }
}

/// Which way the value moved, significantly at 95%, whatever the KPI's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The interval of the difference is above 0.
    Higher,
    /// The interval of the difference is below 0.
    Lower,
    /// It contains 0 (or there is nothing to compare with).
    None,
}

impl Change {
    /// `higher`, `lower` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            Change::Higher => "higher",
            Change::Lower => "lower",
            Change::None => "none",
        }
    }
}

/// A variant's difference from the reference on one KPI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RowDiff {
    /// Mean of the per-replication differences (variant − reference).
    pub diff: f64,
    /// Paired 95% t interval of the difference.
    pub ci95: [f64; 2],
    /// Two-sided p-value of "no difference" (paired t).
    pub p_value: f64,
    /// Holm-adjusted p-value over the directional queue KPIs of this variant (queue totals).
    pub holm_p: Option<f64>,
    /// Replications where both values are defined.
    pub pairs: u64,
    /// Half-width of the paired interval.
    pub paired_half_width: f64,
    /// Welch's unpaired 95% interval of the same two samples (as if the runs were independent).
    pub unpaired_ci95: Option<[f64; 2]>,
    /// Its half-width.
    pub unpaired_half_width: Option<f64>,
    /// Unpaired ÷ paired half-width (`None` when the paired half-width is 0).
    pub variance_reduction: Option<f64>,
}

/// One variant × queue or group × KPI (× interval).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Index of the variant (0 = reference).
    pub variant: usize,
    /// Queue or group.
    pub scope: Scope,
    /// Its name.
    pub name: String,
    /// Interval index (per-interval rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<usize>,
    /// Wall-clock label of the interval start (per-interval rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// KPI name.
    pub kpi: String,
    /// Which way is better.
    pub direction: Direction,
    /// Unit of the values.
    pub unit: Unit,
    /// The variant's mean and 95% interval over replications.
    pub estimate: Estimate,
    /// Difference from the reference (`None` when the reference has no such group, or fewer
    /// than two replications define the KPI in both).
    pub difference: Option<RowDiff>,
    /// Verdict.
    pub verdict: Verdict,
    /// Significant direction of the change.
    pub change: Change,
}

/// A variant as described in compare.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantInfo {
    /// Label.
    pub label: String,
    /// Scenario name.
    pub scenario: String,
    /// Routing policy name.
    pub policy: String,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Always [`COMPARE_KIND`].
    pub kind: &'static str,
    /// [`COMPARE_FORMAT_VERSION`].
    pub format_version: u32,
    /// Master seed shared by every variant.
    pub seed: u64,
    /// Replications per variant.
    pub replications: usize,
    /// Confidence level of every interval.
    pub confidence: f64,
    /// The variants, reference first.
    pub variants: Vec<VariantInfo>,
    /// Totals over the horizon after warm-up: queues (reference order), then groups.
    pub rows: Vec<Row>,
    /// The same per interval (after warm-up, intervals with ≥ 1 offered contact on average in
    /// some variant for queues, with agents on duty for groups). Not in compare.json.
    #[serde(skip)]
    pub interval_rows: Vec<Row>,
}

impl Comparison {
    /// The row of `variant`, entity and KPI among `rows`.
    pub fn find<'a>(
        rows: &'a [Row],
        variant: usize,
        scope: Scope,
        name: &str,
        kpi: &str,
    ) -> Option<&'a Row> {
        rows.iter()
            .find(|r| r.variant == variant && r.scope == scope && r.name == name && r.kpi == kpi)
    }
}

/// The verdict and change of a difference of a KPI with `direction`.
pub fn judge(direction: Direction, d: Option<&Difference>) -> (Verdict, Change) {
    let change = match d {
        Some(d) if d.diff != 0.0 && d.ci95[0] > 0.0 => Change::Higher,
        Some(d) if d.diff != 0.0 && d.ci95[1] < 0.0 => Change::Lower,
        _ => Change::None,
    };
    let verdict = match (direction, change) {
        (Direction::Informational, _) | (_, Change::None) => Verdict::Same,
        (Direction::HigherIsBetter, Change::Higher) | (Direction::LowerIsBetter, Change::Lower) => {
            Verdict::Better
        }
        _ => Verdict::Worse,
    };
    (verdict, change)
}

fn half(ci: [f64; 2]) -> f64 {
    (ci[1] - ci[0]) / 2.0
}

fn row_diff(reference: &[Option<f64>], current: &[Option<f64>]) -> Option<(RowDiff, Difference)> {
    let p = paired(reference, current)?;
    let w = welch(reference, current);
    let paired_half_width = half(p.ci95);
    let unpaired_half_width = w.map(|w| half(w.ci95));
    let variance_reduction =
        unpaired_half_width.filter(|_| paired_half_width > 0.0).map(|u| u / paired_half_width);
    let diff = RowDiff {
        diff: p.diff,
        ci95: p.ci95,
        p_value: p.p_value,
        holm_p: None,
        pairs: p.n[0],
        paired_half_width,
        unpaired_ci95: w.map(|w| w.ci95),
        unpaired_half_width,
        variance_reduction,
    };
    Some((diff, p))
}

/// A queue or group and, per variant, its index in that variant's model.
struct Entity {
    scope: Scope,
    name: String,
    index: Vec<Option<usize>>,
}

fn check_variants(variants: &[VariantRun<'_>]) -> Result<(), CompareError> {
    let reference = variants.first().ok_or(CompareError::TooFewVariants(0))?;
    if variants.len() < 2 {
        return Err(CompareError::TooFewVariants(variants.len()));
    }
    let n = reference.tallies.len();
    if n < 2 {
        return Err(CompareError::TooFewReplications(n));
    }
    let names = |m: &Model| m.queues().iter().map(|q| q.name.clone()).collect::<Vec<_>>();
    let ref_names = names(reference.model);
    let h0 = reference.model.horizon();
    for v in &variants[1..] {
        let these = names(v.model);
        let missing: Vec<String> =
            ref_names.iter().filter(|n| !these.contains(n)).cloned().collect();
        let extra: Vec<String> = these.iter().filter(|n| !ref_names.contains(n)).cloned().collect();
        if !missing.is_empty() || !extra.is_empty() {
            return Err(CompareError::QueuesDiffer {
                variant: v.label.to_string(),
                reference: reference.label.to_string(),
                queues: these,
                missing,
                extra,
            });
        }
        let h = v.model.horizon();
        if (h.intervals, h.interval_s, h.warmup_intervals)
            != (h0.intervals, h0.interval_s, h0.warmup_intervals)
        {
            return Err(CompareError::HorizonDiffers {
                variant: v.label.to_string(),
                reference: reference.label.to_string(),
                intervals: h.intervals,
                interval_s: h.interval_s,
                warmup: h.warmup_intervals,
                ref_intervals: h0.intervals,
                ref_interval_s: h0.interval_s,
                ref_warmup: h0.warmup_intervals,
            });
        }
        let same_reps = v.tallies.len() == n
            && v.tallies.iter().zip(reference.tallies).all(|(a, b)| a.replication == b.replication);
        if !same_reps {
            return Err(CompareError::Replications {
                variant: v.label.to_string(),
                got: v.tallies.len(),
                expected: n,
            });
        }
    }
    Ok(())
}

fn entities(variants: &[VariantRun<'_>]) -> Vec<Entity> {
    let reference = variants[0].model;
    let mut out: Vec<Entity> = reference
        .queues()
        .iter()
        .map(|q| Entity {
            scope: Scope::Queue,
            name: q.name.clone(),
            index: variants
                .iter()
                .map(|v| v.model.queue_id(&q.name).map(|id| id.index()))
                .collect(),
        })
        .collect();
    let mut groups: Vec<String> = Vec::new();
    for v in variants {
        for g in v.model.groups() {
            if !groups.contains(&g.name) {
                groups.push(g.name.clone());
            }
        }
    }
    out.extend(groups.into_iter().map(|name| Entity {
        scope: Scope::Group,
        index: variants.iter().map(|v| v.model.group_id(&name).map(|id| id.index())).collect(),
        name,
    }));
    out
}

/// The rows of one entity over `intervals` (`interval`: the per-interval row's index).
fn entity_rows(
    variants: &[VariantRun<'_>],
    entity: &Entity,
    measures: &[Measure],
    intervals: Range<usize>,
    interval: Option<usize>,
    out: &mut Vec<Row>,
) {
    let start = interval.map(|i| variants[0].model.horizon().label(i));
    for m in measures {
        let samples: Vec<Option<Vec<Option<f64>>>> = variants
            .iter()
            .zip(&entity.index)
            .map(|(v, idx)| {
                idx.map(|i| {
                    v.tallies.iter().map(|t| m.value(v.model, t, i, intervals.clone())).collect()
                })
            })
            .collect();
        let defined = |s: &Option<Vec<Option<f64>>>| s.iter().flatten().any(Option::is_some);
        if !samples.iter().any(defined) {
            continue; // undefined in every variant (a busy share on a skill nobody has)
        }
        for (v, s) in samples.iter().enumerate() {
            let Some(s) = s else { continue };
            let both = samples[0].as_ref().and_then(|r| row_diff(r, s));
            let (verdict, change) = judge(m.direction, both.as_ref().map(|b| &b.1));
            out.push(Row {
                variant: v,
                scope: entity.scope,
                name: entity.name.clone(),
                interval,
                start: start.clone(),
                kpi: m.name.clone(),
                direction: m.direction,
                unit: m.unit,
                estimate: match m.unit {
                    Unit::Share => Estimate::from_proportions(s.iter().copied()),
                    _ => Estimate::from_samples(s.iter().copied()),
                },
                difference: both.map(|b| b.0),
                verdict,
                change,
            });
        }
    }
}

/// Whether an entity has anything in interval `i`: ≥ 1 offered contact (queue) or agents on
/// duty (group) on average in some variant.
fn active(variants: &[VariantRun<'_>], e: &Entity, i: usize) -> bool {
    variants.iter().zip(&e.index).any(|(v, idx)| {
        let Some(k) = *idx else { return false };
        let n = v.tallies.len() as f64;
        match e.scope {
            Scope::Queue => {
                v.tallies.iter().map(|t| t.queue_at(i, k).offered as f64).sum::<f64>() / n >= 1.0
            }
            Scope::Group => v.tallies.iter().any(|t| t.group_at(i, k).staffed_s > 0.0),
        }
    })
}

/// Compares `variants` (the first is the reference), all run on the same seed and replications.
pub fn compare(variants: &[VariantRun<'_>], seed: u64) -> Result<Comparison, CompareError> {
    check_variants(variants)?;
    let model = variants[0].model;
    let horizon = model.horizon();
    let (warm, end) = (horizon.warmup_intervals, horizon.intervals);
    let models: Vec<&Model> = variants.iter().map(|v| v.model).collect();
    let measures = |scope| match scope {
        Scope::Queue => queue_measures(&models),
        Scope::Group => group_measures(model),
    };
    let ents = entities(variants);
    let mut rows = Vec::new();
    let mut interval_rows = Vec::new();
    for e in &ents {
        let ms = measures(e.scope);
        entity_rows(variants, e, &ms, warm..end, None, &mut rows);
        for i in (warm..end).filter(|&i| active(variants, e, i)) {
            entity_rows(variants, e, &ms, i..i + 1, Some(i), &mut interval_rows);
        }
    }
    // Holm over each variant's directional queue KPIs (totals).
    for v in 1..variants.len() {
        let family: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                r.variant == v
                    && r.scope == Scope::Queue
                    && r.direction != Direction::Informational
                    && r.difference.is_some_and(|d| !d.p_value.is_nan())
            })
            .collect();
        let p: Vec<f64> =
            family.iter().map(|&i| rows[i].difference.map_or(1.0, |d| d.p_value)).collect();
        for (&i, adj) in family.iter().zip(holm(&p)) {
            if let Some(d) = rows[i].difference.as_mut() {
                d.holm_p = Some(adj);
            }
        }
    }
    Ok(Comparison {
        kind: COMPARE_KIND,
        format_version: COMPARE_FORMAT_VERSION,
        seed,
        replications: variants[0].tallies.len(),
        confidence: 0.95,
        variants: variants
            .iter()
            .map(|v| VariantInfo {
                label: v.label.to_string(),
                scenario: v.model.name().to_string(),
                policy: v.model.policy().name().to_string(),
            })
            .collect(),
        rows,
        interval_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(d: f64, lo: f64, hi: f64) -> Difference {
        Difference {
            baseline: 0.0,
            current: d,
            diff: d,
            ci95: [lo, hi],
            p_value: 0.5,
            df: 9.0,
            n: [10, 10],
            identical: false,
        }
    }

    #[test]
    fn verdicts_follow_the_sign_of_a_significant_interval_and_the_direction() {
        use Direction::*;
        assert_eq!(
            judge(HigherIsBetter, Some(&diff(0.1, 0.05, 0.15))),
            (Verdict::Better, Change::Higher)
        );
        assert_eq!(
            judge(HigherIsBetter, Some(&diff(-0.1, -0.15, -0.05))),
            (Verdict::Worse, Change::Lower)
        );
        assert_eq!(
            judge(LowerIsBetter, Some(&diff(-0.1, -0.15, -0.05))),
            (Verdict::Better, Change::Lower)
        );
        assert_eq!(
            judge(LowerIsBetter, Some(&diff(0.1, 0.05, 0.15))),
            (Verdict::Worse, Change::Higher)
        );
        // An interval containing 0, touching it, or no data: same.
        assert_eq!(
            judge(LowerIsBetter, Some(&diff(0.1, -0.05, 0.25))),
            (Verdict::Same, Change::None)
        );
        assert_eq!(
            judge(HigherIsBetter, Some(&diff(0.1, 0.0, 0.2))),
            (Verdict::Same, Change::None)
        );
        assert_eq!(judge(HigherIsBetter, None), (Verdict::Same, Change::None));
        // Informational: never better or worse, but the change is reported.
        assert_eq!(
            judge(Informational, Some(&diff(3.0, 1.0, 5.0))),
            (Verdict::Same, Change::Higher)
        );
    }

    #[test]
    fn variance_reduction_is_the_ratio_of_half_widths_and_null_without_paired_spread() {
        let a: Vec<Option<f64>> = [0.70, 0.80, 0.90, 0.75, 0.85].map(Some).to_vec();
        let b: Vec<Option<f64>> = [0.71, 0.82, 0.90, 0.77, 0.86].map(Some).to_vec();
        let (d, _) = row_diff(&a, &b).unwrap();
        let u = d.unpaired_half_width.unwrap();
        assert!((d.variance_reduction.unwrap() - u / d.paired_half_width).abs() < 1e-12);
        assert!(d.variance_reduction.unwrap() > 3.0, "{d:?}");
        let (same, _) = row_diff(&a, &a).unwrap();
        assert_eq!((same.diff, same.ci95, same.variance_reduction), (0.0, [0.0, 0.0], None));
    }
}
