//! The dashboard in a real browser: Debian's Chromium driven through chromedriver (WebDriver).
//! Needs the browser bundle built by `cargo leptos build` (the README's test command does it).

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::support::{eventually, site_dir, Driver, Server};

async fn first_row(client: &Client) -> String {
    client
        .find(Locator::Css("#fleet-table tbody tr"))
        .await
        .unwrap()
        .attr("data-function")
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn fleet_pages_hydrate_draw_charts_and_sort_and_filter_through_the_url() {
    assert!(
        site_dir().join("pkg/berth.wasm").exists(),
        "no browser bundle in {}: build it with `cargo leptos build --release` (the README's test command does)",
        site_dir().display()
    );
    let server = Server::start();
    // ECharts and the icon come from our own origin.
    for (path, kind) in [
        ("/echarts.min.js", "javascript"),
        ("/favicon.svg", "svg"),
        ("/pkg/berth.wasm", "wasm"),
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(content_type.contains(kind), "{path}: {content_type}");
    }
    let driver = Driver::start();
    let client = driver.client().await;
    client.goto(&server.url).await.unwrap();

    // The charts are drawn by ECharts after hydration: a canvas inside each chart element proves
    // the wasm loaded, hydrated and rendered, and that echarts.min.js came from our origin.
    for chart in ["pareto", "scatter", "plan", "invocations"] {
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(&format!("#chart-fleet-{chart} canvas")))
            .await
            .unwrap_or_else(|_| panic!("the {chart} chart is drawn"));
    }

    // Into the table through the navigation, without a reload.
    client
        .execute("window.__berth_no_reload = true;", vec![])
        .await
        .unwrap();
    client
        .find(Locator::Css("header nav a[href='/functions']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#fleet-table tbody tr"))
        .await
        .expect("the table is shown");
    // 100 rows a page: the whole demo fleet on one page.
    client
        .find(Locator::Css("select[name=per]"))
        .await
        .unwrap()
        .select_by_value("100")
        .await
        .unwrap();
    let rows = eventually(10, || {
        let client = client.clone();
        async move {
            let rows = client
                .find_all(Locator::Css("#fleet-table tbody tr"))
                .await
                .ok()?;
            (rows.len() == 64).then_some(rows.len())
        }
    })
    .await;
    assert_eq!(rows, Some(64), "every demo function on one page");
    assert!(client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("/functions?per=100"));

    // Default order: highest Lambda cost first.
    let before = first_row(&client).await;
    let mut names: Vec<String> = Vec::new();
    for row in client
        .find_all(Locator::Css("#fleet-table tbody tr"))
        .await
        .unwrap()
    {
        names.push(row.attr("data-function").await.unwrap().unwrap());
    }
    assert_eq!(names.len(), 64);
    let alphabetical_first = names.iter().min().unwrap().clone();
    assert_ne!(
        before, alphabetical_first,
        "the demo's costliest function is not alphabetically first"
    );

    client
        .find(Locator::Css("a[data-column=function]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let after = eventually(10, || {
        let client = client.clone();
        let alphabetical_first = alphabetical_first.clone();
        async move {
            let first = first_row(&client).await;
            (first == alphabetical_first).then_some(first)
        }
    })
    .await;
    assert_eq!(
        after.as_deref(),
        Some(alphabetical_first.as_str()),
        "sorted A→Z by name"
    );
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.query(),
        Some("sort=function&dir=asc&per=100"),
        "the URL holds the order"
    );
    let header = client
        .find(Locator::Css("th:has(a[data-column=function])"))
        .await
        .unwrap();
    assert_eq!(
        header.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );

    // A second click flips the order.
    client
        .find(Locator::Css("a[data-column=function]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let alphabetical_last = names.iter().max().unwrap().clone();
    let flipped = eventually(10, || {
        let client = client.clone();
        let last = alphabetical_last.clone();
        async move { (first_row(&client).await == last).then_some(()) }
    })
    .await;
    assert!(flipped.is_some(), "second click sorts Z→A");

    // Filter by verdict: the URL says so and every row carries that verdict.
    client
        .find(Locator::Css("select[name=verdict]"))
        .await
        .unwrap()
        .select_by_value("Move")
        .await
        .unwrap();
    let filtered = eventually(10, || {
        let client = client.clone();
        async move {
            let url = client.current_url().await.ok()?;
            url.query()?.contains("verdict=Move").then_some(())?;
            let badges = client
                .find_all(Locator::Css("#fleet-table tbody .badge"))
                .await
                .ok()?;
            let mut verdicts = Vec::new();
            for badge in badges {
                verdicts.push(badge.text().await.ok()?);
            }
            (!verdicts.is_empty() && verdicts.iter().all(|v| v == "Move")).then_some(verdicts.len())
        }
    })
    .await;
    let moving = filtered.expect("only Move rows after filtering");
    assert!(moving < 64);

    let still_there = client
        .execute("return window.__berth_no_reload === true;", vec![])
        .await
        .unwrap();
    assert_eq!(
        still_there,
        serde_json::json!(true),
        "navigating, sorting and filtering did not reload the page"
    );

    // Back restores the previous view (the state lives in the URL).
    client.back().await.unwrap();
    let restored = eventually(10, || {
        let client = client.clone();
        async move {
            let rows = client
                .find_all(Locator::Css("#fleet-table tbody tr"))
                .await
                .ok()?;
            (rows.len() == 64).then_some(())
        }
    })
    .await;
    assert!(restored.is_some(), "back shows the unfiltered table again");

    client.close().await.unwrap();
}
