use super::archetypes::{ARCHETYPE_SHARES, FLASH_SALE_EVERY, FLASH_SALE_HOURS};
use super::*;
use crate::snapshot::Invoker;

fn fleet() -> Snapshot {
    generate(&DemoConfig::default())
}

fn of(snapshot: &Snapshot, archetype: Archetype) -> Vec<&Function> {
    let found: Vec<&Function> = snapshot
        .functions
        .iter()
        .filter(|f| f.tags.get("archetype").map(String::as_str) == Some(archetype.tag()))
        .collect();
    assert!(!found.is_empty(), "no {archetype:?} in the demo fleet");
    found
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    sum / count.max(1) as f64
}

/// Present invocation counts by local hour of day and weekend flag.
fn invocations_where(function: &Function, keep: impl Fn(usize, bool) -> bool) -> f64 {
    let start = time::parse_rfc3339(DEMO_START).unwrap();
    let offset = REGIONS.iter().find(|r| r.0 == function.region).unwrap().2;
    mean(
        function
            .series
            .invocations
            .iter()
            .enumerate()
            .filter_map(|(hour, value)| {
                let local = start + (hour as i64 + offset) * 3600;
                let local_hour = (local.rem_euclid(86_400) / 3600) as usize;
                (keep(local_hour, time::weekday(local) >= 5)).then_some(value?)
            }),
    )
}

#[test]
fn same_seed_gives_byte_identical_snapshots() {
    let config = DemoConfig {
        functions: 70,
        days: 7,
        seed: 7,
    };
    assert_eq!(generate(&config).to_json(), generate(&config).to_json());
    let other = DemoConfig {
        seed: 8,
        ..config.clone()
    };
    assert_ne!(generate(&config).to_json(), generate(&other).to_json());
}

#[test]
fn default_fleet_is_valid_and_complete() {
    let snapshot = fleet();
    assert!(snapshot.functions.len() >= 60);
    assert_eq!(snapshot.window.hours, 30 * 24);
    snapshot.validate().unwrap();
    for (archetype, _) in ARCHETYPE_SHARES {
        of(&snapshot, archetype);
    }
    of(&snapshot, Archetype::FlashSaleApi);
    // The file format round-trips, missing hours included.
    let again = Snapshot::from_json(&snapshot.to_json()).unwrap();
    assert_eq!(again, snapshot);
}

#[test]
fn archetype_counts_follow_the_requested_size() {
    for count in [1, 8, 9, 64, 100, 1000] {
        let archetypes = assign_archetypes(count);
        assert_eq!(archetypes.len(), count);
        if count >= 8 {
            for (archetype, _) in ARCHETYPE_SHARES {
                assert!(
                    archetypes.contains(&archetype),
                    "{count}: {archetype:?} missing"
                );
            }
        }
    }
}

#[test]
fn every_64th_function_is_a_flash_sale_api_and_no_other_moves() {
    let base = |count| {
        let mut archetypes = assign_archetypes(count);
        for (i, a) in archetypes.iter().enumerate() {
            assert_eq!(
                *a == Archetype::FlashSaleApi,
                i % FLASH_SALE_EVERY == FLASH_SALE_EVERY - 1,
                "{count}: {i}"
            );
        }
        archetypes.retain(|a| *a != Archetype::FlashSaleApi);
        archetypes
    };
    assert_eq!(base(63).len(), 63);
    assert_eq!(base(130).len(), 128);
}

#[test]
fn flash_sales_triple_the_traffic_and_burst_within_the_hour() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::FlashSaleApi) {
        assert_eq!(function.region, "us-east-1");
        assert_eq!(function.invoker, Some(Invoker::Alb));
        let sale = |h: usize, _: bool| FLASH_SALE_HOURS.contains(&(h as f64));
        let ratio =
            invocations_where(function, sale) / invocations_where(function, |h, w| !sale(h, w));
        assert!((2.7..3.3).contains(&ratio), "{}: {ratio}", function.name);
        // Peak over mean concurrency (Little's law) per hour: ~8 in sales, ~1.5 otherwise.
        let s = &function.series;
        let start = time::parse_rfc3339(DEMO_START).unwrap();
        for hour in 0..s.invocations.len() {
            let (Some(n), Some(d), Some(peak)) = (
                s.invocations.get(hour),
                s.duration_avg_ms.get(hour),
                s.concurrency_max.get(hour),
            ) else {
                continue;
            };
            let burst = peak / (n * d / 1000.0 / 3600.0);
            let local = ((start + (hour as i64 - 5) * 3600).rem_euclid(86_400) / 3600) as f64;
            let want = if FLASH_SALE_HOURS.contains(&local) {
                7.0..9.0
            } else {
                1.3..1.7
            };
            assert!(
                want.contains(&burst),
                "{} hour {hour}: {burst}",
                function.name
            );
        }
    }
}

#[test]
fn steady_apis_are_always_on_and_flat() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::SteadyApi) {
        let invocations = &function.series.invocations;
        let active = invocations.present().filter(|v| *v > 0.0).count();
        assert_eq!(active, invocations.present_count(), "{}", function.name);
        let concurrency = &function.series.concurrency_max;
        let peak_to_mean = concurrency.max().unwrap() / mean(concurrency.present());
        assert!(
            peak_to_mean <= 3.0,
            "{}: peak/mean {peak_to_mean}",
            function.name
        );
    }
}

