//! What operators see: one log line per request with its request id (`x-request-id`, taken
//! when sane or made, and echoed), method, route template, status and latency — never a query
//! string, token or cookie — and the Prometheus metrics behind `GET /metrics`.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

use super::AppState;

pub const REQUEST_ID: &str = "x-request-id";

/// Seconds: where the latency histograms put their bucket bounds.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Installs the process's metrics recorder (once, by `berth serve`) and returns the handle
/// `/metrics` renders.
pub fn install_metrics() -> anyhow::Result<PrometheusHandle> {
    let recorder = PrometheusBuilder::new()
        .set_buckets(LATENCY_BUCKETS)?
        .build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder)
        .map_err(|error| anyhow::anyhow!("metrics recorder: {error}"))?;
    describe();
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "berth_http_requests_total",
        "HTTP requests by route template and status"
    );
    describe_histogram!(
        "berth_http_request_duration_seconds",
        Unit::Seconds,
        "HTTP request latency by route template"
    );
    describe_gauge!("berth_snapshots_stored", "Snapshots in the database");
    describe_counter!(
        "berth_collections_total",
        "Dashboard collections by outcome (done, failed)"
    );
    describe_histogram!(
        "berth_collection_duration_seconds",
        Unit::Seconds,
        "Dashboard collection time"
    );
    describe_histogram!(
        "berth_analysis_seconds",
        Unit::Seconds,
        "Loading and analysing the newest snapshot"
    );
    describe_counter!(
        "berth_page_cache_hits_total",
        "Fleet pages served from the page cache"
    );
    describe_counter!("berth_page_cache_misses_total", "Fleet pages rendered");
}

/// A request id from the client when it is short and plain (so logs cannot be forged through
/// it), else a new one.
fn request_id(request: &Request) -> String {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .map_or_else(|| crate::auth::file::random_hex(8), str::to_string)
}

/// Outermost layer: the request id, the access log line and the request metrics.
pub async fn trace(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let method = request.method().clone();
    let route = route_of(request.uri().path());
    // Every line logged while serving carries the request id.
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.run(request).instrument(span).await;
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status,
        latency_ms = (seconds * 1000.0 * 10.0).round() / 10.0,
        "request"
    );
    metrics::counter!("berth_http_requests_total", "route" => route.clone(), "status" => status.to_string()).increment(1);
    metrics::histogram!("berth_http_request_duration_seconds", "route" => route).record(seconds);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Whether `path` is a registered server function's (leptos' registry of `#[server]`s): the
/// metrics label them by path, a bounded set.
fn is_server_function(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    PATHS
        .get_or_init(|| {
            leptos::server_fn::axum::server_fn_paths()
                .map(|(path, _)| path)
                .collect()
        })
        .contains(path)
}

/// The route template of a path (`/reports/{id}/{file}`), not the path: a bounded set of label
/// values, and no names or ids of the client's in the metrics or the log.
fn route_of(path: &str) -> String {
    const FIXED: &[&str] = &[
        "/",
        "/functions",
        "/snapshots",
        "/assumptions",
        "/healthz",
        "/readyz",
        "/metrics",
        "/login",
        "/logout",
        "/theme",
        "/echarts.min.js",
        "/favicon.svg",
        "/api/snapshots",
        "/api/compare",
        "/api/collect",
        "/api/collect/events",
        "/snapshots/import",
        "/snapshots/collect",
        "/schema/snapshot-v1.json",
        "/schema/report-v1.json",
    ];
    if FIXED.contains(&path) {
        return path.to_string();
    }
    let parts: Vec<&str> = path.split('/').collect();
    let route = match parts.as_slice() {
        ["", "functions", _, _] => "/functions/{region}/{name}",
        ["", "reports", _, _] => "/reports/{id}/{file}",
        ["", "api", "snapshots", _] => "/api/snapshots/{id}",
        ["", "snapshots", _, "delete"] => "/snapshots/{id}/delete",
        ["", "pkg", ..] => "/pkg/*",
        // Server functions by their registered path: any other name would add a series per
        // path a client invents (the recorder keeps every one).
        ["", "api", _] if is_server_function(path) => return path.to_string(),
        _ => "other",
    };
    route.to_string()
}

/// `GET /metrics`: Prometheus text format. Behind sign-in like every page (a scraper sends a
/// viewer token as `Authorization: Bearer`).
pub async fn metrics(State(state): State<AppState>) -> Response {
    let Some(handle) = state.metrics.clone() else {
        return (
            StatusCode::NOT_FOUND,
            "metrics are not enabled in this process\n",
        )
            .into_response();
    };
    let store = state.backend.store.clone();
    if let Ok(Ok(count)) = tokio::task::spawn_blocking(move || store.snapshot_count()).await {
        metrics::gauge!("berth_snapshots_stored").set(count as f64);
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_taken_only_when_plain() {
        let with = |value: &str| {
            let request = Request::builder()
                .header(REQUEST_ID, value)
                .body(axum::body::Body::empty())
                .unwrap();
            request_id(&request)
        };
        assert_eq!(with("abc-123_x.y"), "abc-123_x.y");
        for forged in ["a b", "x\"}{\"admin\":true", &"a".repeat(65), ""] {
            let id = with(forged);
            assert_ne!(id, forged);
            assert_eq!(id.len(), 16, "a made one: {id}");
        }
    }

    #[test]
    fn paths_become_a_few_route_labels() {
        assert_eq!(
            route_of("/functions/us-east-1/secret-name"),
            "/functions/{region}/{name}"
        );
        assert_eq!(route_of("/pkg/berth.wasm"), "/pkg/*");
        assert_eq!(route_of("/anything/else"), "other");
        assert_eq!(route_of("/reports/3/report.pdf"), "/reports/{id}/{file}");
        assert_eq!(route_of("/api/functions"), "/api/functions");
        assert_eq!(route_of("/api/<script>"), "other");
        assert_eq!(route_of("/api/made_up_name"), "other");
    }
}
