//! Snapshot routes: list, import (a file as the body, or the page's multipart form), delete,
//! compare. JSON for scripts; the page's forms post here and are redirected back to
//! `/snapshots` with the outcome in the query (`imported=ID`, `deleted=ID`, `error=…`), so they
//! work with and without JavaScript.

use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use berth_app::backend::Backend;
use berth_app::views::snapshots::{CompareView, SnapshotItem, SnapshotsView};
use serde::Deserialize;

use super::errors::{blocking, AppError};
use super::AppState;
use crate::snapshot_file;

/// `{"error": message}` with `status`.
pub fn error_json(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// Back to the snapshots page with `key=value` in its query.
pub fn page_with(key: &str, value: &str) -> Redirect {
    Redirect::to(&format!("/snapshots?{key}={}", percent_encode(value)))
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`) is escaped.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// Why an import was refused: the client's fault, with a message for people.
enum ImportError {
    TooLarge(String),
    Busy,
    Invalid(String),
    Internal,
}

impl ImportError {
    fn message(&self) -> String {
        match self {
            ImportError::TooLarge(message) => message.clone(),
            ImportError::Busy => format!(
                "the server is busy with other imports (one runs at a time, {} wait); nothing was stored, try again in {RETRY_AFTER_SECONDS} s",
                IMPORTS_ADMITTED - 1
            ),
            ImportError::Invalid(message) => format!("not imported, nothing was stored: {message}"),
            ImportError::Internal => "the snapshot could not be stored; see the server log".into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ImportError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ImportError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ImportError::Invalid(_) => StatusCode::BAD_REQUEST,
            ImportError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

fn over_limit(limit: u64) -> ImportError {
    ImportError::TooLarge(format!(
        "the file is larger than the upload limit of {} (start `berth serve` with --max-upload-mb to change it)",
        megabytes(limit)
    ))
}

/// A gzipped upload may decompress to the upload limit, or to this many times its own size when
/// that is more (snapshot JSON compresses 4–10×, idle series more), and never past
/// [`GZIP_EXPANSION_CAP`] times the limit. Inflation stops as soon as it passes the bound, so a
/// small file that would inflate to gigabytes costs at most the bound in memory.
const GZIP_EXPANSION_RATIO: u64 = 32;
const GZIP_EXPANSION_CAP: u64 = 16;

/// The most JSON a gzipped upload of `compressed` bytes may inflate to, under `limit`.
fn inflate_bound(compressed: u64, limit: u64) -> u64 {
    compressed
        .saturating_mul(GZIP_EXPANSION_RATIO)
        .max(limit)
        .min(limit.saturating_mul(GZIP_EXPANSION_CAP))
}

/// Imports running (one at a time) or waiting for it; more get 503 at once (each waiting one
/// holds its upload in memory).
pub const IMPORTS_ADMITTED: usize = 4;
/// How long an admitted import waits for the one running before it gets 503.
const IMPORT_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);
/// What a refused import's `Retry-After` says.
const RETRY_AFTER_SECONDS: u64 = 10;

/// Gunzips `bytes` when they are gzip, refusing more than `max_json_bytes` of output; plain bytes
/// pass through.
fn gunzip_within(bytes: Vec<u8>, max_json_bytes: u64) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes.as_slice());
    // Pieces of fixed size, joined once the whole is known to be within the bound: a growing
    // buffer would be reallocated and copied as it doubles, and the allocator keeps the old
    // copies around for a while (a 3 GB bomb stopped at 256 MB peaked at 1.5 GB that way).
    const PIECE: usize = 4 * 1024 * 1024;
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    let mut total = 0u64;
    loop {
        let mut piece = vec![0; PIECE];
        let mut filled = 0;
        while filled < PIECE {
            let read = decoder.read(&mut piece[filled..]).map_err(|error| {
                ImportError::Invalid(format!(
                    "the file looks gzipped but does not decompress: {error}"
                ))
            })?;
            if read == 0 {
                break;
            }
            filled += read;
            total += read as u64;
            if total > max_json_bytes {
                return Err(ImportError::TooLarge(format!(
                    "the gzipped file decompresses to more than {} of JSON (the bound is the upload limit or {GZIP_EXPANSION_RATIO}× the file's size); upload it uncompressed, or start `berth serve` with a larger --max-upload-mb",
                    megabytes(max_json_bytes)
                )));
            }
        }
        piece.truncate(filled);
        let done = filled < PIECE;
        pieces.push(piece);
        if done {
            return Ok(pieces.concat());
        }
    }
}

/// Decodes, validates and stores uploaded bytes (plain or gzipped JSON) off the async runtime.
async fn import(state: &AppState, bytes: Vec<u8>) -> Result<SnapshotItem, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Invalid(
            "the file is empty: choose a snapshot file (.json or .json.gz)".into(),
        ));
    }
    let backend = state.backend.clone();
    let max_json_bytes = inflate_bound(bytes.len() as u64, state.backend.max_upload_bytes);
    let Ok(_admitted) = state.imports.clone().try_acquire_owned() else {
        return Err(ImportError::Busy);
    };
    let Ok(_running) =
        tokio::time::timeout(IMPORT_QUEUE_WAIT, state.import_running.clone().lock_owned()).await
    else {
        return Err(ImportError::Busy);
    };
    // Decoding, storing and analysing a fleet is seconds of CPU: the pages come first.
    let stored = super::low_priority::run("berth-import", move || {
        let bytes = gunzip_within(bytes, max_json_bytes)?;
        let snapshot = snapshot_file::decode(&bytes)
            .map_err(|error| ImportError::Invalid(format!("{error:#}")))?;
        // The upload is not needed once decoded: freed before the store and the analysis run.
        drop(bytes);
        // Analysed now, while decoded: the pages switch to it without reading it back.
        let stored = backend.store_and_load(snapshot).map_err(|error| {
            tracing::error!("import: {error}");
            ImportError::Internal
        });
        // The decoded fleet and the one it replaced are freed by now.
        crate::allocator::release_freed_memory();
        stored
    })
    .await;
    match stored {
        Some(result) => result,
        None => {
            tracing::error!("import: the import thread panicked");
            Err(ImportError::Internal)
        }
    }
}

/// `GET /api/snapshots`: every snapshot, newest first, the upload limit and the collection.
pub async fn list(
    State(state): State<AppState>,
    session: Option<axum::Extension<berth_app::views::SessionView>>,
) -> Result<Json<SnapshotsView>, AppError> {
    let backend = state.backend.clone();
    let role = session.map_or(berth_app::views::Role::Viewer, |s| s.0.role);
    let mut view = blocking("list snapshots", move || backend.snapshots_view()).await?;
    view.collect = view.collect.as_seen_by(role);
    Ok(Json(view))
}

/// `POST /api/snapshots` with the file (plain or gzipped JSON) as the body: 201 and the stored
/// snapshot's summary; 400 naming the function and field at fault; 413 over the limit.
pub async fn import_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let limit = state.backend.max_upload_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let result = match declared {
        Some(length) if length > limit => Err(over_limit(limit)),
        _ => match axum::body::to_bytes(body, limit as usize).await {
            // The only error before the limit is a broken connection; either way nothing is stored.
            Err(_) => Err(over_limit(limit)),
            // The body's own buffer when it is the only owner (no copy of the upload).
            Ok(bytes) => import(&state, Vec::from(bytes)).await,
        },
    };
    match result {
        Ok(item) => (StatusCode::CREATED, Json(item)).into_response(),
        Err(error @ ImportError::Busy) => {
            let mut response = error_json(error.status(), error.message());
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
            response
        }
        Err(error) => error_json(error.status(), error.message()),
    }
}

/// `POST /snapshots/import`: the page's form (multipart, field `file`).
pub async fn import_form(State(state): State<AppState>, multipart: Multipart) -> Redirect {
    let limit = state.backend.max_upload_bytes;
    let result = match read_file_field(multipart, limit).await {
        Ok(bytes) => import(&state, bytes).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(item) => page_with("imported", &item.id.to_string()),
        Err(error) => page_with("error", &error.message()),
    }
}

async fn read_file_field(mut multipart: Multipart, limit: u64) -> Result<Vec<u8>, ImportError> {
    let too_large_or = |error: axum::extract::multipart::MultipartError, what: &str| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            over_limit(limit)
        } else {
            ImportError::Invalid(format!("{what}: {}", error.body_text()))
        }
    };
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|error| too_large_or(error, "the upload is not a form"))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|error| too_large_or(error, "the upload broke off"))?
        {
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(over_limit(limit));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(ImportError::Invalid(
        "no file in the form: choose a snapshot file (.json or .json.gz)".into(),
    ))
}

/// `DELETE /api/snapshots/{id}`: 200 `{"deleted": id, "current": id or null}`, 404 when missing.
pub async fn delete_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, AppError> {
    let backend = state.backend.clone();
    let current = blocking("delete snapshot", move || backend.delete_snapshot(id)).await?;
    Ok(Json(
        serde_json::json!({ "deleted": id, "current": current }),
    ))
}

/// `POST /snapshots/{id}/delete`: the page's confirmed delete.
pub async fn delete_form(State(state): State<AppState>, Path(id): Path<i64>) -> Redirect {
    let backend = state.backend.clone();
    match blocking("deleting the snapshot", move || backend.delete_snapshot(id)).await {
        Ok(_) => page_with("deleted", &id.to_string()),
        Err(error) => page_with("error", &error.public_message()),
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    a: Option<String>,
    b: Option<String>,
}

/// `GET /api/compare?a=ID&b=ID`: snapshot `a` (before) against `b` (after).
pub async fn compare(State(state): State<AppState>, Query(query): Query<CompareQuery>) -> Response {
    let id = |name: &str, value: Option<String>| -> Result<i64, String> {
        let value = value.ok_or_else(|| format!("missing {name}: use /api/compare?a=ID&b=ID"))?;
        value
            .parse()
            .map_err(|_| format!("{name}={value:?} is not a snapshot id"))
    };
    let (before, after) = match (id("a", query.a), id("b", query.b)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(message), _) | (_, Err(message)) => {
            return error_json(StatusCode::BAD_REQUEST, message)
        }
    };
    let Some(_permit) = super::heavy_permit(&state).await else {
        return error_json(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy making other reports and comparisons; try again shortly",
        );
    };
    let backend = state.backend.clone();
    match blocking("compare", move || backend.compare_snapshots(before, after)).await {
        Ok(view) => Json::<CompareView>(view).into_response(),
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_output_is_bounded_and_plain_bytes_pass_through() {
        let json = vec![b' '; 10_000];
        let gzipped = crate::snapshot_file::gzip(&json);
        assert_eq!(
            gunzip_within(gzipped.clone(), 10_000).ok(),
            Some(json.clone())
        );
        let Err(ImportError::TooLarge(message)) = gunzip_within(gzipped, 9_999) else {
            panic!("over the bound");
        };
        assert!(
            message.starts_with("the gzipped file decompresses to more than"),
            "{message}"
        );
        assert_eq!(gunzip_within(b"{}".to_vec(), 1).ok(), Some(b"{}".to_vec()));
    }

    #[test]
    fn the_inflation_bound_follows_the_file_and_the_limit() {
        const MB: u64 = 1024 * 1024;
        // A 3 MB bomb under the default 256 MB limit: at most the limit.
        assert_eq!(inflate_bound(3 * MB, 256 * MB), 256 * MB);
        // A large real snapshot (200 MB gzipped): 32× its size, under 16× the limit.
        assert_eq!(inflate_bound(200 * MB, 256 * MB), 4096 * MB);
        assert_eq!(inflate_bound(20 * MB, 256 * MB), 640 * MB);
        assert_eq!(inflate_bound(u64::MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn redirect_messages_are_percent_encoded() {
        assert_eq!(
            percent_encode("function us-east-1/api: a+b"),
            "function%20us-east-1%2Fapi%3A%20a%2Bb"
        );
        assert_eq!(percent_encode("é~_.-"), "%C3%A9~_.-");
    }
}
