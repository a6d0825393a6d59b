//! The snapshots routes end to end over HTTP on the real server and SQLite: list, import (body
//! and page form), validation errors, the upload limit, delete, compare, and a collection from a
//! moto server streamed as server-sent events.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use berth_engine::assumptions::Assumptions;
use berth_engine::compare::compare;
use berth_engine::demo::{generate, DemoConfig};
use berth_engine::prices::Catalog;
use berth_engine::snapshot::Snapshot;
use berth_server::snapshot_file::gzip;
use serde_json::{json, Value};

use crate::support::{berth, site_dir, Server};

// The moto harness and test fleet of berth-collect (as tests/cli_collect.rs includes them); this
// test uses only part of each.
#[allow(dead_code)]
pub mod fleet {
    include!("../server/collect/tests/support/fleet.rs");
}
#[allow(dead_code)]
pub mod moto {
    const SEED_SCRIPT_FROM_MANIFEST: &str = "collect/tests/support/seed.py";
    include!("../server/collect/tests/support/moto.rs");
}

/// A `berth serve` with extra arguments and environment (the shared `Server` takes neither);
/// also used by `browser_snapshots`.
pub struct CustomServer {
    pub url: String,
    _dir: tempfile::TempDir,
    child: Child,
}

impl CustomServer {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> CustomServer {
        let dir = tempfile::tempdir().unwrap();
        let mut child = berth()
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(dir.path().join("berth.db"))
            .arg("--site-dir")
            .arg(site_dir())
            .args(args)
            .envs(envs.iter().copied())
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env("BERTH_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("berth starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("berth listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from berth serve: {line:?}"))
            .to_string();
        CustomServer {
            url,
            _dir: dir,
            child,
        }
    }
}

impl Drop for CustomServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn small_fleet(functions: usize, days: u32, seed: u64) -> Snapshot {
    generate(&DemoConfig {
        functions,
        days,
        seed,
    })
}

