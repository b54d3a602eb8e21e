//! Parsing of timestamps, clock times and durations as they appear in exports.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::mapping::Mapping;

/// Default formats for a single timestamp column (ISO 8601 variants).
const DEFAULT_DATETIME_FORMATS: &[&str] =
    &["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];

/// Parses a UTC offset written `+02:00`, `+0200`, `-05:00` or `Z`.
pub(crate) fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    let t = text.trim();
    if t == "Z" || t == "z" {
        return Ok(FixedOffset::east_opt(0).expect("zero offset"));
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(format!("UTC offset `{text}` does not start with + or -")),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("UTC offset `{text}` is not of the form +HH:MM"));
    }
    let hours: i32 = digits[..2].parse().map_err(|_| format!("bad offset `{text}`"))?;
    let minutes: i32 = digits[2..].parse().map_err(|_| format!("bad offset `{text}`"))?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        .ok_or_else(|| format!("UTC offset `{text}` is out of range"))
}

/// Parses a clock time `H:MM` or `H:MM:SS` into seconds after midnight. Hours up to 47 are
/// accepted, for exports that write times after midnight as `24:05:00`.
pub(crate) fn parse_clock(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let num = |s: &str, max: u32| -> Option<u32> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse::<u32>().ok().filter(|v| *v <= max)
    };
    let h = num(parts[0], 47)?;
    let m = num(parts[1], 59)?;
    let s = if parts.len() == 3 { num(parts[2], 59)? } else { 0 };
    Some(h * 3600 + m * 60 + s)
}

/// Parses a duration: a number of seconds (`179`, `12.5`), or `H:MM:SS`, or `MM:SS`.
pub(crate) fn parse_duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(v) = t.parse::<f64>() {
        if v.is_finite() && v >= 0.0 {
            return Ok(v);
        }
        return Err(format!("duration `{t}` is negative or not finite"));
    }
    let parts: Vec<&str> = t.split(':').collect();
    let nums: Option<Vec<f64>> = parts
        .iter()
        .map(|p| p.parse::<f64>().ok().filter(|v| *v >= 0.0 && v.is_finite()))
        .collect();
    match nums.as_deref() {
        Some([m, s]) => Ok(m * 60.0 + s),
        Some([h, m, s]) => Ok(h * 3600.0 + m * 60.0 + s),
        _ => Err(format!("`{t}` is not a duration (expected seconds such as `179` or `H:MM:SS`)")),
    }
}

/// Whether a chrono format string names a day of the month (or of the year).
fn has_day(format: &str) -> bool {
    ["%d", "%e", "%j", "%F", "%D", "%x", "%c", "%+"].iter().any(|d| format.contains(d))
}

/// Parses a date with a chrono format; a format without a day means the first of the month.
pub(crate) fn parse_date(text: &str, format: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let parsed = if has_day(format) {
        NaiveDate::parse_from_str(t, format)
    } else {
        NaiveDate::parse_from_str(&format!("1 {t}"), &format!("%d {format}"))
    };
    parsed.map_err(|e| format!("`{t}` does not match the date format `{format}` ({e})"))
}

/// Reads arrival timestamps (or interval starts) according to a mapping.
#[derive(Debug, Clone)]
pub(crate) struct TimeParser {
    date_format: Option<String>,
    time_format: Option<String>,
    search: bool,
    local_offset: Option<FixedOffset>,
}

impl TimeParser {
    /// Builds the parser for a mapping (already validated).
    pub(crate) fn new(mapping: &Mapping) -> Result<TimeParser, String> {
        let local_offset = mapping.utc_offset.as_deref().map(parse_offset).transpose()?;
        Ok(TimeParser {
            date_format: mapping
                .date_column
                .as_ref()
                .map(|_| mapping.date_format.clone().unwrap_or_else(|| "%Y-%m-%d".into())),
            time_format: mapping.time_format.clone(),
            search: mapping.time_search.unwrap_or(false),
            local_offset,
        })
    }

    /// Parses one row's timestamp: `date` is the date column's value when the mapping has one.
    /// The error says what was expected.
    pub(crate) fn parse(&self, date: Option<&str>, time: &str) -> Result<NaiveDateTime, String> {
        match (&self.date_format, date) {
            (Some(date_format), Some(date)) => {
                let day = parse_date(date, date_format)?;
                let seconds = self.parse_time_of_day(time)?;
                Ok(day.and_time(NaiveTime::MIN) + TimeDelta::seconds(i64::from(seconds)))
            }
            _ => self.parse_datetime(time),
        }
    }

    fn parse_time_of_day(&self, time: &str) -> Result<u32, String> {
        let t = time.trim();
        match &self.time_format {
            None => parse_clock(t)
                .ok_or_else(|| format!("`{t}` is not a clock time (expected H:MM or H:MM:SS)")),
            Some(format) => NaiveTime::parse_from_str(t, format)
                .map(|nt| {
                    use chrono::Timelike;
                    nt.num_seconds_from_midnight()
                })
                .map_err(|e| format!("`{t}` does not match the time format `{format}` ({e})")),
        }
    }

