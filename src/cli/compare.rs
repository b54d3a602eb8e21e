//! `wfmsim compare`: variants of a scenario (files, policies or `--set` overrides) on common
//! random numbers, with paired confidence intervals of their differences.

use super::run_args::RunArgs;
use super::scenario_arg::{self, Loaded};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use wfmsim::compare::{compare, VariantRun};
use wfmsim::experiment::{run_replications, with_threads};
use wfmsim::model::Model;
use wfmsim::report::compare_out::{
    compare_charts, compare_csv, compare_intervals_csv, compare_json, compare_table,
};
use wfmsim::report::output_set::OutputSet;
use wfmsim::routing::BuiltinPolicy;
use wfmsim::scenario_file::{self, apply_override, FieldError, ScenarioError};

/// Arguments of `wfmsim compare`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// Scenario TOML files or embedded examples (single-queue, bilingual-bank, peaked-day,
    /// bilingual-peak, callback-peak).
    /// Several scenarios are several variants, the first the reference.
    #[arg(required = true)]
    pub(crate) scenarios: Vec<String>,
    /// Routing policy (priority, longest-wait, longest-queue, weighted-wait,
    /// sla-urgency; see docs/routing.md). Repeated with one scenario: one variant per
    /// policy, the first the reference. Given once: the policy of every variant.
    #[arg(long, value_name = "P")]
    pub(crate) policy: Vec<String>,
    /// One assignment to the scenario's TOML before validation, e.g. group[2].agents=14 or
    /// routing.policy=longest-wait (dotted keys, 0-based indices; VALUE is TOML, else a
    /// string). Each --set adds a variant; the unmodified scenario is the reference.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(crate) set: Vec<String>,
    /// Replications per variant (the same seeds for every variant).
    #[arg(long, short = 'r', default_value_t = 50, value_parser = clap::value_parser!(u32).range(2..))]
    pub(crate) replications: u32,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// A variant to run.
struct Variant {
    label: String,
    model: Model,
}

/// The routing policy object of a model (the one place it is built).
fn policy_of(model: &Model) -> BuiltinPolicy {
    BuiltinPolicy::new(model.routing())
}

/// Makes labels unique by appending `#2`, `#3`, … to repeats.
fn unique_labels(labels: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(labels.len());
    for l in labels {
        let mut candidate = l.clone();
        let mut k = 1;
        while out.contains(&candidate) {
            k += 1;
            candidate = format!("{l}#{k}");
        }
        out.push(candidate);
    }
    out
}

fn stem(arg: &str) -> String {
    let p = Path::new(arg);
    if p.exists() {
        p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| arg.into())
    } else {
        arg.to_string()
    }
}

const MODES: &str = "give two or more SCENARIOs (optionally with one --policy for all), or one SCENARIO with two or more --policy, or one SCENARIO with one or more --set (optionally with one --policy for all)";

/// Builds the variants the arguments describe, in order, the reference first.
fn variants(args: &CompareArgs) -> Result<Vec<Variant>> {
    let (files, policies, sets) = (&args.scenarios, &args.policy, &args.set);
    let common_policy = match policies.as_slice() {
        [p] => Some(scenario_arg::parse_policy(p)?),
        _ => None,
    };
    let with_policy = |mut model: Model| {
        if let Some(p) = common_policy {
            model.set_policy(p);
        }
        model
    };
    let (labels, models): (Vec<String>, Vec<Model>) = if files.len() > 1 {
        anyhow::ensure!(
            sets.is_empty() && policies.len() <= 1,
            "with several scenarios, --set is not allowed and --policy may be given once; {MODES}"
        );
        let mut out = Vec::new();
        for f in files {
            out.push((stem(f), with_policy(scenario_arg::load(f)?.model)));
        }
        out.into_iter().unzip()
    } else if !sets.is_empty() {
        anyhow::ensure!(
            policies.len() <= 1,
            "--set and several --policy cannot be combined; {MODES}"
        );
        let loaded = scenario_arg::load(&files[0])?;
        let mut out = vec![(stem(&files[0]), with_policy(loaded.model.clone()))];
        for set in sets {
            out.push((set.clone(), with_policy(overridden(&files[0], &loaded, set)?)));
        }
        out.into_iter().unzip()
    } else if policies.len() > 1 {
        let model = scenario_arg::load(&files[0])?.model;
        let mut out = Vec::new();
        for p in policies {
            let mut m = model.clone();
            m.set_policy(scenario_arg::parse_policy(p)?);
            out.push((format!("policy={p}"), m));
        }
        out.into_iter().unzip()
    } else {
        anyhow::bail!("nothing to compare: {MODES}");
    };
    let labels = unique_labels(labels);
    Ok(labels.into_iter().zip(models).map(|(label, model)| Variant { label, model }).collect())
}

/// The scenario `arg` with one `--set` assignment, validated; relative files still resolve
/// from the scenario's folder. Line and column numbers are dropped from its errors: they would
/// point into the rewritten text, not the file.
fn overridden(arg: &str, loaded: &Loaded, set: &str) -> Result<Model> {
    let text = apply_override(&loaded.text, set)?;
    let base = loaded.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let origin = format!("{arg} with --set {set}");
    let parsed = scenario_file::parse_at(&text, &origin, &base).map_err(|e| match e {
        ScenarioError::Invalid { file, errors } => ScenarioError::Invalid {
            file,
            errors: errors.into_iter().map(|e| FieldError { line_column: None, ..e }).collect(),
        },
        other => other,
    });
    parsed.with_context(|| format!("the --set {set} variant is not a valid scenario"))
}

/// Runs `wfmsim compare`.
pub(crate) fn run(args: CompareArgs) -> Result<()> {
    let variants = variants(&args)?;
    let seed = args.run.seed;
    let reps = 0..args.replications;
    let tallies = with_threads(args.run.threads(), || {
        variants
            .iter()
            .map(|v| {
                let staffing = v.model.staffing();
                run_replications(&v.model, &staffing, &policy_of(&v.model), seed, reps.clone())
                    .with_context(|| format!("variant {:?}", v.label))
            })
            .collect::<Result<Vec<_>>>()
    })??;
    let runs: Vec<VariantRun> = variants
        .iter()
        .zip(&tallies)
        .map(|(v, t)| VariantRun { label: &v.label, model: &v.model, tallies: t })
        .collect();
    let comparison = compare(&runs, seed)?;
    let reference = &variants[0].model;
    let out = args
        .run
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("compare-{}", reference.name())));
    let json = compare_json(&comparison);
    let files = [
        ("compare.json", json.clone().into_bytes()),
        ("compare.csv", compare_csv(&comparison)),
        ("compare_intervals.csv", compare_intervals_csv(&comparison)),
    ];
    let set = OutputSet::begin(&out)?;
    for (name, bytes) in &files {
        set.write(name, bytes)?;
    }
    for (name, chart) in compare_charts(reference, &comparison) {
        chart.render(&set.path().join(&name)).with_context(|| format!("cannot draw {name}"))?;
    }
    set.commit()?;
    if args.run.json {
        print!("{json}");
    } else {
        print!("{}", compare_table(&comparison));
        println!(
            "\nwrote {}/: compare.json, compare.csv, compare_intervals.csv,\n  compare_service_level.svg, compare_abandonment.svg, compare_kpis.svg (and .png)",
            out.display()
        );
    }
    Ok(())
}
