//! The traffic pass: one read of a function's hourly series into the sums every configuration
//! and traffic multiplier reuses ([`Traffic`]) and each hour's load ([`HourLoad`]) that
//! container sizing, the provisioned-concurrency split and the Hybrid excess need.

use serde::{Deserialize, Serialize};

use crate::assumptions::Assumptions;
use crate::snapshot::{Function, PackageType};

/// What the series say about one function, summed once and reused for every configuration
/// and traffic multiplier (everything but the PC split scales linearly with traffic).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Traffic {
    /// Hours with an invocation count.
    pub observed_hours: u32,
    pub window_hours: u32,
    /// `hours_per_month / observed_hours` (0 when nothing was observed).
    pub month_factor: f64,
    /// Over the observed hours.
    pub invocations: f64,
    /// Billed seconds (duration + round-up) over the observed hours.
    pub billed_s: f64,
    /// Billed INIT seconds over the observed hours.
    pub init_s: f64,
    /// Observed hours with invocations but no duration (filled with the mean duration).
    pub hours_without_duration: u32,
    /// Invocation-weighted mean duration, ms, over the hours with both figures; failing those,
    /// the plain mean of the hours' durations (0 when unknown). Used to fill gaps.
    pub mean_duration_ms: f64,
    /// The invocation-weighted mean alone: `None` when no hour has both an invocation count and
    /// a duration (what pages show as the average duration).
    pub weighted_duration_ms: Option<f64>,
    /// Peak hourly concurrency (measured, or estimated from invocations × duration).
    pub peak_concurrency: f64,
    pub mean_concurrency: f64,
    /// Observed hours with at least one invocation.
    pub active_hours: u32,
    /// Throttles over the window.
    pub throttles: f64,
    /// Invocation-weighted mean of the hourly p99 duration, ms (`None` when never collected).
    pub p99_duration_ms: Option<f64>,
    /// Longest duration seen, ms.
    pub max_duration_ms: Option<f64>,
    /// Cold starts and their total INIT time (ms), when collected.
    pub cold_starts: Option<f64>,
    pub init_ms_total: Option<f64>,
}

/// Hour `h`'s concurrency: the measured peak, or invocations × average duration / 3600 s.
#[inline]
pub fn hour_concurrency(function: &Function, hour: usize, mean_duration_ms: f64) -> Option<f64> {
    let series = &function.series;
    if let Some(peak) = series.concurrency_max.get(hour) {
        return Some(peak);
    }
    let invocations = series.invocations.get(hour)?;
    let duration = series.duration_avg_ms.get(hour).unwrap_or(mean_duration_ms);
    Some(invocations * duration / 1000.0 / 3600.0)
}

/// Whether INIT time is billed for this function's on-demand cold starts.
pub fn init_is_billed(function: &Function) -> bool {
    function.package_type == PackageType::Zip
        && function
            .runtime
            .as_deref()
            .is_some_and(|runtime| !runtime.starts_with("provided"))
}

/// One hour of the window, as the PC split, the Hybrid excess and the container sizing need it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourLoad {
    /// Concurrency (the measured peak, or invocations × duration / 3600 s); NaN where unknown.
    pub concurrency: f64,
    /// Invocations, 0 where unknown.
    pub invocations: f64,
    /// Billed milliseconds (invocations × (duration + round-up)), 0 without invocations.
    pub billed_ms: f64,
}

impl Traffic {
    pub fn of(function: &Function, assumptions: &Assumptions) -> Traffic {
        Traffic::with_hours(function, assumptions).0
    }

