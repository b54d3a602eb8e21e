//! The offered load of a time-varying queue: the mean number of busy servers of an M_t/G/∞
//! system (infinite servers, so nobody waits) fed with the queue's arrivals.
//!
//! With arrival rate λ(t) and mean handle time τ, the load m(t) follows m' = λ(t) − m/τ (exact
//! for exponential handle times; for other distributions the first-order approximation with
//! their mean). Feeding m(t) instead of λ(t)·τ to a stationary formula is the
//! modified-offered-load approximation (Jennings, Mandelbaum, Massey & Whitt 1996; Feldman,
//! Mandelbaum, Massey & Whitt 2008): the load lags the arrivals by about one handle time, so
//! the intervals right after a peak need more agents than their own arrivals suggest, and
//! those on a rising edge fewer.

use super::error::{non_negative, positive, AnalyticError};

/// The mean of m(t) over each interval, for arrival rates `rate_per_s` constant within
/// intervals of `interval_s` seconds, handle times of mean `aht_s` seconds, and a system empty
/// at time 0. A constant rate λ gives λ·τ once the start is forgotten.
///
/// Within an interval of rate λ starting at load m₀, m(s) = λτ + (m₀ − λτ)·e^(−s/τ), so its
/// mean over the interval is λτ + (m₀ − λτ)·(τ/Δ)(1 − e^(−Δ/τ)): closed forms, no time steps.
/// Errors for a non-positive or non-finite interval or handle time, or a negative or
/// non-finite rate.
pub fn infinite_server_load(
    rate_per_s: &[f64],
    interval_s: f64,
    aht_s: f64,
) -> Result<Vec<f64>, AnalyticError> {
    positive("interval length (s)", interval_s)?;
    positive("mean handle time (s)", aht_s)?;
    let decay = (-interval_s / aht_s).exp();
    let mean_factor = -(-interval_s / aht_s).exp_m1() * aht_s / interval_s;
    let mut m = 0.0;
    rate_per_s
        .iter()
        .map(|&rate| {
            non_negative("arrival rate (/s)", rate)?;
            let steady = rate * aht_s;
            let mean = steady + (m - steady) * mean_factor;
            m = steady + (m - steady) * decay;
            Ok(mean)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_rate_settles_at_its_steady_load_from_an_empty_start() {
        // λ = 0.1/s, τ = 300 s: steady load 30 erlangs. First interval of 1800 s from empty:
        // 30·(1 − (300/1800)(1 − e^−6)) = 30·(1 − 0.166254...) = 25.0124...
        let m = infinite_server_load(&[0.1; 4], 1800.0, 300.0).unwrap();
        let first = 30.0 * (1.0 - (1.0 - (-6.0f64).exp()) / 6.0);
        assert!((m[0] - first).abs() < 1e-12, "{}", m[0]);
        assert!((m[3] - 30.0).abs() < 1e-3, "{}", m[3]);
        assert!(m.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_load_lags_the_arrivals_after_a_drop() {
        // 60 erlangs of arrivals, then none: the interval after the drop still carries the
        // departures of the calls in service, the mean of 60·e^(−s/τ) over the interval.
        let m = infinite_server_load(&[0.2, 0.2, 0.2, 0.2, 0.0], 900.0, 300.0).unwrap();
        let expected_after = {
            let mut level = 0.0;
            for _ in 0..4 {
                level = 60.0 + (level - 60.0) * (-3.0f64).exp();
            }
            level * (1.0 - (-3.0f64).exp()) / 3.0
        };
        assert!((m[4] - expected_after).abs() < 1e-9, "{} vs {expected_after}", m[4]);
        assert!(m[4] > 15.0, "the pointwise load would be 0");
    }

    #[test]
    fn invalid_inputs_are_errors() {
        assert!(infinite_server_load(&[1.0], 0.0, 300.0).is_err());
        assert!(infinite_server_load(&[1.0], 1800.0, f64::NAN).is_err());
        assert!(infinite_server_load(&[-1.0], 1800.0, 300.0).is_err());
        assert_eq!(infinite_server_load(&[], 1800.0, 300.0).unwrap(), Vec::<f64>::new());
    }
}
