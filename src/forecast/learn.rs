//! Per-queue learning of handle time and patience from per-contact records, and the
//! rendering of the result as a scenario fragment (`[[queue]]` tables in TOML).

use chrono::Timelike;

use super::handle::{fit_handle_times, HandleTimeFit};
use super::patience::{fit_patience, PatienceFit};
use crate::history::{CallOutcome, CallRecord};

/// Settings of `learn`.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnConfig {
    /// Abandons with a wait below this (seconds) are reported apart as short abandons.
    pub short_abandon_s: f64,
    /// Handle times below this (seconds) are reported apart as short services.
    pub short_service_s: f64,
    /// Learn one model for all contacts together (queue `all`) instead of one per queue.
    pub pool_queues: bool,
}

impl Default for LearnConfig {
    fn default() -> Self {
        LearnConfig { short_abandon_s: 5.0, short_service_s: 10.0, pool_queues: false }
    }
}

/// What was learnt for one queue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueueLearning {
    /// Queue name.
    pub queue: String,
    /// Contacts kept by ingestion.
    pub contacts: usize,
    /// Answered contacts.
    pub answered: usize,
    /// Abandoned contacts (in the queue or before it).
    pub abandoned: usize,
    /// Contacts with another or no outcome.
    pub other: usize,
    /// Contacts that entered the queue.
    pub queued: usize,
    /// Abandoned without entering the queue (for example in the IVR).
    pub abandoned_before_queue: usize,
    /// Handle-time fit (answered contacts with a handle time; agent-served only when the
    /// export names agents). `None` without handle times.
    pub handle_time: Option<HandleTimeFit>,
    /// Patience fit (contacts that queued and were answered or abandoned). `None` without
    /// abandons in the queue.
    pub patience: Option<PatienceFit>,
}

/// Learns handle time and patience per queue (in order of first appearance).
pub fn learn(contacts: &[CallRecord], cfg: &LearnConfig) -> Vec<QueueLearning> {
    let has_agents = contacts.iter().any(|c| c.agent.is_some());
    let mut queues: Vec<String> = Vec::new();
    if cfg.pool_queues {
        queues.push("all".into());
    } else {
        for c in contacts {
            if !queues.contains(&c.queue) {
                queues.push(c.queue.clone());
            }
        }
    }
    queues
        .into_iter()
        .map(|q| {
            let mine: Vec<&CallRecord> =
                contacts.iter().filter(|c| cfg.pool_queues || c.queue == q).collect();
            learn_queue(q, &mine, has_agents, cfg)
        })
        .collect()
}

