//! Synthetic proof: handle times and censored patience drawn from known distributions are
//! learnt back within statistical tolerance (fixed seeds; tolerances from sampling errors).

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_distr::{Distribution, Exp, LogNormal, Weibull};
use rand_xoshiro::Xoshiro256PlusPlus;
use wfmsim::forecast::{fit_handle_times, fit_patience, learn, Fitted, LearnConfig};
use wfmsim::history::{CallOutcome, CallRecord};

#[test]
fn lognormal_handle_times_are_recovered() {
    // Scenario example: mean 212 s, CV 1.1.
    let (mean, cv) = (212.0_f64, 1.1_f64);
    let sigma2 = (1.0 + cv * cv).ln();
    let (mu, sigma) = (mean.ln() - sigma2 / 2.0, sigma2.sqrt());
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let dist = LogNormal::new(mu, sigma).unwrap();
    let n = 20_000;
    let samples: Vec<(f64, u32)> =
        (0..n).map(|i| (dist.sample(&mut rng), (i % 24) as u32)).collect();
    let h = fit_handle_times(&samples, 0.0).unwrap();
    println!("{:?}", h.chosen);
    let Fitted::Lognormal { mean_s, cv: cv_hat } = h.chosen else {
        panic!("lognormal expected, got {:?}", h.chosen)
    };
    let nf = n as f64;
    // Mean: SE = mean·cv/√n.
    assert!((mean_s - mean).abs() < 4.0 * mean * cv / nf.sqrt(), "mean {mean_s}");
    // σ² = 2 ln(mean/median): SE ≈ 2·sqrt(cv²/n + (π/2)σ²/n).
    let s2_hat = (1.0 + cv_hat * cv_hat).ln();
    let se_s2 = 2.0 * ((cv * cv + std::f64::consts::FRAC_PI_2 * sigma2) / nf).sqrt();
    assert!((s2_hat - sigma2).abs() < 4.0 * se_s2, "sigma² {s2_hat} vs {sigma2}");
    // Maximum-likelihood parameters of ln(handle time): SE σ/√n and σ/√(2n).
    assert!((h.body.lognormal_mu - mu).abs() < 4.0 * sigma / nf.sqrt());
    assert!((h.body.lognormal_sigma - sigma).abs() < 4.0 * sigma / (2.0 * nf).sqrt());
    // Goodness of fit: the log-normal wins against the exponential on both criteria.
    assert!(h.lognormal.ks < h.exponential.ks && h.body.lognormal_aic < h.body.exponential_aic);
    // KS distance of the true model at n = 20 000 is below 1.63/√n with 99% probability.
    assert!(h.lognormal.ks < 1.63 / nf.sqrt() + 0.005, "KS {}", h.lognormal.ks);
    assert!(!h.varies_by_time_of_day, "hourly means ratio {}", h.hourly_ratio);
}

#[test]
fn exponential_handle_times_prefer_the_exponential() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    let dist = Exp::new(1.0 / 150.0).unwrap();
    let samples: Vec<(f64, u32)> = (0..10_000).map(|_| (dist.sample(&mut rng), 10)).collect();
    let h = fit_handle_times(&samples, 0.0).unwrap();
    let Fitted::Exponential { mean_s } = h.chosen else {
        panic!("exponential expected, got {:?}", h.chosen)
    };
    assert!((mean_s - 150.0).abs() < 4.0 * 150.0 / 100.0);
}

/// Patience P and a wait-to-service W: the contact abandons if P < W (observed P), otherwise
/// it is answered after W (censored at W).
fn censored(
    patience: &dyn Fn(&mut Xoshiro256PlusPlus) -> f64,
    mean_service_wait: f64,
    n: usize,
    seed: u64,
) -> Vec<(f64, bool)> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let wait = Exp::new(1.0 / mean_service_wait).unwrap();
    (0..n)
        .map(|_| {
            let p = patience(&mut rng);
            let w = wait.sample(&mut rng);
            if p < w {
                (p, true)
            } else {
                (w, false)
            }
        })
        .collect()
}

