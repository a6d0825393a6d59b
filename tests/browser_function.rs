//! The function page and the assumptions page in headless Chromium: charts drawn, a what-if
//! recomputed in the page's wasm without a reload, assumptions saved and still there after one.

use std::time::Duration;

use berth_app::views::function::{AssumptionSet, Draft};
use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze, explain_in_context, function_context, Assumptions, Catalog};
use fantoccini::{Client, Locator};

use crate::support::{eventually, Driver, Server};

/// A demo function and a what-if (one assumption of the function page's compact editor, as
/// typed) that changes its verdict, found by the engine the way the page computes it.
struct Flip {
    region: String,
    name: String,
    key: &'static str,
    text: &'static str,
    before: &'static str,
    after: &'static str,
}

fn find_flip() -> Flip {
    let snapshot = generate(&DemoConfig::default());
    let (assumptions, catalog) = (Assumptions::default(), Catalog::builtin());
    let (analysis, _) = analyze(&snapshot, &assumptions, &catalog);
    // Each moves a cost, so the projection is redrawn too (a threshold alone would flip a
    // verdict with the same curves).
    let candidates: [(&str, &str); 7] = [
        ("min_tasks", "0"),
        ("container_savings_plan_discount", "0.5"),
        ("utilisation_target", "0.9"),
        ("cpu_busy_share", "0.1"),
        ("lambda_savings_plan_discount", "0.5"),
        ("min_tasks", "4"),
        ("container_savings_plan_discount", "0.9"),
    ];
    for (key, text) in candidates {
        let mut draft = Draft::from_set(&AssumptionSet::default());
        draft.values.insert(key.to_string(), text.to_string());
        let set = draft.parse().expect("a valid what-if");
        let what_if = set.catalog().unwrap();
        for &index in &analysis.fleet.pareto.ranked {
            let function = &snapshot.functions[index];
            let context = function_context(&snapshot, &analysis, index).unwrap();
            let before = explain_in_context(function, &context, &assumptions, &catalog);
            let after = explain_in_context(function, &context, &set.assumptions, &what_if);
            if before.verdict.kind != after.verdict.kind {
                return Flip {
                    region: function.region.clone(),
                    name: function.name.clone(),
                    key,
                    text,
                    before: before.verdict.kind.label(),
                    after: after.verdict.kind.label(),
                };
            }
        }
    }
    panic!("no candidate what-if changes a demo function's verdict")
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The projection chart's data as ECharts holds it (what is drawn).
async fn projection_data(client: &Client) -> serde_json::Value {
    client
        .execute(
            "const chart = echarts.getInstanceByDom(document.getElementById('chart-function-projection'));
             return chart.getOption().series.map(s => [s.name, s.data]);",
            vec![],
        )
        .await
        .unwrap()
}

async fn wait_for_canvas(client: &Client, id: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!("#{id} canvas")))
        .await
        .unwrap_or_else(|_| panic!("{id} is drawn"));
}

