//! What operators rely on: readiness, Prometheus metrics, request ids, JSON logs that carry no
//! secret, and a clean stop on SIGTERM that checkpoints the database.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{berth, eventually, site_dir};

#[tokio::test]
async fn readiness_metrics_request_ids_json_logs_and_a_clean_stop() {
    let dir = tempfile::tempdir().unwrap();
    let auth = dir.path().join("auth.json");
    let output = berth()
        .args(["auth", "add"])
        .arg(&auth)
        .args(["--role", "viewer", "--name", "scraper"])
        .output()
        .unwrap();
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_berth"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--db",
        ])
        .arg(dir.path().join("berth.db"))
        .arg("--site-dir")
        .arg(site_dir())
        .arg("--auth-file")
        .arg(&auth)
        .env("BERTH_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("berth listening on ")
        .unwrap()
        .to_string();
    let stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    let http = reqwest::Client::new();

    // Ready once the newest snapshot is analysed; open to load balancers.
    let ready = eventually(30, || {
        let http = http.clone();
        let url = format!("{base}/readyz");
        async move {
            let response = http.get(url).send().await.ok()?;
            (response.status() == 200).then_some(())
        }
    })
    .await;
    assert!(ready.is_some(), "ready within 30 s");

    // A request id is taken when plain, made when not, and echoed.
    let response = http
        .get(format!("{base}/api/snapshots"))
        .bearer_auth(&token)
        .header("x-request-id", "ci-check-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "ci-check-1");
    let made = http
        .get(format!("{base}/healthz"))
        .header("x-request-id", "bad id\"")
        .send()
        .await
        .unwrap();
    let made = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 16, "{made}");
    http.get(format!("{base}/?q=secret-query"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();

    // Metrics: behind sign-in, Prometheus text, routes by template.
    assert_eq!(
        http.get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let metrics = http
        .get(format!("{base}/metrics"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "berth_http_requests_total{route=\"/api/snapshots\",status=\"200\"} 1",
        "berth_http_request_duration_seconds_bucket{route=\"/api/snapshots\"",
        "berth_snapshots_stored 1",
        "berth_analysis_seconds_count 1",
    ] {
        assert!(metrics.contains(needle), "{needle} in\n{metrics}");
    }

    // SIGTERM: exits 0 within 10 s and folds the WAL into the database file.
    let pid = child.id().to_string();
    let stopped = Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(10),
            "stopped within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let wal = dir.path().join("berth.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "WAL checkpointed"
    );

    // The log: JSON lines, request lines with the id, never the token or the query.
    let logs = logs.join().unwrap();
    assert!(
        logs.iter()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "{logs:?}"
    );
    assert!(logs
        .iter()
        .any(|l| l.contains("\"request_id\":\"ci-check-1\"")
            && l.contains("\"route\":\"/api/snapshots\"")));
    assert!(logs
        .iter()
        .all(|l| !l.contains(&token[15..]) && !l.contains("secret-query")));
    assert!(logs.iter().any(|l| l.contains("database checkpointed")));
}
