//! Distribution tables (`{ distribution = "lognormal", mean_s = 300, cv = 0.8 }`) → [`Distribution`].

use super::collector::Errors;
use crate::model::Distribution;
use crate::scenario_file::dto::DistDto;

/// The distribution at `path`; `None` (with errors recorded) when anything is wrong.
pub(crate) fn distribution(d: DistDto, path: &str, e: &mut Errors<'_>) -> Option<Distribution> {
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
