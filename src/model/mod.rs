//! The validated, immutable scenario model the engine runs on.
//!
//! Everything here is plain data with newtype indices (no strings in the hot path). A `Model`
//! can only be built through [`Model::new`], which checks the invariants the engine relies on,
//! so that a run on a `Model` cannot fail.

mod behaviour;
mod clock;
mod dist;
mod ids;
mod stability;
mod topology;

pub use behaviour::{BehaviourError, CallbackMode, CallbackSpec, Predictor, RedialSpec};
pub use clock::Clock;
pub use dist::{DistError, Distribution};
pub use ids::{GroupId, QueueId};
pub use topology::Topology;

use crate::routing::{PolicyKind, RoutingConfig};
use thiserror::Error;

/// Seconds in a day, for day-level effects such as the busyness factor.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// The planning horizon: equal intervals from time 0, and a warm-up excluded from statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    /// Length of one planning interval in seconds (900, 1800 or 3600).
    pub interval_s: f64,
    /// Number of planning intervals.
    pub intervals: usize,
    /// Leading intervals whose contacts and agent time are excluded from statistics.
    pub warmup_intervals: usize,
    /// Calendar position of time 0, for labels only.
    pub clock: Clock,
}

impl Horizon {
    /// End of the horizon in seconds; arrivals stop here and the day drains.
    #[inline]
    pub fn end_s(&self) -> f64 {
        self.interval_s * self.intervals as f64
    }

    /// Start of interval `i` in seconds.
    #[inline]
    pub fn start_of(&self, i: usize) -> f64 {
        self.interval_s * i as f64
    }

    /// Interval containing time `t` (clamped to the last interval).
    #[inline]
    pub fn interval_of(&self, t: f64) -> usize {
        ((t / self.interval_s) as usize).min(self.intervals.saturating_sub(1))
    }

    /// Number of planning intervals in one day.
    pub fn intervals_per_day(&self) -> usize {
        ((SECONDS_PER_DAY / self.interval_s).round() as usize).max(1)
    }

    /// Wall-clock label of the start of interval `i`.
    pub fn label(&self, i: usize) -> String {
        self.clock.label(self.start_of(i))
    }
}

/// How a queue's arrivals are generated: a non-homogeneous Poisson process with a rate per
/// interval, optionally scaled by a random day-level busyness factor (Poisson–gamma model).
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    /// Mean arrival rate in each interval, per second.
    pub rate_per_s: Vec<f64>,
    /// Shape `k` of the day-level busyness factor `B ~ Gamma(k, 1/k)` (mean 1, variance 1/k);
    /// `None` means a plain Poisson process.
    pub busyness_shape: Option<f64>,
}

/// Service-level target: the share of offered contacts answered within `threshold_s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevelTarget {
    /// The threshold T in seconds.
    pub threshold_s: f64,
    /// Required share in [0, 1].
    pub target: f64,
}

/// A contact type: where arrivals come from, what they need, how long they wait.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSpec {
    /// Name as written in the scenario.
    pub name: String,
    /// Arrival process.
    pub arrivals: Arrivals,
    /// Work content of one contact at speed 1, in seconds.
    pub handle_time: Distribution,
    /// Time a caller is willing to wait; `None` is infinitely patient.
    pub patience: Option<Distribution>,
    /// Service-level target (threshold always set; target used by staffing).
    pub service_level: ServiceLevelTarget,
    /// Abandonment ceiling (share of offered), if any.
    pub max_abandon_rate: Option<f64>,
    /// Ceiling on the average speed of answer in seconds, if any.
    pub max_asa_s: Option<f64>,
    /// The EWT predictor that drives callback offers (all three are computed and scored).
    pub announce: Predictor,
    /// Callback offers (a virtual queue), if any.
    pub callback: Option<CallbackSpec>,
    /// Redials after abandonment, if any.
    pub redial: Option<RedialSpec>,
}

