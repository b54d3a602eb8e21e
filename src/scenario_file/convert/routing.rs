//! `[routing]` → [`RoutingConfig`]: the policy, the agent choice and the queues' weights.

use super::collector::{named, Errors};
use crate::routing::{AgentChoice, PolicyKind, RoutingConfig};
use crate::scenario_file::dto::RoutingDto;
use crate::scenario_file::field::{echo, Leaf};

/// The routing table (absent: `priority`, `longest-idle`, unit weights). Errors are recorded
/// and the defaults used, so the rest of the file is still checked.
pub(crate) fn routing(
    dto: Option<RoutingDto>,
    queue_names: &[Option<String>],
    e: &mut Errors<'_>,
) -> RoutingConfig {
    let Some(dto) = dto else { return RoutingConfig::new(PolicyKind::Priority) };
    let mut config = RoutingConfig::new(PolicyKind::Priority);
    let policy = e.value(dto.policy, "routing.policy");
    if let Some(k) =
        named(policy, "routing.policy", "policy", PolicyKind::from_name, PolicyKind::NAMES, e)
    {
        config.policy = k;
    }
    let choice = e.value(dto.agent_choice, "routing.agent_choice");
    let names = AgentChoice::NAMES;
    if let Some(c) =
        named(choice, "routing.agent_choice", "agent choice", AgentChoice::from_name, names, e)
    {
        config.agent_choice = c;
    }
    match e.value(dto.weights, "routing.weights") {
        None => {}
        Some(toml::Value::Table(t)) => {
            let mut weights = vec![1.0; queue_names.len()];
            for (name, v) in &t {
                let path = format!("routing.weights.{name}");
                let Some(q) = queue_names.iter().position(|n| n.as_deref() == Some(name)) else {
                    let known: Vec<&str> =
                        queue_names.iter().flatten().map(String::as_str).collect();
                    e.push(
                        path,
                        format!(
                            "unknown queue {:?}; known queues: {}",
                            echo(name),
                            known.join(", ")
                        ),
                    );
                    continue;
                };
                match f64::from_value(v) {
                    Ok(w) if w.is_finite() && w > 0.0 => weights[q] = w,
                    _ => e.push(
                        path,
                        format!(
                            "must be a number > 0 (1 = neutral, 2 = a wait counts double), got {}",
                            echo(&v.to_string())
                        ),
                    ),
                }
            }
            config.weights = weights;
        }
        Some(other) => e.push(
            "routing.weights",
            format!(
                "expected a table of queue weights such as {{ french = 2.0 }}, got {}",
                echo(&other.to_string())
            ),
        ),
    }
    config
}
