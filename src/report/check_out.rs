//! Outputs of `wfmsim check`: the terminal table, JUnit XML, a Markdown summary and JSON.

use crate::check::{format_p, CheckReport, Method, Row, Scope, Verdict};
use std::fmt::Write;

fn method_line(r: &CheckReport) -> String {
    let how = match r.method {
        Method::Paired => "paired over replications (same seed: common random numbers)",
        Method::Welch => "Welch, independent samples (different seeds or replication counts)",
    };
    format!(
        "{} — baseline seed {} × {} replications, current seed {} × {}; {how}; Holm over {} KPIs at family-wise α = {}",
        r.scenario, r.seed[0], r.replications[0], r.seed[1], r.replications[1], r.family_size, r.options.alpha
    )
}

fn notes(r: &CheckReport) -> Vec<String> {
    let mut out = r.structure.lines();
    if r.scenario_hash[0] != r.scenario_hash[1] {
        out.push(format!(
            "the scenario changed since the baseline ({} → {})",
            r.scenario_hash[0], r.scenario_hash[1]
        ));
    }
    if r.policy[0] != r.policy[1] {
        out.push(format!("routing policy {} → {}", r.policy[0], r.policy[1]));
    }
    if r.structure.intervals_unmatched > 0 {
        out.push(format!(
            "{} queue-interval cells recorded on one side only (too few offered contacts on the other); not compared",
            r.structure.intervals_unmatched
        ));
    }
    out
}

fn cells(row: &Row) -> [String; 5] {
    let k = row.kpi;
    match &row.difference {
        Some(d) => [
            k.format_value(d.baseline),
            k.format_value(d.current),
            k.format_diff(d.diff),
            format!("[{}, {}]", k.format_diff(d.ci95[0]), k.format_diff(d.ci95[1])),
            row.adjusted_p
                .map_or("–".into(), |p| format_p(p).trim_start_matches("= ").to_string()),
        ],
        None => ["–".into(), "–".into(), "–".into(), "–".into(), "–".into()],
    }
}

/// The printed table: baseline, current, difference, 95% CI, Holm-adjusted p and verdict per
/// row; then notes and the headline.
pub fn check_table(r: &CheckReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", method_line(r));
    let _ = writeln!(
        s,
        "{:<22} {:<14} {:>10} {:>10} {:>11} {:>25} {:>8}  verdict",
        "scope", "KPI", "baseline", "current", "difference", "95% CI", "p(Holm)"
    );
    for row in &r.rows {
        let [a, b, d, ci, p] = cells(row);
        let _ = writeln!(
            s,
            "{:<22} {:<14} {a:>10} {b:>10} {d:>11} {ci:>25} {p:>8}  {}",
            row.scope.describe(),
            row.kpi.name(),
            row.verdict.label()
        );
    }
    for n in notes(r) {
        let _ = writeln!(s, "note: {n}");
    }
    for row in r.regressions() {
        let _ = writeln!(s, "regression: {}", row.sentence());
    }
    let _ = writeln!(s, "\n{}", r.headline());
    s
}

/// Escapes text for XML (the HTML escaper's entities are valid XML).
fn xml_escape(s: &str) -> String {
    super::html::escape(s)
}

fn class_name(scenario: &str, scope: &Scope) -> String {
    match scope {
        Scope::Queue { name } => format!("wfmsim.{scenario}.queue.{name}"),
        Scope::Group { name } => format!("wfmsim.{scenario}.group.{name}"),
        Scope::Interval { queue, start, .. } => {
            format!("wfmsim.{scenario}.interval.{queue}.{start}")
        }
    }
}

/// JUnit XML: one test case per scope × KPI (failing when it regressed), plus a `structure`
/// case that fails when queues or groups were added or removed.
pub fn check_junit(r: &CheckReport) -> String {
    let failures = r.regressions().count() + usize::from(r.structure.changed());
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let name = xml_escape(&format!("wfmsim check {}", r.scenario));
    let _ = writeln!(
        s,
        "<testsuites name=\"{name}\" tests=\"{}\" failures=\"{failures}\">",
        r.rows.len() + 1
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        r.rows.len() + 1
    );
    let _ = writeln!(s, "    <system-out>{}</system-out>", xml_escape(&method_line(r)));
    let structure = r.structure.lines().join("; ");
    let _ = write!(
        s,
        "    <testcase classname=\"{}\" name=\"structure\">",
        xml_escape(&format!("wfmsim.{}", r.scenario))
    );
    if r.structure.changed() {
        let msg =
            xml_escape(&format!("{structure}; accept the change with `wfmsim check --update`"));
        let _ = write!(s, "<failure message=\"{msg}\" type=\"structure\">{msg}</failure>");
    }
    let _ = writeln!(s, "</testcase>");
    for row in &r.rows {
        let _ = write!(
            s,
            "    <testcase classname=\"{}\" name=\"{}\">",
            xml_escape(&class_name(&r.scenario, &row.scope)),
            row.kpi.name()
        );
        let msg = xml_escape(&row.sentence());
        if row.verdict == Verdict::Regressed {
            let _ = write!(s, "<failure message=\"{msg}\" type=\"regression\">{msg}</failure>");
        } else {
            let _ = write!(s, "<system-out>{}: {msg}</system-out>", row.verdict.label());
        }
        let _ = writeln!(s, "</testcase>");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// A Markdown summary for a pull-request comment: the headline, the regressions, then the
/// table of the rows that are not "no significant change" / "identical" (all rows when fewer
/// than 30).
pub fn check_markdown(r: &CheckReport) -> String {
    let mut s = String::new();
    let icon = if r.passed() { "✅" } else { "❌" };
    let _ = writeln!(s, "### {icon} wfmsim check `{}`: {}\n", r.scenario, r.headline());
    let _ = writeln!(s, "{}\n", method_line(r));
    for n in notes(r) {
        let _ = writeln!(s, "- note: {n}");
    }
    for row in r.regressions() {
        let _ = writeln!(s, "- **regression:** {}", row.sentence());
    }
    let shown: Vec<&Row> = if r.rows.len() < 30 {
        r.rows.iter().collect()
    } else {
        r.rows
            .iter()
            .filter(|x| !matches!(x.verdict, Verdict::NoSignificantChange | Verdict::Identical))
            .collect()
    };
    if !shown.is_empty() {
        s.push_str(
            "\n| scope | KPI | baseline | current | difference | 95% CI | p (Holm) | verdict |\n",
        );
        s.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for row in shown {
            let [a, b, d, ci, p] = cells(row);
            let verdict = if row.verdict == Verdict::Regressed {
                format!("**{}**", row.verdict.label())
            } else {
                row.verdict.label().to_string()
            };
            let _ = writeln!(
                s,
                "| {} | {} | {a} | {b} | {d} | {ci} | {p} | {verdict} |",
                row.scope.describe(),
                row.kpi.name()
            );
        }
    }
    if r.rows.len() >= 30 {
        let _ = writeln!(
            s,
            "\n{} rows compared; rows with no significant change are not listed.",
            r.rows.len()
        );
    }
    s
}

/// The report as pretty JSON (trailing newline).
pub fn check_json(r: &CheckReport) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("check report serialises");
    s.push('\n');
    s
}