    fn parse_datetime(&self, time: &str) -> Result<NaiveDateTime, String> {
        let t = time.trim();
        if self.search {
            let format = self.time_format.as_deref().unwrap_or("%Y-%m-%d %H:%M:%S");
            return search_datetime(t, format).ok_or_else(|| {
                format!("no timestamp of the form `{format}` found in `{}`", shorten(t))
            });
        }
        if let Some(format) = &self.time_format {
            if format.contains("%z") || format.contains("%:z") || format.contains("%#z") {
                return DateTime::parse_from_str(t, format)
                    .map(|dt| self.localise(dt))
                    .map_err(|e| format!("`{t}` does not match the format `{format}` ({e})"));
            }
            return parse_naive(t, format)
                .map_err(|e| format!("`{t}` does not match the format `{format}` ({e})"));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Ok(self.localise(dt));
        }
        for format in DEFAULT_DATETIME_FORMATS {
            if let Ok(v) = NaiveDateTime::parse_from_str(t, format) {
                return Ok(v);
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(d.and_time(NaiveTime::MIN));
        }
        Err(format!(
            "`{t}` is not an ISO 8601 timestamp (expected e.g. `1999-11-08 07:30:00`; give --time-format for other layouts)"
        ))
    }

    fn localise(&self, dt: DateTime<FixedOffset>) -> NaiveDateTime {
        match self.local_offset {
            Some(offset) => dt.with_timezone(&offset).naive_local(),
            None => dt.naive_local(),
        }
    }
}

/// Parses with a format that may lack the clock time (a daily or monthly report).
fn parse_naive(t: &str, format: &str) -> Result<NaiveDateTime, chrono::ParseError> {
    match NaiveDateTime::parse_from_str(t, format) {
        Ok(v) => Ok(v),
        Err(e) => match parse_date(t, format) {
            Ok(d) => Ok(d.and_time(NaiveTime::MIN)),
            Err(_) => Err(e),
        },
    }
}

/// Finds the first substring of `text` that parses with `format`.
fn search_datetime(text: &str, format: &str) -> Option<NaiveDateTime> {
    text.char_indices().filter(|(_, c)| c.is_ascii_alphanumeric()).find_map(|(i, _)| {
        NaiveDateTime::parse_and_remainder(&text[i..], format).ok().map(|(v, _)| v)
    })
}

fn shorten(t: &str) -> String {
    if t.chars().count() > 60 {
        let s: String = t.chars().take(57).collect();
        format!("{s}...")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn clocks_durations_offsets() {
        assert_eq!(parse_clock("7:02:47"), Some(7 * 3600 + 2 * 60 + 47));
        assert_eq!(parse_clock("24:05"), Some(24 * 3600 + 300));
        assert_eq!(parse_clock("7:2:47"), Some(7 * 3600 + 2 * 60 + 47));
        assert_eq!(parse_clock("x"), None);
        assert_eq!(parse_duration("179").unwrap(), 179.0);
        assert_eq!(parse_duration("0:01:01").unwrap(), 61.0);
        assert!(parse_duration("-3").is_err());
        assert_eq!(parse_offset("+02:00").unwrap().local_minus_utc(), 7200);
        assert!(parse_offset("02:00").is_err());
    }

    #[test]
    fn parser_variants() {
        let bank = Mapping {
            date_column: Some("date".into()),
            date_format: Some("%y%m%d".into()),
            time_column: Some("t".into()),
            ..Mapping::default()
        };
        let p = TimeParser::new(&bank).unwrap();
        assert_eq!(p.parse(Some("990201"), "7:02:47").unwrap(), dt("1999-02-01 07:02:47"));
        let iso = TimeParser::new(&Mapping::default()).unwrap();
        assert_eq!(iso.parse(None, "1999-11-08T07:30").unwrap(), dt("1999-11-08 07:30:00"));
        assert_eq!(
            iso.parse(None, "1999-11-08T07:30:00+02:00").unwrap(),
            dt("1999-11-08 07:30:00")
        );
        let utc_to_local = Mapping { utc_offset: Some("+02:00".into()), ..Mapping::default() };
        let p = TimeParser::new(&utc_to_local).unwrap();
        assert_eq!(p.parse(None, "1999-11-08T05:30:00Z").unwrap(), dt("1999-11-08 07:30:00"));
        let search = Mapping {
            time_search: Some(true),
            time_format: Some("%Y-%m-%d @ %H:%M:%S".into()),
            ..Mapping::default()
        };
        let p = TimeParser::new(&search).unwrap();
        assert_eq!(
            p.parse(None, "REINDEER CT; Station 332; 2015-12-10 @ 17:10:52;").unwrap(),
            dt("2015-12-10 17:10:52")
        );
        let monthly = Mapping { time_format: Some("%b-%y".into()), ..Mapping::default() };
        let p = TimeParser::new(&monthly).unwrap();
        assert_eq!(p.parse(None, "Apr-15").unwrap(), dt("2015-04-01 00:00:00"));
        assert!(iso.parse(None, "yesterday").is_err());
    }
}