#[test]
fn diurnal_apis_have_busy_days_quiet_nights_and_weekends() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::DiurnalApi) {
        let day = invocations_where(function, |hour, weekend| {
            (11..=17).contains(&hour) && !weekend
        });
        let night = invocations_where(function, |hour, weekend| hour <= 5 && !weekend);
        let weekend_day = invocations_where(function, |hour, weekend| {
            (11..=17).contains(&hour) && weekend
        });
        assert!(
            day >= 5.0 * night,
            "{}: day {day} night {night}",
            function.name
        );
        assert!(
            day >= 2.0 * weekend_day,
            "{}: weekday {day} weekend {weekend_day}",
            function.name
        );
    }
}

#[test]
fn spiky_events_are_mostly_idle_with_bursts() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::SpikyEvent) {
        let invocations = &function.series.invocations;
        let active = invocations.present().filter(|v| *v > 0.0).count() as f64;
        assert!(
            active / (invocations.present_count() as f64) < 0.6,
            "{}",
            function.name
        );
        let peak_to_mean = invocations.max().unwrap() / mean(invocations.present());
        assert!(
            peak_to_mean >= 10.0,
            "{}: peak/mean {peak_to_mean}",
            function.name
        );
    }
}

#[test]
fn nightly_crons_run_once_a_night_at_one_hour() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::NightlyCron) {
        let run_hours: Vec<usize> = function
            .series
            .invocations
            .iter()
            .enumerate()
            .filter(|(_, v)| v.unwrap_or(0.0) > 0.0)
            .map(|(hour, _)| hour)
            .collect();
        assert!(
            run_hours.len() >= 29 && run_hours.len() <= 30,
            "{}: {} runs",
            function.name,
            run_hours.len()
        );
        assert!(
            run_hours.iter().all(|h| h % 24 == run_hours[0] % 24),
            "{}",
            function.name
        );
        assert!(
            (1..=4).contains(&(run_hours[0] % 24)),
            "{} runs at night",
            function.name
        );
    }
}

#[test]
fn long_etl_runs_close_to_its_timeout() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::LongEtl) {
        let timeout_ms = function.timeout_s as f64 * 1000.0;
        let p99 = function.series.duration_p99_ms.max().unwrap();
        assert!(p99 >= 0.8 * timeout_ms, "{}: p99 {p99} ms", function.name);
        assert!(function.series.duration_max_ms.max().unwrap() <= timeout_ms);
    }
}

#[test]
fn inference_has_a_heavy_init_and_render_workers_big_memory() {
    let snapshot = fleet();
    for function in of(&snapshot, Archetype::HeavyInitInference) {
        let init = mean(function.series.init_duration_ms.as_ref().unwrap().present());
        assert!(init >= 5_000.0, "{}: init {init} ms", function.name);
        assert!(function.memory_mb >= 3008);
    }
    for function in of(&snapshot, Archetype::BigMemoryWorker) {
        assert!(function.memory_mb >= 8192, "{}", function.name);
    }
}

#[test]
fn a_handful_of_functions_make_most_of_the_compute() {
    let snapshot = fleet();
    let mut gb_seconds: Vec<f64> = snapshot
        .functions
        .iter()
        .map(|f| {
            let s = &f.series;
            let seconds: f64 = s
                .invocations
                .iter()
                .zip(s.duration_avg_ms.iter())
                .map(|(n, d)| n.unwrap_or(0.0) * d.unwrap_or(0.0) / 1000.0)
                .sum();
            seconds * f.memory_mb as f64 / 1024.0
        })
        .collect();
    gb_seconds.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = gb_seconds.iter().sum();
    let top_fifth: f64 = gb_seconds.iter().take(gb_seconds.len() / 5).sum();
    assert!(
        top_fifth / total >= 0.6,
        "top 20% make {:.0}%",
        100.0 * top_fifth / total
    );
}

#[test]
fn hours_without_invocations_have_no_duration() {
    let snapshot = fleet();
    for function in &snapshot.functions {
        let s = &function.series;
        for (hour, (n, d)) in s
            .invocations
            .iter()
            .zip(s.duration_avg_ms.iter())
            .enumerate()
        {
            if n == Some(0.0) {
                assert_eq!(d, None, "{} hour {hour}", function.name);
            }
        }
    }
}

#[test]
fn inference_is_called_by_the_nearest_api_before_it_in_its_region() {
    let snapshot = generate(&DemoConfig {
        functions: 700,
        days: 1,
        seed: 9,
    });
    let archetypes = assign_archetypes(snapshot.functions.len());
    let mut called = 0;
    for (index, function) in snapshot.functions.iter().enumerate() {
        let expected: Vec<String> = if archetypes[index] == Archetype::HeavyInitInference {
            (0..index)
                .rev()
                .find(|&other| {
                    matches!(
                        archetypes[other],
                        Archetype::SteadyApi | Archetype::DiurnalApi
                    ) && snapshot.functions[other].region == function.region
                })
                .map(|caller| snapshot.functions[caller].arn.clone())
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        called += usize::from(!expected.is_empty());
        assert_eq!(function.function_callers, expected, "{}", function.name);
    }
    assert!(called >= 10, "{called} inference functions with a caller");
}
