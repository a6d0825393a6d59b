//! Collection against a real AWS-compatible endpoint: moto server on 127.0.0.1, seeded with the
//! fleet of `support/fleet.rs`; the snapshot must hold exactly what was seeded.

mod support {
    pub mod fleet {
        include!("support/fleet.rs");
    }
    pub mod moto {
        const SEED_SCRIPT_FROM_MANIFEST: &str = "tests/support/seed.py";
        include!("support/moto.rs");
    }
}

use berth_collect::{collect, CollectConfig, NoProgress};
use berth_engine::snapshot::{Architecture, Invoker, SourceKind};
use support::fleet::*;
use support::moto::{Moto, FAKE_ENV};

fn series_of(
    snapshot: &berth_engine::snapshot::Snapshot,
    name: &str,
) -> berth_engine::snapshot::Series {
    snapshot
        .functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("function {name} collected"))
        .series
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collects_what_was_seeded_into_moto() {
    for (key, value) in FAKE_ENV {
        // Safe here: this test binary has one test, and this runs before any other thread reads.
        std::env::set_var(key, value);
    }
    let moto = Moto::start();
    moto.seed(&fleet_spec());

    let config = CollectConfig {
        regions: vec![REGION.to_string()],
        days: DAYS,
        endpoint_url: Some(moto.endpoint.clone()),
        max_attempts: 2,
        ..CollectConfig::new(NOW)
    };
    let started = std::time::Instant::now();
    let (snapshot, stats) = collect(&config, &NoProgress)
        .await
        .expect("collection runs");
    eprintln!(
        "collected the test fleet in {:.2} s: {:?}, {} metrics, {} points, warnings {:#?}",
        started.elapsed().as_secs_f64(),
        stats.api_calls,
        stats.metrics_requested,
        stats.series_points,
        snapshot.warnings
    );

    // Metadata and window.
    assert_eq!(snapshot.source.kind, SourceKind::Aws);
    assert_eq!(snapshot.source.account_id.as_deref(), Some("123456789012"));
    assert_eq!(snapshot.window.start, "2026-11-02T00:00:00Z");
    assert_eq!(snapshot.window.hours as usize, HOURS);
    assert_eq!(snapshot.regions.len(), 1);
    assert_eq!(snapshot.regions[0].region, REGION);

    // Inventory.
    let mut names: Vec<&str> = snapshot.functions.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["api", "idle", "worker"]);
    let api = snapshot.functions.iter().find(|f| f.name == "api").unwrap();
    assert_eq!(api.memory_mb, 512);
    assert_eq!(api.timeout_s, 30);
    assert_eq!(api.architecture, Architecture::Arm64);
    assert_eq!(api.runtime.as_deref(), Some("python3.12"));
    assert_eq!(api.reserved_concurrency, Some(50));
    assert_eq!(api.tags.get("team").map(String::as_str), Some("payments"));
    assert_eq!(api.invoker, Some(Invoker::ApiGatewayRest));
    let worker = snapshot
        .functions
        .iter()
        .find(|f| f.name == "worker")
        .unwrap();
    assert_eq!(worker.reserved_concurrency, None);
    assert_eq!(worker.invoker, Some(Invoker::Sns));
    assert_eq!(worker.architecture, Architecture::X86_64);
    // api may call worker (a policy statement for lambda.amazonaws.com with api as source).
    assert_eq!(worker.function_callers, vec![API_ARN.to_string()]);
    assert!(api.function_callers.is_empty());
    // idle consumes a queue: its invoker from ListEventSourceMappings, its policy never read.
    let idle = snapshot
        .functions
        .iter()
        .find(|f| f.name == "idle")
        .unwrap();
    assert_eq!(idle.invoker, Some(Invoker::Sqs));
    assert!(idle.tags.is_empty());

    // Series: sums, averages, maxima on the right hours. An hour without invocations has a count
    // of 0 (CloudWatch writes no datapoint then) and no duration or concurrency (missing).
    let series = series_of(&snapshot, "api");
    for hour in 0..HOURS {
        assert_eq!(
            series.invocations.get(hour),
            Some(api_invocations(hour).unwrap_or(0.0)),
            "api invocations hour {hour}"
        );
        let expected_avg =
            api_invocations(hour).map(|_| api_durations(hour).iter().sum::<f64>() / 2.0);
        assert_eq!(
            series.duration_avg_ms.get(hour),
            expected_avg,
            "api avg hour {hour}"
        );
        let expected_max = api_invocations(hour).map(|_| api_durations(hour)[1]);
        assert_eq!(
            series.duration_max_ms.get(hour),
            expected_max,
            "api max hour {hour}"
        );
        let expected_concurrency = api_invocations(hour).map(|_| 4.0);
        assert_eq!(series.concurrency_max.get(hour), expected_concurrency);
    }
    assert_eq!(series.errors.get(5), Some(3.0));
    assert_eq!(series.errors.sum(), 3.0);
    assert_eq!(series.errors.present_count(), HOURS);
    assert_eq!(series.throttles.present_count(), HOURS);
    assert_eq!(series.throttles.sum(), 0.0);
    // moto cannot compute percentiles: p99 is missing, with a warning, and nothing else is lost.
    assert_eq!(series.duration_p99_ms.present_count(), 0);
    assert!(snapshot
        .warnings
        .iter()
        .any(|w| w.message.starts_with("p99 duration unavailable")));

    let series = series_of(&snapshot, "worker");
    for hour in 0..HOURS {
        assert_eq!(
            series.invocations.get(hour),
            Some(worker_invocations(hour).unwrap_or(0.0)),
            "worker hour {hour}"
        );
    }
    assert_eq!(series.duration_avg_ms.sum(), 24.0 * 1_000.0);
    // Never invoked: counted as zero every hour, nothing else measured.
    let series = series_of(&snapshot, "idle");
    for (name, hourly) in series.named() {
        assert_eq!(hourly.len(), HOURS);
        if ["invocations", "errors", "throttles"].contains(&name) {
            assert_eq!(hourly.present_count(), HOURS, "idle {name}");
            assert_eq!(hourly.sum(), 0.0, "idle {name}");
        } else {
            assert_eq!(hourly.present_count(), 0, "idle {name}");
        }
    }
    assert!(series.cold_starts.is_none());

    // Billed costs from Cost Explorer; resource-level costs are not in moto: a warning.
    assert_eq!(snapshot.billed.len(), 4);
    let total: f64 = snapshot.billed.iter().map(|line| line.usd).sum();
    assert!((total - 3.4).abs() < 1e-9, "billed total {total}");
    assert_eq!(snapshot.billed[0].date, "2026-11-02");
    assert_eq!(snapshot.billed[0].usage_type, "Lambda-GB-Second-ARM");
    assert!(snapshot
        .warnings
        .iter()
        .any(|w| w.message.contains("GetCostAndUsageWithResources")));

    // Calls: one GetMetricData for the base series, one for p99 (3 functions × 6 = 18 queries).
    assert_eq!(stats.calls("cloudwatch", "GetMetricData"), 2);
    assert_eq!(stats.metrics_requested, 21);
    assert_eq!(stats.calls("lambda", "ListFunctions"), 1);
    // GetFunction for reserved concurrency and tags; GetPolicy but for the queue consumer; no
    // provisioned-concurrency metrics listed, so no PC configs read.
    assert_eq!(stats.calls("lambda", "GetFunction"), 3);
    assert_eq!(stats.calls("lambda", "GetPolicy"), 2);
    assert_eq!(stats.calls("lambda", "ListEventSourceMappings"), 1);
    assert_eq!(stats.calls("cloudwatch", "ListMetrics"), 1);
    assert_eq!(
        stats.calls("lambda", "ListProvisionedConcurrencyConfigs"),
        0
    );
    assert_eq!(stats.functions, 3);
    // Counts every hour for the 3 functions; durations (avg, max) and concurrency only where api
    // (46 hours) and worker (24 hours) ran.
    let expected_points = 3 * 3 * HOURS as u64 + 46 * 3 + 24 * 3;
    assert_eq!(stats.series_points, expected_points);
    assert_eq!(stats.warnings, snapshot.warnings.len());
    snapshot.validate().unwrap();
}
