//! Crash safety: `kill -9` of `berth serve` while it stores an uploaded snapshot, and of
//! `berth collect --db` while it stores a collected one, at several points, leaves a database
//! that passes `PRAGMA integrity_check`, keeps every earlier snapshot readable, holds no partial
//! snapshot, and serves again.

use std::time::Duration;

use berth_server::store::Store;

use crate::support::{berth, Server};

fn check_database(path: &std::path::Path) -> Vec<i64> {
    let connection = r2d2_sqlite::rusqlite::Connection::open(path).unwrap();
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(connection);
    let store = Store::open(path).unwrap();
    let ids: Vec<i64> = store
        .list_snapshots()
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    for id in &ids {
        let snapshot = store.snapshot(*id).unwrap().expect("listed, so stored");
        assert!(!snapshot.functions.is_empty(), "snapshot {id} is whole");
    }
    ids
}

#[tokio::test]
async fn a_server_killed_while_storing_loses_nothing_stored_and_stores_nothing_partial() {
    let files = tempfile::tempdir().unwrap();
    let upload = files.path().join("big.json");
    let status = berth()
        .args([
            "demo",
            "--functions",
            "600",
            "--days",
            "30",
            "--seed",
            "5",
            "--out",
        ])
        .arg(&upload)
        .status()
        .unwrap();
    assert!(status.success());
    let body = std::fs::read(&upload).unwrap();
    let mut dir = tempfile::tempdir().unwrap();
    let mut before = 1; // the demo fleet of an empty database
    let mut outcomes = Vec::new();
    // First an upload let finish, timed; then kills at fractions of that time, from "receiving"
    // through "validating" to "writing" (the write is the last few per cent).
    let mut delays = vec![60_000u64];
    for round in 0..10 {
        if round == 1 {
            let took = outcomes
                .first()
                .map_or(1000, |(ms, _, _): &(u64, bool, usize)| *ms);
            delays.extend(
                [0.2, 0.5, 0.8, 0.9, 0.95, 0.97, 0.99, 1.01, 1.05]
                    .map(|f: f64| (took as f64 * f) as u64),
            );
        }
        let Some(&delay_ms) = delays.get(round) else {
            break;
        };
        let server = Server::start_in(dir);
        let url = format!("{}/api/snapshots", server.url);
        let body = body.clone();
        let upload = tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
        let started = std::time::Instant::now();
        let finished = tokio::time::timeout(Duration::from_millis(delay_ms), async {
            loop {
                if upload.is_finished() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
        .await
        .is_ok();
        let delay_ms = if finished {
            started.elapsed().as_millis() as u64
        } else {
            delay_ms
        };
        dir = server.kill();
        let ids = check_database(&dir.path().join("berth.db"));
        assert!(
            ids.len() == before || ids.len() == before + 1,
            "after a kill at {delay_ms} ms: {ids:?}, {before} before"
        );
        outcomes.push((delay_ms, finished, ids.len() - before));
        before = ids.len();
    }
    assert_eq!(
        outcomes[0].2, 1,
        "the upload let finish is stored: {outcomes:?}"
    );
    for (delay_ms, answered, stored) in &outcomes {
        assert!(
            !answered || *stored == 1,
            "answered at {delay_ms} ms, so stored: {outcomes:?}"
        );
    }
    eprintln!("crash points (ms, upload answered, stored): {outcomes:?}");
    // And it serves again.
    let server = Server::start_in(dir);
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["snapshots"], before as i64);
}

/// `berth collect --db` (against moto) killed with SIGKILL while it stores its snapshot, at each
/// point of the store's test hook (`BERTH_CRASH_TEST_PAUSE`, see `store::crash_test_pause`):
/// before the transaction and inside it nothing is stored, after the commit the snapshot is
/// whole; every time the database passes `PRAGMA integrity_check`, earlier snapshots stay
/// readable, and a server then starts on it and serves.
#[tokio::test]
async fn a_collection_killed_while_storing_loses_nothing_stored_and_stores_nothing_partial() {
    use crate::cli_collect::{fleet, moto};
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let moto = moto::Moto::start();
    moto.seed(&fleet::fleet_spec());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("berth.db");
    let collect = |pause: Option<&str>| {
        let mut command = berth();
        command
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
                "--db",
            ])
            .arg(&db)
            .envs(moto::FAKE_ENV)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(point) = pause {
            command.env("BERTH_CRASH_TEST_PAUSE", format!("{point}:60000"));
        }
        command.spawn().unwrap()
    };
    // One collection let finish: the snapshot the kills must not harm.
    let first = collect(None).wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut before = check_database(&db);
    assert_eq!(before.len(), 1);
    let mut outcomes = Vec::new();
    for (point, stored) in [("before", false), ("inside", false), ("after", true)] {
        let mut child = collect(Some(point));
        let stderr = child.stderr.take().unwrap();
        let marker = format!("crash-test pause: {point}");
        // Read stderr until the hook says it is there (the collection itself comes first).
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stderr).lines() {
                let line = line.unwrap_or_default();
                let found = line == marker;
                lines.push(line);
                if found {
                    return Ok(lines);
                }
            }
            Err(lines)
        });
        let paused = tokio::task::spawn_blocking(move || reader.join().unwrap())
            .await
            .unwrap();
        let lines = paused.unwrap_or_else(|lines| panic!("no pause at {point}: {lines:#?}"));
        assert!(
            !lines.iter().any(|l| l.starts_with("wrote ")),
            "{point}: {lines:#?}"
        );
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "killed at {point}");
        let ids = check_database(&db);
        assert!(
            before.iter().all(|id| ids.contains(id)),
            "{point}: earlier snapshots kept: {ids:?}, {before:?} before"
        );
        assert_eq!(
            ids.len(),
            before.len() + usize::from(stored),
            "killed {point} the transaction: {ids:?}, {before:?} before"
        );
        outcomes.push((point, ids.len() - before.len()));
        before = ids;
    }
    eprintln!("collect --db kill points (point, snapshots added): {outcomes:?}");
    // Listed newest first: the one stored by the run killed after its commit.
    let stored = Store::open(&db)
        .unwrap()
        .snapshot(before[0])
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.functions.len(),
        3,
        "the one committed before the kill is whole"
    );
    // And a server starts on it and serves (with no demo added: the database is not empty).
    let server = Server::start_in(dir);
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["snapshots"], before.len() as i64);
}
