//! What server functions need from the server, as a trait: the app crate cannot depend on the
//! server crate (the server depends on it), so the server provides an implementation through
//! leptos context and server functions stay thin.

use std::sync::Arc;

use crate::views::FleetView;

/// Errors a backend reports to server functions. The detail goes to the server log; the browser
/// only sees the public message.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("{0}")]
    NotFound(String),
    #[error("internal error")]
    Internal(String),
}

/// Implemented by the server over its store and caches. Methods may block (SQLite): callers run
/// them on the blocking pool.
pub trait Backend: Send + Sync + 'static {
    /// The fleet table and chart data of the newest stored snapshot, `None` when there is none.
    fn fleet_view(&self) -> Result<Option<Arc<FleetView>>, BackendError>;
}

/// The backend as leptos context.
#[derive(Clone)]
pub struct BackendContext(pub Arc<dyn Backend>);

/// Runs a blocking backend call off the async runtime.
pub async fn with_backend<T: Send + 'static>(
    call: impl FnOnce(&dyn Backend) -> Result<T, BackendError> + Send + 'static,
) -> Result<T, BackendError> {
    let BackendContext(backend) = leptos::prelude::use_context::<BackendContext>()
        .ok_or_else(|| BackendError::Internal("no backend in context".into()))?;
    tokio::task::spawn_blocking(move || call(backend.as_ref()))
        .await
        .map_err(|e| BackendError::Internal(e.to_string()))?
}
