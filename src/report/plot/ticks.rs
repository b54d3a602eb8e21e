//! Where an axis puts its ticks and what they say: round numbers, whole numbers only, or clock
//! times and weekdays. Pure functions, so the labels are tested without drawing.

use super::{AxisFormat, TimeAxis};

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The widest label a time axis can print (weekday and clock time), for spacing its ticks.
pub(super) const WIDEST_TIME_LABEL: &str = "Wed 00:00";

/// Steps of a time axis in hours, finest first: each divides a day, a week, or a whole number
/// of weeks, so ticks fall on round clock times and midnights.
const TIME_STEPS_H: [f64; 14] =
    [0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 12.0, 24.0, 48.0, 168.0, 336.0, 672.0, 1344.0];

/// The ticks of one axis: bold ones (labelled, with a grid line) and light grid lines between.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    /// Labelled positions.
    pub(super) bold: Vec<f64>,
    /// Unlabelled light grid lines.
    pub(super) light: Vec<f64>,
    format: AxisFormat,
    step: f64,
    /// The axis spans more than a day (days without a weekday are then named `d2`, `d3`, …).
    multi_day: bool,
}

/// Multiples of `step` (shifted by `phase`) within `[lo, hi]`.
fn multiples(lo: f64, hi: f64, step: f64, phase: f64) -> Vec<f64> {
    let first = ((lo - phase) / step - 1e-9).ceil() as i64;
    let last = ((hi - phase) / step + 1e-9).floor() as i64;
    (first..=last.max(first - 1)).map(|k| phase + k as f64 * step).collect()
}

/// The round step (1, 2 or 5 × 10^k) that puts at most `max` ticks over `span`.
fn nice_step(span: f64, max: usize) -> f64 {
    let raw = (span / max.max(1) as f64).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(raw)
}

impl Ticks {
    /// Ticks of an axis over `range` in `format`, at most `max` labelled ones.
    pub(super) fn new(format: AxisFormat, range: (f64, f64), max: usize) -> Self {
        let (lo, hi) = range;
        let span = (hi - lo).abs().max(f64::MIN_POSITIVE);
        let (step, bold, light) = match format {
            AxisFormat::Number => {
                let step = nice_step(span, max);
                let mantissa = (step / 10f64.powf(step.log10().floor())).round();
                let fine = step / if mantissa == 2.0 { 4.0 } else { 5.0 };
                (step, multiples(lo, hi, step, 0.0), multiples(lo, hi, fine, 0.0))
            }
            AxisFormat::Integer => {
                let step = nice_step(span, max).max(1.0).round();
                let light = if step > 1.0 && span <= 60.0 {
                    multiples(lo, hi, 1.0, 0.0)
                } else {
                    Vec::new()
                };
                (step, multiples(lo, hi, step, 0.0), light)
            }
            AxisFormat::Time(axis) => {
                let start_h = f64::from(axis.start_s) / 3600.0;
                // Ticks a week or more apart fall on Mondays when the weekday is known.
                let phase = |step: f64| {
                    let monday = if step >= 168.0 {
                        axis.weekday.map_or(0.0, |w| -24.0 * f64::from(w))
                    } else {
                        0.0
                    };
                    monday - start_h
                };
                let step = TIME_STEPS_H
                    .iter()
                    .copied()
                    .find(|&s| multiples(lo, hi, s, phase(s)).len() <= max)
                    .unwrap_or_else(|| {
                        let weeks = (span / (168.0 * max.max(1) as f64)).ceil().max(1.0);
                        168.0 * weeks
                    });
                let fine = TIME_STEPS_H
                    .iter()
                    .copied()
                    .rev()
                    .find(|&c| c < step && step / c >= 3.0 && (step / c).fract() == 0.0);
                let light = fine.map_or(Vec::new(), |c| multiples(lo, hi, c, phase(c)));
                (step, multiples(lo, hi, step, phase(step)), light)
            }
        };
        let light =
            light.into_iter().filter(|l| !bold.iter().any(|b| (b - l).abs() < 1e-9)).collect();
        Ticks { bold, light, format, step, multi_day: span > 24.0 + 1e-9 }
    }

    /// The label of the tick at `x`.
    pub(super) fn label(&self, x: f64) -> String {
        match self.format {
            AxisFormat::Number => {
                let decimals = (-self.step.log10().floor()).max(0.0) as usize;
                let v = if x.abs() < self.step * 1e-9 { 0.0 } else { x };
                format!("{v:.decimals$}")
            }
            AxisFormat::Integer => format!("{:.0}", x.round()),
            AxisFormat::Time(axis) => self.time_label(axis, x),
        }
    }

