//! Built-in mappings for the export formats in the project's reference data sets.

use super::error::HistoryError;
use super::mapping::{ExportFormat, Mapping};

/// A built-in preset: its name, what it reads, and its mapping.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The name given to `--preset`.
    pub name: &'static str,
    /// One line saying which export it reads.
    pub description: &'static str,
    /// The mapping.
    pub mapping: Mapping,
}

fn strings(values: &[&str]) -> Option<Vec<String>> {
    Some(values.iter().map(|s| s.to_string()).collect())
}

/// All built-in presets.
pub fn presets() -> Vec<Preset> {
    vec![
        Preset {
            name: "anonymous-bank",
            description: "Anonymous Bank call-by-call records (tab-separated, yymmdd dates, H:MM:SS clock times; PHANTOM dropped, HANG = abandoned, queue = service type)",
            mapping: Mapping {
                format: Some(ExportFormat::Contacts),
                delimiter: Some("tab".into()),
                date_column: Some("date".into()),
                date_format: Some("%y%m%d".into()),
                time_column: Some("vru_entry".into()),
                queue_column: Some("type".into()),
                wait_column: Some("q_time".into()),
                handle_column: Some("ser_time".into()),
                outcome_column: Some("outcome".into()),
                answered_values: strings(&["AGENT"]),
                abandoned_values: strings(&["HANG"]),
                drop_values: strings(&["PHANTOM"]),
                queued_column: Some("q_start".into()),
                not_queued_values: strings(&["0:00:00"]),
                agent_column: Some("server".into()),
                no_agent_values: strings(&["NO_SERVER"]),
                ..Mapping::default()
            },
        },
        Preset {
            name: "anonymous-bank-6min",
            description: "Anonymous Bank arrivals per 6 minutes (date + HH:MM interval start, `calls`, one queue)",
            mapping: Mapping {
                format: Some(ExportFormat::Intervals),
                date_column: Some("date".into()),
                time_column: Some("interval_start".into()),
                count_column: Some("calls".into()),
                interval_minutes: Some(6),
                ..Mapping::default()
            },
        },
        Preset {
            name: "montco-911",
            description: "Montgomery County 911 dispatches (call time inside `desc`, queue = category of `title`)",
            mapping: Mapping {
                format: Some(ExportFormat::Contacts),
                time_column: Some("desc".into()),
                time_format: Some("%Y-%m-%d @ %H:%M:%S".into()),
                time_search: Some(true),
                queue_column: Some("title".into()),
                queue_delimiter: Some(":".into()),
                ..Mapping::default()
            },
        },
        Preset {
            name: "nhs111-monthly",
            description: "NHS 111 monthly figures per area (month `Apr-15`, queue = provider code; offered, answered, abandoned)",
            mapping: Mapping {
                format: Some(ExportFormat::Intervals),
                time_column: Some("Periodname".into()),
                time_format: Some("%b-%y".into()),
                queue_column: Some("Provider Org Code".into()),
                count_column: Some("Nhs1 Number Calls Offered SUM".into()),
                answered_column: Some("Nhs1 Answered Calls SUM".into()),
                abandoned_column: Some("Nhs1 Abandoned Calls SUM".into()),
                ..Mapping::default()
            },
        },
    ]
}

/// The mapping of the preset called `name`.
pub fn preset(name: &str) -> Result<Mapping, HistoryError> {
    let all = presets();
    all.iter().find(|p| p.name == name).map(|p| p.mapping.clone()).ok_or_else(|| {
        HistoryError::UnknownPreset {
            name: name.to_string(),
            known: all.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_validates() {
        for p in presets() {
            p.mapping.validate().unwrap();
        }
        assert!(matches!(preset("nope"), Err(HistoryError::UnknownPreset { .. })));
    }
}
