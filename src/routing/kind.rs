//! The routing configuration a scenario names: which built-in policy.

/// The built-in routing policies (see `routing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Static skill priority, FIFO within a queue, longest-idle agent on arrival.
    Priority,
    /// A freed agent takes the longest-waiting contact among its skills.
    LongestWait,
}

impl PolicyKind {
    /// Name used in scenario files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Priority => "priority",
            PolicyKind::LongestWait => "longest-wait",
        }
    }

    /// Parses a policy name; `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "priority" => Some(PolicyKind::Priority),
            "longest-wait" => Some(PolicyKind::LongestWait),
            _ => None,
        }
    }

    /// All built-in policy names, for error messages.
    pub const NAMES: &'static [&'static str] = &["priority", "longest-wait"];
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
            assert_eq!(BuiltinPolicy::new(kind).name(), name, "errors name the policy in use");
        }
        assert_eq!(PolicyKind::NAMES.len(), 2);
        assert_eq!(PolicyKind::from_name("longest-idle"), None);
    }
}