    fn time_label(&self, axis: TimeAxis, x: f64) -> String {
        let minutes = ((f64::from(axis.start_s) / 3600.0 + x) * 60.0).round() as i64;
        let (day, of_day) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
        let weekday = axis.weekday.map(|w| DAYS[(i64::from(w) + day).rem_euclid(7) as usize]);
        if self.step >= 24.0 {
            return match (weekday, axis.date) {
                (Some(w), Some(d)) => {
                    let date = d + chrono::TimeDelta::days(day);
                    format!("{w} {}", date.format("%m-%d"))
                }
                (Some(w), None) => w.to_string(),
                (None, _) => format!("d{}", day + 1),
            };
        }
        if weekday.is_none() && !self.multi_day && day == 1 && of_day == 0 {
            return "24:00".to_string(); // the end of a one-day axis of unknown date
        }
        let clock = format!("{:02}:{:02}", of_day / 60, of_day % 60);
        let first = self.bold.first().is_some_and(|f| (f - x).abs() < 1e-9);
        let day_name = weekday.map(str::to_string).or_else(|| {
            let other_day = self.multi_day || day != 0;
            other_day.then(|| format!("d{}", day + 1))
        });
        match day_name {
            Some(name) if first || of_day == 0 => format!("{name} {clock}"),
            _ => clock,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn labels(t: &Ticks) -> Vec<String> {
        t.bold.iter().map(|&x| t.label(x)).collect()
    }

    #[test]
    fn a_week_is_labelled_with_weekdays_and_clock_times() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let week = AxisFormat::Time(TimeAxis::starting(Some(monday), 0));
        let t = Ticks::new(week, (0.0, 168.0), 15);
        assert_eq!(t.bold.len(), 15, "every 12 hours");
        let l = labels(&t);
        assert_eq!(&l[..4], ["Mon 00:00", "12:00", "Tue 00:00", "12:00"]);
        assert_eq!(l[14], "Mon 00:00", "the next Monday");
        assert!(t.light.iter().all(|x| (x % 4.0).abs() < 1e-9) && t.light.len() == 14 * 2);
        // Too narrow for 12-hour ticks: one a day, with the date.
        let t = Ticks::new(week, (0.0, 168.0), 12);
        assert_eq!(labels(&t)[..3], ["Mon 11-02", "Tue 11-03", "Wed 11-04"]);
        assert_eq!(t.light.len(), 7 * 3, "light lines every 6 hours");
        // A typical week (no date): weekdays only.
        let t = Ticks::new(AxisFormat::Time(TimeAxis::week()), (0.0, 168.0), 8);
        assert_eq!(labels(&t)[..2], ["Mon", "Tue"]);
    }

    #[test]
    fn a_day_from_eight_shows_clock_times_and_names_the_day_once() {
        let axis = TimeAxis::starting(NaiveDate::from_ymd_opt(2026, 11, 4), 8 * 3600);
        let t = Ticks::new(AxisFormat::Time(axis), (0.0, 12.0), 8);
        assert_eq!(labels(&t), ["Wed 08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]);
        // No date: clock times only; later days are d2, d3 (as the interval labels).
        let t = Ticks::new(AxisFormat::Time(TimeAxis::starting(None, 8 * 3600)), (0.0, 12.0), 8);
        assert_eq!(labels(&t)[..2], ["08:00", "10:00"]);
        let t = Ticks::new(AxisFormat::Time(TimeAxis::starting(None, 0)), (0.0, 24.0), 5);
        assert_eq!(labels(&t), ["00:00", "06:00", "12:00", "18:00", "24:00"]);
        let t = Ticks::new(AxisFormat::Time(TimeAxis::starting(None, 0)), (0.0, 48.0), 5);
        assert_eq!(labels(&t), ["d1 00:00", "12:00", "d2 00:00", "12:00", "d3 00:00"]);
        // Ticks fall on round clock times even when the axis starts between them.
        let t = Ticks::new(AxisFormat::Time(axis), (0.25, 11.75), 6);
        assert_eq!(labels(&t), ["Wed 10:00", "12:00", "14:00", "16:00", "18:00"]);
    }

    #[test]
    fn weeks_apart_ticks_fall_on_mondays() {
        let thursday = NaiveDate::from_ymd_opt(1999, 1, 7).unwrap();
        let t =
            Ticks::new(AxisFormat::Time(TimeAxis::starting(Some(thursday), 0)), (0.0, 1344.0), 10);
        assert_eq!(labels(&t)[..2], ["Mon 01-11", "Mon 01-18"]);
    }

    #[test]
    fn head_counts_get_whole_numbers_only() {
        let t = Ticks::new(AxisFormat::Integer, (0.0, 3.2), 8);
        assert_eq!(labels(&t), ["0", "1", "2", "3"], "never 0.5");
        let t = Ticks::new(AxisFormat::Integer, (0.0, 37.0), 8);
        assert_eq!(labels(&t), ["0", "5", "10", "15", "20", "25", "30", "35"]);
        assert_eq!(t.light.len(), 38 - 8, "a light line at every other whole number");
        let t = Ticks::new(AxisFormat::Number, (0.0, 1.0), 8);
        assert_eq!(labels(&t)[..3], ["0.0", "0.2", "0.4"]);
        let t = Ticks::new(AxisFormat::Number, (0.0, 105.0), 8);
        assert_eq!(labels(&t), ["0", "20", "40", "60", "80", "100"], "no trailing .0");
    }
}
