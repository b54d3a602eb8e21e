//! `[[queue]]` → [`QueueSpec`]: arrivals, targets, and the distributions of each queue.

use super::behaviour::{announce, callback, redial};
use super::collector::{given, Bad, Errors};
use super::distributions::distribution;
use super::forecast_arrivals::forecast_arrivals;
use crate::model::{Arrivals, QueueSpec, ServiceLevelTarget};
use crate::scenario_file::dto::{QueueDto, ServiceLevelDto};
use std::path::Path;

/// One queue at `path` (`queue[i]`) named `name` (already checked by the caller); `None`
/// (with errors recorded) when anything is wrong.
pub(crate) fn queue(
    q: QueueDto,
    name: Option<String>,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<QueueSpec> {
    let at = |key: &str| format!("{path}.{key}");
    if let Some(c) = e.value(q.channel, &at("channel")) {
        e.check(
            ["voice", "chat", "email", "callback"].contains(&c.as_str()),
            &at("channel"),
            "one of voice, chat, email, callback",
            format!("{c:?}"),
        );
    }
    let per_hour = e.field(q.arrivals_per_hour, &at("arrivals_per_hour"));
    let per_interval = e.field(q.arrivals_per_interval, &at("arrivals_per_interval"));
    let (rate, forecast_shape) = match q.arrivals {
        Some(f) if !given(&per_hour) && !given(&per_interval) => {
            match forecast_arrivals(f, name.as_deref(), path, intervals, interval_s, base, e) {
                Some((r, k)) => (Some(r), k),
                None => (None, None),
            }
        }
        Some(_) => {
            e.push(path, "give one of `arrivals_per_hour`, `arrivals_per_interval` or `arrivals = { forecast = .. }`");
            (None, None)
        }
        None => (arrivals(per_hour, per_interval, path, intervals, interval_s, e), None),
    };
    let busyness_shape = e.value(q.busyness_shape, &at("busyness_shape"));
    if let Some(k) = busyness_shape {
        e.check(
            k.is_finite() && k > 0.0,
            &at("busyness_shape"),
            "a number > 0 (variance of the day factor is 1/shape)",
            k,
        );
    }
    let handle = e
        .require(
            q.handle_time,
            &at("handle_time"),
            "add e.g. `handle_time = { distribution = \"exponential\", mean_s = 300 }`",
        )
        .and_then(|d| distribution(d, &at("handle_time"), e));
    let patience = match q.patience {
        None => Some(None),
        Some(d) => distribution(d, &at("patience"), e).map(Some),
    };
    let sl = service_level(q.service_level, &at("service_level"), e);
    let max_abandon_rate = e.value(q.max_abandon_rate, &at("max_abandon_rate"));
    if let Some(a) = max_abandon_rate {
        e.check(
            (0.0..=1.0).contains(&a),
            &at("max_abandon_rate"),
            "a share between 0 and 1 (e.g. 0.05)",
            a,
        );
    }
    let max_asa_s = e.value(q.max_asa_s, &at("max_asa_s"));
    if let Some(a) = max_asa_s {
        e.check(a.is_finite() && a >= 0.0, &at("max_asa_s"), "seconds ≥ 0", a);
    }
    let announce = announce(e.field(q.announce, &at("announce")), &at("announce"), e);
    let callback = match q.callback {
        None => Some(None),
        Some(c) => callback(c, &at("callback"), e).map(Some),
    };
    let redial = match q.redial {
        None => Some(None),
        Some(r) => redial(r, &at("redial"), e).map(Some),
    };
    Some(QueueSpec {
        name: name?,
        arrivals: Arrivals { rate_per_s: rate?, busyness_shape: busyness_shape.or(forecast_shape) },
        handle_time: handle?,
        patience: patience?,
        service_level: sl?,
        max_abandon_rate,
        max_asa_s,
        announce: announce?,
        callback: callback?,
        redial: redial?,
    })
}

/// Rates per second from `arrivals_per_hour` or `arrivals_per_interval` (exactly one given);
/// a field of the wrong type has its error recorded already.
fn arrivals(
    per_hour: Result<Option<f64>, Bad>,
    per_interval: Result<Option<Vec<f64>>, Bad>,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    e: &mut Errors<'_>,
) -> Option<Vec<f64>> {
    match (per_hour, per_interval) {
        (Err(Bad), _) | (_, Err(Bad)) => None,
        (Ok(Some(r)), Ok(None)) => {
            e.check(
                r.is_finite() && r >= 0.0,
                &format!("{path}.arrivals_per_hour"),
                "a number ≥ 0",
                r,
            )
            .then_some(())?;
            Some(vec![r / 3600.0; intervals?])
        }
        (Ok(None), Ok(Some(v))) => {
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
        (Ok(Some(_)), Ok(Some(_))) => {
            e.push(path, "give either `arrivals_per_hour` or `arrivals_per_interval`, not both");
            None
        }
        (Ok(None), Ok(None)) => {
            e.push(
                path,
                "missing arrivals; add `arrivals_per_hour = 300` or `arrivals_per_interval = [..]`",
            );
            None
        }
    }
}

/// The service-level target (default 80% within 20 s).
fn service_level(
    sl: Option<ServiceLevelDto>,
    path: &str,
    e: &mut Errors<'_>,
) -> Option<ServiceLevelTarget> {
    let sl = sl.unwrap_or(ServiceLevelDto { within_s: None, target: None });
    let (within, target) = (format!("{path}.within_s"), format!("{path}.target"));
    let threshold_s = e.field(sl.within_s, &within).map(|v| v.unwrap_or(20.0));
    let target_share = e.field(sl.target, &target).map(|v| v.unwrap_or(0.8));
    let (Ok(threshold_s), Ok(target_share)) = (threshold_s, target_share) else {
        return None;
    };
    let a =
        e.check(threshold_s.is_finite() && threshold_s >= 0.0, &within, "seconds ≥ 0", threshold_s);
    let b = e.check(
        target_share > 0.0 && target_share <= 1.0,
        &target,
        "a share in (0, 1], e.g. 0.8",
        target_share,
    );
    (a && b).then_some(ServiceLevelTarget { threshold_s, target: target_share })
}
