//! Human-readable tables for the terminal.

use super::display::{seconds_estimate, share_estimate};
use crate::model::Model;
use crate::stats::Summary;
use std::fmt::Write;

/// Totals per queue and group, then the intervals that miss their service-level target.
pub fn summary_table(model: &Model, summary: &Summary) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:>9} {:>9} {:>9} {:>20} {:>20} {:>20} {:>20}",
        "queue", "offered", "answered", "abandoned", "SL", "ASA", "abandon", "P(wait>0)"
    );
    for (q, k) in model.queues.iter().zip(&summary.queues) {
        let _ = writeln!(
            s,
            "{:<16} {:>9.1} {:>9.1} {:>9.1} {:>20} {:>20} {:>20} {:>20}",
            q.name,
            k.offered.mean,
            k.answered.mean,
            k.abandoned.mean,
            share_estimate(&k.service_level),
            seconds_estimate(&k.asa_s),
            share_estimate(&k.abandon_rate),
            share_estimate(&k.p_wait)
        );
    }
    let _ = writeln!(s, "\n{:<16} {:>20} {:>12}", "group", "occupancy", "agent-hours");
    for (g, k) in model.groups.iter().zip(&summary.groups) {
        let _ = writeln!(
            s,
            "{:<16} {:>20} {:>12.1}",
            g.name,
            share_estimate(&k.occupancy),
            k.staffed_hours.mean
        );
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
                share_estimate(&r.kpis.service_level),
                100.0 * q.service_level.target,
                share_estimate(&r.kpis.abandon_rate)
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
