//! Scale bench of the analysis and the server over large demo fleets, with the real `berth`
//! binary:
//!
//! - **analyze**: for each `--functions` count, the demo fleet × `--days` written as a compact
//!   snapshot (`.bsnp`; with `--json` also as JSON), then `berth analyze FILE --format json`
//!   (output to /dev/null) timed by `/usr/bin/time`: wall time and peak resident memory;
//! - **serve** (with `--serve`): the same fleet stored in a fresh SQLite database, `berth serve`
//!   started on it (signed in: a bearer token), and the time from the start to the first answer
//!   of `/` (the first load: the snapshot read function by function and analysed), then 200
//!   sequential functions-table queries (distinct pages and sorts, so the page cache misses):
//!   p50 / p90 / p99, and the server's resident memory after them.
//!
//! `cargo build --release -p berth-server && cargo run --release -p berth-server --example
//! scale_bench -- [--functions 10000,30000,100000] [--days 30] [--json] [--serve]
//! [--berth PATH]`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use berth_engine::demo::{self, generate, DemoConfig};
use berth_server::snapshot_file;

struct Args {
    functions: Vec<usize>,
    days: u32,
    json: bool,
    serve: bool,
    berth: PathBuf,
}

fn args() -> Args {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("berth")))
        .unwrap_or_else(|| PathBuf::from("target/release/berth"));
    let mut args = Args {
        functions: vec![10_000, 30_000, 100_000],
        days: 30,
        json: false,
        serve: false,
        berth: beside,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--functions" => {
                args.functions = value()
                    .split(',')
                    .map(|n| n.parse().expect("--functions N[,N…]"))
                    .collect()
            }
            "--days" => args.days = value().parse().expect("--days D"),
            "--json" => args.json = true,
            "--serve" => args.serve = true,
            "--berth" => args.berth = value().into(),
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        args.berth.exists(),
        "no berth binary at {} (build it with `cargo build --release -p berth-server`, or give --berth PATH)",
        args.berth.display()
    );
    args
}

/// `berth analyze FILE --format json > /dev/null` under `/usr/bin/time`: (seconds, peak KB).
fn analyze(berth: &Path, file: &Path) -> (f64, u64) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(berth)
        .arg("analyze")
        .arg(file)
        .args(["--format", "json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("/usr/bin/time runs berth");
    assert!(
        output.status.success(),
        "berth analyze {} failed",
        file.display()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().expect("time's line");
    let mut fields = last.split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kb = fields.next().and_then(|s| s.parse().ok()).expect("peak KB");
    (seconds, kb)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn serve(args: &Args, dir: &Path, snapshot: &berth_engine::snapshot::Snapshot) {
    let db = dir.join("berth.db");
    let _ = std::fs::remove_file(&db);
    let store = berth_server::store::Store::open(&db).expect("a database");
    store.insert_snapshot(snapshot).expect("stored");
    drop(store);
    let output = Command::new(&args.berth)
        .args(["auth", "add"])
        .arg(dir.join("auth.json"))
        .args(["--role", "viewer"])
        .stderr(Stdio::null())
        .output()
        .expect("berth auth add");
    let token = String::from_utf8(output.stdout)
        .expect("a token")
        .trim()
        .to_string();
    let started = Instant::now();
    let mut child = Command::new(&args.berth)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--auth-file")
        .arg(dir.join("auth.json"))
        .arg("--site-dir")
        .arg(dir.join("site"))
        .env("BERTH_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("berth serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a first line");
    let url = line
        .trim()
        .strip_prefix("berth listening on ")
        .expect("the listening line")
        .to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("a header"),
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(Duration::from_secs(600))
            .build()
            .expect("a client");
        let first = client.get(format!("{url}/")).send().await.expect("an answer");
        assert!(first.status().is_success(), "/: {}", first.status());
        let _ = first.bytes().await;
        println!(
            "  serve: start to the first answer of / {:.2} s",
            started.elapsed().as_secs_f64()
        );
        let sorts = ["cost", "saving", "function", "invocations", "score"];
        let mut latencies = Vec::new();
        for n in 0..200 {
            let query = format!(
                "/functions?sort={}&dir={}&page={}",
                sorts[n % sorts.len()],
                if n % 2 == 0 { "asc" } else { "desc" },
                1 + n / 10
            );
            let start = Instant::now();
            let response = client.get(format!("{url}{query}")).send().await.expect("an answer");
            assert!(response.status().is_success(), "{query}: {}", response.status());
            let _ = response.bytes().await;
            latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        latencies.sort_by(f64::total_cmp);
        let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
                .map_or(0, |kb| kb / 1024)
        };
        println!(
            "  serve: /functions (200 distinct queries) p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms; RSS {} MB (peak {} MB)",
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.9),
            percentile(&latencies, 0.99),
            field("VmRSS:"),
            field("VmHWM:")
        );
    });
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("a temp dir");
    std::fs::create_dir_all(dir.path().join("site")).expect("a site dir");
    for &functions in &args.functions {
        let started = Instant::now();
        let config = DemoConfig {
            functions,
            days: args.days,
            ..DemoConfig::default()
        };
        let path = dir.path().join(format!("fleet-{functions}.bsnp"));
        // Only the JSON file and the database need the whole fleet in memory; the compact file
        // is written as the fleet is made (100,000 × 90 days would be ~16 GB).
        let snapshot = (args.json || args.serve).then(|| generate(&config));
        match &snapshot {
            Some(snapshot) => snapshot_file::write(&path, snapshot),
            None => snapshot_file::write_compact(
                &path,
                &demo::head(&config),
                functions,
                demo::functions(&config),
            ),
        }
        .expect("the compact file is written");
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        println!(
            "\n{functions} functions × {} days: made in {:.1} s, compact file {:.0} MB",
            args.days,
            started.elapsed().as_secs_f64(),
            size as f64 / 1e6
        );
        let (seconds, kb) = analyze(&args.berth, &path);
        println!(
            "  berth analyze (compact) --format json: {seconds:.2} s, peak RSS {} MB",
            kb / 1024
        );
        if let (true, Some(snapshot)) = (args.json, &snapshot) {
            let json = dir.path().join(format!("fleet-{functions}.json"));
            std::fs::write(&json, snapshot.to_json()).expect("written");
            let (seconds, kb) = analyze(&args.berth, &json);
            println!(
                "  berth analyze (JSON, {:.0} MB) --format json: {seconds:.2} s, peak RSS {} MB",
                std::fs::metadata(&json).map_or(0, |m| m.len()) as f64 / 1e6,
                kb / 1024
            );
            let _ = std::fs::remove_file(&json);
        }
        if let (true, Some(snapshot)) = (args.serve, &snapshot) {
            serve(&args, dir.path(), snapshot);
        }
        drop(snapshot);
        let _ = std::fs::remove_file(&path);
    }
}
