//! Outputs of `wfmsim staff`: the plan (staffing.csv), both plans' KPIs per interval, the
//! summary, the KPI curves, and the table printed on the terminal.
//!
//! Every KPI reported comes from the recommendation's *evidence*: fresh replications that
//! neither the search nor its confirmation saw (`Recommendation::plan` and `::pointwise`).

use super::csv_out::{csv_bytes, num};
use super::display::{percent, seconds};
use crate::model::Model;
use crate::staffing::{scheduled, QueueCurve, Recommendation, StaffingOptions};
use crate::stats::{summarise, GroupKpis, QueueKpis, Summary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Everything `staff` reports, computed once from a recommendation.
pub struct StaffingReport<'a> {
    model: &'a Model,
    rec: &'a Recommendation,
    curves: &'a [QueueCurve],
    options: StaffingOptions,
    plan: Summary,
    pointwise: Summary,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    shrinkage: f64,
    agent_hours: f64,
    scheduled_hours: f64,
    pointwise_agent_hours: f64,
    pointwise_scheduled_hours: f64,
    /// One head-count for the whole horizon (stationary scenarios only).
    agents: Option<u32>,
    scheduled: Option<u32>,
    plan: &'a GroupKpis,
    pointwise: &'a GroupKpis,
}

#[derive(Serialize)]
struct QueueOut<'a> {
    service_level_threshold_s: f64,
    service_level_target: f64,
    max_abandon_rate: Option<f64>,
    max_asa_s: Option<f64>,
    /// Share of accepted callbacks to reach within the promise, if set.
    callback_target: Option<f64>,
    plan: &'a QueueKpis,
    pointwise: &'a QueueKpis,
}

#[derive(Serialize)]
struct SearchOut {
    iterations: u32,
    evaluations: u32,
    /// Replications per plan in the search and the confirmation.
    replications: u32,
    margin_se: f64,
    confirmation: ConfirmationOut,
}

#[derive(Serialize)]
struct ConfirmationOut {
    seed: u64,
    rounds: u32,
    agents_added: u32,
}

/// How the `--ci-width` calibration ended.
#[derive(Serialize)]
struct CalibrationOut {
    target_width: f64,
    widest: f64,
    replications: u32,
    reached: bool,
}

/// Where the reported KPIs come from.
#[derive(Serialize)]
struct EvidenceOut {
    seed: u64,
    replications: u32,
    /// The pointwise plan's replications: the first of the same fresh set.
    pointwise_replications: u32,
    independent_of_search: bool,
}

#[derive(Serialize)]
struct SummaryOut<'a> {
    schema_version: u32,
    kind: &'static str,
    scenario: &'a str,
    seed: u64,
    replications: u32,
    confidence: Option<f64>,
    ci_width: Option<f64>,
    /// Present with `ci_width`: whether the width was reached before `max_replications`.
    #[serde(skip_serializing_if = "Option::is_none")]
    ci_width_calibration: Option<CalibrationOut>,
    stationary: bool,
    search: SearchOut,
    evidence: EvidenceOut,
    groups: BTreeMap<&'a str, GroupOut<'a>>,
    queues: BTreeMap<&'a str, QueueOut<'a>>,
}

impl<'a> StaffingReport<'a> {
    /// Summarises both plans' simulations.
    pub fn new(
        model: &'a Model,
        rec: &'a Recommendation,
        curves: &'a [QueueCurve],
        options: &StaffingOptions,
    ) -> Self {
        StaffingReport {
            model,
            rec,
            curves,
            options: *options,
            plan: summarise(model, &rec.plan.tallies),
            pointwise: summarise(model, &rec.pointwise.tallies),
        }
    }

    /// Agent-hours of a plan over all groups, on the phones or scheduled after shrinkage.
    fn total_hours(&self, agents: &[Vec<u32>], after_shrinkage: bool) -> f64 {
        self.model
            .groups
            .iter()
            .zip(agents)
            .map(|(spec, a)| self.hours(a, after_shrinkage.then_some(spec.shrinkage)))
            .sum()
    }

    fn hours(&self, agents: &[u32], shrinkage: Option<f64>) -> f64 {
        let h = self.model.horizon.interval_s / 3600.0;
        agents.iter().map(|&a| shrinkage.map_or(a, |s| scheduled(a, s)) as f64 * h).sum()
    }

