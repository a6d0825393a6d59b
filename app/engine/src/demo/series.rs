//! The demo's hourly series: expected invocations per archetype and hour, then the noise,
//! durations, errors, concurrency, cold starts and memory drawn around them.

use super::archetypes::{Archetype, Profile, FLASH_SALE_HOURS};
use super::rng::Rng;
use crate::snapshot::{Hourly, Series};
use crate::time;

/// Invocations expected in one hour of the window, before noise.
fn expected_invocations(
    archetype: Archetype,
    profile: &Profile,
    hour: usize,
    start: i64,
    rng: &mut Rng,
) -> f64 {
    let unix = start + hour as i64 * 3600;
    let local = unix + profile.utc_offset * 3600;
    let local_hour = (local.rem_euclid(86_400) / 3600) as f64;
    let weekend = time::weekday(local) >= 5;
    let hour_of_day = hour % 24;
    match archetype {
        Archetype::SteadyApi => {
            let wave = 1.0 + 0.08 * (std::f64::consts::TAU * (local_hour - 14.0) / 24.0).cos();
            profile.rate_per_second * 3600.0 * wave
        }
        Archetype::DiurnalApi | Archetype::QueueWorker => {
            // Office-hours bell peaking at 14:00 local, a small night floor, quieter weekends.
            let day = (-(local_hour - 14.0).powi(2) / (2.0 * 3.5f64.powi(2))).exp();
            let floor = if archetype == Archetype::DiurnalApi {
                0.04
            } else {
                0.15
            };
            let weekly = if weekend { 0.35 } else { 1.0 };
            profile.rate_per_second * 3600.0 * (floor + day) * weekly
        }
        Archetype::SpikyEvent => {
            let roll = rng.uniform();
            if roll < 0.03 {
                profile.rate_per_second * 3600.0 * rng.between(20.0, 80.0)
            } else if roll < 0.35 {
                profile.rate_per_second * 3600.0 * rng.between(0.05, 0.5)
            } else {
                0.0
            }
        }
        Archetype::NightlyCron => {
            if hour_of_day == profile.schedule_hour {
                1.0
            } else {
                0.0
            }
        }
        Archetype::LongEtl => {
            // Four runs a day, every six hours.
            if hour_of_day.is_multiple_of(6) {
                1.0
            } else {
                0.0
            }
        }
        Archetype::HeavyInitInference | Archetype::BigMemoryWorker => {
            let day = (-(local_hour - 13.0).powi(2) / (2.0 * 5.0f64.powi(2))).exp();
            profile.rate_per_second * 3600.0 * (0.25 + 0.75 * day)
        }
        Archetype::FlashSaleApi => {
            let sale = if flash_sale_hour(local_hour) {
                3.0
            } else {
                1.0
            };
            profile.rate_per_second * 3600.0 * sale
        }
    }
}

fn flash_sale_hour(local_hour: f64) -> bool {
    FLASH_SALE_HOURS.contains(&local_hour)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn make_series(
    archetype: Archetype,
    profile: &Profile,
    memory_mb: u32,
    timeout_s: u32,
    hours: usize,
    start: i64,
    rng: &mut Rng,
) -> Series {
    let timeout_ms = timeout_s as f64 * 1000.0;
    let local_hour = |hour: usize| {
        ((start + (hour as i64 + profile.utc_offset) * 3600).rem_euclid(86_400) / 3600) as f64
    };
    let columns = 10;
    let mut rows: Vec<[Option<f64>; 10]> = Vec::with_capacity(hours);
    // One function in the window has a six-hour gap in its metrics, as collections do.
    let gap = (rng.uniform() < 0.08).then(|| rng.below(hours.saturating_sub(6).max(1)));
    for hour in 0..hours {
        let expected = expected_invocations(archetype, profile, hour, start, rng);
        if gap.is_some_and(|g| (g..g + 6).contains(&hour)) {
            rows.push([None; 10]);
            continue;
        }
        let invocations = if expected <= 0.0 {
            0.0
        } else if expected < 30.0 {
            // Small counts: keep them whole and mostly as planned (scheduled runs are exact).
            expected.round()
        } else {
            (expected + expected.sqrt() * rng.gaussian())
                .max(0.0)
                .round()
        };
        if invocations == 0.0 {
            // No invocations: CloudWatch has no duration or concurrency for the hour.
            rows.push([
                Some(0.0),
                Some(0.0),
                Some(0.0),
                None,
                None,
                None,
                None,
                Some(0.0),
                None,
                None,
            ]);
            continue;
        }
        let duration_avg =
            (profile.duration_ms * (1.0 + 0.06 * rng.gaussian())).clamp(1.0, timeout_ms);
        let duration_p99 = (duration_avg * profile.tail).min(timeout_ms * 0.99);
        let duration_max = (duration_p99 * rng.between(1.05, 1.3)).min(timeout_ms);
        // Little's law for the hour's mean, then a burst factor for its peak minute.
        let mean_concurrency = invocations * duration_avg / 1000.0 / 3600.0;
        let burst = if archetype == Archetype::SpikyEvent {
            rng.between(3.0, 8.0)
        } else if archetype == Archetype::FlashSaleApi {
            if flash_sale_hour(local_hour(hour)) {
                rng.between(7.5, 8.5)
            } else {
                rng.between(1.4, 1.6)
            }
        } else {
            rng.between(1.3, 2.2)
        };
        let concurrency_max = (mean_concurrency * burst).ceil().max(1.0);
        let errors = (invocations * profile.error_rate).round();
        let throttles = if archetype == Archetype::SpikyEvent && concurrency_max > 50.0 {
            (invocations * 0.01).round()
        } else {
            0.0
        };
        // New environments: the busy peak's growth plus recycling of idle ones, never more
        // than the invocations themselves. Rare traffic means a cold start almost every time.
        let cold_starts = (concurrency_max * rng.between(0.2, 0.6) + 1.0)
            .round()
            .min(invocations);
        let init = profile.init_ms * (1.0 + 0.05 * rng.gaussian());
        let memory_used = (memory_mb as f64 * profile.memory_use * rng.between(0.9, 1.05))
            .min(memory_mb as f64)
            .round();
        rows.push([
            Some(invocations),
            Some(errors),
            Some(throttles),
            Some(round2(duration_avg)),
            Some(round2(duration_p99)),
            Some(round2(duration_max)),
            Some(concurrency_max),
            Some(cold_starts),
            Some(round2(init)),
            Some(memory_used),
        ]);
    }
    debug_assert_eq!(rows.first().map_or(columns, |r| r.len()), columns);
    let column = |i: usize| Hourly::from_options(rows.iter().map(|row| row[i]));
    Series {
        invocations: column(0),
        errors: column(1),
        throttles: column(2),
        duration_avg_ms: column(3),
        duration_p99_ms: column(4),
        duration_max_ms: column(5),
        concurrency_max: column(6),
        cold_starts: Some(column(7)),
        init_duration_ms: Some(column(8)),
        max_memory_used_mb: Some(column(9)),
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