impl QueueSpec {
    /// A plain queue: `arrivals`, `handle_time` and `patience` as given (no patience: callers
    /// never hang up), 80% answered in 20 s, and no abandonment or ASA ceiling, announcements,
    /// callbacks or redials. The one place those defaults live; change fields afterwards.
    pub fn plain(
        name: impl Into<String>,
        arrivals: Arrivals,
        handle_time: Distribution,
        patience: Option<Distribution>,
    ) -> Self {
        QueueSpec {
            name: name.into(),
            arrivals,
            handle_time,
            patience,
            service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
            max_abandon_rate: None,
            max_asa_s: None,
            announce: Default::default(),
            callback: None,
            redial: None,
        }
    }

    /// A queue for unit tests: Poisson arrivals at `per_hour` in each of `intervals`,
    /// exponential handle time of mean `aht_s`, exponential patience of mean `patience_s` (none:
    /// patient).
    #[cfg(test)]
    pub(crate) fn exponential_for_test(
        per_hour: f64,
        intervals: usize,
        aht_s: f64,
        patience_s: Option<f64>,
    ) -> Self {
        let arrivals =
            Arrivals { rate_per_s: vec![per_hour / 3600.0; intervals], busyness_shape: None };
        QueueSpec::plain(
            "q",
            arrivals,
            Distribution::exponential(aht_s).unwrap(),
            patience_s.map(|p| Distribution::exponential(p).unwrap()),
        )
    }
}

/// One skill of an agent group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skill {
    /// The queue this skill serves.
    pub queue: QueueId,
    /// Priority: lower numbers are served first by the `priority` policy.
    pub priority: u32,
    /// Speed factor: handle time is divided by it (1.0 = nominal).
    pub speed: f64,
    /// Delay-based overflow: the group may take a contact of this queue only once it has
    /// waited at least this long, seconds (0 = at once).
    pub after_s: f64,
    /// Queue-length overflow: the group may take a contact of this queue only while at least
    /// this many of its contacts wait, counting the one it would take (1 = no rule).
    pub min_waiting: u32,
}

impl Skill {
    /// A skill on `queue` with `priority` and `speed`, and no overflow rule.
    pub fn new(queue: QueueId, priority: u32, speed: f64) -> Self {
        Skill { queue, priority, speed, after_s: 0.0, min_waiting: 1 }
    }
}

/// An agent group: interchangeable agents with the same skills.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpec {
    /// Name as written in the scenario.
    pub name: String,
    /// Skills, in the order written.
    pub skills: Vec<Skill>,
    /// Agents on the phones in each interval (the scenario's plan).
    pub agents: Vec<u32>,
    /// Share of paid time not available for contacts, in [0, 1).
    pub shrinkage: f64,
}

/// Head-count per group and interval: `agents[group][interval]`, shaped like its model.
///
/// Built only by [`Staffing::new`] (or [`Model::staffing`]), which checks the shape, so the
/// engine never indexes out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staffing {
    /// Agents on the phones, indexed by group then interval.
    pub(crate) agents: Vec<Vec<u32>>,
}

impl Staffing {
    /// A plan for `model`: one row per group, one value per interval.
    pub fn new(model: &Model, agents: Vec<Vec<u32>>) -> Result<Self, ModelError> {
        let plan = Staffing { agents };
        plan.check_shape(model)?;
        Ok(plan)
    }

    /// Checks that the plan has `model`'s shape: one row per group, one value per interval.
    /// The engine checks it again before a replication, since a plan checked against one
    /// model may be handed to the engine with another.
    pub fn check_shape(&self, model: &Model) -> Result<(), ModelError> {
        if self.agents.len() != model.groups.len() {
            return Err(ModelError::StaffingShape {
                got: self.agents.len(),
                expected: model.groups.len(),
            });
        }
        // The group's name is formatted only for the message: the engine calls this once per
        // replication.
        let n = model.horizon.intervals;
        match self.agents.iter().enumerate().find(|(_, row)| row.len() != n) {
            Some((g, row)) => {
                check_len(&format!("the plan of group '{}'", model.groups[g].name), row.len(), n)
            }
            None => Ok(()),
        }
    }

    /// Agents of `group` in `interval`.
    pub fn get(&self, group: GroupId, interval: usize) -> u32 {
        self.agents[group.index()][interval]
    }

