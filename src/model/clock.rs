//! Wall-clock labels for simulation times (seconds from the start of the horizon).

/// Where the horizon starts on the calendar, for labelling intervals in outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    /// Days since 1970-01-01 of the first interval, when a date was given.
    pub epoch_day: Option<i64>,
    /// Seconds after midnight of the first interval.
    pub start_s: u32,
}

impl Clock {
    /// Parses `HH:MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`; `None` when malformed.
    pub fn parse(s: &str) -> Option<Self> {
        let (date, time) = match s.split_once('T') {
            Some((d, t)) => (Some(d), Some(t)),
            None if s.contains(':') => (None, Some(s)),
            None => (Some(s), None),
        };
        let epoch_day = match date {
            Some(d) => {
                let mut it = d.split('-');
                let y: i64 = it.next()?.parse().ok()?;
                let m: u32 = it.next()?.parse().ok()?;
                let dd: u32 = it.next()?.parse().ok()?;
                if it.next().is_some()
                    || !(1..=12).contains(&m)
                    || dd < 1
                    || dd > days_in_month(y, m)
                {
                    return None;
                }
                Some(days_from_civil(y, m, dd))
            }
            None => None,
        };
        let start_s = match time {
            Some(t) => {
                let parts: Vec<&str> = t.split(':').collect();
                if !(2..=3).contains(&parts.len()) {
                    return None;
                }
                let h: u32 = parts[0].parse().ok()?;
                let m: u32 = parts[1].parse().ok()?;
                let sec: u32 = parts.get(2).map_or(Some(0), |x| x.parse().ok())?;
                if h > 23 || m > 59 || sec > 59 {
                    return None;
                }
                h * 3600 + m * 60 + sec
            }
            None => 0,
        };
        Some(Clock { epoch_day, start_s })
    }

    /// Label of time `t` seconds into the horizon: ISO 8601 local time when a date is known
    /// (`2026-11-30T08:30:00`), else the clock time (`08:30`, and `d2 08:30` on later days).
    pub fn label(&self, t: f64) -> String {
        let total = self.start_s as i64 + t.round() as i64;
        let (day, sod) = (total.div_euclid(86_400), total.rem_euclid(86_400));
        let (h, m, s) = (sod / 3600, sod % 3600 / 60, sod % 60);
        match self.epoch_day {
            Some(d0) => {
                let (y, mo, d) = civil_from_days(d0 + day);
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}")
            }
            None if day == 0 => format!("{h:02}:{m:02}"),
            None => format!("d{} {h:02}:{m:02}", day + 1),
        }
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cross_midnight_and_month_ends() {
        let c = Clock::parse("1999-02-28T23:30").unwrap();
        assert_eq!(c.label(0.0), "1999-02-28T23:30:00");
        assert_eq!(c.label(1800.0), "1999-03-01T00:00:00");
        let leap = Clock::parse("2000-02-28").unwrap();
        assert_eq!(leap.label(86_400.0), "2000-02-29T00:00:00");
        let t = Clock::parse("08:00").unwrap();
        assert_eq!(t.label(5400.0), "09:30");
        assert_eq!(t.label(86_400.0), "d2 08:00");
        assert!(Clock::parse("2026-02-30").is_none());
        assert!(Clock::parse("25:00").is_none());
    }

    #[test]
    fn civil_round_trip() {
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
