//! Comparing a run with its baseline: differences, Holm's correction and verdicts.

use super::baseline::{Baseline, Samples};
use super::kpi::{Direction, Kpi};
use super::stats::{holm, paired, welch, Difference};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Tolerance per KPI, in the KPI's unit (shares for ratios, seconds for waits).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tolerances(BTreeMap<Kpi, f64>);

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances(Kpi::ALL.iter().map(|&k| (k, k.default_tolerance())).collect())
    }
}

impl Tolerances {
    /// The tolerance of `kpi`.
    pub fn get(&self, kpi: Kpi) -> f64 {
        self.0.get(&kpi).copied().unwrap_or_else(|| kpi.default_tolerance())
    }

    /// Sets the tolerance of `kpi`.
    pub fn set(&mut self, kpi: Kpi, value: f64) {
        self.0.insert(kpi, value);
    }
}

/// Settings of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckOptions {
    /// Family-wise significance level over every KPI compared (default 0.05).
    pub alpha: f64,
    /// Tolerance per KPI.
    pub tolerances: Tolerances,
    /// Also compare every recorded interval (more KPIs in the family, so less power each).
    pub per_interval: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { alpha: 0.05, tolerances: Tolerances::default(), per_interval: false }
    }
}

/// How the differences were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Same seed and replication count: replication r of both runs is a pair.
    Paired,
    /// Different seeds or counts: independent samples (Welch).
    Welch,
}

/// What a row is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Scope {
    /// A queue over the horizon.
    Queue {
        /// Queue name.
        name: String,
    },
    /// An agent group over the horizon.
    Group {
        /// Group name.
        name: String,
    },
    /// A queue in one interval.
    Interval {
        /// Queue name.
        queue: String,
        /// Interval index.
        interval: usize,
        /// Wall-clock label of its start.
        start: String,
    },
}

impl Scope {
    /// Short description: `french`, `group bilingual`, `french 10:30`.
    pub fn describe(&self) -> String {
        match self {
            Scope::Queue { name } => name.clone(),
            Scope::Group { name } => format!("group {name}"),
            Scope::Interval { queue, start, .. } => format!("{queue} {start}"),
        }
    }
}

/// The verdict of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Exactly the same value in every replication.
    Identical,
    /// Not significant at the family-wise level.
    NoSignificantChange,
    /// Significantly better.
    Improved,
    /// Significantly worse, but by no more than the tolerance.
    WorseWithinTolerance,
    /// Significantly worse by more than the tolerance: the check fails.
    Regressed,
    /// A KPI with no better direction (occupancy): shown, never failed, not in the family.
    Informational,
    /// Fewer than two replications defined the KPI on one side.
    NotEnoughData,
}

impl Verdict {
    /// Words for tables.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Identical => "identical",
            Verdict::NoSignificantChange => "no significant change",
            Verdict::Improved => "improved",
            Verdict::WorseWithinTolerance => "worse, within tolerance",
            Verdict::Regressed => "REGRESSED",
            Verdict::Informational => "for information",
            Verdict::NotEnoughData => "not enough data",
        }
    }
}

/// One KPI of one scope, compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Queue, group or interval.
    pub scope: Scope,
    /// The KPI.
    pub kpi: Kpi,
    /// Its tolerance.
    pub tolerance: f64,
    /// The difference, when both sides have data.
    pub difference: Option<Difference>,
    /// Holm-adjusted p-value (rows in the family only).
    pub adjusted_p: Option<f64>,
    /// Verdict.
    pub verdict: Verdict,
}

impl Row {
    /// One sentence: what changed and by how much.
    pub fn sentence(&self) -> String {
        let Some(d) = &self.difference else {
            return format!(
                "{} {}: not enough data to compare",
                self.scope.describe(),
                self.kpi.label()
            );
        };
        let k = self.kpi;
        let how = match k.direction() {
            Direction::Informational => "changed",
            _ if k.worsening(d.diff) > 0.0 => "worse",
            _ => "better",
        };
        let amount = k.format_diff(d.diff.abs()).trim_start_matches('+').to_string();
        let mut s = format!(
            "{} {} {how} by {amount} ({} → {}; 95% CI of the difference {} to {}",
            self.scope.describe(),
            k.label(),
            k.format_value(d.baseline),
            k.format_value(d.current),
            k.format_diff(d.ci95[0]),
            k.format_diff(d.ci95[1]),
        );
        if let Some(p) = self.adjusted_p {
            s.push_str(&format!(", Holm-adjusted p {}", format_p(p)));
        }
        s.push_str(&format!(
            "); tolerance {}",
            k.format_diff(self.tolerance).trim_start_matches('+')
        ));
        s
    }
}