    /// `staffing.csv`: per interval and group, agents on the phones and scheduled head-count,
    /// for the recommended and the pointwise-Erlang plan. Loadable as a scenario's staffing.
    pub fn staffing_csv(&self) -> Vec<u8> {
        let header = [
            "interval",
            "interval_start",
            "group",
            "agents",
            "scheduled",
            "pointwise_agents",
            "pointwise_scheduled",
        ];
        let (plan, pw) = (&self.rec.plan.staffing.agents, &self.rec.pointwise.staffing.agents);
        let rows = (0..self.model.horizon.intervals).flat_map(|i| {
            self.model.groups.iter().enumerate().map(move |(g, spec)| {
                vec![
                    i.to_string(),
                    self.model.horizon.label(i),
                    spec.name.clone(),
                    plan[g][i].to_string(),
                    scheduled(plan[g][i], spec.shrinkage).to_string(),
                    pw[g][i].to_string(),
                    scheduled(pw[g][i], spec.shrinkage).to_string(),
                ]
            })
        });
        csv_bytes(&header, rows)
    }

    /// `plan_intervals.csv`: per interval and queue, KPIs of both plans side by side, with the
    /// number of fresh evidence replications each plan's KPIs come from.
    pub fn intervals_csv(&self) -> Vec<u8> {
        let header = [
            "interval",
            "interval_start",
            "queue",
            "offered",
            "service_level",
            "service_level_lo",
            "service_level_hi",
            "abandon_rate",
            "asa_s",
            "pointwise_service_level",
            "pointwise_service_level_lo",
            "pointwise_service_level_hi",
            "pointwise_abandon_rate",
            "pointwise_asa_s",
            "callbacks_accepted",
            "callbacks_within_promise",
            "pointwise_callbacks_within_promise",
            "evidence_replications",
            "pointwise_evidence_replications",
        ];
        let evidence = &self.rec.evidence;
        let reps = [evidence.replications.to_string(), evidence.pointwise_replications.to_string()];
        let rows = self.plan.intervals.iter().zip(&self.pointwise.intervals).map(|(a, b)| {
            vec![
                a.interval.to_string(),
                self.model.horizon.label(a.interval),
                self.model.queues[a.queue].name.clone(),
                num(a.kpis.offered.mean),
                num(a.kpis.service_level.mean),
                num(a.kpis.service_level.ci95[0]),
                num(a.kpis.service_level.ci95[1]),
                num(a.kpis.abandon_rate.mean),
                num(a.kpis.asa_s.mean),
                num(b.kpis.service_level.mean),
                num(b.kpis.service_level.ci95[0]),
                num(b.kpis.service_level.ci95[1]),
                num(b.kpis.abandon_rate.mean),
                num(b.kpis.asa_s.mean),
                num(a.kpis.callbacks_accepted.mean),
                num(a.kpis.callbacks_within_promise.mean),
                num(b.kpis.callbacks_within_promise.mean),
                reps[0].clone(),
                reps[1].clone(),
            ]
        });
        csv_bytes(&header, rows)
    }

    /// `curves.csv`: per queue, KPIs against the head-count of its primary group.
    pub fn curves_csv(&self) -> Vec<u8> {
        let header = [
            "queue",
            "group",
            "offset",
            "mean_agents",
            "service_level",
            "service_level_lo",
            "service_level_hi",
            "asa_s",
            "asa_s_lo",
            "asa_s_hi",
            "abandon_rate",
            "abandon_rate_lo",
            "abandon_rate_hi",
        ];
        let rows = self.curves.iter().flat_map(|c| {
            c.points.iter().map(move |p| {
                vec![
                    self.model.queues[c.queue].name.clone(),
                    self.model.groups[c.group].name.clone(),
                    p.offset.to_string(),
                    num(p.mean_agents),
                    num(p.service_level.mean),
                    num(p.service_level.ci95[0]),
                    num(p.service_level.ci95[1]),
                    num(p.asa_s.mean),
                    num(p.asa_s.ci95[0]),
                    num(p.asa_s.ci95[1]),
                    num(p.abandon_rate.mean),
                    num(p.abandon_rate.ci95[0]),
                    num(p.abandon_rate.ci95[1]),
                ]
            })
        });
        csv_bytes(&header, rows)
    }

