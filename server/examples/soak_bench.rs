//! Soak bench of the real `berth serve` binary over loopback, signed in (a bearer token of an
//! admin), cold and warm:
//!
//! - **cold**: a demo fleet of `--functions` (default 10,000) × `--days` (30) imported through
//!   `POST /api/snapshots`, the server restarted (SIGTERM, then started again on the same
//!   database), and at once `--connections` (64) clients for `--seconds` (60) over the overview,
//!   varied functions-table queries and function pages;
//! - **warm**: the same fleet imported, `/readyz` awaited and the load run for 10 s, then the
//!   same load for `--seconds` while the same file is imported again every `--import-every`
//!   seconds (5).
//!
//! Prints per run: requests, errors (status, timeouts after `--timeout` s, other), latency
//! percentiles (all, per kind of page, and for the cold run those started after the first
//! answer, i.e. after the first load), the server's resident memory (`VmRSS` from
//! `/proc/PID/status`: at the start, the peak and at the end) and how many times the server
//! analysed a snapshot (`berth_analysis_seconds_count` of `/metrics`).
//!
//! The file imported is the fleet in the compact layout; `--json` imports it as gzipped JSON
//! instead, `--file FILE` that file (its functions' pages are then not found).
//!
//! `cargo build --release -p berth-server && cargo run --release -p berth-server --example
//! soak_bench -- [--soak cold|warm|both] [--functions N] [--days D] [--seconds S]
//! [--connections C] [--import-every S] [--timeout S] [--json] [--berth PATH]`. `--berth` defaults to the
//! `berth` binary beside this example's directory (`target/release/berth`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use berth_engine::demo::{generate, DemoConfig};

struct Args {
    soak: String,
    functions: usize,
    days: u32,
    seconds: u64,
    connections: usize,
    import_every: u64,
    timeout: u64,
    berth: PathBuf,
    file: Option<PathBuf>,
    json: bool,
}

fn args() -> Args {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("berth")))
        .unwrap_or_else(|| PathBuf::from("target/release/berth"));
    let mut args = Args {
        soak: "both".into(),
        functions: 10_000,
        days: 30,
        seconds: 60,
        connections: 64,
        import_every: 5,
        timeout: 30,
        berth: beside,
        file: None,
        json: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--soak" => args.soak = value(),
            "--functions" => args.functions = value().parse().expect("--functions N"),
            "--days" => args.days = value().parse().expect("--days D"),
            "--seconds" => args.seconds = value().parse().expect("--seconds S"),
            "--connections" => args.connections = value().parse().expect("--connections C"),
            "--import-every" => args.import_every = value().parse().expect("--import-every S"),
            "--timeout" => args.timeout = value().parse().expect("--timeout S"),
            "--berth" => args.berth = value().into(),
            "--file" => args.file = Some(value().into()),
            "--json" => args.json = true,
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        matches!(args.soak.as_str(), "cold" | "warm" | "both"),
        "--soak cold|warm|both"
    );
    assert!(
        args.berth.exists(),
        "no berth binary at {} (build it with `cargo build --release -p berth-server`, or give --berth PATH)",
        args.berth.display()
    );
    args
}

