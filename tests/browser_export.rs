//! The Export control in headless Chromium: the PDF link renders on the server while the page
//! says so, then the browser saves the file the server named; when Chromium is missing on the
//! server, the page shows the server's reason instead. The other formats stay plain links.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::support::{eventually, Driver, Server};

/// Opens the fleet overview's Export menu and clicks its (unredacted) PDF link.
async fn click_pdf(client: &Client, server: &Server) {
    client.goto(&server.url).await.unwrap();
    // Hydrated: the fleet's charts are drawn only by the browser's wasm.
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "#chart-fleet-pareto svg, #chart-fleet-pareto canvas",
        ))
        .await
        .expect("the page hydrates and draws its charts");
    client
        .find(Locator::Css("details.export summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css(
            "details.export a[data-format=pdf][data-redacted=false]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The status line's state and text, once its state is one of `states`.
async fn status_in(client: &Client, states: &[&str], seconds: u64) -> Option<(String, String)> {
    eventually(seconds, || async {
        let status = client.find(Locator::Css(".export-status")).await.ok()?;
        let state = status.attr("data-state").await.ok()??;
        if !states.contains(&state.as_str()) {
            return None;
        }
        Some((state, status.text().await.ok()?))
    })
    .await
}

#[tokio::test]
async fn a_pdf_export_says_it_is_rendering_then_saves_the_named_file() {
    let server = Server::start();
    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let client = driver.client_downloading_to(downloads.path()).await;
    click_pdf(&client, &server).await;

    // The PDF takes seconds (Chromium on the server): the page says it is working meanwhile.
    let (state, text) = status_in(&client, &["rendering", "saved", "failed"], 10)
        .await
        .expect("the status line answers the click");
    assert_eq!(state, "rendering", "{text}");
    assert!(text.starts_with("Rendering the PDF"), "{text}");
    // The page stayed: no navigation to the report route.
    assert_eq!(client.current_url().await.unwrap().path(), "/");

    let (_, text) = status_in(&client, &["saved", "failed"], 60)
        .await
        .expect("the PDF is made within a minute");
    let name = text
        .strip_prefix("PDF ready: saved as ")
        .and_then(|rest| rest.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        name.starts_with("berth-review-") && name.ends_with(".pdf"),
        "{name}"
    );
    // The browser saved it under that name, and it is the PDF.
    let saved = downloads.path().join(name);
    let bytes = eventually(20, || async { std::fs::read(&saved).ok() })
        .await
        .unwrap_or_else(|| panic!("{} was saved", saved.display()));
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_pdf_that_cannot_be_rendered_shows_the_reason_on_the_page() {
    let server = Server::start_with_env(
        tempfile::tempdir().unwrap(),
        &[],
        &[("BERTH_CHROMIUM", "/nonexistent/chromium")],
    );
    let driver = Driver::start();
    let client = driver.client().await;
    click_pdf(&client, &server).await;
    let (_, text) = status_in(&client, &["failed"], 30)
        .await
        .expect("the failure shows on the page");
    assert!(
        text.starts_with("The PDF was not made: the PDF could not be rendered")
            && text.contains("/nonexistent/chromium"),
        "{text}"
    );
    assert_eq!(client.current_url().await.unwrap().path(), "/");
    // Another export still works as a plain link (the CSV is no fetch of the page's).
    let csv = client
        .find(Locator::Css(
            "details.export a[data-format=csv][data-redacted=false]",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(csv.ends_with("/report.csv"), "{csv}");
    client.close().await.unwrap();
}