    /// The plan, indexed by group then interval.
    pub fn agents(&self) -> &[Vec<u32>] {
        &self.agents
    }

    /// Sets the agents of `group` in `interval`; an index outside the plan is an error.
    pub fn set(&mut self, group: GroupId, interval: usize, agents: u32) -> Result<(), ModelError> {
        let groups = self.agents.len();
        let row = self
            .agents
            .get_mut(group.index())
            .ok_or(ModelError::StaffingShape { got: group.index() + 1, expected: groups })?;
        let n = row.len();
        let cell = row.get_mut(interval).ok_or_else(|| ModelError::IntervalCount {
            what: format!("interval {interval} of the plan"),
            got: interval + 1,
            expected: n,
        })?;
        *cell = agents;
        Ok(())
    }
}

/// Why a model could not be built; `scenario_file` turns these into path-qualified messages.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModelError {
    /// The horizon has no intervals or a non-positive interval length.
    #[error("the horizon must have at least one interval of positive length")]
    EmptyHorizon,
    /// A per-interval vector has the wrong length.
    #[error("{what} has {got} values, expected one per interval ({expected})")]
    IntervalCount {
        /// What the vector describes.
        what: String,
        /// Values given.
        got: usize,
        /// Intervals in the horizon.
        expected: usize,
    },
    /// A staffing plan with the wrong number of groups.
    #[error("the staffing plan has {got} groups, the model {expected}")]
    StaffingShape {
        /// Groups in the plan.
        got: usize,
        /// Groups in the model.
        expected: usize,
    },
    /// A per-queue vector (the routing weights) with the wrong length.
    #[error("{what} has {got} values, expected one per {per} ({expected})")]
    Count {
        /// What the vector describes.
        what: String,
        /// What it should have one value for.
        per: String,
        /// Values given.
        got: usize,
        /// Values expected.
        expected: usize,
    },
    /// A routing weight that is not a positive finite number.
    #[error("a routing weight must be a positive number, got {0}")]
    Weight(f64),
    /// An overflow rule out of range.
    #[error("group '{group}': after_s must be a finite number ≥ 0 and min_waiting ≥ 1 (got {after_s}, {min_waiting})")]
    OverflowRule {
        /// The group.
        group: String,
        /// Its `after_s`.
        after_s: f64,
        /// Its `min_waiting`.
        min_waiting: u32,
    },
    /// A patient queue every group of which waits for a line of several contacts: its last
    /// callers of the day could wait forever.
    #[error("queue '{queue}': callers never abandon and every group that serves it waits for at least {min_waiting} contacts in line (min_waiting), so the last callers of the day could wait forever; give one group min_waiting = 1, or give the queue a patience")]
    Stranded {
        /// The queue.
        queue: String,
        /// The smallest `min_waiting` of its skills.
        min_waiting: u32,
    },
    /// A callback or redial setting out of range.
    #[error("queue '{queue}': {error}")]
    Behaviour {
        /// The queue.
        queue: String,
        /// What is wrong.
        error: BehaviourError,
    },
    /// A queue that no group can serve.
    #[error("queue '{0}' has no agent group with its skill")]
    Unserved(String),
    /// Patient queues whose load the groups able to serve them cannot carry.
    #[error("{} cannot be stable: callers never abandon, and their offered load of {load:.2} Erlangs is at or beyond what group{} {} can serve ({capacity:.2} agents on average; the best split of their work carries at most {:.0}% of it); add agents to {}, or give the queue{} a patience", quoted_list("queue", queues), plural(groups), quoted(groups), 100.0 * theta, if groups.len() == 1 { "it" } else { "them" }, plural(queues))]
    Unstable {
        /// The first queue of the set (for error paths).
        queue: String,
        /// Every queue of the unstable set.
        queues: Vec<String>,
        /// The saturated groups that serve them.
        groups: Vec<String>,
        /// Their mean offered load over the horizon, Erlangs.
        load: f64,
        /// The groups' mean head-count over the horizon.
        capacity: f64,
        /// Largest multiple of the patient loads the agents could carry (< 1 here).
        theta: f64,
    },
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

