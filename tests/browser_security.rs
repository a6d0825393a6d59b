//! Attacks in a real browser, under the server's CSP: hostile names and tags on every page with
//! every chart's tooltips shown, and a cross-origin page on a second loopback port that tries to
//! delete a snapshot and reset the assumptions of a signed-in admin.

use std::time::Duration;

use fantoccini::{Client, Locator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{berth, eventually, Driver, Server};

/// Shows every chart's tooltip for its first data points (through ECharts' own `showTip`, so
/// the page's formatters run on the hostile names) and returns how many were shown.
async fn hover_every_chart(client: &Client) -> u64 {
    let shown = client
        .execute(
            r#"
            let shown = 0;
            for (const el of document.querySelectorAll('[id^="chart-"]')) {
                const chart = window.echarts && echarts.getInstanceByDom(el);
                if (!chart) continue;
                const series = chart.getOption().series || [];
                series.forEach((s, seriesIndex) => {
                    const points = Math.min((s.data || []).length, 6);
                    for (let dataIndex = 0; dataIndex < points; dataIndex++) {
                        chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
                        shown++;
                    }
                });
            }
            return shown;
            "#,
            vec![],
        )
        .await
        .unwrap();
    shown.as_u64().unwrap()
}

/// Elements a payload would have created had it been parsed as HTML, and the flag its script
/// would have set (the CSP would also stop the script; the element count shows the escaping).
async fn injected(client: &Client) -> (u64, bool) {
    let found = client
        .execute(
            r#"return [
                document.querySelectorAll('img[src="x"], svg[onload], script:not([src]):not([nonce])').length,
                document.body.hasAttribute('data-pwned')
            ];"#,
            vec![],
        )
        .await
        .unwrap();
    (found[0].as_u64().unwrap(), found[1].as_bool().unwrap())
}

async fn wait_for(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} appears"));
}

#[tokio::test]
async fn hostile_names_stay_text_on_every_page_and_in_every_tooltip() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = crate::report::hostile_snapshot(dir.path());
    let server = Server::start();
    let http = reqwest::Client::new();
    let stored = http
        .post(format!("{}/api/snapshots", server.url))
        .body(std::fs::read(&snapshot).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), 201);
    let fleet: serde_json::Value = http
        .post(format!("{}/api/fleet", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = &fleet["rows"][0];
    let function = format!(
        "/functions/{}/{}",
        first["region"].as_str().unwrap(),
        berth_app::views::encode_component(first["name"].as_str().unwrap())
    );
    let driver = Driver::start();
    let client = driver.client().await;
    let pages = [
        ("/", Some("#chart-fleet-scatter canvas")),
        ("/functions?per=100", None),
        (function.as_str(), Some("#chart-function-projection canvas")),
        ("/snapshots?a=1&b=2", None),
        ("/assumptions", None),
    ];
    let mut tooltips = 0;
    for (path, chart) in pages {
        client.goto(&format!("{}{path}", server.url)).await.unwrap();
        wait_for(&client, "main").await;
        if let Some(chart) = chart {
            wait_for(&client, chart).await;
            tooltips += hover_every_chart(&client).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (elements, pwned) = injected(&client).await;
        assert_eq!((elements, pwned), (0, false), "{path}");
        let text = client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if path.starts_with("/functions") {
            assert!(
                text.contains("<script>document.body"),
                "{path}: the name shows as text"
            );
        }
    }
    assert!(tooltips >= 10, "tooltips shown: {tooltips}");
    client.close().await.unwrap();
}

/// A one-page site on another loopback port whose page posts to `target` as soon as it opens:
/// a form to delete snapshot 1, and a `fetch` to reset the assumptions.
async fn evil_site(target: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let page = format!(
        r#"<!doctype html><html><body>
        <form id="f" method="post" action="{target}/snapshots/1/delete"></form>
        <script>
          fetch("{target}/api/reset_assumptions", {{ method: "POST", mode: "no-cors", credentials: "include" }})
            .finally(() => document.getElementById("f").submit());
        </script></body></html>"#
    );
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let page = page.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn a_page_of_another_origin_cannot_act_for_a_signed_in_admin() {
    let dir = tempfile::tempdir().unwrap();
    let auth = dir.path().join("auth.json");
    let output = berth()
        .args(["auth", "add"])
        .arg(&auth)
        .args(["--role", "admin", "--name", "alice"])
        .output()
        .unwrap();
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    let auth = auth.to_str().unwrap().to_string();
    let server = Server::start_with(dir, &["--auth-file", &auth]);
    let driver = Driver::start();
    let client = driver.client().await;
    // Sign in through the page.
    client
        .goto(&format!("{}/snapshots", server.url))
        .await
        .unwrap();
    wait_for(&client, "#token").await;
    client
        .find(Locator::Css("#token"))
        .await
        .unwrap()
        .send_keys(&token)
        .await
        .unwrap();
    client
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, ".signed-in[data-role=admin]").await;
    assert!(client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("/snapshots"));
    // Save a changed assumption set, so a reset would show.
    let saved = eventually(20, || {
        let client = client.clone();
        async move {
            let status = client
                .execute(
                    r#"return fetch('/api/save_assumptions', {method: 'POST', headers: {'content-type': 'application/json'},
                        body: JSON.stringify({draft: {values: {min_tasks: "3"}, price_overrides: ""}})}).then(r => r.status);"#,
                    vec![],
                )
                .await
                .ok()?;
            (status.as_u64() == Some(200)).then_some(())
        }
    })
    .await;
    assert!(saved.is_some(), "an admin's own page may save");

    let evil = evil_site(server.url.clone()).await;
    client.goto(&format!("{evil}/")).await.unwrap();
    // The form's post lands on berth, which answers 403 with its reason.
    let refused = eventually(20, || {
        let client = client.clone();
        async move {
            let text = client
                .find(Locator::Css("body"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            text.contains("another").then_some(text)
        }
    })
    .await;
    assert!(
        refused.is_some(),
        "the cross-origin post was answered with a refusal"
    );

    // Nothing changed: snapshot 1 is there, the saved set is not reset.
    let http = reqwest::Client::new();
    let list: serde_json::Value = http
        .get(format!("{}/api/snapshots", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["snapshots"][0]["id"], 1, "{list}");
    let set: serde_json::Value = http
        .post(format!("{}/api/assumptions", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(set["assumptions"]["min_tasks"].as_f64(), Some(3.0), "{set}");
    client.close().await.unwrap();
}
