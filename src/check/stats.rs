//! Differences of means with confidence intervals (paired t and Welch), and Holm's correction.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The difference `current − baseline` of one KPI's mean over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Difference {
    /// Baseline mean (over the replications used).
    pub baseline: f64,
    /// Current mean.
    pub current: f64,
    /// `current − baseline`.
    pub diff: f64,
    /// Two-sided 95% confidence interval of the difference.
    pub ci95: [f64; 2],
    /// Two-sided p-value of "no difference" (before any multiplicity correction).
    pub p_value: f64,
    /// Degrees of freedom of the t distribution used (`n − 1` paired, Welch–Satterthwaite
    /// otherwise; infinite when the difference has no variance).
    pub df: f64,
    /// Replications used from the baseline and from the current run.
    pub n: [u64; 2],
    /// Every replication gave exactly the same value in both runs (paired only).
    pub identical: bool,
}

fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = if xs.len() > 1 {
        xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var)
}

/// Two-sided p-value and 95% half-width of a t statistic `diff / se` with `df` degrees of
/// freedom; a zero standard error gives p = 1 for no difference and p = 0 otherwise.
fn t_test(diff: f64, se: f64, df: f64) -> (f64, f64) {
    if se == 0.0 || !se.is_finite() {
        return (if diff == 0.0 { 1.0 } else { 0.0 }, 0.0);
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => {
            let p = 2.0 * t.sf((diff / se).abs());
            (p.clamp(0.0, 1.0), t.inverse_cdf(0.975) * se)
        }
        Err(_) => (f64::NAN, f64::NAN),
    }
}

/// Paired difference over replications that share their random numbers: replication r of
/// both runs forms a pair; pairs where either value is undefined are skipped. `None` when
/// fewer than 2 pairs remain.
pub fn paired(baseline: &[Option<f64>], current: &[Option<f64>]) -> Option<Difference> {
    let pairs: Vec<(f64, f64)> =
        baseline.iter().zip(current).filter_map(|(a, b)| Some(((*a)?, (*b)?))).collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let d: Vec<f64> = pairs.iter().map(|(a, b)| b - a).collect();
    let identical = pairs.iter().all(|(a, b)| a.to_bits() == b.to_bits());
    let (diff, var) = mean_var(&d);
    let (diff, var) = if identical { (0.0, 0.0) } else { (diff, var) };
    let se = (var / n).sqrt();
    let df = if se > 0.0 { n - 1.0 } else { f64::INFINITY };
    let (p_value, half) = t_test(diff, se, df);
    Some(Difference {
        baseline: pairs.iter().map(|p| p.0).sum::<f64>() / n,
        current: pairs.iter().map(|p| p.1).sum::<f64>() / n,
        diff,
        ci95: [diff - half, diff + half],
        p_value,
        df,
        n: [pairs.len() as u64; 2],
        identical,
    })
}

/// Welch's unequal-variance difference of independent samples (undefined values skipped),
/// with Welch–Satterthwaite degrees of freedom. `None` when either side has fewer than 2
/// values.
pub fn welch(baseline: &[Option<f64>], current: &[Option<f64>]) -> Option<Difference> {
    let a: Vec<f64> = baseline.iter().flatten().copied().collect();
    let b: Vec<f64> = current.iter().flatten().copied().collect();
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let (ma, va) = mean_var(&a);
    let (mb, vb) = mean_var(&b);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (sa, sb) = (va / na, vb / nb);
    let se = (sa + sb).sqrt();
    let df = if se > 0.0 {
        (sa + sb).powi(2) / (sa * sa / (na - 1.0) + sb * sb / (nb - 1.0))
    } else {
        f64::INFINITY
    };
    let diff = mb - ma;
    let (p_value, half) = t_test(diff, se, df);
    Some(Difference {
        baseline: ma,
        current: mb,
        diff,
        ci95: [diff - half, diff + half],
        p_value,
        df,
        n: [a.len() as u64, b.len() as u64],
        identical: false,
    })
}

