//! `wfmsim erlang`: exact Erlang C / Erlang A figures for one queue, or the fewest agents
//! meeting service targets. Argument parsing and printing only; the maths is in
//! `wfmsim::analytic`.

use std::fmt::Write as _;

use anyhow::Context as _;
use serde::Serialize;
use wfmsim::analytic::{
    evaluate, min_agents, AnalyticError, ErlangKpis, Queue, QueueModel, ServiceLevelTarget, Targets,
};

/// Arguments of `wfmsim erlang`: the queue, then either `--agents` or one or more targets.
#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("staffing")
        .required(true)
        .multiple(true)
        .args(["agents", "target_sl", "max_abandon", "max_asa"])
))]
#[command(after_help = "Examples:\n  \
    wfmsim erlang --calls-per-hour 300 --aht 300 --agents 28 --patience 180\n  \
    wfmsim erlang --calls-per-hour 300 --aht 300 --target-sl 0.8 --sl-seconds 20 --json")]
pub(crate) struct ErlangArgs {
    /// Offered calls per hour (Poisson arrivals).
    #[arg(long, value_name = "CALLS", allow_negative_numbers = true)]
    calls_per_hour: f64,
    /// Average handle time in seconds (exponential).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    aht: f64,
    /// Number of agents to evaluate (or give targets instead, to find the minimum).
    #[arg(
        long,
        value_name = "N",
        conflicts_with_all = ["target_sl", "max_abandon", "max_asa"]
    )]
    agents: Option<u32>,
    /// Mean patience in seconds (exponential abandonment, Erlang A); omit for Erlang C.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    patience: Option<f64>,
    /// Service-level threshold T in seconds: SL = answered within T ÷ all calls.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, allow_negative_numbers = true)]
    sl_seconds: f64,
    /// Find the fewest agents answering at least this fraction within --sl-seconds (0.8 = 80%).
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    target_sl: Option<f64>,
    /// Find the fewest agents keeping abandonment at or below this fraction (0.05 = 5%).
    #[arg(long, value_name = "FRACTION", allow_negative_numbers = true)]
    max_abandon: Option<f64>,
    /// Find the fewest agents keeping ASA (mean wait of answered calls) at or below this.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    max_asa: Option<f64>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// What `--json` prints: the inputs and every KPI.
#[derive(Serialize)]
struct Report {
    calls_per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    #[serde(flatten)]
    kpis: ErlangKpis,
}

/// Runs `wfmsim erlang`.
pub(crate) fn run(args: ErlangArgs) -> anyhow::Result<()> {
    let queue = Queue::new(args.calls_per_hour, args.aht, args.patience)
        .context("invalid queue (check --calls-per-hour, --aht and --patience)")?;
    let kpis = match args.agents {
        Some(agents) => evaluate(&queue, agents, args.sl_seconds).map_err(|e| explain(e, &queue)),
        None => {
            let targets = targets(&args);
            min_agents(&queue, &targets, args.sl_seconds)
                .map_err(|e| explain(e, &queue))
                .context("cannot find a staffing level")
        }
    }?;
    if queue.patience_s().is_none() && args.max_abandon.is_some() {
        eprintln!(
            "note: without --patience callers never abandon (Erlang C), so abandonment is 0 by \
             assumption and --max-abandon constrains nothing; give --patience SECONDS to model it"
        );
    }
    if args.json {
        let report = Report {
            calls_per_hour: queue.arrivals_per_hour(),
            aht_s: queue.aht_s(),
            patience_s: queue.patience_s(),
            kpis,
        };
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", table(&queue, &kpis, args.agents.is_none().then(|| targets(&args))));
    }
    Ok(())
}

fn targets(args: &ErlangArgs) -> Targets {
    Targets {
        service_level: args
            .target_sl
            .map(|target| ServiceLevelTarget { threshold_s: args.sl_seconds, target }),
        max_abandon: args.max_abandon,
        max_asa_s: args.max_asa,
    }
}