#[test]
fn kaplan_meier_and_exponential_patience_are_recovered() {
    let mean = 180.0;
    let exp = Exp::new(1.0 / mean).unwrap();
    let obs = censored(&|r| exp.sample(r), 60.0, 20_000, 1);
    let p = fit_patience(&obs, 5.0).unwrap();
    let d = p.abandoned as f64;
    // Exponential MLE: SE = mean/√d; the simple estimator is the same quantity.
    assert!((p.exponential.distribution.mean_s() - mean).abs() < 4.0 * mean / d.sqrt());
    assert!((p.simple_mean_s / p.exponential.distribution.mean_s() - 1.0).abs() < 0.01);
    // Weibull shape ≈ 1 (SE ≈ 0.78/√d, inflated for censoring), so the exponential is kept.
    let Fitted::Weibull { shape, .. } = p.weibull.distribution else { unreachable!() };
    assert!((shape - 1.0).abs() < 5.0 * 1.2 / d.sqrt(), "shape {shape}");
    // Kaplan-Meier within 4 Greenwood standard errors of the true survival wherever 200 or
    // more are at risk, and the KM curve tracks the fit.
    let mut checked = 0;
    for k in p.km.iter().filter(|k| k.at_risk >= 200) {
        let truth = (-k.t / mean).exp();
        assert!(
            (k.survival - truth).abs() < 4.0 * k.std_err + 1e-3,
            "t {} KM {} vs {}",
            k.t,
            k.survival,
            truth
        );
        checked += 1;
    }
    assert!(checked > 1000);
    // Short abandons: P(P < 5 and P < W) = ∫0^5 e^{-t/60} (1/180) e^{-t/180} dt.
    let rate: f64 = 1.0 / 180.0 + 1.0 / 60.0;
    let expected = 20_000.0 * (1.0 / 180.0) / rate * (1.0 - (-5.0 * rate).exp());
    assert!((p.short_abandons as f64 - expected).abs() < 4.0 * expected.sqrt());
}

#[test]
fn weibull_patience_is_recovered() {
    // Scenario example: mean 150 s, shape 0.8.
    let (mean, shape) = (150.0_f64, 0.8_f64);
    let scale = Fitted::weibull_scale(mean, shape);
    let w = Weibull::new(scale, shape).unwrap();
    let obs = censored(&|r| w.sample(r), 100.0, 20_000, 2);
    let p = fit_patience(&obs, 5.0).unwrap();
    let Fitted::Weibull { mean_s, shape: k } = p.chosen else {
        panic!("weibull expected, got {:?}", p.chosen)
    };
    let d = p.abandoned as f64;
    println!(
        "weibull mean {mean_s:.1} shape {k:.3} from {d} abandons; KM gap {:.4}",
        p.weibull.km_max_gap
    );
    assert!((k - shape).abs() < 5.0 * 0.78 * shape * 1.5 / d.sqrt(), "shape {k}");
    assert!((mean_s / mean - 1.0).abs() < 0.08, "mean {mean_s}");
    assert!(p.weibull.km_max_gap < 0.02 && p.weibull.km_max_gap < p.exponential.km_max_gap);
}

#[test]
fn learn_splits_queues_and_counts_outcomes() {
    let t0 = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let rec = |queue: &str,
               wait: f64,
               handle: Option<f64>,
               outcome: CallOutcome,
               queued: Option<bool>| {
        CallRecord {
            line: 0,
            arrival: t0,
            queue: queue.into(),
            wait_s: Some(wait),
            handle_s: handle,
            outcome: Some(outcome),
            queued,
            agent: None,
        }
    };
    let mut rows = Vec::new();
    for i in 0..50 {
        rows.push(rec("A", i as f64, Some(100.0 + i as f64), CallOutcome::Answered, None));
        rows.push(rec("A", 2.0 * i as f64 + 1.0, None, CallOutcome::Abandoned, None));
        rows.push(rec("B", 0.0, Some(50.0), CallOutcome::Answered, None));
    }
    rows.push(rec("B", 0.0, None, CallOutcome::Abandoned, Some(false)));
    let learned = learn(&rows, &LearnConfig::default());
    assert_eq!(learned.len(), 2);
    let a = &learned[0];
    assert_eq!((a.queue.as_str(), a.contacts, a.answered, a.abandoned), ("A", 100, 50, 50));
    assert!(a.patience.is_some() && a.handle_time.is_some());
    let b = &learned[1];
    assert_eq!((b.abandoned, b.abandoned_before_queue), (1, 1));
    assert!(b.patience.is_none(), "no abandon from the queue: patience is unidentifiable");
    let toml = wfmsim::forecast::to_scenario_toml(&learned, "x.csv");
    assert!(toml.contains("[[queue]]\nname = \"A\""));
    assert!(toml.contains("# patience: no abandons from the queue"));
}

#[test]
fn handle_time_varying_by_hour_is_detected() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let samples: Vec<(f64, u32)> = (0..12_000)
        .map(|i| {
            let hour = 7 + (i % 12) as u32;
            let mean: f64 = if (9..12).contains(&hour) { 260.0 } else { 180.0 };
            let s2 = (1.0f64 + 1.0).ln();
            let d = LogNormal::new(mean.ln() - s2 / 2.0, s2.sqrt()).unwrap();
            (d.sample(&mut rng), hour)
        })
        .collect();
    let h = fit_handle_times(&samples, 10.0).unwrap();
    assert!(h.varies_by_time_of_day, "ratio {} p {}", h.hourly_ratio, h.hourly_p_value);
    assert_eq!(h.by_hour.len(), 12);
}
