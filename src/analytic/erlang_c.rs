//! Erlang C: M/M/c with callers who never abandon.

use super::erlang_b::ln_inverse_erlang_b;
use super::error::{agent_count, non_negative, AnalyticError};
use super::kpis::ErlangKpis;
use super::queue::{Queue, QueueModel};

/// Erlang C KPIs of `agents` agents for Poisson arrivals (`arrivals_per_hour`) with
/// exponential handle times of mean `aht_s` seconds and infinitely patient callers, with
/// the service level evaluated at `sl_seconds`.
///
/// Errors on invalid input and with [`AnalyticError::Unstable`] when the offered load is at
/// least the number of agents (the queue would grow without bound).
pub fn erlang_c(
    arrivals_per_hour: f64,
    aht_s: f64,
    agents: u32,
    sl_seconds: f64,
) -> Result<ErlangKpis, AnalyticError> {
    let queue = Queue::new(arrivals_per_hour, aht_s, None)?;
    erlang_c_for(&queue, agents, sl_seconds)
}

/// Erlang C for an already validated queue; its patience, if any, is ignored.
pub(crate) fn erlang_c_for(
    queue: &Queue,
    agents: u32,
    sl_seconds: f64,
) -> Result<ErlangKpis, AnalyticError> {
    non_negative("service-level threshold (s)", sl_seconds)?;
    agent_count(agents)?;
    let load = queue.offered_load_erlangs();
    let c = f64::from(agents);
    if load >= c {
        return Err(AnalyticError::Unstable { load_erlangs: load, agents });
    }
    let blocking = (-ln_inverse_erlang_b(agents, load)).exp();
    let utilisation = load / c;
    // C = c·B / (c − A(1 − B)) = B / ((1 − A/c) + (A/c)·B), both denominator terms ≥ 0.
    let p_wait = blocking / ((c - load) / c + utilisation * blocking);
    let spare = c - load;
    let asa_s = p_wait * queue.aht_s() / spare;
    let service_level = 1.0 - p_wait * (-spare * sl_seconds / queue.aht_s()).exp();
    Ok(ErlangKpis {
        model: QueueModel::ErlangC,
        agents,
        offered_load_erlangs: load,
        sl_seconds,
        p_wait,
        service_level,
        sl_answered: service_level,
        asa_s,
        mean_wait_all_s: asa_s,
        p_abandon: 0.0,
        occupancy: utilisation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_agent_is_m_m_1() {
        // M/M/1 with ρ = 0.5: P(wait) = ρ, ASA = ρ/(μ − λ), SL(t) = 1 − ρ·e^(−(μ−λ)t).
        let k = erlang_c(6.0, 300.0, 1, 60.0).unwrap();
        assert!((k.p_wait - 0.5).abs() < 1e-15);
        assert!((k.asa_s - 300.0).abs() < 1e-12);
        assert!((k.service_level - (1.0 - 0.5 * f64::exp(-0.1))).abs() < 1e-15);
    }

    #[test]
    fn overload_is_a_typed_error() {
        let err = erlang_c(360.0, 300.0, 30, 20.0).unwrap_err();
        assert!(matches!(err, AnalyticError::Unstable { agents: 30, .. }));
        assert!(matches!(erlang_c(300.0, 300.0, 0, 20.0), Err(AnalyticError::NoAgents)));
        assert!(erlang_c(300.0, -1.0, 30, 20.0).is_err());
        assert!(erlang_c(300.0, 300.0, 30, f64::NAN).is_err());
    }
}