/// Turns a library error into a message that names the flag to change.
fn explain(err: AnalyticError, queue: &Queue) -> anyhow::Error {
    let hint = match &err {
        AnalyticError::Unstable { load_erlangs, .. } => format!(
            "use --agents {} or more, or model abandonment with --patience SECONDS",
            load_erlangs.floor() + 1.0
        ),
        AnalyticError::NotAProbability { .. } => {
            "give --target-sl and --max-abandon as fractions, e.g. 0.8 for 80%".into()
        }
        AnalyticError::NoAgents => "use --agents 1 or more".into(),
        AnalyticError::TooManyAgents { limit, .. } => format!("use --agents {limit} or fewer"),
        AnalyticError::PatienceTooLong { .. } => "give a shorter --patience".into(),
        AnalyticError::Negative { .. } => "--sl-seconds must be 0 or more".into(),
        AnalyticError::NotPositive { .. } => "--max-asa must be more than 0 seconds".into(),
        AnalyticError::TargetUnreachable { .. } => format!(
            "the offered load is {:.1} Erlangs; relax the targets",
            queue.offered_load_erlangs()
        ),
        _ => return err.into(),
    };
    anyhow::anyhow!("{err}; {hint}")
}

/// A human-readable table with units.
fn table(queue: &Queue, k: &ErlangKpis, targets: Option<Targets>) -> String {
    let model = match k.model {
        QueueModel::ErlangC => "Erlang C (M/M/c, no abandonment)".to_string(),
        QueueModel::ErlangA => format!(
            "Erlang A (M/M/c+M, mean patience {} s)",
            plain(queue.patience_s().unwrap_or(f64::INFINITY))
        ),
    };
    let mut out = format!(
        "{model}\n{} calls/h, AHT {} s\n",
        plain(queue.arrivals_per_hour()),
        plain(queue.aht_s())
    );
    if let Some(t) = targets {
        let mut wanted = Vec::new();
        if let Some(sl) = t.service_level {
            wanted.push(format!("SL({} s) ≥ {}%", sl.threshold_s, sl.target * 100.0));
        }
        if let Some(max) = t.max_abandon {
            wanted.push(format!("abandonment ≤ {}%", max * 100.0));
        }
        if let Some(max) = t.max_asa_s {
            wanted.push(format!("ASA ≤ {max} s"));
        }
        let _ = writeln!(out, "fewest agents meeting {}", wanted.join(", "));
    }
    let t = k.sl_seconds;
    let rows = [
        ("agents", format!("{}", k.agents), ""),
        ("offered load", format!("{:.3}", k.offered_load_erlangs), "Erlangs"),
        ("P(wait > 0)", percent(k.p_wait), "%"),
        (&format!("service level ({t} s)"), percent(k.service_level), "% of all calls"),
        (&format!("SL among answered ({t} s)"), percent(k.sl_answered), "% of answered"),
        ("ASA (answered)", seconds(k.asa_s), "s"),
        ("mean wait (all callers)", seconds(k.mean_wait_all_s), "s"),
        (
            "abandonment",
            percent(k.p_abandon),
            match k.model {
                QueueModel::ErlangC => "% (no --patience: callers never abandon)",
                QueueModel::ErlangA => "%",
            },
        ),
        ("occupancy", percent(k.occupancy), "%"),
    ];
    let label_width = rows.iter().map(|(l, _, _)| l.chars().count()).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, v, _)| v.len()).max().unwrap_or(0);
    for (label, value, unit) in rows {
        let pad = label_width - label.chars().count();
        let line = format!("  {label}{:pad$}  {value:>value_width$} {unit}", "");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn percent(p: f64) -> String {
    format!("{:.2}", p * 100.0)
}

/// Figures at or above this are shown in scientific notation: no one reads a wait of 20 digits.
const SCIENTIFIC_FROM: f64 = 1e7;

/// Whether `x` is finite and at least [`SCIENTIFIC_FROM`] in size.
fn huge(x: f64) -> bool {
    x.is_finite() && x.abs() >= SCIENTIFIC_FROM
}

/// A time in seconds to 2 decimals, or to 4 significant digits in scientific notation when it
/// is huge (an overloaded queue whose callers wait almost forever).
fn seconds(s: f64) -> String {
    match huge(s) {
        true => format!("{s:.3e}"),
        false => format!("{s:.2}"),
    }
}

/// An input figure as the user would write it: shortest form, scientific when huge.
fn plain(x: f64) -> String {
    match huge(x) {
        true => format!("{x:e}"),
        false => format!("{x}"),
    }
}
