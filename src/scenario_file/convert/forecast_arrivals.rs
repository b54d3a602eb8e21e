//! `arrivals = { forecast = "forecast.csv", use = .. }`: a queue's rates from a forecast CSV.

use super::collector::Errors;
use crate::history::forecast_csv::{read_forecast_csv, ArrivalUse};
use crate::scenario_file::dto::ForecastArrivalsDto;
use crate::scenario_file::field::echo;
use std::path::Path;

/// Rates per second (and the busyness shape for `use = "poisson-gamma"`) from a forecast CSV.
/// The forecast's first `intervals` rows are used; its interval length must be the horizon's.
/// With `poisson-gamma`, the most dispersed day's shape k is used for every day.
pub(crate) fn forecast_arrivals(
    f: ForecastArrivalsDto,
    queue_name: Option<&str>,
    path: &str,
    intervals: Option<usize>,
    interval_s: Option<f64>,
    base: &Path,
    e: &mut Errors<'_>,
) -> Option<(Vec<f64>, Option<f64>)> {
    let p = format!("{path}.arrivals");
    let file = e.required(
        f.forecast,
        &format!("{p}.forecast"),
        "name the forecast CSV written by `wfmsim forecast`",
    );
    let use_ = e.field(f.use_, &format!("{p}.use"));
    let queue = e.field(f.queue, &format!("{p}.queue"));
    let (Some(file), Ok(use_), Ok(queue)) = (file, use_, queue) else {
        return None;
    };
    let use_name = use_.as_deref().unwrap_or("mean");
    let use_: ArrivalUse = match use_name.parse() {
        Ok(u) => u,
        Err(_) => {
            e.push(
                format!("{p}.use"),
                format!(
                    "must be one of mean, p10, p50, p90, poisson-gamma, got {:?}",
                    echo(use_name)
                ),
            );
            return None;
        }
    };
    let table = match read_forecast_csv(&base.join(&file)) {
        Ok(t) => t,
        Err(err) => {
            e.push(format!("{p}.forecast"), err.to_string());
            return None;
        }
    };
    let wanted = queue.as_deref().or(queue_name)?;
    let Some(fq) = table.queue(wanted) else {
        let known: Vec<_> = table.queues.iter().map(|q| q.queue.as_str()).collect();
        e.push(
            format!("{p}.queue"),
            format!("no queue {:?} in {file}; it has: {}", echo(wanted), known.join(", ")),
        );
        return None;
    };
    let (n, is) = (intervals?, interval_s?);
    if (f64::from(fq.interval_minutes) * 60.0 - is).abs() > 1e-9 {
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
