//! How numbers are shown to people (terminal tables, the HTML report, compare tables): one
//! definition of "undefined", of a KPI with its 95% interval, and of a KPI that has a mean but
//! no interval.
//!
//! Never NaN on a screen: a value that does not exist (an interval where nothing was offered,
//! a ratio no replication could form) shows [`UNDEFINED`]; a mean from one replication shows
//! [`NO_INTERVAL`] where its interval would be, never "±0.0". Intervals are shown as their two
//! ends, because the interval of a proportion is not symmetric (see
//! [`crate::stats::Estimate::from_proportions`]).

use crate::check::Unit;
use crate::stats::Estimate;

/// Shown for a value that does not exist.
pub(crate) const UNDEFINED: &str = "—";

/// Shown instead of an interval that fewer than 2 replications cannot give.
pub(crate) const NO_INTERVAL: &str = "n/a";

/// A share in percent with one decimal, or [`UNDEFINED`].
pub(crate) fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        UNDEFINED.into()
    }
}

/// Seconds with one decimal, or [`UNDEFINED`].
pub(crate) fn seconds(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1} s")
    } else {
        UNDEFINED.into()
    }
}

/// A share estimate: `92.5% [90.1, 94.2]`, `92.5% (n/a)` or `—`.
pub(crate) fn share_estimate(e: &Estimate) -> String {
    with_ends(e, percent(e.mean), |x| format!("{:.1}", 100.0 * x))
}

/// A duration estimate: `14.1 s [12.0, 16.3]`, `14.1 s (n/a)` or `—`.
pub(crate) fn seconds_estimate(e: &Estimate) -> String {
    with_ends(e, seconds(e.mean), |x| format!("{x:.1}"))
}

/// An estimate in a KPI's own unit (the compare tables): `92.50% [90.10, 94.20]`.
pub(crate) fn unit_estimate(unit: Unit, e: &Estimate) -> String {
    let scale = if unit == Unit::Share { 100.0 } else { 1.0 };
    let decimals = match unit {
        Unit::Share | Unit::Seconds => 2,
        Unit::Count | Unit::Hours => 1,
    };
    with_ends(e, unit.format_value(e.mean), |x| format!("{:.*}", decimals, scale * x))
}

fn with_ends(e: &Estimate, value: String, end: impl Fn(f64) -> String) -> String {
    if !e.mean.is_finite() {
        UNDEFINED.into()
    } else if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
        format!("{value} [{}, {}]", end(e.ci95[0]), end(e.ci95[1]))
    } else {
        format!("{value} ({NO_INTERVAL})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_nan_never_plus_minus_zero() {
        let none = Estimate::from_proportions([None, None]);
        assert_eq!(share_estimate(&none), UNDEFINED);
        let one = Estimate::from_proportions([Some(0.8)]);
        assert_eq!(share_estimate(&one), "80.0% (n/a)");
        let two = Estimate::from_samples([Some(10.0), Some(12.0)]);
        let text = seconds_estimate(&two);
        assert!(text.starts_with("11.0 s [") && !text.contains("NaN"), "{text}");
        assert_eq!(percent(f64::NAN), UNDEFINED);
        assert_eq!(unit_estimate(Unit::Share, &one), "80.00% (n/a)");
    }
}