fn learn_queue(
    queue: String,
    rows: &[&CallRecord],
    has_agents: bool,
    cfg: &LearnConfig,
) -> QueueLearning {
    let count = |o: CallOutcome| rows.iter().filter(|c| c.outcome == Some(o)).count();
    let handle: Vec<(f64, u32)> = rows
        .iter()
        .filter(|c| c.outcome == Some(CallOutcome::Answered) && (!has_agents || c.agent.is_some()))
        .filter_map(|c| c.handle_s.map(|h| (h, c.arrival.time().hour())))
        .collect();
    let queued: Vec<&&CallRecord> = rows.iter().filter(|c| c.entered_queue()).collect();
    let patience_obs: Vec<(f64, bool)> = queued
        .iter()
        .filter(|c| matches!(c.outcome, Some(CallOutcome::Answered) | Some(CallOutcome::Abandoned)))
        .filter_map(|c| c.wait_s.map(|w| (w, c.outcome == Some(CallOutcome::Abandoned))))
        .collect();
    QueueLearning {
        queue,
        contacts: rows.len(),
        answered: count(CallOutcome::Answered),
        abandoned: count(CallOutcome::Abandoned),
        other: rows.len() - count(CallOutcome::Answered) - count(CallOutcome::Abandoned),
        queued: queued.len(),
        abandoned_before_queue: rows
            .iter()
            .filter(|c| c.outcome == Some(CallOutcome::Abandoned) && !c.entered_queue())
            .count(),
        handle_time: fit_handle_times(&handle, cfg.short_service_s),
        patience: fit_patience(&patience_obs, cfg.short_abandon_s),
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Renders the learnt queues as `[[queue]]` tables of a scenario file, with the fit
/// statistics as comments. `source` names the history file in the heading comment.
pub fn to_scenario_toml(learned: &[QueueLearning], source: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Learnt by `wfmsim learn` from {source}\n"));
    out.push_str("# Paste each queue's handle_time and patience into the matching [[queue]] of a scenario.\n");
    for q in learned {
        out.push_str(&format!("\n[[queue]]\nname = {}\n", toml_string(&q.queue)));
        out.push_str(&format!(
            "# contacts {}, answered {}, abandoned {} ({} before queueing), other {}, queued {}\n",
            q.contacts, q.answered, q.abandoned, q.abandoned_before_queue, q.other, q.queued
        ));
        match &q.handle_time {
            Some(h) => {
                out.push_str(&format!(
                    "# handle time: {} answered contacts ({} zero times left out, {} under {:.0} s); sample mean {:.1} s, median {:.1} s, CV {:.3}\n",
                    h.n, h.zeros_excluded, h.short_services, h.body.threshold_s, h.sample_mean_s, h.sample_median_s, h.sample_cv
                ));
                out.push_str(&format!(
                    "#   KS distance: lognormal {:.4}, exponential {:.4}; at or above {:.0} s (n = {}): lognormal MLE mu {:.3} sigma {:.3} AIC {:.1} vs exponential AIC {:.1}\n",
                    h.lognormal.ks, h.exponential.ks, h.body.threshold_s, h.body.n, h.body.lognormal_mu, h.body.lognormal_sigma, h.body.lognormal_aic, h.body.exponential_aic
                ));
                if h.varies_by_time_of_day {
                    let hours: Vec<String> = h
                        .by_hour
                        .iter()
                        .map(|s| format!("{:02}h {:.0}", s.hour, s.mean_s))
                        .collect();
                    out.push_str(&format!(
                        "#   varies by time of day (max/min hourly mean {:.2}, p = {:.1e}): {}\n",
                        h.hourly_ratio,
                        h.hourly_p_value,
                        hours.join(", ")
                    ));
                }
                out.push_str(&format!("handle_time = {}\n", h.chosen.to_scenario_inline()));
            }
            None => out.push_str("# handle time: no handle times in the export\n"),
        }
        match &q.patience {
            Some(p) => {
                out.push_str(&format!(
                    "# patience: {} queued, {} abandoned ({:.1}%), {} within {:.0} s; mean wait {:.1} s; Kaplan-Meier median {}\n",
                    p.queued,
                    p.abandoned,
                    100.0 * p.p_abandon,
                    p.short_abandons,
                    p.short_threshold_s,
                    p.mean_wait_s,
                    p.km_median_s.map_or("not reached".to_string(), |m| format!("{m:.0} s"))
                ));
                out.push_str(&format!(
                    "#   exponential mean {:.1} s (AIC {:.1}, KM gap {:.3}); simple estimator mean wait / P(abandon) {:.1} s; weibull mean {:.1} s shape {:.3} (AIC {:.1}, KM gap {:.3})\n",
                    p.exponential.distribution.mean_s(),
                    p.exponential.aic,
                    p.exponential.km_max_gap,
                    p.simple_mean_s,
                    p.weibull.distribution.mean_s(),
                    match p.weibull.distribution { super::distribution::Fitted::Weibull { shape, .. } => shape, _ => f64::NAN },
                    p.weibull.aic,
                    p.weibull.km_max_gap
                ));
                out.push_str(&format!("patience = {}\n", p.chosen.to_scenario_inline()));
            }
            None => out.push_str(
                "# patience: no abandons from the queue, so patience cannot be estimated\n",
            ),
        }
    }
    out
}