    /// The traffic and each hour's load (aligned to the window).
    pub fn with_hours(function: &Function, assumptions: &Assumptions) -> (Traffic, Vec<HourLoad>) {
        let series = &function.series;
        let window_hours = series.invocations.len() as u32;
        let hours = window_hours as usize;
        // Dense f32 views (NaN = missing); narrow series are widened into these buffers.
        let mut scratch: [Vec<f32>; 6] = Default::default();
        let [s_invocations, s_durations, s_peaks, s_p99s, s_maxima, s_throttles] = &mut scratch;
        let invocations = &series.invocations.dense(s_invocations)[..hours];
        let durations = &series.duration_avg_ms.dense(s_durations)[..hours];
        let peaks = &series.concurrency_max.dense(s_peaks)[..hours];
        let roundup = assumptions.billed_duration_roundup_ms;

        // Hours with invocations but no duration take the mean duration, known only after a
        // pass over the hours; such gaps are rare, so the pass assumes none and is redone when
        // there were some.
        let mut by_hour = Vec::with_capacity(hours);
        let mut load = LoadSums::of(invocations, durations, peaks, 0.0, roundup, &mut by_hour);
        let mean_duration_ms = if load.duration_weight > 0.0 {
            load.weighted_duration_ms / load.duration_weight
        } else {
            series.duration_avg_ms.present().sum::<f64>()
                / series.duration_avg_ms.present_count().max(1) as f64
        };
        if load.without_duration > 0 {
            by_hour.clear();
            load = LoadSums::of(
                invocations,
                durations,
                peaks,
                mean_duration_ms,
                roundup,
                &mut by_hour,
            );
        }
        let durations = DurationSums::of(
            invocations,
            &series.duration_p99_ms.dense(s_p99s)[..hours],
            &series.duration_max_ms.dense(s_maxima)[..hours],
            &series.throttles.dense(s_throttles)[..hours],
        );
        let mut traffic = Traffic {
            observed_hours: load.observed,
            window_hours,
            month_factor: 0.0,
            invocations: load.invocations,
            billed_s: load.billed_ms / 1000.0,
            init_s: 0.0,
            hours_without_duration: load.without_duration,
            mean_duration_ms,
            weighted_duration_ms: (load.duration_weight > 0.0)
                .then(|| load.weighted_duration_ms / load.duration_weight),
            peak_concurrency: load.peak_concurrency,
            mean_concurrency: load.concurrency_sum / load.concurrency_hours.max(1) as f64,
            active_hours: load.active,
            throttles: durations.throttles,
            p99_duration_ms: (durations.p99_weight > 0.0)
                .then(|| durations.p99_weighted / durations.p99_weight),
            max_duration_ms: durations
                .longest_ms
                .is_finite()
                .then_some(durations.longest_ms),
            cold_starts: None,
            init_ms_total: None,
        };
        if let (Some(cold), Some(init)) = (&series.cold_starts, &series.init_duration_ms) {
            let (mut cold_starts, mut init_ms) = (0.0, 0.0);
            let mut billed_init_ms = 0.0;
            let (mut s_cold, mut s_init) = (Vec::new(), Vec::new());
            for ((&invocations, &c), &i) in invocations
                .iter()
                .zip(cold.dense(&mut s_cold))
                .zip(init.dense(&mut s_init))
            {
                if !c.is_nan() && !i.is_nan() {
                    let (c, i) = (c as f64, i as f64);
                    cold_starts += c;
                    init_ms += c * i;
                    if !invocations.is_nan() {
                        billed_init_ms += c * i;
                    }
                }
            }
            traffic.cold_starts = Some(cold_starts);
            traffic.init_ms_total = Some(init_ms);
            if init_is_billed(function) {
                traffic.init_s = billed_init_ms / 1000.0;
            }
        }
        if traffic.observed_hours > 0 {
            traffic.month_factor = assumptions.hours_per_month / traffic.observed_hours as f64;
        }
        (traffic, by_hour)
    }

    /// Invocations in a month of `hours_per_month` (the observed hours' count scaled by
    /// `month_factor`; 0 when nothing was observed).
    pub fn monthly_invocations(&self) -> f64 {
        self.invocations * self.month_factor
    }

