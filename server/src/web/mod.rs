//! The web server: leptos pages and server functions, health, static files.
//!
//! `app(state)` builds the whole router, so tests can drive it without a socket.

mod backend;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use axum::routing::get;
use axum::Router;
use berth_app::backend::BackendContext;
use berth_app::ui::{shell, App};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

use crate::store::Store;

pub use backend::ServerBackend;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Arc<ServerBackend>,
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
        let leptos_options = LeptosOptions::builder()
            .output_name("berth")
            .site_root(site_dir.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        AppState {
            leptos_options,
            backend: Arc::new(ServerBackend::new(store)),
        }
    }
}

pub fn app(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let backend = BackendContext(state.backend.clone());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/schema/snapshot-v1.json", get(snapshot_schema))
        .leptos_routes_with_context(&state, routes, move || provide_context(backend.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The JSON Schema of snapshot files, generated from the engine's types.
async fn snapshot_schema() -> Json<serde_json::Value> {
    Json(berth_app::engine::schema::snapshot_schema())
}

/// Liveness and readiness: the store answers.
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
