//! Real-data proof: the bank's February 1999 call records give handle-time and patience fits
//! that match the data's own summary figures (its README). Reads `WFMSIM_DATA_DIR`.

use wfmsim::forecast::{learn, to_scenario_toml, Fitted, LearnConfig};
use wfmsim::history::{ingest, preset, BadRowPolicy};

mod history_support;
use history_support::data_dir;

#[test]
fn bank_february_fits_match_readme_figures() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("anonymous-bank-1999/anonymous_bank_1999_02.tsv");
    let history = ingest(&path, &preset("anonymous-bank").unwrap(), BadRowPolicy::Fail).unwrap();
    let contacts = history.contacts().unwrap();
    let cfg = LearnConfig { pool_queues: true, ..LearnConfig::default() };
    let all = &learn(contacts, &cfg)[0];
    let h = all.handle_time.as_ref().unwrap();
    let p = all.patience.as_ref().unwrap();
    println!("{}", to_scenario_toml(&learn(contacts, &cfg), "bank"));
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
    // README: calls (non-phantom) 33,066; reached the queue 18,058; abandoned from the queue
    // 3,963 (21.9 % of queued); hung up in the VRU without queueing 1,941; served by a named
    // agent 26,671; service time median / mean 109 / 179 s.
    assert_eq!(all.contacts, 33_066);
    assert_eq!(all.queued, 18_058);
    assert_eq!(p.queued, 18_058);
    assert_eq!(p.abandoned, 3_963);
    assert!((p.p_abandon - 0.219).abs() < 0.0005);
    assert_eq!(all.abandoned_before_queue, 1_941);
    assert_eq!(h.n + h.zeros_excluded, 26_671);
    assert!((h.sample_median_s - 109.0).abs() <= 1.0);
    // Fitted log-normal: mean within 1% of 179 s; its median within 6% of 109 s.
    let Fitted::Lognormal { mean_s, cv } = h.chosen else { panic!("lognormal expected") };
    assert!((mean_s / 179.0 - 1.0).abs() < 0.01, "mean {mean_s}");
    let median = mean_s / (1.0 + cv * cv).sqrt();
    assert!((median / 109.0 - 1.0).abs() < 0.06, "median {median}");
    // Goodness of fit: the log-normal is closer to the sample than the exponential, and on
    // the body (at or above 10 s) it wins by AIC.
    assert!(h.lognormal.ks < h.exponential.ks);
    assert!(h.body.lognormal_aic < h.body.exponential_aic);
    // Patience: the chosen fit follows Kaplan-Meier within 5 points wherever 50 or more calls
    // are still waiting, and better than the exponential; the simple estimator agrees with
    // the exponential (same data, same exposure).
    let chosen_gap = if matches!(p.chosen, Fitted::Weibull { .. }) {
        p.weibull.km_max_gap
    } else {
        p.exponential.km_max_gap
    };
    assert!(chosen_gap < 0.05, "KM gap {chosen_gap}");
    assert!(chosen_gap <= p.exponential.km_max_gap);
    assert!((p.simple_mean_s / p.exponential.distribution.mean_s() - 1.0).abs() < 0.01);
}