/// Holm's step-down adjusted p-values (same order as `p`): the i-th smallest p-value is
/// multiplied by `m − i + 1`, capped at 1 and made monotone. Rejecting where the adjusted
/// value is ≤ α controls the family-wise error rate at α under any dependence.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut adjusted = vec![1.0; m];
    let mut running: f64 = 0.0;
    for (k, &i) in order.iter().enumerate() {
        let v = ((m - k) as f64 * p[i]).min(1.0);
        running = running.max(v);
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn paired_matches_a_hand_computed_t_interval() {
        // d = [1, 2, 3, 4, 6]: mean 3.2, sd² = 3.7, se = sqrt(0.74); t_{0.975,4} = 2.776445105.
        let a = some(&[10.0, 10.0, 10.0, 10.0, 10.0]);
        let b = some(&[11.0, 12.0, 13.0, 14.0, 16.0]);
        let d = paired(&a, &b).unwrap();
        assert!((d.diff - 3.2).abs() < 1e-12);
        let half = 2.776_445_105_197_793 * 0.74f64.sqrt();
        assert!((d.ci95[1] - 3.2 - half).abs() < 1e-9, "{d:?}");
        assert_eq!(d.df, 4.0);
        // With 4 df the t CDF is closed-form: F(t) = 1/2 + (3/4)·x·(1 − x²/3), x = t/√(4 + t²).
        let t = 3.2 / 0.74f64.sqrt();
        let x = t / (4.0 + t * t).sqrt();
        let p = 2.0 * (0.5 - 0.75 * x * (1.0 - x * x / 3.0));
        assert!((d.p_value - p).abs() < 1e-9, "{} vs {p}", d.p_value);
        assert!(!d.identical);
    }

    #[test]
    fn identical_runs_give_an_exact_zero() {
        let a = some(&[0.9, 0.8, 0.85]);
        let d = paired(&a, &a).unwrap();
        assert!(d.identical && d.diff == 0.0 && d.p_value == 1.0 && d.ci95 == [0.0, 0.0]);
        // A constant shift has no variance: certainly different.
        let b = some(&[1.0, 0.9, 0.95]);
        let d = paired(&a, &b).unwrap();
        assert!(!d.identical && d.p_value == 0.0);
    }

    #[test]
    fn welch_matches_the_welch_satterthwaite_formulas() {
        // a: mean 2, variance 1 (n = 3); b: mean 5, variance 2.5 (n = 5).
        let a = some(&[1.0, 2.0, 3.0]);
        let b = some(&[3.0, 4.0, 5.0, 6.0, 7.0]);
        let d = welch(&a, &b).unwrap();
        let (sa, sb) = (1.0 / 3.0, 2.5 / 5.0);
        let df = (sa + sb) * (sa + sb) / (sa * sa / 2.0 + sb * sb / 4.0);
        assert!((d.df - df).abs() < 1e-12);
        assert!((d.diff - 3.0).abs() < 1e-12);
        let t = StudentsT::new(0.0, 1.0, df).unwrap();
        let half = t.inverse_cdf(0.975) * (sa + sb).sqrt();
        assert!((d.ci95[0] - (3.0 - half)).abs() < 1e-12);
        // Large equal samples: the interval tends to ±1.96·se.
        let x: Vec<Option<f64>> = (0..4000).map(|i| Some((i % 10) as f64)).collect();
        let y: Vec<Option<f64>> = (0..4000).map(|i| Some((i % 10) as f64 + 1.0)).collect();
        let d = welch(&x, &y).unwrap();
        let s2 = 8.25 * 4000.0 / 3999.0; // sample variance of 0..9 repeated
        let se = (2.0 * s2 / 4000.0f64).sqrt();
        assert!(((d.ci95[1] - d.diff) / se - 1.960).abs() < 2e-3, "{d:?}");
    }

    #[test]
    fn undefined_values_are_skipped_and_too_few_give_none() {
        assert!(paired(&[Some(1.0), None], &[Some(2.0), Some(3.0)]).is_none());
        assert!(welch(&[Some(1.0), None], &some(&[1.0, 2.0])).is_none());
        let d = paired(&[Some(1.0), None, Some(2.0)], &[Some(2.0), Some(9.0), Some(4.0)]).unwrap();
        assert_eq!(d.n, [2, 2]);
    }

    #[test]
    fn holm_adjusts_step_down_and_stays_monotone() {
        // Classic example: p = (0.01, 0.04, 0.03, 0.005), m = 4.
        // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → 0.06 (monotone).
        let adj = holm(&[0.01, 0.04, 0.03, 0.005]);
        let want = [0.03, 0.06, 0.06, 0.02];
        for (a, w) in adj.iter().zip(want) {
            assert!((a - w).abs() < 1e-12, "{adj:?}");
        }
        assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
        assert!(holm(&[]).is_empty());
    }
}
