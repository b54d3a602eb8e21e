//! The main job's first steps: the embedded sample history → learned distributions → the
//! next week's forecast → the week's model, ready for [`super::staff`].

use super::JobError;
use crate::forecast::{fit, learn, ArrivalConfig, Fitted, LearnConfig};
use crate::model::{
    Arrivals, Clock, GroupSpec, Horizon, Model, QueueId, QueueSpec, ServiceLevelTarget, Skill,
};
use crate::routing::PolicyKind;
use crate::sample;
use chrono::NaiveDate;

/// Weeks of sample history the main job learns from.
pub const SAMPLE_WEEKS: usize = 8;

/// Interval length of the sample history and the forecast week, seconds.
const INTERVAL_S: f64 = 1800.0;

/// What the main job learned and the model of the week it staffs.
#[derive(Debug, Clone)]
pub struct SampleWeek {
    /// Calls in the sample history.
    pub calls: usize,
    /// First day of the history.
    pub first_day: NaiveDate,
    /// The handle-time distribution chosen by `learn`.
    pub handle_time: Fitted,
    /// The patience distribution chosen by `learn`, if one was learned.
    pub patience: Option<Fitted>,
    /// First day of the forecast week.
    pub week_of: NaiveDate,
    /// Expected calls in the week (sum of the forecast means).
    pub expected_calls: f64,
    /// The week to staff: the forecast means as arrival rates, the learned distributions,
    /// 80% within 20 s and at most 5% abandonment, one group with 30% shrinkage.
    pub model: Model,
}

/// Simulates `weeks` weeks of the embedded sample line (seeded with `seed`), learns its handle
/// time and patience, forecasts the following week, and builds that week's model.
pub fn sample_week(weeks: usize, seed: u64) -> Result<SampleWeek, JobError> {
    let (records, series) = sample::history(weeks * 7, seed);
    let learned = learn(&records, &LearnConfig::default());
    let l = learned.first().ok_or(JobError::NotLearned("queue"))?;
    let handle_time = l.handle_time.as_ref().ok_or(JobError::NotLearned("handle times"))?.chosen;
    let patience = l.patience.as_ref().map(|p| p.chosen);
    let arrivals = fit(&series, &ArrivalConfig::default())?;
    let week_of = arrivals.next_day();
    let counts: Vec<f64> = arrivals
        .forecast(week_of, 7)
        .iter()
        .flat_map(|d| d.intervals.iter().map(|i| i.mean))
        .collect();
    let n = counts.len();
    let clock = Clock::parse(&week_of.to_string()).ok_or(JobError::NotLearned("forecast date"))?;
    let horizon = Horizon { interval_s: INTERVAL_S, intervals: n, warmup_intervals: 0, clock };
    let queue = QueueSpec {
        name: sample::QUEUE.into(),
        arrivals: Arrivals {
            rate_per_s: counts.iter().map(|c| c / INTERVAL_S).collect(),
            busyness_shape: None,
        },
        handle_time: handle_time.to_distribution()?,
        patience: patience.as_ref().map(Fitted::to_distribution).transpose()?,
        service_level: ServiceLevelTarget { threshold_s: 20.0, target: 0.8 },
        max_abandon_rate: Some(0.05),
        max_asa_s: None,
        announce: Default::default(),
        callback: None,
        redial: None,
    };
    let group = GroupSpec {
        name: "agents".into(),
        skills: vec![Skill::new(QueueId::new(0), 1, 1.0)],
        agents: vec![1; n],
        shrinkage: 0.3,
    };
    let model =
        Model::new("sample-week".into(), horizon, vec![queue], vec![group], PolicyKind::Priority)?;
    Ok(SampleWeek {
        calls: records.len(),
        first_day: sample::first_day(),
        handle_time,
        patience,
        week_of,
        expected_calls: counts.iter().sum(),
        model,
    })
}