async fn type_into(client: &Client, id: &str, text: &str) {
    let input = client.find(Locator::Id(id)).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn a_function_page_draws_its_charts_and_recomputes_a_what_if_without_a_reload() {
    let flip = find_flip();
    let server = Server::start();
    let driver = Driver::start();
    let client = driver.client().await;
    client
        .goto(&format!(
            "{}/functions/{}/{}",
            server.url, flip.region, flip.name
        ))
        .await
        .unwrap();
    for id in [
        "chart-function-projection",
        "chart-function-traffic",
        "chart-function-heatmap",
        "chart-function-durations",
    ] {
        wait_for_canvas(&client, id).await;
    }
    assert_eq!(
        text_of(&client, "#function-verdict [data-testid=verdict]").await,
        flip.before
    );
    let drawn_before = projection_data(&client).await;
    let options_before = text_of(&client, "[data-testid=options]").await;
    client
        .execute("window.__berth_no_reload = true;", vec![])
        .await
        .unwrap();

    type_into(&client, &format!("assumption-{}", flip.key), flip.text).await;

    let verdict = eventually(15, || {
        let client = client.clone();
        async move {
            let verdict = text_of(&client, "#function-verdict [data-testid=verdict]").await;
            (verdict == flip.after).then_some(verdict)
        }
    })
    .await;
    assert_eq!(
        verdict.as_deref(),
        Some(flip.after),
        "{} = {} turns {}/{} from {} to {}",
        flip.key,
        flip.text,
        flip.region,
        flip.name,
        flip.before,
        flip.after
    );
    let drawn_after = projection_data(&client).await;
    assert_ne!(
        drawn_before, drawn_after,
        "the projection chart was drawn again"
    );
    assert_ne!(
        options_before,
        text_of(&client, "[data-testid=options]").await,
        "the options table follows"
    );
    assert!(text_of(&client, ".what-if-state")
        .await
        .contains("differ from the saved set"));
    let still_there = client
        .execute("return window.__berth_no_reload === true;", vec![])
        .await
        .unwrap();
    assert_eq!(still_there, serde_json::json!(true), "no reload");

    // An invalid value is named next to its field; the figures stay the last valid ones.
    type_into(&client, "assumption-min_tasks", "-2").await;
    let error = eventually(10, || {
        let client = client.clone();
        async move {
            let text = text_of(&client, "#assumption-min_tasks-error").await;
            (!text.is_empty()).then_some(text)
        }
    })
    .await
    .expect("the field shows its problem");
    assert!(error.contains("not negative"), "{error}");
    assert_eq!(
        text_of(&client, "#function-verdict [data-testid=verdict]").await,
        flip.after
    );

    // An unknown function: the empty state with a way back.
    client
        .goto(&format!(
            "{}/functions/{}/no-such-function",
            server.url, flip.region
        ))
        .await
        .unwrap();
    let empty = text_of(&client, "[data-testid=unknown-function]").await;
    assert!(empty.contains("No such function"), "{empty}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn assumptions_saved_on_the_page_are_there_after_a_reload() {
    let server = Server::start();
    let driver = Driver::start();
    let client = driver.client().await;
    let url = format!("{}/assumptions", server.url);
    client.goto(&url).await.unwrap();
    // The preview's chart is drawn once the page has hydrated.
    wait_for_canvas(&client, "chart-preview-projection").await;
    let preview_before = text_of(&client, "#preview-verdict").await;

    type_into(&client, "assumption-min_tasks", "-1").await;
    let refused = eventually(10, || {
        let client = client.clone();
        async move {
            let text = text_of(&client, "#assumption-min_tasks-error").await;
            (!text.is_empty()).then_some(text)
        }
    })
    .await;
    assert!(refused.is_some(), "the problem shows next to the field");
    let save = client.find(Locator::Id("save-assumptions")).await.unwrap();
    assert!(
        save.attr("disabled").await.unwrap().is_some(),
        "Save waits for valid values"
    );

    type_into(&client, "assumption-min_tasks", "6").await;
    type_into(&client, "assumption-container_savings_plan_discount", "0.3").await;
    let preview_changed = eventually(10, || {
        let client = client.clone();
        let before = preview_before.clone();
        async move { (text_of(&client, "#preview-verdict").await != before).then_some(()) }
    })
    .await;
    assert!(preview_changed.is_some(), "the preview follows the editor");
    client
        .find(Locator::Id("save-assumptions"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let saved = eventually(15, || {
        let client = client.clone();
        async move {
            let status = text_of(&client, "#assumptions-status").await;
            status.starts_with("Saved").then_some(status)
        }
    })
    .await;
    assert!(saved.is_some(), "the page says it saved");

    client.refresh().await.unwrap();
    wait_for_canvas(&client, "chart-preview-projection").await;
    let value = |id: &'static str| {
        let client = client.clone();
        async move {
            client
                .find(Locator::Id(id))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert_eq!(value("assumption-min_tasks").await, "6");
    assert_eq!(
        value("assumption-container_savings_plan_discount").await,
        "0.3"
    );

    // Reset brings the defaults back, on the page and for the server.
    client
        .find(Locator::Id("reset-assumptions"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let reset = eventually(15, || {
        let client = client.clone();
        async move {
            let status = text_of(&client, "#assumptions-status").await;
            status.starts_with("Reset").then_some(())
        }
    })
    .await;
    assert!(reset.is_some());
    assert_eq!(value("assumption-min_tasks").await, "2");
    client.close().await.unwrap();
}