fn plural(names: &[String]) -> &'static str {
    if names.len() == 1 {
        ""
    } else {
        "s"
    }
}

fn quoted_list(what: &str, names: &[String]) -> String {
    format!("{what}{} {}", plural(names), quoted(names))
}

/// A validated scenario.
///
/// Built only by [`Model::new`], which checks it; read through its accessors, so it cannot be
/// changed into something unchecked afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) name: String,
    pub(crate) horizon: Horizon,
    pub(crate) queues: Vec<QueueSpec>,
    pub(crate) groups: Vec<GroupSpec>,
    pub(crate) routing: RoutingConfig,
    topology: Topology,
}

impl Model {
    /// Scenario name (used for output folders).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Planning horizon.
    pub fn horizon(&self) -> &Horizon {
        &self.horizon
    }

    /// Contact types, indexed by `QueueId`.
    pub fn queues(&self) -> &[QueueSpec] {
        &self.queues
    }

    /// Agent groups, indexed by `GroupId`.
    pub fn groups(&self) -> &[GroupSpec] {
        &self.groups
    }

    /// Routing policy.
    pub fn policy(&self) -> PolicyKind {
        self.routing.policy
    }

    /// The `[routing]` configuration: policy, agent choice, queue weights.
    pub fn routing(&self) -> &RoutingConfig {
        &self.routing
    }

    /// Replaces the routing policy (no invariant of the model depends on it).
    pub fn set_policy(&mut self, policy: PolicyKind) {
        self.routing.policy = policy;
    }

    /// Checks the invariants the engine relies on and precomputes the skill topology.
    pub fn new(
        name: String,
        horizon: Horizon,
        queues: Vec<QueueSpec>,
        groups: Vec<GroupSpec>,
        routing: impl Into<RoutingConfig>,
    ) -> Result<Self, ModelError> {
        let routing = routing.into();
        if horizon.intervals == 0 || horizon.interval_s.is_nan() || horizon.interval_s <= 0.0 {
            return Err(ModelError::EmptyHorizon);
        }
        let n = horizon.intervals;
        for q in &queues {
            check_len(&format!("queue '{}' arrivals", q.name), q.arrivals.rate_per_s.len(), n)?;
        }
        for g in &groups {
            check_len(&format!("group '{}' agents", g.name), g.agents.len(), n)?;
        }
        if !routing.weights.is_empty() {
            check_len_of("routing weights", "queue", routing.weights.len(), queues.len())?;
        }
        if let Some(w) = routing.weights.iter().find(|w| !(w.is_finite() && **w > 0.0)) {
            return Err(ModelError::Weight(*w));
        }
        for g in &groups {
            for s in &g.skills {
                if !(s.after_s.is_finite() && s.after_s >= 0.0) || s.min_waiting == 0 {
                    return Err(ModelError::OverflowRule {
                        group: g.name.clone(),
                        after_s: s.after_s,
                        min_waiting: s.min_waiting,
                    });
                }
            }
        }
        for q in &queues {
            let checks = [
                q.callback.as_ref().map(CallbackSpec::validate),
                q.redial.as_ref().map(RedialSpec::validate),
            ];
            if let Some(Err(error)) = checks.into_iter().flatten().find(Result::is_err) {
                return Err(ModelError::Behaviour { queue: q.name.clone(), error });
            }
        }
        let topology = Topology::new(queues.len(), &groups);
        for (qi, q) in queues.iter().enumerate() {
            if topology.groups_for(QueueId::new(qi)).is_empty() {
                return Err(ModelError::Unserved(q.name.clone()));
            }
        }
        for (qi, q) in queues.iter().enumerate() {
            let serving = topology.groups_for(QueueId::new(qi));
            if q.patience.is_none() && serving.iter().all(|(_, s)| s.min_waiting > 1) {
                let least = serving.iter().map(|(_, s)| s.min_waiting).min().unwrap_or(1);
                return Err(ModelError::Stranded { queue: q.name.clone(), min_waiting: least });
            }
        }
        let model = Model { name, horizon, queues, groups, routing, topology };
        model.check_stability()?;
        Ok(model)
    }

