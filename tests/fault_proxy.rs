//! A fault-injecting HTTP proxy on 127.0.0.1 in front of moto: each attempt of each distinct
//! request (method, path, target, body) is decided from a seed, so the same attempts fail
//! whatever the interleaving: pass it on, or answer with throttling in the request's protocol (the
//! 400/429 codes AWS uses), a 5xx, a connection reset, or a slow answer past the client's
//! attempt timeout. The third and later attempts of a request always pass, so a client that
//! retries finishes. A `failing` rule makes one service fail on every call instead.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// Which calls fail every time: takes the `x-amz-target` header (or "") and the path.
pub type Failing = fn(&str, &str) -> bool;

pub struct Faults {
    pub seed: u64,
    /// Share of first and second attempts that fail.
    pub rate: f64,
    /// How long a slow answer takes (longer than the client's attempt timeout).
    pub slow: Duration,
    pub failing: Option<Failing>,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub server_errors: AtomicU64,
    pub resets: AtomicU64,
    pub slow: AtomicU64,
}

impl Stats {
    pub fn faults(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
            + self.server_errors.load(Ordering::Relaxed)
            + self.resets.load(Ordering::Relaxed)
            + self.slow.load(Ordering::Relaxed)
    }
}

pub struct FaultProxy {
    pub endpoint: String,
    pub stats: Arc<Stats>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    upstream: String,
    faults: Faults,
    attempts: Mutex<HashMap<u64, u32>>,
    stats: Arc<Stats>,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

fn hash_of(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

enum Fault {
    Throttle,
    ServerError,
    Reset,
    Slow,
}

impl FaultProxy {
    /// Starts the proxy in front of `upstream` (e.g. `http://127.0.0.1:5000`).
    pub async fn start(upstream: &str, faults: Faults) -> FaultProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let stats = Arc::new(Stats::default());
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_string(),
            faults,
            attempts: Mutex::default(),
            stats: stats.clone(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        });
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = shared.clone();
                        async move { handle(shared, request).await }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FaultProxy {
            endpoint: format!("http://{addr}"),
            stats,
            task,
        }
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::io::Error> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let faults = &shared.faults;
    let fault = if faults
        .failing
        .is_some_and(|failing| failing(&target, &path))
    {
        Some(Fault::ServerError)
    } else {
        let key = hash_of((parts.method.as_str(), &path, &target, &body[..]));
        let attempt = {
            let mut attempts = shared.attempts.lock().unwrap();
            let n = attempts.entry(key).or_insert(0);
            *n += 1;
            *n
        };
        let roll = hash_of((faults.seed, key, attempt));
        let chance = (roll % 10_000) as f64 / 10_000.0;
        // Which fault: in turn, so every kind is met once there are four (whether an attempt
        // fails is the seed's; which kind it gets may follow the interleaving).
        let kind = match shared.stats.faults() % 4 {
            0 => Fault::Throttle,
            1 => Fault::ServerError,
            2 => Fault::Reset,
            _ => Fault::Slow,
        };
        (attempt <= 2 && chance < faults.rate).then_some(kind)
    };
    match fault {
        Some(Fault::Throttle) => {
            shared.stats.throttled.fetch_add(1, Ordering::Relaxed);
            return Ok(throttle(&target, &body));
        }
        Some(Fault::ServerError) => {
            shared.stats.server_errors.fetch_add(1, Ordering::Relaxed);
            return Ok(Response::builder()
                .status(503)
                .header("content-type", "text/plain")
                .body(Full::new(Bytes::from_static(b"Service Unavailable")))
                .unwrap());
        }
        Some(Fault::Reset) => {
            shared.stats.resets.fetch_add(1, Ordering::Relaxed);
            // An error from the service makes hyper drop the connection unanswered.
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected reset",
            ));
        }
        Some(Fault::Slow) => {
            shared.stats.slow.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(faults.slow).await;
        }
        None => {}
    }
    let mut forward = Request::builder()
        .method(parts.method.clone())
        .uri(format!("{}{path}", shared.upstream));
    for (name, value) in &parts.headers {
        forward = forward.header(name, value);
    }
    let response = shared
        .client
        .request(forward.body(Full::new(body)).unwrap())
        .await
        .map_err(std::io::Error::other)?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    Ok(Response::from_parts(parts, Full::new(body)))
}

/// Throttling as each protocol says it: JSON protocols (Cost Explorer, Logs) by `__type`, the
/// Query protocol (CloudWatch) in XML, REST-JSON (Lambda) by status 429 and a header.
fn throttle(target: &str, body: &[u8]) -> Response<Full<Bytes>> {
    let response = Response::builder();
    let (response, text) = if !target.is_empty() {
        (
            response
                .status(400)
                .header("content-type", "application/x-amz-json-1.1"),
            r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_string(),
        )
    } else if body.starts_with(b"Action=") {
        (
            response.status(400).header("content-type", "text/xml"),
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>".to_string(),
        )
    } else {
        (
            response
                .status(429)
                .header("content-type", "application/json")
                .header("x-amzn-errortype", "TooManyRequestsException"),
            r#"{"message":"Rate exceeded","Type":"User"}"#.to_string(),
        )
    };
    response.body(Full::new(Bytes::from(text))).unwrap()
}
