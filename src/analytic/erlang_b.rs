//! Erlang B: the blocking probability of M/M/c/c, the building block of Erlang C and A.

use super::error::{non_negative, AnalyticError};

/// Erlang B blocking probability B(c, A): the share of calls that find all `agents` busy in
/// a loss system (no queue) offered `load_erlangs` Erlangs.
///
/// Uses the stable recursion 1/B₀ = 1, 1/Bₖ = 1 + (k/A)·1/Bₖ₋₁ with rescaling, so it works
/// for any head-count (B may underflow to 0 when it is below 1e-308). Errors if the load is
/// negative or not finite.
pub fn erlang_b(agents: u32, load_erlangs: f64) -> Result<f64, AnalyticError> {
    non_negative("offered load (Erlangs)", load_erlangs)?;
    Ok((-ln_inverse_erlang_b(agents, load_erlangs)).exp())
}

/// ln(1/B(c, A)) = ln(Σ_{k≤c} Aᵏ/k! ÷ A^c/c!), for A ≥ 0 (+∞ when A = 0 and c > 0).
///
/// Runs the recursion on 1/B, which only grows, keeping it below 1e200 by carrying a
/// separate logarithmic scale; each step is one multiply-add, so the relative error stays
/// near c·ε even for thousands of agents.
pub(crate) fn ln_inverse_erlang_b(agents: u32, load_erlangs: f64) -> f64 {
    const RESCALE_ABOVE: f64 = 1e200;
    if agents == 0 {
        return 0.0;
    }
    if load_erlangs == 0.0 {
        return f64::INFINITY;
    }
    let mut value = 1.0; // 1/B scaled by e^(−ln_scale)
    let mut ln_scale = 0.0;
    let mut one = 1.0; // the constant 1 of the recursion, in the same scale
    for k in 1..=agents {
        value = one + f64::from(k) / load_erlangs * value;
        if value > RESCALE_ABOVE {
            value /= RESCALE_ABOVE;
            one /= RESCALE_ABOVE;
            ln_scale += RESCALE_ABOVE.ln();
        }
    }
    value.ln() + ln_scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cases_by_hand() {
        // B(1, A) = A/(1+A); B(2, 1) = (1/2)/(1 + 1 + 1/2) = 0.2.
        assert!((erlang_b(1, 3.0).unwrap() - 0.75).abs() < 1e-15);
        assert!((erlang_b(2, 1.0).unwrap() - 0.2).abs() < 1e-15);
        assert_eq!(erlang_b(0, 2.0).unwrap(), 1.0);
        assert_eq!(erlang_b(3, 0.0).unwrap(), 0.0);
    }

    #[test]
    fn rescaling_keeps_tiny_blocking_exact_in_log_space() {
        // With A = 1, 1/B(c, 1) = c!·Σ_{k≤c} 1/k! → e·c!, so ln(1/B) ≈ 1 + ln c!.
        let c = 400_u32;
        let ln_fact: f64 = (1..=c).map(|k| f64::from(k).ln()).sum();
        let got = ln_inverse_erlang_b(c, 1.0);
        assert!((got - (1.0 + ln_fact)).abs() < 1e-9 * got, "{got}");
    }

    #[test]
    fn rejects_bad_load() {
        assert!(erlang_b(3, -1.0).is_err());
        assert!(erlang_b(3, f64::NAN).is_err());
    }
}
