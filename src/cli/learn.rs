//! `wfmsim learn`: fit handle-time and patience distributions per queue from a per-contact
//! export; write them as a scenario fragment, print a summary (or JSON), draw the fits.

use std::path::PathBuf;

use anyhow::Context;
use wfmsim::forecast::{learn, to_scenario_toml, LearnConfig, QueueLearning};
use wfmsim::report::atomic::write_atomic;
use wfmsim::report::plot::history_charts::{handle_time_chart, patience_chart};

use super::mapping::MappingArgs;

/// Arguments of `wfmsim learn`.
#[derive(Debug, clap::Args)]
pub(crate) struct LearnArgs {
    /// The history file (a per-contact export).
    pub(crate) history: PathBuf,
    #[command(flatten)]
    pub(crate) mapping: MappingArgs,
    /// Where to write the learnt `[[queue]]` tables (scenario syntax).
    #[arg(long, default_value = "output/learn/learned.toml")]
    pub(crate) out: PathBuf,
    /// Print the results as JSON on stdout instead of the summary.
    #[arg(long)]
    pub(crate) json: bool,
    /// Learn one model for all contacts together (queue `all`).
    #[arg(long)]
    pub(crate) pool_queues: bool,
    /// Abandons with a wait below this many seconds are reported apart.
    #[arg(long, default_value_t = 5.0)]
    pub(crate) short_abandon_s: f64,
    /// Handle times below this many seconds are reported apart as short services.
    #[arg(long, default_value_t = 10.0)]
    pub(crate) short_service_s: f64,
    /// Directory of the plots.
    #[arg(long, default_value = "output/learn")]
    pub(crate) plots_dir: PathBuf,
    /// Do not draw plots.
    #[arg(long)]
    pub(crate) no_plots: bool,
}

/// A queue name made safe for a file name.
pub(crate) fn file_stem(queue: &str) -> String {
    queue
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect()
}

fn summary(q: &QueueLearning) -> String {
    let mut s = format!(
        "queue {}: {} contacts, {} answered, {} abandoned ({} before queueing), {} queued\n",
        q.queue, q.contacts, q.answered, q.abandoned, q.abandoned_before_queue, q.queued
    );
    match &q.handle_time {
        Some(h) => s.push_str(&format!(
            "  handle time: {} (n = {}, sample mean {:.1} s, median {:.1} s; KS lognormal {:.3} vs exponential {:.3}{})\n",
            h.chosen.to_scenario_inline(),
            h.n,
            h.sample_mean_s,
            h.sample_median_s,
            h.lognormal.ks,
            h.exponential.ks,
            if h.varies_by_time_of_day { format!("; varies by hour, max/min {:.2}", h.hourly_ratio) } else { String::new() }
        )),
        None => s.push_str("  handle time: no data\n"),
    }
    match &q.patience {
        Some(p) => s.push_str(&format!(
            "  patience: {} ({:.1}% of {} queued abandoned, {} under {:.0} s; exponential {:.0} s, simple estimator {:.0} s, Kaplan-Meier median {})\n",
            p.chosen.to_scenario_inline(),
            100.0 * p.p_abandon,
            p.queued,
            p.short_abandons,
            p.short_threshold_s,
            p.exponential.distribution.mean_s(),
            p.simple_mean_s,
            p.km_median_s.map_or("not reached".into(), |m| format!("{m:.0} s"))
        )),
        None => s.push_str("  patience: no abandons from the queue\n"),
    }
    s
}

/// Runs `wfmsim learn`.
pub(crate) fn run(args: LearnArgs) -> anyhow::Result<()> {
    let history = args.mapping.ingest(&args.history)?;
    let contacts = history.contacts().context(
        "`wfmsim learn` needs a per-contact export (--format contacts): interval reports hold no waits or handle times per contact",
    )?;
    let cfg = LearnConfig {
        short_abandon_s: args.short_abandon_s,
        short_service_s: args.short_service_s,
        pool_queues: args.pool_queues,
    };
    let learned = learn(contacts, &cfg);
    let toml = to_scenario_toml(&learned, &args.history.display().to_string());
    write_atomic(&args.out, toml.as_bytes())?;
    let mut plots = Vec::new();
    if !args.no_plots {
        for q in &learned {
            let stem = file_stem(&q.queue);
            if let Some(h) = &q.handle_time {
                plots.extend(
                    handle_time_chart(&q.queue, h)
                        .render(&args.plots_dir.join(format!("handle_time_{stem}")))?,
                );
            }
            if let Some(p) = &q.patience {
                plots.extend(
                    patience_chart(&q.queue, p)
                        .render(&args.plots_dir.join(format!("patience_{stem}")))?,
                );
            }
        }
    }
    if args.json {
        let value = serde_json::json!({
            "format_version": 1,
            "source": args.history.display().to_string(),
            "ingestion": history.report,
            "queues": learned,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        for q in &learned {
            print!("{}", summary(q));
        }
        println!("wrote {}", args.out.display());
        if !plots.is_empty() {
            println!("plots: {} files in {}", plots.len(), args.plots_dir.display());
        }
    }
    Ok(())
}
