//! Mean and confidence interval over replications (Welford's streaming algorithm): Student-t
//! for quantities on an open scale, and for proportions the same interval formed on the
//! logit scale so that it never leaves [0, 1].

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A KPI estimated over replications: mean and 95% confidence interval.
///
/// Serialises as `{ "mean": x, "ci95": [lo, hi] }` (plus `n`), the contract of `summary.json`.
/// Undefined values serialise as `null`: the mean when no replication had a denominator, the
/// interval when fewer than 2 replications had one (one replication says nothing about its
/// own spread, so it gets no interval, never a zero-width one).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications where the KPI is defined.
    pub mean: f64,
    /// Two-sided 95% confidence interval of the mean (Student-t; for proportions formed on the
    /// logit scale, see [`Estimate::from_proportions`]); NaN when `n < 2`.
    pub ci95: [f64; 2],
    /// Replications that contributed.
    pub n: u64,
    /// Sample standard deviation across replications.
    #[serde(skip)]
    pub sd: f64,
}

impl Estimate {
    /// Estimates from samples in order; `None` samples (undefined ratios) are skipped.
    pub fn from_samples(samples: impl IntoIterator<Item = Option<f64>>) -> Self {
        let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
        for x in samples.into_iter().flatten() {
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
        }
        if n == 0 {
            return Estimate { mean: f64::NAN, ci95: [f64::NAN, f64::NAN], n, sd: f64::NAN };
        }
        if n < 2 {
            return Estimate { mean, ci95: [f64::NAN, f64::NAN], n, sd: f64::NAN };
        }
        let sd = (m2 / (n - 1) as f64).sqrt();
        let half = student_t_quantile(0.975, n - 1) * sd / (n as f64).sqrt();
        Estimate { mean, ci95: [mean - half, mean + half], n, sd }
    }

    /// Estimates a quantity that is never negative (a count, a wait, an agent-hour total): the
    /// Student-t interval of [`Estimate::from_samples`] with its lower end raised to 0 where
    /// it falls below. The true mean is ≥ 0, so the cut interval covers it whenever the plain
    /// one does (same coverage), and no output shows an ASA of −9.8 s.
    pub fn from_nonnegative(samples: impl IntoIterator<Item = Option<f64>>) -> Self {
        let mut e = Self::from_samples(samples);
        if e.ci95[0] < 0.0 {
            e.ci95[0] = 0.0;
        }
        e
    }

    /// Estimates a proportion (each sample in [0, 1]) with an interval inside [0, 1].
    ///
    /// The mean, standard deviation and `n` are those of [`Estimate::from_samples`]; the
    /// interval is the Student-t interval of the logit of the mean by the delta method,
    /// logit(p̄) ± t·s/(√n·p̄(1−p̄)), mapped back: asymmetric near 0 and 1 and never beyond
    /// them, and the same as the plain interval to first order when p̄ is away from the ends.
    /// Replications' proportions vary more than binomially (days differ in busyness), so a
    /// pooled-count interval such as Wilson's would be too narrow; this keeps the spread
    /// between replications. A mean of exactly 0 or 1 (every replication at that end) gets
    /// the degenerate interval at that end.
    pub fn from_proportions(samples: impl IntoIterator<Item = Option<f64>>) -> Self {
        let mut e = Self::from_samples(samples);
        if e.n >= 2 && e.mean > 0.0 && e.mean < 1.0 {
            let p = e.mean;
            let half = student_t_quantile(0.975, e.n - 1) * e.sd / (e.n as f64).sqrt();
            let centre = (p / (1.0 - p)).ln();
            let spread = half / (p * (1.0 - p));
            let expit = |l: f64| 1.0 / (1.0 + (-l).exp());
            e.ci95 = [expit(centre - spread), expit(centre + spread)];
        } else if e.n >= 2 {
            e.ci95 = [e.mean, e.mean];
        }
        e
    }

    /// Half-width of a two-sided confidence interval at level `confidence` (e.g. 0.99).
    pub fn half_width(&self, confidence: f64) -> f64 {
        if self.n < 2 {
            return f64::INFINITY;
        }
        student_t_quantile(0.5 + confidence / 2.0, self.n - 1) * self.sd / (self.n as f64).sqrt()
    }

    /// True when `value` lies in the two-sided interval at level `confidence`.
    pub fn contains(&self, value: f64, confidence: f64) -> bool {
        (self.mean - value).abs() <= self.half_width(confidence)
    }
}