    /// `summary.json` of the staffing run.
    pub fn summary_json(&self) -> String {
        let stationary = self.rec.blocks.len() == 1;
        let (plan, pw) = (&self.rec.plan.staffing.agents, &self.rec.pointwise.staffing.agents);
        let out = SummaryOut {
            schema_version: 1,
            kind: "staffing",
            scenario: &self.model.name,
            seed: self.options.seed,
            replications: self.rec.stats.replications,
            confidence: self.options.confidence,
            ci_width: self.options.ci_width,
            ci_width_calibration: self.rec.calibration.map(|c| CalibrationOut {
                target_width: c.target_width,
                widest: c.widest,
                replications: c.replications,
                reached: c.reached,
            }),
            stationary,
            search: SearchOut {
                iterations: self.rec.stats.iterations,
                evaluations: self.rec.stats.evaluations,
                replications: self.rec.stats.replications,
                margin_se: self.options.margin_se,
                confirmation: ConfirmationOut {
                    seed: self.rec.stats.confirmation_seed,
                    rounds: self.rec.stats.confirmation_rounds,
                    agents_added: self.rec.stats.confirmation_agents_added,
                },
            },
            evidence: EvidenceOut {
                seed: self.rec.evidence.seed,
                replications: self.rec.evidence.replications,
                pointwise_replications: self.rec.evidence.pointwise_replications,
                independent_of_search: self.rec.evidence.seed != self.options.seed
                    && self.rec.evidence.seed != self.rec.stats.confirmation_seed,
            },
            groups: self
                .model
                .groups
                .iter()
                .enumerate()
                .map(|(g, spec)| {
                    let o = GroupOut {
                        shrinkage: spec.shrinkage,
                        agent_hours: self.hours(&plan[g], None),
                        scheduled_hours: self.hours(&plan[g], Some(spec.shrinkage)),
                        pointwise_agent_hours: self.hours(&pw[g], None),
                        pointwise_scheduled_hours: self.hours(&pw[g], Some(spec.shrinkage)),
                        agents: stationary.then(|| plan[g][0]),
                        scheduled: stationary.then(|| scheduled(plan[g][0], spec.shrinkage)),
                        plan: &self.plan.groups[g],
                        pointwise: &self.pointwise.groups[g],
                    };
                    (spec.name.as_str(), o)
                })
                .collect(),
            queues: self
                .model
                .queues
                .iter()
                .enumerate()
                .map(|(q, spec)| {
                    let o = QueueOut {
                        service_level_threshold_s: spec.service_level.threshold_s,
                        service_level_target: spec.service_level.target,
                        max_abandon_rate: spec.max_abandon_rate,
                        max_asa_s: spec.max_asa_s,
                        callback_target: spec.callback.as_ref().and_then(|c| c.target),
                        plan: &self.plan.queues[q],
                        pointwise: &self.pointwise.queues[q],
                    };
                    (spec.name.as_str(), o)
                })
                .collect(),
        };
        let mut s = serde_json::to_string_pretty(&out).expect("summary serialises");
        s.push('\n');
        s
    }

