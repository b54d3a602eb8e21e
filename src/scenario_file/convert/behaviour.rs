//! A queue's `announce`, `callback` and `redial` keys → [`Predictor`], [`CallbackSpec`] and
//! [`RedialSpec`]. The ranges are those of `CallbackSpec::validate` and
//! `RedialSpec::validate`, checked here so that each bad value is reported with its path (the
//! model checks them again when it is built).

use super::collector::{named, Bad, Errors};
use super::distributions::distribution;
use crate::model::{CallbackMode, CallbackSpec, Distribution, Predictor, RedialSpec};
use crate::scenario_file::dto::{CallbackDto, RedialDto};

/// Most attempts per callback (as `CallbackSpec::validate`).
const MAX_ATTEMPTS: i64 = 1000;
/// Most redials per customer (as `RedialSpec::validate`).
const MAX_REDIALS: i64 = 1000;

/// `announce` at `path` (default `ql`); `None` (with the error recorded) when it is not a
/// predictor's name.
pub(crate) fn announce(
    f: Result<Option<String>, Bad>,
    path: &str,
    e: &mut Errors<'_>,
) -> Option<Predictor> {
    let names = Predictor::ALL.map(Predictor::name);
    name_or_default(f, path, "predictor", Predictor::from_name, &names, e)
}

/// The callback table at `path` (`queue[i].callback`); `None` (with errors recorded) when
/// anything is wrong.
pub(crate) fn callback(c: CallbackDto, path: &str, e: &mut Errors<'_>) -> Option<CallbackSpec> {
    let at = |key: &str| format!("{path}.{key}");
    let p = at("offer_when_ewt_s");
    let offer_when_ewt_s = e.required(
        c.offer_when_ewt_s,
        &p,
        "add e.g. `offer_when_ewt_s = 120` (offer a callback when the announced wait exceeds 120 s)",
    );
    let offer_when_ewt_s = within(
        offer_when_ewt_s,
        |s| !s.is_nan() && s >= 0.0,
        &p,
        "seconds ≥ 0 (a callback is offered when the announced wait exceeds it)",
        e,
    );
    let p = at("accept_probability");
    let accept = e.required(
        c.accept_probability,
        &p,
        "add e.g. `accept_probability = 0.6` (the share of offered customers who accept)",
    );
    let accept_probability = probability(accept, &p, "e.g. 0.6", e);
    let p = at("mode");
    let names = CallbackMode::ALL.map(CallbackMode::name);
    let mode = name_or_default(e.field(c.mode, &p), &p, "mode", CallbackMode::from_name, &names, e);
    let p = at("reach_probability");
    let reach = e.field(c.reach_probability, &p).ok().map(|v| v.unwrap_or(1.0));
    let reach_probability = probability(reach, &p, "e.g. 0.9; 1 = every attempt reaches", e);
    let attempt_time = match c.attempt_time {
        None => Some(Distribution::Deterministic { value: 30.0 }),
        Some(d) => distribution(d, &at("attempt_time"), e),
    };
    let promise_s = seconds(e.field(c.promise_s, &at("promise_s")), 3600.0, &at("promise_s"), e);
    let handle_time = match c.handle_time {
        None => Some(None),
        Some(d) => distribution(d, &at("handle_time"), e).map(Some),
    };
    let p = at("max_attempts");
    let max_attempts = match e.field(c.max_attempts, &p) {
        Err(Bad) => None,
        Ok(n) => e
            .int_in(
                n.unwrap_or(1),
                1,
                MAX_ATTEMPTS,
                &p,
                "a whole number of attempts",
                "1 tries once; each further attempt comes retry_after_s after the last",
            )
            .and_then(|n| u32::try_from(n).ok()),
    };
    let p = at("retry_after_s");
    let retry_after_s = seconds(e.field(c.retry_after_s, &p), 600.0, &p, e);
    let p = at("target");
    let target = match e.field(c.target, &p) {
        Err(Bad) => None,
        Ok(None) => Some(None),
        Ok(Some(t)) => {
            within(Some(t), |t| t > 0.0 && t <= 1.0, &p, "a share in (0, 1], e.g. 0.9", e).map(Some)
        }
    };
    Some(CallbackSpec {
        offer_when_ewt_s: offer_when_ewt_s?,
        accept_probability: accept_probability?,
        mode: mode?,
        reach_probability: reach_probability?,
        attempt_time: attempt_time?,
        promise_s: promise_s?,
        handle_time: handle_time?,
        max_attempts: max_attempts?,
        retry_after_s: retry_after_s?,
        target: target?,
    })
}