/// Quantile `p` of Student's t with `df` degrees of freedom.
///
/// The last few (p, df) asked for on each thread are remembered: a staffing search forms
/// thousands of intervals with the same replications and level, and the inverse CDF (an
/// inverse regularised incomplete beta) is by far the dearest part of each.
pub fn student_t_quantile(p: f64, df: u64) -> f64 {
    const KEPT: usize = 4;
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<((u64, u64), f64)>> = const {
            std::cell::RefCell::new(Vec::new())
        };
    }
    let key = (p.to_bits(), df);
    if let Some(q) = RECENT.with_borrow(|r| r.iter().find(|(k, _)| *k == key).map(|e| e.1)) {
        return q;
    }
    let q = StudentsT::new(0.0, 1.0, df as f64).map(|t| t.inverse_cdf(p)).unwrap_or(f64::NAN);
    RECENT.with_borrow_mut(|r| {
        if r.len() == KEPT {
            r.remove(0);
        }
        r.push((key, q));
    });
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_interval_match_the_textbook_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let e = Estimate::from_samples(xs.iter().map(|&x| Some(x)));
        assert_eq!(e.n, 8);
        assert!((e.mean - 5.0).abs() < 1e-12);
        let sd = (32.0f64 / 7.0).sqrt();
        assert!((e.sd - sd).abs() < 1e-12);
        // t_{0.975, 7} = 2.364624...
        let half = 2.364_624_251_592_785 * sd / 8f64.sqrt();
        assert!((e.ci95[1] - e.mean - half).abs() < 1e-9, "{:?}", e);
    }

    #[test]
    fn remembered_quantiles_are_the_ones_asked_for() {
        // More (p, df) pairs than are kept, asked in turn and again: a cache that mixed up
        // its keys or kept a stale entry would answer one pair with another's quantile.
        let direct = |p: f64, df: u64| StudentsT::new(0.0, 1.0, df as f64).unwrap().inverse_cdf(p);
        let asks = [(0.975, 99), (0.975, 7), (0.995, 99), (0.9, 99), (0.975, 199), (0.975, 7)];
        for _ in 0..3 {
            for &(p, df) in &asks {
                assert_eq!(student_t_quantile(p, df), direct(p, df), "p {p}, df {df}");
            }
        }
        assert!((student_t_quantile(0.975, 7) - 2.364_624_251_592_785).abs() < 1e-9);
    }

    #[test]
    fn undefined_samples_are_skipped() {
        let e = Estimate::from_samples([None, Some(1.0), None, Some(3.0)]);
        assert_eq!(e.n, 2);
        assert!((e.mean - 2.0).abs() < 1e-12);
        assert!(Estimate::from_samples([None]).mean.is_nan());
    }

    #[test]
    fn one_replication_has_a_mean_but_no_interval() {
        for e in [Estimate::from_samples([Some(0.7)]), Estimate::from_proportions([Some(0.7)])] {
            assert_eq!((e.mean, e.n), (0.7, 1));
            assert!(e.ci95[0].is_nan() && e.ci95[1].is_nan(), "{e:?}");
            assert_eq!(e.half_width(0.95), f64::INFINITY);
        }
    }

    #[test]
    fn nonnegative_intervals_are_cut_at_zero_and_nowhere_else() {
        // Waits of 0 s and 10 s: mean 5, sd √50, t₁ = 12.706, plain interval 5 ± 63.5.
        let plain = Estimate::from_samples([Some(0.0), Some(10.0)]);
        let cut = Estimate::from_nonnegative([Some(0.0), Some(10.0)]);
        assert!(plain.ci95[0] < -58.0);
        assert_eq!(cut.ci95[0], 0.0);
        assert_eq!(cut.ci95[1], plain.ci95[1]);
        assert_eq!((cut.mean, cut.n), (plain.mean, plain.n));
        // Away from zero nothing changes.
        let far = [Some(100.0), Some(101.0), Some(99.0)];
        assert_eq!(Estimate::from_nonnegative(far), Estimate::from_samples(far));
        // One replication: still no interval.
        assert!(Estimate::from_nonnegative([Some(3.0)]).ci95[0].is_nan());
    }

    #[test]
    fn proportion_intervals_stay_inside_zero_and_one() {
        // Two replications near the top: the Student-t interval reaches far above 100%.
        let plain = Estimate::from_samples([Some(0.98), Some(0.90)]);
        assert!(plain.ci95[1] > 1.0, "{plain:?}");
        let e = Estimate::from_proportions([Some(0.98), Some(0.90)]);
        assert!(e.ci95[0] > 0.0 && e.ci95[1] < 1.0 && e.ci95[0] < e.mean && e.mean < e.ci95[1]);
        // The back-transformed ends: expit(logit(0.94) ± t₁·s/(√2·0.94·0.06)), by hand.
        // Mean 0.94, s = 0.04·√2, so the t half-width is t₀.₉₇₅,₁·0.04.
        let (p, half) = (0.94_f64, 12.706_204_736_174_7 * 0.04);
        let l = (p / (1.0 - p)).ln();
        let w = half / (p * (1.0 - p));
        let expit = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert!((e.ci95[0] - expit(l - w)).abs() < 1e-9 && (e.ci95[1] - expit(l + w)).abs() < 1e-9);
        // Away from the ends and with many replications it agrees with Student-t to first order.
        let xs: Vec<_> =
            (0..400).map(|i| Some(0.5 + 0.05 * ((i % 7) as f64 - 3.0) / 3.0)).collect();
        let (a, b) = (Estimate::from_samples(xs.clone()), Estimate::from_proportions(xs));
        assert!((a.ci95[0] - b.ci95[0]).abs() < 1e-4 && (a.ci95[1] - b.ci95[1]).abs() < 1e-4);
        // Every replication at an end: the degenerate interval there.
        let all = Estimate::from_proportions([Some(1.0), Some(1.0), Some(1.0)]);
        assert_eq!(all.ci95, [1.0, 1.0]);
    }
}
