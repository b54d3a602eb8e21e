//! DTO → model conversion, collecting every error with its path: one module per part of the
//! file (horizon, queues, distributions, groups, forecast arrivals) over one error collector.

mod collector;
mod distributions;
mod forecast_arrivals;
mod groups;
mod horizon;
mod queues;

use super::dto::ScenarioDto;
use super::errors::FieldError;
use super::SCHEMA_VERSION;
use crate::model::{GroupSpec, Model, ModelError, PolicyKind, QueueSpec};
use collector::Errors;
use groups::group;
use horizon::horizon;
use queues::queue;
use std::path::Path;

/// Converts a parsed file into a model; `None` (with errors recorded) when anything is wrong.
pub(crate) fn to_model(dto: ScenarioDto, base: &Path, errs: &mut Vec<FieldError>) -> Option<Model> {
    let mut e = Errors(errs);
    match dto.schema_version {
        Some(SCHEMA_VERSION) => {}
        Some(v) => {
            e.push("schema_version", format!("this wfmsim reads version {SCHEMA_VERSION}, got {v}"))
        }
        None => e.push(
            "schema_version",
            format!("missing; add `schema_version = {SCHEMA_VERSION}` at the top"),
        ),
    }
    let name =
        e.require(dto.name, "name", "add `name = \"my-scenario\"` (used for output folders)");
    if let Some(n) = &name {
        let ok = !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        e.check(
            ok,
            "name",
            "non-empty letters, digits, '-', '_' or '.' (it names the output folder)",
            format!("{n:?}"),
        );
    }
    let _ = dto.description;
    let horizon = match e.require(dto.horizon, "horizon", "add a [horizon] table") {
        Some(h) => horizon(h, &mut e),
        None => None,
    };
    if dto.queue.is_empty() {
        e.push("queue", "no [[queue]] tables; a scenario needs at least one contact type");
    }
    if dto.group.is_empty() {
        e.push("group", "no [[group]] tables; a scenario needs at least one agent group");
    }
    let intervals = horizon.as_ref().map(|h| h.intervals);
    let interval_s = horizon.as_ref().map(|h| h.interval_s);
    let queue_names: Vec<Option<String>> = dto.queue.iter().map(|q| q.name.clone()).collect();
    let queues: Vec<Option<QueueSpec>> = dto
        .queue
        .into_iter()
        .enumerate()
        .map(|(i, q)| queue(q, &format!("queue[{i}]"), intervals, interval_s, base, &mut e))
        .collect();
    unique_names(&queue_names, "queue", &mut e);
    let group_names: Vec<Option<String>> = dto.group.iter().map(|g| g.name.clone()).collect();
    unique_names(&group_names, "group", &mut e);
    let groups: Vec<Option<GroupSpec>> = dto
        .group
        .into_iter()
        .enumerate()
        .map(|(i, g)| group(g, &format!("group[{i}]"), &queue_names, intervals, base, &mut e))
        .collect();
    let policy = match dto.routing.and_then(|r| r.policy) {
        None => PolicyKind::Priority,
        Some(p) => match PolicyKind::from_name(&p) {
            Some(k) => k,
            None => {
                e.push(
                    "routing.policy",
                    format!(
                        "unknown policy {p:?}; expected one of {}",
                        PolicyKind::NAMES.join(", ")
                    ),
                );
                PolicyKind::Priority
            }
        },
    };
    if !e.0.is_empty() {
        return None;
    }
    let queues: Vec<QueueSpec> = queues.into_iter().collect::<Option<_>>()?;
    let groups: Vec<GroupSpec> = groups.into_iter().collect::<Option<_>>()?;
    let (name, horizon) = (name?, horizon?);
    match Model::new(name, horizon, queues, groups, policy) {
        Ok(m) => Some(m),
        Err(err) => {
            let path = match &err {
                ModelError::Unserved(q) | ModelError::Unstable { queue: q, .. } => {
                    let i = queue_names.iter().position(|n| n.as_deref() == Some(q)).unwrap_or(0);
                    format!("queue[{i}]")
                }
                _ => "scenario".to_string(),
            };
            e.push(path, err.to_string());
            None
        }
    }
}

fn unique_names(names: &[Option<String>], kind: &str, e: &mut Errors<'_>) {
    for (i, n) in names.iter().enumerate() {
        match n {
            None => {
                e.push(format!("{kind}[{i}].name"), "missing; every table needs a unique `name`")
            }
            Some(n) if names[..i].iter().any(|m| m.as_deref() == Some(n)) => e.push(
                format!("{kind}[{i}].name"),
                format!("duplicate name {n:?}; names must be unique"),
            ),
            _ => {}
        }
    }
}
