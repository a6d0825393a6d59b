//! Server functions: thin calls into the backend, typed results, no storage or AWS error text
//! reaching the browser. One file per page family.

pub mod function;

use std::sync::Arc;

use leptos::prelude::*;

use crate::views::FleetView;

/// The fleet overview of the newest snapshot (`None` when the store holds no snapshot yet).
#[server(prefix = "/api", endpoint = "fleet")]
pub async fn get_fleet() -> Result<Option<Arc<FleetView>>, ServerFnError> {
    use crate::backend::{with_backend, BackendError};
    with_backend(|backend| backend.fleet_view())
        .await
        .map_err(|error| match error {
            BackendError::NotFound(message) => ServerFnError::new(message),
            BackendError::Internal(detail) => {
                leptos::logging::error!("get_fleet: {detail}");
                ServerFnError::new("the fleet could not be loaded; see the server log")
            }
        })
}
