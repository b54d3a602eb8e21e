//! Human-readable tables for the terminal.

use crate::model::Model;
use crate::stats::{Estimate, Summary};
use std::fmt::Write;

fn pct(e: &Estimate) -> String {
    if e.mean.is_finite() {
        format!("{:5.1}% ±{:.1}", 100.0 * e.mean, 100.0 * (e.ci95[1] - e.mean))
    } else {
        "    –".to_string()
    }
}

fn secs(e: &Estimate) -> String {
    if e.mean.is_finite() {
        format!("{:6.1} s ±{:.1}", e.mean, e.ci95[1] - e.mean)
    } else {
        "     –".to_string()
    }
}

/// Totals per queue and group, then the intervals that miss their service-level target.
pub fn summary_table(model: &Model, summary: &Summary) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:>9} {:>9} {:>9} {:>14} {:>14} {:>14} {:>14}",
        "queue", "offered", "answered", "abandoned", "SL", "ASA", "abandon", "P(wait>0)"
    );
    for (q, k) in model.queues.iter().zip(&summary.queues) {
        let _ = writeln!(
            s,
            "{:<16} {:>9.1} {:>9.1} {:>9.1} {:>14} {:>14} {:>14} {:>14}",
            q.name,
            k.offered.mean,
            k.answered.mean,
            k.abandoned.mean,
            pct(&k.service_level),
            secs(&k.asa_s),
            pct(&k.abandon_rate),
            pct(&k.p_wait)
        );
    }
    let _ = writeln!(s, "\n{:<16} {:>14} {:>12}", "group", "occupancy", "agent-hours");
    for (g, k) in model.groups.iter().zip(&summary.groups) {
        let _ =
            writeln!(s, "{:<16} {:>14} {:>12.1}", g.name, pct(&k.occupancy), k.staffed_hours.mean);
    }
    let misses: Vec<_> = summary
        .intervals
        .iter()
        .filter(|r| {
            let target = model.queues[r.queue].service_level.target;
            r.kpis.service_level.mean < target
        })
        .collect();
    if !misses.is_empty() {
        let _ = writeln!(s, "\nintervals below their service-level target ({}):", misses.len());
        for r in misses.iter().take(12) {
            let q = &model.queues[r.queue];
            let _ = writeln!(
                s,
                "  {:<20} {:<12} SL {} (target {:.0}%), abandon {}",
                model.horizon.label(r.interval),
                q.name,
                pct(&r.kpis.service_level),
                100.0 * q.service_level.target,
                pct(&r.kpis.abandon_rate)
            );
        }
        if misses.len() > 12 {
            let _ = writeln!(s, "  … and {} more (see intervals.csv)", misses.len() - 12);
        }
    }
    if summary.left_in_system > 0 {
        let _ = writeln!(
            s,
            "\nwarning: {} contacts were still waiting at the end with no agent able to serve them",
            summary.left_in_system
        );
    }
    s
}
