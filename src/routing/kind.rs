//! The routing configuration a scenario names: which built-in policy, how an arriving contact
//! picks among idle agents, and the queues' weights.

/// The built-in routing policies (see `routing` and `docs/routing.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Static skill priority: lowest priority number first, then the longest-waiting head.
    Priority,
    /// A freed agent takes the longest-waiting contact among its skills.
    LongestWait,
    /// A freed agent takes from its queue with the most contacts waiting.
    LongestQueue,
    /// A freed agent takes the head with the largest wait × the queue's weight.
    WeightedWait,
    /// A freed agent serves the queue furthest behind its service-level target (adaptive).
    SlaUrgency,
}

impl PolicyKind {
    /// Every built-in policy, in the order of [`Self::NAMES`].
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::Priority,
        PolicyKind::LongestWait,
        PolicyKind::LongestQueue,
        PolicyKind::WeightedWait,
        PolicyKind::SlaUrgency,
    ];

    /// All built-in policy names, for error messages.
    pub const NAMES: &'static [&'static str] =
        &["priority", "longest-wait", "longest-queue", "weighted-wait", "sla-urgency"];

    /// Name used in scenario files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Priority => "priority",
            PolicyKind::LongestWait => "longest-wait",
            PolicyKind::LongestQueue => "longest-queue",
            PolicyKind::WeightedWait => "weighted-wait",
            PolicyKind::SlaUrgency => "sla-urgency",
        }
    }

    /// Parses a policy name; `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Which idle agent an arriving contact goes to (`[routing] agent_choice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentChoice {
    /// The longest-idle agent among the eligible groups (ties: the group listed first).
    #[default]
    LongestIdle,
    /// An idle agent of the eligible group with the lowest priority number for the queue
    /// (specialists first); ties go to the group listed first; within it, the longest idle.
    SkillPriority,
}

impl AgentChoice {
    /// All names, for error messages.
    pub const NAMES: &'static [&'static str] = &["longest-idle", "skill-priority"];

    /// Name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            AgentChoice::LongestIdle => "longest-idle",
            AgentChoice::SkillPriority => "skill-priority",
        }
    }

    /// Parses a name; `None` for an unknown one.
    pub fn from_name(name: &str) -> Option<Self> {
        [AgentChoice::LongestIdle, AgentChoice::SkillPriority]
            .into_iter()
            .find(|c| c.name() == name)
    }
}

/// A scenario's `[routing]` table: the policy, the agent choice and the queues' weights.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingConfig {
    /// The policy that decides which waiting contact a freed agent takes.
    pub policy: PolicyKind,
    /// How an arriving contact picks among idle agents.
    pub agent_choice: AgentChoice,
    /// Weight of each queue for `weighted-wait`, indexed by `QueueId`; empty means 1 for all.
    pub weights: Vec<f64>,
}

impl RoutingConfig {
    /// `policy` with the default agent choice and unit weights.
    pub fn new(policy: PolicyKind) -> Self {
        RoutingConfig { policy, agent_choice: AgentChoice::default(), weights: Vec::new() }
    }

    /// The weight of queue `q` (1 unless set).
    #[inline]
    pub fn weight(&self, q: usize) -> f64 {
        self.weights.get(q).copied().unwrap_or(1.0)
    }
}

impl From<&RoutingConfig> for RoutingConfig {
    fn from(routing: &RoutingConfig) -> Self {
        routing.clone()
    }
}

impl From<PolicyKind> for RoutingConfig {
    fn from(policy: PolicyKind) -> Self {
        RoutingConfig::new(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::{BuiltinPolicy, RoutingPolicy};

    #[test]
    fn every_name_round_trips_and_names_its_policy() {
        for &name in PolicyKind::NAMES {
            let kind = PolicyKind::from_name(name).expect("a listed name parses");
            assert_eq!(kind.name(), name);
            let policy = BuiltinPolicy::new(kind);
            assert_eq!(policy.name(), name, "errors name the policy in use");
        }
        assert_eq!(PolicyKind::NAMES.len(), PolicyKind::ALL.len());
        assert_eq!(PolicyKind::from_name("longest-idle"), None);
        for &name in AgentChoice::NAMES {
            assert_eq!(AgentChoice::from_name(name).map(AgentChoice::name), Some(name));
        }
        assert_eq!(AgentChoice::from_name("priority"), None);
    }

    #[test]
    fn weights_default_to_one() {
        let mut c = RoutingConfig::new(PolicyKind::WeightedWait);
        assert_eq!(c.weight(3), 1.0);
        c.weights = vec![2.0, 0.5];
        assert_eq!((c.weight(0), c.weight(1)), (2.0, 0.5));
    }
}