/// A p-value for people: `= 0.0123`, or `< 0.0001`.
pub fn format_p(p: f64) -> String {
    if p < 1e-4 {
        "< 0.0001".into()
    } else {
        format!("= {p:.4}")
    }
}

/// Names present on one side only.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Structure {
    /// Queues in the current run, not in the baseline.
    pub queues_added: Vec<String>,
    /// Queues in the baseline, not in the current run.
    pub queues_removed: Vec<String>,
    /// Groups added.
    pub groups_added: Vec<String>,
    /// Groups removed.
    pub groups_removed: Vec<String>,
    /// Recorded (queue, interval) cells on one side only (not compared; an interval is
    /// recorded only when it has enough offered contacts).
    pub intervals_unmatched: usize,
}

impl Structure {
    /// True when a queue or group was added or removed.
    pub fn changed(&self) -> bool {
        !(self.queues_added.is_empty()
            && self.queues_removed.is_empty()
            && self.groups_added.is_empty()
            && self.groups_removed.is_empty())
    }

    /// Lines describing the change (empty when unchanged).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |what: &str, names: &[String]| {
            if !names.is_empty() {
                out.push(format!("{what}: {}", names.join(", ")));
            }
        };
        add("queues added (not in the baseline)", &self.queues_added);
        add("queues removed (in the baseline, not in the scenario)", &self.queues_removed);
        add("groups added (not in the baseline)", &self.groups_added);
        add("groups removed (in the baseline, not in the scenario)", &self.groups_removed);
        out
    }
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Scenario name.
    pub scenario: String,
    /// Scenario hash of the baseline and of the current run.
    pub scenario_hash: [String; 2],
    /// Routing policy of the baseline and of the current run.
    pub policy: [String; 2],
    /// Seeds of the baseline and of the current run.
    pub seed: [u64; 2],
    /// Replications of the baseline and of the current run.
    pub replications: [u32; 2],
    /// Paired or Welch.
    pub method: Method,
    /// Settings.
    pub options: CheckOptions,
    /// KPIs in the Holm family.
    pub family_size: usize,
    /// Every comparison, queues first, then groups, then intervals.
    pub rows: Vec<Row>,
    /// Added or removed names.
    pub structure: Structure,
    /// Every row identical and nothing added or removed.
    pub identical: bool,
}

impl CheckReport {
    /// The rows that regressed.
    pub fn regressions(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.verdict == Verdict::Regressed)
    }

    /// True when nothing regressed and no queue or group was added or removed.
    pub fn passed(&self) -> bool {
        self.regressions().next().is_none() && !self.structure.changed()
    }

    /// Rows significant at the family-wise level, in either direction.
    pub fn significant(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| {
            matches!(
                r.verdict,
                Verdict::Improved | Verdict::WorseWithinTolerance | Verdict::Regressed
            )
        })
    }

    /// One line for the end of a check: identical / passed / failed and why.
    pub fn headline(&self) -> String {
        if self.identical {
            return "identical: every KPI of every replication equals the baseline".into();
        }
        let n = self.regressions().count();
        let mut s = if n > 0 {
            format!("FAILED: {n} KPI{} regressed", if n == 1 { "" } else { "s" })
        } else {
            "passed: no KPI regressed".to_string()
        };
        if self.structure.changed() {
            s.push_str(if n > 0 { "; " } else { " — but " });
            s.push_str("queues or groups differ from the baseline (accept with --update)");
            if n == 0 {
                s = s.replacen("passed", "FAILED", 1);
            }
        }
        s
    }
}

fn index<T>(items: &[T], name: impl Fn(&T) -> String) -> BTreeMap<String, &T> {
    items.iter().map(|e| (name(e), e)).collect()
}

