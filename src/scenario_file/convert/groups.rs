//! `[[group]]` → [`GroupSpec`]: skills and head-counts (inline or from a staffing CSV).

use super::collector::Errors;
use crate::model::{GroupSpec, QueueId, Skill};
use crate::scenario_file::dto::GroupDto;
use crate::scenario_file::field::{echo, Leaf};
use crate::scenario_file::limits::{
    MAX_AFTER_S, MAX_AGENTS_PER_GROUP_INTERVAL, MAX_MIN_WAITING, MAX_SKILL_PRIORITY,
};
use crate::scenario_file::staffing_csv;
use std::path::Path;

/// One group at `path` (`group[i]`) named `name` (already checked by the caller); `None`
/// (with errors recorded) when anything is wrong.
pub(crate) fn group(
    g: GroupDto,
    name: Option<String>,
    path: &str,
    queue_names: &[Option<String>],
    intervals: Option<usize>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<GroupSpec> {
    let skills_span = g.skills.as_ref().map(|f| f.span.clone());
    let mark = e.mark();
    let skills = match e.field(g.skills, &format!("{path}.skills")).ok().flatten() {
        None => {
            e.push(
                format!("{path}.skills"),
                "missing; list the queues this group serves, e.g. skills = [\"sales\"]",
            );
            None
        }
        Some(toml::Value::Array(list)) => skills(&list, &format!("{path}.skills"), queue_names, e),
        Some(other) => {
            e.push(
                format!("{path}.skills"),
                format!(
                    "expected a list of queue names or skill tables, found {}",
                    echo(&other.to_string())
                ),
            );
            None
        }
    };
    if let Some(span) = &skills_span {
        e.locate_since(mark, span);
    }
    let agents_span = g.agents.as_ref().map(|f| f.span.clone());
    let mark = e.mark();
    let agents = match e.field(g.agents, &format!("{path}.agents")).ok().flatten() {
        None => {
            e.push(
                format!("{path}.agents"),
                "missing; give a head-count (`agents = 28`) or one per interval",
            );
            None
        }
        Some(toml::Value::Table(t)) => {
            let p = format!("{path}.agents");
            match (t.get("file").and_then(|f| f.as_str()), t.len()) {
                (Some(file), 1) => match (intervals, &name) {
                    (Some(n), Some(name)) => {
                        match staffing_csv::group_agents(&base.join(file), name, n) {
                            Ok(v) => Some(v),
                            Err(msg) => {
                                e.push(&p, msg);
                                None
                            }
                        }
                    }
                    _ => None,
                },
                _ => {
                    e.push(&p, "a table here must be { file = \"staffing.csv\" } (a plan written by `wfmsim staff`)");
                    None
                }
            }
        }
        Some(v) => agents(&v, &format!("{path}.agents"), intervals, e),
    };
    if let Some(span) = &agents_span {
        e.locate_since(mark, span);
    }
    let shrinkage = e.field(g.shrinkage, &format!("{path}.shrinkage")).ok()?.unwrap_or(0.0);
    let ok = e.check(
        (0.0..1.0).contains(&shrinkage),
        &format!("{path}.shrinkage"),
        "a share in [0, 1), e.g. 0.3",
        shrinkage,
    );
    ok.then_some(())?;
    Some(GroupSpec { name: name?, skills: skills?, agents: agents?, shrinkage })
}

fn skills(
    list: &[toml::Value],
    path: &str,
    queue_names: &[Option<String>],
    e: &mut Errors<'_>,
) -> Option<Vec<Skill>> {
    if list.is_empty() {
        e.push(path, "empty; a group needs at least one skill");
        return None;
    }
    let known = || queue_names.iter().flatten().cloned().collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let (name, skill) = match v {
            toml::Value::String(s) => (s.clone(), Skill::new(QueueId::new(0), 1, 1.0)),
            toml::Value::Table(t) => match skill_table(t, &p, e) {
                (Some(name), Some(skill)) => (name, skill),
                (Some(name), None) => {
                    // Still check the queue name, so every error is reported at once.
                    ok = false;
                    (name, Skill::new(QueueId::new(0), 1, 1.0))
                }
                (None, _) => {
                    ok = false;
                    continue;
                }
            },
            other => {
                e.push(&p, format!("must be a queue name or a table {{ queue = .., priority = .., speed = .., after_s = .., min_waiting = .. }}, got {}", echo(&other.to_string())));
                ok = false;
                continue;
            }
        };
        match queue_names.iter().position(|n| n.as_deref() == Some(&name)) {
            Some(q) if out.iter().any(|s: &Skill| s.queue == QueueId::new(q)) => {
                e.push(&p, format!("queue {name:?} is listed twice"));
                ok = false;
            }
            Some(q) => out.push(Skill { queue: QueueId::new(q), ..skill }),
            None => {
                e.push(&p, format!("unknown queue {name:?}; known queues: {}", known()));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// One skill written as a table: `{ queue = "french", priority = 2, speed = 1.2, after_s = 30,
/// min_waiting = 3 }`. Returns the queue's name (if given) and the skill (its queue set by the
/// caller; `None`, with every error recorded, when any other key is wrong).
fn skill_table(
    t: &toml::map::Map<String, toml::Value>,
    p: &str,
    e: &mut Errors<'_>,
) -> (Option<String>, Option<Skill>) {
    let mut ok = true;
    for k in t.keys() {
        if !["queue", "priority", "speed", "after_s", "min_waiting"].contains(&k.as_str()) {
            e.push(
                format!("{p}.{k}"),
                "unknown key (a skill has queue, priority, speed, after_s, min_waiting)",
            );
            ok = false;
        }
    }
    let name = t.get("queue").and_then(|q| q.as_str()).map(str::to_string);
    if name.is_none() {
        e.push(format!("{p}.queue"), "missing or not a string; name the queue this skill serves");
    }
    let mut whole = |key: &str, min: i64, max: i64, default: i64, hint: &str| match t.get(key) {
        None => default,
        Some(toml::Value::Integer(n)) if (min..=max).contains(n) => *n,
        Some(other) => {
            e.push(
                format!("{p}.{key}"),
                format!(
                    "must be a whole number from {min} to {max} ({hint}), got {}",
                    echo(&other.to_string())
                ),
            );
            ok = false;
            default
        }
    };
    let priority = whole("priority", 0, MAX_SKILL_PRIORITY, 1, "1 = served first");
    let min_waiting = whole(
        "min_waiting",
        1,
        MAX_MIN_WAITING,
        1,
        "the group takes this queue only while at least this many of its contacts wait",
    );
    let mut number = |key: &str, default: f64, valid: fn(f64) -> bool, hint: &str| match t
        .get(key)
        .map(|v| f64::from_value(v).ok())
    {
        None => default,
        Some(Some(x)) if valid(x) => x,
        Some(_) => {
            let given = t.get(key).map(|v| echo(&v.to_string())).unwrap_or_default();
            e.push(format!("{p}.{key}"), format!("{hint}, got {given}"));
            ok = false;
            default
        }
    };
    let speed = number(
        "speed",
        1.0,
        |s| s.is_finite() && s > 0.0,
        "must be a number > 0 (1.0 = nominal handle time)",
    );
    let after_s = number(
        "after_s",
        0.0,
        |a| (0.0..=MAX_AFTER_S).contains(&a),
        "must be a number of seconds from 0 to 1,000,000: the group takes a contact of this queue only once it has waited this long",
    );
    let skill = Skill {
        queue: QueueId::new(0),
        priority: u32::try_from(priority).unwrap_or(u32::MAX),
        speed,
        after_s,
        min_waiting: u32::try_from(min_waiting).unwrap_or(u32::MAX),
    };
    (name, ok.then_some(skill))
}

fn agents(
    v: &toml::Value,
    path: &str,
    intervals: Option<usize>,
    e: &mut Errors<'_>,
) -> Option<Vec<u32>> {
    let count = |v: &toml::Value, p: &str, e: &mut Errors<'_>| match v {
        toml::Value::Integer(n) if *n >= 0 => match u32::try_from(*n) {
            Ok(a) => Some(a),
            Err(_) => {
                e.push(
                    p,
                    format!(
                        "must be a whole number of agents from 0 to {MAX_AGENTS_PER_GROUP_INTERVAL} (the limit per group and interval), got {n}"
                    ),
                );
                None
            }
        },
        other => {
            e.push(
                p,
                format!("must be a whole number of agents ≥ 0, got {}", echo(&other.to_string())),
            );
            None
        }
    };
    match v {
        toml::Value::Array(list) => {
            let mut ok = true;
            if let Some(n) = intervals {
                ok &= e.check(
                    list.len() == n,
                    path,
                    &format!("one head-count per interval ({n} values)"),
                    format!("{} values", list.len()),
                );
            }
            let vals: Vec<Option<u32>> = list
                .iter()
                .enumerate()
                .map(|(i, x)| count(x, &format!("{path}[{i}]"), e))
                .collect();
            if ok {
                vals.into_iter().collect()
            } else {
                None
            }
        }
        other => {
            let n = count(other, path, e)?;
            Some(vec![n; intervals?])
        }
    }
}
