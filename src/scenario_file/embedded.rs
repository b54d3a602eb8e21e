//! Example scenarios compiled into the binary, so `wfmsim` runs with no files at all.

/// (name, TOML text) of every embedded scenario; the files live in `scenarios/`.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("single-queue", include_str!("../../scenarios/single-queue.toml")),
    ("bilingual-bank", include_str!("../../scenarios/bilingual-bank.toml")),
    ("peaked-day", include_str!("../../scenarios/peaked-day.toml")),
    ("bilingual-peak", include_str!("../../scenarios/bilingual-peak.toml")),
    ("callback-peak", include_str!("../../scenarios/callback-peak.toml")),
];

/// The text of the embedded scenario `name`.
pub fn embedded(name: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