fn diff_names(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Vec<String> {
    a.difference(b).cloned().collect()
}

/// Compares `current` with `baseline`.
pub fn compare(baseline: &Baseline, current: &Baseline, options: &CheckOptions) -> CheckReport {
    let method = if baseline.seed == current.seed && baseline.replications == current.replications {
        Method::Paired
    } else {
        Method::Welch
    };
    let difference = |a: &[Option<f64>], b: &[Option<f64>]| match method {
        Method::Paired => paired(a, b),
        Method::Welch => welch(a, b),
    };
    let mut rows = Vec::new();
    let mut structure = Structure::default();
    let mut add_rows = |scope: Scope, a: &Samples, b: &Samples| {
        for (kpi, va) in a {
            let Some(vb) = b.get(kpi) else { continue };
            rows.push(Row {
                scope: scope.clone(),
                kpi: *kpi,
                tolerance: options.tolerances.get(*kpi),
                difference: difference(va, vb),
                adjusted_p: None,
                verdict: Verdict::NotEnoughData,
            });
        }
    };
    let named = |e: &super::baseline::Entity| e.name.clone();
    for (list_a, list_b, is_queue) in
        [(&baseline.queues, &current.queues, true), (&baseline.groups, &current.groups, false)]
    {
        let (a, b) = (index(list_a, named), index(list_b, named));
        let (ka, kb): (BTreeSet<_>, BTreeSet<_>) =
            (a.keys().cloned().collect(), b.keys().cloned().collect());
        let (added, removed) = (diff_names(&kb, &ka), diff_names(&ka, &kb));
        if is_queue {
            (structure.queues_added, structure.queues_removed) = (added, removed);
        } else {
            (structure.groups_added, structure.groups_removed) = (added, removed);
        }
        // Scenario order of the current run.
        for e in list_b.iter().filter(|e| a.contains_key(&e.name)) {
            let scope = if is_queue {
                Scope::Queue { name: e.name.clone() }
            } else {
                Scope::Group { name: e.name.clone() }
            };
            add_rows(scope, &a[&e.name].kpis, &e.kpis);
        }
    }
    if options.per_interval {
        let key = |e: &super::baseline::IntervalEntity| format!("{}\u{0}{}", e.interval, e.queue);
        let a = index(&baseline.intervals, key);
        let b = index(&current.intervals, key);
        structure.intervals_unmatched = a.keys().filter(|k| !b.contains_key(*k)).count()
            + b.keys().filter(|k| !a.contains_key(*k)).count();
        for e in current.intervals.iter() {
            if let Some(base) = a.get(&key(e)) {
                let scope = Scope::Interval {
                    queue: e.queue.clone(),
                    interval: e.interval,
                    start: e.start.clone(),
                };
                add_rows(scope, &base.kpis, &e.kpis);
            }
        }
    }
    // Holm over every directional KPI with data.
    let family: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            rows[i].kpi.direction() != Direction::Informational && rows[i].difference.is_some()
        })
        .collect();
    let p: Vec<f64> = family
        .iter()
        .map(|&i| {
            rows[i].difference.map_or(1.0, |d| if d.p_value.is_nan() { 1.0 } else { d.p_value })
        })
        .collect();
    for (&i, adj) in family.iter().zip(holm(&p)) {
        rows[i].adjusted_p = Some(adj);
    }
    for row in &mut rows {
        row.verdict = verdict(row, options.alpha);
    }
    let identical = !structure.changed()
        && structure.intervals_unmatched == 0
        && !rows.is_empty()
        && rows.iter().all(|r| r.verdict == Verdict::Identical);
    CheckReport {
        scenario: current.scenario.clone(),
        scenario_hash: [baseline.scenario_hash.clone(), current.scenario_hash.clone()],
        policy: [baseline.policy.clone(), current.policy.clone()],
        seed: [baseline.seed, current.seed],
        replications: [baseline.replications, current.replications],
        method,
        options: options.clone(),
        family_size: family.len(),
        rows,
        structure,
        identical,
    }
}

