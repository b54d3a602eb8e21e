//! The analytic starting points: Erlang staffing per block, split over groups.
//!
//! Each block is treated as if it were in steady state (Erlang A with the mean patience when
//! the queue has a patience, Erlang C otherwise, with the mean handle time; non-exponential
//! distributions are approximated by their means; the simulation then corrects the plan).
//! Two loads are fed to it:
//! - [`pointwise`]: the block's own mean arrival rate (the pointwise-stationary
//!   approximation, the textbook plan the reports compare against);
//! - [`infinite_server`]: the block's mean offered load m(t) of an M_t/G/∞ system
//!   ([`crate::analytic::infinite_server_load`], the modified-offered-load approximation),
//!   which carries the calls still in service from the previous interval into the next: it
//!   staffs the intervals after a peak for the work they really have, where the pointwise
//!   plan lags. The search starts from it.
//!
//! Several queues and groups: each queue's requirement is scaled by the pooling gain (the
//! pooled Erlang requirement of all queues ÷ the sum of the separate requirements) and split
//! evenly over the groups that serve that queue first (priority order).

use super::{Blocks, StaffingError};
use crate::analytic::{self, Queue, ServiceLevelTarget, Targets};
use crate::model::{GroupId, Model, QueueSpec, Staffing};

/// Erlang requirement for a queue at `per_hour` arrivals (0 when nothing arrives).
fn requirement(
    q: &QueueSpec,
    per_hour: f64,
    aht: f64,
    patience: Option<f64>,
) -> Result<u32, StaffingError> {
    requirement_for(q, per_hour, aht, patience, &targets(q, patience))
}

/// The queue's targets as Erlang applies them: the service level, and the abandonment ceiling
/// where callers abandon (probabilities kept below 1, zero ceilings dropped).
pub(crate) fn targets(q: &QueueSpec, patience: Option<f64>) -> Targets {
    Targets {
        service_level: Some(ServiceLevelTarget {
            threshold_s: q.service_level.threshold_s,
            target: q.service_level.target.min(0.999_999),
        }),
        max_abandon: q
            .max_abandon_rate
            .filter(|&m| m > 0.0 && patience.is_some())
            .map(|m| m.min(0.999_999)),
        max_asa_s: q.max_asa_s.filter(|&m| m > 0.0),
    }
}

/// The fewest agents meeting `targets` for queue `q` at `per_hour` arrivals (0 when nothing
/// arrives).
pub(crate) fn requirement_for(
    q: &QueueSpec,
    per_hour: f64,
    aht: f64,
    patience: Option<f64>,
    targets: &Targets,
) -> Result<u32, StaffingError> {
    if per_hour <= 0.0 {
        return Ok(0);
    }
    let err = |e: analytic::AnalyticError| StaffingError::Start {
        queue: q.name.clone(),
        reason: e.to_string(),
    };
    let queue = Queue::new(per_hour, aht, patience).map_err(err)?;
    analytic::min_agents(&queue, targets, q.service_level.threshold_s)
        .map(|k| k.agents)
        .map_err(err)
}

/// Mean arrivals per hour of rates `r` (per second, per interval) over `intervals`.
fn per_hour(r: &[f64], intervals: &[usize]) -> f64 {
    if intervals.is_empty() {
        return 0.0;
    }
    intervals.iter().map(|&i| r[i]).sum::<f64>() / intervals.len() as f64 * 3600.0
}

/// The groups that serve `q` at their top priority (falling back to every group with the skill).
pub fn primary_groups(model: &Model, q: usize) -> Vec<GroupId> {
    let topo = model.topology();
    let all: Vec<GroupId> =
        topo.groups_for(crate::model::QueueId::new(q)).iter().map(|&(g, _)| g).collect();
    let first: Vec<GroupId> = all
        .iter()
        .copied()
        .filter(|&g| topo.skills_of(g).first().map(|s| s.queue.index()) == Some(q))
        .collect();
    if first.is_empty() {
        all
    } else {
        first
    }
}

/// Pointwise-stationary Erlang staffing of every block, split over groups: each block's own
/// mean arrival rate fed to Erlang A (or C).
pub fn pointwise(model: &Model, blocks: &Blocks) -> Result<Staffing, StaffingError> {
    let rates: Vec<&[f64]> =
        model.queues.iter().map(|q| q.arrivals.rate_per_s.as_slice()).collect();
    from_rates(model, blocks, &rates)
}

