//! The web server: leptos pages and server functions, health, static files.
//!
//! `app(state)` builds the whole router, so tests can drive it without a socket.

mod backend;
mod collect;
mod errors;
pub mod guard;
pub mod listen;
mod login;
mod low_priority;
pub mod ops;
mod page_cache;
mod reports;
mod snapshots;
mod theme;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::{delete, get, post};
use axum::Router;
use berth_app::backend::BackendContext;
use berth_app::ui::{shell, App};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

use crate::store::Store;

pub use backend::{ServerBackend, DEFAULT_MAX_UPLOAD_BYTES};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Arc<ServerBackend>,
    /// Rendered fleet pages, see `page_cache`.
    pub page_cache: Arc<page_cache::PageCache>,
    /// Sign-in, roles, origins: see `guard`.
    pub security: guard::Security,
    /// Snapshot imports running or waiting (`snapshots::IMPORTS_ADMITTED`).
    pub imports: Arc<tokio::sync::Semaphore>,
    /// Held by the one import that runs; the others wait for it.
    pub import_running: Arc<tokio::sync::Mutex<()>>,
    /// Reports and comparisons at once (`HEAVY_AT_ONCE`): each decodes whole snapshots (and a
    /// PDF runs Chromium), outside the single loaded snapshot the pages share.
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// Renders `/metrics`; `None` when this process installed no recorder (tests).
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// `site_dir` holds the browser bundle (`pkg/berth.js`, `pkg/berth.wasm`, `pkg/berth.css`,
    /// `echarts.min.js`), as `cargo leptos build` writes it.
    pub fn new(store: Store, site_dir: &Path, addr: SocketAddr) -> AppState {
        AppState::with_upload_limit(store, site_dir, addr, DEFAULT_MAX_UPLOAD_BYTES)
    }

    /// [`AppState::new`] with snapshot uploads limited to `max_upload_bytes`.
    pub fn with_upload_limit(
        store: Store,
        site_dir: &Path,
        addr: SocketAddr,
        max_upload_bytes: u64,
    ) -> AppState {
        let leptos_options = LeptosOptions::builder()
            .output_name("berth")
            .site_root(site_dir.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let mut backend = ServerBackend::new(store);
        backend.max_upload_bytes = max_upload_bytes;
        AppState {
            leptos_options,
            backend: Arc::new(backend),
            page_cache: Arc::default(),
            security: guard::Security::default(),
            imports: Arc::new(tokio::sync::Semaphore::new(snapshots::IMPORTS_ADMITTED)),
            import_running: Arc::default(),
            heavy: Arc::new(tokio::sync::Semaphore::new(HEAVY_AT_ONCE)),
            metrics: None,
        }
    }

    /// With sign-in and origin rules (`berth serve` sets them from its flags).
    pub fn with_security(mut self, security: guard::Security) -> AppState {
        self.security = security;
        self
    }
}

/// Reports and comparisons running at once; more wait up to `HEAVY_WAIT`, then get a 503.
pub const HEAVY_AT_ONCE: usize = 2;
const HEAVY_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A permit for a report or a comparison, `None` when none came free in time.
async fn heavy_permit(state: &AppState) -> Option<tokio::sync::OwnedSemaphorePermit> {
    tokio::time::timeout(HEAVY_WAIT, state.heavy.clone().acquire_owned())
        .await
        .ok()?
        .ok()
}

/// A slow client gets this long between two pieces of a request body before it is dropped
/// (headers: `listen::HEADER_TIMEOUT`).
const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

pub fn app(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let backend = BackendContext(state.backend.clone());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(ops::metrics))
        .route(
            "/login",
            get(login::login_page)
                .post(login::login)
                .layer(DefaultBodyLimit::max(16 * 1024)),
        )
        .route("/logout", post(login::logout))
        .route("/theme", get(theme::set_theme))
        .route("/schema/snapshot-v1.json", get(snapshot_schema))
        .route("/schema/report-v1.json", get(report_schema))
        .route("/reports/{id}/{file}", get(reports::report))
        .merge(snapshot_routes(state.backend.max_upload_bytes))
        .leptos_routes_with_context(&state, routes, move || provide_context(backend.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        // Outside compression: a cached page is kept compressed, per accepted encoding.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve_cached,
        ))
        // Outermost: nothing runs for a request the guard refuses.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_IDLE_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(ops::trace))
        .with_state(state)
}

/// Snapshots (list, import, delete, compare) and the dashboard's collection; see
/// `snapshots.rs` and `collect.rs`.
fn snapshot_routes(max_upload_bytes: u64) -> Router<AppState> {
    // Room for the form's boundaries and fields around a file of the limit's size; the file
    // itself is counted against the limit by `snapshots::import_form`.
    let form_limit = usize::try_from(max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route(
            "/api/snapshots",
            get(snapshots::list).post(snapshots::import_body),
        )
        .route("/api/snapshots/{id}", delete(snapshots::delete_json))
        .route("/api/compare", get(snapshots::compare))
        .route(
            "/api/collect",
            get(collect::status).post(collect::start_json),
        )
        .route("/api/collect/events", get(collect::events))
        .route(
            "/snapshots/import",
            post(snapshots::import_form).layer(DefaultBodyLimit::max(form_limit)),
        )
        .route("/snapshots/{id}/delete", post(snapshots::delete_form))
        .route("/snapshots/collect", post(collect::start_form))
}

/// The JSON Schema of snapshot files, generated from the engine's types.
async fn snapshot_schema() -> Json<serde_json::Value> {
    Json(berth_engine::schema::snapshot_schema())
}

/// The JSON Schema of JSON reports (same as `berth schema --report`).
async fn report_schema() -> Json<serde_json::Value> {
    Json(crate::report::json::schema())
}

/// Readiness: the database answers and the newest snapshot is analysed (a load balancer
/// should wait for it: the first analysis of a large fleet takes seconds).
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let backend = state.backend.clone();
    match tokio::task::spawn_blocking(move || backend.ready()).await {
        Ok(Ok(true)) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ready" })),
        ),
        Ok(Ok(false)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                serde_json::json!({ "status": "analysing", "error": "the newest snapshot is still being analysed" }),
            ),
        ),
        Ok(Err(error)) => {
            tracing::error!("readyz: {error}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    serde_json::json!({ "status": "error", "error": "the database does not answer" }),
                ),
            )
        }
        Err(error) => {
            tracing::error!("readyz: {error}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({ "status": "error", "error": "internal error" })),
            )
        }
    }
}

/// Liveness: the store answers.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let store = state.backend.store.clone();
    match tokio::task::spawn_blocking(move || store.snapshot_count()).await {
        Ok(Ok(snapshots)) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "snapshots": snapshots })),
        ),
        Ok(Err(error)) => {
            tracing::error!("healthz: {error}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    serde_json::json!({ "status": "error", "error": "the database does not answer" }),
                ),
            )
        }
        Err(error) => {
            tracing::error!("healthz: {error}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({ "status": "error", "error": "internal error" })),
            )
        }
    }
}