fn verdict(row: &Row, alpha: f64) -> Verdict {
    let Some(d) = &row.difference else { return Verdict::NotEnoughData };
    if d.identical {
        return Verdict::Identical;
    }
    let Some(p) = row.adjusted_p else { return Verdict::Informational };
    if p > alpha {
        return Verdict::NoSignificantChange;
    }
    let worse = row.kpi.worsening(d.diff);
    if worse <= 0.0 {
        Verdict::Improved
    } else if worse > row.tolerance {
        Verdict::Regressed
    } else {
        Verdict::WorseWithinTolerance
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::baseline::{Entity, BASELINE_FORMAT_VERSION, BASELINE_KIND};

    fn run(seed: u64, queues: &[(&str, Vec<f64>)]) -> Baseline {
        let entity = |(name, sl): &(&str, Vec<f64>)| {
            let mut kpis = Samples::new();
            kpis.insert(Kpi::ServiceLevel, sl.iter().map(|&x| Some(x)).collect());
            kpis.insert(Kpi::AbandonRate, sl.iter().map(|&x| Some((1.0 - x) / 10.0)).collect());
            Entity { name: name.to_string(), kpis }
        };
        Baseline {
            kind: BASELINE_KIND.into(),
            format_version: BASELINE_FORMAT_VERSION,
            wfmsim_version: "test".into(),
            scenario: "s".into(),
            scenario_hash: "h".into(),
            policy: "priority".into(),
            seed,
            replications: queues[0].1.len() as u32,
            min_interval_offered: 30.0,
            queues: queues.iter().map(entity).collect(),
            groups: vec![],
            intervals: vec![],
        }
    }

    fn noise(i: usize) -> f64 {
        // A fixed, irregular pattern in [-0.01, 0.01].
        ((i * 7919) % 101) as f64 / 5000.0 - 0.01
    }

    #[test]
    fn same_numbers_are_identical() {
        let v: Vec<f64> = (0..20).map(|i| 0.9 + noise(i)).collect();
        let b = run(1, &[("a", v)]);
        let r = compare(&b, &b, &CheckOptions::default());
        assert!(r.identical && r.passed() && r.method == Method::Paired);
        assert!(r.headline().starts_with("identical"));
    }

    #[test]
    fn a_shift_beyond_tolerance_regresses_and_one_within_does_not() {
        let base: Vec<f64> = (0..30).map(|i| 0.9 + noise(i)).collect();
        let worse: Vec<f64> =
            base.iter().enumerate().map(|(i, x)| x - 0.03 + noise(i + 50) / 10.0).collect();
        let slight: Vec<f64> =
            base.iter().enumerate().map(|(i, x)| x - 0.005 + noise(i + 50) / 10.0).collect();
        let better: Vec<f64> =
            base.iter().enumerate().map(|(i, x)| x + 0.03 + noise(i + 50) / 10.0).collect();
        let b = run(1, &[("a", base)]);
        let opts = CheckOptions::default();
        let r = compare(&b, &run(1, &[("a", worse)]), &opts);
        assert!(!r.passed());
        let reg: Vec<_> = r.regressions().collect();
        // SL down 3 points and abandonment (1 − SL)/10 up 0.3 point (< 0.5 tolerance).
        assert_eq!(reg.len(), 1);
        assert_eq!(reg[0].kpi, Kpi::ServiceLevel);
        assert!(
            reg[0].sentence().contains("a service level worse by 3.0"),
            "{}",
            reg[0].sentence()
        );
        let ab = r.rows.iter().find(|r| r.kpi == Kpi::AbandonRate).unwrap();
        assert_eq!(ab.verdict, Verdict::WorseWithinTolerance);
        let r = compare(&b, &run(1, &[("a", slight)]), &opts);
        assert!(r.passed());
        assert_eq!(r.rows[0].verdict, Verdict::WorseWithinTolerance);
        let r = compare(&b, &run(1, &[("a", better)]), &opts);
        assert!(r.passed() && r.rows.iter().any(|x| x.verdict == Verdict::Improved));
        // A different seed switches to Welch.
        let r = compare(&b, &run(2, &[("a", vec![0.9; 30])]), &opts);
        assert_eq!(r.method, Method::Welch);
    }

    #[test]
    fn added_and_removed_queues_are_named_and_fail() {
        let v: Vec<f64> = (0..10).map(|i| 0.9 + noise(i)).collect();
        let b = run(1, &[("french", v.clone()), ("english", v.clone())]);
        let c = run(1, &[("french", v.clone()), ("german", v)]);
        let r = compare(&b, &c, &CheckOptions::default());
        assert_eq!(r.structure.queues_added, vec!["german".to_string()]);
        assert_eq!(r.structure.queues_removed, vec!["english".to_string()]);
        assert!(!r.passed() && !r.identical);
        assert!(r.headline().contains("differ from the baseline"), "{}", r.headline());
        assert!(r.rows.iter().all(|x| x.scope == Scope::Queue { name: "french".into() }));
    }
}
