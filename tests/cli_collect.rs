//! `berth collect` end to end: a moto server on 127.0.0.1 seeded with the test fleet of
//! server/collect/tests/support, the real binary, a snapshot file and a database.

use crate::support::berth;

pub(crate) mod fleet {
    include!("../server/collect/tests/support/fleet.rs");
}
pub(crate) mod moto {
    const SEED_SCRIPT_FROM_MANIFEST: &str = "collect/tests/support/seed.py";
    include!("../server/collect/tests/support/moto.rs");
}

#[test]
fn collect_from_moto_into_a_file_and_the_database() {
    let moto = moto::Moto::start();
    moto.seed(&fleet::fleet_spec());
    let dir = tempfile::tempdir().unwrap();
    let collect = |extra: &[&str]| {
        let output = berth()
            .args([
                "collect",
                "--endpoint-url",
                &moto.endpoint,
                "--region",
                fleet::REGION,
                "--days",
                &fleet::DAYS.to_string(),
                "--end",
                "2026-11-04T00:00:00Z",
                "--max-attempts",
                "2",
            ])
            .args(extra)
            .envs(moto::FAKE_ENV)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert!(output.status.success(), "{stderr}");
        stderr
    };

    let file = dir.path().join("fleet.json.gz");
    let stderr = collect(&["--out", file.to_str().unwrap()]);
    assert!(
        stderr.contains("collected 3 functions in 1 region(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("GetMetricData: 2 calls for 21 metrics"),
        "{stderr}"
    );
    assert!(stderr.contains("p99 duration unavailable"), "{stderr}");
    // The plan, printed once the region is listed: idle's queue mapping spares its GetPolicy.
    assert!(
        stderr.contains(
            "plan: us-east-1: 3 functions, 11 calls planned — Lambda GetFunction 3 (0.0 s), \
             Lambda GetPolicy 2 (0.1 s), Lambda control plane 3 (0.2 s), CloudWatch \
             GetMetricData 2 (0.0 s), CloudWatch ListMetrics 1 (0.0 s); about 0.4 s at the quotas"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("lambda: 8 calls (GetAccountSettings 1, GetFunction 3, GetPolicy 2, ListEventSourceMappings 1, ListFunctions 1)"),
        "{stderr}"
    );
    let snapshot = berth_server::snapshot_file::read(&file).unwrap();
    assert_eq!(snapshot.window.start, "2026-11-02T00:00:00Z");
    assert_eq!(snapshot.functions.len(), 3);
    let api = snapshot.functions.iter().find(|f| f.name == "api").unwrap();
    for hour in 0..fleet::HOURS {
        // An hour without a datapoint had no invocations: 0, not missing.
        assert_eq!(
            api.series.invocations.get(hour),
            Some(fleet::api_invocations(hour).unwrap_or(0.0))
        );
    }
    assert_eq!(snapshot.billed.len(), 4);
    // api may invoke worker (its policy says so), which the snapshot records.
    let worker = snapshot
        .functions
        .iter()
        .find(|f| f.name == "worker")
        .unwrap();
    assert_eq!(worker.function_callers, [fleet::API_ARN]);

    // Without --out the snapshot goes into the database, in one transaction.
    let db = dir.path().join("berth.db");
    let stderr = collect(&["--db", db.to_str().unwrap()]);
    assert!(stderr.contains("wrote snapshot #"), "{stderr}");
    let store = berth_server::store::Store::open(&db).unwrap();
    assert_eq!(store.snapshot_count().unwrap(), 1);
    let id = store.latest_snapshot_id().unwrap().unwrap();
    let stored = store.snapshot(id).unwrap().unwrap();
    assert_eq!(stored.functions.len(), 3);
}

/// `berth collect --out FILE` through `endpoint`; returns the snapshot as JSON (without its
/// collection time) and how long it took.
fn collect_through(
    endpoint: &str,
    file: &std::path::Path,
) -> (serde_json::Value, std::time::Duration) {
    let started = std::time::Instant::now();
    let output = berth()
        .args([
            "collect",
            "--endpoint-url",
            endpoint,
            "--region",
            fleet::REGION,
            "--days",
            &fleet::DAYS.to_string(),
            "--end",
            "2026-11-04T00:00:00Z",
            "--max-attempts",
            "5",
            "--attempt-timeout",
            "1",
            "--out",
        ])
        .arg(file)
        .envs(moto::FAKE_ENV)
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    value.as_object_mut().unwrap().remove("collected_at");
    (value, took)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collection_through_20_percent_faults_equals_a_fault_free_one() {
    use crate::fault_proxy::{FaultProxy, Faults};
    use std::sync::atomic::Ordering;
    let moto = moto::Moto::start();
    moto.seed(&fleet::fleet_spec());
    let dir = tempfile::tempdir().unwrap();
    let endpoint = moto.endpoint.clone();
    let clean_file = dir.path().join("clean.json");
    let (clean, clean_took) =
        tokio::task::spawn_blocking(move || collect_through(&endpoint, &clean_file))
            .await
            .unwrap();

    let proxy = FaultProxy::start(
        &moto.endpoint,
        Faults {
            // Which attempts fail is the seed's: with the 13 calls of this fleet, seed 4 fails 7
            // of 20 attempts, so every kind of fault is met (13, the seed before the calls were
            // cut from 18, failed 3).
            seed: 4,
            rate: 0.2,
            slow: std::time::Duration::from_secs(3),
            failing: None,
        },
    )
    .await;
    let proxied = proxy.endpoint.clone();
    let faulty_file = dir.path().join("faulty.json");
    let (faulty, faulty_took) =
        tokio::task::spawn_blocking(move || collect_through(&proxied, &faulty_file))
            .await
            .unwrap();
    let stats = &proxy.stats;
    let requests = stats.requests.load(Ordering::Relaxed);
    let faults = stats.faults();
    eprintln!(
        "20 % faults: {requests} attempts, {faults} faulted (throttled {}, 5xx {}, resets {}, slow {}); {:.1} s against {:.1} s fault-free",
        stats.throttled.load(Ordering::Relaxed),
        stats.server_errors.load(Ordering::Relaxed),
        stats.resets.load(Ordering::Relaxed),
        stats.slow.load(Ordering::Relaxed),
        faulty_took.as_secs_f64(),
        clean_took.as_secs_f64(),
    );
    assert!(faults >= 4, "faults were injected: {faults} of {requests}");
    for kind in [
        &stats.throttled,
        &stats.server_errors,
        &stats.resets,
        &stats.slow,
    ] {
        assert!(
            kind.load(Ordering::Relaxed) >= 1,
            "every kind of fault: {stats:?}"
        );
    }
    assert_eq!(
        faulty["functions"], clean["functions"],
        "series and configuration"
    );
    assert_eq!(faulty["billed"], clean["billed"]);
    assert_eq!(faulty, clean, "the whole snapshot");

    // One service failing on every call: a warning naming it, the rest kept.
    let failing = FaultProxy::start(
        &moto.endpoint,
        Faults {
            seed: 7,
            rate: 0.0,
            slow: std::time::Duration::ZERO,
            failing: Some(|target, _| target.starts_with("AWSInsightsIndexService")),
        },
    )
    .await;
    let proxied = failing.endpoint.clone();
    let partial_file = dir.path().join("partial.json");
    let (partial, _) =
        tokio::task::spawn_blocking(move || collect_through(&proxied, &partial_file))
            .await
            .unwrap();
    assert_eq!(partial["functions"], clean["functions"]);
    assert_eq!(partial["billed"].as_array().map(Vec::len), Some(0));
    let warnings = partial["warnings"].to_string();
    assert!(warnings.contains("Cost Explorer"), "{warnings}");
}
