//! Scheduled head-count after shrinkage.

/// Agents to schedule so that `agents` are on the phones when a share `shrinkage` of paid time
/// goes to breaks, training, absence: ⌈agents ÷ (1 − shrinkage)⌉.
pub fn scheduled(agents: u32, shrinkage: f64) -> u32 {
    if agents == 0 {
        return 0;
    }
    // Guard against 27.000000001 rounding up to 28.
    let x = agents as f64 / (1.0 - shrinkage);
    (x - 1e-9).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::scheduled;

    #[test]
    fn scheduled_is_agents_over_one_minus_shrinkage_rounded_up() {
        assert_eq!(scheduled(28, 0.0), 28);
        assert_eq!(scheduled(28, 0.3), 40);
        assert_eq!(scheduled(21, 0.3), 30);
        assert_eq!(scheduled(10, 0.25), 14);
        assert_eq!(scheduled(0, 0.5), 0);
    }
}
