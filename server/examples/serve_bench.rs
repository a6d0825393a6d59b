//! Load bench of the dashboard over loopback: a demo fleet of `--functions` (default 10,000) in a
//! temporary SQLite database, the real router on 127.0.0.1, and a keep-alive HTTP/1 load
//! generator in the same process (its own runtime). Prints, per page, the latency of sequential
//! requests (p50 / p90 / p99) rendered afresh (distinct URLs, so the page cache misses) and
//! served from the page cache, and the throughput of `--connections` concurrent clients over
//! `--seconds` on one URL; then the first-load transfer of the browser bundle (gzip).
//!
//! `cargo run --release -p berth-server --example serve_bench -- [--functions N] [--seconds S]
//! [--connections C] [--site-dir DIR] [PATH ...]` (paths default to `/` and `/functions`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::Request;
use berth_engine::demo::{generate, DemoConfig};
use berth_server::store::Store;
use berth_server::web;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

struct Args {
    functions: usize,
    seconds: u64,
    connections: usize,
    site_dir: PathBuf,
    paths: Vec<String>,
}

fn args() -> Args {
    let mut args = Args {
        functions: 10_000,
        seconds: 10,
        connections: 8,
        site_dir: PathBuf::from("target/site"),
        paths: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--functions" => args.functions = value().parse().expect("--functions N"),
            "--seconds" => args.seconds = value().parse().expect("--seconds S"),
            "--connections" => args.connections = value().parse().expect("--connections C"),
            "--site-dir" => args.site_dir = value().into(),
            path if path.starts_with('/') => args.paths.push(path.to_string()),
            other => panic!("unknown argument {other}"),
        }
    }
    if args.paths.is_empty() {
        args.paths = vec!["/".into(), "/functions".into()];
    }
    args
}

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Empty<Bytes>>;

/// One GET, the whole body read; the body's length.
async fn get(client: &HttpClient, url: &str) -> usize {
    let request = Request::get(url).body(Empty::new()).expect("valid request");
    let response = client.request(request).await.expect("the server answers");
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    let body = response.into_body().collect().await.expect("a body");
    body.to_bytes().len()
}

fn report(path: &str, what: &str, latencies: &mut [f64]) {
    latencies.sort_by(f64::total_cmp);
    println!(
        "{path}: sequential, {what}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms ({} requests)",
        percentile(latencies, 0.5),
        percentile(latencies, 0.9),
        percentile(latencies, 0.99),
        latencies.len()
    );
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(&dir.path().join("bench.db")).expect("a database");
    let started = Instant::now();
    let snapshot = generate(&DemoConfig {
        functions: args.functions,
        ..DemoConfig::default()
    });
    store.insert_snapshot(&snapshot).expect("stored");
    drop(snapshot);
    println!(
        "{} functions × 30 days generated and stored in {:.1} s",
        args.functions,
        started.elapsed().as_secs_f64()
    );

    // The server on its own runtime, as `berth serve` runs it.
    let server = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let addr: SocketAddr = listener.local_addr().expect("an address");
    let app = web::app(web::AppState::new(store, &args.site_dir, addr));
    server.spawn(async move { axum::serve(listener, app).await });

    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    client_runtime.block_on(async {
        let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
        for path in &args.paths {
            let url = format!("http://{addr}{path}");
            // The first request analyses the fleet (then cached per snapshot).
            let first = Instant::now();
            let bytes = get(&client, &url).await;
            println!(
                "\n{path}: first request {:.0} ms (analysis of the fleet, then cached), {} KB of HTML",
                first.elapsed().as_secs_f64() * 1000.0,
                bytes / 1024
            );
            // Every URL distinct: each request is rendered (a miss of the page cache).
            let separator = if path.contains('?') { '&' } else { '?' };
            let mut rendered: Vec<f64> = Vec::new();
            for n in 0..300 {
                let start = Instant::now();
                get(&client, &format!("{url}{separator}bench={n}")).await;
                rendered.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            report(path, "rendered (cache miss)", &mut rendered);
            let mut cached: Vec<f64> = Vec::new();
            for _ in 0..300 {
                let start = Instant::now();
                get(&client, &url).await;
                cached.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            report(path, "cached", &mut cached);
            let done = Arc::new(AtomicU64::new(0));
            let stop = Arc::new(AtomicBool::new(false));
            let started = Instant::now();
            let workers: Vec<_> = (0..args.connections)
                .map(|_| {
                    let (client, url) = (client.clone(), url.clone());
                    let (done, stop) = (done.clone(), stop.clone());
                    tokio::spawn(async move {
                        while !stop.load(Ordering::Relaxed) {
                            get(&client, &url).await;
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            tokio::time::sleep(Duration::from_secs(args.seconds)).await;
            stop.store(true, Ordering::Relaxed);
            for worker in workers {
                worker.await.expect("a worker");
            }
            let requests = done.load(Ordering::Relaxed);
            println!(
                "{path}: {} connections for {:.1} s: {requests} requests, {:.0} requests/s",
                args.connections,
                started.elapsed().as_secs_f64(),
                requests as f64 / started.elapsed().as_secs_f64()
            );
        }
    });

    // First-load transfer: what a browser downloads besides the HTML (ECharts is cached apart).
    println!("\nfirst-load transfer (gzip -6):");
    let mut total = 0;
    for file in [
        "pkg/berth.wasm",
        "pkg/berth.js",
        "pkg/berth.css",
        "echarts.min.js",
    ] {
        let path = args.site_dir.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            println!("  {file}: missing (build the bundle with `cargo leptos build --release`)");
            continue;
        };
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        std::io::Write::write_all(&mut encoder, &bytes).expect("gzip");
        let gzipped = encoder.finish().expect("gzip").len();
        println!(
            "  {file}: {} KB raw, {} KB gzip",
            bytes.len() / 1024,
            gzipped / 1024
        );
        if file.starts_with("pkg/") {
            total += gzipped;
        }
    }
    println!("  wasm + JS + CSS: {} KB gzip", total / 1024);
}