    /// Mean requests per second over the observed hours.
    pub fn mean_requests_per_second(&self) -> f64 {
        if self.observed_hours == 0 {
            0.0
        } else {
            self.invocations / (self.observed_hours as f64 * 3600.0)
        }
    }
}

/// Sums over the hours' invocations, durations and concurrency (series as dense f32 slices,
/// NaN = missing); [`DurationSums`] reads the other series (one loop of all six measured the same).
#[derive(Default)]
struct LoadSums {
    invocations: f64,
    billed_ms: f64,
    observed: u32,
    active: u32,
    without_duration: u32,
    peak_concurrency: f64,
    concurrency_sum: f64,
    concurrency_hours: u32,
    /// Σ invocations × duration and Σ invocations over hours that have both.
    weighted_duration_ms: f64,
    duration_weight: f64,
}

impl LoadSums {
    /// The sums, with each hour's load pushed to `by_hour`; hours with invocations but no
    /// duration take `fill_duration_ms`.
    fn of(
        invocations: &[f32],
        durations: &[f32],
        peaks: &[f32],
        fill_duration_ms: f64,
        roundup_ms: f64,
        by_hour: &mut Vec<HourLoad>,
    ) -> LoadSums {
        let mut sums = LoadSums::default();
        for ((&invocations, &duration), &peak) in invocations.iter().zip(durations).zip(peaks) {
            let has_invocations = !invocations.is_nan();
            let invocations = invocations as f64;
            let duration = if !duration.is_nan() {
                if has_invocations {
                    sums.weighted_duration_ms += invocations * duration as f64;
                    sums.duration_weight += invocations;
                }
                duration as f64
            } else {
                if invocations > 0.0 {
                    sums.without_duration += 1;
                }
                fill_duration_ms
            };
            let concurrency = if !peak.is_nan() {
                peak as f64
            } else {
                // NaN when the count is missing too.
                invocations * duration * (1.0 / 3.6e6)
            };
            let counted = if has_invocations { invocations } else { 0.0 };
            let billed_ms = counted * (duration + roundup_ms);
            by_hour.push(HourLoad {
                concurrency,
                invocations: counted,
                billed_ms,
            });
            if !concurrency.is_nan() {
                if concurrency > sums.peak_concurrency {
                    sums.peak_concurrency = concurrency;
                }
                sums.concurrency_sum += concurrency;
                sums.concurrency_hours += 1;
            }
            if has_invocations {
                sums.observed += 1;
                sums.invocations += invocations;
                if invocations > 0.0 {
                    sums.active += 1;
                    sums.billed_ms += billed_ms;
                }
            }
        }
        sums
    }
}

/// Sums over the hours' p99 and maximum durations and throttles.
struct DurationSums {
    /// Σ p99 × weight and Σ weight, the weight being the hour's invocations (1 without a count).
    p99_weighted: f64,
    p99_weight: f64,
    longest_ms: f64,
    throttles: f64,
}

impl DurationSums {
    fn of(invocations: &[f32], p99s: &[f32], maxima: &[f32], throttles: &[f32]) -> DurationSums {
        let (mut p99_weighted, mut p99_weight) = (0.0f64, 0.0f64);
        let (mut longest, mut throttle_sum) = (f64::NEG_INFINITY, 0.0f64);
        for ((&invocations, &p99), (&max, &throttled)) in invocations
            .iter()
            .zip(p99s)
            .zip(maxima.iter().zip(throttles))
        {
            if !p99.is_nan() {
                let weight = if invocations > 1.0 {
                    invocations as f64
                } else {
                    1.0
                };
                p99_weighted += p99 as f64 * weight;
                p99_weight += weight;
            }
            if max as f64 > longest {
                longest = max as f64;
            }
            if !throttled.is_nan() {
                throttle_sum += throttled as f64;
            }
        }
        DurationSums {
            p99_weighted,
            p99_weight,
            longest_ms: longest,
            throttles: throttle_sum,
        }
    }
}
