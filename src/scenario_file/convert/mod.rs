//! DTO → model conversion, collecting every error with its path: one module per part of the
//! file (horizon, queues, distributions, callbacks and redials, groups, forecast arrivals)
//! over one error collector.

mod behaviour;
mod collector;
mod distributions;
mod forecast_arrivals;
mod groups;
mod horizon;
mod queues;
mod routing;

use super::dto::ScenarioDto;
use super::errors::FieldError;
use super::field::{echo, Field};
use super::{limits, SCHEMA_VERSION};
use crate::model::{GroupSpec, Model, ModelError, QueueSpec};
use collector::{Bad, Errors};
use groups::group;
use horizon::horizon;
use queues::queue;
use routing::routing;
use std::path::Path;

/// Converts a parsed file into a model; `None` (with errors recorded) when anything is wrong.
/// `text` is the file the DTO was read from (for line and column numbers of type errors).
pub(crate) fn to_model(
    dto: ScenarioDto,
    text: &str,
    base: &Path,
    errs: &mut Vec<FieldError>,
) -> Option<Model> {
    let mut e = Errors::new(errs, text);
    match e.field(dto.schema_version, "schema_version") {
        Ok(Some(SCHEMA_VERSION)) | Err(Bad) => {}
        Ok(Some(v)) => {
            e.push("schema_version", format!("this wfmsim reads version {SCHEMA_VERSION}, got {v}"))
        }
        Ok(None) => e.push(
            "schema_version",
            format!("missing; add `schema_version = {SCHEMA_VERSION}` at the top"),
        ),
    }
    let name =
        e.required(dto.name, "name", "add `name = \"my-scenario\"` (used for output folders)");
    if let Some(n) = &name {
        let ok = !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        e.check(
            ok,
            "name",
            "non-empty letters, digits, '-', '_' or '.' (it names the output folder)",
            format!("{n:?}"),
        );
    }
    let _ = e.field(dto.description, "description");
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
    let mut queue_dtos = dto.queue;
    let queue_names = names(queue_dtos.iter_mut().map(|q| q.name.take()), "queue", &mut e);
    let queues: Vec<Option<QueueSpec>> = queue_dtos
        .into_iter()
        .zip(&queue_names)
        .enumerate()
        .map(|(i, (q, name))| {
            let path = format!("queue[{i}]");
            queue(q, name.clone(), &path, intervals, interval_s, base, &mut e)
        })
        .collect();
    let mut group_dtos = dto.group;
    let group_names = names(group_dtos.iter_mut().map(|g| g.name.take()), "group", &mut e);
    let groups: Vec<Option<GroupSpec>> = group_dtos
        .into_iter()
        .zip(&group_names)
        .enumerate()
        .map(|(i, (g, name))| {
            let path = format!("group[{i}]");
            group(g, name.clone(), &path, &queue_names, intervals, base, &mut e)
        })
        .collect();
    let routing = routing(dto.routing, &queue_names, &mut e);
    if !e.is_clean() {
        return None;
    }
    let queues: Vec<QueueSpec> = queues.into_iter().collect::<Option<_>>()?;
    let groups: Vec<GroupSpec> = groups.into_iter().collect::<Option<_>>()?;
    let (name, horizon) = (name?, horizon?);
    for err in limits::check(&horizon, &queues, &groups) {
        e.push(err.path, err.message);
    }
    if !e.is_clean() {
        return None;
    }
    match Model::new(name, horizon, queues, groups, routing) {
        Ok(m) => Some(m),
        Err(err) => {
            let path = match &err {
                ModelError::Unserved(q)
                | ModelError::Unstable { queue: q, .. }
                | ModelError::Stranded { queue: q, .. }
                | ModelError::Behaviour { queue: q, .. } => {
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

/// The `name` of every `kind` table, checked present and unique; `None` where missing,
/// duplicated or of the wrong type (each recorded once).
fn names(
    fields: impl Iterator<Item = Option<Field<String>>>,
    kind: &str,
    e: &mut Errors<'_>,
) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    for (i, f) in fields.enumerate() {
        let path = format!("{kind}[{i}].name");
        let name = match e.field(f, &path) {
            Err(Bad) => None,
            Ok(None) => {
                e.push(path, "missing; every table needs a unique `name`");
                None
            }
            Ok(Some(n)) if out.iter().any(|m| m.as_deref() == Some(&n)) => {
                e.push(path, format!("duplicate name {:?}; names must be unique", echo(&n)));
                None
            }
            Ok(Some(n)) => Some(n),
        };
        out.push(name);
    }
    out
}
