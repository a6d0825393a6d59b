//! The function page and the assumptions over HTTP: server-rendered detail, the server functions,
//! saving assumptions (kept across a restart, refused with the field named, nothing stored).

use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze, explain_function, Assumptions, Catalog};

use crate::support::Server;

/// Text as the server writes it into HTML.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn post_form(server: &Server, endpoint: &str, body: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/{endpoint}", server.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn save(
    server: &Server,
    values: serde_json::Value,
    price_overrides: &str,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/save_assumptions", server.url))
        .json(&serde_json::json!({
            "draft": { "values": values, "price_overrides": price_overrides }
        }))
        .send()
        .await
        .unwrap()
}

async fn saved(server: &Server) -> serde_json::Value {
    let response = post_form(server, "assumptions", "").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn fleet_cost(server: &Server) -> f64 {
    let fleet: serde_json::Value = post_form(server, "fleet", "").await.json().await.unwrap();
    fleet["total_monthly_cost_usd"].as_f64().unwrap()
}

#[tokio::test]
async fn the_detail_page_is_server_rendered_and_an_unknown_function_is_a_404() {
    let server = Server::start();
    let snapshot = generate(&DemoConfig::default());
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (analysis, _) = analyze(&snapshot, &assumptions, &catalog);
    // The biggest spender: its page has every part filled in.
    let index = analysis.fleet.pareto.ranked[0];
    let expected = explain_function(&snapshot, &analysis, index, &assumptions, &catalog).unwrap();
    let function = &snapshot.functions[index];

    let url = format!(
        "{}/functions/{}/{}",
        server.url, function.region, function.name
    );
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for id in [
        "chart-function-traffic",
        "chart-function-heatmap",
        "chart-function-durations",
        "chart-function-projection",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains(&escaped(&function.name)));
    assert!(html.contains(&format!("{} MB", function.memory_mb)) || function.memory_mb >= 1000);
    // The server rendered the engine's explained analysis: verdict, every signal's evidence,
    // the reasons and the line items with their price source.
    assert!(html.contains(expected.verdict.kind.label()));
    for signal in &expected.signals {
        assert!(
            html.contains(&escaped(&signal.evidence)),
            "evidence of {:?}: {}",
            signal.kind,
            signal.evidence
        );
    }
    for reason in &expected.verdict.reasons {
        assert!(html.contains(&escaped(reason)), "reason {reason}");
    }
    let line = &expected.lambda.lines[0];
    assert!(html.contains(&escaped(&line.source)), "price source");
    assert!(html.contains(&line.as_of.to_string()), "price date");
    // The page carries the function's data for the browser's recompute, not the whole fleet.
    assert!(
        html.len() < 400_000,
        "one function's page stays small: {} bytes",
        html.len()
    );

    let missing = reqwest::get(format!(
        "{}/functions/us-east-1/no-such-function",
        server.url
    ))
    .await
    .unwrap();
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.unwrap();
    assert!(html.contains("No such function"));
    assert!(html.contains("href=\"/functions\""), "a link back");
}

#[tokio::test]
async fn the_function_server_function_sends_the_function_and_its_fleet_context() {
    let server = Server::start();
    let snapshot = generate(&DemoConfig::default());
    let (analysis, _) = analyze(&snapshot, &Assumptions::default(), &Catalog::builtin());
    let function = &snapshot.functions[5];
    let response = post_form(
        &server,
        "function",
        &format!("region={}&name={}", function.region, function.name),
    )
    .await;
    assert_eq!(response.status(), 200);
    let detail: serde_json::Value = response.json().await.unwrap();
    assert_eq!(detail["function"]["name"], function.name.as_str());
    assert_eq!(
        detail["function"]["series"]["invocations"]
            .as_array()
            .unwrap()
            .len(),
        snapshot.window.hours as usize
    );
    assert_eq!(
        detail["context"]["spend_rank"],
        analysis.functions[5].spend_rank
    );
    assert_eq!(
        detail["context"]["pareto_set_size"],
        analysis.fleet.pareto.set_size
    );
    assert_eq!(detail["saved"]["price_overrides"], serde_json::Value::Null);

    let none = post_form(&server, "function", "region=us-east-1&name=nope").await;
    assert_eq!(none.status(), 200);
    assert_eq!(
        none.json::<serde_json::Value>().await.unwrap(),
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn saved_assumptions_change_the_analysis_and_survive_a_restart() {
    let mut server = Server::start();
    let defaults = serde_json::to_value(Assumptions::default()).unwrap();
    assert_eq!(saved(&server).await["assumptions"], defaults);
    let before = fleet_cost(&server).await;

    let overrides = r#"{"source": "test rate card", "as_of": "2026-11-01",
        "regions": {"us-east-1": {"lambda": {"requests_per_million": 0.1}}}}"#;
    let response = save(
        &server,
        serde_json::json!({ "lambda_savings_plan_discount": "0.17", "min_tasks": "1" }),
        overrides,
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let after = fleet_cost(&server).await;
    assert!(
        after < before,
        "a Savings Plans discount lowers the modeled Lambda spend: {before} → {after}"
    );
    let set = saved(&server).await;
    assert_eq!(set["assumptions"]["lambda_savings_plan_discount"], 0.17);
    assert_eq!(set["assumptions"]["min_tasks"], 1.0);
    assert_eq!(set["price_overrides"]["source"], "test rate card");

    // Restart over the same database: the saved set is loaded at start.
    let dir = std::mem::replace(&mut server.dir, tempfile::tempdir().unwrap());
    drop(server);
    let server = Server::start_in(dir);
    let set = saved(&server).await;
    assert_eq!(set["assumptions"]["lambda_savings_plan_discount"], 0.17);
    assert_eq!(
        set["price_overrides"]["regions"]["us-east-1"]["lambda"]["requests_per_million"],
        0.1
    );
    assert_eq!(fleet_cost(&server).await, after);

    // Reset: the defaults again, for the server's analyses too.
    let response = post_form(&server, "reset_assumptions", "").await;
    assert_eq!(response.status(), 200);
    assert_eq!(saved(&server).await["assumptions"], defaults);
    assert_eq!(fleet_cost(&server).await, before);
}

#[tokio::test]
async fn invalid_assumptions_are_refused_with_the_field_named_and_nothing_is_stored() {
    let server = Server::start();
    let before = saved(&server).await;
    for (values, overrides, field) in [
        (serde_json::json!({ "min_tasks": "-1" }), "", "min_tasks"),
        (
            serde_json::json!({ "utilisation_target": "1.5", "min_tasks": "3" }),
            "",
            "utilisation_target",
        ),
        (serde_json::json!({ "task_vcpu": "lots" }), "", "task_vcpu"),
        (
            serde_json::json!({ "no_such_knob": "1" }),
            "",
            "no_such_knob",
        ),
        (
            serde_json::json!({ "min_tasks": "3" }),
            r#"{"regions": {"us-east-1": {"lambda": {"nope": 1}}}}"#,
            "price_overrides",
        ),
    ] {
        let response = save(&server, values.clone(), overrides).await;
        assert!(
            response.status().is_client_error() || response.status().is_server_error(),
            "{values}: {}",
            response.status()
        );
        let body = response.text().await.unwrap();
        assert!(
            body.contains(field),
            "{values}: the error names {field}: {body}"
        );
        assert!(!body.to_lowercase().contains("sqlite"), "{body}");
        assert_eq!(saved(&server).await, before, "{values}: nothing stored");
    }
}
