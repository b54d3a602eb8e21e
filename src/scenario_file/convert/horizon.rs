//! `[horizon]` → [`Horizon`].
//!
//! Every integer is range-checked before it is used, and the interval count is computed with
//! checked arithmetic, so no value can divide by zero, wrap, or allocate without bound.

use super::collector::{Bad, Errors};
use crate::model::{Clock, Horizon};
use crate::scenario_file::dto::HorizonDto;
use crate::scenario_file::limits::{MAX_DAYS, MAX_INTERVALS};

/// Minutes in a day.
const DAY_MINUTES: i64 = 24 * 60;

/// The horizon; `None` (with errors recorded) when anything is wrong.
pub(crate) fn horizon(h: HorizonDto, e: &mut Errors<'_>) -> Option<Horizon> {
    let minutes = match e.field(h.interval_minutes, "horizon.interval_minutes") {
        Err(Bad) => None,
        Ok(m) => {
            let m = m.unwrap_or(30);
            e.check([15, 30, 60].contains(&m), "horizon.interval_minutes", "15, 30 or 60", m)
                .then_some(m)
        }
    };
    let intervals = match (h.intervals, h.days) {
        (Some(n), None) => e.value(Some(n), "horizon.intervals").and_then(|n| {
            e.int_in(
                n,
                1,
                MAX_INTERVALS,
                "horizon.intervals",
                "a number of intervals",
                "the limit keeps a run's memory and time bounded; simulate a long period as several scenarios",
            )
        }),
        (None, Some(d)) => e
            .value(Some(d), "horizon.days")
            .and_then(|d| {
                e.int_in(
                    d,
                    1,
                    MAX_DAYS,
                    "horizon.days",
                    "a number of days",
                    "simulate a long period as several scenarios",
                )
            })
            .zip(minutes)
            .and_then(|(d, m)| d.checked_mul(DAY_MINUTES).map(|total| total / m)),
        (Some(_), Some(_)) => {
            e.push("horizon", "give either `intervals` or `days`, not both");
            None
        }
        (None, None) => {
            e.push("horizon", "missing length; add `intervals = 48` or `days = 7`");
            None
        }
    };
    let warmup_intervals = match e.field(h.warmup_minutes, "horizon.warmup_minutes") {
        Err(Bad) => None,
        Ok(w) => warmup(w.unwrap_or(0), minutes, intervals, e),
    };
    let clock = match e.field(h.start, "horizon.start") {
        Err(Bad) => None,
        Ok(None) => Some(Clock::default()),
        Ok(Some(s)) => {
            let c = Clock::parse(&s);
            if c.is_none() {
                e.push(
                    "horizon.start",
                    format!(
                        "must be HH:MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {:?}",
                        crate::scenario_file::field::echo(&s)
                    ),
                );
            }
            c
        }
    };
    Some(Horizon {
        interval_s: minutes? as f64 * 60.0,
        intervals: usize::try_from(intervals?).ok()?,
        warmup_intervals: usize::try_from(warmup_intervals?).ok()?,
        clock: clock?,
    })
}

/// Warm-up intervals from `warm` minutes: ≥ 0, a multiple of the interval length, and shorter
/// than the horizon (each checked only when the value it depends on is valid).
fn warmup(
    warm: i64,
    minutes: Option<i64>,
    intervals: Option<i64>,
    e: &mut Errors<'_>,
) -> Option<i64> {
    const PATH: &str = "horizon.warmup_minutes";
    if !e.check(warm >= 0, PATH, "≥ 0", warm) {
        return None;
    }
    let m = minutes?;
    if !e.check(warm % m == 0, PATH, &format!("a multiple of interval_minutes ({m})"), warm) {
        return None;
    }
    let w = warm / m;
    match intervals {
        Some(n) => e.check(w < n, PATH, "shorter than the horizon", warm).then_some(w),
        None => Some(w),
    }
}
