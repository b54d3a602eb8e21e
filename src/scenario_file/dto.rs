//! Serde mirror of the scenario file. Every field is optional here so that missing values are
//! reported together, with their paths, by `convert`; every leaf is a lenient [`Field`], so
//! that a value of the wrong type is reported together with them too.

use super::field::Field;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a scenario (see docs/scenario.md)")]
pub(crate) struct ScenarioDto {
    pub(crate) schema_version: Option<Field<i64>>,
    pub(crate) name: Option<Field<String>>,
    pub(crate) description: Option<Field<String>>,
    pub(crate) horizon: Option<HorizonDto>,
    #[serde(default)]
    pub(crate) queue: Vec<QueueDto>,
    #[serde(default)]
    pub(crate) group: Vec<GroupDto>,
    pub(crate) routing: Option<RoutingDto>,
}

/// `[horizon]`.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a [horizon] table such as { intervals = 48 }")]
pub(crate) struct HorizonDto {
    pub(crate) start: Option<Field<String>>,
    pub(crate) interval_minutes: Option<Field<i64>>,
    pub(crate) intervals: Option<Field<i64>>,
    pub(crate) days: Option<Field<i64>>,
    pub(crate) warmup_minutes: Option<Field<i64>>,
}

/// `[[queue]]`.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a [[queue]] table")]
pub(crate) struct QueueDto {
    pub(crate) name: Option<Field<String>>,
    pub(crate) channel: Option<Field<String>>,
    pub(crate) arrivals_per_hour: Option<Field<f64>>,
    pub(crate) arrivals_per_interval: Option<Field<Vec<f64>>>,
    pub(crate) busyness_shape: Option<Field<f64>>,
    pub(crate) arrivals: Option<ForecastArrivalsDto>,
    pub(crate) handle_time: Option<DistDto>,
    pub(crate) patience: Option<DistDto>,
    pub(crate) service_level: Option<ServiceLevelDto>,
    pub(crate) max_abandon_rate: Option<Field<f64>>,
    pub(crate) max_asa_s: Option<Field<f64>>,
    pub(crate) announce: Option<Field<String>>,
    pub(crate) callback: Option<CallbackDto>,
    pub(crate) redial: Option<RedialDto>,
}

/// A distribution table, e.g. `{ distribution = "lognormal", mean_s = 300, cv = 0.8 }`.
#[derive(Debug, Deserialize)]
#[serde(
    expecting = "a distribution table such as { distribution = \"exponential\", mean_s = 300 }"
)]
pub(crate) struct DistDto {
    pub(crate) distribution: Option<Field<String>>,
    pub(crate) mean_s: Option<Field<f64>>,
    pub(crate) cv: Option<Field<f64>>,
    pub(crate) shape: Option<Field<f64>>,
    pub(crate) value_s: Option<Field<f64>>,
    pub(crate) min_s: Option<Field<f64>>,
    pub(crate) max_s: Option<Field<f64>>,
    pub(crate) values_s: Option<Field<Vec<f64>>>,
}

/// `service_level = { within_s = 20, target = 0.8 }`.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a table such as { within_s = 20, target = 0.8 }")]
pub(crate) struct ServiceLevelDto {
    pub(crate) within_s: Option<Field<f64>>,
    pub(crate) target: Option<Field<f64>>,
}

/// `callback = { offer_when_ewt_s = 120, accept_probability = 0.6, .. }`: callback offers of
/// a queue.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a table such as { offer_when_ewt_s = 120, accept_probability = 0.6 }")]
pub(crate) struct CallbackDto {
    pub(crate) offer_when_ewt_s: Option<Field<f64>>,
    pub(crate) accept_probability: Option<Field<f64>>,
    pub(crate) mode: Option<Field<String>>,
    pub(crate) reach_probability: Option<Field<f64>>,
    pub(crate) attempt_time: Option<DistDto>,
    pub(crate) promise_s: Option<Field<f64>>,
    pub(crate) handle_time: Option<DistDto>,
    pub(crate) max_attempts: Option<Field<i64>>,
    pub(crate) retry_after_s: Option<Field<f64>>,
    pub(crate) target: Option<Field<f64>>,
}

/// `redial = { probability = 0.3, delay = { .. }, max_redials = 3 }`: redials after
/// abandonment.
#[derive(Debug, Deserialize)]
#[serde(
    expecting = "a table such as { probability = 0.3, delay = { distribution = \"exponential\", mean_s = 600 } }"
)]
pub(crate) struct RedialDto {
    pub(crate) probability: Option<Field<f64>>,
    pub(crate) delay: Option<DistDto>,
    pub(crate) max_redials: Option<Field<i64>>,
}

/// `[[group]]`. `skills` and `agents` take several shapes, converted by hand for clear errors.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a [[group]] table")]
pub(crate) struct GroupDto {
    pub(crate) name: Option<Field<String>>,
    pub(crate) skills: Option<Field<toml::Value>>,
    pub(crate) agents: Option<Field<toml::Value>>,
    pub(crate) shrinkage: Option<Field<f64>>,
}

/// `[routing]`.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a [routing] table such as { policy = \"priority\" }")]
pub(crate) struct RoutingDto {
    pub(crate) policy: Option<Field<String>>,
    pub(crate) agent_choice: Option<Field<String>>,
    pub(crate) weights: Option<Field<toml::Value>>,
}

/// `arrivals = { forecast = "forecast.csv", use = "mean" }`: a queue's arrivals from a
/// forecast written by `wfmsim forecast`.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a table such as { forecast = \"forecast.csv\", use = \"mean\" }")]
pub(crate) struct ForecastArrivalsDto {
    pub(crate) forecast: Option<Field<String>>,
    #[serde(rename = "use")]
    pub(crate) use_: Option<Field<String>>,
    pub(crate) queue: Option<Field<String>>,
}