    /// Rejects patient queues that the agents able to serve them cannot keep up with, alone
    /// or as a set sharing groups (a linear program over the skill graph, see
    /// [`stability`]): mean load and mean head-count over the horizon, speed-weighted.
    fn check_stability(&self) -> Result<(), ModelError> {
        let n = self.horizon.intervals as f64;
        let mut patient = Vec::new(); // model queue index of each LP queue
        let mut loads = Vec::new();
        for (qi, q) in self.queues.iter().enumerate() {
            let load = q.arrivals.rate_per_s.iter().sum::<f64>() / n * q.handle_time.mean();
            if q.patience.is_none() && load > 0.0 {
                patient.push(qi);
                loads.push(load);
            }
        }
        if patient.is_empty() {
            return Ok(());
        }
        let capacities: Vec<f64> = self
            .groups
            .iter()
            .map(|g| g.agents.iter().map(|&a| a as f64).sum::<f64>() / n)
            .collect();
        let edges = patient
            .iter()
            .enumerate()
            .flat_map(|(k, &qi)| {
                self.topology
                    .groups_for(QueueId::new(qi))
                    .iter()
                    .map(move |(g, s)| (k, g.index(), s.speed))
            })
            .collect();
        let problem = stability::FlowProblem { loads, capacities, edges };
        let answer = stability::max_load_multiple(&problem);
        if answer.theta > 1.0 + 1e-9 {
            return Ok(());
        }
        // The bottleneck: saturated groups, and the patient queues only they can serve.
        let serves = |k: usize| self.topology.groups_for(QueueId::new(patient[k]));
        let mut set: Vec<usize> = (0..patient.len())
            .filter(|&k| serves(k).iter().all(|(g, _)| answer.saturated[g.index()]))
            .collect();
        if set.is_empty() {
            set = (0..patient.len()).collect();
        }
        let mut groups: Vec<usize> = set
            .iter()
            .flat_map(|&k| serves(k).iter().map(|(g, _)| g.index()))
            .filter(|&g| answer.saturated[g])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let queues: Vec<String> =
            set.iter().map(|&k| self.queues[patient[k]].name.clone()).collect();
        Err(ModelError::Unstable {
            queue: queues[0].clone(),
            load: set.iter().map(|&k| problem.loads[k]).sum(),
            capacity: groups.iter().map(|&g| problem.capacities[g]).sum(),
            theta: answer.theta,
            groups: groups.iter().map(|&g| self.groups[g].name.clone()).collect(),
            queues,
        })
    }

    /// Precomputed skill topology (which groups serve which queue, in what order).
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The scenario's own staffing plan.
    pub fn staffing(&self) -> Staffing {
        Staffing { agents: self.groups.iter().map(|g| g.agents.clone()).collect() }
    }

    /// Index of the queue named `name`.
    pub fn queue_id(&self, name: &str) -> Option<QueueId> {
        self.queues.iter().position(|q| q.name == name).map(QueueId::new)
    }

    /// Index of the group named `name`.
    pub fn group_id(&self, name: &str) -> Option<GroupId> {
        self.groups.iter().position(|g| g.name == name).map(GroupId::new)
    }

    /// True when every queue's rate and every group's head-count are constant over the horizon.
    pub fn is_stationary(&self) -> bool {
        let constant = |v: &[f64]| v.windows(2).all(|w| w[0] == w[1]);
        self.queues
            .iter()
            .all(|q| constant(&q.arrivals.rate_per_s) && q.arrivals.busyness_shape.is_none())
            && self.groups.iter().all(|g| g.agents.windows(2).all(|w| w[0] == w[1]))
    }
}

fn check_len_of(what: &str, per: &str, got: usize, expected: usize) -> Result<(), ModelError> {
    if got == expected {
        Ok(())
    } else {
        Err(ModelError::Count { what: what.into(), per: per.into(), got, expected })
    }
}

fn check_len(what: &str, got: usize, expected: usize) -> Result<(), ModelError> {
    if got == expected {
        Ok(())
    } else {
        Err(ModelError::IntervalCount { what: what.to_string(), got, expected })
    }
}
