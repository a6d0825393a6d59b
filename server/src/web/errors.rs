//! One way for routes to fail: [`AppError`] answers `{"error": message}` with the backend
//! error's status (404 not found, 400 refused) or a bare 500 whose detail goes to the log with
//! the request's id, never to the client; [`blocking`] runs a backend call off the runtime and
//! folds a panicked task into the same error.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use berth_app::backend::BackendError;

/// A failed route: what it was doing and why.
#[derive(Debug)]
pub struct AppError {
    what: &'static str,
    error: BackendError,
}

impl AppError {
    pub fn new(what: &'static str, error: BackendError) -> AppError {
        AppError { what, error }
    }

    /// The message for the client: the public ones as they are, a generic line for internal
    /// trouble (whose detail is logged here, once).
    pub fn public_message(&self) -> String {
        match &self.error {
            BackendError::NotFound(message) | BackendError::Refused(message) => message.clone(),
            BackendError::Internal(detail) => {
                tracing::error!("{}: {detail}", self.what);
                format!("{} failed; see the server log", self.what)
            }
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.error {
            BackendError::NotFound(_) => StatusCode::NOT_FOUND,
            BackendError::Refused(_) => StatusCode::BAD_REQUEST,
            BackendError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        (
            status,
            Json(serde_json::json!({ "error": self.public_message() })),
        )
            .into_response()
    }
}

/// Runs `call` on the blocking pool (SQLite, analyses); errors become [`AppError`]s naming
/// `what`.
pub async fn blocking<T: Send + 'static>(
    what: &'static str,
    call: impl FnOnce() -> Result<T, BackendError> + Send + 'static,
) -> Result<T, AppError> {
    match tokio::task::spawn_blocking(call).await {
        Ok(result) => result.map_err(|error| AppError::new(what, error)),
        Err(error) => Err(AppError::new(
            what,
            BackendError::Internal(error.to_string()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_answer_with_their_status_and_no_internals() {
        let error = |e| AppError::new("list snapshots", e);
        assert_eq!(
            error(BackendError::Refused("bad".into())).status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            error(BackendError::NotFound("none".into())).status(),
            StatusCode::NOT_FOUND
        );
        let internal = error(BackendError::Internal(
            "disk I/O error at /var/lib/x.db".into(),
        ));
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let message = internal.public_message();
        assert_eq!(message, "list snapshots failed; see the server log");
        assert!(!message.contains("/var/lib"));
    }

    #[tokio::test]
    async fn a_panicking_call_is_an_internal_error() {
        let result: Result<(), AppError> = blocking("test", || panic!("boom")).await;
        assert_eq!(
            result.unwrap_err().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
