//! The server's implementation of the app's `Backend`: the store plus a cache of views, so a
//! snapshot is decoded and costed once, not on every page load.

use std::sync::{Arc, Mutex};

use berth_app::backend::{Backend, BackendError};
use berth_app::engine::assumptions::Assumptions;
use berth_app::engine::prices::Catalog;
use berth_app::views::{fleet_view, FleetView};

use crate::store::{Store, StoreError};

pub struct ServerBackend {
    pub store: Store,
    catalog: Catalog,
    assumptions: Assumptions,
    /// The fleet view of the newest snapshot, keyed by its id.
    fleet_cache: Mutex<Option<(i64, Arc<FleetView>)>>,
}

impl ServerBackend {
    pub fn new(store: Store) -> ServerBackend {
        ServerBackend {
            store,
            catalog: Catalog::builtin(),
            assumptions: Assumptions::default(),
            fleet_cache: Mutex::new(None),
        }
    }
}

fn internal(error: StoreError) -> BackendError {
    BackendError::Internal(error.to_string())
}

impl Backend for ServerBackend {
    fn fleet_view(&self) -> Result<Option<Arc<FleetView>>, BackendError> {
        let Some(id) = self.store.latest_snapshot_id().map_err(internal)? else {
            return Ok(None);
        };
        if let Some((cached_id, view)) = self.fleet_cache.lock().unwrap().as_ref() {
            if *cached_id == id {
                return Ok(Some(view.clone()));
            }
        }
        let Some(snapshot) = self.store.snapshot(id).map_err(internal)? else {
            return Ok(None);
        };
        let view = Arc::new(fleet_view(id, &snapshot, &self.catalog, &self.assumptions));
        *self.fleet_cache.lock().unwrap() = Some((id, view.clone()));
        Ok(Some(view))
    }
}
