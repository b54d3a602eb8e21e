//! The analytic formulas at the extremes of their inputs (issue 11, "numerics that
//! terminate"): callers 10¹⁵ times more patient than the handle time, shapes of 10¹⁶ in the
//! incomplete gamma function. Each case must return, quickly and finitely, and agree with an
//! independent limit: Erlang C as the patience grows (stable queues), the fluid limit
//! (overload), the half-normal queue of critical loading, and the normal limit of the gamma
//! distribution. Every loop in these evaluations has a fixed cap, so a regression fails
//! with an error rather than a hang.

use statrs::distribution::{ContinuousCDF, Normal};
use wfmsim::analytic::{erlang_a, erlang_c, ln_regularized_lower, AnalyticError};

fn rel(got: f64, want: f64) -> f64 {
    ((got - want) / want).abs()
}

/// Stable queue (16.7 Erlangs on 20 agents): as the patience grows Erlang A tends to Erlang C,
/// and abandonment to θ·E[queue]/λ = E[wait]/patience of Erlang C.
#[test]
fn endless_patience_on_a_stable_queue_is_erlang_c() {
    let c = erlang_c(200.0, 300.0, 20, 20.0).unwrap();
    for patience in [1e9, 1e14, 1e18] {
        let a = erlang_a(200.0, 300.0, patience, 20, 20.0).unwrap();
        // The Erlang A values differ from Erlang C by O(waits / patience).
        let tol = 1e-9 + 1e4 / patience;
        assert!(rel(a.p_wait, c.p_wait) < tol, "{patience}: P(wait) {}", a.p_wait);
        assert!(rel(a.service_level, c.service_level) < tol, "{patience}: SL {}", a.service_level);
        assert!(rel(a.asa_s, c.asa_s) < tol, "{patience}: ASA {} vs {}", a.asa_s, c.asa_s);
        let expected_abandon = c.mean_wait_all_s / patience;
        assert!(rel(a.p_abandon, expected_abandon) < 1e-3, "{patience}: {}", a.p_abandon);
    }
}

/// Overload (25 Erlangs on 20 agents): the fluid limit answers c/A of the callers, each after
/// waiting w with e^(−w/patience) = c/A, so abandonment → 1 − c/A and ASA/patience → ln(A/c).
#[test]
fn endless_patience_in_overload_is_the_fluid_limit() {
    for patience in [1e9, 1e14, 1e20] {
        let a = erlang_a(300.0, 300.0, patience, 20, 20.0).unwrap();
        assert!((a.p_abandon - 0.2).abs() < 1e-3, "{patience}: abandon {}", a.p_abandon);
        assert!(rel(a.asa_s / patience, 1.25_f64.ln()) < 1e-3, "{patience}: ASA {}", a.asa_s);
        assert!(a.p_wait > 0.999_999 && a.service_level < 1e-6, "{patience}");
        assert!(a.occupancy <= 1.0 && a.occupancy > 0.999_999, "{patience}");
    }
}

/// Critical loading (λ = cμ): the callers found waiting form a half-normal queue of variance
/// x = λ·patience, so abandonment = θ·E[queue]/λ → √(2/(π·x)).
#[test]
fn endless_patience_at_critical_load_is_the_half_normal_queue() {
    for patience in [1e10, 1e16, 1e20] {
        let a = erlang_a(240.0, 300.0, patience, 20, 20.0).unwrap();
        let x = 240.0 / 3600.0 * patience;
        let expected = (2.0 / (std::f64::consts::PI * x)).sqrt();
        assert!(rel(a.p_abandon, expected) < 1e-3, "{patience}: {} vs {expected}", a.p_abandon);
        assert!(a.service_level.is_finite() && (0.0..=1.0).contains(&a.service_level));
    }
}

/// Beyond what double precision resolves the answer is a typed error that says what to do,
/// never a hang or a wrong number.
#[test]
fn patience_beyond_the_resolvable_range_is_refused() {
    for patience in [1e23, 1e300, f64::MAX] {
        match erlang_a(300.0, 300.0, patience, 20, 20.0) {
            Err(AnalyticError::PatienceTooLong { max_patience_s, .. }) => {
                assert!(max_patience_s < patience && max_patience_s > 1e19, "{max_patience_s}");
                let text = AnalyticError::PatienceTooLong { patience_s: patience, max_patience_s }
                    .to_string();
                assert!(text.contains("Erlang C"), "{text}");
            }
            other => panic!("patience {patience}: {other:?}"),
        }
    }
}

/// The regularised incomplete gamma function at shapes of 10¹⁰…10¹⁶, where the series and the
/// continued fraction need millions to billions of terms: P(s, s) = ½ + 1/(3√(2πs)) + O(1/s)
/// (Ramanujan/Temme) and P(s, s + k√s) → Φ(k) + O(1/√s).
#[test]
fn incomplete_gamma_at_huge_shapes_follows_its_normal_limit() {
    let normal = Normal::new(0.0, 1.0).unwrap();
    for s in [1e10_f64, 1e13, 1e16] {
        let centre = ln_regularized_lower(s, s).unwrap().exp();
        let expected = 0.5 + 1.0 / (3.0 * (2.0 * std::f64::consts::PI * s).sqrt());
        assert!((centre - expected).abs() < 10.0 / s + 1e-12, "s = {s}: P(s, s) = {centre}");
        for k in [-3.0, -0.5, 0.3, 0.7, 1.0, 4.0] {
            let p = ln_regularized_lower(s, s + k * s.sqrt()).unwrap().exp();
            let limit = normal.cdf(k);
            assert!((p - limit).abs() < 2.0 / s.sqrt(), "s = {s}, k = {k}: {p} vs {limit}");
        }
    }
}
