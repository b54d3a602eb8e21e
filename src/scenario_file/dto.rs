//! Serde mirror of the scenario file. Every field is optional here so that missing values are
//! reported together, with their paths, by `convert`.

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
pub struct ScenarioDto {
    pub schema_version: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub horizon: Option<HorizonDto>,
    #[serde(default)]
    pub queue: Vec<QueueDto>,
    #[serde(default)]
    pub group: Vec<GroupDto>,
    pub routing: Option<RoutingDto>,
}

/// `[horizon]`.
#[derive(Debug, Deserialize)]
pub struct HorizonDto {
    pub start: Option<String>,
    pub interval_minutes: Option<i64>,
    pub intervals: Option<i64>,
    pub days: Option<i64>,
    pub warmup_minutes: Option<i64>,
}

/// `[[queue]]`.
#[derive(Debug, Deserialize)]
pub struct QueueDto {
    pub name: Option<String>,
    pub channel: Option<String>,
    pub arrivals_per_hour: Option<f64>,
    pub arrivals_per_interval: Option<Vec<f64>>,
    pub busyness_shape: Option<f64>,
    pub arrivals: Option<ForecastArrivalsDto>,
    pub handle_time: Option<DistDto>,
    pub patience: Option<DistDto>,
    pub service_level: Option<ServiceLevelDto>,
    pub max_abandon_rate: Option<f64>,
    pub max_asa_s: Option<f64>,
}

/// A distribution table, e.g. `{ distribution = "lognormal", mean_s = 300, cv = 0.8 }`.
#[derive(Debug, Deserialize)]
pub struct DistDto {
    pub distribution: Option<String>,
    pub mean_s: Option<f64>,
    pub cv: Option<f64>,
    pub shape: Option<f64>,
    pub value_s: Option<f64>,
    pub min_s: Option<f64>,
    pub max_s: Option<f64>,
    pub values_s: Option<Vec<f64>>,
}

/// `service_level = { within_s = 20, target = 0.8 }`.
#[derive(Debug, Deserialize)]
pub struct ServiceLevelDto {
    pub within_s: Option<f64>,
    pub target: Option<f64>,
}

/// `[[group]]`. `skills` and `agents` take several shapes, converted by hand for clear errors.
#[derive(Debug, Deserialize)]
pub struct GroupDto {
    pub name: Option<String>,
    pub skills: Option<Vec<toml::Value>>,
    pub agents: Option<toml::Value>,
    pub shrinkage: Option<f64>,
}

/// `[routing]`.
#[derive(Debug, Deserialize)]
pub struct RoutingDto {
    pub policy: Option<String>,
}

/// `arrivals = { forecast = "forecast.csv", use = "mean" }`: a queue's arrivals from a
/// forecast written by `wfmsim forecast`.
#[derive(Debug, Deserialize)]
pub struct ForecastArrivalsDto {
    pub forecast: Option<String>,
    #[serde(rename = "use")]
    pub use_: Option<String>,
    pub queue: Option<String>,
}
