//! What a comparison measures: one list of queue KPIs and one of group KPIs, each a name, a
//! direction, a unit and a value taken from one replication's tally over a range of intervals.

use crate::check::{Direction, Kpi, Unit};
use crate::model::{GroupId, Model};
use crate::stats::{busy_share, ReplicationTally};
use serde::Serialize;
use std::ops::Range;

/// Whether a row is about a queue or an agent group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A contact type.
    Queue,
    /// An agent group.
    Group,
}

impl Scope {
    /// `queue` or `group` (the CSV's `scope` column).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Queue => "queue",
            Scope::Group => "group",
        }
    }
}

/// Where a measure's value comes from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// A KPI of the queue's tally.
    Queue(Kpi),
    /// A KPI of the group's tally.
    Group(Kpi),
    /// The share of the group's busy time spent on the named queue.
    BusyShare(String),
}

/// One KPI as a comparison sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Name in files (`service_level`; a later per-queue measure may be `busy_share.french`).
    pub name: String,
    /// Words for people.
    pub label: String,
    /// Queue or group.
    pub scope: Scope,
    /// Which way is better.
    pub direction: Direction,
    /// Unit of its values.
    pub unit: Unit,
    /// The KPI of the shared table, when the measure is one (for formatting).
    pub kpi: Kpi,
    source: Source,
}

impl Measure {
    fn of(kpi: Kpi, scope: Scope) -> Measure {
        let source = match scope {
            Scope::Queue => Source::Queue(kpi),
            Scope::Group => Source::Group(kpi),
        };
        Measure {
            name: kpi.name().to_string(),
            label: kpi.label().to_string(),
            scope,
            direction: kpi.direction(),
            unit: kpi.unit(),
            kpi,
            source,
        }
    }

    /// The value in one replication of `model` for queue or group `index` (of that model)
    /// over `intervals`; `None` when undefined (no denominator, or a busy share of a group
    /// without the skill).
    pub fn value(
        &self,
        model: &Model,
        tally: &ReplicationTally,
        index: usize,
        intervals: Range<usize>,
    ) -> Option<f64> {
        match &self.source {
            Source::Queue(k) => k.of_queue(&tally.queue_sum(index, intervals)),
            Source::Group(k) => k.of_group(&tally.group_sum(index, intervals)),
            Source::BusyShare(queue) => {
                busy_share(model, tally, GroupId::new(index), model.queue_id(queue)?, intervals)
            }
        }
    }
}

/// The queue KPIs compared, in display order; the callback and redial KPIs only when one of
/// the `models` (the variants) offers callbacks or has redials.
pub fn queue_measures(models: &[&Model]) -> Vec<Measure> {
    let any =
        |f: fn(&crate::model::QueueSpec) -> bool| models.iter().any(|m| m.queues().iter().any(f));
    let mut kpis = Kpi::COMPARE_QUEUE.to_vec();
    if any(|q| q.callback.is_some()) {
        kpis.extend(Kpi::COMPARE_CALLBACK);
    }
    if any(|q| q.redial.is_some()) {
        kpis.extend(Kpi::COMPARE_REDIAL);
    }
    kpis.into_iter().map(|k| Measure::of(k, Scope::Queue)).collect()
}

/// The group KPIs compared, in display order, then each group's busy share on every queue of
/// `model` (`busy_share.<queue>`: informational, a share; undefined for a group without the
/// skill).
pub fn group_measures(model: &Model) -> Vec<Measure> {
    let mut v: Vec<Measure> =
        Kpi::COMPARE_GROUP.iter().map(|&k| Measure::of(k, Scope::Group)).collect();
    v.extend(model.queues().iter().map(|q| Measure {
        name: format!("busy_share.{}", q.name),
        label: format!("busy share on {}", q.name),
        scope: Scope::Group,
        direction: Direction::Informational,
        unit: Unit::Share,
        kpi: Kpi::Occupancy,
        source: Source::BusyShare(q.name.clone()),
    }));
    v
}