async fn get_json(url: &str) -> (u16, Value) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn post_body(url: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Ids of the stored snapshots, newest first.
async fn ids(base: &str) -> Vec<i64> {
    let (status, list) = get_json(&format!("{base}/api/snapshots")).await;
    assert_eq!(status, 200);
    list["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

/// The fleet the fleet pages show: (snapshot id, functions).
async fn current_fleet(base: &str) -> (i64, u64) {
    let fleet: Value = reqwest::Client::new()
        .post(format!("{base}/api/fleet"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        fleet["snapshot"]["id"].as_i64().unwrap(),
        fleet["snapshot"]["functions"].as_u64().unwrap(),
    )
}

/// A multipart form with the file in field `file`, as a browser sends it.
fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "berth-test-boundary-7d1f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts the page's import form without following the redirect: the `Location` it sends back.
async fn post_form(base: &str, file_name: &str, bytes: &[u8]) -> (u16, String) {
    let (content_type, body) = multipart(file_name, bytes);
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/snapshots/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    (response.status().as_u16(), location)
}

#[tokio::test]
async fn list_import_delete_and_the_fleet_follows_the_newest() {
    let server = Server::start();
    let base = server.url.as_str();

    // The demo fleet loaded on the first start, with its regions and stored (gzipped) size.
    let (status, list) = get_json(&format!("{base}/api/snapshots")).await;
    assert_eq!(status, 200);
    let demo = generate(&DemoConfig::default());
    let first = &list["snapshots"][0];
    assert_eq!(list["snapshots"].as_array().unwrap().len(), 1);
    assert_eq!(first["id"], 1);
    assert_eq!(first["source_kind"], "demo");
    assert_eq!(first["functions"], 64);
    assert_eq!(first["window_hours"], 720);
    assert_eq!(first["window_start"], demo.window.start.as_str());
    assert_eq!(first["regions"], json!(demo.covered_regions()));
    assert_eq!(
        first["bytes"],
        berth_engine::compact::encode(&demo).len() as u64
    );
    assert_eq!(list["max_upload_bytes"], 256 * 1024 * 1024);
    assert_eq!(list["collect"]["state"], "idle");

    // Plain JSON through the scripts' route, then gzipped through the page's form.
    let plain = small_fleet(9, 2, 7);
    let (status, stored) = post_body(&format!("{base}/api/snapshots"), plain.to_json()).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["id"], 2);
    assert_eq!(stored["functions"], 9);
    assert_eq!(stored["window_hours"], 48);
    assert_eq!(stored["regions"], json!(plain.covered_regions()));
    assert_eq!(current_fleet(base).await, (2, 9));

    let gzipped = small_fleet(5, 1, 8);
    let (status, location) = post_form(base, "fleet.json.gz", &gzip(&gzipped.to_json())).await;
    assert_eq!((status, location.as_str()), (303, "/snapshots?imported=3"));
    assert_eq!(ids(base).await, [3, 2, 1]);
    // The fleet pages now show #3 (and cache it).
    assert_eq!(current_fleet(base).await, (3, 5));

    // The page lists them newest first, #3 marked current, each with a confirmed delete.
    let html = reqwest::get(format!("{base}/snapshots?imported=3"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<usize> = ["3", "2", "1"]
        .iter()
        .map(|id| html.find(&format!("data-snapshot=\"{id}\"")).unwrap())
        .collect();
    assert!(rows[0] < rows[1] && rows[1] < rows[2], "newest first");
    assert!(
        html.contains("Imported snapshot #3"),
        "the outcome is shown"
    );
    assert!(html.contains("action=\"/snapshots/3/delete\""));
    assert!(html.contains("Snapshot #2 becomes the current one."));

    // Deleting the newest makes the previous one current, and the fleet view follows at once.
    let response = reqwest::Client::new()
        .delete(format!("{base}/api/snapshots/3"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "deleted": 3, "current": 2 })
    );
    assert_eq!(current_fleet(base).await, (2, 9));
    assert_eq!(ids(base).await, [2, 1]);

    let response = reqwest::Client::new()
        .delete(format!("{base}/api/snapshots/3"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "error": "there is no snapshot 3" })
    );

    // The page's delete form: back to the page, which says so.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/snapshots/2/delete"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/snapshots?deleted=2");
    assert_eq!(current_fleet(base).await, (1, 64));

    // A new snapshot never takes a deleted one's id.
    let (status, stored) = post_body(&format!("{base}/api/snapshots"), plain.to_json()).await;
    assert_eq!((status, stored["id"].as_i64()), (201, Some(4)));
}

#[tokio::test]
async fn an_invalid_snapshot_is_refused_naming_the_function_and_field_and_nothing_is_stored() {
    let server = Server::start();
    let base = server.url.as_str();
    let fleet = small_fleet(4, 2, 3);
    let mut json: Value = serde_json::from_slice(&fleet.to_json()).unwrap();
    json["functions"][1]["series"]["invocations"] = json!([1, 2, 3]);
    let bad = serde_json::to_vec(&json).unwrap();
    let key = fleet.functions[1].key();
    let expected =
        format!("function {key}: series.invocations: has 3 points, the window has 48 hours");

    let (status, refused) = post_body(&format!("{base}/api/snapshots"), bad.clone()).await;
    assert_eq!(status, 400);
    assert_eq!(
        refused,
        json!({ "error": format!("not imported, nothing was stored: {expected}") })
    );

    // Gzipped through the page's form: back to the page with the same message.
    let (status, location) = post_form(base, "bad.json.gz", &gzip(&bad)).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/snapshots?error="), "{location}");
    let page = reqwest::get(format!("{base}{location}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"snapshots-error\""), "error shown");
    assert!(
        page.contains(&expected),
        "the page names function and field"
    );

    // Another format, a memory size Lambda does not have, not JSON at all, an empty file.
    json = serde_json::from_slice(&fleet.to_json()).unwrap();
    json["format"] = json!("berth.snapshot/v9");
    let (_, refused) = post_body(
        &format!("{base}/api/snapshots"),
        serde_json::to_vec(&json).unwrap(),
    )
    .await;
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("unknown snapshot format \"berth.snapshot/v9\""),
        "{refused}"
    );
    json = serde_json::from_slice(&fleet.to_json()).unwrap();
    json["functions"][0]["memory_mb"] = json!(64);
    let (_, refused) = post_body(
        &format!("{base}/api/snapshots"),
        serde_json::to_vec(&json).unwrap(),
    )
    .await;
    assert_eq!(
        refused["error"],
        format!(
            "not imported, nothing was stored: function {}: memory_mb: 64 is outside Lambda's 128..=10240",
            fleet.functions[0].key()
        )
    );
    let (status, refused) = post_body(&format!("{base}/api/snapshots"), b"hello".to_vec()).await;
    assert_eq!(status, 400);
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("not a berth snapshot"),
        "{refused}"
    );
    let (status, refused) = post_body(&format!("{base}/api/snapshots"), Vec::new()).await;
    assert_eq!(status, 400);
    assert!(refused["error"]
        .as_str()
        .unwrap()
        .contains("the file is empty"));

    // Nothing was stored: still only the demo fleet.
    assert_eq!(ids(base).await, [1]);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_and_nothing_is_stored() {
    let server = CustomServer::start(&["--max-upload-mb", "1"], &[]);
    let base = server.url.as_str();
    let (_, list) = get_json(&format!("{base}/api/snapshots")).await;
    assert_eq!(list["max_upload_bytes"], 1024 * 1024);
    // A valid snapshot bigger than 1 MB as plain JSON.
    let big = small_fleet(40, 30, 1).to_json();
    assert!(big.len() > 1024 * 1024, "{} bytes", big.len());
    let message =
        "the file is larger than the upload limit of 1 MB (start `berth serve` with --max-upload-mb to change it)";

    let (status, refused) = post_body(&format!("{base}/api/snapshots"), big.clone()).await;
    assert_eq!((status, refused), (413, json!({ "error": message })));

    let (status, location) = post_form(base, "big.json", &big).await;
    assert_eq!(status, 303);
    let page = reqwest::get(format!("{base}{location}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("the file is larger than the upload limit of 1 MB"),
        "shown in the page"
    );
    assert_eq!(ids(base).await, [1]);

    // Gzipped, the same snapshot fits.
    let (status, stored) = post_body(&format!("{base}/api/snapshots"), gzip(&big)).await;
    assert_eq!((status, stored["functions"].as_u64()), (201, Some(40)));
}

#[tokio::test]
async fn compare_two_snapshots_as_the_engine_does() {
    let server = Server::start();
    let base = server.url.as_str();
    let before = small_fleet(12, 7, 11);
    let mut after = before.clone();
    // One function gone, one new, one with ten times the traffic.
    let removed = after.functions.remove(0);
    let mut added = after.functions[0].clone();
    added.name = "brand-new".into();
    after.functions.push(added.clone());
    let scaled = after.functions[3].key();
    let invocations: Vec<Option<f64>> = after.functions[3]
        .series
        .invocations
        .iter()
        .map(|v| v.map(|v| v * 10.0))
        .collect();
    after.functions[3].series.invocations =
        berth_engine::snapshot::Hourly::from_options(invocations);
    for snapshot in [&before, &after] {
        let (status, _) = post_body(&format!("{base}/api/snapshots"), snapshot.to_json()).await;
        assert_eq!(status, 201);
    }

    let (status, view) = get_json(&format!("{base}/api/compare?a=2&b=3")).await;
    assert_eq!(status, 200, "{view}");
    let (expected, _) = compare(
        &before,
        &after,
        &Assumptions::default(),
        &Catalog::builtin(),
        20,
    );
    assert_eq!(view["before"]["id"], 2);
    assert_eq!(view["after"]["id"], 3);
    assert_close(
        &view["comparison"],
        &serde_json::to_value(&expected).unwrap(),
        "comparison",
    );
    let comparison = &view["comparison"];
    assert_eq!(comparison["removed"][0]["key"], removed.key().as_str());
    assert_eq!(comparison["added"][0]["key"], added.key().as_str());
    assert_eq!(comparison["spend_changes"][0]["key"], scaled.as_str());
    assert!(
        comparison["spend_changes"][0]["change_usd"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert_eq!(comparison["before"]["functions"], 12);
    assert_eq!(comparison["after"]["functions"], 12);

    // The page renders the same comparison.
    let html = reqwest::get(format!("{base}/snapshots?a=2&b=3"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"comparison\""));
    assert!(html.contains(&format!("<li data-function=\"{}\"", added.key())));
    assert!(html.contains(&format!("<tr data-function=\"{scaled}\"")));

    let (status, refused) = get_json(&format!("{base}/api/compare?a=2&b=99")).await;
    assert_eq!(
        (status, refused),
        (404, json!({ "error": "there is no snapshot 99" }))
    );
    let (status, refused) = get_json(&format!("{base}/api/compare?a=2")).await;
    assert_eq!(
        (status, refused),
        (
            400,
            json!({ "error": "missing b: use /api/compare?a=ID&b=ID" })
        )
    );
}

/// Equal JSON, numbers to 1e-9 relative (sums may round differently in the last bit).
fn assert_close(found: &Value, expected: &Value, path: &str) {
    match (found, expected) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
                "{path}: {a} vs {b}"
            );
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: lengths");
            for (index, (a, b)) in a.iter().zip(b).enumerate() {
                assert_close(a, b, &format!("{path}[{index}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{path}: keys"
            );
            for (key, value) in a {
                assert_close(value, &b[key], &format!("{path}.{key}"));
            }
        }
        _ => assert_eq!(found, expected, "{path}"),
    }
}

/// Reads server-sent events until one named `done` or `failed`; returns (names, last data).
async fn follow_events(url: &str) -> (Vec<String>, Value) {
    let mut response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut text = String::new();
    let mut names = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        assert!(std::time::Instant::now() < deadline, "no end event: {text}");
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(60), response.chunk())
            .await
            .expect("an event within 60 s")
            .unwrap()
            .expect("the stream ends after done or failed");
        text.push_str(&String::from_utf8_lossy(&chunk));
        // Events are separated by a blank line.
        while let Some(end) = text.find("\n\n") {
            let event: String = text.drain(..end + 2).collect();
            let name = event
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .map(str::to_string);
            let data = event.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(name), Some(data)) = (name, data) {
                names.push(name.clone());
                if name == "done" || name == "failed" {
                    return (names, serde_json::from_str(data).unwrap());
                }
            }
        }
    }
}

#[tokio::test]
async fn a_collection_from_moto_streams_its_progress_and_becomes_the_newest_snapshot() {
    let moto = moto::Moto::start();
    moto.seed(&fleet::fleet_spec());
    let server = CustomServer::start(&[], &moto::FAKE_ENV);
    let base = server.url.as_str();
    let client = reqwest::Client::new();

    let (_, status) = get_json(&format!("{base}/api/collect")).await;
    assert_eq!(status["state"], "idle");

    let invalid = client
        .post(format!("{base}/api/collect"))
        .json(&json!({ "regions": [fleet::REGION], "days": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 400);
    assert!(invalid.json::<Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("days must be between 1 and 455"));

    let request = json!({
        "regions": [fleet::REGION],
        "days": fleet::DAYS,
        "endpoint_url": moto.endpoint,
        "end": "2026-11-04T00:00:00Z",
    });
    let started = client
        .post(format!("{base}/api/collect"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let started: Value = started.json().await.unwrap();
    assert_eq!(started["state"], "running");
    assert_eq!(started["regions"], json!([fleet::REGION]));

    // One at a time: a second start while it runs is refused with the reason.
    let second = client
        .post(format!("{base}/api/collect"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 409);
    let refused: Value = second.json().await.unwrap();
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("a collection is already running"),
        "{refused}"
    );

    let (names, done) = follow_events(&format!("{base}/api/collect/events")).await;
    assert_eq!(names.last().map(String::as_str), Some("done"), "{done}");
    assert!(names[..names.len() - 1].iter().all(|n| n == "running"));
    assert_eq!(done["state"], "done");
    assert_eq!(done["functions"], 3);
    assert_eq!(done["snapshot_id"], 2);
    let phases = done["phases"].as_array().unwrap();
    let phase = |name: &str| phases.iter().find(|p| p["phase"] == name).unwrap().clone();
    assert_eq!(phase("functions")["finished"], true);
    // GetMetricData: the 2 calls of the CLI's end-to-end test, all done.
    assert_eq!(phase("metrics")["total"], 2);
    assert_eq!(phase("metrics")["done"], 2);
    // The plan `berth collect` prints, once the region was listed.
    assert_eq!(done["plans"].as_array().map(Vec::len), Some(1), "{done}");
    assert!(
        done["plans"][0]
            .as_str()
            .unwrap()
            .starts_with("us-east-1: 3 functions, 11 calls planned"),
        "{done}"
    );
    assert!(
        done["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("p99 duration unavailable")),
        "{done}"
    );

    // Stored as the newest snapshot; the fleet pages show it.
    let (_, list) = get_json(&format!("{base}/api/snapshots")).await;
    let newest = &list["snapshots"][0];
    assert_eq!(newest["id"], 2);
    assert_eq!(newest["source_kind"], "aws");
    assert_eq!(newest["functions"], 3);
    assert_eq!(newest["regions"], json!([fleet::REGION]));
    assert_eq!(newest["window_start"], "2026-11-02T00:00:00Z");
    assert_eq!(newest["window_hours"], 48);
    assert_eq!(list["collect"]["state"], "done");
    assert_eq!(current_fleet(base).await, (2, 3));

    // Once over, the stream sends the final status and closes; a new collection may start.
    let (names, last) = follow_events(&format!("{base}/api/collect/events")).await;
    assert_eq!(
        (names, last["snapshot_id"].as_i64()),
        (vec!["done".to_string()], Some(2))
    );
}

#[tokio::test]
async fn a_collection_that_cannot_reach_aws_fails_in_the_status() {
    // A loopback port nobody listens on: every call is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = CustomServer::start(&[], &moto::FAKE_ENV);
    let base = server.url.as_str();
    let started = reqwest::Client::new()
        .post(format!("{base}/api/collect"))
        .json(&json!({
            "regions": ["us-east-1"],
            "days": 1,
            "endpoint_url": format!("http://127.0.0.1:{port}"),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let (names, failed) = follow_events(&format!("{base}/api/collect/events")).await;
    assert_eq!(names.last().map(String::as_str), Some("failed"));
    let error = failed["error"].as_str().unwrap();
    assert!(
        error.starts_with("no region could be inventoried: us-east-1"),
        "{error}"
    );
    // Nothing stored.
    assert_eq!(ids(base).await, [1]);
}

/// A compact snapshot (plain or gzipped) imports as its JSON does, and the import answers once
/// the pages can show it: `/readyz` is ready at once, with no load left for a page to wait for.
#[tokio::test]
async fn a_compact_snapshot_imports_and_is_loaded_when_the_import_answers() {
    let server = Server::start();
    let base = server.url.as_str();
    let fleet = small_fleet(12, 2, 11);
    let compact = berth_engine::compact::encode(&fleet);
    let (status, stored) = post_body(&format!("{base}/api/snapshots"), compact.clone()).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["functions"], 12);
    let (status, ready) = get_json(&format!("{base}/readyz")).await;
    assert_eq!((status, &ready["status"]), (200, &json!("ready")));
    assert_eq!(current_fleet(base).await, (2, 12));
    let (status, stored) = post_body(&format!("{base}/api/snapshots"), gzip(&compact)).await;
    assert_eq!(status, 201, "{stored}");
    let (status, _) = get_json(&format!("{base}/readyz")).await;
    assert_eq!(status, 200);
    assert_eq!(current_fleet(base).await, (3, 12));
    // A cut one is refused by name, and nothing is stored.
    let (status, refused) = post_body(
        &format!("{base}/api/snapshots"),
        compact[..compact.len() - 3].to_vec(),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    let message = refused["error"].as_str().unwrap();
    assert!(
        message.starts_with("not imported, nothing was stored: ")
            && message.ends_with("compact snapshot: the file ends inside a function record"),
        "{message}"
    );
    assert_eq!(ids(base).await, [3, 2, 1]);
}

#[tokio::test]
async fn imports_run_one_at_a_time_and_those_past_the_queue_get_503_with_retry_after() {
    // Each store pauses 2 s inside its transaction, so the first import still runs while the
    // others arrive: three wait for it, the last two are refused at once.
    let server = CustomServer::start(&[], &[("BERTH_CRASH_TEST_PAUSE", "inside:2000")]);
    let base = server.url.clone();
    let client = reqwest::Client::new();
    let before = ids(&base).await.len();
    let uploads = (0..6u64).map(|seed| {
        let (client, url) = (client.clone(), format!("{base}/api/snapshots"));
        let body = small_fleet(6, 1, 100 + seed).to_json();
        tokio::spawn(async move {
            let response = client.post(url).body(body).send().await.unwrap();
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            let body: Value = response.json().await.unwrap();
            (status, retry_after, body)
        })
    });
    let mut answers = Vec::new();
    for upload in uploads.collect::<Vec<_>>() {
        answers.push(upload.await.unwrap());
    }
    let stored = answers.iter().filter(|(status, ..)| *status == 201).count();
    let refused: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == 503)
        .collect();
    assert_eq!((stored, refused.len()), (4, 2), "{answers:#?}");
    for (_, retry_after, body) in refused {
        assert_eq!(retry_after.as_deref(), Some("10"));
        let message = body["error"].as_str().unwrap();
        assert!(
            message.contains("one runs at a time") && message.contains("nothing was stored"),
            "{message}"
        );
    }
    // The stored ones are all there, and nothing of the refused ones.
    assert_eq!(ids(&base).await.len(), before + 4);
}
