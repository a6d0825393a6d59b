//! `berth collect` end to end: a moto server on 127.0.0.1 seeded with the test fleet of
//! server/collect/tests/support, the real binary, a snapshot file and a database.

use crate::support::berth;

mod fleet {
    include!("../server/collect/tests/support/fleet.rs");
}
mod moto {
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
