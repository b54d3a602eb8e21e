//! Erlang A: M/M/c+M, callers who hang up after an exponential patience (Palm 1943; Garnett,
//! Mandelbaum & Reiman 2002).
//!
//! Notation (reference README): λ arrivals/s, μ = 1/AHT, θ = 1/patience, A = λ/μ,
//! x = λ/θ, a = cμ/θ. Relative to the state "c busy, none waiting", the states with fewer
//! than c busy carry mass L = (c/A)/B(c−1, A) and the waiting states carry
//! S = Σ_j t_j = a·e^x·x^(−a)·γ(a, x) (see [`super::waiting`]). Then
//! - P(wait) = S/(L+S) (PASTA),
//! - P(abandon) = θ·E[queue]/λ = P(wait)·(Σ j·t_j / S)/x,
//! - P(answered) = (L + (a/x)(S − 1))/(L+S), computed from positive terms only,
//! - SL(T) = (L + G(T))/(L+S) with G(T) = a·e^x·x^(−a−1)·[γ(a+1, x) − γ(a+1, x·e^(−θT))]
//!   (answered within T ÷ all arrivals; the README's (E + λK₁(T))/(E + λK₀) divided through
//!   by A/c); equivalently P(answered) − a·e^x·x^(−a−1)·γ(a+1, x·e^(−θT))/(L+S). The second
//!   form is used when the subtracted part is at most half (it keeps SL ≤ P(answered)
//!   exactly), the first, a sum of positive terms, otherwise,
//! - mean wait of all = P(abandon)/θ (Little's law on the queue, abandonment rate θ·E[queue]),
//! - ASA = E[wait·1{answered}]/P(answered), from the tagged-customer sum.
//!
//! All of it is assembled from logarithms and kernel-scaled incomplete gamma values, so it
//! stays finite and accurate for thousands of agents.

use super::erlang_b::ln_inverse_erlang_b;
use super::error::{agent_count, non_negative, positive, AnalyticError};
use super::gamma::{ln_scaled_lower, ln_scaled_lower_difference};
use super::kpis::ErlangKpis;
use super::queue::{Queue, QueueModel};
use super::special::logistic_of_log_ratio;
use super::waiting::waiting_ratios;

/// The largest x + a = (λ + c/AHT)·patience Erlang A evaluates: beyond it the queue lengths
/// the sums walk over (about x − a ± √x) are spaced closer than double precision resolves.
/// A patience that long (10¹⁹ s for 100 calls an hour on 10 agents) means callers who
/// practically never abandon.
pub(crate) const MAX_SCALE: f64 = 1e21;

/// Erlang A KPIs of `agents` agents for Poisson arrivals (`arrivals_per_hour`), exponential
/// handle times of mean `aht_s` seconds and exponential patience of mean `patience_s`
/// seconds, with the service level evaluated at `sl_seconds`.
///
/// Erlang A is stable for every head-count (impatient callers bound the queue), so the only
/// errors are invalid inputs.
pub fn erlang_a(
    arrivals_per_hour: f64,
    aht_s: f64,
    patience_s: f64,
    agents: u32,
    sl_seconds: f64,
) -> Result<ErlangKpis, AnalyticError> {
    let queue = Queue::new(arrivals_per_hour, aht_s, Some(patience_s))?;
    erlang_a_for(&queue, patience_s, agents, sl_seconds)
}

/// Erlang A for an already validated queue, with the given mean patience.
pub(crate) fn erlang_a_for(
    queue: &Queue,
    patience_s: f64,
    agents: u32,
    sl_seconds: f64,
) -> Result<ErlangKpis, AnalyticError> {
    positive("mean patience (s)", patience_s)?;
    non_negative("service-level threshold (s)", sl_seconds)?;
    agent_count(agents)?;
    let c = f64::from(agents);
    let load = queue.offered_load_erlangs();
    let x = queue.arrivals_per_s() * patience_s;
    let a = c * patience_s / queue.aht_s();
    if x + a > MAX_SCALE {
        return Err(AnalyticError::PatienceTooLong {
            patience_s,
            max_patience_s: MAX_SCALE / (queue.arrivals_per_s() + c / queue.aht_s()),
        });
    }

    let ln_below = c.ln() - load.ln() + ln_inverse_erlang_b(agents - 1, load);
    let ln_phi = ln_scaled_lower(a, x)?; // S = a·φ_lower(a, x)
    let ln_waiting = a.ln() + ln_phi;
    let p_wait = logistic_of_log_ratio(ln_below - ln_waiting);
    let p_no_wait = logistic_of_log_ratio(ln_waiting - ln_below);

    let ratios = waiting_ratios(a, x)?;
    let p_abandon = p_wait * ratios.queue_found / x;
    let p_answered = p_no_wait + p_wait * (a / x) * ratios.beyond_head;
    let asa_s = patience_s * p_wait * ratios.answered_wait / p_answered;

    let service_level = if sl_seconds == 0.0 {
        p_no_wait
    } else {
        // y = x·e^(−θT). The kernel ratio is formed from θT itself, exactly, because for a
        // patience far longer than T the ends y and x round to the same number.
        let theta_t = sl_seconds / patience_s;
        let y = x * (-theta_t).exp();
        let ln_kernel_yx = -(a + 1.0) * theta_t - x * (-theta_t).exp_m1();
        // Answered after waiting longer than T, over S: γ(a+1, y) / (x·γ(a, x)), both
        // scaled by the kernel x^(a+1)·e^(−x), which cancels.
        let ln_answered_late = ln_kernel_yx + ln_scaled_lower(a + 1.0, y)? - ln_phi;
        let answered_late = p_wait * ln_answered_late.exp();
        if answered_late <= 0.5 * p_answered {
            // Subtracting at most half loses nothing, and keeps SL ≤ P(answered) exactly.
            p_answered - answered_late
        } else {
            // Mostly late: add the answered-within-T part, [γ(a+1, x) − γ(a+1, y)]/(x·γ(a, x)),
            // computed without cancellation.
            let ln_answered_in_time =
                ln_scaled_lower_difference(a + 1.0, y, x, ln_kernel_yx)? - ln_phi;
            p_no_wait + p_wait * ln_answered_in_time.exp()
        }
    };

    Ok(ErlangKpis {
        model: QueueModel::ErlangA,
        agents,
        offered_load_erlangs: load,
        sl_seconds,
        p_wait,
        service_level,
        sl_answered: service_level / p_answered,
        asa_s,
        mean_wait_all_s: p_abandon * patience_s,
        p_abandon,
        // In deep overload P(answered) → c/A and the product rounds to 1 + ε; the exact value
        // is below 1, so only rounding excess is removed.
        occupancy: (load * p_answered / c).min(1.0),
    })
}
