//! The snapshots page in headless Chromium: upload a valid and an invalid snapshot file through
//! the page's form and see the list grow or the error naming the function and field; delete
//! with the confirmation step from the keyboard.

use std::time::Duration;

use berth_engine::demo::{generate, DemoConfig};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::support::{eventually, Driver, Server};

/// The snapshot ids listed on the page, top to bottom.
async fn listed(client: &Client) -> Vec<String> {
    let mut ids = Vec::new();
    for row in client
        .find_all(Locator::Css("#snapshots-table tbody tr"))
        .await
        .unwrap()
    {
        ids.push(row.attr("data-snapshot").await.unwrap().unwrap());
    }
    ids
}

/// Waits for the element and returns its text.
async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} appears"))
        .text()
        .await
        .unwrap()
}

async fn upload(client: &Client, path: &std::path::Path) {
    let input = client.find(Locator::Css("#import-file")).await.unwrap();
    input.send_keys(path.to_str().unwrap()).await.unwrap();
    client
        .find(Locator::Css("#import-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test]
async fn upload_valid_and_invalid_snapshots_and_delete_through_the_page() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let snapshot = generate(&DemoConfig {
        functions: 7,
        days: 2,
        seed: 9,
    });
    let valid = dir.path().join("fleet.json");
    std::fs::write(&valid, snapshot.to_json()).unwrap();
    let mut json: serde_json::Value = serde_json::from_slice(&snapshot.to_json()).unwrap();
    json["functions"][2]["timeout_s"] = serde_json::json!(901);
    let invalid = dir.path().join("broken.json");
    std::fs::write(&invalid, serde_json::to_vec(&json).unwrap()).unwrap();

    let driver = Driver::start();
    let client = driver.client().await;
    client
        .goto(&format!("{}/snapshots", server.url))
        .await
        .unwrap();
    assert_eq!(listed(&client).await, ["1"], "the demo fleet");

    // A valid file: the page comes back with it listed first, current, 7 functions.
    upload(&client, &valid).await;
    let notice = text_of(&client, "#snapshots-notice").await;
    assert_eq!(
        notice,
        "Imported snapshot #2; it is now the current snapshot."
    );
    assert_eq!(listed(&client).await, ["2", "1"]);
    let row = text_of(&client, "tr[data-snapshot='2'] td.functions").await;
    assert_eq!(row, "7");
    let source = text_of(&client, "tr[data-snapshot='2'] td:nth-child(2)").await;
    assert!(source.contains("current"), "{source}");

    // An invalid file: the error names the function and field; nothing was added.
    upload(&client, &invalid).await;
    let error = text_of(&client, "#snapshots-error").await;
    let key = snapshot.functions[2].key();
    assert!(
        error.contains(&format!(
            "function {key}: timeout_s: 901 is outside Lambda's 1..=900"
        )),
        "{error}"
    );
    assert!(error.contains("nothing was stored"), "{error}");
    assert_eq!(listed(&client).await, ["2", "1"]);

    // Delete #2 from the keyboard: open the confirmation, then confirm.
    let summary = client
        .find(Locator::Css(
            "tr[data-snapshot='2'] details.confirm summary",
        ))
        .await
        .unwrap();
    summary.send_keys(" ").await.unwrap();
    let confirm = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "tr[data-snapshot='2'] details[open] button.danger",
        ))
        .await
        .expect("the confirmation opens");
    assert_eq!(confirm.text().await.unwrap(), "Delete snapshot #2");
    confirm.send_keys(&Key::Enter.to_string()).await.unwrap();
    let notice = text_of(&client, "#snapshots-notice").await;
    assert_eq!(notice, "Deleted snapshot #2.");
    assert_eq!(listed(&client).await, ["1"]);

    client.close().await.unwrap();
}

#[tokio::test]
async fn a_collection_started_from_the_page_shows_its_outcome_and_lists_the_snapshot() {
    use crate::snapshots::{fleet, moto, CustomServer};
    let moto = moto::Moto::start();
    moto.seed(&fleet::fleet_spec());
    let server = CustomServer::start(&[], &moto::FAKE_ENV);
    let driver = Driver::start();
    let client = driver.client().await;
    client
        .goto(&format!("{}/snapshots", server.url))
        .await
        .unwrap();
    let status = text_of(&client, "#collect-status").await;
    assert_eq!(status, "No collection since the server started.");

    let fill = |css: &'static str, value: String| {
        let client = client.clone();
        async move {
            let input = client.find(Locator::Css(css)).await.unwrap();
            input.clear().await.unwrap();
            input.send_keys(&value).await.unwrap();
        }
    };
    fill("#collect-regions", fleet::REGION.to_string()).await;
    fill("#collect-days", "2".to_string()).await;
    // Through a proxy that holds the first connection 4 s: the page arrives while it runs.
    let endpoint = slow_proxy(moto.endpoint.trim_start_matches("http://"));
    fill("#collect-endpoint", endpoint).await;
    client
        .find(Locator::Css("#collect-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let notice = text_of(&client, "#snapshots-notice").await;
    assert_eq!(notice, "Collection started; its progress is below.");

    let arrived = client.find(Locator::Css("#collect-status")).await.unwrap();
    assert_eq!(
        arrived.attr("data-state").await.unwrap().as_deref(),
        Some("running")
    );
    assert!(arrived
        .text()
        .await
        .unwrap()
        .starts_with("Collecting 2 day(s) from us-east-1 since"));
    // Marked: a reload would lose the mark, so its survival proves the events updated the page.
    client
        .execute("window.__berth_no_reload = true;", vec![])
        .await
        .unwrap();
    let done = eventually(60, || {
        let client = client.clone();
        async move {
            let status = client.find(Locator::Css("#collect-status")).await.ok()?;
            (status.attr("data-state").await.ok()?.as_deref() == Some("done")).then_some(())?;
            status.text().await.ok()
        }
    })
    .await
    .expect("the collection is done within 60 s");
    assert!(
        done.starts_with("Done: snapshot #2 with 3 functions is now current."),
        "{done}"
    );
    assert!(done.contains("metrics"), "{done}");
    let listed = eventually(10, || {
        let client = client.clone();
        async move {
            let ids = listed(&client).await;
            (ids == ["2", "1"]).then_some(ids)
        }
    })
    .await;
    assert!(listed.is_some(), "the new snapshot is listed");
    let regions = text_of(&client, "tr[data-snapshot='2'] td.regions").await;
    assert_eq!(regions, fleet::REGION);
    let still_there = client
        .execute("return window.__berth_no_reload === true;", vec![])
        .await
        .unwrap();
    assert_eq!(
        still_there,
        serde_json::json!(true),
        "progress and the new row came through server-sent events, without a reload"
    );

    client.close().await.unwrap();
}

/// A loopback TCP proxy to `target` (host:port) that holds its first connection 4 s before
/// relaying; returns its URL. Threads, std only; they end with the test process.
fn slow_proxy(target: &str) -> String {
    use std::net::{TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let target = target.to_string();
    std::thread::spawn(move || {
        for (index, client) in listener.incoming().enumerate() {
            let Ok(client) = client else { continue };
            let target = target.clone();
            std::thread::spawn(move || {
                if index == 0 {
                    std::thread::sleep(Duration::from_secs(4));
                }
                let Ok(server) = TcpStream::connect(&target) else {
                    return;
                };
                let (mut client_read, mut server_write) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut server_read, mut client_write) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut client_read, &mut server_write);
                    let _ = server_write.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut server_read, &mut client_write);
                let _ = client_write.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    url
}
