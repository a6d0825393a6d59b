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
    for chart in ["pareto", "scatter", "invocations"] {
        assert!(
            html.contains(&format!("id=\"chart-fleet-{chart}\"")),
            "{chart}"
        );
    }
    assert!(
        html.contains("<script src=\"/echarts.min.js\" defer>"),
        "ECharts from our own origin"
    );
    assert!(!html.contains("cdn"), "no CDN anywhere in the page");

    // The functions table is in the server-rendered HTML, before any script runs, one page of
    // 50 rows by default.
    let table = |query: &'static str| {
        let http = http.clone();
        let url = format!("{}/functions{query}", server.url);
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(table("").await.matches("<tr data-function=").count(), 50);
    let all = table("?per=100").await;
    assert_eq!(
        all.matches("<tr data-function=").count(),
        64,
        "one row per demo function"
    );
    assert!(all.contains("1–64 of 64 matching"));

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
    // Verdicts travel typed: serde's names, as in `berth analyze --format json`.
    for verdict in ["stay", "move"] {
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
            row["verdict"].as_str().unwrap(),
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

/// Rows of a server-rendered functions page, in order: (name, verdict badge).
fn table_rows(html: &str) -> Vec<(String, String)> {
    html.split("<tr data-function=\"")
        .skip(1)
        .map(|row| {
            let name = row.split('"').next().unwrap().to_string();
            let verdict = row
                .split("class=\"badge ")
                .nth(1)
                .and_then(|b| b.split('>').nth(1))
                .and_then(|b| b.split('<').next())
                .unwrap_or_default()
                .to_string();
            (name, verdict)
        })
        .collect()
}

/// Text as leptos writes it in an element (`&`, `<`, `>` escaped).
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn the_functions_table_filters_sorts_and_pages_from_the_url() {
    let server = Server::start();
    let http = reqwest::Client::new();
    let get = |query: String| {
        let http = http.clone();
        let url = format!("{}/functions?{query}", server.url);
        async move {
            let response = http.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    // Every verdict filter returns only its verdict, and the four add up to the fleet.
    let mut total = 0;
    for verdict in ["Stay", "Tune", "Hybrid", "Move"] {
        let rows = table_rows(&get(format!("verdict={verdict}&per=100")).await);
        assert!(
            rows.iter().all(|(_, v)| v == verdict),
            "{verdict}: {rows:?}"
        );
        total += rows.len();
    }
    assert_eq!(total, 64);

    // Sorted by name A→Z, then Z→A; pages of 50 cover the fleet once.
    let ascending = table_rows(&get("sort=function&dir=asc&per=100".into()).await);
    let names: Vec<&String> = ascending.iter().map(|(n, _)| n).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let descending = table_rows(&get("sort=function&dir=desc&per=100".into()).await);
    assert_eq!(
        descending.first().map(|r| &r.0),
        ascending.last().map(|r| &r.0)
    );
    let page_one = table_rows(&get("sort=function&dir=asc".into()).await);
    let page_two = table_rows(&get("sort=function&dir=asc&page=2".into()).await);
    assert_eq!((page_one.len(), page_two.len()), (50, 14));
    assert_eq!(page_two[0].0, ascending[50].0);

    // A search narrows to the names that contain it.
    let first_name = ascending[0].0.clone();
    let found = table_rows(&get(format!("q={first_name}&per=100")).await);
    assert!(found.iter().any(|(n, _)| *n == first_name));
    assert!(found.iter().all(|(n, _)| n.contains(&first_name)));

    // Each signal is explained once, in the legend below the table, not on each row's mark.
    let html = get("per=100".into()).await;
    for kind in berth_engine::signals::SignalKind::ALL {
        let help = html_escape(kind.help());
        assert_eq!(html.matches(&help).count(), 1, "{help}");
    }

    // Nonsense in the address is named, not an error.
    let html = get("sort=colour&page=zero".into()).await;
    assert!(html.contains("Ignored in the address: sort=colour, page=zero"));
    assert_eq!(table_rows(&html).len(), 50);
}

#[tokio::test]
async fn the_overview_and_functions_server_functions_return_bounded_slices() {
    let server = Server::start();
    let http = reqwest::Client::new();
    // A server function without arguments: an empty form post.
    let call = |name: &'static str| {
        let request = http
            .post(format!("{}/api/{name}", server.url))
            .header("content-type", "application/x-www-form-urlencoded");
        async move {
            let value: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            value
        }
    };
    let overview = call("overview").await;
    let fleet = call("fleet").await;
    // The overview's Pareto is the fleet's biggest spenders in order, with the cumulative share.
    let rows = fleet["rows"].as_array().unwrap();
    let mut costs: Vec<f64> = rows
        .iter()
        .map(|r| r["monthly_cost_usd"].as_f64().unwrap())
        .collect();
    costs.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = costs.iter().sum();
    let pareto = overview["pareto"].as_array().unwrap();
    assert_eq!(pareto.len(), 40);
    let mut running = 0.0;
    for (bar, cost) in pareto.iter().zip(&costs) {
        assert!((bar["monthly_usd"].as_f64().unwrap() - cost).abs() < 1e-9);
        running += cost;
        let share = bar["cumulative_share"].as_f64().unwrap();
        assert!((share - running / total).abs() < 1e-9, "{share}");
    }
    assert_eq!(overview["scatter"].as_array().unwrap().len(), 64);
    assert_eq!(
        overview["modeled_monthly_usd"],
        fleet["total_monthly_cost_usd"]
    );

    let page: serde_json::Value = http
        .post(format!("{}/api/functions", server.url))
        .form(&[("query", "verdict=Move&sort=saving&dir=desc&per=100")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let moving: Vec<&serde_json::Value> = rows.iter().filter(|r| r["verdict"] == "move").collect();
    assert_eq!(page["matched"].as_u64().unwrap() as usize, moving.len());
    let savings: Vec<f64> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["saving_usd"].as_f64().unwrap())
        .collect();
    assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
    let best = moving
        .iter()
        .map(|r| r["saving_usd"].as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    assert_eq!(savings[0], best);
}

#[tokio::test]
async fn the_theme_is_remembered_in_a_cookie_and_rendered_by_the_server() {
    let server = Server::start();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http
        .get(format!(
            "{}/theme?set=dark&back=%2Ffunctions%3Fverdict%3DMove",
            server.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/functions?verdict=Move");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("berth_theme=dark;"), "{cookie}");
    let html = http
        .get(format!("{}/functions", server.url))
        .header("cookie", "berth_theme=dark")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<html lang=\"en\" data-theme=\"dark\""),
        "dark theme rendered"
    );
    // Elsewhere than this site, or an unknown theme: refused.
    let away = http
        .get(format!(
            "{}/theme?set=light&back=//evil.example",
            server.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(away.headers()["location"], "/");
    let unknown = http
        .get(format!("{}/theme?set=pink", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("unknown theme \"pink\""));
}

#[tokio::test]
async fn fleet_pages_are_served_from_the_cache_until_the_fleet_changes() {
    let server = Server::start();
    let http = reqwest::Client::new();
    let page = |path: &'static str| {
        let http = http.clone();
        let url = format!("{}{path}", server.url);
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let first = page("/functions?per=100").await;
    assert_eq!(
        first,
        page("/functions?per=100").await,
        "the same page twice"
    );
    assert!(first.contains("of 64 matching"));

    // A new snapshot becomes the current fleet: the cached pages must not be served any more.
    let file = server.dir.path().join("small.json");
    let status = crate::support::berth()
        .args(["demo", "--functions", "12", "--seed", "7", "--out"])
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success());
    let imported = http
        .post(format!("{}/api/snapshots", server.url))
        .body(std::fs::read(&file).unwrap())
        .send()
        .await
        .unwrap();
    assert!(imported.status().is_success(), "{}", imported.status());
    let after = page("/functions?per=100").await;
    assert!(after.contains("of 12 matching"), "the new snapshot's table");
    assert!(page("/").await.contains("12 functions"));
}
