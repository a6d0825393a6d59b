//! Crash safety: `kill -9` of `berth serve` while it stores an uploaded snapshot, at several
//! points, leaves a database that passes `PRAGMA integrity_check`, keeps every earlier snapshot
//! readable, holds no partial snapshot, and serves again.

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