/// A `berth serve` child on an ephemeral loopback port.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(berth: &Path, dir: &Path) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("serve.log"))
            .expect("a log file");
        let mut child = Command::new(berth)
            .args(["serve", "--addr", "127.0.0.1:0", "--max-upload-mb", "4096"])
            .arg("--db")
            .arg(dir.join("berth.db"))
            .arg("--auth-file")
            .arg(dir.join("auth.json"))
            .arg("--site-dir")
            .arg(dir.join("site"))
            .env("BERTH_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("berth serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a first line");
        let url = line
            .trim()
            .strip_prefix("berth listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from berth serve: {line:?}"))
            .to_string();
        Server { child, url }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM (a clean stop: in-flight requests finish, the WAL is checkpointed), then wait.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmRSS` and `VmHWM` of `pid`, bytes.
fn memory(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Overview,
    Table,
    Function,
}

#[derive(Clone, Copy, Debug)]
enum Outcome {
    Ok,
    Status(u16),
    Timeout,
    Other,
}

#[derive(Clone, Copy)]
struct Sample {
    /// Seconds from the start of the run.
    started: f64,
    latency_ms: f64,
    kind: Kind,
    outcome: Outcome,
}

/// A small deterministic generator per connection (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SORTS: [&str; 12] = [
    "cost",
    "saving",
    "function",
    "region",
    "runtime",
    "memory",
    "invocations",
    "duration",
    "concurrency",
    "verdict",
    "score",
    "best",
];
const VERDICTS: [&str; 4] = ["Stay", "Tune", "Hybrid", "Move"];

/// One request of the mix: 1 in 5 the overview, 2 in 5 a functions-table query (sort,
/// direction, page, sometimes a verdict, a region or a text filter), 2 in 5 a function page.
fn pick(rng: &mut Rng, functions: &[(String, String)]) -> (Kind, String) {
    match rng.below(5) {
        0 => (Kind::Overview, "/".into()),
        1 | 2 => {
            let mut query = format!(
                "/functions?sort={}&dir={}&page={}",
                SORTS[rng.below(SORTS.len())],
                if rng.below(2) == 0 { "asc" } else { "desc" },
                1 + rng.below(20)
            );
            match rng.below(4) {
                0 => query.push_str(&format!("&verdict={}", VERDICTS[rng.below(4)])),
                1 => query.push_str(&format!(
                    "&region={}",
                    functions[rng.below(functions.len())].0
                )),
                2 => {
                    let name = &functions[rng.below(functions.len())].1;
                    query.push_str(&format!("&q={}", &name[..name.len().min(4)]));
                }
                _ => {}
            }
            if rng.below(3) == 0 {
                query.push_str("&per=100");
            }
            (Kind::Table, query)
        }
        _ => {
            let (region, name) = &functions[rng.below(functions.len())];
            (Kind::Function, format!("/functions/{region}/{name}"))
        }
    }
}

/// `connections` clients for `seconds`, each sending its next request when the last is
/// answered.
async fn load(
    client: &reqwest::Client,
    url: &str,
    functions: Arc<Vec<(String, String)>>,
    connections: usize,
    seconds: u64,
) -> Vec<Sample> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let samples = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..connections)
        .map(|worker| {
            let (client, url, functions, samples) = (
                client.clone(),
                url.to_string(),
                functions.clone(),
                samples.clone(),
            );
            tokio::spawn(async move {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((worker as u64 + 1) * 0x1000_0001));
                while Instant::now() < deadline {
                    let (kind, path) = pick(&mut rng, &functions);
                    let start = Instant::now();
                    let outcome = match client.get(format!("{url}{path}")).send().await {
                        Ok(response) => {
                            let status = response.status();
                            match response.bytes().await {
                                Ok(_) if status.is_success() => Outcome::Ok,
                                Ok(_) => Outcome::Status(status.as_u16()),
                                Err(error) if error.is_timeout() => Outcome::Timeout,
                                Err(_) => Outcome::Other,
                            }
                        }
                        Err(error) if error.is_timeout() => Outcome::Timeout,
                        Err(_) => Outcome::Other,
                    };
                    samples.lock().unwrap().push(Sample {
                        started: start.duration_since(started).as_secs_f64(),
                        latency_ms: start.elapsed().as_secs_f64() * 1000.0,
                        kind,
                        outcome,
                    });
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("a worker");
    }
    Arc::try_unwrap(samples)
        .ok()
        .expect("workers are done")
        .into_inner()
        .unwrap()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(label: &str, samples: &[&Sample], seconds: f64) {
    let ok: Vec<&&Sample> = samples
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Ok))
        .collect();
    let mut latencies: Vec<f64> = samples.iter().map(|s| s.latency_ms).collect();
    latencies.sort_by(f64::total_cmp);
    let count = |f: fn(&Outcome) -> bool| samples.iter().filter(|s| f(&s.outcome)).count();
    println!(
        "  {label}: {} requests ({} ok, {:.0}/s), errors: {} status, {} timeouts, {} other; \
         p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        samples.len(),
        ok.len(),
        ok.len() as f64 / seconds,
        count(|o| matches!(o, Outcome::Status(_))),
        count(|o| matches!(o, Outcome::Timeout)),
        count(|o| matches!(o, Outcome::Other)),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(f64::NAN),
    );
    let statuses: std::collections::BTreeMap<u16, usize> =
        samples.iter().fold(Default::default(), |mut map, s| {
            if let Outcome::Status(code) = s.outcome {
                *map.entry(code).or_default() += 1;
            }
            map
        });
    if !statuses.is_empty() {
        println!("    statuses: {statuses:?}");
    }
}

fn report(samples: &[Sample], seconds: f64, after: Option<f64>) {
    let all: Vec<&Sample> = samples.iter().collect();
    summary("all", &all, seconds);
    for kind in [Kind::Overview, Kind::Table, Kind::Function] {
        let of_kind: Vec<&Sample> = samples.iter().filter(|s| s.kind == kind).collect();
        summary(&format!("{kind:?}"), &of_kind, seconds);
    }
    if let Some(after) = after {
        let later: Vec<&Sample> = samples.iter().filter(|s| s.started >= after).collect();
        summary(
            &format!("started after the first load ({after:.1} s)"),
            &later,
            seconds - after,
        );
    }
}

/// Resident memory of `pid` every 200 ms until `stop`: (seconds, VmRSS).
fn sample_memory(
    pid: u32,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<Vec<(f64, u64)>> {
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut samples = Vec::new();
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            if let Some((rss, _)) = memory(pid) {
                samples.push((started.elapsed().as_secs_f64(), rss));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        samples
    })
}

fn memory_line(samples: &[(f64, u64)], pid: u32) {
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let first = samples.first().map_or(0, |s| s.1);
    let last = samples.last().map_or(0, |s| s.1);
    let hwm = memory(pid).map_or(0, |m| m.1);
    println!(
        "  RSS: {} at the start, {} peak, {} at the end (VmHWM {})",
        mb(first),
        mb(peak),
        mb(last),
        mb(hwm)
    );
}

/// How many snapshots the server has analysed (`berth_analysis_seconds_count`).
async fn analyses(client: &reqwest::Client, url: &str) -> String {
    let Ok(response) = client.get(format!("{url}/metrics")).send().await else {
        return "?".into();
    };
    let text = response.text().await.unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("berth_analysis_seconds_count"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or("0")
        .to_string()
}

/// `POST /api/snapshots` of `body`: (status, seconds).
async fn import(client: &reqwest::Client, url: &str, body: &Bytes) -> (u16, f64) {
    let started = Instant::now();
    let status = match client
        .post(format!("{url}/api/snapshots"))
        .header("origin", url)
        .timeout(Duration::from_secs(300))
        .body(body.clone())
        .send()
        .await
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.bytes().await;
            status
        }
        Err(_) => 0,
    };
    (status, started.elapsed().as_secs_f64())
}

fn client(token: &str, timeout: u64, connections: usize) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("a header"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(timeout))
        .pool_max_idle_per_host(connections)
        .build()
        .expect("a client")
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("a temp dir");
    std::fs::create_dir_all(dir.path().join("site")).expect("a site dir");
    let started = Instant::now();
    let snapshot = generate(&DemoConfig {
        functions: args.functions,
        days: args.days,
        ..DemoConfig::default()
    });
    let functions: Arc<Vec<(String, String)>> = Arc::new(
        snapshot
            .functions
            .iter()
            .map(|f| (f.region.clone(), f.name.clone()))
            .collect(),
    );
    let file = match &args.file {
        Some(path) => std::fs::read(path).expect("the snapshot file"),
        None if args.json => berth_server::store::compress(&snapshot.to_json()),
        None => berth_engine::compact::encode(&snapshot),
    };
    drop(snapshot);
    println!(
        "{} functions × {} days: a {} snapshot ({}), made in {:.1} s",
        args.functions,
        args.days,
        mb(file.len() as u64),
        if args.file.is_some() {
            "--file"
        } else if args.json {
            "gzipped JSON"
        } else {
            "compact layout"
        },
        started.elapsed().as_secs_f64()
    );
    let output = Command::new(&args.berth)
        .args(["auth", "add"])
        .arg(dir.path().join("auth.json"))
        .args(["--role", "admin", "--name", "soak"])
        .stderr(Stdio::null())
        .output()
        .expect("berth auth add");
    let token = String::from_utf8(output.stdout)
        .expect("a token")
        .trim()
        .to_string();
    assert!(!token.is_empty(), "berth auth add printed no token");
    let body = Bytes::from(file);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let http = client(&token, args.timeout, args.connections);
        if matches!(args.soak.as_str(), "cold" | "both") {
            cold(&args, dir.path(), &http, &body, functions.clone()).await;
        }
        if matches!(args.soak.as_str(), "warm" | "both") {
            let _ = std::fs::remove_file(dir.path().join("berth.db"));
            warm(&args, dir.path(), &http, &body, functions.clone()).await;
        }
    });
}

async fn cold(
    args: &Args,
    dir: &Path,
    http: &reqwest::Client,
    body: &Bytes,
    functions: Arc<Vec<(String, String)>>,
) {
    println!(
        "\ncold: import, restart, then {} connections at once for {} s",
        args.connections, args.seconds
    );
    let server = Server::start(&args.berth, dir);
    let (status, seconds) = import(http, &server.url, body).await;
    assert_eq!(status, 201, "the import was refused");
    println!("  import: {seconds:.1} s");
    server.stop();
    let restarted = Instant::now();
    let server = Server::start(&args.berth, dir);
    let listening = restarted.elapsed().as_secs_f64();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let memory = sample_memory(server.pid(), stop.clone());
    let samples = load(http, &server.url, functions, args.connections, args.seconds).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let memory = memory.join().expect("the sampler");
    // The first load is over when the first answer is (every page needs the fleet).
    let first = samples
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Ok))
        .map(|s| s.started + s.latency_ms / 1000.0)
        .reduce(f64::min);
    println!(
        "  restarted: listening after {listening:.2} s; the first answer {} after the load began",
        first.map_or("never".into(), |t| format!("{t:.1} s")),
    );
    report(&samples, args.seconds as f64, first);
    memory_line(&memory, server.pid());
    println!(
        "  snapshots analysed by the server: {}",
        analyses(http, &server.url).await
    );
    server.stop();
}

async fn warm(
    args: &Args,
    dir: &Path,
    http: &reqwest::Client,
    body: &Bytes,
    functions: Arc<Vec<(String, String)>>,
) {
    println!(
        "\nwarm: {} connections for {} s after a 10 s warm-up, a snapshot import every {} s",
        args.connections, args.seconds, args.import_every
    );
    let server = Server::start(&args.berth, dir);
    let (status, seconds) = import(http, &server.url, body).await;
    assert_eq!(status, 201, "the import was refused");
    println!("  import: {seconds:.1} s");
    loop {
        let ready = http.get(format!("{}/readyz", server.url)).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    load(http, &server.url, functions.clone(), args.connections, 10).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let memory = sample_memory(server.pid(), stop.clone());
    let imports = {
        let (http, url, every, seconds) = (
            http.clone(),
            server.url.clone(),
            args.import_every,
            args.seconds,
        );
        let body = body.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let mut running = Vec::new();
            let mut next = Duration::from_secs(every);
            while next < Duration::from_secs(seconds) {
                tokio::time::sleep_until((started + next).into()).await;
                let (http, url, body) = (http.clone(), url.clone(), body.clone());
                running.push(tokio::spawn(
                    async move { import(&http, &url, &body).await },
                ));
                next += Duration::from_secs(every);
            }
            let mut done = Vec::new();
            for import in running {
                done.push(import.await.expect("an import"));
            }
            done
        })
    };
    let samples = load(http, &server.url, functions, args.connections, args.seconds).await;
    let imports = imports.await.expect("the imports");
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let memory = memory.join().expect("the sampler");
    report(&samples, args.seconds as f64, None);
    let statuses: Vec<String> = imports
        .iter()
        .map(|(status, seconds)| format!("{status} in {seconds:.1} s"))
        .collect();
    println!("  imports: {}", statuses.join(", "));
    memory_line(&memory, server.pid());
    println!(
        "  snapshots analysed by the server: {}",
        analyses(http, &server.url).await
    );
    server.stop();
}
