//! DTO → model conversion, collecting every error with its path.

use super::dto::{
    DistDto, ForecastArrivalsDto, GroupDto, HorizonDto, QueueDto, ScenarioDto, ServiceLevelDto,
};
use super::errors::FieldError;
use super::staffing_csv;
use super::SCHEMA_VERSION;
use crate::history::forecast_csv::{read_forecast_csv, ArrivalUse};
use crate::model::{
    Arrivals, Clock, Distribution, GroupSpec, Horizon, Model, ModelError, PolicyKind, QueueId,
    QueueSpec, ServiceLevelTarget, Skill,
};
use std::path::Path;

/// Collects errors under a path prefix.
struct Errors<'a>(&'a mut Vec<FieldError>);

impl Errors<'_> {
    fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.0.push(FieldError::new(path, msg));
    }

    /// `value` if present, else records "missing" at `path`.
    fn require<T>(&mut self, value: Option<T>, path: &str, hint: &str) -> Option<T> {
        if value.is_none() {
            self.push(path, format!("missing; {hint}"));
        }
        value
    }

    /// Checks `lo <(=) v <(=) hi` style predicates with one message.
    fn check(&mut self, ok: bool, path: &str, expected: &str, got: impl std::fmt::Display) -> bool {
        if !ok {
            self.push(path, format!("must be {expected}, got {got}"));
        }
        ok
    }
}

