//! What server functions need from the server, as a trait: the app crate cannot depend on the
//! server crate (the server depends on it), so the server provides an implementation through
//! leptos context and server functions stay thin.

use std::sync::Arc;

use crate::views::FleetView;

/// Errors a backend reports to server functions. The detail goes to the server log; the browser
/// only sees the public message.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// What was asked for does not exist (a 404); the message names it.
    #[error("{0}")]
    NotFound(String),
    /// The request was understood and refused, e.g. assumptions out of range (a 400); the
    /// message says why.
    #[error("{0}")]
    Refused(String),
    /// Storage or runtime trouble: the detail goes to the log, never to the browser.
    #[error("internal error")]
    Internal(String),
}

impl BackendError {
    /// The error as a server function returns it: public messages as they are, internal
    /// detail to the server log with `what` was being done, and a generic line instead.
    pub fn into_server_fn_error(self, what: &str) -> leptos::prelude::ServerFnError {
        use leptos::prelude::ServerFnError;
        match self {
            BackendError::NotFound(message) | BackendError::Refused(message) => {
                ServerFnError::new(message)
            }
            BackendError::Internal(detail) => {
                leptos::logging::error!("{what}: {detail}");
                ServerFnError::new(format!("{what} failed; see the server log"))
            }
        }
    }
}

/// Implemented by the server over its store and caches. Methods may block (SQLite): callers run
/// them on the blocking pool.
pub trait Backend: Send + Sync + 'static {
    /// The fleet table and chart data of the newest stored snapshot, `None` when there is none.
    fn fleet_view(&self) -> Result<Option<Arc<FleetView>>, BackendError>;

    /// The snapshots page: every stored snapshot (newest first), the upload limit and the
    /// dashboard collection's status.
    fn snapshots_view(&self) -> Result<crate::views::snapshots::SnapshotsView, BackendError>;

    /// Snapshot `before` against snapshot `after`; `NotFound` names a missing id.
    fn compare_snapshots(
        &self,
        before: i64,
        after: i64,
    ) -> Result<crate::views::snapshots::CompareView, BackendError>;

    /// One function of the newest snapshot with its fleet context, analysed with the saved
    /// assumptions; `None` when there is no such function.
    fn function_detail(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<crate::views::function::FunctionDetail>, BackendError>;

    /// The saved assumptions and price overrides (defaults when none were saved).
    fn saved_assumptions(&self) -> Result<crate::views::function::AssumptionSet, BackendError>;

    /// Stores a validated set; the server's analyses use it from then on.
    fn save_assumptions(
        &self,
        set: crate::views::function::AssumptionSet,
    ) -> Result<crate::views::function::AssumptionSet, BackendError>;

    /// Forgets the saved set: defaults and built-in prices again.
    fn reset_assumptions(&self) -> Result<crate::views::function::AssumptionSet, BackendError>;

    /// The `limit` biggest Lambda spenders of the newest snapshot, `(region, name)`, most first.
    fn preview_functions(&self, limit: usize) -> Result<Vec<(String, String)>, BackendError>;
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
