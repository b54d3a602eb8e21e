//! Outputs of `wfmsim staff`: the plan (staffing.csv), both plans' KPIs per interval, the
//! summary, the KPI curves, and the table printed on the terminal.
//!
//! Every KPI reported comes from the recommendation's *evidence*: fresh replications that
//! neither the search nor its confirmation saw (`Recommendation::plan` and `::pointwise`).

use super::csv_out::{csv_bytes, num};
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

/// Where the reported KPIs come from.
#[derive(Serialize)]
struct EvidenceOut {
    seed: u64,
    replications: u32,
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

    /// `plan_intervals.csv`: per interval and queue, KPIs of both plans side by side.
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
        ];
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
                    let _ = write!(s, " {:>20}", format!("{:.1}% ({:.1}%)", 100.0 * a, 100.0 * b));
                }
                let _ = writeln!(s);
            }
        }
        let _ = writeln!(s);
        for (q, spec) in m.queues.iter().enumerate() {
            let (a, b) = (&self.plan.queues[q], &self.pointwise.queues[q]);
            let _ = writeln!(
                s,
                "{:<16} SL {:.1}% (Erlang plan {:.1}%), abandon {:.1}% ({:.1}%), ASA {:.1} s ({:.1} s); target {:.0}% in {} s",
                spec.name,
                100.0 * a.service_level.mean,
                100.0 * b.service_level.mean,
                100.0 * a.abandon_rate.mean,
                100.0 * b.abandon_rate.mean,
                a.asa_s.mean,
                b.asa_s.mean,
                100.0 * spec.service_level.target,
                spec.service_level.threshold_s
            );
        }
        let total = |agents: &Vec<Vec<u32>>, shr: bool| -> f64 {
            m.groups
                .iter()
                .enumerate()
                .map(|(g, spec)| self.hours(&agents[g], shr.then_some(spec.shrinkage)))
                .sum()
        };
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
    /// the service-level, ASA and abandonment curves against head-count with 95% bands; per
    /// group both plans' head-count per interval; per queue both plans' service level.
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
