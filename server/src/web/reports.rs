//! `GET /reports/{snapshot_id}/report.{html,pdf,csv,json,md}` (`?redact=1`): a stored snapshot's
//! report with the saved assumptions, as an attachment named like
//! `berth-review-<account or "redacted">-<window start date>.pdf`. Failures come back as a small
//! HTML page (the Export control is a plain link, so that is what the reviewer sees).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use berth_app::backend::Backend;
use maud::html;
use serde::Deserialize;

use super::AppState;
use crate::report::{self, Format, Inputs, ReportOptions};

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub redact: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub prepared_for: Option<String>,
    #[serde(default)]
    pub prepared_by: Option<String>,
    #[serde(default)]
    pub top: Option<usize>,
}

fn failure(status: StatusCode, message: &str) -> Response {
    let page = html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "Report not made" } }
            body {
                h1 { "The report was not made" }
                p role="alert" { (message) }
                p { a href="/" { "Back to the fleet" } " · " a href="/snapshots" { "Snapshots" } }
            }
        }
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.into_string(),
    )
        .into_response()
}

/// The route. A failure is a small HTML page for a browser's plain link, or `{"error": …}` for
/// the dashboard's own fetch of a PDF (it asks with `Accept: application/json`), so the page
/// can say what went wrong.
pub async fn report(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    Query(query): Query<ReportQuery>,
    request_headers: HeaderMap,
) -> Response {
    let wants_json = request_headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    match make(state, id, file, query).await {
        Ok(response) => response,
        Err((status, message)) if wants_json => {
            (status, Json(serde_json::json!({ "error": message }))).into_response()
        }
        Err((status, message)) => failure(status, &message),
    }
}

async fn make(
    state: AppState,
    id: String,
    file: String,
    query: ReportQuery,
) -> Result<Response, (StatusCode, String)> {
    let Ok(id) = id.parse::<i64>() else {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("{id:?} is not a snapshot id"),
        ));
    };
    let format = file
        .strip_prefix("report.")
        .and_then(Format::from_extension);
    let Some(format) = format else {
        return Err((
            StatusCode::NOT_FOUND,
            "reports are report.html, report.pdf, report.csv, report.json or report.md".to_string(),
        ));
    };
    let redact = matches!(query.redact.as_deref(), Some("1" | "true" | "yes" | "on"));
    let Some(_permit) = super::heavy_permit(&state).await else {
        return Err((
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy making other reports and comparisons; try again shortly"
                .to_string(),
        ));
    };
    let backend = state.backend.clone();
    let made =
        tokio::task::spawn_blocking(move || -> Result<report::Produced, (StatusCode, String)> {
            let internal = |error: String| {
                tracing::error!("report of snapshot {id}: {error}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error: the report was not made".to_string(),
                )
            };
            let snapshot = backend
                .store
                .snapshot(id)
                .map_err(|e| internal(e.to_string()))?
                .ok_or_else(|| (StatusCode::NOT_FOUND, format!("there is no snapshot {id}")))?;
            let set = backend
                .saved_assumptions()
                .map_err(|e| internal(e.to_string()))?;
            let catalog = set.catalog().map_err(internal)?;
            report::produce(
                Inputs {
                    snapshot: &snapshot,
                    assumptions: &set.assumptions,
                    catalog: &catalog,
                    price_overrides: set.price_overrides.as_ref(),
                    options: ReportOptions {
                        title: query.title,
                        prepared_for: query.prepared_for,
                        prepared_by: query.prepared_by,
                        top: query.top.unwrap_or(report::DEFAULT_TOP).min(1_000),
                        redacted: redact,
                        generated_at: report::now(),
                        snapshot_id: Some(id),
                    },
                    chromium: None,
                },
                format,
            )
            // Only a PDF can fail here (Chromium missing or failing): say so on the page.
            .map_err(|e| {
                tracing::warn!("report of snapshot {id}: {e:#}");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("the PDF could not be rendered: {e:#}"),
                )
            })
        })
        .await;
    let produced = match made {
        Ok(Ok(produced)) => produced,
        Ok(Err(failed)) => return Err(failed),
        Err(error) => {
            tracing::error!("report of snapshot {id}: {error}");
            return Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: the report was not made".to_string(),
            ));
        }
    };
    let disposition = format!("attachment; filename=\"{}\"", produced.file_name);
    let mut response = (
        [(header::CONTENT_TYPE, format.content_type())],
        produced.bytes,
    )
        .into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