/// The redial table at `path` (`queue[i].redial`); `None` (with errors recorded) when
/// anything is wrong.
pub(crate) fn redial(r: RedialDto, path: &str, e: &mut Errors<'_>) -> Option<RedialSpec> {
    let at = |key: &str| format!("{path}.{key}");
    let p = at("probability");
    let given = e.required(
        r.probability,
        &p,
        "add e.g. `probability = 0.3` (the share of abandoning customers who call again)",
    );
    let probability = probability(given, &p, "e.g. 0.3", e);
    let p = at("delay");
    let delay = e
        .require(
            r.delay,
            &p,
            "add e.g. `delay = { distribution = \"exponential\", mean_s = 600 }` (time from hanging up to redialling)",
        )
        .and_then(|d| distribution(d, &p, e))
        .filter(|d| {
            e.check(
                d.mean() > 0.0,
                &p,
                "a distribution with a mean > 0 s (a customer who redials at once would never let time move on)",
                format!("a mean of {} s", d.mean()),
            )
        });
    let p = at("max_redials");
    let max_redials = match e.field(r.max_redials, &p) {
        Err(Bad) => None,
        Ok(None) => Some(None),
        Ok(Some(n)) => e
            .int_in(
                n,
                0,
                MAX_REDIALS,
                &p,
                "a whole number of redials",
                "leave the key out for no limit",
            )
            .and_then(|n| u32::try_from(n).ok())
            .map(Some),
    };
    Some(RedialSpec { probability: probability?, delay: delay?, max_redials: max_redials? })
}

/// A name from `names` at `path`, the default when absent; `None` when of the wrong type or
/// unknown (the error recorded).
fn name_or_default<T: Default>(
    f: Result<Option<String>, Bad>,
    path: &str,
    what: &str,
    from_name: fn(&str) -> Option<T>,
    names: &[&str],
    e: &mut Errors<'_>,
) -> Option<T> {
    match f {
        Err(Bad) => None,
        Ok(None) => Some(T::default()),
        Ok(name) => named(name, path, what, from_name, names, e),
    }
}

/// `v` when `ok(v)`; otherwise "must be `expected`, got v" is recorded at `path` and `None`
/// returned; `None` when `v` is `None` (absent or of the wrong type, already reported).
fn within(
    v: Option<f64>,
    ok: impl Fn(f64) -> bool,
    path: &str,
    expected: &str,
    e: &mut Errors<'_>,
) -> Option<f64> {
    let v = v?;
    e.check(ok(v), path, expected, v).then_some(v)
}

/// A probability in [0, 1]; `example` ends the message.
fn probability(v: Option<f64>, path: &str, example: &str, e: &mut Errors<'_>) -> Option<f64> {
    let expected = format!("a probability between 0 and 1 ({example})");
    within(v, |p| (0.0..=1.0).contains(&p), path, &expected, e)
}

/// Finite seconds ≥ 0, `default` when absent.
fn seconds(
    f: Result<Option<f64>, Bad>,
    default: f64,
    path: &str,
    e: &mut Errors<'_>,
) -> Option<f64> {
    let v = f.ok().map(|v| v.unwrap_or(default));
    within(v, |s| s.is_finite() && s >= 0.0, path, "a finite number of seconds ≥ 0", e)
}