    /// A few lines for a planner (the main job prints these instead of the full table): the
    /// plan's agent-hours and peak, each queue's KPIs with their targets, and the worst busy
    /// interval, all from the fresh evidence.
    pub fn brief(&self) -> Vec<String> {
        let m = self.model;
        let plan = &self.rec.plan.staffing.agents;
        let pw = &self.rec.pointwise.staffing.agents;
        let total = |agents: &Vec<Vec<u32>>, shr: bool| self.total_hours(agents, shr);
        let warm = m.horizon.warmup_intervals;
        let on_phones = |i: usize| plan.iter().map(|g| g[i]).sum::<u32>();
        let peak = (warm..m.horizon.intervals).max_by_key(|&i| on_phones(i)).unwrap_or(warm);
        let mut lines = vec![format!(
            "plan: {:.1} agent-hours on the phones, {:.1} scheduled after shrinkage \
             (pointwise Erlang: {:.1}); peak {} agents at {}",
            total(plan, false),
            total(plan, true),
            total(pw, false),
            on_phones(peak),
            m.horizon.label(peak)
        )];
        for (q, spec) in m.queues.iter().enumerate() {
            let k = &self.plan.queues[q];
            let abandon_target =
                spec.max_abandon_rate.map_or(String::new(), |t| format!(" (≤ {:.0}%)", 100.0 * t));
            lines.push(format!(
                "{}: service level {} (target {:.0}% in {} s), abandonment {}{abandon_target}, \
                 ASA {}; from {} fresh replications",
                spec.name,
                percent(k.service_level.mean),
                100.0 * spec.service_level.target,
                spec.service_level.threshold_s,
                percent(k.abandon_rate.mean),
                seconds(k.asa_s.mean),
                self.rec.evidence.replications
            ));
        }
        // Worst busy interval: the largest shortfall of service level against its target
        // among intervals offered at least 20 contacts (the fresh-evidence rule's threshold).
        let worst = self
            .plan
            .intervals
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kpis.offered.mean >= 20.0 && r.kpis.service_level.mean.is_finite())
            .map(|(row, r)| {
                (row, r.kpis.service_level.mean - m.queues[r.queue].service_level.target)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((row, _)) = worst {
            let r = &self.plan.intervals[row];
            let spec = &m.queues[r.queue];
            lines.push(format!(
                "worst interval: {} {}, service level {} against {:.0}% ({:.0} contacts offered)",
                m.horizon.label(r.interval),
                spec.name,
                percent(r.kpis.service_level.mean),
                100.0 * spec.service_level.target,
                r.kpis.offered.mean
            ));
        }
        lines
    }

    /// Conditions the run could not reach, one line each (also printed to stderr by the CLI).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = self.rec.calibration.filter(|c| !c.reached) {
            out.push(format!(
                "warning: --ci-width {} was not reached: the widest service-level or abandonment \
                 interval is still {:.4} wide at {} replications, the limit; the plan was searched \
                 at that precision (ask for a wider --ci-width, or fewer, busier intervals)",
                c.target_width, c.widest, c.replications
            ));
        }
        out
    }

    /// The terminal table: per interval, each plan's head-count and service level.
    pub fn table(&self) -> String {
        let m = self.model;
        let mut s = String::new();
        let (plan, pw) = (&self.rec.plan.staffing.agents, &self.rec.pointwise.staffing.agents);
        let _ = writeln!(
            s,
            "{} — staffing by simulation ({} replications per plan, {} plans simulated, {} iterations)",
            m.name, self.rec.stats.replications, self.rec.stats.evaluations, self.rec.stats.iterations
        );
        let _ = writeln!(
            s,
            "KPIs below are fresh evidence: {} new replications (seed {}) that the search never saw\n",
            self.rec.evidence.replications, self.rec.evidence.seed
        );
        if let Some(warning) = self.warnings().first() {
            let _ = writeln!(s, "{warning}\n");
        }
        if self.rec.blocks.len() == 1 {
            for (g, spec) in m.groups.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "{:<16} {:>4} agents on the phones ({} scheduled at {:.0}% shrinkage); Erlang start {}",
                    spec.name,
                    plan[g][0],
                    scheduled(plan[g][0], spec.shrinkage),
                    100.0 * spec.shrinkage,
                    pw[g][0]
                );
            }
        } else {
            let _ = write!(s, "{:<20}", "interval");
            for g in &m.groups {
                let _ = write!(s, " {:>16}", format!("{} (erl)", g.name));
            }
            for q in &m.queues {
                let _ = write!(s, " {:>20}", format!("SL {} (erl)", q.name));
            }
            let _ = writeln!(s);
            let nq = m.queues.len();
            for i in m.horizon.warmup_intervals..m.horizon.intervals {
                let _ = write!(s, "{:<20}", m.horizon.label(i));
                for g in 0..m.groups.len() {
                    let _ = write!(s, " {:>16}", format!("{} ({})", plan[g][i], pw[g][i]));
                }
                let row = (i - m.horizon.warmup_intervals) * nq;
                for q in 0..nq {
                    let a = self.plan.intervals[row + q].kpis.service_level.mean;
                    let b = self.pointwise.intervals[row + q].kpis.service_level.mean;
                    let _ = write!(s, " {:>20}", format!("{} ({})", percent(a), percent(b)));
                }
                let _ = writeln!(s);
            }
        }
        let _ = writeln!(s);
        for (q, spec) in m.queues.iter().enumerate() {
            let (a, b) = (&self.plan.queues[q], &self.pointwise.queues[q]);
            let _ = writeln!(
                s,
                "{:<16} SL {} (Erlang plan {}), abandon {} ({}), ASA {} ({}); target {:.0}% in {} s",
                spec.name,
                percent(a.service_level.mean),
                percent(b.service_level.mean),
                percent(a.abandon_rate.mean),
                percent(b.abandon_rate.mean),
                seconds(a.asa_s.mean),
                seconds(b.asa_s.mean),
                100.0 * spec.service_level.target,
                spec.service_level.threshold_s
            );
        }
        let total = |agents: &Vec<Vec<u32>>, shr: bool| self.total_hours(agents, shr);
        let _ = writeln!(
            s,
            "agent-hours on the phones {:.1} (Erlang plan {:.1}); scheduled {:.1} ({:.1})",
            total(plan, false),
            total(pw, false),
            total(plan, true),
            total(pw, true)
        );
        s
    }
}

impl StaffingReport<'_> {
    /// Writes the staffing plots (SVG and PNG) into `out` and returns their paths: per queue
    /// the service-level, ASA and abandonment curves against head-count with 95% bands, the
    /// recommended plan marked and the targets drawn; per group both plans' head-count per
    /// interval and the scheduled head-count after shrinkage; per queue both plans' service
    /// level and abandonment per interval (see `staffing_charts`).
    pub fn plots(
        &self,
        out: &std::path::Path,
    ) -> Result<Vec<std::path::PathBuf>, super::plot::PlotError> {
        use super::staffing_charts::{curve_charts, plan_charts, render_all};
        let mut charts = curve_charts(self.model, self.curves);
        charts.extend(plan_charts(self.model, self.rec, &self.plan, &self.pointwise));
        render_all(out, &charts)
    }
}

impl StaffingReport<'_> {
    /// The HTML report document of this staffing run (see `report::html`).
    pub fn html_doc(&self) -> super::html::ReportDoc {
        super::html::staffing_report(
            self.model,
            self.rec,
            self.curves,
            &self.plan,
            &self.pointwise,
            self.options.seed,
        )
    }
}
