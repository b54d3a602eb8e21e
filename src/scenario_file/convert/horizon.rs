//! `[horizon]` → [`Horizon`].

use super::collector::Errors;
use crate::model::{Clock, Horizon};
use crate::scenario_file::dto::HorizonDto;

/// The horizon; `None` (with errors recorded) when anything is wrong.
pub(crate) fn horizon(h: HorizonDto, e: &mut Errors<'_>) -> Option<Horizon> {
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