/// Modified-offered-load Erlang staffing of every block, split over groups: each interval's
/// mean M_t/G/∞ load m (from an empty start, as the simulation starts) fed to Erlang A (or C)
/// as the arrival rate m ÷ AHT that would offer it in steady state. A stationary scenario (one
/// block) keeps its arrival rate: its one head-count is for the steady state.
pub fn infinite_server(model: &Model, blocks: &Blocks) -> Result<Staffing, StaffingError> {
    if blocks.intervals.iter().any(|is| is.len() > 1) {
        return pointwise(model, blocks);
    }
    let interval_s = model.horizon.interval_s;
    let rates = model
        .queues
        .iter()
        .map(|q| {
            let aht = q.handle_time.mean();
            analytic::infinite_server_load(&q.arrivals.rate_per_s, interval_s, aht)
                .map(|m| m.into_iter().map(|load| load / aht).collect())
                .map_err(|e| StaffingError::Start { queue: q.name.clone(), reason: e.to_string() })
        })
        .collect::<Result<Vec<Vec<f64>>, _>>()?;
    from_rates(model, blocks, &rates)
}

/// Erlang staffing of every block for the given arrival rates per queue and interval (per
/// second), split over groups with the pooling gain.
fn from_rates<R: AsRef<[f64]>>(
    model: &Model,
    blocks: &Blocks,
    rates: &[R],
) -> Result<Staffing, StaffingError> {
    let n = model.horizon.intervals;
    let mut agents = vec![vec![0u32; n]; model.groups.len()];
    for (b, intervals) in blocks.intervals.iter().enumerate() {
        let per_queue: Vec<u32> = model
            .queues
            .iter()
            .enumerate()
            .map(|(qi, q)| {
                requirement(
                    q,
                    per_hour(rates[qi].as_ref(), intervals),
                    q.handle_time.mean(),
                    q.patience.as_ref().map(|p| p.mean()),
                )
            })
            .collect::<Result<_, _>>()?;
        let separate: u32 = per_queue.iter().sum();
        let gain = if model.queues.len() > 1 && separate > 0 {
            pooling_gain(model, rates, intervals, separate)?
        } else {
            1.0
        };
        let mut block = vec![0u32; model.groups.len()];
        for (qi, &c) in per_queue.iter().enumerate() {
            let groups = primary_groups(model, qi);
            let need = (c as f64 * gain).ceil() as u32;
            let k = groups.len() as u32;
            for (j, g) in groups.iter().enumerate() {
                block[g.index()] += need / k + u32::from((j as u32) < need % k);
            }
        }
        for &i in &blocks.intervals[b] {
            for (g, a) in block.iter().enumerate() {
                agents[g][i] = *a;
            }
        }
    }
    Ok(Staffing { agents })
}

/// Pooled requirement ÷ sum of separate requirements, for the queues' combined traffic with
/// load-weighted handle time and patience and the strictest targets.
fn pooling_gain<R: AsRef<[f64]>>(
    model: &Model,
    rates: &[R],
    intervals: &[usize],
    separate: u32,
) -> Result<f64, StaffingError> {
    let rates: Vec<f64> = rates.iter().map(|r| per_hour(r.as_ref(), intervals)).collect();
    let total: f64 = rates.iter().sum();
    if total <= 0.0 {
        return Ok(1.0);
    }
    let w = |f: &dyn Fn(&QueueSpec) -> f64| -> f64 {
        model.queues.iter().zip(&rates).map(|(q, r)| f(q) * r).sum::<f64>() / total
    };
    let aht = w(&|q| q.handle_time.mean());
    let all_patient = model.queues.iter().all(|q| q.patience.is_some());
    let patience = all_patient.then(|| w(&|q| q.patience.as_ref().map_or(0.0, |p| p.mean())));
    let strictest = model
        .queues
        .iter()
        .max_by(|a, b| a.service_level.target.total_cmp(&b.service_level.target))
        .expect("a model has queues");
    let pooled = requirement(strictest, total, aht, patience)?;
    Ok((pooled as f64 / separate as f64).min(1.0))
}
