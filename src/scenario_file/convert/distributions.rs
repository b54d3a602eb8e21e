//! Distribution tables (`{ distribution = "lognormal", mean_s = 300, cv = 0.8 }`) → [`Distribution`].

use super::collector::{given, Bad, Errors};
use crate::model::Distribution;
use crate::scenario_file::dto::DistDto;
use crate::scenario_file::field::echo;

/// The distribution at `path`; `None` (with errors recorded) when anything is wrong.
pub(crate) fn distribution(d: DistDto, path: &str, e: &mut Errors<'_>) -> Option<Distribution> {
    const KINDS: &str = "exponential, lognormal, gamma, weibull, deterministic, uniform, empirical";
    let at = |key: &str| format!("{path}.{key}");
    // Every leaf first, so that each type error is recorded whatever else is wrong.
    let kind = e.field(d.distribution, &at("distribution"));
    let p = Params {
        mean_s: e.field(d.mean_s, &at("mean_s")),
        cv: e.field(d.cv, &at("cv")),
        shape: e.field(d.shape, &at("shape")),
        value_s: e.field(d.value_s, &at("value_s")),
        min_s: e.field(d.min_s, &at("min_s")),
        max_s: e.field(d.max_s, &at("max_s")),
        values_s: e.field(d.values_s, &at("values_s")),
    };
    let kind = match kind {
        Err(Bad) => return None,
        Ok(None) => {
            e.push(at("distribution"), format!("missing; one of {KINDS}"));
            return None;
        }
        Ok(Some(k)) => k,
    };
    let kind = kind.as_str();
    let present = [
        ("mean_s", given(&p.mean_s)),
        ("cv", given(&p.cv)),
        ("shape", given(&p.shape)),
        ("value_s", given(&p.value_s)),
        ("min_s", given(&p.min_s)),
        ("max_s", given(&p.max_s)),
        ("values_s", given(&p.values_s)),
    ];
    let mut need = |v: Result<Option<f64>, Bad>, key: &str| match v {
        Err(Bad) => None,
        Ok(None) => {
            e.push(at(key), format!("missing; the {kind} distribution needs `{key}`"));
            None
        }
        Ok(Some(v)) => Some(v),
    };
    let d = p;
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
            let v = d.values_s.clone().ok().flatten();
            if matches!(d.values_s, Ok(None)) {
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
                format!("unknown distribution {:?}; expected one of {KINDS}", echo(other)),
            );
            return None;
        }
    };
    for (key, present) in present {
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

/// The parameters of a distribution table, each absent, present, or of the wrong type.
struct Params {
    mean_s: Result<Option<f64>, Bad>,
    cv: Result<Option<f64>, Bad>,
    shape: Result<Option<f64>, Bad>,
    value_s: Result<Option<f64>, Bad>,
    min_s: Result<Option<f64>, Bad>,
    max_s: Result<Option<f64>, Bad>,
    values_s: Result<Option<Vec<f64>>, Bad>,
}
