//! The snapshots page's server functions (its data types are in [`crate::views::snapshots`]).
//!
//! Uploads, deletes and collections are plain HTML form posts to the server's own routes (see
//! `server/src/web/snapshots.rs`): they work before hydration and without JavaScript.

use leptos::prelude::*;

use crate::views::snapshots::{CompareView, SnapshotsView};

#[server(prefix = "/api", endpoint = "snapshots_view")]
pub async fn get_snapshots() -> Result<SnapshotsView, ServerFnError> {
    use crate::backend::with_backend;
    let role = crate::api::request_role();
    let mut view = with_backend(|backend| backend.snapshots_view())
        .await
        .map_err(|error| error.into_server_fn_error("loading the snapshots"))?;
    view.collect = view.collect.as_seen_by(role);
    Ok(view)
}

/// Compares snapshot `before` with snapshot `after`.
#[server(prefix = "/api", endpoint = "compare_view")]
pub async fn get_comparison(before: i64, after: i64) -> Result<CompareView, ServerFnError> {
    use crate::backend::with_backend;
    with_backend(move |backend| backend.compare_snapshots(before, after))
        .await
        .map_err(|error| error.into_server_fn_error("comparing the snapshots"))
}
