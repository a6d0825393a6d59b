//! The server end to end over HTTP: pages, health, a server function.

use crate::support::Server;

#[tokio::test]
async fn first_start_loads_the_demo_fleet_and_serves_it() {
    let server = Server::start();
    let http = reqwest::Client::new();

    let health: serde_json::Value = http
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        health,
        serde_json::json!({ "status": "ok", "snapshots": 1 })
    );

    let page = http.get(&server.url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    // The whole table is in the server-rendered HTML, before any script runs.
    assert_eq!(
        html.matches("<tr data-function=").count(),
        64,
        "one row per demo function"
    );
    assert!(html.contains("id=\"chart-fleet-invocations\""));
    assert!(
        html.contains("<script src=\"/echarts.min.js\" defer>"),
        "ECharts from our own origin"
    );
    assert!(!html.contains("cdn"), "no CDN anywhere in the page");

    let missing = http
        .get(format!("{}/no-such-page", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_fleet_server_function_returns_rows_with_costs() {
    let server = Server::start();
    let response = reqwest::Client::new()
        .post(format!("{}/api/fleet", server.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let fleet: serde_json::Value = response.json().await.unwrap();
    let rows = fleet["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 64);
    assert_eq!(fleet["snapshot"]["functions"], 64);
    assert_eq!(fleet["hourly_invocations"].as_array().unwrap().len(), 720);
    let total: f64 = rows
        .iter()
        .map(|r| r["monthly_cost_usd"].as_f64().unwrap())
        .sum();
    let reported = fleet["total_monthly_cost_usd"].as_f64().unwrap();
    assert!(
        (total - reported).abs() < 1e-6 && total > 0.0,
        "{total} vs {reported}"
    );
    // Verdicts: every function has one, the counts and the saving add up.
    let counts: u64 = fleet["verdict_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_u64().unwrap())
        .sum();
    assert_eq!(counts, 64);
    let savings: f64 = rows.iter().map(|r| r["saving_usd"].as_f64().unwrap()).sum();
    let total_saving = fleet["total_saving_usd"].as_f64().unwrap();
    assert!(
        (savings - total_saving).abs() < 1e-6 && total_saving > 0.0,
        "{savings} vs {total_saving}"
    );
    for verdict in ["Stay", "Move"] {
        assert!(
            rows.iter().any(|r| r["verdict"] == verdict),
            "the demo fleet has a {verdict}"
        );
    }

    // The dashboard and `berth analyze` agree on every function's cost, verdict and saving.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    assert!(crate::support::berth()
        .args(["demo", "--out"])
        .arg(&file)
        .status()
        .unwrap()
        .success());
    let output = crate::support::berth()
        .args(["analyze", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (row, analysed) in rows
        .iter()
        .zip(cli["analysis"]["functions"].as_array().unwrap())
    {
        assert_eq!(row["name"], analysed["name"]);
        let lambda = analysed["lambda"]["monthly_usd"].as_f64().unwrap();
        assert!(
            (row["monthly_cost_usd"].as_f64().unwrap() - lambda).abs() < 1e-9,
            "{}",
            row["name"]
        );
        let saving = analysed["verdict"]["monthly_saving_usd"].as_f64().unwrap();
        assert!(
            (row["saving_usd"].as_f64().unwrap() - saving).abs() < 1e-9,
            "{}",
            row["name"]
        );
        assert_eq!(
            row["verdict"].as_str().unwrap().to_lowercase(),
            analysed["verdict"]["kind"].as_str().unwrap()
        );
    }

    // A nightly cron runs about 30 times a month; its row says so.
    let cron = rows
        .iter()
        .find(|r| r["name"].as_str().unwrap().contains("-nightly-"))
        .unwrap();
    let invocations = cron["monthly_invocations"].as_f64().unwrap();
    assert!((29.0..=31.0).contains(&invocations), "{invocations}");
}

#[tokio::test]
async fn restarting_keeps_the_stored_snapshot_and_does_not_reload_the_demo() {
    let first = Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        first.dir.path().join("berth.db"),
        dir.path().join("berth.db"),
    )
    .unwrap();
    drop(first);
    let second = Server::start_in(dir);
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", second.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["snapshots"], 1);
}

#[tokio::test]
async fn the_snapshot_schema_is_served_and_matches_the_cli() {
    let server = Server::start();
    let response = reqwest::get(format!("{}/schema/snapshot-v1.json", server.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served: serde_json::Value = response.json().await.unwrap();
    let printed = crate::support::berth().arg("schema").output().unwrap();
    assert!(printed.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(served, printed);
    let required = served["required"].as_array().unwrap();
    for field in ["format", "window", "functions"] {
        assert!(required.iter().any(|r| r == field), "{field} is required");
    }
}
