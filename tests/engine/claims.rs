//! The routing claims of `docs/routing.md`, reproduced at their fixed seed: `sla-urgency`
//! against `priority` on `scenarios/bilingual-peak.toml`, 100 paired replications (common
//! random numbers). The same numbers are what `wfmsim compare scenarios/bilingual-peak.toml
//! --policy priority --policy sla-urgency -r 100 --seed 7` prints.

use wfmsim::check::{paired, Difference};
use wfmsim::experiment::run_replications;
use wfmsim::model::Model;
use wfmsim::routing::{BuiltinPolicy, PolicyKind};
use wfmsim::scenario_file;
use wfmsim::stats::{student_t_quantile, Estimate, QueueTally, ReplicationTally};

fn peak() -> Model {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bilingual-peak.toml");
    scenario_file::load(std::path::Path::new(path)).unwrap()
}

fn run(m: &Model, kind: PolicyKind) -> Vec<ReplicationTally> {
    run_replications(m, &m.staffing(), &BuiltinPolicy::new(kind), 7, 0..100).unwrap()
}

fn per_rep(t: &[ReplicationTally], f: impl Fn(&ReplicationTally) -> QueueTally) -> Vec<QueueTally> {
    t.iter().map(f).collect()
}

fn sl(x: &[QueueTally]) -> Vec<Option<f64>> {
    x.iter().map(QueueTally::service_level).collect()
}

#[test]
fn sla_urgency_lifts_the_french_peak_and_keeps_english_on_target() {
    let m = peak();
    let (fr, en) = (m.queue_id("french").unwrap().index(), m.queue_id("english").unwrap().index());
    let base = run(&m, PolicyKind::Priority);
    let urgent = run(&m, PolicyKind::SlaUrgency);
    let day = |t: &[ReplicationTally], q| per_rep(t, |r| r.queue_total(q, 0));
    let at_11 = |t: &[ReplicationTally], q| per_rep(t, |r| *r.queue_at(6, q)); // 11:00–11:30

    // French: better over the day and at 11:00 (paired 95% CIs above 0).
    let french_day = paired(&sl(&day(&base, fr)), &sl(&day(&urgent, fr))).unwrap();
    let french_11 = paired(&sl(&at_11(&base, fr)), &sl(&at_11(&urgent, fr))).unwrap();
    // English: worse, but still above its 80% target (the 95% CI of its level).
    let english_day = paired(&sl(&day(&base, en)), &sl(&day(&urgent, en))).unwrap();
    let english_level = Estimate::from_samples(sl(&day(&urgent, en)));
    let msg = format!(
        "French day {:+.4} [{:.4}, {:.4}], French 11:00 {:+.4} [{:.4}, {:.4}], English day {:+.4}, \
         English level {:.4} ± {:.4}",
        french_day.diff,
        french_day.ci95[0],
        french_day.ci95[1],
        french_11.diff,
        french_11.ci95[0],
        french_11.ci95[1],
        english_day.diff,
        english_level.mean,
        english_level.half_width(0.95)
    );
    eprintln!("{msg}");
    // A family of 4 one-sided claims, the documented statement. Bonferroni: each bound at
    // 1 − 0.05/4 = 98.75%, so the family's false-alarm probability is at most 5% were the
    // claims only just true. (A different seed moves the figures by their half-widths, not
    // the signs: the margins are several half-widths wide.)
    let one_sided = 1.0 - 0.05 / 4.0;
    assert!(bound(&french_day, one_sided, Side::Lower) > 0.01, "{msg}");
    assert!(bound(&french_11, one_sided, Side::Lower) > 0.03, "{msg}");
    assert!(bound(&english_day, one_sided, Side::Upper) < 0.0, "{msg}");
    let two_sided = 2.0 * one_sided - 1.0;
    assert!(english_level.mean - english_level.half_width(two_sided) > 0.80, "{msg}");
}

enum Side {
    Lower,
    Upper,
}

/// The one-sided confidence bound of a paired difference at level `p`, from its standard
/// error (the half-width of its 95% interval over t at 97.5%).
fn bound(d: &Difference, p: f64, side: Side) -> f64 {
    let df = d.df.min(1e9) as u64;
    let se = (d.ci95[1] - d.diff) / student_t_quantile(0.975, df);
    let half = student_t_quantile(p, df) * se;
    match side {
        Side::Lower => d.diff - half,
        Side::Upper => d.diff + half,
    }
}