/// Converts a parsed file into a model; `None` (with errors recorded) when anything is wrong.
pub fn to_model(dto: ScenarioDto, base: &Path, errs: &mut Vec<FieldError>) -> Option<Model> {
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

fn horizon(h: HorizonDto, e: &mut Errors<'_>) -> Option<Horizon> {
    let minutes = h.interval_minutes.unwrap_or(30);
    let minutes_ok = e.check(
        [15, 30, 60].contains(&minutes),
        "horizon.interval_minutes",
        "15, 30 or 60",
        minutes,
    );
    let intervals = match (h.intervals, h.days) {
        (Some(n), None) => e.check(n >= 1, "horizon.intervals", "≥ 1", n).then_some(n as usize),
        (None, Some(d)) => {
            e.check(d >= 1, "horizon.days", "≥ 1", d).then_some((d * 24 * 60 / minutes) as usize)
        }
        (Some(_), Some(_)) => {
            e.push("horizon", "give either `intervals` or `days`, not both");
            None
        }
        (None, None) => {
            e.push("horizon", "missing length; add `intervals = 48` or `days = 7`");
            None
        }
    };
    let warm = h.warmup_minutes.unwrap_or(0);
    let mut warm_ok = e.check(
        warm >= 0 && warm % minutes == 0,
        "horizon.warmup_minutes",
        &format!("≥ 0 and a multiple of interval_minutes ({minutes})"),
        warm,
    );
    let warmup_intervals = (warm / minutes) as usize;
    if let Some(n) = intervals {
        warm_ok &= e.check(
            warmup_intervals < n,
            "horizon.warmup_minutes",
            "shorter than the horizon",
            warm,
        );
    }
    let clock = match &h.start {
        None => Some(Clock::default()),
        Some(s) => {
            let c = Clock::parse(s);
            if c.is_none() {
                e.push(
                    "horizon.start",
                    format!("must be HH:MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {s:?}"),
                );
            }
            c
        }
    };
    (minutes_ok && warm_ok).then_some(())?;
    Some(Horizon {
        interval_s: minutes as f64 * 60.0,
        intervals: intervals?,
        warmup_intervals,
        clock: clock?,
    })
}

fn queue(
    q: QueueDto,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<QueueSpec> {
    if let Some(c) = &q.channel {
        e.check(
            ["voice", "chat", "email", "callback"].contains(&c.as_str()),
            &format!("{path}.channel"),
            "one of voice, chat, email, callback",
            format!("{c:?}"),
        );
    }
    let (rate, forecast_shape) = match &q.arrivals {
        Some(f) if q.arrivals_per_hour.is_none() && q.arrivals_per_interval.is_none() => {
            match forecast_arrivals(f, q.name.as_deref(), path, intervals, interval_s, base, e) {
                Some((r, k)) => (Some(r), k),
                None => (None, None),
            }
        }
        Some(_) => {
            e.push(path, "give one of `arrivals_per_hour`, `arrivals_per_interval` or `arrivals = { forecast = .. }`");
            (None, None)
        }
        None => (arrivals(&q, path, intervals, interval_s, e), None),
    };
    if let Some(k) = q.busyness_shape {
        e.check(
            k.is_finite() && k > 0.0,
            &format!("{path}.busyness_shape"),
            "a number > 0 (variance of the day factor is 1/shape)",
            k,
        );
    }
    let handle = e
        .require(
            q.handle_time,
            &format!("{path}.handle_time"),
            "add e.g. `handle_time = { distribution = \"exponential\", mean_s = 300 }`",
        )
        .and_then(|d| distribution(d, &format!("{path}.handle_time"), e));
    let patience = match q.patience {
        None => Some(None),
        Some(d) => distribution(d, &format!("{path}.patience"), e).map(Some),
    };
    let sl = service_level(q.service_level, &format!("{path}.service_level"), e);
    if let Some(a) = q.max_abandon_rate {
        e.check(
            (0.0..=1.0).contains(&a),
            &format!("{path}.max_abandon_rate"),
            "a share between 0 and 1 (e.g. 0.05)",
            a,
        );
    }
    if let Some(a) = q.max_asa_s {
        e.check(a.is_finite() && a >= 0.0, &format!("{path}.max_asa_s"), "seconds ≥ 0", a);
    }
    Some(QueueSpec {
        name: q.name?,
        arrivals: Arrivals {
            rate_per_s: rate?,
            busyness_shape: q.busyness_shape.or(forecast_shape),
        },
        handle_time: handle?,
        patience: patience?,
        service_level: sl?,
        max_abandon_rate: q.max_abandon_rate,
        max_asa_s: q.max_asa_s,
    })
}

fn arrivals(
    q: &QueueDto,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    e: &mut Errors<'_>,
) -> Option<Vec<f64>> {
    match (q.arrivals_per_hour, &q.arrivals_per_interval) {
        (Some(r), None) => {
            e.check(
                r.is_finite() && r >= 0.0,
                &format!("{path}.arrivals_per_hour"),
                "a number ≥ 0",
                r,
            )
            .then_some(())?;
            Some(vec![r / 3600.0; intervals?])
        }
        (None, Some(v)) => {
            let p = format!("{path}.arrivals_per_interval");
            let mut ok = true;
            if let Some(n) = intervals {
                ok &= e.check(
                    v.len() == n,
                    &p,
                    &format!("one value per interval ({n} values)"),
                    format!("{} values", v.len()),
                );
            }
            for (i, x) in v.iter().enumerate() {
                ok &= e.check(x.is_finite() && *x >= 0.0, &format!("{p}[{i}]"), "a count ≥ 0", x);
            }
            let is = interval_s?;
            ok.then(|| v.iter().map(|x| x / is).collect())
        }
        (Some(_), Some(_)) => {
            e.push(path, "give either `arrivals_per_hour` or `arrivals_per_interval`, not both");
            None
        }
        (None, None) => {
            e.push(
                path,
                "missing arrivals; add `arrivals_per_hour = 300` or `arrivals_per_interval = [..]`",
            );
            None
        }
    }
}

fn service_level(
    sl: Option<ServiceLevelDto>,
    path: &str,
    e: &mut Errors<'_>,
) -> Option<ServiceLevelTarget> {
    let sl = sl.unwrap_or(ServiceLevelDto { within_s: None, target: None });
    let threshold_s = sl.within_s.unwrap_or(20.0);
    let target = sl.target.unwrap_or(0.8);
    let a = e.check(
        threshold_s.is_finite() && threshold_s >= 0.0,
        &format!("{path}.within_s"),
        "seconds ≥ 0",
        threshold_s,
    );
    let b = e.check(
        target > 0.0 && target <= 1.0,
        &format!("{path}.target"),
        "a share in (0, 1], e.g. 0.8",
        target,
    );
    (a && b).then_some(ServiceLevelTarget { threshold_s, target })
}

fn distribution(d: DistDto, path: &str, e: &mut Errors<'_>) -> Option<Distribution> {
    const KINDS: &str = "exponential, lognormal, gamma, weibull, deterministic, uniform, empirical";
    let Some(kind) = d.distribution.as_deref() else {
        e.push(format!("{path}.distribution"), format!("missing; one of {KINDS}"));
        return None;
    };
    let mut need = |v: Option<f64>, key: &str| {
        if v.is_none() {
            e.push(
                format!("{path}.{key}"),
                format!("missing; the {kind} distribution needs `{key}`"),
            );
        }
        v
    };
    let (allowed, built): (&[&str], Option<Result<Distribution, _>>) = match kind {
        "exponential" => (&["mean_s"], need(d.mean_s, "mean_s").map(Distribution::exponential)),
        "lognormal" => (
            &["mean_s", "cv"],
            both(need(d.mean_s, "mean_s"), need(d.cv, "cv"))
                .map(|(m, c)| Distribution::lognormal(m, c)),
        ),
        "gamma" => (
            &["mean_s", "cv"],
            both(need(d.mean_s, "mean_s"), need(d.cv, "cv"))
                .map(|(m, c)| Distribution::gamma(m, c)),
        ),
        "weibull" => (
            &["mean_s", "shape"],
            both(need(d.mean_s, "mean_s"), need(d.shape, "shape"))
                .map(|(m, k)| Distribution::weibull(m, k)),
        ),
        "deterministic" => {
            (&["value_s"], need(d.value_s, "value_s").map(Distribution::deterministic))
        }
        "uniform" => (
            &["min_s", "max_s"],
            both(need(d.min_s, "min_s"), need(d.max_s, "max_s"))
                .map(|(a, b)| Distribution::uniform(a, b)),
        ),
        "empirical" => {
            let v = d.values_s.clone();
            if v.is_none() {
                e.push(
                    format!("{path}.values_s"),
                    "missing; the empirical distribution needs `values_s = [..]`",
                );
            }
            (&["values_s"], v.map(Distribution::empirical))
        }
        other => {
            e.push(
                format!("{path}.distribution"),
                format!("unknown distribution {other:?}; expected one of {KINDS}"),
            );
            return None;
        }
    };
    let given = [
        ("mean_s", d.mean_s.is_some()),
        ("cv", d.cv.is_some()),
        ("shape", d.shape.is_some()),
        ("value_s", d.value_s.is_some()),
        ("min_s", d.min_s.is_some()),
        ("max_s", d.max_s.is_some()),
        ("values_s", d.values_s.is_some()),
    ];
    for (key, present) in given {
        if present && !allowed.contains(&key) {
            e.push(
                format!("{path}.{key}"),
                format!(
                    "not a parameter of the {kind} distribution (it takes {})",
                    allowed.join(", ")
                ),
            );
        }
    }
    match built? {
        Ok(d) => Some(d),
        Err(err) => {
            // DistError's message starts with the parameter name: `mean_s: must be ...`.
            let msg = err.to_string();
            let (key, rest) = msg.split_once(": ").unwrap_or(("", &msg));
            e.push(format!("{path}.{key}"), rest.to_string());
            None
        }
    }
}

fn both(a: Option<f64>, b: Option<f64>) -> Option<(f64, f64)> {
    Some((a?, b?))
}

fn group(
    g: GroupDto,
    path: &str,
    queue_names: &[Option<String>],
    intervals: Option<usize>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<GroupSpec> {
    let skills = match g.skills {
        None => {
            e.push(
                format!("{path}.skills"),
                "missing; list the queues this group serves, e.g. skills = [\"sales\"]",
            );
            None
        }
        Some(list) => skills(&list, &format!("{path}.skills"), queue_names, e),
    };
    let agents = match g.agents {
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
                (Some(file), 1) => match (intervals, &g.name) {
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
    let shrinkage = g.shrinkage.unwrap_or(0.0);
    let ok = e.check(
        (0.0..1.0).contains(&shrinkage),
        &format!("{path}.shrinkage"),
        "a share in [0, 1), e.g. 0.3",
        shrinkage,
    );
    ok.then_some(())?;
    Some(GroupSpec { name: g.name?, skills: skills?, agents: agents?, shrinkage })
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
        let (name, priority, speed) = match v {
            toml::Value::String(s) => (s.clone(), 1, 1.0),
            toml::Value::Table(t) => {
                for k in t.keys() {
                    if !["queue", "priority", "speed"].contains(&k.as_str()) {
                        e.push(
                            format!("{p}.{k}"),
                            "unknown key (a skill has queue, priority, speed)",
                        );
                        ok = false;
                    }
                }
                let name = match t.get("queue").and_then(|q| q.as_str()) {
                    Some(s) => s.to_string(),
                    None => {
                        e.push(
                            format!("{p}.queue"),
                            "missing or not a string; name the queue this skill serves",
                        );
                        ok = false;
                        continue;
                    }
                };
                let priority = match t.get("priority") {
                    None => 1,
                    Some(toml::Value::Integer(n)) if *n >= 0 => *n as u32,
                    Some(other) => {
                        e.push(
                            format!("{p}.priority"),
                            format!("must be an integer ≥ 0 (1 = served first), got {other}"),
                        );
                        ok = false;
                        1
                    }
                };
                let speed = match t.get("speed").map(number) {
                    None => 1.0,
                    Some(Some(s)) if s.is_finite() && s > 0.0 => s,
                    Some(_) => {
                        e.push(
                            format!("{p}.speed"),
                            "must be a number > 0 (1.0 = nominal handle time)",
                        );
                        ok = false;
                        1.0
                    }
                };
                (name, priority, speed)
            }
            other => {
                e.push(&p, format!("must be a queue name or a table {{ queue = .., priority = .., speed = .. }}, got {other}"));
                ok = false;
                continue;
            }
        };
        match queue_names.iter().position(|n| n.as_deref() == Some(&name)) {
            Some(q) if out.iter().any(|s: &Skill| s.queue == QueueId::new(q)) => {
                e.push(&p, format!("queue {name:?} is listed twice"));
                ok = false;
            }
            Some(q) => out.push(Skill { queue: QueueId::new(q), priority, speed }),
            None => {
                e.push(&p, format!("unknown queue {name:?}; known queues: {}", known()));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(n) => Some(*n as f64),
        toml::Value::Float(x) => Some(*x),
        _ => None,
    }
}

fn agents(
    v: &toml::Value,
    path: &str,
    intervals: Option<usize>,
    e: &mut Errors<'_>,
) -> Option<Vec<u32>> {
    let count = |v: &toml::Value, p: &str, e: &mut Errors<'_>| match v {
        toml::Value::Integer(n) if (0..=u32::MAX as i64).contains(n) => Some(*n as u32),
        other => {
            e.push(p, format!("must be a whole number of agents ≥ 0, got {other}"));
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

/// Rates per second (and the busyness shape for `use = "poisson-gamma"`) from a forecast CSV.
/// The forecast's first `intervals` rows are used; its interval length must be the horizon's.
/// With `poisson-gamma`, the most dispersed day's shape k is used for every day.
fn forecast_arrivals(
    f: &ForecastArrivalsDto,
    queue_name: Option<&str>,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<(Vec<f64>, Option<f64>)> {
    let p = format!("{path}.arrivals");
    let Some(file) = &f.forecast else {
        e.push(
            format!("{p}.forecast"),
            "missing; name the forecast CSV written by `wfmsim forecast`",
        );
        return None;
    };
    let use_: ArrivalUse = match f.use_.as_deref().unwrap_or("mean").parse() {
        Ok(u) => u,
        Err(_) => {
            e.push(format!("{p}.use"), "must be one of mean, p10, p50, p90, poisson-gamma");
            return None;
        }
    };
    let table = match read_forecast_csv(&base.join(file)) {
        Ok(t) => t,
        Err(err) => {
            e.push(format!("{p}.forecast"), err.to_string());
            return None;
        }
    };
    let wanted = f.queue.as_deref().or(queue_name)?;
    let Some(fq) = table.queue(wanted) else {
        let known: Vec<_> = table.queues.iter().map(|q| q.queue.as_str()).collect();
        e.push(
            format!("{p}.queue"),
            format!("no queue {wanted:?} in {file}; it has: {}", known.join(", ")),
        );
        return None;
    };
    let (n, is) = (intervals?, interval_s?);
    if (fq.interval_minutes as f64 * 60.0 - is).abs() > 1e-9 {
        e.push(
            &p,
            format!(
                "{file} has {}-minute intervals but the horizon has {}-minute intervals",
                fq.interval_minutes,
                is / 60.0
            ),
        );
        return None;
    }
    let counts = fq.expected_counts(use_);
    if counts.len() < n {
        e.push(
            &p,
            format!(
                "{file} covers {} intervals of queue {wanted:?}, the horizon needs {n}",
                counts.len()
            ),
        );
        return None;
    }
    let shape = (use_ == ArrivalUse::PoissonGamma)
        .then(|| {
            fq.busyness_shape[..n]
                .iter()
                .copied()
                .filter(|k| k.is_finite())
                .fold(f64::INFINITY, f64::min)
        })
        .filter(|k| k.is_finite());
    Some((counts[..n].iter().map(|c| c / is).collect(), shape))
}
