//! `[[queue]]` → [`QueueSpec`]: arrivals, targets, and the distributions of each queue.

use super::collector::Errors;
use super::distributions::distribution;
use super::forecast_arrivals::forecast_arrivals;
use crate::model::{Arrivals, QueueSpec, ServiceLevelTarget};
use crate::scenario_file::dto::{QueueDto, ServiceLevelDto};
use std::path::Path;

/// One queue at `path` (`queue[i]`); `None` (with errors recorded) when anything is wrong.
pub(crate) fn queue(
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
