//! The sums over a function's hours (`Traffic::with_hours`), including the rare hours that have
//! invocations but no duration (they take the invocation-weighted mean, known after a pass).

use super::build::{function, pattern, HOURS};
use crate::assumptions::Assumptions;
use crate::cost::lambda::Traffic;

#[test]
fn hours_without_a_duration_take_the_weighted_mean() {
    // Every 4 hours: 100 at 200 ms, 100 at 400 ms, 50 without a duration, no count at all.
    let mut f = function("gaps", 0.0, 0.0);
    f.series.invocations = pattern(|h| [Some(100.0), Some(100.0), Some(50.0), None][h % 4]);
    f.series.duration_avg_ms = pattern(|h| [Some(200.0), Some(400.0), None, None][h % 4]);
    f.series.concurrency_max = pattern(|_| None);
    let assumptions = Assumptions::default();
    let roundup = assumptions.billed_duration_roundup_ms;
    let (traffic, hours) = Traffic::with_hours(&f, &assumptions);

    let groups = (HOURS / 4) as f64;
    let mean = (100.0 * 200.0 + 100.0 * 400.0) / 200.0;
    assert_eq!(traffic.mean_duration_ms, mean);
    assert_eq!(traffic.hours_without_duration, HOURS as u32 / 4);
    assert_eq!(traffic.observed_hours, 3 * HOURS as u32 / 4);
    assert_eq!(traffic.invocations, 250.0 * groups);
    let billed_ms = 100.0 * (200.0 + roundup) + 100.0 * (400.0 + roundup) + 50.0 * (mean + roundup);
    assert!((traffic.billed_s - groups * billed_ms / 1000.0).abs() < 1e-9);
    assert!((traffic.peak_concurrency - 100.0 * 400.0 / 3.6e6).abs() < 1e-12);

    assert_eq!(hours.len(), HOURS);
    assert!((hours[2].concurrency - 50.0 * mean / 3.6e6).abs() < 1e-12);
    assert_eq!(hours[2].billed_ms, 50.0 * (mean + roundup));
    assert!(hours[3].concurrency.is_nan());
    assert_eq!((hours[3].invocations, hours[3].billed_ms), (0.0, 0.0));
}

#[test]
fn without_gaps_one_pass_gives_the_same_sums() {
    let f = function("steady", 3600.0, 250.0);
    let (traffic, hours) = Traffic::with_hours(&f, &Assumptions::default());
    assert_eq!(traffic.hours_without_duration, 0);
    assert_eq!(traffic.mean_duration_ms, 250.0);
    assert_eq!(traffic.invocations, 3600.0 * HOURS as f64);
    let expected_ms = 3600.0 * (250.0 + Assumptions::default().billed_duration_roundup_ms);
    assert!(hours.iter().all(|h| h.billed_ms == expected_ms));
    // The measured peak (1.2 × the estimate, see `build::function`) wins over the estimate.
    assert!((traffic.peak_concurrency - 1.2 * 3600.0 * 250.0 / 3.6e6).abs() < 1e-5);
}
